"""Reading aloud: which languages can be spoken, and what the engine is told."""

from __future__ import annotations

import enum
import logging
import subprocess
import sys
import types
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QObject, Signal
from pytestqt.qtbot import QtBot

from kiosk.ui.speech import Speaker, make_speaker

REPO = Path(__file__).parents[2]

try:
    # Here, not in a test: loading QtMultimedia logs Qt warnings (no PipeWire), which
    # would fail the first test to import it (qt_log_level_fail).
    from PySide6.QtTextToSpeech import QTextToSpeech
except ImportError:  # PySide6-Addons not installed, or its system libraries missing
    HAVE_QT_SPEECH = False
else:
    HAVE_QT_SPEECH = True


class EngineState(enum.Enum):
    """QTextToSpeech.State's names, which is all Speaker reads."""

    Ready = 0
    Speaking = 1
    Paused = 2
    Error = 3


class FakeEngine(QObject):
    """A QTextToSpeech that records what it is told and finishes when told to."""

    stateChanged = Signal(object)

    def __init__(
        self,
        locales: Iterable[str] = ("en_US", "es_ES"),
        *,
        current: str = "en_US",
        state: EngineState = EngineState.Ready,
        stop_is_heard: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.calls: list[str] = []
        self._locales = [QLocale(name) for name in locales]
        self._locale = QLocale(current)
        self._state = state
        self._stop_is_heard = stop_is_heard

    def state(self) -> EngineState:
        return self._state

    def availableLocales(self) -> list[QLocale]:
        return list(self._locales)

    def locale(self) -> QLocale:
        return self._locale

    def setLocale(self, locale: QLocale) -> None:
        self.calls.append(f"setLocale {locale.name()}")
        self._locale = locale

    def say(self, text: str) -> None:
        self.calls.append(f"say {text}")
        self._change(EngineState.Speaking)

    def stop(self) -> None:
        self.calls.append("stop")
        if self._stop_is_heard:
            self._change(EngineState.Ready)

    def finish(self) -> None:
        """The text has been read to its end."""
        self._change(EngineState.Ready)

    def fail(self) -> None:
        self._change(EngineState.Error)

    def _change(self, state: EngineState) -> None:
        if state != self._state:
            self._state = state
            self.stateChanged.emit(state)


def recorded(speaker: Speaker) -> list[bool]:
    """Every speaking_changed value the speaker emits from now on."""
    values: list[bool] = []
    speaker.speaking_changed.connect(values.append)
    return values


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", True),
        ("es-MX", True),
        ("es_MX", True),
        ("en", True),
        ("fr", False),
        ("xx", False),  # QLocale makes an unknown code "C", which speechd lists
        ("", False),
    ],
)
def test_can_speak_a_language_with_a_locale_of_it_in_any_country(
    qtbot: QtBot, language: str, expected: bool
) -> None:
    speaker = Speaker(FakeEngine(["es_MX", "en_GB", "C"], current="en_GB"))
    assert speaker.can_speak(language) is expected


def test_an_engine_that_failed_to_start_speaks_nothing(qtbot: QtBot) -> None:
    engine = FakeEngine(state=EngineState.Error)
    speaker = Speaker(engine)
    assert not speaker.can_speak("en")
    speaker.say("Wash your hands.", "en")
    assert engine.calls == []


def test_an_engine_that_fails_later_speaks_nothing_more(qtbot: QtBot) -> None:
    engine = FakeEngine()
    speaker = Speaker(engine)
    speaker.say("Wash your hands.", "en")
    engine.fail()
    assert not speaker.can_speak("en")
    assert not speaker.speaking


def test_can_speak_while_speaking_so_the_button_stays(qtbot: QtBot) -> None:
    speaker = Speaker(FakeEngine())
    speaker.say("Wash your hands.", "en")
    assert speaker.can_speak("en")


def test_say_sets_the_locale_speaks_then_reports_the_end(qtbot: QtBot) -> None:
    engine = FakeEngine(["en_US", "es_ES"], current="en_US")
    speaker = Speaker(engine)
    changes = recorded(speaker)
    speaker.say("Lávese las manos.\n\nCon agua y jabón.", "es")
    assert engine.calls == ["stop", "setLocale es_ES", "say Lávese las manos.\n\nCon agua y jabón."]
    assert speaker.speaking
    assert changes == [True]
    engine.finish()
    assert not speaker.speaking
    assert changes == [True, False]


