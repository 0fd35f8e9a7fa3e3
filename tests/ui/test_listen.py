"""The Listen button: shown where the card's language can be spoken, reads the card,
and stops whenever the patient moves on or the kiosk resets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk import loader
from kiosk.ui.cards import CardRenderer
from kiosk.ui.screens import Screen
from kiosk.ui.speech import ReadAloud, Speaker
from kiosk.ui.theme import Theme
from kiosk.ui.topic import TopicScreen
from kiosk.ui.window import KioskWindow
from tests.conftest import DEFAULT_PACK
from tests.ui.conftest import MakeWindow
from tests.ui.test_speech import FakeEngine


def listening(
    qtbot: QtBot, make_window: MakeWindow, locales: tuple[str, ...] = ("en_US",)
) -> tuple[KioskWindow, FakeEngine]:
    window = make_window(DEFAULT_PACK)
    engine = FakeEngine(locales, current=locales[0])
    window.read_aloud.set_speaker(Speaker(engine, window))
    return window, engine


def open_first(window: KioskWindow) -> None:
    assert window.edition is not None
    window.open_topic(window.edition.topics[0].id)


def test_listen_reads_the_topic_card_in_its_language(qtbot: QtBot, make_window: MakeWindow) -> None:
    window, engine = listening(qtbot, make_window)
    open_first(window)
    button = window.topic.listen_button
    assert button.isVisible()
    assert button.text() == "Listen"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    said = [c for c in engine.calls if c.startswith("say ")]
    assert len(said) == 1
    assert said[0].startswith("say Understanding PTSD. ")
    assert "PTSD" in said[0]
    assert button.text() == "Stop"
    assert button.accessibleName() == "Stop reading aloud"
    engine.finish()
    assert button.text() == "Listen"


def test_tapping_stop_stops(qtbot: QtBot, make_window: MakeWindow) -> None:
    window, engine = listening(qtbot, make_window)
    open_first(window)
    qtbot.mouseClick(window.topic.listen_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.topic.listen_button, Qt.MouseButton.LeftButton)
    assert engine.calls[-1] == "stop"
    assert not window.read_aloud.speaker or not window.read_aloud.speaker.speaking


def test_reading_stops_on_every_way_of_moving_on(qtbot: QtBot, make_window: MakeWindow) -> None:
    window, engine = listening(qtbot, make_window)
    speaker = window.read_aloud.speaker
    assert speaker is not None
    for move_on in (
        lambda: window.topic.next(),
        lambda: window.go_home(),
        lambda: window.follow_link(window.pack.default.topics[1].id if window.pack else ""),
        lambda: window.go_back(),
        lambda: window.reset(),
    ):
        if window.current_screen is not Screen.TOPIC:
            open_first(window)
        window.topic.listen_button.click()
        assert speaker.speaking
        move_on()
        assert not speaker.speaking, move_on


def test_listen_is_hidden_without_a_voice_for_the_language(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window, _ = listening(qtbot, make_window, ("en_US",))
    window.set_language("es")
    open_first(window)
    assert not window.topic.listen_button.isVisible()
    window.go_home()
    window.set_language("en")
    open_first(window)
    assert window.topic.listen_button.isVisible()


def test_listen_reads_spanish_with_a_spanish_voice(qtbot: QtBot, make_window: MakeWindow) -> None:
    window, engine = listening(qtbot, make_window, ("en_US", "es_MX"))
    window.set_language("es")
    open_first(window)
    assert window.topic.listen_button.text() == "Escuchar"
    window.topic.listen_button.click()
    assert "setLocale es_MX" in engine.calls
    assert engine.calls[-1].startswith("say Entender el TEPT. ")


def test_no_speaker_or_a_failed_engine_hides_listen(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(DEFAULT_PACK)
    open_first(window)
    assert not window.topic.listen_button.isVisible()
    engine = FakeEngine()
    window.read_aloud.set_speaker(Speaker(engine, window))
    assert window.topic.listen_button.isVisible()
    engine.fail()
    assert not window.topic.listen_button.isVisible()  # at once, not at the next card


def test_read_aloud_drives_a_topic_screen_of_its_own(qtbot: QtBot) -> None:
    """No window needed: the Listen button follows the topic shown and its language, reads
    its card, and a new card stops the reading."""
    loaded = loader.load(DEFAULT_PACK)
    screen = TopicScreen()
    qtbot.addWidget(screen)
    screen.set_theme(Theme.make("calm", 1280, 800))
    screen.show()
    read_aloud = ReadAloud(screen)
    engine = FakeEngine(("es_ES",), current="es_ES")
    read_aloud.set_speaker(Speaker(engine, screen))
    assert not screen.listen_button.isVisible()  # no topic yet

    english = CardRenderer(loaded, loaded.default)
    screen.show_topic(english, english.edition.topics[0])
    assert not screen.listen_button.isVisible()  # no English voice
    spanish = CardRenderer(loaded, loaded.edition("es"))
    screen.show_topic(spanish, spanish.edition.topics[0])
    assert screen.listen_button.isVisible()

    screen.listen_button.click()
    assert engine.calls[-1] == f"say {screen.card_words()}"
    assert read_aloud.speaker is not None
    assert read_aloud.speaker.speaking
    screen.next()
    assert not read_aloud.speaker.speaking
