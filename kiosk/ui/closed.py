"""Outside opening hours: the kiosk dark, the screen asleep, and a touch that lights a
calm "We are closed" for a little while.

`OpeningHours` follows the schedule (`kiosk.hours`) on the wall clock and says when the
kiosk opens and closes; `ClosedScreen` lies over the whole window while it is closed:
black, nothing moving, and after a touch the words in each of the pack's languages.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.hours import Schedule
from kiosk.words import Words

log = logging.getLogger(__name__)

LOOK_MS = 3_600_000  # the schedule is looked at again at least hourly
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
        self.open = True
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
        here = self.schedule.local(self._now()) if self.schedule else self._now()
        day = "" if opening.date() == here.date() else f"{opening:%A} "
        return f"closed until {day}{opening:%H:%M}"

    def opens_at(self) -> datetime | None:
        return self.schedule.next_opening(self._now()) if self.schedule else None

    def _open_now(self) -> bool:
        return self.schedule is None or self.schedule.is_open(self._now())

    def _schedule(self) -> None:
        wait = self.schedule.seconds_to_change(self._now()) if self.schedule else None
        if wait is None:
            self.timer.stop()
        else:
            self.timer.start(max(0, min(LOOK_MS, math.ceil(wait * 1000))))


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

    def light(self, opens_at: datetime | None, languages: tuple[str, ...]) -> None:
        """Show, for a while, that the clinic is closed and when it opens."""
        lines = [_closed_words(Words(language), opens_at) for language in languages or ("en",)]
        self.words.setText("\n\n".join(dict.fromkeys(lines)))
        self.setAccessibleName(lines[0])
        self.words.show()
        self.dim.start(LIT_MS)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Cover the window whatever size it takes (the screen turned, another monitor)."""
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
        return False


def _closed_words(words: Words, opens_at: datetime | None) -> str:
    if opens_at is None:
        return words("closed")
    return words("closed_until", time=f"{opens_at.hour}:{opens_at.minute:02d}")
