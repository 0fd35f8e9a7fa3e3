"""QR codes for web addresses: scanned with a phone, never opened on the kiosk."""

from __future__ import annotations

import contextlib
import math
from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

QUIET_ZONE = 4  # modules of white around the code, as scanners expect
KEPT = 32  # codes kept, by address: more are not made ahead


@lru_cache(maxsize=KEPT)
def _modules(text: str) -> bytes:
    """The QR code of `text` with its quiet zone, one byte a module (0 dark, 255 light),
    row after row. Raises ValueError when `text` is more than a code holds."""
    import segno  # only when a web link is tapped or about to be, not at start-up

    code = segno.make(text, error="m", micro=False)
    rows = code.matrix_iter(scale=1, border=QUIET_ZONE)
    return b"".join(bytes(0 if dark else 255 for dark in row) for row in rows)


def make_ahead(text: str) -> None:
    """Work out the code of `text` now (while nothing else happens), so that showing it
    costs only its drawing. An address no code holds fails when it is shown instead."""
    with contextlib.suppress(ValueError):
        _modules(text)


def qr_image(text: str, side: int) -> QImage:
    """A QR code of `text`, black on white, at most `side` pixels square (each module a
    whole number of pixels, so its edges stay sharp)."""
    modules = _modules(text)
    count = math.isqrt(len(modules))
    scale = max(1, side // count)
    small = QImage(modules, count, count, count, QImage.Format.Format_Grayscale8)
    big = small.scaled(
        count * scale,
        count * scale,
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.FastTransformation,
    )
    return big.convertToFormat(QImage.Format.Format_RGB32)
