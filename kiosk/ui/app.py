"""Start the kiosk: the application, the window, the session, staff access, lockdown,
live content swaps, faults and status."""

from __future__ import annotations

import functools
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk import __version__, config, lastgood, logs, staff, stats
from kiosk.config import Settings
from kiosk.loader import load
from kiosk.manifest import MANIFEST
from kiosk.pack import Pack, PackUnreadable, Topic
from kiosk.problem import Level, Problem
from kiosk.session import Clock, Session
from kiosk.ui import qtlog
from kiosk.ui.awake import ScreenKeeper
from kiosk.ui.faults import FaultHandler, StopSignals, UiThreadCollector
from kiosk.ui.idle import IdleMonitor, SessionController
from kiosk.ui.staff import StaffAccess
from kiosk.ui.theme import Theme, load_fonts
from kiosk.ui.window import KioskWindow
from kiosk.watcher import PackWatcher

log = logging.getLogger(__name__)

WINDOWED_SIZE = QSize(1280, 800)
EXIT_FAULTS = 70  # BSD's EX_SOFTWARE: the supervisor restarts the kiosk
EXIT_BY_STAFF = 10  # staff chose "Exit kiosk": the supervisor should not restart it
HEARTBEAT_MS = 60_000


@dataclass(frozen=True)
class RunOptions:
    """How to run: which pack and machine config, windowed or locked, setting overrides,
    where to keep the last good pack, the counts and status.json, how patiently to watch
    the pack folder (`kiosk.watcher`), and whether to look for a text-to-speech engine."""

    content: Path
    windowed: bool = False
    show_cursor: bool = False
    overrides: dict[str, Any] | None = None
    machine_config: Path | None = None
    data_dir: Path | None = None
    status_file: Path | None = None
    speech: bool = True
    quiet_seconds: float = 10.0
    poll_seconds: float = 10.0
    check_seconds: float = 60.0
    clock: Clock = field(default=time.monotonic)


