"""The Qt binding itself must be fit to run for weeks."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_calling_qt_methods_that_return_nothing_keeps_none_alive(qtbot: QtBot) -> None:
    """PySide6 6.12.0 on Python 3.11 lost a reference to None on each such call, so a
    kiosk aborted ("deallocating None") after some thousands of taps."""
    label = QLabel()
    qtbot.addWidget(label)
    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setText("x")
        timer.start(1000)
    timer.stop()
    assert abs(sys.getrefcount(None) - before) < 50
