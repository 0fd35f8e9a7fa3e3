"""Live content: what the kiosk shows of its pack folder, and when a new pack goes on.

`LiveContent` owns the pack's life on screen:

- at start, the quick load (what loading finds, no card rendered) that puts Home up at
  once; when the folder's pack has errors, the last good copy, or on a machine that has
  none yet the topics without errors (`kiosk.checked.salvage`), or else the "being
  updated" page;
- after the first frame, the full check (every card rendered), which may take a pack
  down again the same way;
- the swap policy: only a whole pack with no errors replaces the one shown; it waits
  while a patient reads (a topic, an overlay) and goes on at the next rest (Home, the
  slideshow), while a staff reload shows it at once; a sealed pack is not replaced by an
  unsealed one unless staff reload;
- dated topics and slides, each shown in its window (`kiosk.dates`), switched at their
  moment and never under a reader;
- the last good copy, kept of every whole pack shown;
- what staff and status.json are told of it (`kiosk.showing`), and a reload's outcome.
"""

from __future__ import annotations

import functools
import logging
import math
import threading
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from kiosk import dates, lastgood, paths, showing, startmemo
from kiosk.checked import Checked, salvage
from kiosk.clock import Clock
from kiosk.loader import load
from kiosk.manifest import MANIFEST
from kiosk.pack import Pack, PackUnreadable
from kiosk.problem import Level, Problem, one_line
from kiosk.showing import Copy, OnScreen, Report
from kiosk.ui.controls import native_name
from kiosk.ui.idle import SessionController
from kiosk.ui.window import KioskWindow
from kiosk.watcher import PackWatcher

log = logging.getLogger(__name__)

DATES_LOOK_MS = 60_000  # dated content is looked at again every minute (a clock set)
PROBLEMS_IN_STATUS = 100  # status.json lists this many of the folder's problems at most
WallClock = Callable[[], datetime]


def check_pack(
    content: Path, overrides: dict[str, Any] | None, memo_file: Path | None = None
) -> Checked:
    """Load and check the pack in `content`, every card rendered; every problem is logged.
    With `memo_file`, what the check found whole is written there for the next start's
    quick check (`kiosk.startmemo`)."""
    from kiosk import lint  # renders every card with Markdown: never on the start-up path

    def check(pack: Pack) -> list[Problem]:
        return lint.check(pack, date.today())

    if memo_file is None:
        return _load_and_report(content, overrides, check)
    with startmemo.using(startmemo.Memo(recording=True)) as memo:
        checked = _load_and_report(content, overrides, check)
    startmemo.write(memo_file, memo)
    return checked


def quick_check(
    content: Path, overrides: dict[str, Any] | None, memo_file: Path | None = None
) -> Checked:
    """Like `check_pack` with only what loading finds (no card is rendered): for the first
    frame. The full check follows in the background. With `memo_file`, the front matter
    and pictures the last full check wrote there as found whole are not parsed and read
    again when they have not changed."""

    def found(pack: Pack) -> list[Problem]:
        return list(pack.problems)

    if memo_file is None:
        return _load_and_report(content, overrides, found)
    try:
        with startmemo.using(startmemo.read(memo_file)):
            return _load_and_report(content, overrides, found)
    except Exception as exc:  # noqa: BLE001 (a memo edited by hand: the pack is read whole)
        log.warning("start memo %s not used: %s", memo_file, one_line(repr(exc)))
        return _load_and_report(content, overrides, found)


def _load_and_report(content: Path, overrides: dict[str, Any] | None, problems_of: Any) -> Checked:
    try:
        pack = load(content, overrides)
    except PackUnreadable as exc:
        log.error("content pack cannot be read: %s", exc)
        return Checked.failed("pack-unreadable", str(exc))
    problems: list[Problem] = problems_of(pack)
    for problem in problems:
        (log.error if problem.level is Level.ERROR else log.warning)("%s", problem)
    checked = Checked(pack, tuple(problems))
    if not checked.ok:
        log.error("content pack %s has errors; it is not shown whole", content)
    return checked


