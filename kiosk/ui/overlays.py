"""Panels over the whole window: the QR code, "Still there?", the PIN pad, the staff panel."""

from __future__ import annotations

import logging

from PySide6.QtCore import QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QBoxLayout, QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.ui.qr import qr_image
from kiosk.ui.theme import Metrics, Theme
from kiosk.ui.widgets import touch_button
from kiosk.words import Words

log = logging.getLogger(__name__)


class Overlay(QWidget):
    """A shade over the window with a panel in the middle; tapping the shade closes it.

    Signals:
        closed(): the overlay was closed.
    """

    closed = Signal()
    WIDTH_SHARE = 0.5  # of the window's width, within bounds set in `_panel_width`

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._window = parent
        self.setObjectName("Overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.panel = QFrame(self)
        self.panel.setObjectName("OverlayPanel")
        self.column = QVBoxLayout(self.panel)
        self.hide()

    @staticmethod
    def label(text: str = "", name: str = "", *, centred: bool = True) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name or "OverlayText")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        if centred:
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    def set_theme(self, theme: Theme) -> None:
        m = theme.metrics
        self.column.setContentsMargins(m.margin_px, m.margin_px, m.margin_px, m.margin_px)
        self.column.setSpacing(m.gap_px)

    def open(self) -> None:
        """Show over the whole window, on top of everything else, as its only panel.

        Any other overlay of the window closes first: stacked, the panel below shows
        through the shade, and a patient cannot tell which one is asking.
        """
        direct = Qt.FindChildOption.FindDirectChildrenOnly
        for other in self._window.findChildren(Overlay, options=direct):
            if other is not self:
                other.close_overlay()
        self.setGeometry(self._window.rect())
        self._lay_out()
        self.show()
        self.raise_()

    @Slot()
    def close_overlay(self) -> None:
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def shade_tapped(self) -> None:
        """A tap outside the panel: close (subclasses may do otherwise)."""
        self.close_overlay()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        if not self.panel.geometry().contains(event.position().toPoint()):
            self.shade_tapped()
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        self._lay_out()

    def _panel_width(self) -> int:
        width = self.width()
        return int(min(width * 0.92, max(width * self.WIDTH_SHARE, min(width, 640))))

    def _lay_out(self) -> None:
        width, height = self.width(), self.height()
        panel_width = self._panel_width()
        self.panel.setFixedWidth(panel_width)
        # Wrapped words need more height the narrower the panel: ask for this width.
        needed = self.column.totalHeightForWidth(panel_width)
        if needed < 0:
            needed = self.column.totalSizeHint().height()
        panel_height = min(needed, int(height * 0.95))
        self.panel.setGeometry(
            (width - panel_width) // 2, (height - panel_height) // 2, panel_width, panel_height
        )


