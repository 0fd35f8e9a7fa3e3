"""QR codes for web addresses: scanned with a phone, never opened on the kiosk."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter

QUIET_ZONE = 4  # modules of white around the code, as scanners expect


def qr_image(text: str, side: int) -> QImage:
    """A QR code of `text`, black on white, at most `side` pixels square."""
    import segno  # only when a web link is tapped, not at start-up

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