class LiveContent(QObject):
    """The pack on screen and the folder it comes from.

    Made before the window (`first_pack` is what the window starts with), then given the
    window and the session controller with `attach`, and started after the first frame.

    Signals:
        changed(): what a status says of the content changed (status.json is rewritten).
        checked(): the full check after start-up has reported.
        reload_finished(): a staff reload's check is over; `outcome` says what came of it.
        swapped(): other content went on screen (a pack, its part, the "being updated"
            page, or the same pack as a dated topic came or went); what showed the
            content before may be garbage now.
    """

    changed = Signal()
    checked = Signal()
    reload_finished = Signal()
    swapped = Signal()

    def __init__(
        self,
        content: Path,
        overrides: dict[str, Any],
        data: Path,
        clock: Clock,
        watch: tuple[float, float, float],
        now: WallClock = datetime.now,
        parent: QObject | None = None,
    ) -> None:
        """`watch` is the watcher's quiet, poll and check seconds (`kiosk.watcher`); `now`
        the wall clock that staff are told times by."""
        super().__init__(parent)
        self.content, self.overrides, self.data = content, overrides, data
        self._now = now
        self.pending: Pack | None = None
        self.copying: threading.Thread | None = None  # the last good copy being made
        # Home shows as soon as the pack loads; the full check runs after the first frame.
        self.first_check_due = True
        self.reloading = False  # staff asked: the pack shows at once, the panel reports
        self.outcome = ""  # what came of the last reload, in words
        self.reload_closed_panel = False  # the reload's swap closed the open staff panel
        self.held = ""  # why a new pack that passed its check is not shown
        self.swaps = self.refused = 0  # since start, for the metrics
        self._dates_due = False  # a dated topic or slide came or went under a reader
        self.dated = QTimer(self)
        self.dated.setSingleShot(True)
        self.dated.timeout.connect(self.dates_changed)
        memo_file = paths.start_memo(data)
        self.folder = quick_check(content, overrides, memo_file)  # the folder's last check
        if self.folder.ok:
            self.on_screen = OnScreen(Copy.FOLDER, self.folder.pack, self._now())
        else:
            self.on_screen = self._fallback(self.folder)
        quiet, poll, check = watch
        self.watcher = PackWatcher(
            content,
            # Not a lambda over self: a cycle with the watcher would be freed by whichever
            # thread collects it.
            functools.partial(check_pack, overrides=overrides, memo_file=memo_file),
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

    @property
    def first_pack(self) -> Pack | None:
        """What the window starts with (None: the "being updated" page)."""
        pack = self.on_screen.pack
        return dates.visible(pack, self._now()) if pack is not None else None

    def attach(self, window: KioskWindow, controller: SessionController) -> None:
        """The window the content shows in, and the controller whose timings it sets."""
        self._window, self._controller = window, controller
        window.screen_changed.connect(self._swap_pending)
        window.overlay_closed.connect(self._swap_pending)  # which may leave it at rest

    def start(self) -> None:
        """Watch the folder, run the full check of the folder's pack, and wait for the
        next dated topic or slide to come or go."""
        self.watcher.start()
        self.watcher.check_now()
        self._schedule_dates()

    def stop(self) -> None:
        self.watcher.stop()
        self.dated.stop()

    def reload(self) -> None:
        """Staff's "Reload pack": check the folder now, off the UI thread (a share that
        stopped answering must not freeze the screen), and show its pack if it has no
        errors; `reload_finished` says when the check is over, and `outcome` what came
        of it."""
        self.reloading = True
        self.outcome = ""
        self.reload_closed_panel = False
        if not self.watcher.check_now():
            self.reloading = False
            self.outcome = (
                "Not loaded: a check of the pack folder is still running, stuck on its "
                f"folder; still showing {self._still()}."
            )
            self.reload_finished.emit()

    # What staff and status.json are told --------------------------------------------------

    def report(self) -> Report:
        return showing.report(
            self.on_screen, self.folder, self.pending, self._now(), native_name, self.held
        )

    @property
    def last_problem(self) -> str:
        return self.folder.last_problem

    def status_fields(self) -> dict[str, Any]:
        """status.json's fields about the content."""
        pack, report = self.on_screen.pack, self.report()
        since = self.on_screen.since
        return {
            "pack_title": pack.settings.title if pack else None,
            "pack_version": pack.settings.version if pack else None,
            "pack_folder": str(self.content.absolute()),
            "showing": str(self.on_screen.copy),
            "topics_shown": len(shown.default.topics) if (shown := self.window.pack) else 0,
            "left_out": [p.file for p in self.on_screen.left_out],
            "pack_loaded_at": since.isoformat(timespec="seconds") if since else None,
            "pending_swap": self.pending is not None,
            "health": str(report.health),
            "health_words": report.headline,
            "errors": len(self.folder.errors),
            "warnings": len(self.folder.warnings),
            "problems": [p.as_dict() for p in report.problems[:PROBLEMS_IN_STATUS]],
            "last_problem": self.last_problem or None,
        }

    @property
    def window(self) -> KioskWindow:
        assert self._window is not None, "attach() a window first"
        return self._window

    # The watcher's verdicts ------------------------------------------------------------

    @Slot(object)
    def _on_pack_ready(self, checked: Checked) -> None:
        pack = checked.pack
        assert pack is not None
        shown = self.on_screen.pack
        unsealing = shown is not None and shown.sealed and not pack.sealed
        self.folder, self.held = checked, ""
        if unsealing and not self.first_check_due and not self.reloading:
            # A sealed pack's folder without its manifest is most likely a new pack still
            # being copied, whose manifest has not arrived yet.
            self.held = (
                f"the pack shown was sealed, and the folder now has no {MANIFEST}: waiting "
                "for it (seal the new pack with `kiosk seal`, or choose Reload pack to show "
                "it unsealed)"
            )
            log.warning("the new pack is not shown: %s", self.held)
            self.pending = None
            self.changed.emit()
            return
        if self.first_check_due and self.on_screen.copy is Copy.FOLDER:
            # The pack on screen passed its full check.
            if self.window.renderer is not None:
                self.window.renderer.adopt(pack)
            self._keep_copy(pack)
            self._reloaded(pack)
        elif self.reloading or self.first_check_due:
            log.info("content pack reloaded by staff" if self.reloading else "pack fixed")
            self.pending = None
            self._swap(pack)
        elif not self.window.at_rest():
            log.info("new content pack checked; it will show at the next return to Home")
            self.pending = pack
        else:
            self._swap(pack)
        self._end_first_check()
        self.changed.emit()

    @Slot(object)
    def _on_pack_refused(self, checked: Checked) -> None:
        self.refused += 1
        self.folder, self.held = checked, ""
        self.pending = None
        copy = self.on_screen.copy
        if checked.pack is None:
            # Gone, or its check failed or got stuck: nothing is known against what shows.
            log.error("the pack folder could not be checked (what is on screen stays)")
        elif (self.first_check_due and copy in (Copy.FOLDER, Copy.PART)) or copy is Copy.NOTHING:
            # The pack on screen failed its full check: take it down, or what of it has
            # errors. And with nothing on screen, part of a pack is better than nothing.
            self._show_fallback(checked)
        else:
            log.error("the pack folder's pack is not shown (what is on screen stays)")
        if self.reloading:  # said once the screen is what it will be
            self.outcome = f"Not loaded: {checked.summary()}; still showing {self._still()}."
        self._end_first_check()
        self.changed.emit()

    def _end_first_check(self) -> None:
        if self.first_check_due:
            self.first_check_due = False
            folder = self.folder
            log.info(
                "first full check done: %d errors, %d warnings; showing %s",
                len(folder.errors),
                len(folder.warnings),
                self.on_screen.copy,
            )
            self.checked.emit()

    @Slot()
    def _on_check_finished(self) -> None:
        # A check that ended with no verdict found the folder changed while it was
        # checked: later checks of the new folder follow the rules of any change (a
        # first-frame pack, whose cards render as they are shown, stays until then).
        self._end_first_check()
        if not self.reloading:
            return
        self.reloading = False
        if not self.outcome:
            self.outcome = (
                "Not loaded yet: the pack folder changed while it was checked; it is "
                f"checked again once copying stops. Still showing {self._still()}."
            )
        self.reload_finished.emit()

    @Slot()
    def _swap_pending(self) -> None:
        """Show a pack, or the pack's topics of this moment, that waited for the screen to
        be at rest, if it now is."""
        if not self.window.at_rest():
            return
        if self.pending is not None:
            pack, self.pending = self.pending, None
            self._swap(pack)
            self.changed.emit()
        elif self._dates_due:
            self._swap_in(self.on_screen)
            self.changed.emit()

    # Dated topics and slides -----------------------------------------------------------

    @Slot()
    def dates_changed(self) -> None:
        """The time for a dated topic or slide to come or go: show the pack as it is now,
        at once at rest, else at the next rest (never under a reader)."""
        pack = self.on_screen.pack
        shown = dates.visible(pack, self._now()) if pack is not None else None
        if not _same_files(shown, self.window.pack):
            self._dates_due = True
            log.info("a dated topic or slide comes or goes")
            self._swap_pending()
        self._schedule_dates()

    def _schedule_dates(self) -> None:
        pack = self.on_screen.pack
        change = dates.next_change(pack, self._now()) if pack is not None else None
        if change is None:
            self.dated.stop()
            return
        # At the moment, on the wall clock; looked at again every minute, as the wall
        # clock may be set meanwhile (by hand, or by NTP after a cold boot).
        wait = (change - self._now()).total_seconds()
        self.dated.start(max(0, min(DATES_LOOK_MS, math.ceil(wait * 1000))))

    # Swaps, fallbacks and the last good copy -------------------------------------------

    def _swap(self, pack: Pack) -> None:
        self.swaps += 1
        if self.reloading:
            self.reload_closed_panel = self.window.staff_panel.isVisible()
        self._swap_in(OnScreen(Copy.FOLDER, pack, self._now()))
        self._keep_copy(pack)
        self._reloaded(pack)
        log.info("content pack swapped in: %s %s", pack.settings.title, pack.settings.version)

    def _reloaded(self, pack: Pack) -> None:
        """Say what a reload did, if one asked: the folder's pack is on screen."""
        if self.reloading:
            self.outcome = (
                f"Reloaded: {showing.topics(len(pack.default.topics))}, "
                f"{showing.version(pack)}, at {self._now():%H:%M}."
            )

    def _swap_in(self, on_screen: OnScreen) -> None:
        """Put `on_screen` on screen: its topics and slides of this moment."""
        self.on_screen, self._dates_due = on_screen, False
        pack = on_screen.pack
        shown = dates.visible(pack, self._now()) if pack is not None else None
        if pack is None or shown is None:
            self.window.show_updating()
        else:
            self.window.swap_pack(shown)
            assert self._controller is not None
            self._controller.set_timings(pack.settings.idle_seconds, pack.settings.warning_seconds)
        if self.watcher.timer.isActive():  # started: the first frame is up
            self._schedule_dates()
        self.swapped.emit()

    def _show_fallback(self, checked: Checked) -> None:
        fallback = self._fallback(checked)
        shown = self.on_screen
        if (
            fallback.copy is Copy.PART
            and shown.copy is Copy.PART
            and _same_content(fallback, shown)
        ):
            # The full check found nothing more: keep the screen, take its renderings.
            self.on_screen = OnScreen(Copy.PART, shown.pack, shown.since, fallback.left_out)
            if self.window.renderer is not None and fallback.pack is not None:
                self.window.renderer.adopt(fallback.pack)
            return
        if self.reloading:
            self.reload_closed_panel = self.window.staff_panel.isVisible()
        self._swap_in(fallback)

    def take_down(self) -> None:
        """Show the "being updated" page (the kiosk gives up after repeated faults)."""
        self._swap_in(OnScreen(Copy.NOTHING, None, None))

    def _fallback(self, checked: Checked) -> OnScreen:
        """What to show when the folder's pack has errors: the last good copy; on a
        machine with none, the topics without errors; else nothing."""
        kept = self._last_good()
        if kept is not None:
            return OnScreen(Copy.LAST_GOOD, kept, self._now())
        part = salvage(checked)
        if part.pack is None:
            return OnScreen(Copy.NOTHING, None, None, part.left_out)
        left = ", ".join(p.file for p in part.left_out) or "none"
        log.warning("no last good copy: showing the topics without errors (left out: %s)", left)
        return OnScreen(Copy.PART, part.pack, self._now(), part.left_out)

    def _still(self) -> str:
        return showing.still(self.on_screen, self._now())

    def _keep_copy(self, pack: Pack) -> None:
        """Keep a copy of a whole pack being shown, for starts when the folder is broken."""
        self.copying = threading.Thread(
            target=lastgood.save, args=(pack.root, self.data), name="last-good", daemon=True
        )
        self.copying.start()

    def _last_good(self) -> Pack | None:
        saved = lastgood.saved(self.data)
        if saved is None:
            return None
        checked = check_pack(saved, self.overrides)
        if not checked.ok:
            return None
        log.warning("showing the last good copy of the pack from %s", saved)
        return checked.pack


def _same_content(one: OnScreen, other: OnScreen) -> bool:
    """Whether two parts of a pack hold the same files: topics and slides, by language."""
    return _same_files(one.pack, other.pack)


def _same_files(one: Pack | None, other: Pack | None) -> bool:
    def files(pack: Pack | None) -> list[tuple[str, ...]]:
        if pack is None:
            return []
        return [
            tuple(t.file for t in e.topics) + tuple(s.file for s in e.slides) for e in pack.editions
        ]

    return files(one) == files(other)
