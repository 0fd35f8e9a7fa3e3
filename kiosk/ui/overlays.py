"""Panels over the whole window: the QR code and the PIN pad here; "Still there?"
(`kiosk.ui.countdown`) and the staff panel (`kiosk.ui.staffpanel`) are ones too."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QMouseEvent,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.qr import qr_image
from kiosk.ui.theme import Theme
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
        log.debug("%s opened", type(self).__name__)

    @Slot()
    def close_overlay(self) -> None:
        if self.isVisible():
            self.hide()
            log.debug("%s closed", type(self).__name__)
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
        # Wrapped words need more height the narrower the panel: ask for this width, of
        # layouts that forget what their words needed before (a nested layout keeps its
        # answer for a width even after its words change, as in another language).
        _forget_sizes(self.column)
        needed = self.column.totalHeightForWidth(panel_width)
        if needed < 0:
            needed = self.column.totalSizeHint().height()
        panel_height = min(needed, int(height * 0.95))
        self.panel.setGeometry(
            (width - panel_width) // 2, (height - panel_height) // 2, panel_width, panel_height
        )


def _forget_sizes(layout: QLayout) -> None:
    """Make `layout` and every layout in it work out their sizes again."""
    layout.invalidate()
    for index in range(layout.count()):
        item = layout.itemAt(index)
        inner = item.layout() if item is not None else None
        if inner is not None:
            _forget_sizes(inner)


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

    def shade_tapped(self) -> None:
        """A tap beside the pad closes it, but not while a PIN is being typed: a finger
        that slips off a key must not throw the digits away (Close still does)."""
        if not self.digits:
            self.close_overlay()

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