def test_a_language_code_means_its_main_country_when_the_engine_has_it(qtbot: QtBot) -> None:
    engine = FakeEngine(["es_MX", "es_ES", "en_US"], current="en_US")
    Speaker(engine).say("Hola", "es")
    assert "setLocale es_ES" in engine.calls


def test_a_country_asked_for_is_used_when_the_engine_has_it(qtbot: QtBot) -> None:
    engine = FakeEngine(["es_ES", "es_MX"], current="es_ES")
    Speaker(engine).say("Hola", "es-MX")
    assert "setLocale es_MX" in engine.calls


def test_the_engine_keeps_its_own_locale_when_it_is_of_that_language(qtbot: QtBot) -> None:
    engine = FakeEngine(["es_US", "es_MX"], current="es_MX")
    Speaker(engine).say("Hola", "es")
    assert engine.calls == ["stop", "say Hola"]


def test_otherwise_any_locale_of_the_language_will_do(qtbot: QtBot) -> None:
    engine = FakeEngine(["en_US", "es_US", "es_MX"], current="en_US")
    Speaker(engine).say("Hola", "es")
    assert "setLocale es_US" in engine.calls


def test_say_in_a_language_without_a_voice_does_nothing(qtbot: QtBot) -> None:
    engine = FakeEngine(["en_US"])
    speaker = Speaker(engine)
    with qtbot.assertNotEmitted(speaker.speaking_changed):
        speaker.say("Bonjour", "fr")
    assert engine.calls == []


def test_stop_stops_the_engine(qtbot: QtBot) -> None:
    engine = FakeEngine()
    speaker = Speaker(engine)
    speaker.say("Wash your hands.", "en")
    changes = recorded(speaker)
    speaker.stop()
    assert engine.calls[-1] == "stop"
    assert not speaker.speaking
    assert changes == [False]


def test_stop_is_not_speaking_even_when_the_engine_never_says_so(qtbot: QtBot) -> None:
    """speech-dispatcher without a sound output stays Speaking after a stop."""
    engine = FakeEngine(stop_is_heard=False)
    speaker = Speaker(engine)
    speaker.say("Wash your hands.", "en")
    speaker.stop()
    assert engine.state() == EngineState.Speaking
    assert not speaker.speaking


def test_say_while_speaking_stops_the_first_text(qtbot: QtBot) -> None:
    engine = FakeEngine()
    speaker = Speaker(engine)
    speaker.say("First topic", "en")
    speaker.say("Second topic", "en")
    assert engine.calls == ["stop", "say First topic", "stop", "say Second topic"]
    assert speaker.speaking


def test_without_an_engine_nothing_can_be_spoken_and_nothing_breaks(qtbot: QtBot) -> None:
    speaker = Speaker(None)
    assert not speaker.can_speak("en")
    with qtbot.assertNotEmitted(speaker.speaking_changed):
        speaker.say("Wash your hands.", "en")
        speaker.stop()
    assert not speaker.speaking


# make_speaker, with PySide6.QtTextToSpeech replaced: never the machine's real engines,
# since speech-dispatcher without a sound output can block a new client for good.


def qt_speech_module(
    engines: list[str],
    *,
    state: EngineState = EngineState.Ready,
    error: str = "",
    raises: bool = False,
) -> tuple[types.ModuleType, list[str]]:
    """A stand-in for PySide6.QtTextToSpeech, and the names of the engines it made."""
    made: list[str] = []

    class FakeTextToSpeech(FakeEngine):
        State = EngineState  # where make_speaker looks for it, as on Qt's class

        @staticmethod
        def availableEngines() -> list[str]:
            return list(engines)

        def __init__(self, name: str, parent: QObject | None = None) -> None:
            if raises:
                raise RuntimeError("plugin went away")
            super().__init__(state=state, parent=parent)
            made.append(name)

        def errorString(self) -> str:
            return error

    module = types.ModuleType("PySide6.QtTextToSpeech")
    module.QTextToSpeech = FakeTextToSpeech  # type: ignore[attr-defined]
    return module, made


def speech_log(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "kiosk.ui.speech"]


def started(qtbot: QtBot, speaker: Speaker) -> Speaker:
    """`speaker` once its engine's thread has made the engine (or failed to)."""
    qtbot.waitSignal(speaker.engine_changed, timeout=5000).wait()
    return speaker


@pytest.fixture
def parents() -> list[QObject]:
    return []


@pytest.fixture
def speakers(parents: list[QObject]) -> Iterator[list[Speaker]]:
    """Speakers made by a test, whose engine threads are ended after it."""
    made: list[Speaker] = []
    yield made
    for speaker in made:
        speaker.shut_down()


