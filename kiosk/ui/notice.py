"""The urgent notice on screen: the file watched, and its banner over every screen."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel

from kiosk.notice import Notice, read_notice
from kiosk.problem import Level, Problem
from kiosk.ui.widgets import breakable

log = logging.getLogger(__name__)

LOOK_MS = 2_000  # how often the notice file is looked at (a stat: nothing is read)


class NoticeWatch(QObject):
    """Follows the notice file: a new notice shows, a removed or expired one goes, and
    one with an error leaves the last good one (or none) on screen.

    Signals:
        changed(): what shows, or what is wrong with the file, changed.
    """

    changed = Signal()

    def __init__(
        self, path: Path, now: Callable[[], datetime], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.path = path
        self._now = now
        self.notice: Notice | None = None  # what shows
        self.problems: list[Problem] = []  # what is wrong with the file now
        self._seen: tuple[int, ...] | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(LOOK_MS)
        self.timer.timeout.connect(self.look)
        self.look()

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    @Slot()
    def look(self) -> None:
        """Read the file again if it changed; take an expired notice down."""
        try:
            info = os.stat(self.path)
            seen: tuple[int, ...] | None = (
                info.st_ino,
                info.st_size,
                info.st_mtime_ns,
                info.st_ctime_ns,  # rewritten in place with the same size and time
            )
        except OSError:
            seen = None
        if seen != self._seen:
            self._seen = seen
            self._read()
        elif self.notice is not None and not self.notice.shows(self._now()):
            log.info("the notice's time is up")
            self.notice = None
            self.changed.emit()

    def _read(self) -> None:
        notice, problems = read_notice(self.path, self._now())
        for problem in problems:
            log.warning("notice: %s", problem)
        broken = notice is None and any(p.level is Level.ERROR for p in problems)
        before = (self.notice, self.problems)
        self.problems = problems
        if not broken:  # an error keeps the last good notice
            self.notice = notice
        if (self.notice, self.problems) != before:
            log.info("notice %s", "shown" if self.notice else "none")
            self.changed.emit()


class NoticeBanner(QLabel):
    """The notice, across the top of every screen, in the patient's language."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("NoticeBanner")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice: Notice | None = None
        self.language = ""
        self.hide()

    def show_notice(self, notice: Notice | None, language: str) -> None:
        self.notice, self.language = notice, language
        if notice is None:
            self.hide()
            return
        words = notice.in_language(language)
        self.setText(breakable(words))
        self.setAccessibleName(words)
        self.show()
