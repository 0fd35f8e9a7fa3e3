"""Live content: what the kiosk shows of its pack folder, and when a new pack goes on.

`LiveContent` owns the pack's life on screen:

- at start, the quick load (what loading finds, no card rendered) that puts Home up at
  once, or the last good copy when the folder is broken;
- after the first frame, the full check (every card rendered), which takes a pack it
  finds errors in down again;
- the swap policy: a new pack that passed its check waits while a patient reads (a
  topic, an overlay) and goes on at the next rest (Home, the slideshow), while a staff
  reload shows it at once; a sealed pack is not replaced by an unsealed one unless staff
  reload;
- the last good copy, kept of every pack shown;
- what a status says of it: what is shown, since when, the last problem.
"""

from __future__ import annotations

import functools
import logging
import threading
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from kiosk import lastgood
from kiosk.clock import Clock
from kiosk.loader import load
from kiosk.manifest import MANIFEST
from kiosk.pack import Pack, PackUnreadable
from kiosk.problem import Level, Problem
from kiosk.ui.idle import SessionController
from kiosk.ui.screens import Screen
from kiosk.ui.window import KioskWindow
from kiosk.watcher import PackWatcher

log = logging.getLogger(__name__)

CONFIGURED = "configured pack"


def check_pack(content: Path, overrides: dict[str, Any] | None) -> tuple[Pack | None, str]:
    """Load and check the pack in `content`, every card rendered.

    Returns:
        The pack when it has no errors (else None), and its last problem for staff
        ("" when there is none). Every problem is logged.
    """
    from kiosk import lint  # renders every card with Markdown: never on the start-up path

    return _load_and_report(content, overrides, lambda pack: lint.check(pack, date.today()))


def quick_check(content: Path, overrides: dict[str, Any] | None) -> tuple[Pack | None, str]:
    """Like `check_pack` with only what loading finds (no card is rendered): for the first
    frame. The full check follows in the background."""
    return _load_and_report(content, overrides, lambda pack: list(pack.problems))


def _load_and_report(
    content: Path, overrides: dict[str, Any] | None, problems_of: Any
) -> tuple[Pack | None, str]:
    try:
        pack = load(content, overrides)
    except PackUnreadable as exc:
        log.error("content pack cannot be read: %s", exc)
        return None, str(exc)
    problems: list[Problem] = problems_of(pack)
    for problem in problems:
        (log.error if problem.level is Level.ERROR else log.warning)("%s", problem)
    errors = [p for p in problems if p.level is Level.ERROR]
    if errors:
        log.error("content pack %s has errors; it is not shown", content)
        return None, str(errors[-1])
    return pack, str(problems[-1]) if problems else ""


