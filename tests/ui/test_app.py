"""Starting the kiosk: full-screen and locked, or windowed for staff."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.ui.app import Kiosk, RunOptions, start
from kiosk.ui.screens import Screen
from tests.conftest import DEFAULT_PACK, MakePack


@pytest.fixture(autouse=True)
def private_folders(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep the last good pack and the machine config out of the real home folder."""
    monkeypatch.setenv("KIOSK_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "none.toml"))


@pytest.fixture
def started(qtbot: QtBot) -> Iterator[list[Kiosk]]:
    kiosks: list[Kiosk] = []
    yield kiosks
    for kiosk in kiosks:
        kiosk.shutdown()
        kiosk.window.unlock()
        kiosk.window.close()
    while QApplication.overrideCursor() is not None:
        QApplication.restoreOverrideCursor()


def test_full_screen_is_frameless_on_top_locked_covering_the_screen_without_cursor(
    qtbot: QtBot, started: list[Kiosk]
) -> None:
    started.append(start(RunOptions(content=DEFAULT_PACK)))
    window = started[-1].window
    flags = window.windowFlags()
    assert flags & Qt.WindowType.FramelessWindowHint
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    assert window.locked
    assert window.geometry() == QGuiApplication.primaryScreen().geometry()
    cursor = QApplication.overrideCursor()
    assert cursor is not None
    assert cursor.shape() == Qt.CursorShape.BlankCursor
    assert window.current_screen is Screen.HOME


def test_show_cursor_keeps_the_pointer(qtbot: QtBot, started: list[Kiosk]) -> None:
    started.append(start(RunOptions(DEFAULT_PACK, show_cursor=True)))
    assert QApplication.overrideCursor() is None


def test_windowed_is_a_normal_1280x800_window(qtbot: QtBot, started: list[Kiosk]) -> None:
    started.append(start(RunOptions(DEFAULT_PACK, windowed=True)))
    window = started[-1].window
    assert not window.locked
    assert window.size() == QSize(1280, 800)
    assert not window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert QApplication.overrideCursor() is None


def test_overrides_reach_the_pack_settings(
    qtbot: QtBot, started: list[Kiosk], make_pack: MakePack
) -> None:
    root = make_pack({"a.md": "---\ntitle: A\n---\nText.\n", "pack.toml": '[pack]\ntitle = "X"\n'})
    options = RunOptions(root, windowed=True, overrides={"theme": "high-contrast"})
    started.append(start(options))
    window = started[-1].window
    assert window.pack is not None
    assert window.pack.settings.theme == "high-contrast"
    assert window.theme.name == "high-contrast"
    assert window.home.title.text() == "X"
