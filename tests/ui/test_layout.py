"""Nothing is cut off: every screen reflows at the largest text size on a small screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QLabel, QScrollArea, QTextBrowser, QWidget
from pytestqt.qtbot import QtBot

from kiosk.problem import warning
from kiosk.ui.window import KioskWindow
from tests.conftest import DEFAULT_PACK
from tests.ui.conftest import MakeWindow, settle_layouts, staff_status

SIZES = [(1280, 800), (800, 1280), (1920, 1080), (1080, 1920)]


def clipped(window: KioskWindow) -> list[str]:
    """Every visible label, button or card text that does not fit where it is shown."""
    found = []
    bounds = window.rect()
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or not isinstance(
            widget, QLabel | QAbstractButton | QTextBrowser
        ):
            continue
        name = f"{type(widget).__name__} {widget.objectName()} {_text(widget)!r}"
        area = _scroll_content(widget, window)
        if area is None:
            place = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
            if not bounds.contains(place):
                found.append(f"{name} at {place.getRect()} leaves the window")
        elif widget.mapTo(area, QPoint(widget.width(), 0)).x() > area.width():
            found.append(f"{name} leaves its scroll area sideways")
        if isinstance(widget, QLabel) and widget.text():
            need = widget.heightForWidth(widget.width()) if widget.wordWrap() else -1
            need = need if need > 0 else widget.sizeHint().height()
            if widget.height() < need - 1:
                found.append(f"{name} is {widget.height()} px high and needs {need}")
            if not widget.wordWrap() and widget.width() < widget.sizeHint().width() - 1:
                found.append(f"{name} is {widget.width()} px wide and needs more")
        elif isinstance(widget, QAbstractButton) and widget.text():
            if widget.width() < widget.sizeHint().width() - 1:
                found.append(f"{name} is {widget.width()} px wide, needs {widget.sizeHint()}")
        elif isinstance(widget, QTextBrowser) and widget.horizontalScrollBar().maximum() > 0:
            found.append(f"{name} is wider than its card")
    return found


def _text(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
    return text[:30]


def _scroll_content(widget: QWidget, window: QWidget) -> QWidget | None:
    """The content of the scroll area `widget` is in (where it may be below the fold)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        grand = parent.parentWidget()
        if grand is not None and isinstance(grand.parentWidget(), QScrollArea):
            return parent
        parent = grand
    return None


def settle(qtbot: QtBot, window: KioskWindow) -> None:
    """Let every pending layout run, then draw the window as it now is."""
    settle_layouts()
    window.repaint()


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_screen_fits_at_the_largest_text_size(
    qtbot: QtBot, make_window: MakeWindow, width: int, height: int, language: str
) -> None:
    window = make_window(DEFAULT_PACK, (width, height))
    assert window.pack is not None
    if language not in window.pack.languages:
        pytest.skip(f"the default pack has no {language} edition yet")
    window.set_language(language)
    window.set_text_size("A++")
    settle(qtbot, window)
    problems = [f"home: {p}" for p in clipped(window)]
    assert window.edition is not None
    for topic in window.edition.topics:
        window.open_topic(topic.id)
        for index in range(len(topic.cards)):
            window.topic.show_card(index)
            settle(qtbot, window)
            problems += [f"{topic.id} card {index + 1}: {p}" for p in clipped(window)]
    window.show_web_link("https://www.ptsd.va.gov/understand/what/ptsd_basics.asp")
    settle(qtbot, window)
    problems += [f"QR: {p}" for p in clipped(window)]
    window.close_overlays()
    window.still_there.set_seconds(20)
    window.still_there.open()
    settle(qtbot, window)
    problems += [f"still there: {p}" for p in clipped(window)]
    window.close_overlays()
    window.pin_pad.ask()
    settle(qtbot, window)
    problems += [f"PIN pad: {p}" for p in clipped(window)]
    window.close_overlays()
    long_problem = warning(
        "es/01-understanding-ptsd.md", 12, "image-missing", "a long message " * 9
    )
    window.staff_panel.show_status(
        staff_status(window.pack, (long_problem,), folder="/srv/kiosk/content/" + "long-name/" * 6)
    )
    window.staff_panel.open()
    settle(qtbot, window)
    problems += [f"staff panel: {p}" for p in clipped(window)]
    window.close_overlays()
    window.go_home()
    window.show_updating()
    settle(qtbot, window)
    problems += [f"updating: {p}" for p in clipped(window)]
    assert problems == []
