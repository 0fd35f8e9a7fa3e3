"""Watching for a patient: input as activity, the countdown, the reset, the wake touch.

`IdleMonitor` filters the input of the kiosk's native window; `SessionController` runs
the `kiosk.session.Session` rules on timers and moves the window accordingly.
"""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QEvent, QObject, QPointF, QTimer, Signal, Slot
from PySide6.QtGui import QInputDevice, QMouseEvent, QTouchEvent, QWindow

from kiosk.clock import Clock
from kiosk.session import Phase, Session
from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)

_INPUT = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.TouchCancel,
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.Wheel,
    }
)
_PRESS = frozenset(
    {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin}
)
_RELEASE = frozenset(
    {QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel}
)

STAFF_TAPS = 5
STAFF_TAP_SECONDS = 3.0


class IdleMonitor(QObject):
    """Sees every input event of the kiosk before any widget does.

    Any touch, click, key or wheel is activity. During the slideshow the first press
    only wakes the kiosk: it and everything up to its release are swallowed, so the
    finger does not also press what Home shows under it. Five presses in the top-right
    corner (`_in_corner`) within three seconds are the hidden staff gesture, at any pace
    a finger taps; presses there reach nothing else.

    It filters the kiosk window's native window (QWindow), where the platform delivers
    all of the app's input before Qt hands it to a widget: the kiosk has one window, so
    this sees what an application-wide filter would, without a Python call for every
    internal event of every object. (An application-wide Python filter also crashed
    PySide 6.12 when Qt sent one an event for an object still being constructed.) It is
    installed after the first frame, off the start-up path.

    Signals:
        woke(): a touch during the slideshow.
        staff_gesture(): the hidden staff gesture was made.
    """

    woke = Signal()
    staff_gesture = Signal()

    def __init__(self, session: Session, window: KioskWindow, clock: Clock) -> None:
        super().__init__(window)
        self.session = session
        self._window = window
        self._clock = clock
        self._handle: QWindow | None = None
        self._absorbing = False
        self._corner_taps: list[float] = []

    def watch(self, handle: QWindow | None) -> None:
        """Filter the input of this native window (the kiosk window's handle)."""
        if self._handle is not None:
            self._handle.removeEventFilter(self)
        self._handle = handle
        if handle is not None:
            handle.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind not in _INPUT:
            return False
        if self._absorbing:
            if kind in _RELEASE:
                self._absorbing = False
            return True
        if kind in _PRESS:
            if self.session.phase is Phase.SLIDESHOW:
                self._absorbing = kind != QEvent.Type.MouseButtonDblClick
                self.woke.emit()
                return True
            self.session.activity()
            position = self._tap_position(event)
            if position is None:
                return False
            if not self._in_corner(position):
                self._corner_taps.clear()
                return False
            # A tap in the corner is the staff's alone: it and all up to its release are
            # swallowed, so it reaches nothing under it (the fifth not the PIN pad it
            # opens), and the double-click Qt sends after a second quick press is not
            # counted again. A double-click that comes in place of a press is counted.
            self._absorbing = True
            if self._staff_gesture_made():
                self.staff_gesture.emit()
            return True
        self.session.activity()
        return False

    @staticmethod
    def _tap_position(event: QEvent) -> QPointF | None:
        """Where a press is, counting each finger once: Qt sends a touch and then a mouse
        press made up from it; the made-up one is not counted."""
        if isinstance(event, QTouchEvent):
            points = event.points()
            return points[0].position() if points else None
        if isinstance(event, QMouseEvent):
            device = event.device()
            if device is not None and device.type() == QInputDevice.DeviceType.TouchScreen:
                return None
            return event.position()
        return None

    def _in_corner(self, position: QPointF) -> bool:
        """Whether a press is in the staff's corner: the top of the right-hand margin,
        which no control of any screen reaches into (every screen keeps `margin_px`
        clear at its edges), so a patient's tap on a control there never counts."""
        m = self._window.theme.metrics
        return (
            position.x() >= self._window.width() - m.margin_px and position.y() <= m.button_px * 1.5
        )

    def _staff_gesture_made(self) -> bool:
        """Count a press in the corner; True on the fifth within the time."""
        now = self._clock()
        self._corner_taps = [t for t in self._corner_taps if now - t <= STAFF_TAP_SECONDS]
        self._corner_taps.append(now)
        if len(self._corner_taps) < STAFF_TAPS:
            return False
        self._corner_taps.clear()
        return True


class SessionController(QObject):
    """Runs the session's rules on timers and moves the window.

    The clock is injected: tests advance a fake clock and call `tick`.

    Signals:
        phase_changed(str): "browse", "warn" or "slideshow".
    """

    phase_changed = Signal(str)

    def __init__(self, window: KioskWindow, session: Session) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self._phase = session.phase
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.tick)
        self.countdown = QTimer(self)
        self.countdown.setInterval(1000)
        self.countdown.timeout.connect(self.tick)
        window.still_here.connect(self.still_here)
        self.schedule()

    def stop(self) -> None:
        """Stop the session's timers (the kiosk is shutting down)."""
        self.timer.stop()
        self.countdown.stop()

    def set_timings(self, idle_seconds: int, warning_seconds: int) -> None:
        self.session.idle_seconds = idle_seconds
        self.session.warning_seconds = warning_seconds
        self.schedule()

    def schedule(self) -> None:
        """Wake up when the phase could next change (activity since only delays it)."""
        wait = self.session.seconds_to_next_change()
        if math.isinf(wait):
            self.timer.stop()
        else:
            self.timer.start(max(50, math.ceil(wait * 1000)))

    @Slot()
    def tick(self) -> None:
        before = self._phase
        phase = self.session.tick()
        if phase is Phase.WARN:
            self._show_seconds_left()
        if phase is not before:
            self._enter(phase)
        self.schedule()

    @Slot()
    def still_here(self) -> None:
        """The "I'm still here" button."""
        self.session.still_here()
        self._enter(self.session.phase)
        self.schedule()

    @Slot()
    def wake(self) -> None:
        """A touch during the slideshow: Home, ready for the next patient."""
        self.session.wake()
        self._enter(self.session.phase)
        self.window.go_home()
        self.schedule()

    @Slot()
    def reset_now(self) -> None:
        """Staff's "Reset now"."""
        self.session.reset()
        self._enter(self.session.phase)
        self.schedule()

    def _show_seconds_left(self) -> None:
        """The countdown's seconds left, of the whole warning, on its ring."""
        total = math.ceil(self.session.warning_seconds)
        self.window.still_there.set_seconds(self.session.seconds_left(), total)

    def _enter(self, phase: Phase) -> None:
        previous, self._phase = self._phase, phase
        if phase is previous:
            return
        log.debug("session %s -> %s", previous.value, phase.value)
        window = self.window
        if phase is Phase.WARN:
            # Opening it closes any other panel: the QR code under it, and whatever staff
            # who walked away left open for a patient to find.
            self._show_seconds_left()
            window.still_there.open()
            self.countdown.start()
        else:
            self.countdown.stop()
            window.close_countdown()
        if phase is Phase.SLIDESHOW:
            window.reset()
        self.phase_changed.emit(phase.value)
