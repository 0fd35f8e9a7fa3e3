"""The overlay for a web address: a QR code to scan with a phone, never a browser."""

from __future__ import annotations

import segno
from PySide6.QtCore import QRect, Qt, Signal, Slot
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from kiosk.ui.theme import Theme
from kiosk.ui.widgets import touch_button

QUIET_ZONE = 4  # modules of white around the code, as scanners expect


def qr_image(text: str, side: int) -> QImage:
    """A QR code of `text`, black on white, at most `side` pixels square."""
    code = segno.make(text, error="m", micro=False)
    modules = int(code.symbol_size(scale=1, border=QUIET_ZONE)[0])
    scale = max(1, side // modules)
    image = QImage(modules * scale, modules * scale, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("black"))
    for y, row in enumerate(code.matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.drawRect(
                    QRect((x + QUIET_ZONE) * scale, (y + QUIET_ZONE) * scale, scale, scale)
                )
    painter.end()
    return image


class QrOverlay(QWidget):
    """Covers the window: a QR code of a web address, the address, and a Close button.

    Tapping outside the panel closes it too.

    Signals:
        closed(): the overlay was closed.
    """

    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._window = parent
        self.setObjectName("Overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.url = ""
        self.panel = QFrame(self)
        self.panel.setObjectName("OverlayPanel")
        self.heading = QLabel("Open this page on your phone")
        self.heading.setObjectName("SectionTitle")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading.setWordWrap(True)
        self.hint = QLabel("Point your phone's camera at the square code.")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.code = QLabel()
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.address = QLabel()
        self.address.setObjectName("Summary")
        self.address.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.address.setWordWrap(True)
        self.address.setTextFormat(Qt.TextFormat.PlainText)
        self.close_button = touch_button("Close", "close", "CloseButton")
        self.close_button.clicked.connect(self.close_overlay)
        self._column = QVBoxLayout(self.panel)
        self._column.addWidget(self.heading)
        self._column.addWidget(self.hint)
        self._column.addWidget(self.code, 1)
        self._column.addWidget(self.address)
        self._column.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self._side = 400
        self.hide()

    def set_theme(self, theme: Theme) -> None:
        m = theme.metrics
        self._column.setContentsMargins(m.margin_px, m.margin_px, m.margin_px, m.margin_px)
        self._column.setSpacing(m.gap_px)
        self.close_button.setMinimumWidth(m.button_px * 3)

    def show_url(self, url: str) -> None:
        """Show `url` as a QR code over the whole window."""
        self.url = url
        # Let long addresses wrap at their slashes rather than run off the panel.
        self.address.setText(url.replace("/", "/\u200b"))
        self.address.setAccessibleName(url)
        self.setGeometry(self._window.rect())
        self._lay_out()
        self.show()
        self.raise_()

    @Slot()
    def close_overlay(self) -> None:
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        if not self.panel.geometry().contains(event.position().toPoint()):
            self.close_overlay()
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        self._lay_out()

    def _lay_out(self) -> None:
        width, height = self.width(), self.height()
        side = int(min(width * 0.5, height * 0.42))
        if self.url:
            self.code.setPixmap(QPixmap.fromImage(qr_image(self.url, side)))
        panel_width = int(min(width * 0.9, max(side * 1.6, width * 0.5)))
        self.panel.setFixedWidth(panel_width)
        self.panel.adjustSize()
        panel_height = min(self.panel.sizeHint().height(), int(height * 0.95))
        self.panel.setGeometry(
            (width - panel_width) // 2, (height - panel_height) // 2, panel_width, panel_height
        )
