"""Watch the pack folder, wait until copying has stopped, check the new pack off the UI thread.

Staff copy a pack file by file (USB stick, shared drive, sync tool), so a change is acted
on only once the folder has been quiet for `quiet_seconds`: no file added, removed, grown,
rewritten or replaced (each file's size, time and inode compared at both ends of the
wait). QFileSystemWatcher reports most changes at once; a periodic look at every file
catches what it misses (network shares, USB sticks, a symlink flipped to another folder).
A sealed pack (see `kiosk.manifest`) is whole exactly when it matches its manifest, so no
quiet period can be too short for it.

A check that runs longer than `check_seconds` (a folder on a network share that stopped
answering) is abandoned: it is reported, the pack on screen stays, and its thread, which
Python cannot stop, is a daemon that never holds up the kiosk's exit.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, Slot

from kiosk.checked import Checked
from kiosk.clock import Clock
from kiosk.packfolder import (
    IMAGES_DIR,
    SLIDES_DIR,
    belongs_to_pack,
    is_hidden,
    is_language_folder,
)

log = logging.getLogger(__name__)

Fingerprint = tuple[str, tuple[tuple[str, int, int, int], ...]]
CheckPack = Callable[[Path], Checked]
WATCHED_FILES = 2_000  # inotify watches are a per-user resource: leave the system plenty


def fingerprint(root: Path) -> Fingerprint:
    """What the folder is now: where it really is, and each file's name, size, time and
    inode (a file replaced by another of the same size and time has a new inode).

    A folder that cannot be read has an empty list of files.
    """
    real = os.path.realpath(root)
    files: list[tuple[str, int, int, int]] = []
    stack = [("", real)]
    while stack:
        prefix, folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            continue
        for entry in entries:
            name = prefix + entry.name
            try:
                # The pack's folders are walked, and every entry in them counts, the pack's
                # or not: a stray file changes what the check reports, and a sync tool's
                # hidden temporary file that grows is a copy still under way.
                if (
                    entry.is_dir(follow_symlinks=False)
                    and belongs_to_pack(name, is_dir=True)
                    and name.count("/") < 8
                ):
                    stack.append((name + "/", entry.path))
                else:  # a special file too: it is named, never opened
                    info = entry.stat()
                    files.append((name, info.st_size, info.st_mtime_ns, info.st_ino))
            except OSError:
                files.append((name, -1, -1, -1))
    return real, tuple(sorted(files))


def _is_hidden_path(rel: str) -> bool:
    return rel != "." and any(map(is_hidden, rel.split("/")))  # "." is the folder itself


def _pack_files(folder: Fingerprint) -> Fingerprint:
    """`folder` without its hidden names, which are never the pack's."""
    real, files = folder
    return real, tuple(file for file in files if not _is_hidden_path(file[0]))


class _Hidden:
    """The hidden names (a sync tool's own, its temporary files) in `folder`, which are not
    the pack's, for a debug line: "; hidden, not the pack's: .stfolder, images/.a.tmp".
    Listed only when the line is written, not on every check."""

    NAMED = 10

    def __init__(self, folder: Fingerprint) -> None:
        self._folder = folder

    def __str__(self) -> str:
        names = [name for name, *_ in self._folder[1] if _is_hidden_path(name)]
        if not names:
            return ""
        more = f" and {len(names) - self.NAMED} more" if len(names) > self.NAMED else ""
        return f"; hidden, not the pack's: {', '.join(names[: self.NAMED])}{more}"


def _language_folders(real: Path) -> list[str]:
    try:
        with os.scandir(real) as listing:
            return [e.name for e in listing if is_language_folder(e.name) and e.is_dir()]
    except OSError:
        return []


class _Check:
    """One check of the pack folder, and what came of it."""

    def __init__(self, check: CheckPack, root: Path) -> None:
        self.result: Checked | None = None
        self.failure: BaseException | None = None
        self.done = threading.Event()
        self._check, self._root = check, root

    def run(self) -> None:
        try:
            self.result = self._check(self._root)
        except BaseException as exc:  # noqa: BLE001 (reported on the UI thread)
            self.failure = exc
        finally:
            self.done.set()


class _Worker:
    """A daemon thread that runs checks one at a time, so one Markdown converter serves
    them all; a worker stuck in a check is left behind and a new one made."""

    def __init__(self) -> None:
        self._checks: queue.SimpleQueue[_Check | None] = queue.SimpleQueue()
        threading.Thread(target=self._run, name="pack-check", daemon=True).start()

    def submit(self, check: CheckPack, root: Path) -> _Check:
        job = _Check(check, root)
        self._checks.put(job)
        return job

    def stop(self) -> None:
        """End the thread once the check it runs, if any, is done."""
        self._checks.put(None)

    def _run(self) -> None:
        while (job := self._checks.get()) is not None:
            job.run()


