"""Outside opening hours: the kiosk dark, the screen asleep, and a touch that lights a
calm "We are closed" for a little while.

`OpeningHours` follows the schedule (`kiosk.hours`) on the wall clock and says when the
kiosk opens and closes; `ClosedScreen` lies over the whole window while it is closed:
black, nothing moving, and after a touch the words in each of the pack's languages;
`Darkness` makes the kiosk follow the hours.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.config import Settings
from kiosk.hours import Schedule
from kiosk.ui.idle import SessionController
from kiosk.ui.screenpower import ScreenPower
from kiosk.ui.window import KioskWindow
from kiosk.words import Words

log = logging.getLogger(__name__)

# The schedule is looked at again every minute, so a clock set by hand or by NTP after a
# cold boot (a Raspberry Pi has no clock of its own) is followed within a minute.
LOOK_MS = 60_000
LIT_MS = 20_000  # how long a touch lights the closed screen


class OpeningHours(QObject):
    """Whether the kiosk is open now, and a timer for the next change.

    Signals:
        changed(bool): the kiosk opened (True) or closed (False).
    """

    changed = Signal(bool)

    def __init__(
        self,
        schedule: Schedule | None,
        now: Callable[[], datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._now = now
        self.schedule = schedule
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.look)
        self.open = self._open_now()
        if not self.open:
            log.info("opening hours: closed")

    def set_schedule(self, schedule: Schedule | None) -> None:
        """A new pack or machine config: look again at once."""
        self.schedule = schedule
        self.look()

    def start(self) -> None:
        self.look()

    def stop(self) -> None:
        self.timer.stop()

    @Slot()
    def look(self) -> None:
        opened = self._open_now()
        if opened != self.open:
            self.open = opened
            log.info("opening hours: %s", "open" if opened else "closed")
            self.changed.emit(opened)
        self._schedule()

    def state(self) -> str:
        """ "open", "closed until 08:00" (or "until Monday 08:00"), for status and staff."""
        if self.open:
            return "open"
        opening = self.opens_at()
        if opening is None:
            return "closed"
        here = self.local_now()
        day = "" if opening.date() == here.date() else f"{opening:%A} "
        return f"closed until {day}{opening:%H:%M}"

    def opens_at(self) -> datetime | None:
        return self.schedule.next_opening(self._now()) if self.schedule else None

    def local_now(self) -> datetime:
        """Now on the clinic's clock."""
        return self.schedule.local(self._now()) if self.schedule else self._now()

    def _open_now(self) -> bool:
        return self.schedule is None or self.schedule.is_open(self._now())

    def _schedule(self) -> None:
        if self.schedule is None:
            self.timer.stop()
            return
        wait = self.schedule.seconds_to_change(self._now())
        wait_ms = LOOK_MS if wait is None else math.ceil(wait * 1000)
        self.timer.start(max(0, min(LOOK_MS, wait_ms)))


class ClosedScreen(QWidget):
    """Black over the whole window while the clinic is closed; a touch shows when it
    opens, in each of the pack's languages, for `LIT_MS`."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("ClosedScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.words = QLabel()
        self.words.setObjectName("ClosedWords")
        self.words.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.words.setWordWrap(True)
        column = QVBoxLayout(self)
        column.addWidget(self.words)
        self.words.hide()
        self.dim = QTimer(self)
        self.dim.setSingleShot(True)
        self.dim.timeout.connect(self.go_dark)
        parent.installEventFilter(self)
        self.hide()

    def close_kiosk(self) -> None:
        """Go black over everything."""
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.go_dark()
        self.show()
        self.raise_()

    def open_kiosk(self) -> None:
        self.dim.stop()
        self.hide()

    @Slot()
    def go_dark(self) -> None:
        self.words.hide()
        self.setAccessibleName("Closed")

    def light(self, opens_at: datetime | None, languages: tuple[str, ...], today: datetime) -> None:
        """Show, for a while, that the clinic is closed and when it opens."""
        lines = [
            _closed_words(Words(language), opens_at, today) for language in languages or ("en",)
        ]
        self.words.setText("\n\n".join(dict.fromkeys(lines)))
        self.setAccessibleName(lines[0])
        self.words.show()
        self.dim.start(LIT_MS)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Cover the window whatever size it takes (the screen turned, another monitor)."""
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
        return False


def _closed_words(words: Words, opens_at: datetime | None, today: datetime) -> str:
    if opens_at is None:
        return words("closed")
    at = f"{opens_at.hour}:{opens_at.minute:02d}"
    if opens_at.date() == today.date():
        return words("closed_until", time=at)
    day = words("days").split()[opens_at.weekday()]
    return words("closed_until_day", day=day, time=at)


class Darkness(QObject):
    """Makes the kiosk follow its opening hours: at closing time the patient is forgotten
    (as at any reset), panels close, the black screen covers all, nothing moves and the
    screen is asked to sleep; at opening time the screen wakes and the slideshow starts.

    Signals:
        changed(): what status.json and the staff panel say of the hours changed.
    """

    changed = Signal()

    def __init__(
        self,
        window: KioskWindow,
        controller: SessionController,
        settings: Settings,
        now: Callable[[], datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window, self._controller = window, controller
        self.hours = OpeningHours(Schedule.of(settings), now, self)
        self.power = ScreenPower(settings.display_off, self)
        self.power.changed.connect(self.changed)
        self.screen = ClosedScreen(window)
        self.screen.dim.timeout.connect(self.power.sleep)  # a touch lit it; dark again
        self.hours.changed.connect(self.follow)
        self.dark = False
        self._started = False  # the screen is asked to sleep only once the kiosk shows
        self.follow()

    def start(self) -> None:
        self._started = True
        self.hours.start()
        if self.dark:
            self.power.sleep()

    def stop(self) -> None:
        """Stop following the hours; a screen put to sleep is woken for whoever comes."""
        self.hours.stop()
        if self.dark:
            self.power.wake_detached()

    def set_settings(self, settings: Settings) -> None:
        """A new pack (or none): its hours and its way to sleep the screen."""
        self.power.set_choice(settings.display_off)
        self.hours.set_schedule(Schedule.of(settings))
        if self.dark:
            self._window.slideshow.stop()  # a pack swapped in while closed starts nothing

    @Slot()
    def follow(self) -> None:
        """Make the kiosk match the hours, again if they changed on the way (closing swaps
        in a waiting pack, whose hours may say open)."""
        while self.dark == self.hours.open:
            if self.hours.open:
                self._lighten()
            else:
                self._darken()
        self.changed.emit()

    def touched(self) -> bool:
        """A touch during the slideshow: while closed, light the closed screen for a while
        (True); else it is the session's to wake (False)."""
        if not self.dark:
            return False
        pack = self._window.pack
        self.screen.light(
            self.hours.opens_at(), pack.languages if pack else (), self.hours.local_now()
        )
        self.power.wake()
        return True

    def _darken(self) -> None:
        self.dark = True
        self.screen.close_kiosk()
        self._window.close_overlays()
        if self._started:
            self.power.sleep()
        self._controller.reset_now()
        if self.dark:  # still closed: nothing moves behind the black screen
            self._window.slideshow.stop()

    def _lighten(self) -> None:
        self.dark = False
        self.screen.open_kiosk()
        if self._started:
            self.power.wake()
        self._controller.reset_now()
        if not self.dark:  # the session rests in the slideshow: start it afresh
            self._window.reset()
