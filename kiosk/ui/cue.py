"""The call to touch the screen at the foot of every slide: "Touch the screen to start",
in each of the pack's languages, beside a fingertip whose ring grows and fades."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QRectF, Qt, QTimer, Slot
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from kiosk.clock import Clock
from kiosk.pack import Edition
from kiosk.ui.theme import Theme
from kiosk.words import Words

# Slow animations (the ring, a slide's pan) move a step every this many ms: 20 frames a
# second, about a pixel a frame for a slow pan.
FRAME_MS = 50
CUE_MS = 1800  # the ring grows and fades once in this time,
CUE_EVERY_MS = 4000  # then rests (nothing drawn) until this much time has gone round


class Beat(QTimer):
    """A slow animation's beat: `step` every `FRAME_MS` while running, and the time since
    `begin`, read from `clock` (tests set a fake one and call the step themselves)."""

    def __init__(self, parent: QObject, step: Callable[[], None]) -> None:
        super().__init__(parent)
        self.setInterval(FRAME_MS)
        self.timeout.connect(step)
        self.clock: Clock = time.monotonic
        self._since = 0.0

    def begin(self) -> None:
        """Start counting from now, and beating."""
        self._since = self.clock()
        self.start()

    def elapsed_ms(self) -> float:
        return (self.clock() - self._since) * 1000


def cue_height(theme: Theme, lines: int = 2) -> int:
    """The room the call to touch the screen takes at the foot of every slide."""
    return band_height(theme, lines) + theme.metrics.margin_px


def band_height(theme: Theme, lines: int) -> int:
    """The call's own height: two buttons' worth, or more for three or more languages."""
    m = theme.metrics
    return max(m.button_px * 2, round(lines * m.slide_text_px * 1.35) + 2 * m.gap_px)


class TouchCue(QWidget):
    """ "Touch the screen to start" at the foot of every slide, in the same place, in
    each language of the pack (one line each), beside a fingertip whose ring grows and
    fades again and again: a gentle sign that the screen answers to touch (still, with
    reduced motion). It lies over the slides and does not fade with them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TouchCue")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.lines: list[str] = []
        self._theme: Theme | None = None
        self.phase = 0.0  # from 0 to 1: how far the ring has grown
        self.beat = Beat(self, self._on_frame)

    def show_for(self, edition: Edition, languages: tuple[str, ...], theme: Theme) -> None:
        """The call in the edition's language first, then the pack's other languages."""
        self._theme = theme
        order = [edition.language, *(lang for lang in languages if lang != edition.language)]
        self.lines = list(dict.fromkeys(Words(lang)("touch_to_start") for lang in order))
        self.setAccessibleName(" ".join(self.lines))
        self.update()

    def start(self, moving: bool) -> None:
        self.phase = 0.0
        self.beat.stop()
        if moving:
            self.beat.begin()
        self.update()

    def stop(self) -> None:
        self.beat.stop()

    @property
    def moving(self) -> bool:
        return self.beat.isActive()

    @Slot()
    def _on_frame(self) -> None:
        phase = min(1.0, (self.beat.elapsed_ms() % CUE_EVERY_MS) / CUE_MS)
        if phase != self.phase:  # resting at 1 (the ring gone) draws nothing
            self.phase = phase
            self.update(self._ring_area().toAlignedRect())

    def _ring_area(self) -> QRectF:
        side = self.height() * 0.9
        return QRectF(0, (self.height() - side) / 2, side, side)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        if self._theme is None or not self.lines:
            return
        palette, m = self._theme.palette, self._theme.metrics
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        band = QRectF(self.rect())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(palette.accent))
        painter.drawRoundedRect(band, m.radius_px * 2, m.radius_px * 2)
        ring = self._ring_area().adjusted(m.gap_px, m.gap_px, -m.gap_px, -m.gap_px)
        centre = ring.center()
        finger = ring.width() * 0.22
        painter.setBrush(QColor(palette.accent_text))
        painter.drawEllipse(centre, finger, finger)
        grown = finger + (ring.width() / 2 - finger) * (self.phase if self.moving else 0.6)
        colour = QColor(palette.accent_text)
        colour.setAlphaF(1.0 - self.phase if self.moving else 0.7)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(colour, max(2, m.border_px)))
        painter.drawEllipse(centre, grown, grown)
        font = painter.font()
        font.setBold(True)
        font.setPixelSize(m.slide_text_px)
        painter.setFont(font)
        painter.setPen(QColor(palette.accent_text))
        left = ring.right() + m.gap_px * 2
        text = QRectF(left, 0, band.width() - left - m.gap_px * 2, band.height())
        painter.drawText(
            text, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, "\n".join(self.lines)
        )
        painter.end()
