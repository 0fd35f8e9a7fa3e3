"""Screen readers: every control, card and screen has an accessible name and role."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QFrame, QLabel, QTextBrowser, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.home import HomeScreen, TopicCard
from kiosk.ui.overlays import Overlay
from kiosk.ui.topic import TopicScreen
from kiosk.ui.updating import UpdatingScreen
from kiosk.ui.widgets import PageDots
from kiosk.ui.window import KioskWindow
from tests.conftest import DEFAULT_PACK
from tests.ui.conftest import MakeWindow, staff_status

Role = QAccessible.Role
# What each kind of widget must say it is.
ROLES: tuple[tuple[type[QWidget], set[Role]], ...] = (
    (TopicCard, {Role.Button}),
    (QAbstractButton, {Role.Button, Role.CheckBox}),  # a checkable button is a toggle
    (QTextBrowser, {Role.StaticText}),  # read-only card text
    (QLabel, {Role.StaticText, Role.Graphic}),  # words, or a picture (the QR code)
)
# Widgets that group others: they need a name so a reader can say where it is.
NAMED_GROUPS = (HomeScreen, TopicScreen, UpdatingScreen, PageDots)


def unnamed(window: KioskWindow) -> list[str]:
    """What a screen reader could not name (or would call the wrong thing) on screen now."""
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        face = QAccessible.queryAccessibleInterface(widget)
        label = f"{type(widget).__name__} {widget.objectName()!r}"
        if face is None or not face.isValid():
            found.append(f"{label}: no accessible interface")
            continue
        name = face.text(QAccessible.Text.Name).strip()
        for kind, roles in ROLES:
            if isinstance(widget, kind):
                if isinstance(widget, QLabel) and not widget.text() and widget.pixmap().isNull():
                    break  # an empty label says nothing and is skipped by readers
                if face.role() not in roles:
                    found.append(f"{label}: role {face.role().name}, not {roles}")
                if not name:
                    found.append(f"{label}: no name")
                break
        else:
            is_panel = isinstance(widget, QFrame) and widget.objectName() in (
                "Card",
                "OverlayPanel",
            )
            if (isinstance(widget, NAMED_GROUPS) or is_panel) and not name:
                found.append(f"{label}: a group with no name")
    return found


Step = Callable[[KioskWindow], None]


def _topic(window: KioskWindow) -> None:
    assert window.edition is not None
    window.open_topic(window.edition.topics[0].id)
    window.topic.show_card(1)


def _more_below(window: KioskWindow) -> None:
    window.open_topic("03-what-is-ketamine-infusion-therapy")
    window.topic.show_card(window.topic.card_count - 1)  # its sources scroll
    assert window.topic.more_below.sign.isVisible()


def _qr(window: KioskWindow) -> None:
    _topic(window)
    window.show_web_link("https://988lifeline.org")


def _still_there(window: KioskWindow) -> None:
    window.still_there.set_seconds(12)
    window.still_there.open()


def _staff(window: KioskWindow) -> None:
    window.staff_panel.show_status(staff_status(window.pack))
    window.staff_panel.open()


SCREENS: dict[str, Step] = {
    "home": lambda w: None,
    "topic": _topic,
    "more below": _more_below,
    "qr": _qr,
    "still there": _still_there,
    "pin pad": lambda w: w.pin_pad.ask(),
    "staff panel": _staff,
    "slideshow": lambda w: w.reset(),
    "updating": lambda w: w.show_updating(),
}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_control_and_card_has_a_name_and_role(
    qtbot: QtBot, make_window: MakeWindow, screen: str, language: str
) -> None:
    window = make_window(DEFAULT_PACK)
    window.set_language(language)
    SCREENS[screen](window)
    qtbot.wait(1)
    assert unnamed(window) == []


def test_names_follow_the_language(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(DEFAULT_PACK)
    window.set_language("es")
    face = QAccessible.queryAccessibleInterface(window.nav.reading.size_buttons["A++"])
    assert face.text(QAccessible.Text.Name) == "Tamaño del texto: el más grande"
    _topic(window)
    face = QAccessible.queryAccessibleInterface(window.topic.counter)
    assert face.text(QAccessible.Text.Name).startswith("Tarjeta 2 de ")


def test_overlays_are_named_for_what_they_ask(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(DEFAULT_PACK)
    for overlay in window.overlays:
        assert isinstance(overlay, Overlay)
        assert overlay.panel.accessibleName()
