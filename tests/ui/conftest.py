"""Fixtures for the screens: a window on a pack, at a given size, offscreen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk import pack
from kiosk.ui.theme import Theme
from kiosk.ui.window import KioskWindow
from tests.conftest import DEFAULT_PACK

MakeWindow = Callable[..., KioskWindow]


@pytest.fixture
def make_window(qtbot: QtBot) -> MakeWindow:
    """A shown KioskWindow on the pack in `root` at `size` (default: the default pack)."""

    def make(
        root: Path = DEFAULT_PACK,
        size: tuple[int, int] = (1920, 1080),
        *,
        locked: bool = False,
        theme: str = "calm",
    ) -> KioskWindow:
        window = KioskWindow(Theme.make(theme, *size), locked=locked)
        qtbot.addWidget(window)
        window.show_pack(pack.load(root))
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make
