"""Starting the kiosk: full-screen and locked, or windowed for staff."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.ui.app import RunOptions, start
from kiosk.ui.window import KioskWindow
from tests.conftest import DEFAULT_PACK, MakePack


@pytest.fixture
def started(qtbot: QtBot) -> Iterator[list[KioskWindow]]:
    windows: list[KioskWindow] = []
    yield windows
    for window in windows:
        window.unlock()
        window.close()
    while QApplication.overrideCursor() is not None:
        QApplication.restoreOverrideCursor()


def test_full_screen_is_frameless_on_top_locked_covering_the_screen_without_cursor(
    qtbot: QtBot, started: list[KioskWindow]
) -> None:
    window = start(RunOptions(content=DEFAULT_PACK))
    started.append(window)
    flags = window.windowFlags()
    assert flags & Qt.WindowType.FramelessWindowHint
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    assert window.locked
    assert window.geometry() == QGuiApplication.primaryScreen().geometry()
    cursor = QApplication.overrideCursor()
    assert cursor is not None
    assert cursor.shape() == Qt.CursorShape.BlankCursor
    assert window.current_screen == "home"


def test_show_cursor_keeps_the_pointer(qtbot: QtBot, started: list[KioskWindow]) -> None:
    started.append(start(RunOptions(content=DEFAULT_PACK, show_cursor=True)))
    assert QApplication.overrideCursor() is None


def test_windowed_is_a_normal_1280x800_window(qtbot: QtBot, started: list[KioskWindow]) -> None:
    window = start(RunOptions(content=DEFAULT_PACK, windowed=True))
    started.append(window)
    assert not window.locked
    assert window.size() == QSize(1280, 800)
    assert not window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert QApplication.overrideCursor() is None


def test_overrides_reach_the_pack_settings(
    qtbot: QtBot, started: list[KioskWindow], make_pack: MakePack
) -> None:
    root = make_pack({"a.md": "---\ntitle: A\n---\nText.\n", "pack.toml": '[pack]\ntitle = "X"\n'})
    window = start(RunOptions(content=root, windowed=True, overrides={"theme": "high-contrast"}))
    started.append(window)
    assert window.pack is not None
    assert window.pack.settings.theme == "high-contrast"
    assert window.theme.name == "high-contrast"
    assert window.home.title.text() == "X"
