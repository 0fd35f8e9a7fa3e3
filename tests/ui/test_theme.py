"""Reading and touch standards, computed from the theme's own colours and sizes."""

from __future__ import annotations

import math
import re
from collections import Counter

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kiosk import resources
from kiosk.config import THEMES
from kiosk.ui import theme
from kiosk.ui.theme import (
    BOUNDARY_PAIRS,
    CONTRAST_PAIRS,
    Metrics,
    Palette,
    Theme,
    contrast_ratio,
)
from tests.conftest import MakePack
from tests.ui.conftest import MakeWindow

SIZES = [(1920, 1080), (1080, 1920), (1280, 800)]


def test_contrast_ratio_matches_wcag_examples() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("name", THEMES)
@pytest.mark.parametrize(("foreground", "background"), CONTRAST_PAIRS)
def test_every_text_colour_keeps_7_to_1_on_its_background(
    name: str, foreground: str, background: str
) -> None:
    palette = Palette.named(name)
    ratio = contrast_ratio(getattr(palette, foreground), getattr(palette, background))
    assert ratio >= 7.0, f"{name}: {foreground} on {background} is {ratio:.2f}:1"


@pytest.mark.parametrize("name", THEMES)
@pytest.mark.parametrize(("boundary", "beside"), BOUNDARY_PAIRS)
def test_every_edge_and_indicator_keeps_3_to_1_beside_it(
    name: str, boundary: str, beside: str
) -> None:
    """Card edges, page dots and button fills are what a patient must see to use the
    screen (WCAG 1.4.11: 3:1)."""
    palette = Palette.named(name)
    ratio = contrast_ratio(getattr(palette, boundary), getattr(palette, beside))
    assert ratio >= 3.0, f"{name}: {boundary} beside {beside} is {ratio:.2f}:1"


@pytest.mark.parametrize("name", THEMES)
def test_the_more_below_sign_keeps_7_to_1_as_drawn(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack, name: str
) -> None:
    """Measured on the sign's own pixels over a long card: its words on its colour, and
    its colour against the card (3:1, WCAG 1.4.11, so the sign is seen at all)."""
    long = "\n\n".join(f"Paragraph {n} of a long card." for n in range(40))
    pack = make_pack(
        {"a.md": f"---\ntitle: A\n---\n{long}\n", "pack.toml": f'[display]\ntheme = "{name}"\n'}
    )
    window = make_window(pack)
    assert window.theme.name == name
    window.open_topic("a")
    sign = window.topic.more_below.sign
    assert sign.isVisible()
    picture = sign.grab().toImage()
    counts = Counter(
        picture.pixelColor(x, y).name()
        for x in range(picture.width())
        for y in range(picture.height())
    )
    ground = counts.most_common(1)[0][0]
    assert ground == window.theme.palette.accent.lower()
    ink = max(counts, key=lambda colour: contrast_ratio(colour, ground))
    assert counts[ink] >= 50, "the words are drawn in a solid colour, not only edges"
    assert contrast_ratio(ink, ground) >= 7.0, f"{name}: {ink} on {ground}"
    surface = window.theme.palette.surface
    assert contrast_ratio(ground, surface) >= 3.0, f"{name}: sign {ground} on card {surface}"


@pytest.mark.parametrize("name", THEMES)
def test_stylesheets_use_only_known_tokens(name: str) -> None:
    made = Theme.make(name, 1920, 1080)
    for sheet in (made.stylesheet(), made.card_css()):
        assert not re.search(r"@[a-z_]+", sheet)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_body_text_is_at_least_24px_and_scales_with_the_screen(width: int, height: int) -> None:
    metrics = Metrics.for_window(width, height)
    assert metrics.body_px >= 24
    assert Metrics.for_window(3840, 2160).body_px > Metrics.for_window(1920, 1080).body_px


@pytest.mark.parametrize("dpi", [72.0, 96.0, 160.0, 320.0])
def test_touch_size_is_at_least_48px_and_9mm(dpi: float) -> None:
    metrics = Metrics.for_window(1280, 800, dpi)
    assert metrics.touch_px >= 48
    assert metrics.touch_px / dpi * 25.4 >= 9.0
    assert metrics.touch_px >= math.ceil(9.0 / 25.4 * dpi)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_button_on_every_screen_is_big_enough(
    qtbot: QtBot, make_window: MakeWindow, width: int, height: int
) -> None:
    """Measured on the laid-out widgets, not taken from the settings."""
    window = make_window(size=(width, height))
    least = max(48, math.ceil(9.0 / 25.4 * window.screen_dpi()))

    def check() -> None:
        for button in window.findChildren(QPushButton):
            if button.isVisible():
                assert button.width() >= least, button.text()
                assert button.height() >= least, button.text()

    check()
    window.open_topic("01-understanding-ptsd")
    check()
    window.open_topic("03-what-is-ketamine-infusion-therapy")
    window.topic.show_card(window.topic.card_count - 1)  # its sources: they scroll
    assert window.topic.more_below.sign.isVisible()
    check()
    window.show_web_link("https://example.org/")
    check()


def test_shipped_font_is_used_with_fallbacks(qtbot: QtBot) -> None:
    from PySide6.QtGui import QFontInfo

    font = theme.load_fonts()
    assert font.families()[0] == "Atkinson Hyperlegible"
    assert "DejaVu Sans" in font.families()
    assert QFontInfo(font).family() == "Atkinson Hyperlegible"


def test_assets_refuse_absolute_paths_and_climbing_out() -> None:
    with pytest.raises(ValueError, match="relative paths"):
        resources.asset("/etc/passwd")
    with pytest.raises(ValueError, match="relative paths"):
        resources.asset("../content/pack.toml")
    assert resources.asset("themes/calm.toml").is_file()