@pytest.fixture
def log_info(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="kiosk.ui.speech")
    return caplog


def test_without_qt_speech_installed_make_speaker_cannot_speak(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, log_info: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", None)
    speaker = make_speaker()
    assert not speaker.can_speak("en")
    (message,) = speech_log(log_info)
    assert message.startswith("read-aloud off: no QtTextToSpeech (PySide6-Addons)")


def test_qt_test_engines_are_not_used(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, log_info: pytest.LogCaptureFixture
) -> None:
    module, made = qt_speech_module(["mock"])
    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", module)
    speaker = make_speaker()
    assert not speaker.can_speak("en")
    assert made == []
    assert speech_log(log_info) == [
        "read-aloud off: no text-to-speech engine but Qt's test engines"
    ]


@pytest.mark.parametrize("engines", [["mock", "speechd"], ["speechd", "mock"]])
def test_the_real_engine_is_used_in_whatever_order_qt_lists_it(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    log_info: pytest.LogCaptureFixture,
    engines: list[str],
    speakers: list[Speaker],
    parents: list[QObject],
) -> None:
    module, made = qt_speech_module(engines)  # locales en_US es_ES
    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", module)
    parent = QObject()
    speaker = make_speaker(parent)
    speakers.append(speaker)
    parents.append(parent)  # alive until the speaker's thread is ended
    assert not speaker.can_speak("es")  # not before its thread has made the engine
    started(qtbot, speaker)
    assert made == ["speechd"]
    assert speaker.parent() is parent
    assert speaker.can_speak("es")
    assert speech_log(log_info) == ["read-aloud on: speechd engine, languages: en es"]


def test_an_engine_that_fails_to_start_is_logged_with_its_reason(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    log_info: pytest.LogCaptureFixture,
    speakers: list[Speaker],
) -> None:
    module, _ = qt_speech_module(["speechd"], state=EngineState.Error, error="no speech-dispatcher")
    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", module)
    speaker = make_speaker()
    speakers.append(speaker)
    started(qtbot, speaker)
    assert not speaker.can_speak("en")
    assert speech_log(log_info) == [
        "read-aloud off: the speechd engine failed to start: no speech-dispatcher"
    ]


def test_an_engine_that_raises_leaves_the_kiosk_without_read_aloud(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    log_info: pytest.LogCaptureFixture,
    speakers: list[Speaker],
) -> None:
    module, _ = qt_speech_module(["speechd"], raises=True)
    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", module)
    speaker = make_speaker()
    speakers.append(speaker)
    started(qtbot, speaker)
    assert not speaker.can_speak("en")
    (record,) = [r for r in log_info.records if r.name == "kiosk.ui.speech"]
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None


def test_importing_the_module_does_not_load_qt_speech() -> None:
    """QtTextToSpeech (and QtMultimedia under it) is loaded only when asked for."""
    check = "import sys, kiosk.ui.speech; print('PySide6.QtTextToSpeech' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", check], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


@pytest.mark.skipif(not HAVE_QT_SPEECH, reason="PySide6-Addons (the speech extra) missing")
def test_qt_mock_engine_says_and_finishes(qtbot: QtBot) -> None:
    """Qt's own test engine: en_GB en_US nb_NO nn_NO fi_FI, Speaking then Ready."""
    engine = QTextToSpeech("mock")
    speaker = Speaker(engine)
    assert speaker.can_speak("en")
    assert not speaker.can_speak("es")
    with qtbot.waitSignal(speaker.speaking_changed) as started:
        speaker.say("Wash your hands.", "en")
    assert started.args == [True]
    assert engine.locale().name() == "en_US"
    with qtbot.waitSignal(speaker.speaking_changed, timeout=5000) as finished:
        pass
    assert finished.args == [False]
    assert engine.state() == QTextToSpeech.State.Ready


def test_a_speaker_whose_engine_never_starts_cannot_speak_and_shuts_down(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """speech-dispatcher with no sound output can block a new engine for minutes: the
    kiosk goes on without Listen, and stopping it does not hang."""
    import threading

    release = threading.Event()

    def stuck(name: str, parent: QObject) -> FakeEngine:
        release.wait(10)
        return FakeEngine(parent=parent)

    from kiosk.ui.speech import ThreadedEngine

    engine = ThreadedEngine(stuck, "speechd")
    speaker = Speaker(engine)
    qtbot.wait(50)
    assert not speaker.can_speak("en")  # and the UI thread is free: we got here
    release.set()
    started(qtbot, speaker)
    assert speaker.can_speak("en")
    speaker.shut_down()
