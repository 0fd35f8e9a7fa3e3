"""The overlays, driven by their own methods over a stand-in window: the QR code,
"Still there?" and the PIN pad (the staff panel: test_staffpanel.py)."""

from __future__ import annotations

import math
from typing import TypeVar

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.countdown import CountdownRing, StillThereOverlay
from kiosk.ui.overlays import Overlay, PinPad, QrOverlay
from kiosk.ui.qr import QUIET_ZONE, make_ahead, qr_image
from kiosk.ui.theme import Theme
from kiosk.words import Words
from tests.ui.conftest import settle_layouts, shown_host

THEME = Theme.make("calm", 1280, 800)
OverlayT = TypeVar("OverlayT", bound=Overlay)


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    """A stand-in for the kiosk window at 1280x800, styled as the kiosk is."""
    return shown_host(qtbot, THEME, (1280, 800))


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


def test_the_qr_code_drawn_is_the_code_of_the_address(qtbot: QtBot, window: QWidget) -> None:
    """Each module is a square of whole pixels, dark where the code is dark, with four
    light modules of quiet zone around it."""
    import segno

    url = "https://www.nimh.nih.gov/health/topics/post-traumatic-stress-disorder-ptsd"
    image = qr_image(url, 300)
    matrix = segno.make(url, error="m", micro=False).matrix
    count = len(matrix) + 2 * QUIET_ZONE
    scale = image.width() // count
    assert image.width() == image.height() == count * scale <= 300
    assert scale >= 2
    for y in range(count):
        for x in range(count):
            inside = QUIET_ZONE <= x < count - QUIET_ZONE and QUIET_ZONE <= y < count - QUIET_ZONE
            dark = inside and bool(matrix[y - QUIET_ZONE][x - QUIET_ZONE])
            for px, py in ((x * scale, y * scale), ((x + 1) * scale - 1, (y + 1) * scale - 1)):
                assert image.pixelColor(px, py).name() == ("#000000" if dark else "#ffffff")


def test_a_code_made_ahead_is_shown_without_being_made_again(
    qtbot: QtBot, window: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    import segno

    url = "https://example.org/made-ahead"
    make_ahead(url)
    make_ahead("https://example.org/" + "x" * 5000)  # more than a code holds: no error
    monkeypatch.setattr(segno, "make", lambda *a, **k: pytest.fail("made again"))
    qr = themed(QrOverlay(window))
    qr.show_url(url)
    assert not qr.code.pixmap().isNull()


# "Still there?" ------------------------------------------------------------------------


def test_still_there_counts_down_in_the_patients_language(qtbot: QtBot, window: QWidget) -> None:
    """The number is in the ring; the words around it say no number, so they stay put."""
    still = themed(StillThereOverlay(window))
    still.set_seconds(20, 20)
    still.open()
    words = still.text.text()
    assert still.ring.text() == "20"
    assert still.ring.accessibleName() == "20 seconds left"
    still.set_seconds(1)
    assert still.ring.text() == "1"
    assert still.ring.accessibleName() == "1 second left"
    assert still.text.text() == words
    still.set_words(Words("es"))
    still.set_seconds(5)
    assert still.ring.accessibleName() == "Quedan 5 segundos"
    assert still.text.text().startswith("Para seguir leyendo, toque el botón.")


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1280, 800), (800, 1280)])
@pytest.mark.parametrize("text_size", ["A", "A++"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_still_there_panel_keeps_its_size_as_it_counts(
    qtbot: QtBot, size: tuple[int, int], text_size: str, language: str
) -> None:
    """From 20 to 1 (two digits to one, "seconds" to "second") nothing in the panel
    moves or changes size, and the panel fits the window."""
    theme = Theme.make("calm", *size, text_size=text_size)
    host = shown_host(qtbot, theme, size)
    still = StillThereOverlay(host)
    still.set_theme(theme)
    still.set_words(Words(language))
    still.set_seconds(20, 20)
    still.open()
    qtbot.waitExposed(still)

    def places() -> list[QRect]:
        return [still.panel.geometry()] + [
            w.geometry() for w in (still.heading, still.ring, still.text, still.button)
        ]

    first = places()
    assert host.rect().contains(first[0])
    for left in range(19, 0, -1):
        still.set_seconds(left)
        settle_layouts()  # any layout the change asked for, before measuring
        assert places() == first, f"moved at {left} seconds left"
    text = still.text
    assert text.heightForWidth(text.width()) <= text.height()


def test_the_countdown_fits_its_words_after_the_language_changes(qtbot: QtBot) -> None:
    """Opened in English, then in Spanish (longer words): the panel grows to hold them.
    Its inner layouts once kept the English height for the same width, so the Spanish
    words were cut off above and below."""
    theme = Theme.make("calm", 1080, 1920, text_size="A++")
    host = shown_host(qtbot, theme, (1080, 1920))
    still = StillThereOverlay(host)
    still.set_theme(theme)
    for language in ("en", "es"):
        still.set_words(Words(language))
        still.set_seconds(12, 20)
        still.open()
        settle_layouts()
        text = still.text
        assert text.heightForWidth(text.width()) <= text.height(), language
        assert not text.geometry().intersects(still.button.geometry())
        still.close_overlay()


@pytest.mark.parametrize("name", ["calm", "high-contrast"])
def test_the_ring_empties_clockwise_in_the_themes_colours(qtbot: QtBot, name: str) -> None:
    """Read back from the pixels: what is left is drawn in `ring`, what has run out in
    `ring_track` (the colours whose contrast tests/ui/test_theme.py checks), the number in
    the text colour."""
    theme = Theme.make(name, 1920, 1080)
    ring = CountdownRing()
    qtbot.addWidget(ring)
    ring.setStyleSheet(theme.stylesheet())
    ring.set_theme(theme)
    palette = theme.palette

    def colour_at(image: QImage, clockwise_degrees: float) -> str:
        """The colour at the middle of the ring's stroke, at an angle from 12 o'clock."""
        side = ring.width()
        centre = side / 2
        radius = side / 2 - 1 - ring.stroke_px / 2
        angle = math.radians(clockwise_degrees)
        x = centre + radius * math.sin(angle)
        y = centre - radius * math.cos(angle)
        return image.pixelColor(round(x), round(y)).name().upper()

    ring.show_seconds(20, 20, "seconds", "20 seconds left")
    full = ring.grab().toImage()
    assert {colour_at(full, a) for a in range(5, 360, 30)} == {palette.ring}
    ring.show_seconds(15, 20, "seconds", "15 seconds left")
    three_quarters = ring.grab().toImage()
    assert colour_at(three_quarters, 45) == palette.ring_track  # the first quarter ran out
    assert {colour_at(three_quarters, a) for a in (100, 180, 270, 350)} == {palette.ring}
    ring.show_seconds(10, 20, "seconds", "10 seconds left")
    half = ring.grab().toImage()
    assert colour_at(half, 90) == palette.ring_track
    assert colour_at(half, 270) == palette.ring
    middle = QRect(ring.width() // 4, ring.width() // 4, ring.width() // 2, ring.width() // 3)
    colours = {
        half.pixelColor(x, y).name().upper()
        for x in range(middle.left(), middle.right())
        for y in range(middle.top(), middle.bottom())
    }
    assert palette.text in colours


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