class LiveContent(QObject):
    """The pack on screen and the folder it comes from.

    Made before the window (`first_pack` is what the window starts with), then given the
    window and the session controller with `attach`, and started after the first frame.

    Signals:
        changed(): what a status says of the content changed (status.json is rewritten).
        checked(): the full check after start-up has reported.
        reload_finished(): a staff reload's check is over (the panel shows its outcome).
    """

    changed = Signal()
    checked = Signal()
    reload_finished = Signal()

    def __init__(
        self,
        content: Path,
        overrides: dict[str, Any],
        data: Path,
        clock: Clock,
        watch: tuple[float, float, float],
        parent: QObject | None = None,
    ) -> None:
        """`watch` is the watcher's quiet, poll and check seconds (`kiosk.watcher`)."""
        super().__init__(parent)
        self.content, self.overrides, self.data = content, overrides, data
        self.pending: Pack | None = None
        self.showing = CONFIGURED
        self.copying: threading.Thread | None = None  # the last good copy being made
        # Home shows as soon as the pack loads; the full check runs after the first frame.
        self.first_check_due = True
        self.reloading = False  # staff asked: the pack shows at once, the panel reports
        self.first_pack, self.last_problem = quick_check(content, overrides)
        if self.first_pack is None:
            self.first_check_due = False
            self.first_pack = self._last_good()
        self.loaded_at = datetime.now() if self.first_pack is not None else None
        quiet, poll, check = watch
        self.watcher = PackWatcher(
            content,
            # Not a lambda over self: a cycle with the watcher would be freed by whichever
            # thread collects it.
            functools.partial(check_pack, overrides=overrides),
            clock,
            quiet,
            poll,
            check,
            parent=self,
        )
        self.watcher.pack_ready.connect(self._on_pack_ready)
        self.watcher.pack_refused.connect(self._on_pack_refused)
        self.watcher.finished.connect(self._on_check_finished)
        self._window: KioskWindow | None = None
        self._controller: SessionController | None = None

    def attach(self, window: KioskWindow, controller: SessionController) -> None:
        """The window the content shows in, and the controller whose timings it sets."""
        self._window, self._controller = window, controller
        window.screen_changed.connect(self._on_screen_changed)

    def start(self) -> None:
        """Watch the folder, and run the full check of the pack on screen."""
        self.watcher.start()
        if self.first_check_due:
            self.watcher.check_now()

    def stop(self) -> None:
        self.watcher.stop()

    def reload(self) -> None:
        """Staff's "Reload pack": check the folder now, off the UI thread (a share that
        stopped answering must not freeze the screen), and show its pack if it has no
        errors; `reload_finished` says when the check is over."""
        self.reloading = True
        if not self.watcher.check_now():
            self.reloading = False
            self.last_problem = (
                "a check of the pack folder is still running, stuck on its folder; the pack "
                "on screen stays"
            )
            self.reload_finished.emit()

    # What a status says ----------------------------------------------------------------

    def status_lines(self) -> list[tuple[str, str]]:
        """The staff panel's lines about the content."""
        pack = self.window.pack
        loaded = self.loaded_at.strftime("%Y-%m-%d %H:%M") if self.loaded_at else "not loaded"
        return [
            ("Pack", pack.settings.title if pack else "(none shown)"),
            ("Version", (pack.settings.version if pack else "") or "(none)"),
            ("Folder", str(self.content.absolute())),
            ("Showing", self.showing if pack else "the 'being updated' page"),
            ("Loaded", loaded),
        ]

    def status_fields(self) -> dict[str, Any]:
        """status.json's fields about the content."""
        pack = self.window.pack
        return {
            "pack_title": pack.settings.title if pack else None,
            "pack_version": pack.settings.version if pack else None,
            "pack_folder": str(self.content.absolute()),
            "showing": self.showing if pack else "updating page",
            "pack_loaded_at": self.loaded_at.isoformat(timespec="seconds")
            if self.loaded_at
            else None,
            "pending_swap": self.pending is not None,
            "last_problem": self.last_problem or None,
        }

    @property
    def window(self) -> KioskWindow:
        assert self._window is not None, "attach() a window first"
        return self._window

    # The watcher's verdicts ------------------------------------------------------------

    @Slot(object, str)
    def _on_pack_ready(self, pack: Pack, problem: str) -> None:
        shown = self.window.pack
        unsealing = shown is not None and shown.sealed and not pack.sealed
        if unsealing and not self.first_check_due and not self.reloading:
            # A sealed pack's folder without its manifest is most likely a new pack still
            # being copied, whose manifest has not arrived yet.
            self._on_pack_refused(
                f"the pack shown was sealed, and the folder now has no {MANIFEST}: waiting "
                "for it (seal the new pack with `kiosk seal`, or choose Reload pack to show "
                "it unsealed)"
            )
            return
        self.last_problem = problem
        if self.first_check_due:  # the pack on screen passed its full check
            self.first_check_due = False
            if self.window.renderer is not None:
                self.window.renderer.adopt(pack)
            self._keep_copy(pack)
            self.changed.emit()
            self.checked.emit()
            return
        if self.reloading:
            log.info("content pack reloaded by staff")
            self.pending = None
            self._swap(pack)
        elif not self.window.at_rest():
            log.info("new content pack checked; it will show at the next return to Home")
            self.pending = pack
        else:
            self._swap(pack)
        self.changed.emit()

    @Slot(str)
    def _on_pack_refused(self, problem: str) -> None:
        self.last_problem = problem
        self.pending = None
        if self.first_check_due:  # the pack on screen failed its full check: take it down
            self.first_check_due = False
            fallback = self._last_good()
            if fallback is not None:
                self._swap_in(fallback)
            else:
                self.window.show_updating()
            self.changed.emit()
            self.checked.emit()
            return
        log.error("the changed content pack is not shown (the current one stays): %s", problem)
        self.changed.emit()

    @Slot()
    def _on_check_finished(self) -> None:
        if self.reloading:
            self.reloading = False
            self.reload_finished.emit()

    @Slot(object)
    def _on_screen_changed(self, _screen: Screen) -> None:
        if self.pending is not None and self.window.at_rest():
            pack, self.pending = self.pending, None
            self._swap(pack)
            self.changed.emit()

    # Swaps and the last good copy --------------------------------------------------------

    def _swap(self, pack: Pack) -> None:
        self._swap_in(pack)
        self.showing = CONFIGURED
        self._keep_copy(pack)
        log.info("content pack swapped in: %s %s", pack.settings.title, pack.settings.version)

    def _swap_in(self, pack: Pack) -> None:
        self.window.swap_pack(pack)
        self.loaded_at = datetime.now()
        assert self._controller is not None
        self._controller.set_timings(pack.settings.idle_seconds, pack.settings.warning_seconds)

    def _keep_copy(self, pack: Pack) -> None:
        """Keep a copy of a pack being shown, for starts when the folder is broken."""
        self.copying = threading.Thread(
            target=lastgood.save, args=(pack.root, self.data), name="last-good", daemon=True
        )
        self.copying.start()

    def _last_good(self) -> Pack | None:
        saved = lastgood.saved(self.data)
        if saved is None:
            return None
        pack, _ = check_pack(saved, self.overrides)
        if pack is not None:
            log.warning("showing the last good copy of the pack from %s", saved)
            self.showing = "last good copy (the pack folder has problems)"
            self.last_problem = f"showing the last good copy: {self.last_problem}"
        return pack
