"""Reading a topic aloud, where the machine has a text-to-speech engine for its language.

Qt's text-to-speech is in PySide6-Addons (the ``speech`` extra), which the kiosk does
not need to run. On Linux its engine is ``speechd`` (speech-dispatcher); the other one it
ships, ``mock``, only pretends to speak and is never used here. Without the module, a
real engine, or a voice for the language being read, the Listen button is not shown, and
the log says why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, QObject, QThread, Signal, Slot

if TYPE_CHECKING:
    from kiosk.ui.topic import TopicScreen

log = logging.getLogger(__name__)

TESTING_ENGINES = frozenset({"mock"})  # ship with Qt but make no sound
SPEAKING_STATES = frozenset({"Speaking", "Paused"})  # names of QTextToSpeech.State


class Speaker(QObject):
    """Reads plain text aloud in a language, through the engine it is given.

    The engine is a ``QTextToSpeech`` or anything shaped like one (``say``, ``stop``,
    ``state``, ``stateChanged``, ``availableLocales``, ``locale``, ``setLocale``; states
    are read by name, so a fake's own enum with Qt's names will do), or None, in which
    case nothing can be spoken.

    Signals:
        speaking_changed(bool): the engine started (True) or stopped (False) speaking.
        engine_changed(): the engine's state changed (it became ready, or failed), so
            what `can_speak` says may have changed.
    """

    speaking_changed = Signal(bool)
    engine_changed = Signal()

    def __init__(self, engine: Any | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._speaking = False
        if engine is not None:
            engine.stateChanged.connect(self._on_state_changed)

    def shut_down(self) -> None:
        """Stop speaking and end the engine's thread, if it has one."""
        self.stop()
        if isinstance(self._engine, ThreadedEngine):
            self._engine.shut_down()

    @property
    def speaking(self) -> bool:
        """Whether the engine is reading something now."""
        return self._speaking

    def can_speak(self, language: str) -> bool:
        """Whether `language` ("es", "en", "es-MX") can be read aloud now."""
        return self._locale_for(language) is not None

    def say(self, text: str, language: str) -> None:
        """Reads `text` in `language`, after stopping what was being read.

        Does nothing when that language cannot be spoken.
        """
        engine, locale = self._engine, self._locale_for(language)
        if engine is None or locale is None:
            return
        self.stop()
        if engine.locale() != locale:
            # The engine then picks a voice of its own for that locale.
            engine.setLocale(locale)
        engine.say(text)

    def stop(self) -> None:
        """Stops reading; `speaking` is False afterwards, whatever the engine reports."""
        if self._engine is not None:
            self._engine.stop()
        self._set_speaking(False)

    def _locale_for(self, language: str) -> QLocale | None:
        """The engine's locale to read `language` in, or None without a usable one."""
        if self._engine is None or self._engine.state().name == "Error":
            return None
        wanted = QLocale(language.replace("-", "_"))
        if wanted.language() in (QLocale.Language.AnyLanguage, QLocale.Language.C):
            return None  # an unknown code: QLocale would make it "C", which speechd lists
        matching = [
            locale
            for locale in self._engine.availableLocales()
            if locale.language() == wanted.language()
        ]
        # The exact locale asked for ("es" means es_ES), else the engine's own, else any.
        for preferred in (wanted, self._engine.locale()):
            if preferred in matching:
                return preferred
        return matching[0] if matching else None

    @Slot(object)
    def _on_state_changed(self, state: Any) -> None:
        self._set_speaking(state.name in SPEAKING_STATES)
        self.engine_changed.emit()

    def _set_speaking(self, speaking: bool) -> None:
        if speaking != self._speaking:
            self._speaking = speaking
            self.speaking_changed.emit(speaking)


