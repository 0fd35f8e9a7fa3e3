"""A topic: its cards one at a time, swiped or stepped, with page dots; a card longer than
the screen says there is more below."""

from __future__ import annotations

import html

from PySide6.QtCore import (
    QEasingCurve,
    QEvent,
    QObject,
    Qt,
    QTimer,
    QUrl,
    QVariantAnimation,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QHideEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.pack import Topic
from kiosk.ui.card import CardText, SlideLayer, picture_of, qr_mark_image
from kiosk.ui.cards import CardRenderer
from kiosk.ui.morebelow import MoreBelow
from kiosk.ui.qr import KEPT, make_ahead
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import PageDots, TouchScroll, style_button_icons, touch_button
from kiosk.words import Words

SLIDE_MS = 200  # a card's slide to the next, or back, once the finger lifts
BUSY_RETRY_MS = 100  # drawing ahead waits this long again while a finger is on the card
FLING_PX_PER_MS = 0.6  # a finger this fast at the end completes the slide however short


class TopicScreen(QWidget):
    """One topic's cards, one at a time, as a `CardRenderer` renders them.

    Signals:
        topic_link_clicked(str): a link in a card to another topic.
        web_link_clicked(str): a web address in a card.
        card_changed(int): the index of the card now shown.
        listen_clicked(): the Listen (or Stop) button was tapped.
    """

    topic_link_clicked = Signal(str)
    web_link_clicked = Signal(str)
    card_changed = Signal(int)
    listen_clicked = Signal()
    next_topic_chosen = Signal(str)
    all_topics_chosen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TopicScreen")
        self._cards: CardRenderer | None = None
        self._theme: Theme | None = None
        self._words = Words("en")
        self._speaking = False
        self.topic: Topic | None = None
        self.next_topic: Topic | None = None  # offered on the last card
        self.index = 0

        self.title = QLabel()
        self.title.setObjectName("TopicTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # a title is the pack's, never HTML
        self.counter = QLabel()
        self.counter.setObjectName("Counter")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # Shown only where an engine can speak the topic's language (`ReadAloud` decides).
        self.listen_button = touch_button("Listen", "listen", "ListenButton")
        self.listen_button.clicked.connect(self.listen_clicked)
        self.listen_button.hide()

        self.card = QFrame()
        self.card.setObjectName("Card")
        self.text = CardText()
        self.touch = TouchScroll(self.text, swipes=True)
        # A sideways drag moves the card with the finger, the next one coming in beside.
        self.touch.swipe_moved.connect(self._on_swipe_moved)
        self.touch.swipe_ended.connect(self._on_swipe_ended)
        self.more_below = MoreBelow(self.text)
        self.touch.watch(self.more_below.sign)  # a drag that starts on the sign still scrolls
        self.text.topic_link_clicked.connect(self.topic_link_clicked)
        self.text.web_link_clicked.connect(self.web_link_clicked)
        # Its code is made as the finger goes down, if it was not made ahead: as it lifts
        # the code only needs drawing.
        self.text.web_link_pressed.connect(make_ahead)
        self._inside = QVBoxLayout(self.card)
        self._inside.addWidget(self.text, 1)
        # The card is as tall as its words, up to all the room there is (then it
        # scrolls): no box mostly empty under a short card.
        self.card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._room = QWidget()
        self._room_layout = QVBoxLayout(self._room)
        self._room_layout.setContentsMargins(0, 0, 0, 0)
        self._room_layout.addWidget(self.card)
        self._room_layout.addStretch(1)
        self.slide = SlideLayer(self)  # the room's height, the screen's width
        self.text.document().documentLayout().documentSizeChanged.connect(self._fit_card)
        self._sliding = QVariantAnimation(self)
        self._sliding.setDuration(SLIDE_MS)
        self._sliding.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._sliding.valueChanged.connect(lambda value: self.slide.set_offset(float(value)))
        self._sliding.finished.connect(self._finish_slide)
        self._slide_step = 0  # where the slide under way goes: +1, -1, or 0 (back)
        self._coming_step = 0
        # What a touch on the card shown may need, made while nothing else happens: the
        # pictures of it and of the cards either side (a swipe's first frame only moves
        # them), and the QR codes of its web links.
        self._pictures: dict[int, QPixmap] = {}  # a card's index -> it at its top
        self._scrolled: tuple[int, int, QPixmap] | None = None  # the shown card scrolled
        self._codes_ahead: list[str] = []
        self._preparing = QTimer(self)
        self._preparing.setSingleShot(True)
        self._preparing.timeout.connect(self._prepare)
        # Begun once the card shown has been painted, never before: the frame that shows
        # a touch's result comes first. The room the card has may change without the
        # screen's size changing (the Listen button comes, a row is added at the end).
        self._prepare_after_paint = False
        self.card.installEventFilter(self)
        self._room.installEventFilter(self)

        self.previous_button = touch_button("Previous", "previous", "StepButton")
        self.next_button = touch_button("Next", "next", "StepButton")
        self.next_button.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # icon after text
        self.previous_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        self.dots = PageDots()
        self.dots.page_chosen.connect(self.show_card)
        # The last card is no dead end: all topics where the dots were, and Next names
        # the topic it leads to.
        self.all_topics_button = touch_button("All topics", "home", "StepButton")
        self.all_topics_button.clicked.connect(self.all_topics_chosen)
        self.all_topics_button.hide()

        header = self._header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.counter)
        header.addWidget(self.listen_button)
        steps = self._steps = QHBoxLayout()
        steps.addWidget(self.previous_button)
        steps.addWidget(self.dots, 1)
        steps.addWidget(self.all_topics_button, 1, Qt.AlignmentFlag.AlignHCenter)
        steps.addWidget(self.next_button)
        # Where All topics goes when the three buttons do not fit one row (a narrow
        # screen at the largest text): a row of its own under them.
        self._end_row = QHBoxLayout()
        self._column = QVBoxLayout(self)
        self._column.addLayout(header)
        self._column.addWidget(self._room, 1)
        self._column.addLayout(steps)
        self._column.addLayout(self._end_row)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        m = theme.metrics
        self._column.setContentsMargins(m.margin_px, m.half_gap_px, m.margin_px, m.margin_px)
        self._column.setSpacing(m.gap_px)
        self._inside.setContentsMargins(m.margin_px, m.gap_px, m.margin_px, m.gap_px)
        self._inside.setSpacing(m.half_gap_px)
        self.dots.set_theme(theme)
        self.more_below.set_theme(theme)
        self.touch.threshold = max(24, m.button_px // 3)
        self.text.max_text_width = m.measure_px
        self.text.qr_mark = qr_mark_image(theme)
        self.slide.background = QColor(theme.palette.background)
        self._forget_pictures()
        self._place_column()
        if self.topic is not None:
            self.show_card(self.index)

    def _place_column(self) -> None:
        """The card no wider than a readable column, in the middle, and the topic's title
        and counter over its text's edges."""
        if self._theme is None:
            return
        m = self._theme.metrics
        room = self.width() - 2 * m.margin_px
        inset = m.border_px + m.margin_px + CardText.MARGIN_PX  # the card's edge to its text
        width = min(room, m.measure_px + 2 * inset)
        side = max(0, (room - width) // 2)
        self._room_layout.setContentsMargins(side, 0, side, 0)
        self._header.setContentsMargins(side + inset, 0, side + inset, 0)

    def set_words(self, words: Words) -> None:
        self._words = words
        self.previous_button.setText(words("previous"))
        self.previous_button.setAccessibleName(words("previous"))
        self.all_topics_button.setText(words("all_topics"))
        self.all_topics_button.setAccessibleName(words("all_topics"))
        self.more_below.set_words(words)
        self.show_speaking(self._speaking)
        self._show_steps()
        if self.topic is not None:
            self._show_counter()

    def show_listen(self, shown: bool) -> None:
        """Show or hide the Listen button."""
        self.listen_button.setVisible(shown)

    @Slot(bool)
    def show_speaking(self, speaking: bool) -> None:
        """Make the Listen button a Stop button while the card is read aloud."""
        self._speaking = speaking
        words = self._words
        self.listen_button.setText(words("stop" if speaking else "listen"))
        self.listen_button.setAccessibleName(words("stop_name" if speaking else "listen_name"))
        self.listen_button.setProperty("icon_name", "stop" if speaking else "listen")
        if self._theme is not None:
            style_button_icons(self.listen_button, self._theme)

    def show_topic(
        self, cards: CardRenderer, topic: Topic, index: int = 0, next_topic: Topic | None = None
    ) -> None:
        """Show `topic`, rendered by `cards` (its edition's), at card `index`; its last
        card offers `next_topic` (none after the last topic) and all topics."""
        self._cards, self.topic, self.next_topic = cards, topic, next_topic
        self._stop_preparing()
        self.title.setText(topic.title)
        self.setAccessibleName(topic.title)
        self.show_card(index)

    def clear(self) -> None:
        """Show nothing: the topic a patient read is gone (reset)."""
        self._end_slide()
        self._stop_preparing()
        self._cards = None
        self.topic = None
        self.next_topic = None
        self.index = 0
        self.touch.stop()
        self.title.clear()
        self.counter.clear()
        self.text.clear()
        self.more_below.refresh()
        self.dots.set_pages(0, 0)

    @property
    def card_count(self) -> int:
        return len(self.topic.cards) if self.topic else 0

    @property
    def card_scrolls(self) -> bool:
        """Whether the card shown goes on below what the screen shows at its top."""
        return self.more_below.needed

    @property
    def language(self) -> str:
        """The language of the topic shown ("" when none is)."""
        return self._cards.edition.language if self._cards is not None else ""

    def card_words(self) -> str:
        """The card shown as plain words to read aloud: the topic's title, the card's,
        then its text ("" when no card is shown)."""
        if self.topic is None or self._cards is None or not self.topic.cards:
            return ""
        card = self.topic.cards[self.index]
        words = [self.topic.title, card.title, self._cards.render(self.topic, self.index).text]
        return ". ".join(w.strip() for w in words if w.strip())

    def show_card(self, index: int) -> None:
        """Show card `index` (clamped to the topic's cards), scrolled to its top."""
        cards = self._cards
        if self.topic is None or cards is None or self._theme is None or not self.topic.cards:
            return
        self._end_slide()
        self.index = max(0, min(index, self.card_count - 1))
        section = self.topic.cards[self.index]
        self.touch.stop()
        self._put_text(self.index)
        self._show_counter()
        self.text.setAccessibleName(section.title or self.topic.title)
        self.card.setAccessibleName(section.title or self.topic.title)
        self.dots.set_pages(self.card_count, self.index)
        self.previous_button.setEnabled(self.index > 0)
        self._show_steps()
        self._pictures = {i: p for i, p in self._pictures.items() if abs(i - self.index) <= 1}
        self._scrolled = None
        links = cards.render(self.topic, self.index).external_links
        # As a tap gives them; no more than are kept, or the last would push out the first.
        self._codes_ahead = [QUrl(link).toString() for link in links[:KEPT]]
        self._prepare_after_next_paint()
        self.card_changed.emit(self.index)

    def _put_text(self, index: int) -> None:
        """Card `index`'s words in the card, scrolled to the top."""
        assert self.topic is not None
        assert self._cards is not None
        assert self._theme is not None
        section = self.topic.cards[index]
        rendered = self._cards.render(self.topic, index)
        heading = f'<h2 class="section">{html.escape(section.title)}</h2>' if section.title else ""
        self.text.show_html(
            heading + rendered.html, self._theme.card_css(), self._cards.edition.root
        )
        self._fit_card()
        self._room_layout.activate()  # now, not some turns of the event loop later
        self.more_below.refresh()

    @Slot()
    def _fit_card(self) -> None:
        """Make the card as tall as its words (they were replaced, or laid out again at a
        new width): Qt passes a size hint's change on only one layout up."""
        self.text.updateGeometry()
        self.card.updateGeometry()

    # The card following the finger ----------------------------------------------------

    def _picture_of(self, index: int) -> QPixmap:
        """Card `index` at its top, drawn off screen (the words swapped in, the card as
        tall as they make it, for the moment of the drawing; then the shown card's put
        back where it was scrolled), or as drawn before."""
        picture = self._pictures.get(index)
        if picture is not None:
            return picture
        scrolled = self.text.verticalScrollBar().value()
        if index == self.index and not scrolled:
            picture = picture_of(self.card)
        else:
            self._put_text(index)
            picture = picture_of(self.card)
            self._put_text(self.index)
            self.text.verticalScrollBar().setValue(scrolled)
            self.more_below.refresh()
        self._pictures[index] = picture
        return picture

    def _shown_picture(self) -> QPixmap:
        """The card shown, as it is scrolled."""
        scrolled = self.text.verticalScrollBar().value()
        if not scrolled:
            return self._picture_of(self.index)
        if self._scrolled is None or self._scrolled[:2] != (self.index, scrolled):
            self._scrolled = (self.index, scrolled, picture_of(self.card))
        return self._scrolled[2]

    @Slot()
    def _prepare(self) -> None:
        """Make one thing a touch on the card may need and has not got (the picture of
        the card shown, of the next and of the previous, each at its top; then each web
        link's QR code), then come back on a later turn of the event loop for the next.
        While a finger is on the card or it scrolls, or it slides, wait and look again."""
        if self.topic is None or not self.isVisible():
            return
        if self.slide.isVisible() or self.touch.busy:
            self._preparing.start(BUSY_RETRY_MS)
            return
        wanted = (self.index, self.index + 1, self.index - 1)
        missing = [i for i in wanted if 0 <= i < self.card_count and i not in self._pictures]
        if missing:
            self._picture_of(missing[0])
        elif self._codes_ahead:
            make_ahead(self._codes_ahead.pop(0))
        else:
            return
        self._preparing.start(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if watched is self._room and kind == QEvent.Type.Resize:
            self._forget_pictures()  # the card would be drawn at another size
            if self.topic is not None:
                self._prepare_after_next_paint()
        elif watched is self.card and kind == QEvent.Type.Paint and self._prepare_after_paint:
            self._prepare_after_paint = False
            self._preparing.start(0)  # runs once this frame is on the screen
        return False

    def _prepare_after_next_paint(self) -> None:
        """Draw ahead again, beginning once the card has next been painted (not in a turn
        of the event loop before that frame, as a step under way would)."""
        self._preparing.stop()
        self._prepare_after_paint = True

    def _forget_pictures(self) -> None:
        """The pictures no longer show the cards as they would be drawn (another look or
        size), or are no longer needed."""
        self._pictures = {}
        self._scrolled = None

    def _stop_preparing(self) -> None:
        """Nothing more is made ahead, and nothing made is kept (another topic, or none
        shown)."""
        self._preparing.stop()
        self._prepare_after_paint = False
        self._codes_ahead = []
        self._forget_pictures()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        self._stop_preparing()  # several megabytes each: kept only while they can be used
        super().hideEvent(event)

    @Slot(float)
    def _on_swipe_moved(self, dx: float) -> None:
        if self.topic is None or self._sliding.state() == QVariantAnimation.State.Running:
            return
        layer = self.slide
        if not layer.isVisible():
            room = self._room.geometry()
            layer.setGeometry(0, room.y(), self.width(), room.height())
            layer.left = room.x() + self.card.x()
            layer.current = self._shown_picture()
            self._coming_step = 0
            layer.show()
            layer.raise_()
        step = 1 if dx < 0 else -1
        coming = self.index + step
        if step != self._coming_step:
            self._coming_step = step
            layer.coming = QPixmap()
            if 0 <= coming < self.card_count:
                if coming not in self._pictures:  # not drawn ahead: drawn now
                    layer.hide()  # not in the picture of the card it covers
                    self._picture_of(coming)
                    layer.show()
                layer.coming = self._pictures[coming]
        # Past the first or last card the card only gives a little: there is nothing there.
        layer.set_offset(dx if 0 <= coming < self.card_count else dx * 0.25)

    @Slot(float, float)
    def _on_swipe_ended(self, dx: float, speed: float) -> None:
        """Past a third of the card, or flung, the slide completes; else it springs back."""
        if not self.slide.isVisible() or self._sliding.state() == QVariantAnimation.State.Running:
            return
        step = 1 if dx < 0 else -1
        coming = self.index + step
        far = abs(dx) >= self.card.width() / 3
        flung = abs(speed) >= FLING_PX_PER_MS and (speed < 0) == (dx < 0)
        self._slide_step = step if (far or flung) and 0 <= coming < self.card_count else 0
        target = -step * (self.card.width() + SlideLayer.GAP_PX) if self._slide_step else 0.0
        reduced = self._cards is not None and self._cards.edition.settings.reduced_motion
        if reduced:
            self._finish_slide()
            return
        self._sliding.setStartValue(self.slide.offset)
        self._sliding.setEndValue(float(target))
        self._sliding.start()

    def _finish_slide(self) -> None:
        step, self._slide_step = self._slide_step, 0
        self._drop_slide()
        if step:
            self.show_card(self.index + step)

    def _end_slide(self) -> None:
        """No slide in the way of a card shown some other way."""
        self._sliding.stop()
        self._slide_step = 0
        self._drop_slide()

    def _drop_slide(self) -> None:
        """The slide layer hidden, holding no picture (those needed are in `_pictures`)."""
        self.slide.hide()
        self.slide.current = self.slide.coming = QPixmap()

    @property
    def on_last_card(self) -> bool:
        return self.topic is not None and self.index == self.card_count - 1

    def _show_steps(self) -> None:
        """Next and the dots; on the last card, the next topic by name and all topics."""
        last = self.on_last_card
        self.dots.setVisible(not last)
        self.all_topics_button.setVisible(last)
        self.next_button.setVisible(not last or self.next_topic is not None)
        self._place_all_topics()
        self.next_button.setEnabled(True)
        words = self._words
        if last and self.next_topic is not None:
            name = words("next_topic_name", title=self.next_topic.title)
            self.next_button.setAccessibleName(name)
            self.next_button.setToolTip(name)
            self._fit_next_topic_name()
        else:
            self.next_button.setText(words("next"))
            self.next_button.setAccessibleName(words("next"))
            self.next_button.setToolTip("")

    def _place_all_topics(self) -> None:
        """All topics between Previous and Next if the three fit the row, else under."""
        if self._theme is None:
            return
        m = self._theme.metrics
        self.next_button.setText(self._words("next_topic" if self.next_topic else "next"))
        wanted = (
            sum(b.sizeHint().width() for b in (self.previous_button, self.all_topics_button))
            + (self.next_button.sizeHint().width() if self.next_button.isVisibleTo(self) else 0)
            + 2 * m.margin_px
            + 2 * m.gap_px
        )
        in_row = wanted <= self.width()
        if in_row and self._steps.indexOf(self.all_topics_button) < 0:
            self._end_row.removeWidget(self.all_topics_button)
            self._steps.insertWidget(2, self.all_topics_button, 1, Qt.AlignmentFlag.AlignHCenter)
        elif not in_row and self._end_row.indexOf(self.all_topics_button) < 0:
            self._steps.removeWidget(self.all_topics_button)
            self._end_row.addWidget(self.all_topics_button, 1, Qt.AlignmentFlag.AlignHCenter)

    def _fit_next_topic_name(self) -> None:
        """ "Next topic: <its title>", the title shortened with an ellipsis to the room the
        steps row leaves, or only "Next topic" where fewer than a dozen letters of it would
        fit (the whole name is always the button's accessible name)."""
        if self.next_topic is None or self._theme is None:
            return
        m = self._theme.metrics
        button = self.next_button
        beside = self._steps.indexOf(self.all_topics_button) >= 0
        room = (
            self.width()
            - 2 * m.margin_px
            - 2 * m.gap_px
            - self.previous_button.sizeHint().width()
            - (self.all_topics_button.sizeHint().width() if beside else 0)
        )
        label = self._words("next_topic_name", title="")
        metrics = button.fontMetrics()
        button.setText(label)
        left = room - button.sizeHint().width()  # what the title may take
        if left < 12 * metrics.averageCharWidth():
            button.setText(self._words("next_topic"))
            return
        title = metrics.elidedText(self.next_topic.title, Qt.TextElideMode.ElideRight, left)
        button.setText(label + title)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._place_column()
        if self.on_last_card:
            self._place_all_topics()
            self._fit_next_topic_name()

    def _show_counter(self) -> None:
        where = {"index": self.index + 1, "count": self.card_count}
        self.counter.setText(self._words("card_counter", **where))
        self.counter.setAccessibleName(self._words("card_counter_name", **where))
        self.dots.setAccessibleName(self._words("card_counter_name", **where))

    @Slot()
    def next(self) -> None:
        if self.index < self.card_count - 1:
            self.show_card(self.index + 1)
        elif self.on_last_card and self.next_topic is not None:
            self.next_topic_chosen.emit(self.next_topic.id)

    @Slot()
    def previous(self) -> None:
        if self.index > 0:
            self.show_card(self.index - 1)
