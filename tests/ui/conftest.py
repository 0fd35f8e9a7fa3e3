"""Fixtures for the screens: a window on a pack, at a given size, offscreen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiosk import loader, showing, staff
from kiosk.checked import Checked
from kiosk.pack import Pack
from kiosk.problem import Problem
from kiosk.showing import Copy, OnScreen
from kiosk.ui.app import Kiosk, RunOptions
from kiosk.ui.controls import native_name
from kiosk.ui.staffpanel import StaffStatus
from kiosk.ui.theme import Theme
from kiosk.ui.window import KioskWindow
from tests.conftest import DEFAULT_PACK, FakeClock

MakeWindow = Callable[..., KioskWindow]
WALL_TIME = datetime(2026, 12, 1, 10, 42)  # the kiosks' wall clock
MakeKiosk = Callable[..., Kiosk]


def settle_layouts() -> None:
    """Let every pending layout run before a test measures: a layout that moves a widget
    posts another request, so what is posted is sent a few times over (a short wait could
    end between two of them)."""
    for _ in range(4):
        QCoreApplication.sendPostedEvents()
        QCoreApplication.processEvents()


def plain(label: QLabel) -> str:
    """A label's words as a person reads them (without the breaks that let them wrap)."""
    return label.text().replace("\u200b", "")


def shown_host(qtbot: QtBot, theme: Theme, size: tuple[int, int]) -> QWidget:
    """A plain shown widget in place of the kiosk window, styled with `theme`."""
    host = QWidget()
    host.setStyleSheet(theme.stylesheet())
    host.resize(*size)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    return host


def staff_status(
    pack: Pack | None, problems: tuple[Problem, ...] = (), outcome: str = "", folder: str = ""
) -> StaffStatus:
    """What the staff panel says of `pack` just loaded from its folder (None: no pack),
    with `problems` found in it."""
    now = datetime.now()
    on_screen = OnScreen(Copy.FOLDER if pack else Copy.NOTHING, pack, now)
    report = showing.report(on_screen, Checked(pack, problems), None, now, native_name)
    week = ("1. Understanding PTSD: opened 3 times, 4 min in all",)
    return StaffStatus(report, week, outcome, f"Kiosk 1.0 · pack folder {folder or '/srv/kiosk'}")


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
        window.show_pack(loader.load(root))
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


@pytest.fixture
def make_kiosk(qtbot: QtBot, tmp_path: Path) -> Iterator[MakeKiosk]:
    """A running kiosk (windowed) on a fake clock, with a staff PIN when `pin` is given."""
    made: list[Kiosk] = []

    def make(
        root: Path = DEFAULT_PACK,
        *,
        pin: str | None = None,
        clock: FakeClock | None = None,
        now: Callable[[], datetime] = lambda: WALL_TIME,
        machine: str = "",
    ) -> Kiosk:
        """`machine` is the machine config's text (the PIN is added to it)."""
        config_file = tmp_path / f"machine{len(made)}.toml"
        config_file.write_text(machine)
        if pin is not None:
            staff.set_pin(config_file, pin)
        options = RunOptions(
            root,
            windowed=True,
            machine_config=config_file,
            data_dir=tmp_path / "data",
            status_file=tmp_path / "log" / "status.json",
            clock=clock or FakeClock(),
            now=now,  # the wall clock: by default the same minute all test long
            speech=False,  # tests hand the window a fake speaker; no engine is looked for
        )
        kiosk = Kiosk(options)
        kiosk.show()
        qtbot.addWidget(kiosk.window)
        qtbot.waitExposed(kiosk.window)
        # The first frame, then the pack's full check.
        qtbot.waitUntil(lambda: kiosk.is_ready)
        made.append(kiosk)
        return kiosk

    yield make
    for kiosk in made:
        kiosk.shutdown()
        kiosk.window.unlock()
        kiosk.deleteLater()


def finger(widget: QWidget, kind: QEvent.Type, at: QPoint | QPointF, stamp: int) -> None:
    """One step of a finger on `widget`: down, moved (held down) or lifted, at `stamp` ms
    (the watcher of touches reads speed from the stamps)."""
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    point = QPointF(at)
    event = QMouseEvent(
        kind,
        point,
        QPointF(widget.mapToGlobal(point)),
        none if kind == QEvent.Type.MouseMove else left,
        none if kind == QEvent.Type.MouseButtonRelease else left,
        Qt.KeyboardModifier.NoModifier,
    )
    event.setTimestamp(stamp)
    QApplication.sendEvent(widget, event)
