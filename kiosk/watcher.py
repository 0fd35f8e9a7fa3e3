"""Watch the pack folder, wait until copying has stopped, check the new pack off the UI thread.

Staff copy a pack file by file (USB stick, shared drive, sync tool), so a change is acted
on only once the folder has been quiet for `quiet_seconds`. QFileSystemWatcher reports
most changes at once; a slow periodic look at every file's size and time catches what it
misses (network shares, USB sticks, a symlink flipped to another folder).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, Slot

from kiosk.pack import IMAGES_DIR, SLIDES_DIR, Pack, is_language_folder
from kiosk.session import Clock

log = logging.getLogger(__name__)

Fingerprint = tuple[str, tuple[tuple[str, int, int], ...]]
CheckPack = Callable[[Path], tuple[Pack | None, str]]


def fingerprint(root: Path) -> Fingerprint:
    """What the folder is now: where it really is, and each file's name, size and time.

    A folder that cannot be read has an empty list of files.
    """
    real = os.path.realpath(root)
    files: list[tuple[str, int, int]] = []
    stack = [("", real)]
    while stack:
        prefix, folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = prefix + entry.name
            try:
                in_media = (
                    prefix
                    or entry.name in (IMAGES_DIR, SLIDES_DIR)
                    or is_language_folder(entry.name)
                )
                if entry.is_dir(follow_symlinks=False) and in_media and name.count("/") < 8:
                    stack.append((name + "/", entry.path))
                elif entry.is_file():
                    info = entry.stat()
                    files.append((name, info.st_size, info.st_mtime_ns))
            except OSError:
                files.append((name, -1, -1))
    return real, tuple(sorted(files))


def _language_folders(real: Path) -> list[str]:
    try:
        return [e.name for e in os.scandir(real) if is_language_folder(e.name) and e.is_dir()]
    except OSError:
        return []


class PackWatcher(QObject):
    """Reports a new pack once its folder has been quiet, checked in a worker thread.

    Args:
        root: The configured pack folder (may be a symlink to flip).
        check: Loads and checks a folder: (the pack if it has no errors, last problem).
        clock: Seconds from any fixed point; injected so tests need not wait.
        quiet_seconds: How long the folder must be unchanged before it is loaded.
        poll_seconds: How often every file is looked at, for changes the watcher misses.

    Signals:
        pack_ready(object, str): a pack with no errors, and its last warning ("" if none).
        pack_refused(str): the folder changed to something with errors, or vanished.
        finished(): a check is over (after either of the above, or after finding the
            folder changed again while it was checked).
    """

    pack_ready = Signal(object, str)
    pack_refused = Signal(str)
    finished = Signal()

    def __init__(
        self,
        root: Path,
        check: CheckPack,
        clock: Clock = time.monotonic,
        quiet_seconds: float = 3.0,
        poll_seconds: float = 30.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.root = root
        self._check = check
        self._clock = clock
        self.quiet_seconds = quiet_seconds
        self.poll_seconds = poll_seconds
        self.known = fingerprint(root)
        self._changed_at: float | None = None
        self._polled_at = clock()
        self.loads = 0
        # The check runs in a worker thread that touches nothing of Qt; the UI thread
        # collects its result (no Qt call ever crosses from a Python thread).
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pack-check")
        self._check_running: Future[tuple[Pack | None, str]] | None = None
        self._checking: Fingerprint | None = None
        self._system = QFileSystemWatcher(self)
        self._system.directoryChanged.connect(self._on_changed)
        self._system.fileChanged.connect(self._on_changed)
        self._watch_paths()
        self.timer = QTimer(self)
        self.timer.setInterval(500)
        self.timer.timeout.connect(self.tick)
        self._collect = QTimer(self)
        self._collect.setInterval(20)
        self._collect.timeout.connect(self._collect_result)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self._collect.stop()
        self._worker.shutdown(wait=False, cancel_futures=True)

    @property
    def _busy(self) -> bool:
        return self._check_running is not None

    @Slot(str)
    def _on_changed(self, _path: str = "") -> None:
        self.note_change()

    def note_change(self) -> None:
        """Something in the folder changed: wait for quiet again."""
        self._changed_at = self._clock()

    def check_now(self) -> None:
        """Check the folder at once, changed or not (the full check after start-up)."""
        self._changed_at = None
        self._start_check(fingerprint(self.root))

    @Slot()
    def tick(self) -> None:
        """Poll when due; load once the folder has been quiet long enough."""
        now = self._clock()
        if now - self._polled_at >= self.poll_seconds:
            self._polled_at = now
            if fingerprint(self.root) != self.known and self._changed_at is None:
                self.note_change()
        if self._busy or self._changed_at is None:
            return
        if now - self._changed_at < self.quiet_seconds:
            return
        current = fingerprint(self.root)
        if current == self.known:
            self._changed_at = None  # touched but not changed (or changed back)
            return
        self._changed_at = None
        self._start_check(current)

    def _start_check(self, current: Fingerprint) -> None:
        if self._busy:
            return
        self.loads += 1
        self._checking = current
        self._check_running = self._worker.submit(self._check, self.root)
        self._collect.start()

    @Slot()
    def _collect_result(self) -> None:
        running, before = self._check_running, self._checking
        if running is None or before is None or not running.done():
            return
        self._collect.stop()
        self._check_running = self._checking = None
        try:
            pack, problem = running.result()
        except Exception as exc:  # noqa: BLE001 (a bad pack must never end the kiosk)
            log.error("checking the pack failed: %s", exc, exc_info=exc)
            pack, problem = None, f"the pack could not be checked: {exc}"
        if fingerprint(self.root) != before:
            log.info("the pack folder changed while it was checked; waiting for quiet again")
            self.note_change()
        else:
            self.known = before
            self._watch_paths()
            if pack is None:
                self.pack_refused.emit(problem or f"{self.root}: no pack")
            else:
                self.pack_ready.emit(pack, problem)
        self.finished.emit()

    def _watch_paths(self) -> None:
        paths = [str(self.root.parent)]
        real = Path(os.path.realpath(self.root))
        folders = [real]
        folders += [real / name for name in _language_folders(real)]
        for folder in list(folders):
            folders += [folder / IMAGES_DIR, folder / SLIDES_DIR]
        for folder in folders:
            if folder.is_dir():
                paths.append(str(folder))
        stale = set(self._system.directories()) - set(paths)
        if stale:
            self._system.removePaths(sorted(stale))
        new = [p for p in paths if p not in self._system.directories()]
        if new:
            self._system.addPaths(new)