class QrOverlay(Overlay):
    """A web address as a QR code to scan with a phone, the address, and Close."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.url = ""
        self.heading = self.label("", "OverlayTitle")
        self.hint = self.label()
        self.code = QLabel()
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.address = self.label(name="Summary")
        self.close_button = touch_button("Close", "close", "CloseButton")
        self.close_button.clicked.connect(self.close_overlay)
        for widget in (self.heading, self.hint, self.code, self.address):
            self.column.addWidget(widget)
        self.column.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.set_words(Words("en"))

    def set_words(self, words: Words) -> None:
        self.heading.setText(words("qr_heading"))
        self.hint.setText(words("qr_hint"))
        self.code.setAccessibleName(words("qr_code_name"))
        self.close_button.setText(words("close"))
        self.close_button.setAccessibleName(words("close"))
        self.panel.setAccessibleName(words("qr_heading"))

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.close_button.setMinimumWidth(theme.metrics.button_px * 3)

    def show_url(self, url: str) -> None:
        """Show `url` as a QR code over the whole window."""
        self.url = url
        # Let long addresses wrap at their slashes rather than run off the panel.
        self.address.setText(url.replace("/", "/\u200b"))
        self.address.setAccessibleName(url)
        self.open()

    def _lay_out(self) -> None:
        # The code takes what the words and the button leave (they grow with text size).
        words = sum(
            w.heightForWidth(int(self.width() * 0.8)) for w in (self.heading, self.hint)
        ) + 2 * self.address.heightForWidth(int(self.width() * 0.8))
        spare = self.height() * 0.9 - words - self.close_button.sizeHint().height() * 2
        side = max(120, int(min(self.width() * 0.5, self.height() * 0.42, spare)))
        if self.url:
            try:
                self.code.setPixmap(QPixmap.fromImage(qr_image(self.url, side)))
            except ValueError:  # more than a QR code holds; the check keeps such links out
                log.warning("no QR code for an address of %d characters", len(self.url))
                self.code.clear()
        super()._lay_out()


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


class PinPad(Overlay):
    """Digits for the staff PIN, shown as dots, with a message line.

    Signals:
        pin_entered(str): OK was tapped with these digits.
    """

    pin_entered = Signal(str)
    MAX_DIGITS = 8
    WIDTH_SHARE = 0.34

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.digits = ""
        self.heading = self.label("Staff access", "OverlayTitle")
        self.panel.setAccessibleName("Staff access")
        self.display = self.label(name="PinDisplay")
        self.display.setAccessibleName("PIN")
        self.message = self.label()
        self.keys = QWidget()
        grid = QGridLayout(self.keys)
        self.key_buttons: dict[str, QWidget] = {}
        for index, key in enumerate("123456789C0K"):
            text = {"C": "Clear", "K": "OK"}.get(key, key)
            button = touch_button(text, None, "KeyButton")
            button.clicked.connect(lambda _=False, k=key: self._on_key(k))
            grid.addWidget(button, index // 3, index % 3)
            self.key_buttons[text] = button
        self.close_button = touch_button("Close", "close", "CloseButton")
        self.close_button.clicked.connect(self.close_overlay)
        for widget in (self.heading, self.display, self.message, self.keys):
            self.column.addWidget(widget)
        self.column.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignHCenter)

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        layout = self.keys.layout()
        if layout is not None:
            layout.setSpacing(theme.metrics.gap_px)
        for button in self.key_buttons.values():
            button.setMinimumSize(QSize(theme.metrics.button_px * 3 // 2, theme.metrics.button_px))

    def ask(self, message: str = "Enter the staff PIN.") -> None:
        """Open with the keys and an empty PIN."""
        self.clear()
        self.keys.show()
        self.display.show()
        self.message.setText(message)
        self.open()

    def refuse(self, message: str) -> None:
        """Open with a message and no keys (staff access not set up)."""
        self.clear()
        self.keys.hide()
        self.display.hide()
        self.message.setText(message)
        self.open()

    def show_message(self, message: str) -> None:
        """Say `message` above the keys (a wrong PIN, the pad locked), keeping them."""
        self.message.setText(message)

    def clear(self) -> None:
        self.digits = ""
        self.display.setText("")

    def close_overlay(self) -> None:
        self.clear()
        super().close_overlay()

    def _on_key(self, key: str) -> None:
        if key == "C":
            self.clear()
        elif key == "K":
            digits = self.digits
            self.clear()
            self.pin_entered.emit(digits)
        elif len(self.digits) < self.MAX_DIGITS:
            self.digits += key
            self.display.setText("\u25cf " * len(self.digits))


class StaffPanel(Overlay):
    """What staff need to see and do: the pack, its problems, reload, reset, exit.

    Signals:
        reload_requested(): load the pack folder again.
        reset_requested(): forget the current patient now.
        exit_requested(): close the kiosk.
    """

    reload_requested = Signal()
    reset_requested = Signal()
    exit_requested = Signal()
    WIDTH_SHARE = 0.7

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.heading = self.label("Staff panel", "OverlayTitle")
        self.panel.setAccessibleName("Staff panel")
        self.details = self.label(centred=False)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.problem = self.label(centred=False)
        self.column.addWidget(self.heading)
        self.column.addWidget(self.details)
        self.column.addWidget(self.problem)
        self.buttons: dict[str, QWidget] = {}
        row = QGridLayout()
        actions = (
            ("Reload pack", self.reload_requested),
            ("Reset now", self.reset_requested),
            ("Exit kiosk", self.exit_requested),
        )
        # Two to a row: four side by side do not fit a portrait screen's panel.
        for index, (text, signal) in enumerate(actions):
            button = touch_button(text, None, "StaffButton")
            button.clicked.connect(signal)
            row.addWidget(button, index // 2, index % 2)
            self.buttons[text] = button
        close = touch_button("Close", "close", "CloseButton")
        close.clicked.connect(self.close_overlay)
        row.addWidget(close, 1, 1)
        self.buttons["Close"] = close
        self.column.addLayout(row)

    def show_status(self, lines: list[tuple[str, str]], last_problem: str) -> None:
        """Fill in (name, value) lines and the last content problem."""
        self.details.setText("\n".join(f"{name}: {value}" for name, value in lines))
        self.problem.setText(f"Last content problem: {last_problem or 'none'}")
