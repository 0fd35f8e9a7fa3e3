"""The overlays, driven by their own methods over a stand-in window: the QR code,
"Still there?", the PIN pad and the staff panel."""

from __future__ import annotations

from typing import TypeVar

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.overlays import Overlay, PinPad, QrOverlay, StaffPanel, StillThereOverlay
from kiosk.ui.theme import Theme
from kiosk.words import Words

THEME = Theme.make("calm", 1280, 800)
OverlayT = TypeVar("OverlayT", bound=Overlay)


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    """A plain shown widget in place of the kiosk window, styled as the kiosk is."""
    window = QWidget()
    window.setStyleSheet(THEME.stylesheet())
    window.resize(1280, 800)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def themed(overlay: OverlayT) -> OverlayT:
    overlay.set_theme(THEME)
    return overlay


def tap(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def press_keys(qtbot: QtBot, pad: PinPad, keys: str) -> None:
    for key in keys:
        tap(qtbot, pad.key_buttons[{"C": "Clear", "K": "OK"}.get(key, key)])


# One at a time -------------------------------------------------------------------------


def test_opening_an_overlay_closes_the_one_already_open(qtbot: QtBot, window: QWidget) -> None:
    qr = themed(QrOverlay(window))
    still = themed(StillThereOverlay(window))
    pad = themed(PinPad(window))
    qr.show_url("https://example.org/")
    with qtbot.waitSignal(qr.closed):
        still.open()
    assert still.isVisible()
    assert not qr.isVisible()
    pad.ask()
    assert pad.isVisible()
    assert not still.isVisible()


# The QR code ---------------------------------------------------------------------------


def test_a_web_address_shows_as_a_qr_code_over_the_whole_window(
    qtbot: QtBot, window: QWidget
) -> None:
    """The code is drawn, the address wraps at its slashes but is read out whole."""
    qr = themed(QrOverlay(window))
    url = "https://www.nimh.nih.gov/health/topics/post-traumatic-stress-disorder-ptsd"
    qr.show_url(url)
    assert qr.isVisible()
    assert qr.geometry() == window.rect()
    assert qr.url == url
    assert qr.address.text() == url.replace("/", "/\u200b")
    assert qr.address.accessibleName() == url
    assert not qr.code.pixmap().isNull()


def test_tapping_outside_the_qr_panel_closes_it(qtbot: QtBot, window: QWidget) -> None:
    qr = themed(QrOverlay(window))
    qr.show_url("https://example.org/")
    with qtbot.waitSignal(qr.closed):
        qtbot.mouseClick(qr, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert not qr.isVisible()


def test_tapping_the_qr_panel_itself_leaves_it_open(qtbot: QtBot, window: QWidget) -> None:
    qr = themed(QrOverlay(window))
    qr.show_url("https://example.org/")
    qtbot.mouseClick(qr, Qt.MouseButton.LeftButton, pos=qr.panel.geometry().center())
    assert qr.isVisible()
    tap(qtbot, qr.close_button)
    assert not qr.isVisible()


# "Still there?" ------------------------------------------------------------------------


def test_still_there_counts_down_in_the_patients_language(qtbot: QtBot, window: QWidget) -> None:
    still = themed(StillThereOverlay(window))
    still.set_seconds(20)
    still.open()
    assert "in 20 seconds" in still.text.text()
    still.set_seconds(1)
    assert "in 1 second" in still.text.text()
    still.set_words(Words("es"))
    still.set_seconds(5)
    assert "5 segundos" in still.text.text()


def test_the_button_or_a_tap_anywhere_is_someone_still_there(qtbot: QtBot, window: QWidget) -> None:
    """The overlay only says so; closing it is for the session to decide."""
    still = themed(StillThereOverlay(window))
    still.open()
    with qtbot.waitSignal(still.still_here):
        tap(qtbot, still.button)
    with qtbot.waitSignal(still.still_here):
        qtbot.mouseClick(still, Qt.MouseButton.LeftButton, pos=QPoint(3, 3))
    assert still.isVisible()


# The PIN pad ---------------------------------------------------------------------------


def test_the_pin_pad_shows_dots_for_digits_and_hands_them_over_on_ok(
    qtbot: QtBot, window: QWidget
) -> None:
    pad = themed(PinPad(window))
    pad.ask()
    assert pad.keys.isVisible()
    assert pad.display.isVisible()
    assert pad.message.text() == "Enter the staff PIN."
    press_keys(qtbot, pad, "13")
    assert pad.digits == "13"
    assert pad.display.text() == "\u25cf \u25cf "
    press_keys(qtbot, pad, "C24")
    with qtbot.waitSignal(pad.pin_entered) as entered:
        press_keys(qtbot, pad, "K")
    assert entered.args == ["24"]
    assert pad.digits == ""
    assert pad.display.text() == ""


def test_the_pin_pad_takes_at_most_eight_digits(qtbot: QtBot, window: QWidget) -> None:
    pad = themed(PinPad(window))
    pad.ask()
    press_keys(qtbot, pad, "1234567890")
    assert pad.digits == "12345678"


def test_a_message_on_the_pin_pad_keeps_its_keys(qtbot: QtBot, window: QWidget) -> None:
    """`show_message` (a wrong PIN) keeps the keys; `refuse` (no PIN set) hides them."""
    pad = themed(PinPad(window))
    pad.ask()
    pad.show_message("That PIN is not right. 4 tries left.")
    assert pad.message.text() == "That PIN is not right. 4 tries left."
    assert pad.keys.isVisible()
    pad.refuse("Staff access is not set up on this computer.")
    assert pad.isVisible()
    assert not pad.keys.isVisible()
    assert not pad.display.isVisible()
    assert pad.message.text() == "Staff access is not set up on this computer."
    pad.ask("Too many wrong PINs.")
    assert pad.keys.isVisible()
    assert pad.message.text() == "Too many wrong PINs."


def test_closing_the_pin_pad_forgets_the_digits(qtbot: QtBot, window: QWidget) -> None:
    pad = themed(PinPad(window))
    pad.ask()
    press_keys(qtbot, pad, "42")
    with qtbot.waitSignal(pad.closed):
        tap(qtbot, pad.close_button)
    assert not pad.isVisible()
    assert pad.digits == ""
    assert pad.display.text() == ""


# The staff panel -----------------------------------------------------------------------


def test_the_staff_panel_shows_its_lines_and_the_last_problem(
    qtbot: QtBot, window: QWidget
) -> None:
    panel = themed(StaffPanel(window))
    panel.show_status([("Pack", "A pack"), ("Version", "1")], "")
    panel.open()
    assert panel.details.text() == "Pack: A pack\nVersion: 1"
    assert panel.problem.text() == "Last content problem: none"
    panel.show_status([], "a.md:3: error: no text [topic-empty]")
    assert panel.problem.text() == "Last content problem: a.md:3: error: no text [topic-empty]"


@pytest.mark.parametrize(
    ("button", "signal"),
    [
        ("Reload pack", "reload_requested"),
        ("Reset now", "reset_requested"),
        ("Exit kiosk", "exit_requested"),
        ("Close", "closed"),
    ],
)
def test_each_staff_button_asks_for_its_action(
    qtbot: QtBot, window: QWidget, button: str, signal: str
) -> None:
    panel = themed(StaffPanel(window))
    panel.open()
    with qtbot.waitSignal(getattr(panel, signal)):
        tap(qtbot, panel.buttons[button])