class ReadAloud(QObject):
    """The topic screen's Listen button: reads the card shown aloud with a `Speaker`.

    The button shows only where the speaker can speak the language of the topic shown;
    it becomes Stop while reading. Reading stops when the card changes, and on `stop`
    (the window calls it whenever the patient moves on).

    Args:
        screen: The topic screen with the Listen button.
        parent: The owner.
    """

    def __init__(self, screen: TopicScreen, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._screen = screen
        self.speaker: Speaker | None = None
        screen.listen_clicked.connect(self._on_listen_clicked)
        screen.card_changed.connect(self._on_card_changed)

    def set_speaker(self, speaker: Speaker | None) -> None:
        """Read cards aloud with `speaker` (None: no Listen button)."""
        if self.speaker is not None:
            self.speaker.stop()
            self.speaker.speaking_changed.disconnect(self._screen.show_speaking)
            self.speaker.engine_changed.disconnect(self._show_listen)
        self.speaker = speaker
        if speaker is not None:
            speaker.speaking_changed.connect(self._screen.show_speaking)
            speaker.engine_changed.connect(self._show_listen)
        self._show_listen()

    def stop(self) -> None:
        """Stop reading, if anything is being read."""
        if self.speaker is not None:
            self.speaker.stop()

    @Slot()
    def _show_listen(self) -> None:
        speaker = self.speaker
        self._screen.show_listen(speaker is not None and speaker.can_speak(self._screen.language))

    @Slot()
    def _on_listen_clicked(self) -> None:
        speaker, words = self.speaker, self._screen.card_words()
        if speaker is None or not words:
            return
        if speaker.speaking:
            speaker.stop()
            return
        speaker.say(words, self._screen.language)

    @Slot(int)
    def _on_card_changed(self, index: int) -> None:
        self.stop()
        self._show_listen()


class _EngineHost(QObject):
    """Makes the engine and passes it what to do, on the speech thread."""

    made = Signal(object, object, str)  # locales, the engine's locale, why not ("" if made)
    state_changed = Signal(str)

    def __init__(self, make: Callable[[str, QObject], Any], name: str) -> None:
        super().__init__()
        self._make = make
        self._name = name
        self._engine: Any | None = None

    @Slot()
    def make(self) -> None:
        try:
            engine = self._make(self._name, self)
            if engine.state().name == "Error":
                why = engine.errorString() or "no reason given"
                engine.deleteLater()
                self.made.emit([], QLocale(), f"the {self._name} engine failed to start: {why}")
                return
        except Exception:  # a broken engine must not stop the kiosk; it only loses Listen
            log.exception("read-aloud off: the %s engine could not be made", self._name)
            self.made.emit([], QLocale(), "")
            return
        self._engine = engine
        engine.stateChanged.connect(self._on_state_changed)
        self.made.emit(list(engine.availableLocales()), engine.locale(), "")

    @Slot(str)
    def say(self, text: str) -> None:
        if self._engine is not None:
            self._engine.say(text)

    @Slot()
    def stop(self) -> None:
        if self._engine is not None:
            self._engine.stop()

    @Slot(object)
    def set_locale(self, locale: QLocale) -> None:
        if self._engine is not None:
            self._engine.setLocale(locale)

    @Slot(object)
    def _on_state_changed(self, state: Any) -> None:
        self.state_changed.emit(state.name)


class ThreadedEngine(QObject):
    """A text-to-speech engine shaped as `Speaker` wants it, living on a thread of its own.

    speech-dispatcher's engine takes a second or two to start, and where it cannot play
    sound it can block a new client for minutes: on the UI thread that would freeze the
    kiosk. So the engine is made and driven on its own thread; until it is ready it has
    no locales, and nothing can be spoken.

    Signals:
        stateChanged(object): the engine's state (an object with a `name`).
    """

    stateChanged = Signal(object)
    _say = Signal(str)
    _stop = Signal()
    _set_locale = Signal(object)

    def __init__(
        self, make: Callable[[str, QObject], Any], name: str, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.name = name
        self._state = "Loading"
        self._locales: list[QLocale] = []
        self._locale = QLocale()
        self._thread = QThread()
        self._thread.setObjectName("speech")
        self._host = _EngineHost(make, name)
        self._host.moveToThread(self._thread)
        self._thread.started.connect(self._host.make)
        self._thread.finished.connect(self._host.deleteLater)
        self._host.made.connect(self._on_made)
        self._host.state_changed.connect(self._on_state_changed)
        self._say.connect(self._host.say)
        self._stop.connect(self._host.stop)
        self._set_locale.connect(self._host.set_locale)
        self._thread.start()

    def state(self) -> SimpleNamespace:
        return SimpleNamespace(name=self._state)

    def availableLocales(self) -> list[QLocale]:  # noqa: N802 (QTextToSpeech's name)
        return list(self._locales)

    def locale(self) -> QLocale:
        return self._locale

    def setLocale(self, locale: QLocale) -> None:  # noqa: N802 (QTextToSpeech's name)
        self._locale = locale
        self._set_locale.emit(locale)

    def say(self, text: str) -> None:
        self._say.emit(text)

    def stop(self) -> None:
        self._stop.emit()

    def shut_down(self) -> None:
        """End the thread; one stuck inside the engine is ended the hard way."""
        self._thread.quit()
        if not self._thread.wait(2000):
            log.warning("the speech engine did not stop; ending its thread")
            self._thread.terminate()
            self._thread.wait(1000)

    @Slot(object, object, str)
    def _on_made(self, locales: list[QLocale], locale: QLocale, problem: str) -> None:
        if problem:
            log.info("read-aloud off: %s", problem)
        if problem or not locales:  # (an engine that raised was logged on its thread)
            self._on_state_changed("Error")
            return
        self._locales, self._locale = locales, locale
        languages = sorted(
            {loc.name().split("_")[0] for loc in locales if loc.language() != QLocale.Language.C}
        )
        log.info("read-aloud on: %s engine, languages: %s", self.name, " ".join(languages))
        self._on_state_changed("Ready")

    @Slot(str)
    def _on_state_changed(self, name: str) -> None:
        self._state = name
        self.stateChanged.emit(SimpleNamespace(name=name))


def make_speaker(parent: QObject | None = None) -> Speaker:
    """A Speaker on the first real text-to-speech engine, or on none; never raises.

    The engine starts on a thread of its own (see `ThreadedEngine`); the speaker can
    speak once it is ready (`Speaker.engine_changed`).
    """
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech  # only here: it is optional
    except ImportError as error:
        log.info("read-aloud off: no QtTextToSpeech (PySide6-Addons): %s", error)
        return Speaker(None, parent)
    try:
        names = [n for n in QTextToSpeech.availableEngines() if n not in TESTING_ENGINES]
    except Exception:
        log.exception("read-aloud off: the text-to-speech engines could not be listed")
        return Speaker(None, parent)
    if not names:
        log.info("read-aloud off: no text-to-speech engine but Qt's test engines")
        return Speaker(None, parent)
    # Its first news reaches the UI thread's event loop, so after the Speaker listens.
    engine = ThreadedEngine(QTextToSpeech, names[0])
    speaker = Speaker(engine, parent)
    engine.setParent(speaker)
    return speaker