def application() -> QApplication:
    """The QApplication, made once, with the kiosk's fonts."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    qtlog.install()
    # A fixed name, not the script's: window managers and kiosk rules match on WM_CLASS.
    app = QApplication(["kiosk"])
    app.setApplicationName("kiosk")
    app.setApplicationDisplayName("Waiting room")
    app.setDesktopFileName("kiosk")
    app.setFont(load_fonts())
    return app


def check_pack(content: Path, overrides: dict[str, Any] | None) -> tuple[Pack | None, str]:
    """Load and check the pack in `content`.

    Returns:
        The pack when it has no errors (else None), and its last problem for staff
        ("" when there is none). Every problem is logged.
    """
    from kiosk import lint  # renders every card with Markdown: never on the start-up path

    try:
        pack = load(content, overrides)
    except PackUnreadable as exc:
        log.error("content pack cannot be read: %s", exc)
        return None, str(exc)
    return _verdict(pack, lint.check(pack, date.today()), content)


def quick_check(content: Path, overrides: dict[str, Any] | None) -> tuple[Pack | None, str]:
    """Like `check_pack` with only what loading finds (no card is rendered): for the first
    frame. The full check follows in the background."""
    try:
        pack = load(content, overrides)
    except PackUnreadable as exc:
        log.error("content pack cannot be read: %s", exc)
        return None, str(exc)
    return _verdict(pack, list(pack.problems), content)


def _verdict(pack: Pack, problems: list[Problem], content: Path) -> tuple[Pack | None, str]:
    for problem in problems:
        (log.error if problem.level is Level.ERROR else log.warning)("%s", problem)
    errors = [p for p in problems if p.level is Level.ERROR]
    if errors:
        log.error("content pack %s has errors; it is not shown", content)
        return None, str(errors[-1])
    return pack, str(problems[-1]) if problems else ""


def build_window(pack: Pack | None, size: QSize, dpi: float, *, locked: bool) -> KioskWindow:
    settings = pack.settings if pack is not None else Settings()
    theme = Theme.make(settings.theme, size.width(), size.height(), dpi)
    window = KioskWindow(theme, locked=locked)
    if pack is not None:
        window.show_pack(pack)
    return window


class Kiosk(QObject):
    """The running kiosk: its window, session, staff access and the pack it shows."""

    def __init__(self, options: RunOptions) -> None:
        super().__init__()
        self.options = options
        self.app = application()
        machine = self._read_machine_config(options.machine_config)
        self.overrides = {**self._machine_settings(machine), **(options.overrides or {})}
        self.collector = UiThreadCollector(self)
        self.data = options.data_dir or lastgood.data_dir()
        self.started_at = datetime.now()
        self.faults = FaultHandler(self._recover, self._give_up, options.clock)
        self.pending: Pack | None = None
        self.showing = "configured pack"
        self.copying: threading.Thread | None = None  # the last good copy being made
        # Home shows as soon as the pack loads; the full check (every card rendered) runs
        # after the first frame, and a pack it finds errors in is taken down then.
        self._first_check = True
        pack, self.last_problem = quick_check(options.content, self.overrides)
        if pack is None:
            self._first_check = False
            pack = self._last_good()
        self.loaded_at = datetime.now() if pack is not None else None
        screen = QGuiApplication.primaryScreen()
        size = WINDOWED_SIZE if options.windowed else screen.geometry().size()
        self.window = build_window(
            pack, size, screen.physicalDotsPerInch(), locked=not options.windowed
        )
        settings = pack.settings if pack is not None else Settings()
        self.session = Session(settings.idle_seconds, settings.warning_seconds, options.clock)
        self.controller = SessionController(self.window, self.session)
        self.monitor = IdleMonitor(self.session, self.window, options.clock)
        self.monitor.woke.connect(self.controller.wake)
        self.staff = StaffAccess(
            self.window,
            staff.PinGuard(staff.stored_pin_hash(machine), options.clock),
            self.status,
        )
        self.monitor.staff_gesture.connect(self.staff.open)
        panel = self.window.staff_panel
        panel.reload_requested.connect(self.reload)
        panel.reset_requested.connect(self.controller.reset_now)
        panel.exit_requested.connect(self.exit)
        self.window.frame_painted.connect(self._on_first_frame)
        self.window.screen_changed.connect(self._on_screen_changed)
        self.keeper: ScreenKeeper | None = None
        self.watcher = PackWatcher(
            options.content,
            # Not a lambda over self: a Kiosk-watcher cycle would be freed by whichever
            # thread collects it.
            functools.partial(check_pack, overrides=self.overrides),
            options.clock,
            options.quiet_seconds,
            options.poll_seconds,
            options.check_seconds,
            parent=self,
        )
        self.watcher.pack_ready.connect(self._on_pack_ready)
        self.watcher.pack_refused.connect(self._on_pack_refused)
        self.watcher.finished.connect(self._on_check_finished)
        self._reloading = False  # staff asked; the pack shows at once, the panel reports
        self.heartbeat = QTimer(self)
        self.heartbeat.setInterval(HEARTBEAT_MS)
        self.heartbeat.timeout.connect(self.write_status)
        self.counts = stats.TopicCounts(stats.location(self.data))
        self._visit: tuple[Topic, float] | None = None
        self.window.topic_entered.connect(self._on_topic_entered)

    def show(self) -> None:
        window = self.window
        if self.options.windowed:
            window.resize(WINDOWED_SIZE)
            window.show()
        else:
            geometry = QGuiApplication.primaryScreen().geometry()
            window.setWindowFlags(
                Qt.WindowType.Window
                | Qt.WindowType.FramelessWindowHint
                | Qt.WindowType.WindowStaysOnTopHint
            )
            # With no window manager, the full-screen request alone leaves the window at
            # its natural size: give it the screen's geometry as well.
            window.setGeometry(geometry)
            window.showFullScreen()
            if not self.options.show_cursor:
                self.app.setOverrideCursor(Qt.CursorShape.BlankCursor)
        self.keeper = ScreenKeeper(self)
        self.keeper.changed.connect(self.write_status)
        log.info(
            "kiosk started on %s (%s)",
            self.options.content,
            "windowed" if self.options.windowed else "full screen",
        )

    def shutdown(self) -> None:
        """Stop watching, ticking, filtering, counting and speaking (the window may be gone
        after this)."""
        self._end_visit()
        self.counts.close()
        if self.window.speaker is not None:
            self.window.speaker.shut_down()
        self.watcher.stop()
        self.heartbeat.stop()
        self.controller.timer.stop()
        self.controller.countdown.stop()
        self.monitor.watch(None)
        self.collector.stop()

    def status(self) -> tuple[list[tuple[str, str]], str]:
        """The staff panel's lines and the last content problem."""
        pack = self.window.pack
        loaded = self.loaded_at.strftime("%Y-%m-%d %H:%M") if self.loaded_at else "not loaded"
        lines = [
            ("Pack", pack.settings.title if pack else "(none shown)"),
            ("Version", (pack.settings.version if pack else "") or "(none)"),
            ("Folder", str(self.options.content.absolute())),
            ("Showing", self.showing if pack else "the 'being updated' page"),
            ("Loaded", loaded),
            ("Kiosk", __version__),
        ]
        top = self.counts.top_topics(days=7, limit=5)
        read = [
            f"{n}. {t.title}: {t.opens} opened, {round(t.seconds / 60)} min"
            for n, t in enumerate(top, start=1)
        ]
        lines.append(("Most opened, last 7 days", "\n" + "\n".join(read) if read else "none yet"))
        if self.counts.problem:
            lines.append(("Topic counts", self.counts.problem))
        return lines, self.last_problem

    def write_status(self) -> None:
        """Rewrite status.json for a fleet monitor (no patient data in it)."""
        if self.options.status_file is None:
            return
        pack = self.window.pack
        logs.write_status(
            self.options.status_file,
            {
                "app_version": __version__,
                "pack_title": pack.settings.title if pack else None,
                "pack_version": pack.settings.version if pack else None,
                "pack_folder": str(self.options.content.absolute()),
                "showing": self.showing if pack else "updating page",
                "pack_loaded_at": self.loaded_at.isoformat(timespec="seconds")
                if self.loaded_at
                else None,
                "pending_swap": self.pending is not None,
                "last_problem": self.last_problem or None,
                "started_at": self.started_at.isoformat(timespec="seconds"),
                "uptime_seconds": int((datetime.now() - self.started_at).total_seconds()),
                "faults": self.faults.faults,
                "screen_awake": self.keeper.how if self.keeper else None,
                "written_at": datetime.now().isoformat(timespec="seconds"),
            },
        )

    # Live content ----------------------------------------------------------------------

    @Slot(object, str)
    def _on_pack_ready(self, pack: Pack, problem: str) -> None:
        shown = self.window.pack
        unsealing = shown is not None and shown.sealed and not pack.sealed
        if unsealing and not self._first_check and not self._reloading:
            # A sealed pack's folder without its manifest is most likely a new pack still
            # being copied, whose manifest has not arrived yet.
            self._on_pack_refused(
                f"the pack shown was sealed, and the folder now has no {MANIFEST}: waiting "
                "for it (seal the new pack with `kiosk seal`, or choose Reload pack to show "
                "it unsealed)"
            )
            return
        if self._first_check:  # the pack on screen passed its full check
            self._first_check = False
            self.window.adopt_rendered(pack)
            self.last_problem = problem
            self._keep_copy(pack)
            self.write_status()
            return
        self.last_problem = problem
        if self._reloading:
            log.info("content pack reloaded by staff")
            self.pending = None
            self._swap(pack)
        elif self._patient_is_reading():
            log.info("new content pack checked; it will show at the next return to Home")
            self.pending = pack
        else:
            self._swap(pack)
        self.write_status()

    @Slot(str)
    def _on_pack_refused(self, problem: str) -> None:
        self.last_problem = problem
        self.pending = None
        if self._first_check:  # the pack on screen failed its full check: take it down
            self._first_check = False
            fallback = self._last_good()
            if fallback is not None:
                self._swap_in(fallback)
            else:
                self.window.show_updating()
        else:
            log.error("the changed content pack is not shown (the current one stays): %s", problem)
        self.write_status()

    # Anonymous counts ------------------------------------------------------------------

    @Slot(object, bool)
    def _on_topic_entered(self, topic: Topic, opened: bool) -> None:
        self._end_visit()
        if opened:
            self.counts.opened(topic.id, topic.title, topic.language)
        self._visit = (topic, self.options.clock())

    def _end_visit(self) -> None:
        """Count the time on the topic being left, up to the last touch on it (a patient
        who walked away is not still reading)."""
        if self._visit is None:
            return
        topic, since = self._visit
        self._visit = None
        until = min(self.options.clock(), self.session.last_activity)
        self.counts.spent(topic.id, topic.title, topic.language, max(0.0, until - since))

    @Slot(str)
    def _on_screen_changed(self, screen: str) -> None:
        if screen != "topic":
            self._end_visit()
        if self.pending is not None and screen in ("home", "attract"):
            pack, self.pending = self.pending, None
            self._swap(pack)
            self.write_status()

    def _patient_is_reading(self) -> bool:
        window = self.window
        if any(overlay.isVisible() for overlay in window.overlays):
            return True
        return window.current_screen not in ("home", "attract", "updating")

    def _swap(self, pack: Pack) -> None:
        self._swap_in(pack)
        self.showing = "configured pack"
        self._keep_copy(pack)
        log.info("content pack swapped in: %s %s", pack.settings.title, pack.settings.version)

    def _swap_in(self, pack: Pack) -> None:
        self.window.swap_pack(pack)
        self.loaded_at = datetime.now()
        self.controller.set_timings(pack.settings.idle_seconds, pack.settings.warning_seconds)

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

    # Faults ----------------------------------------------------------------------------

    def _recover(self) -> None:
        if self.window.pack is not None:
            self.window.go_home()
        self.write_status()

    def _give_up(self) -> None:
        self.window.show_updating()
        self.write_status()
        self.window.unlock()
        QTimer.singleShot(0, lambda: self.app.exit(EXIT_FAULTS))

    def reload(self) -> None:
        """Staff's "Reload pack": check the folder now, off the UI thread (a share that
        stopped answering must not freeze the screen), and show its pack if it has no
        errors; the panel shows the outcome when the check reports."""
        self._reloading = True
        if not self.watcher.check_now():
            self._reloading = False
            self.last_problem = (
                "a check of the pack folder is still running, stuck on its folder; the pack "
                "on screen stays"
            )
            self.staff.show_panel()
            self.write_status()

    @Slot()
    def _on_check_finished(self) -> None:
        if self._reloading:
            self._reloading = False
            self.staff.show_panel()
            self.write_status()

    def exit(self) -> None:
        """Staff's "Exit kiosk": end with a status the service manager leaves alone."""
        log.info("kiosk closed by staff")
        self.window.unlock()
        self.window.close()
        self.app.exit(EXIT_BY_STAFF)

    def _on_first_frame(self) -> None:
        self.window.frame_painted.disconnect(self._on_first_frame)
        # From now on every event passes the idle monitor: installing it only after the
        # first frame keeps it off the start-up path.
        self.monitor.watch(self.window.windowHandle())
        if self.options.speech:
            from kiosk.ui.speech import make_speaker  # the engine starts after the first frame

            self.window.set_speaker(make_speaker(self.window))
        self.watcher.start()
        if self._first_check:
            self.watcher.check_now()
        self.heartbeat.start()
        self.write_status()
        log.info(
            "kiosk ready: %dx%d on %s",
            self.window.width(),
            self.window.height(),
            QGuiApplication.platformName(),
        )

    @staticmethod
    def _read_machine_config(path: Path | None) -> dict[str, Any]:
        path = path or staff.machine_config_path()
        try:
            return staff.read_machine_config(path)
        except staff.MachineConfigError as exc:
            log.error("%s", exc)
            return {}

    @staticmethod
    def _machine_settings(machine: dict[str, Any]) -> dict[str, Any]:
        layer = {k: v for k, v in machine.items() if k != staff.STAFF_TABLE}
        values, problems = config.check_layer(layer, "machine config")
        for problem in problems:
            log.warning("%s", problem)
        return values


def start(options: RunOptions) -> Kiosk:
    """Load the pack and show the kiosk (locked full-screen, or windowed)."""
    kiosk = Kiosk(options)
    kiosk.show()
    return kiosk


def run(options: RunOptions) -> int:
    """Run the kiosk until staff close it or a signal stops it; the exit status."""
    kiosk = start(options)
    kiosk.faults.install()
    stops = StopSignals(kiosk)

    def stop(name: str) -> None:
        log.info("stopping on %s", name)
        kiosk.window.unlock()
        kiosk.app.quit()

    stops.stop_requested.connect(stop)
    try:
        status = kiosk.app.exec()
    finally:
        kiosk.shutdown()
        stops.restore()
        kiosk.faults.restore()
    log.info("kiosk stopped (status %d)", status)
    return status
