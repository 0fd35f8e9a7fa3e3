"""Start the kiosk: the application, and the pieces of `kiosk.ui` made and wired together
(the window, the session, staff access, live content, counts, faults, status.json)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk import __version__, config, logs, paths, staff, stats
from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.metrics import METRICS_FILE, Snapshot, write_metrics
from kiosk.pack import Pack
from kiosk.session import Phase, Session
from kiosk.ui import qtlog
from kiosk.ui.closed import Darkness
from kiosk.ui.faults import FaultHandler, StopSignals, UiThreadCollector
from kiosk.ui.idle import IdleMonitor, SessionController
from kiosk.ui.live import LiveContent
from kiosk.ui.notice import NoticeWatch
from kiosk.ui.staff import StaffAccess
from kiosk.ui.theme import Theme, load_fonts, load_italic_fonts
from kiosk.ui.visits import TopicVisits
from kiosk.ui.watchdog import Watchdog
from kiosk.ui.window import KioskWindow

if TYPE_CHECKING:
    from kiosk.ui.awake import ScreenKeeper
    from kiosk.ui.staffpanel import StaffStatus

log = logging.getLogger(__name__)

WINDOWED_SIZE = QSize(1280, 800)
EXIT_FAULTS = 70  # BSD's EX_SOFTWARE: the supervisor restarts the kiosk
EXIT_BY_STAFF = 10  # staff chose "Exit kiosk": the supervisor should not restart it
HEARTBEAT_MS = 60_000
# kiosk.prom is first written this long after the first frame: importing the Prometheus
# client (about 70 ms) stays off the start and the first touch.
METRICS_AFTER_MS = 1_000


@dataclass(frozen=True)
class RunOptions:
    """How to run: which pack and machine config, windowed or locked, setting overrides,
    where to keep the last good pack, the counts and status.json, how patiently to watch
    the pack folder (`kiosk.watcher`), whether to look for a text-to-speech engine, and
    the clocks (injected in tests)."""

    content: Path
    windowed: bool = False
    show_cursor: bool = False
    overrides: dict[str, Any] | None = None
    machine_config: Path | None = None
    data_dir: Path | None = None
    status_file: Path | None = None
    notice_file: Path | None = None  # else the data folder's notice.toml
    metrics_file: Path | None = None  # kiosk.prom; else beside status.json, if it is written
    speech: bool = True
    quiet_seconds: float = 10.0
    poll_seconds: float = 10.0
    check_seconds: float = 60.0
    clock: Clock = field(default=time.monotonic)
    now: Callable[[], datetime] = datetime.now  # the wall clock staff are told times by


def application() -> QApplication:
    """The QApplication, made once, with the kiosk's regular and bold fonts (Home's; the
    italics are `theme.load_italic_fonts`)."""
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


def build_window(pack: Pack | None, size: QSize, dpi: float, *, locked: bool) -> KioskWindow:
    settings = pack.settings if pack is not None else Settings()
    theme = Theme.make(settings.theme, size.width(), size.height(), dpi)
    window = KioskWindow(theme, locked=locked)
    if pack is not None:
        window.show_pack(pack)
    return window


class Kiosk(QObject):
    """The running kiosk: the pieces of `kiosk.ui`, made and wired together.

    Signals:
        ready(): the first frame is on screen and the pack's full check has reported.
    """

    ready = Signal()

    def __init__(self, options: RunOptions) -> None:
        super().__init__()
        self.options = options
        self.app = application()
        machine, settings_here = config.machine_config(options.machine_config)
        overrides = {**settings_here, **(options.overrides or {})}
        self.collector = UiThreadCollector(self)
        # Built, and its pack checked (the pack's data kept): what lives on is frozen.
        self.ready.connect(self.collector.freeze, Qt.ConnectionType.SingleShotConnection)
        self.data = options.data_dir or paths.data_dir()
        self.started_at = datetime.now()
        self.faults = FaultHandler(self._recover, self._give_up, options.clock)
        watch = (options.quiet_seconds, options.poll_seconds, options.check_seconds)
        # With no pack to show, the machine's settings still hold (its opening hours).
        self.settings_without_pack = Settings.from_layers(overrides)
        self._zone: ZoneInfo | None = None
        self.live = LiveContent(
            options.content, overrides, self.data, options.clock, watch, self.clinic_now, self
        )
        pack = self.live.first_pack
        screen = QGuiApplication.primaryScreen()
        size = WINDOWED_SIZE if options.windowed else screen.geometry().size()
        self.window = build_window(
            pack, size, screen.physicalDotsPerInch(), locked=not options.windowed
        )
        settings = pack.settings if pack is not None else self.settings_without_pack
        self._set_zone(settings)
        self.session = Session(settings.idle_seconds, settings.warning_seconds, options.clock)
        self.controller = SessionController(self.window, self.session)
        self.controller.phase_changed.connect(self._on_phase_changed)
        self.live.attach(self.window, self.controller)
        self.monitor = IdleMonitor(self.session, self.window, options.clock)
        self.monitor.woke.connect(self._on_woke)
        self.staff = StaffAccess(
            self.window,
            staff.PinGuard(staff.stored_pin_hash(machine), options.clock),
            self.staff_status,
        )
        self.monitor.staff_gesture.connect(self.staff.open)
        self.notices = NoticeWatch(
            options.notice_file or paths.notice_file(self.data), self.clinic_now, self
        )
        self.window.show_notice(self.notices.notice)
        self.notices.changed.connect(self._on_notice_changed)
        self.darkness = Darkness(self.window, self.controller, settings, options.now, self)
        self.darkness.changed.connect(self.write_status)
        self.darkness.changed.connect(self.staff.refresh)
        self.live.changed.connect(self._on_content_changed)
        self.live.swapped.connect(self.collector.thaw)
        self.live.changed.connect(self.write_status)
        self.live.changed.connect(self.staff.refresh)
        self.live.reload_finished.connect(self._on_reload_finished)
        self.live.checked.connect(self._on_checked)
        self.window.frame_painted.connect(self._on_first_frame)
        self.last_frame = options.clock()
        self.window.frame_painted.connect(self._on_frame)
        self._metrics_failed = False
        self._metrics_on = False
        self.watchdog = Watchdog(parent=self)
        self.keeper: ScreenKeeper | None = None
        self.heartbeat = QTimer(self)
        self.heartbeat.setInterval(HEARTBEAT_MS)
        self.heartbeat.timeout.connect(self.write_status)
        self.heartbeat.timeout.connect(self._ask_for_a_frame)
        self.counts = stats.TopicCounts(paths.counts_file(self.data))
        self.visits = TopicVisits(self.counts, self.session, options.clock, self)
        self.window.topic_entered.connect(self.visits.entered)
        self.window.screen_changed.connect(self.visits.screen_changed)
        self._painted = False

    @property
    def is_ready(self) -> bool:
        """Whether `ready` has been emitted."""
        return self._painted and not self.live.first_check_due

    def show(self) -> None:
        window = self.window
        if self.options.windowed:
            window.resize(WINDOWED_SIZE)
            window.show()
        else:
            window.show_locked()
            if not self.options.show_cursor:
                self.app.setOverrideCursor(Qt.CursorShape.BlankCursor)
        log.info(
            "kiosk started on %s (%s)",
            self.options.content,
            "windowed" if self.options.windowed else "full screen",
        )

    def shutdown(self) -> None:
        """Stop watching, ticking, filtering, counting and speaking (the window may be gone
        after this)."""
        self.visits.end()
        self.counts.close()
        if self.window.speaker is not None:
            self.window.speaker.shut_down()
        self.live.stop()
        self.notices.stop()
        self.darkness.stop()
        self.heartbeat.stop()
        self.controller.stop()
        self.monitor.watch(None)
        self.collector.stop()

    def staff_status(self, outcome: str) -> StaffStatus:
        """What the staff panel shows now, given what came of the last action."""
        from kiosk.ui.staffpanel import StaffStatus  # imported with the panel, after start

        top = self.counts.top_topics(days=7, limit=5)
        week = [
            f"{n}. {t.title}: opened {t.opens} time{'' if t.opens == 1 else 's'}, "
            f"{round(t.seconds / 60)} min in all"
            for n, t in enumerate(top, start=1)
        ]
        if self.counts.problem:
            week.append(f"Topic counts: {self.counts.problem}")
        busy = self.live.reloading
        return StaffStatus(
            self.live.report(),
            tuple(week),
            "Checking the pack folder…" if busy else outcome,
            f"Kiosk {__version__} · pack folder {self.live.content.absolute()} · notice "
            f"file {self.notices.path}",
            busy,
            self._notice_and_hours_lines(),
        )

    # Opening hours and the clinic's clock ---------------------------------------------

    def clinic_now(self) -> datetime:
        """Now on the clinic's wall clock: in `[hours] time_zone` when it names one (the
        computer's may be left in UTC), else the computer's. Dates and notices use it."""
        now = self.options.now()
        return now.astimezone(self._zone).replace(tzinfo=None) if self._zone else now

    def _set_zone(self, settings: Settings) -> None:
        self._zone = ZoneInfo(settings.hours_time_zone) if settings.hours_time_zone else None

    @Slot()
    def _on_woke(self) -> None:
        """A touch during the slideshow wakes the kiosk, unless it is closed."""
        if not self.darkness.touched():
            self.controller.wake()

    @Slot(str)
    def _on_phase_changed(self, phase: str) -> None:
        if phase == Phase.SLIDESHOW.value:
            # The patient is forgotten: the cards that showed their language, text size
            # or contrast, and what they read, may be garbage now (freed in a minute).
            self.collector.thaw()

    @Slot()
    def _on_content_changed(self) -> None:
        pack = self.live.on_screen.pack
        settings = pack.settings if pack is not None else self.settings_without_pack
        self._set_zone(settings)
        self.darkness.set_settings(settings)

    def _notice_and_hours_lines(self) -> tuple[str, ...]:
        notice = self.notices.notice
        if notice is None:
            lines = ['No notice: set one with kiosk notice "...".']
        else:
            until = f", until {notice.until:%-d %b %H:%M}" if notice.until else ""
            lines = [f'Notice on every screen{until}: "{notice.message}"']
        lines += [f"Notice file: {p}" for p in self.notices.problems]
        hours, power = self.darkness.hours.state(), self.darkness.power.last
        lines.append(f"Opening hours: {hours}; screen power: {power}.")
        return tuple(lines)

    @Slot()
    def _on_notice_changed(self) -> None:
        self.window.show_notice(self.notices.notice)
        self.write_status()
        self.staff.refresh()

    # Staff actions -----------------------------------------------------------------------

    @Slot()
    def reload_by_staff(self) -> None:
        self.live.reload()
        self.staff.refresh()  # "Checking..." (or, at once, why it cannot)

    @Slot()
    def _on_reload_finished(self) -> None:
        """Say what came of the reload on the panel: open, or closed by the reload's swap
        (never reopened once staff closed it or the countdown did: a patient may be there)."""
        if self.window.staff_panel.isVisible() or self.live.reload_closed_panel:
            self.staff.show_panel(self.live.outcome)
        self.write_status()

    @Slot()
    def reset_by_staff(self) -> None:
        """Staff's "Reset now": forget the patient as the countdown would, then Home, ready
        for the next one, under the panel saying so."""
        self.controller.reset_now()
        self.controller.wake()
        log.info("reset by staff")
        after = (
            "Home is ready for the next patient"
            if self.window.pack is not None
            else "the 'being updated' page shows until a pack can"
        )
        self.staff.show_panel(
            f"Reset at {self.clinic_now():%H:%M}: the last patient's topic, text size, "
            f"contrast and language are forgotten; {after}."
        )

    def write_status(self) -> None:
        """Rewrite status.json and kiosk.prom for a fleet monitor (no patient data)."""
        self.write_metrics()
        if self.options.status_file is None:
            return
        logs.write_status(
            self.options.status_file,
            {
                "app_version": __version__,
                **self.live.status_fields(),
                **self._notice_and_hours_fields(),
                "started_at": self.started_at.isoformat(timespec="seconds"),
                "uptime_seconds": int((datetime.now() - self.started_at).total_seconds()),
                "faults": self.faults.faults,
                "screen_awake": self.keeper.how if self.keeper else None,
                "written_at": datetime.now().isoformat(timespec="seconds"),
            },
        )

    @Slot()
    def _on_frame(self) -> None:
        self.last_frame = self.options.clock()

    @Slot()
    def _ask_for_a_frame(self) -> None:
        """Repaint one pixel: a kiosk at rest paints nothing, and now still paints a frame
        a minute, so kiosk.prom's seconds since a frame tell a screen being drawn from one
        that is not (the window hidden, a compositor that stopped drawing it) while the UI
        thread runs on (a hung one is the watchdog's)."""
        self.window.update(0, 0, 1, 1)

    def write_metrics(self) -> None:
        """Rewrite kiosk.prom (`kiosk.metrics`) for node_exporter's textfile collector."""
        path = self.options.metrics_file
        if not self._metrics_on:  # the library is imported a second after the first frame
            return
        if path is None and self.options.status_file is not None:
            path = self.options.status_file.parent / METRICS_FILE
        if path is None:
            return
        try:
            write_metrics(path, self.metrics())
        except OSError as exc:
            if not self._metrics_failed:  # once, not every minute
                log.warning("cannot write %s: %s", path, exc)
            self._metrics_failed = True
        else:
            self._metrics_failed = False

    def metrics(self) -> Snapshot:
        live, pack = self.live, self.live.on_screen.pack
        shown = None
        if pack is not None:
            shown = {
                "version": pack.settings.version,
                "title": pack.settings.title,
                "manifest_sha256": pack.manifest_sha256,
                "copy": str(live.on_screen.copy),
            }
        return Snapshot(
            uptime_seconds=(datetime.now() - self.started_at).total_seconds(),
            since_frame_seconds=self.options.clock() - self.last_frame,
            pack=shown,
            faults=self.faults.faults,
            swaps=live.swaps,
            refused=live.refused,
            errors=len(live.folder.errors),
            warnings=len(live.folder.warnings),
            open=self.darkness.hours.open,
            notice=self.notices.notice is not None,
            topics=self._topic_counts(pack),
        )

    def _topic_counts(self, pack: Pack | None) -> dict[tuple[str, str], tuple[int, int]]:
        """Opens and reading seconds since start by (topic, language), a topic shown but
        not opened yet at 0: a counter's series exists from the start, so Prometheus's
        increase() counts a topic's first opening too."""
        shown = [] if pack is None else [t for e in pack.editions for t in e.topics]
        counts = {(topic.id, topic.language): (0, 0) for topic in shown}
        counts.update(self.counts.since_start)
        return counts

    def _notice_and_hours_fields(self) -> dict[str, Any]:
        notice = self.notices.notice
        return {
            "notice": notice.message if notice else None,
            "notice_until": notice.until.isoformat(timespec="minutes")
            if notice and notice.until
            else None,
            "notice_problems": [p.as_dict() for p in self.notices.problems],
            "hours": self.darkness.hours.state(),
            "screen_power": self.darkness.power.last,
        }

    # Faults and exits ------------------------------------------------------------------

    def _recover(self) -> None:
        if self.window.pack is not None:
            self.window.go_home()
        self.write_status()

    def _give_up(self) -> None:
        self.live.take_down()
        self.write_status()
        self.window.unlock()
        QTimer.singleShot(0, lambda: self.app.exit(EXIT_FAULTS))

    def exit(self) -> None:
        """Staff's "Exit kiosk": end with a status the service manager leaves alone."""
        log.info("kiosk closed by staff")
        self.window.unlock()
        self.window.close()
        self.app.exit(EXIT_BY_STAFF)

    # Start-up ----------------------------------------------------------------------------

    def _on_first_frame(self) -> None:
        """Home is on screen: build and start the rest, before a touch is taken in."""
        self.window.frame_painted.disconnect(self._on_first_frame)
        window = self.window
        log.info(
            "first frame: %dx%d on %s",
            window.width(),
            window.height(),
            QGuiApplication.platformName(),
        )
        load_italic_fonts()
        window.build_all()
        panel = window.staff_panel
        panel.reload_requested.connect(self.reload_by_staff)
        panel.reset_requested.connect(self.reset_by_staff)
        panel.exit_requested.connect(self.exit)
        # From now on every event passes the idle monitor: installing it only after the
        # first frame keeps it off the start-up path.
        self.monitor.watch(window.windowHandle())
        if self.options.speech:
            from kiosk.ui.speech import make_speaker  # the engine starts after the first frame

            window.read_aloud.set_speaker(make_speaker(window))
        from kiosk.ui.awake import ScreenKeeper  # D-Bus and Xlib, once the screen shows

        self.keeper = ScreenKeeper(self)
        self.keeper.changed.connect(self.write_status)
        self.watchdog.ready(f"showing {self.live.on_screen.copy}")
        self.live.start()
        self.notices.start()
        self.darkness.start()
        self.heartbeat.start()
        self.write_status()
        QTimer.singleShot(METRICS_AFTER_MS, self, self._start_metrics)  # not once it is gone
        log.info(
            "kiosk ready: %dx%d on %s",
            self.window.width(),
            self.window.height(),
            QGuiApplication.platformName(),
        )
        self._painted = True
        if self.is_ready:
            self.ready.emit()

    @Slot()
    def _start_metrics(self) -> None:
        self._metrics_on = True
        self.write_metrics()

    @Slot()
    def _on_checked(self) -> None:
        if self.is_ready:
            self.ready.emit()


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
        kiosk.watchdog.stopping()
        kiosk.shutdown()
        stops.restore()
        kiosk.faults.restore()
    log.info("kiosk stopped (status %d)", status)
    return status
