"""The patient's own controls: text size and contrast in the top bar, languages on Home.

Each is a row of option buttons: the one in force is filled, the others are outlined,
and every button says in its accessible name what it does, in the patient's language.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QWidget

from kiosk.config import TEXT_SIZES
from kiosk.words import Words


def option_button(text: str, icon_name: str | None = None) -> QPushButton:
    """A checkable touch button: filled when on, outlined when off."""
    button = QPushButton(text)
    button.setObjectName("OptionButton")
    button.setCheckable(True)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setProperty("icon_name", icon_name or "")
    return button


class ReadingControls(QWidget):
    """Text size (A, A+, A++) and the high-contrast switch.

    Signals:
        text_size_chosen(str): "A", "A+" or "A++".
        contrast_toggled(bool): high contrast on or off.
    """

    text_size_chosen = Signal(str)
    contrast_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReadingControls")
        self.size_buttons: dict[str, QPushButton] = {}
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        for size in TEXT_SIZES:
            button = option_button(size)
            button.clicked.connect(lambda _=False, s=size: self.text_size_chosen.emit(s))
            self._group.addButton(button)
            self.size_buttons[size] = button
            self.row.addWidget(button)
        self.contrast_button = option_button("", "contrast")
        self.contrast_button.toggled.connect(self.contrast_toggled)
        self.row.addSpacing(12)
        self.row.addWidget(self.contrast_button)
        self.set_words(Words("en"))

    def set_words(self, words: Words) -> None:
        for size, button in self.size_buttons.items():
            button.setAccessibleName(words(f"text_size_{size}"))
        self.contrast_button.setText(words("contrast"))
        self.contrast_button.setAccessibleName(words("contrast_name"))
        self.setAccessibleName(words("text_size"))

    def set_spacing(self, gap: int) -> None:
        self.row.setSpacing(max(4, gap // 3))

    def show_choices(self, text_size: str, high_contrast: bool) -> None:
        """Mark the text size and contrast in force, without emitting anything."""
        self.size_buttons[text_size].setChecked(True)
        self.contrast_button.blockSignals(True)
        self.contrast_button.setChecked(high_contrast)
        self.contrast_button.blockSignals(False)


class LanguageButtons(QWidget):
    """One button per language of the pack, each labelled in its own language.

    Hidden when the pack has only one language.

    Signals:
        language_chosen(str): the language code tapped.
    """

    language_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LanguageButtons")
        self.buttons: dict[str, QPushButton] = {}
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.hide()

    def set_languages(self, languages: tuple[str, ...], current: str) -> None:
        if tuple(self.buttons) != languages:
            for button in self.buttons.values():
                self._group.removeButton(button)
                button.deleteLater()
            self.buttons = {}
            for language in languages:
                button = option_button(native_name(language))
                # A screen reader says the name in that language's voice when it can.
                button.setAccessibleName(native_name(language))
                button.setLocale(_locale(language))
                button.clicked.connect(lambda _=False, c=language: self.language_chosen.emit(c))
                self._group.addButton(button)
                self.buttons[language] = button
                self.row.addWidget(button)
        if current in self.buttons:
            self.buttons[current].setChecked(True)
        self.setVisible(len(languages) > 1)

    def set_words(self, words: Words) -> None:
        self.setAccessibleName(words("language"))

    def set_spacing(self, gap: int) -> None:
        self.row.setSpacing(max(4, gap // 3))


def native_name(language: str) -> str:
    """The language's name in itself, as on its button: "English", "Español".

    From the kiosk's words for the language; else Qt's (CLDR) name, which for a
    language with many regions names one of them ("American English"), so it is only
    the fallback.
    """
    words = Words(language)
    if words.translated:
        return words("language_name")
    locale = _locale(language)
    name = locale.nativeLanguageName() if locale.language() != QLocale.Language.C else ""
    return name[:1].upper() + name[1:] if name else language


def _locale(language: str) -> QLocale:
    return QLocale(language.replace("-", "_"))
