"""The calm page the kiosk shows when it has no good pack: it is being updated."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.words import Words


class UpdatingScreen(QWidget):
    """The calm page shown when there is no good pack to show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("UpdatingScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.title = QLabel()
        self.title.setObjectName("UpdatingTitle")
        self.text = QLabel()
        column = QVBoxLayout(self)
        column.addStretch(1)
        for label in (self.title, self.text):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            column.addWidget(label)
        column.addStretch(1)
        self.set_words(Words("en"))

    def set_words(self, words: Words) -> None:
        self.title.setText(words("updating_title"))
        self.text.setText(words("updating_text"))
        self.setAccessibleName(words("updating_title"))
