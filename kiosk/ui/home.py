"""Home: the pack's title and a grid of topic cards."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.pack import Edition, Topic
from kiosk.ui.controls import LanguageButtons
from kiosk.ui.morebelow import MoreBelow
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import TouchScroll, read_picture, scroll_area
from kiosk.words import Words

MAX_COLUMNS = 3


class TopicCard(QPushButton):
    """One topic on Home: icon (when the pack gives one), title and summary."""

    def __init__(self, topic: Topic, pixmap: QPixmap | None, theme: Theme) -> None:
        super().__init__()
        self.topic_id = topic.id
        self.setObjectName("TopicCard")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(topic.title)
        self.setAccessibleDescription(topic.summary)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        gap = theme.metrics.gap_px
        column = QVBoxLayout(self)
        # A little less above and below than beside: nine cards as tall as the tallest
        # still fit a 1920x1080 screen without scrolling.
        column.setContentsMargins(gap, gap * 3 // 4, gap, gap * 3 // 4)
        row = QHBoxLayout()
        row.setSpacing(gap)
        if pixmap is not None:
            picture = QLabel()
            picture.setPixmap(pixmap)
            picture.setAccessibleName(topic.title)  # a picture of what the card is about
            picture.setAlignment(Qt.AlignmentFlag.AlignTop)
            picture.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            row.addWidget(picture, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.setSpacing(gap // 2)
        self.title_label = _label(topic.title, "CardTitle")
        words.addWidget(self.title_label)
        if topic.summary:
            words.addWidget(_label(topic.summary, "Summary"))
        row.addLayout(words, 1)
        # A card taller than its words (all are as tall as the tallest, and few topics
        # make them taller still) holds them in its middle, not over an empty box.
        column.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        layout = self.layout()
        return layout.totalSizeHint() if layout else super().sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        layout = self.layout()
        return layout.totalMinimumSize() if layout else super().minimumSizeHint()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        layout = self.layout()
        return layout.totalHeightForWidth(width) if layout else -1


class HomeScreen(QWidget):
    """The pack's title, the clinic, the notice, the languages, what to do ("Tap a topic
    to start"), and a card per topic.

    Signals:
        topic_chosen(str): the id of the topic tapped.
    """

    topic_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HomeScreen")
        self._edition: Edition | None = None
        self._theme: Theme | None = None
        self._columns = 0
        self.cards: list[TopicCard] = []

        self.title = _label("", "PackTitle")
        self.languages = LanguageButtons()
        self.clinic = _label("", "Clinic")
        self.notice = _label("", "Notice")
        self.prompt = _label("", "Prompt")
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.area = scroll_area(self.grid_host)
        self.area.viewport().installEventFilter(self)
        self.touch = TouchScroll(self.area, swipes=False)
        # More topics than the screen holds (a small screen, the largest text): say so.
        self.more_below = MoreBelow(self.area, backdrop="background")
        self.touch.watch(self.more_below.sign)

        self._header = QHBoxLayout()
        self._header.addWidget(self.title, 1)
        self._header.addWidget(self.languages, 0, Qt.AlignmentFlag.AlignTop)
        self._column = QVBoxLayout(self)
        self._column.addLayout(self._header)
        self._column.addWidget(self.clinic)
        self._column.addWidget(self.notice)
        self._column.addWidget(self.prompt)
        self._column.addWidget(self.area, 1)

    def set_words(self, words: Words) -> None:
        self.languages.set_words(words)
        self.more_below.set_words(words)
        self.prompt.setText(words("home_prompt"))
        self.area.setAccessibleName(words("topics"))

    def set_theme(self, theme: Theme) -> None:
        self.more_below.set_theme(theme)
        self.languages.set_spacing(theme.metrics.gap_px)
        self._header.setSpacing(theme.metrics.gap_px)

    def set_edition(self, edition: Edition, theme: Theme) -> None:
        """Show the topics of `edition` (the pack in one language), drawn with `theme`."""
        self._edition, self._theme = edition, theme
        settings = edition.settings
        self.title.setText(settings.title)
        self.setAccessibleName(settings.title)
        self.clinic.setText(settings.clinic_name)
        self.clinic.setVisible(bool(settings.clinic_name))
        self.notice.setText(settings.notice)
        self.notice.setVisible(bool(settings.notice))
        margin, gap = theme.metrics.margin_px, theme.metrics.gap_px
        self._column.setContentsMargins(margin, gap, margin, margin)
        self._column.setSpacing(gap // 2)
        self.grid.setSpacing(gap)
        for card in self.cards:
            # Out of the grid and out of sight now; deleted when control returns to Qt.
            self.grid.removeWidget(card)
            card.hide()
            card.deleteLater()
        self.cards = []
        for topic in edition.topics:
            card = TopicCard(topic, self._icon(edition, topic, theme), theme)
            card.clicked.connect(lambda _=False, t=topic.id: self.topic_chosen.emit(t))
            self.touch.watch(card)
            self.cards.append(card)
        self._columns = 0
        self._place_cards()

    def scroll_to_top(self) -> None:
        self.touch.stop()
        self.area.verticalScrollBar().setValue(0)

    @property
    def topics_below(self) -> bool:
        """Whether some topics are out of sight below (the "More below" sign shows)."""
        return self.more_below.shown

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._place_cards()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        # The cards' room: it changes with the window and with the words above the grid.
        if watched is self.area.viewport() and event.type() == QEvent.Type.Resize:
            self._size_cards()
        return False

    def _place_cards(self) -> None:
        if self._theme is None:
            return
        fits = max(1, self.width() // max(1, self._theme.metrics.card_min_px))
        columns = min(MAX_COLUMNS, fits, max(1, len(self.cards)))
        if columns == self._columns:
            return
        self._columns = columns
        for card in self.cards:
            self.grid.removeWidget(card)
        for index, card in enumerate(self.cards):
            self.grid.addWidget(card, index // columns, index % columns)
        for column in range(MAX_COLUMNS):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        rows = math.ceil(len(self.cards) / columns)
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(row, 0)
        self.grid.setRowStretch(rows, 1)  # below the cards: what they leave stays there
        self._size_cards()

    def _size_cards(self) -> None:
        """One height for every card: what the tallest needs, or, with few topics, a
        share of the screen up to `card_max_px`, so that a short list fills it."""
        if self._theme is None or not self.cards or not self._columns:
            return
        columns = self._columns
        rows = math.ceil(len(self.cards) / columns)
        gap = self._theme.metrics.gap_px
        room = self.area.viewport().size()
        width = (room.width() - gap * (columns - 1)) // columns
        needed = max(card.heightForWidth(width) for card in self.cards)
        share = (room.height() - gap * (rows - 1)) // rows
        height = max(needed, min(share, self._theme.metrics.card_max_px))
        for card in self.cards:
            card.setFixedHeight(height)

    @staticmethod
    def _icon(edition: Edition, topic: Topic, theme: Theme) -> QPixmap | None:
        if topic.icon is None:
            return None
        side = theme.metrics.button_px

        def fit(size: QSize) -> QSize:
            if not size.isValid():
                return QSize(side, side)
            return size.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio)

        # A drawing in `currentColor` takes the theme's: teal on white, yellow on black.
        image = read_picture(edition.root / topic.icon, fit, theme.palette.accent)
        return QPixmap.fromImage(image) if not image.isNull() else None


def _label(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    return label
