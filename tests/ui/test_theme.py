"""Reading and touch standards, computed from the theme's own colours and sizes."""

from __future__ import annotations

import math
import re

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kiosk import resources
from kiosk.config import THEMES
from kiosk.ui import theme
from kiosk.ui.theme import (
    CONTRAST_PAIRS,
    GRAPHIC_PAIRS,
    Metrics,
    Palette,
    Theme,
    contrast_ratio,
)
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
@pytest.mark.parametrize(("foreground", "background"), GRAPHIC_PAIRS)
def test_the_countdown_ring_keeps_3_to_1_beside_what_it_is_seen_against(
    name: str, foreground: str, background: str
) -> None:
    """WCAG 1.4.11 for graphics: the ring's seconds left against the panel and against
    the part already run out. (Its number is drawn in `text`, on `surface`: 7:1 above.)"""
    palette = Palette.named(name)
    ratio = contrast_ratio(getattr(palette, foreground), getattr(palette, background))
    assert ratio >= 3.0, f"{name}: {foreground} on {background} is {ratio:.2f}:1"


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
