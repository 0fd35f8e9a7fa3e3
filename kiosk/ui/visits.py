"""Anonymous reading time: which topic is open, since when, and how long it was read.

Nothing about a person is kept: a topic's opens and seconds are added to the day's
totals (`kiosk.stats`) when the patient leaves it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot

from kiosk.clock import Clock
from kiosk.pack import Topic
from kiosk.session import Session
from kiosk.stats import TopicCounts
from kiosk.ui.screens import Screen


class TopicVisits(QObject):
    """Times the topic on screen and adds it to `counts` when the patient leaves it."""

    def __init__(
        self, counts: TopicCounts, session: Session, clock: Clock, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._counts, self._session, self._clock = counts, session, clock
        self._visit: tuple[Topic, float] | None = None

    @Slot(object, bool)
    def entered(self, topic: Topic, opened: bool) -> None:
        """A topic came on screen; `opened` when from Home (not back from another)."""
        self.end()
        if opened:
            self._counts.opened(topic.id, topic.title, topic.language)
        self._visit = (topic, self._clock())

    @Slot(object)
    def screen_changed(self, screen: Screen) -> None:
        if screen is not Screen.TOPIC:
            self.end()

    def end(self) -> None:
        """Count the time on the topic being left, up to the last touch on it (a patient
        who walked away is not still reading)."""
        if self._visit is None:
            return
        topic, since = self._visit
        self._visit = None
        until = min(self._clock(), self._session.last_activity)
        self._counts.spent(topic.id, topic.title, topic.language, max(0.0, until - since))
