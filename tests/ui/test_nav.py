"""The bar at the top: Home and Back where they lead, and the patient's reading controls
beside them when they fit, else under them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.ui.nav import NavBar
from kiosk.ui.screens import Screen
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import style_button_icons
from kiosk.words import Words
from tests.ui.conftest import MakeWindow

MakeBar = Callable[..., NavBar]


@pytest.fixture
def make_bar(qtbot: QtBot) -> MakeBar:
    """A shown NavBar across the top of a screen of `size`."""

    def make(size: tuple[int, int] = (1920, 1080)) -> NavBar:
        width, height = size
        theme = Theme.make("calm", width, height)
        bar = NavBar()
        qtbot.addWidget(bar)
        bar.setStyleSheet(theme.stylesheet())
        style_button_icons(bar, theme)
        bar.set_words(Words("en"))
        bar.set_theme(theme)
        bar.resize(width, bar.sizeHint().height())
        bar.show()
        qtbot.waitExposed(bar)
        return bar

    return make


def one_row(bar: NavBar) -> bool:
    """Whether the reading controls are on the same row as Home (once laid out)."""
    home, reading = bar.home_button.geometry(), bar.reading.geometry()
    return reading.top() < home.bottom() and home.top() < reading.bottom()


def under(bar: NavBar) -> bool:
    """Whether the reading controls are under Home and Back (once laid out)."""
    return bar.reading.geometry().top() >= bar.home_button.geometry().bottom()


@pytest.mark.parametrize(
    ("screen", "can_go_back", "home", "back"),
    [
        (Screen.HOME, False, True, False),
        (Screen.TOPIC, False, True, False),  # Back would lead Home: Home is the one button
        (Screen.TOPIC, True, True, True),  # a topic reached by a link: Back returns there
        (Screen.UPDATING, False, False, False),
    ],
)
def test_home_and_back_show_only_where_they_lead(
    make_bar: MakeBar, screen: Screen, can_go_back: bool, home: bool, back: bool
) -> None:
    bar = make_bar()
    bar.show_for(screen, can_go_back)
    assert bar.isVisible()
    assert bar.reading.isVisible()  # text size and contrast are always at hand
    assert bar.home_button.isVisible() == home
    assert bar.back_button.isVisible() == back


def test_the_bar_is_not_over_the_slideshow(make_bar: MakeBar) -> None:
    bar = make_bar()
    bar.show_for(Screen.SLIDESHOW)
    assert not bar.isVisible()


def test_the_reading_controls_go_under_home_and_back_when_they_do_not_fit(
    qtbot: QtBot, make_bar: MakeBar
) -> None:
    wide = make_bar((1920, 1080))
    qtbot.waitUntil(lambda: one_row(wide))
    narrow = make_bar((800, 1280))
    qtbot.waitUntil(lambda: under(narrow))
    narrow.resize(1920, narrow.height())  # the bar follows its own width
    qtbot.waitUntil(lambda: one_row(narrow))


def test_the_window_turned_to_portrait_moves_the_reading_controls_under_home(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window(size=(1920, 1080))
    qtbot.waitUntil(lambda: one_row(window.nav))
    window.resize(800, 1280)
    qtbot.waitUntil(lambda: under(window.nav))
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: one_row(window.nav))


def test_the_bar_says_what_was_tapped(qtbot: QtBot, make_bar: MakeBar) -> None:
    bar = make_bar()
    bar.show_for(Screen.TOPIC, can_go_back=True)
    with qtbot.waitSignal(bar.home_clicked):
        qtbot.mouseClick(bar.home_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(bar.back_clicked):
        qtbot.mouseClick(bar.back_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(bar.text_size_chosen) as chosen:
        qtbot.mouseClick(bar.reading.size_buttons["A++"], Qt.MouseButton.LeftButton)
    assert chosen.args == ["A++"]
    with qtbot.waitSignal(bar.contrast_toggled) as toggled:
        qtbot.mouseClick(bar.reading.contrast_button, Qt.MouseButton.LeftButton)
    assert toggled.args == [True]


def test_the_bar_speaks_the_patients_language(make_bar: MakeBar) -> None:
    bar = make_bar()
    bar.set_words(Words("es"))
    assert bar.home_button.text() == "Inicio"
    assert bar.accessibleName() == Words("es")("navigation")
    bar.show_choices("A+", high_contrast=True)
    assert bar.reading.size_buttons["A+"].isChecked()
    assert bar.reading.contrast_button.isChecked()
