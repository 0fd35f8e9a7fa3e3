"""The Qt binding itself must be fit to run for weeks."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QScrollArea
from pytestqt.qtbot import QtBot

from kiosk.ui.widgets import scroll_area


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


def test_a_scroll_areas_own_viewport_is_the_one_qt_would_make(qtbot: QtBot) -> None:
    """`scroll_area` gives each area a viewport made in Python (so that `viewport()` needs
    no class worked out), made as Qt makes its own."""
    content = QLabel("words")
    area = scroll_area(content)
    qtbot.addWidget(area)
    theirs = QScrollArea()
    qtbot.addWidget(theirs)
    own, made = area.viewport(), theirs.viewport()
    assert own is area.viewport()
    assert content.parentWidget() is own
    assert own.objectName() == made.objectName()
    assert own.backgroundRole() == made.backgroundRole()
    assert own.autoFillBackground() == made.autoFillBackground()
    assert own.focusProxy() is area