class PackWatcher(QObject):
    """Reports a new pack once its folder has been quiet, checked in a worker thread.

    Args:
        root: The configured pack folder (may be a symlink to flip).
        check: Loads and checks a folder.
        clock: Seconds from any fixed point; injected so tests need not wait.
        quiet_seconds: How long the folder must be unchanged before it is loaded.
        poll_seconds: How often every file is looked at, for changes the watcher misses.
        check_seconds: How long a check may run before it is abandoned.

    Signals:
        pack_ready(Checked): the folder's pack has no errors.
        pack_refused(Checked): the folder changed to something with errors, or vanished,
            or its check failed or took longer than `check_seconds`.
        finished(): a check is over (after either of the above, or after finding the
            folder changed again while it was checked).
    """

    pack_ready = Signal(object)
    pack_refused = Signal(object)
    finished = Signal()

    def __init__(
        self,
        root: Path,
        check: CheckPack,
        clock: Clock = time.monotonic,
        quiet_seconds: float = 10.0,
        poll_seconds: float = 10.0,
        check_seconds: float = 60.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.root = root
        self._check = check
        self._clock = clock
        self.quiet_seconds = quiet_seconds
        self.poll_seconds = poll_seconds
        self.check_seconds = check_seconds
        self.known = fingerprint(root)
        # The pack's files (hidden names left out) as the last verdict found them: None
        # with no verdict yet, or when the last check failed, was stuck or found a problem
        # with a hidden name (a named pipe is one wherever it is); and whether a check
        # asked for (`check_now`) still owes its verdict.
        self._verdict_on: Fingerprint | None = None
        self._owed = False
        self._changed_at: float | None = None
        self._settling: Fingerprint | None = None  # the folder when it last fell quiet
        self._polled_at = clock()
        self.checks_started = 0
        # The check runs in a thread that touches nothing of Qt; the UI thread collects
        # its result (no Qt call ever crosses from a Python thread).
        self._worker: _Worker | None = None  # made with the first check
        self._check_running: _Check | None = None
        self._check_started = 0.0
        self._abandoned: _Check | None = None
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
        """Stop watching; a check still running is left to finish unheard."""
        self.timer.stop()
        self._collect.stop()
        self._check_running = None
        if self._worker is not None:
            self._worker.stop()
            self._worker = None

    @property
    def _busy(self) -> bool:
        if self._abandoned is not None and self._abandoned.done.is_set():
            self._abandoned = None  # the stuck check ended at last; its result is stale
        return self._check_running is not None or self._abandoned is not None

    @Slot(str)
    def _on_changed(self, _path: str = "") -> None:
        self.note_change()

    def note_change(self) -> None:
        """Something in the folder changed: wait for quiet again."""
        self._changed_at = self._clock()
        self._settling = None

    def check_now(self) -> bool:
        """Check the folder at once, changed or not (the full check after start-up, a
        staff reload); False when a check is still running, or stuck."""
        self._owed = True
        if self._busy:
            return self._check_running is not None  # its result will do
        self._changed_at = self._settling = None
        self._start_check(fingerprint(self.root))
        return True

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
        if self._settling is None:
            self._settling = fingerprint(self.root)
        if now - self._changed_at < self.quiet_seconds:
            return
        current = fingerprint(self.root)
        if current != self._settling:
            # Changed with no event (a file still growing, or rewritten in place): the
            # folder is not quiet yet.
            self._settling = current
            self._changed_at = now
            return
        self._changed_at = self._settling = None
        if current == self.known and not self._owed:
            return  # touched but not changed (or changed back)
        if not self._owed and _pack_files(current) == self._verdict_on:
            # A sync tool's marker or a temporary file left by a stalled copy: the pack
            # is the one already checked, so checking (and swapping it in) again would
            # only redraw the screen and rewrite the last good copy.
            log.debug("only hidden files changed in the pack folder%s", _Hidden(current))
            self.known = current
            return
        self._start_check(current)

    def _start_check(self, current: Fingerprint) -> None:
        if self._busy:
            return
        self.checks_started += 1
        self._checking = current
        if self._worker is None:
            self._worker = _Worker()
        self._check_running = self._worker.submit(self._check, self.root)
        self._check_started = self._clock()
        log.debug("checking the pack folder %s", self.root)
        self._collect.start()

    @Slot()
    def _collect_result(self) -> None:
        running, before = self._check_running, self._checking
        if running is None or before is None:
            return
        if not running.done.is_set():
            if self._clock() - self._check_started >= self.check_seconds:
                self._abandon(running)
            return
        self._collect.stop()
        self._check_running = self._checking = None
        checked = running.result
        if checked is None:
            exc = running.failure
            log.error("checking the pack failed: %s", exc, exc_info=exc)
            checked = Checked.failed("check-failed", f"the pack could not be checked: {exc!r}")
        if fingerprint(self.root) != before:
            log.info("the pack folder changed while it was checked; waiting for quiet again")
            self.note_change()
        else:
            hidden = any(_is_hidden_path(problem.file) for problem in checked.problems)
            trusted = running.result is not None and not hidden
            self._verdict_on = _pack_files(before) if trusted else None
            self._owed = False
            self.known = before
            self._watch_paths()
            log.debug("the pack folder was checked: %s%s", checked.summary(), _Hidden(before))
            (self.pack_ready if checked.ok else self.pack_refused).emit(checked)
        self.finished.emit()

    def _abandon(self, running: _Check) -> None:
        self._collect.stop()
        self._check_running = self._checking = None
        self._abandoned = running
        self._verdict_on, self._owed = None, False
        self._worker = None  # its thread is stuck in the check; the next check gets a new one
        message = (
            f"checking it took longer than {self.check_seconds:.0f} seconds and was "
            "abandoned (is it on a drive that stopped answering?)"
        )
        log.error("checking the pack in %s: %s; the pack on screen stays", self.root, message)
        self.pack_refused.emit(Checked.failed("check-stuck", message))
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
        # The files too, so that one rewritten in place is noticed at once (its folder
        # does not change); past the cap, the poll notices.
        where, files = self.known
        paths += [os.path.join(where, name) for name, *_ in files[:WATCHED_FILES]]
        watched = set(self._system.directories()) | set(self._system.files())
        stale = watched - set(paths)
        if stale:
            self._system.removePaths(sorted(stale))
        new = [p for p in paths if p not in watched]
        if new:
            self._system.addPaths(new)
