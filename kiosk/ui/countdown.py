"""The "Still there?" countdown: before the kiosk starts over for the next person, a
large number in a ring that empties, over whatever the patient was reading."""

from __future__ import annotations

import logging

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.ui.overlays import Overlay
from kiosk.ui.theme import Metrics, Theme
from kiosk.ui.widgets import touch_button
from kiosk.words import Words

log = logging.getLogger(__name__)


class CountdownRing(QLabel):
    """The seconds left as a large number in a ring that empties clockwise, like a
    clock's hand going round, under it the word for seconds.

    It moves a step each time it is told the seconds left (once a second), and not in
    between: nothing on the screen animates by itself, whether or not the pack asks
    for reduced motion. Its size is set by the theme, never by the number, so nothing
    beside it moves as it counts down. Its text is the number shown; its accessible
    name says it in words ("12 seconds left").
    """

    STROKE_SHARE = 0.07  # of the ring's width
    NUMBER_SHARE = 0.36

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("CountdownRing")
        self._theme: Theme | None = None
        self._seconds = 0
        self._total = 0
        self._unit = ""

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        m = theme.metrics
        # Wide enough for "segundos" at the patient's text size, and never small.
        side = max(m.button_px * 3, m.body_px * 8)
        self.setFixedSize(side, side)
        self.update()

    def show_seconds(self, seconds: int, total: int, unit: str, name: str) -> None:
        """Show `seconds` left of `total`, with `unit` under the number and `name` for
        screen readers."""
        self._seconds, self._total, self._unit = seconds, total, unit
        self.setText(str(seconds))
        self.setAccessibleName(name)
        self.update()

    @property
    def share_left(self) -> float:
        """How much of the ring is still drawn, from 1 (all) to 0 (none)."""
        if self._total <= 0:
            return 1.0 if self._seconds > 0 else 0.0
        return max(0.0, min(1.0, self._seconds / self._total))

    @property
    def stroke_px(self) -> int:
        """The ring's thickness."""
        border = self._theme.metrics.border_px if self._theme is not None else 2
        return max(border * 3, round(self.width() * self.STROKE_SHARE))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        if self._theme is None:
            return
        palette, stroke = self._theme.palette, self.stroke_px
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        inset = stroke / 2 + 1
        circle = QRectF(self.rect()).adjusted(inset, inset, -inset, -inset)
        pen = QPen(QColor(palette.ring_track), stroke)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.drawEllipse(circle)
        if self.share_left > 0:
            pen.setColor(QColor(palette.ring))
            painter.setPen(pen)
            # Qt's angles are sixteenths of a degree, counter-clockwise from 3 o'clock:
            # what is left runs from the hand clockwise up to 12 o'clock.
            span = round(self.share_left * 360 * 16)
            painter.drawArc(circle, 90 * 16 + span, -span)

        number = QFont(self.font())
        number.setPixelSize(round(self.width() * self.NUMBER_SHARE))
        number.setBold(True)
        unit = QFont(self.font())
        unit.setPixelSize(self._theme.metrics.body_px)
        number_height = QFontMetrics(number).capHeight()
        unit_height = QFontMetrics(unit).height()
        gap = unit.pixelSize() // 2
        top = (self.height() - (number_height + gap + unit_height)) / 2
        centre = Qt.AlignmentFlag.AlignCenter
        painter.setFont(number)
        painter.setPen(QColor(palette.text))
        painter.drawText(QRectF(0, top, self.width(), number_height), centre, self.text())
        painter.setFont(unit)
        painter.setPen(QColor(palette.muted))
        below = QRectF(0, top + number_height + gap, self.width(), unit_height)
        painter.drawText(below, centre, self._unit)
        painter.end()


class StillThereOverlay(Overlay):
    """The warning before a reset, with one big button to carry on (WCAG 2.2.1).

    The seconds left show in a ring beside the words and the button (below them on a
    portrait screen). Only the ring changes as it counts: the words say no number, so
    they never re-wrap, and the panel keeps its size from one second to the next.

    Signals:
        still_here(): the patient wants more time.
    """

    still_here = Signal()
    WORDS_WIDTH_EM = 22  # beside the ring, the words get lines of 40 letters or so

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._metrics: Metrics | None = None
        self._words = Words("en")
        self._seconds = 0
        self._total = 0
        self.heading = self.label("", "OverlayTitle")
        self.ring = CountdownRing()
        self.text = self.label()
        self.button = touch_button("", None, "PrimaryButton")
        self.button.clicked.connect(self.still_here)
        self.column.addWidget(self.heading)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.addWidget(self.ring, 0, Qt.AlignmentFlag.AlignCenter)
        self.words_column = QVBoxLayout()
        self.words_column.addStretch(1)
        self.words_column.addWidget(self.text)
        self.words_column.addWidget(self.button)
        self.words_column.addStretch(1)
        self.body.addLayout(self.words_column, 1)
        self.column.addLayout(self.body)
        self.set_words(self._words)

    def set_words(self, words: Words) -> None:
        self._words = words
        self.heading.setText(words("still_heading"))
        self.panel.setAccessibleName(words("still_heading"))
        self.text.setText(words("still_text"))
        self.button.setText(words("still_button"))
        self.button.setAccessibleName(words("still_button"))
        self.set_seconds(self._seconds, self._total)

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self._metrics = theme.metrics
        self.words_column.setSpacing(theme.metrics.gap_px)
        self.ring.set_theme(theme)

    def set_seconds(self, seconds: int, total: int | None = None) -> None:
        """Show `seconds` left of a countdown of `total` seconds (the last total given,
        else `seconds` itself: a full ring)."""
        self._seconds = seconds
        self._total = total if total is not None else max(self._total, seconds)
        words = self._words
        self.ring.show_seconds(
            seconds,
            self._total,
            words.plural("still_unit", seconds),
            words.plural("still_left", seconds, seconds=seconds),
        )

    def shade_tapped(self) -> None:
        self.still_here.emit()  # a tap anywhere is someone who is there

    def _beside(self) -> bool:
        """Whether the ring goes beside the words (landscape) or above them (portrait,
        where the panel is too narrow for both)."""
        return self.width() >= self.height()

    def _panel_width(self) -> int:
        least = super()._panel_width()
        m = self._metrics
        if m is None or not self._beside():
            return least
        wanted = (
            m.margin_px * 2 + self.ring.width() + m.gap_px * 2 + m.body_px * self.WORDS_WIDTH_EM
        )
        return int(min(self.width() * 0.92, max(least, wanted)))

    def _lay_out(self) -> None:
        beside = self._beside()
        direction = QBoxLayout.Direction
        self.body.setDirection(direction.LeftToRight if beside else direction.TopToBottom)
        if self._metrics is not None:
            self.body.setSpacing(self._metrics.gap_px * (2 if beside else 1))
        horizontal = Qt.AlignmentFlag.AlignLeft if beside else Qt.AlignmentFlag.AlignHCenter
        self.text.setAlignment(horizontal | Qt.AlignmentFlag.AlignVCenter)
        super()._lay_out()
