"""The "More below" sign: while some of a card's text, or of Home's topics, is out of
sight below, a fade over the bottom of what shows and a sign a tap scrolls on with."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Slot
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import QScrollArea, QScroller, QTextEdit, QWidget

from kiosk.ui.theme import Theme
from kiosk.ui.widgets import style_button_icons, touch_button
from kiosk.words import Words


class MoreBelow(QObject):
    """While some of a card's text (or of Home's topics) is out of sight below, a soft
    fade over the bottom of what shows and a "More below" sign (an arrow and the words);
    neither once the last line is in view.

    Both lie over the area, outside any layout, so showing or hiding them moves nothing,
    and show only while scrolling on would bring what they cover into view. Where the
    last line ends is measured when the content, its size or its layout changes; a
    scroll step only compares two numbers. The sign is a touch button: a tap scrolls on
    by what showed above the fade, so the first line the fade hid comes to the top.

    Args:
        area: The card text, or a scroll area holding one widget, to follow.
        backdrop: The palette colour the area's content lies on, which the fade fades to.
    """

    # How far (px) the last line may reach past the bottom and still count as in view:
    # line boxes are fractional, scroll positions whole.
    SLACK_PX = 1
    SCROLL_MS = 350

    def __init__(self, area: QTextEdit | QScrollArea, backdrop: str = "surface") -> None:
        super().__init__(area)
        self._area = area
        self._backdrop = backdrop
        self._viewport = area.viewport()
        self.fade = _Fade(area)
        self.sign = touch_button("More below", "more", "MoreBelow")
        self.sign.setParent(area)
        self.sign.clicked.connect(self._on_sign_clicked)
        self.fade.hide()
        self.sign.hide()
        self._last_line = 0.0  # where the content's last line ends, in its own pixels
        self._fade_px = 0
        self._shown = False
        bar = area.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_laid_out)
        if isinstance(area, QTextEdit):
            area.document().documentLayout().documentSizeChanged.connect(self._on_laid_out)
        elif (content := area.widget()) is not None:
            content.installEventFilter(self)  # the topics' grid, grown or shrunk
        self._viewport.installEventFilter(self)

    @property
    def needed(self) -> bool:
        """Whether the content goes on below what shows when it is scrolled to its top."""
        return self._last_line - self._viewport.height() > self.SLACK_PX

    @property
    def shown(self) -> bool:
        """Whether the fade and sign show now (some text is below what shows)."""
        return self._shown

    def set_theme(self, theme: Theme) -> None:
        self.fade.colour = QColor(getattr(theme.palette, self._backdrop))
        self.fade.update()
        # About one line of what lies under it fades out above the sign.
        line = (
            theme.metrics.reading_px if isinstance(self._area, QTextEdit) else theme.metrics.body_px
        )
        self._fade_px = round(line * 1.4)
        style_button_icons(self.sign, theme)
        self._place()

    def set_words(self, words: Words) -> None:
        self.sign.setText(words("more_below"))
        self.sign.setAccessibleName(words("more_below_name"))
        self._place()

    def refresh(self) -> None:
        """Measure again (the content was replaced: a new card, or the same one redrawn)."""
        self._measure()
        self._follow()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize:
            if watched is self._viewport:
                self._place()
            self._measure()
            self._follow()
        return False

    def _measure(self) -> None:
        if not isinstance(self._area, QTextEdit):
            content = self._area.widget()
            self._last_line = float(content.height()) if content is not None else 0.0
            return
        # The bottom of the last line of text, not of the document: the space a card's
        # last paragraph keeps below it is no text to scroll to.
        document = self._area.document()
        layout = document.documentLayout()
        bottom = 0.0
        block = document.begin()
        while block.isValid():
            if block.text().strip():
                bottom = max(bottom, layout.blockBoundingRect(block).bottom())
            block = block.next()
        self._last_line = bottom

    def _follow(self) -> None:
        below = self._area.verticalScrollBar().value() + self._viewport.height()
        shown = self._last_line - below > self.SLACK_PX
        if shown != self._shown:
            self._shown = shown
            self.fade.setVisible(shown)
            self.sign.setVisible(shown)

    def _place(self) -> None:
        """Lay the fade over the bottom of what shows, and the sign at its foot, centred."""
        area = self._viewport.geometry()
        hint = self.sign.sizeHint()
        width = min(hint.width(), self._area.width())
        height = hint.height()
        bottom = area.y() + area.height()
        self.sign.setGeometry((self._area.width() - width) // 2, bottom - height, width, height)
        band = height + self._fade_px
        self.fade.solid_px = height
        self.fade.setGeometry(0, bottom - band, self._area.width(), band)
        self.fade.raise_()
        self.sign.raise_()

    @property
    def _step_px(self) -> int:
        return max(1, self._viewport.height() - self.fade.height())

    @Slot(int)
    def _on_scrolled(self, _value: int) -> None:
        self._follow()

    @Slot()
    def _on_laid_out(self) -> None:
        self._measure()
        self._follow()

    @Slot()
    def _on_sign_clicked(self) -> None:
        bar = self._area.verticalScrollBar()
        target = min(bar.maximum(), bar.value() + self._step_px)
        scroller = QScroller.scroller(self._viewport)
        scroller.scrollTo(QPointF(self._area.horizontalScrollBar().value(), target), self.SCROLL_MS)


class _Fade(QWidget):
    """From clear to the colour under it, top to bottom, then that colour; touches pass
    through it to what lies beneath."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.colour = QColor("#FFFFFF")
        self.solid_px = 0

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        clear = QColor(self.colour)
        clear.setAlpha(0)
        fading = max(1, self.height() - self.solid_px)
        gradient = QLinearGradient(0, 0, 0, fading)
        gradient.setColorAt(0.0, clear)
        gradient.setColorAt(1.0, self.colour)
        painter = QPainter(self)
        painter.fillRect(0, 0, self.width(), fading, gradient)
        painter.fillRect(0, fading, self.width(), self.height() - fading, self.colour)
        painter.end()
