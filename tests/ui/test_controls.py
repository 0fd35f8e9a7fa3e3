"""The patient's own controls: text size, high contrast and language, until reset."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.controls import native_name
from kiosk.ui.theme import TEXT_SCALES, Metrics
from tests.conftest import GOOD_TOPIC, MakePack
from tests.ui.conftest import MakeWindow

ES_TOPIC = (
    GOOD_TOPIC.replace("title: Sleep", "title: Dormir")
    .replace("Sleep helps the body heal.", "Dormir ayuda al cuerpo a sanar.")
    .replace("## Tips", "## Consejos")
)


def tap(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.fixture
def two_languages(make_pack: MakePack) -> Path:
    return make_pack(
        {
            "pack.toml": '[pack]\ntitle = "Sleep well"\n',
            "en/01-sleep.md": GOOD_TOPIC,
            "es/01-sleep.md": ES_TOPIC,
            "es/pack.toml": '[pack]\ntitle = "Dormir bien"\n',
        }
    )


def test_text_size_buttons_make_the_reading_text_larger(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window(size=(1280, 800))
    base = Metrics.for_window(1280, 800).body_px
    assert window.nav.reading.size_buttons["A"].isChecked()
    tap(qtbot, window.nav.reading.size_buttons["A++"])
    assert window.theme.text_size == "A++"
    assert window.theme.metrics.body_px == round(base * TEXT_SCALES["A++"])
    assert f"font-size: {window.theme.metrics.body_px}px" in window.styleSheet()
    assert window.nav.reading.size_buttons["A++"].isChecked()
    assert not window.nav.reading.size_buttons["A"].isChecked()
    # The kiosk's own buttons keep their size, so the top bar stays one row.
    assert window.theme.metrics.button_px == Metrics.for_window(1280, 800).button_px


def test_the_text_size_stays_while_reading_and_reset_puts_back_the_packs(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    root = make_pack({"a.md": GOOD_TOPIC, "pack.toml": '[display]\ntext_size = "A+"\n'})
    window = make_window(root)
    assert window.theme.text_size == "A+"
    tap(qtbot, window.nav.reading.size_buttons["A++"])
    tap(qtbot, window.home.cards[0])
    assert window.theme.text_size == "A++"
    window.reset()
    assert window.theme.text_size == "A+"
    assert window.nav.reading.size_buttons["A+"].isChecked()


def test_high_contrast_switch_and_reset(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    switch = window.nav.reading.contrast_button
    assert window.theme.name == "calm"
    assert not switch.isChecked()
    tap(qtbot, switch)
    assert window.theme.name == "high-contrast"
    assert switch.isChecked()
    assert window.theme.palette.background == "#000000"
    tap(qtbot, switch)
    assert window.theme.name == "calm"
    tap(qtbot, switch)
    window.reset()
    assert window.theme.name == "calm"
    assert not switch.isChecked()


def test_a_pack_in_high_contrast_can_be_switched_to_calm(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    root = make_pack({"a.md": GOOD_TOPIC, "pack.toml": '[display]\ntheme = "high-contrast"\n'})
    window = make_window(root, theme="high-contrast")
    assert window.nav.reading.contrast_button.isChecked()
    tap(qtbot, window.nav.reading.contrast_button)
    assert window.theme.name == "calm"
    window.reset()
    assert window.theme.name == "high-contrast"


def test_text_size_and_contrast_are_at_hand_on_every_screen_but_the_slideshow(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    assert window.nav.reading.isVisible()
    tap(qtbot, window.home.cards[0])
    assert window.nav.reading.isVisible()
    window.reset()
    assert not window.nav.isVisible()  # the slideshow is for the room, not a reader
    window.show_updating()
    assert window.nav.reading.isVisible()
    assert not window.nav.home_button.isVisible()


def test_language_buttons_are_named_in_their_own_language(
    qtbot: QtBot, make_window: MakeWindow, two_languages: Path
) -> None:
    window = make_window(two_languages)
    buttons = window.home.languages.buttons
    assert window.home.languages.isVisible()
    assert [b.text() for b in buttons.values()] == ["English", "Español"]
    assert buttons["en"].isChecked()
    assert native_name("fr") == "Français"  # no words of ours: Qt's name for it


def test_one_language_shows_no_language_buttons(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    window = make_window(make_pack({"a.md": GOOD_TOPIC}))
    assert not window.home.languages.isVisible()


def test_picking_a_language_shows_its_topics_and_the_kiosks_words_until_reset(
    qtbot: QtBot, make_window: MakeWindow, two_languages: Path
) -> None:
    window = make_window(two_languages)
    tap(qtbot, window.home.languages.buttons["es"])
    assert window.home.title.text() == "Dormir bien"
    assert window.nav.home_button.text() == "Inicio"
    assert window.nav.reading.contrast_button.text() == "Contraste"
    tap(qtbot, window.home.cards[0])
    assert window.topic.title.text() == "Dormir"
    assert window.topic.counter.text() == "1 de 3"
    assert window.topic.next_button.text() == "Siguiente"
    assert "Dormir ayuda" in window.topic.text.toPlainText()
    window.topic.next()
    assert "Consejos" in window.topic.text.toPlainText()
    window.topic.next()  # where it comes from, in the patient's language too
    assert "De dónde viene esta información" in window.topic.text.toPlainText()
    assert "Este tema se basa en:" in window.topic.text.toPlainText()
    tap(qtbot, window.nav.home_button)
    assert window.home.title.text() == "Dormir bien"  # the choice lasts until reset
    window.still_there.set_seconds(5)
    assert window.still_there.ring.accessibleName() == "Quedan 5 segundos"
    assert "toque el botón" in window.still_there.text.text()
    window.reset()
    assert window.home.title.text() == "Sleep well"
    assert window.nav.home_button.text() == "Home"
    assert window.home.languages.buttons["en"].isChecked()
    window.still_there.set_seconds(5)
    assert window.still_there.ring.accessibleName() == "5 seconds left"


def test_a_new_pack_keeps_the_patients_language_only_if_it_has_it(
    qtbot: QtBot, make_window: MakeWindow, two_languages: Path, make_pack: MakePack
) -> None:
    from kiosk.loader import load

    window = make_window(two_languages)
    tap(qtbot, window.home.languages.buttons["es"])
    window.swap_pack(load(two_languages))
    assert window.edition is not None
    assert window.edition.language == "es"
    window.swap_pack(load(make_pack({"a.md": GOOD_TOPIC})))
    assert window.edition is not None
    assert window.edition.language == "en"
    assert window.nav.home_button.text() == "Home"
