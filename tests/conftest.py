"""Shared fixtures: small packs written to a temporary folder."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

# The suite is headless; the end-to-end tests under Xvfb set their own platform.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PACK = REPO / "content"

GOOD_TOPIC = """---
title: Sleep
summary: Rest helps
order: 1
sources:
  - "Sleep Foundation. 2025. How much sleep do we need? sleepfoundation.org."
---
Sleep helps the body heal.

## Tips

Go to bed at the same time each night.
"""

PackFiles = Mapping[str, str | bytes]
MakePack = Callable[[PackFiles], Path]


@pytest.fixture
def make_pack(tmp_path: Path) -> MakePack:
    """Write `files` (path -> text or bytes) into a fresh pack folder and return it."""
    counter = iter(range(1_000_000))

    def make(files: PackFiles) -> Path:
        root = tmp_path / f"pack{next(counter)}"
        root.mkdir()
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return make


def png_bytes(width: int, height: int) -> bytes:
    """A PNG of the given size whose chunks are whole, with no pixels: enough for the
    pure core's checks (Qt would not draw it; `png_picture` makes one it does)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"")  # sizes are all the checks read; the checksums hold
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


class FakeClock:
    """A clock the test moves by hand: ``clock.advance(90)`` is ninety seconds later."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def png_picture(width: int, height: int, colour: str = "teal") -> bytes:
    """A real, decodable PNG of one colour (Qt is imported only when this is called)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())
