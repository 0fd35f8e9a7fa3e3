"""Small widgets the screens share: touch scrolling and swipes, card text and the sign
that more of it is below, page dots."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QObject,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QIcon,
    QImage,
    QImageReader,
    QMouseEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QPushButton,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QSizePolicy,
    QWidget,
)

from kiosk.files import read_regular
from kiosk.images import MAX_BYTES, svg_draws_in_other_files
from kiosk.ui.theme import Theme, icon

# How tall a link's touch target is at least, whatever its text size (FACTS.md: 48 px).
LINK_REACH_PX = 48


class TouchScroll(QObject):
    """Drag anywhere in a scroll area to scroll it, with momentum; optionally swipe sideways.

    Watches the area's viewport and any child it is told to `watch` (cards, buttons),
    and decides after the finger has moved a little: mostly up or down is a scroll, fed
    to a QScroller; mostly sideways is a swipe. A tap (no real movement) passes through
    untouched, so buttons and links work as usual; after a scroll or swipe the release
    is swallowed, so the finger does not also press what it ends on.

    Signals:
        swipe_moved(float): a sideways drag, its distance (px, negative: right to left).
        swipe_ended(float, float): the finger lifted after a sideways drag: its distance
            and its speed at the end (px per ms, negative: right to left).
    """

    swipe_moved = Signal(float)
    swipe_ended = Signal(float, float)

    def __init__(self, area: QAbstractScrollArea, *, swipes: bool, threshold: int = 24) -> None:
        super().__init__(area)
        self._viewport = area.viewport()
        self._swipes = swipes
        self.threshold = threshold
        self._scroller = QScroller.scroller(self._viewport)
        properties = self._scroller.scrollerProperties()
        off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
        properties.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy, off)
        self._scroller.setScrollerProperties(properties)
        self._start: QPointF | None = None
        self._mode = ""
        self._last: tuple[float, int] = (0.0, 0)  # the finger's x and time at the last move
        self._speed = 0.0
        self.watch(self._viewport)

    def watch(self, widget: QWidget) -> None:
        widget.installEventFilter(self)

    def stop(self) -> None:
        """Stop any momentum at once (e.g. when the page changes under it)."""
        self._scroller.stop()

    @property
    def busy(self) -> bool:
        """Whether a finger is down, or the area still moves from a flick."""
        return self._start is not None or self._scroller.state() != QScroller.State.Inactive

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            if event.button() == Qt.MouseButton.LeftButton:
                self._scroller.stop()
                self._start = event.globalPosition()
                self._mode = ""
                self._last, self._speed = (self._start.x(), event.timestamp()), 0.0
            return False
        if kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
            return self._moved(watched, event)
        if kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            return self._released(event)
        return False

    def _moved(self, watched: QObject, event: QMouseEvent) -> bool:
        if self._start is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return False
        delta = event.globalPosition() - self._start
        if not self._mode:
            if self._swipes and abs(delta.x()) > self.threshold and abs(delta.x()) > abs(delta.y()):
                self._mode = "swipe"
            elif abs(delta.y()) > self.threshold:
                self._mode = "scroll"
                self._feed(QScroller.Input.InputPress, self._start, event.timestamp())
            else:
                return False
            if isinstance(watched, QAbstractButton):
                watched.setDown(False)  # the finger is scrolling, not pressing
        if self._mode == "scroll":
            self._feed(QScroller.Input.InputMove, event.globalPosition(), event.timestamp())
        else:
            x, at = event.globalPosition().x(), event.timestamp()
            last_x, last_at = self._last
            if at > last_at:
                self._speed = (x - last_x) / (at - last_at)
            self._last = (x, at)
            self.swipe_moved.emit(delta.x())
        return True

    def _released(self, event: QMouseEvent) -> bool:
        if self._start is None:
            return False
        delta = event.globalPosition() - self._start
        mode, self._mode, self._start = self._mode, "", None
        if mode == "scroll":
            self._feed(QScroller.Input.InputRelease, event.globalPosition(), event.timestamp())
        elif mode == "swipe":
            # A finger held still before lifting has no speed left.
            still = event.timestamp() - self._last[1] > 100
            self.swipe_ended.emit(delta.x(), 0.0 if still else self._speed)
            self._speed = 0.0
        return bool(mode)

    def _feed(self, kind: QScroller.Input, global_pos: QPointF, timestamp: int) -> None:
        local = QPointF(self._viewport.mapFromGlobal(global_pos.toPoint()))
        self._scroller.handleInput(kind, local, timestamp)


class PageDots(QWidget):
    """A row of dots, one per card, the current one filled and larger; each dot is a
    touch target (a cell at least the touch size wide and tall) that goes to its card.

    Signals:
        page_chosen(int): the index of the dot tapped.
    """

    page_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._count = 0
        self._current = 0
        self._dot = QColor("#999999")
        self._dot_current = QColor("#000000")
        self._size = 18
        self._cell = LINK_REACH_PX
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_theme(self, theme: Theme) -> None:
        self._dot = QColor(theme.palette.dot)
        self._dot_current = QColor(theme.palette.dot_current)
        self._size = max(14, theme.metrics.body_px * 2 // 3)
        self._cell = max(theme.metrics.small_button_px, self._size * 2)  # a touch target
        self.updateGeometry()
        self.update()

    def set_pages(self, count: int, current: int) -> None:
        self._count, self._current = count, current
        self.updateGeometry()
        self.update()

    @property
    def current(self) -> int:
        return self._current

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(max(1, self._count) * self._cell, self._cell)

    def cell(self, index: int) -> QRectF:
        """Where dot `index` takes a tap."""
        left = (self.width() - self._cell * self._count) / 2
        return QRectF(
            left + self._cell * index, (self.height() - self._cell) / 2, self._cell, self._cell
        )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        for index in range(self._count if self._count > 1 else 0):
            if self.cell(index).contains(event.position()):
                event.accept()
                if index != self._current:
                    self.page_chosen.emit(index)
                return
        super().mouseReleaseEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        if self._count < 2:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        for index in range(self._count):
            current = index == self._current
            radius = self._size / 2 if current else self._size / 3
            painter.setBrush(self._dot_current if current else self._dot)
            centre = self.cell(index).center()
            painter.drawEllipse(centre, radius, radius)
        painter.end()


def breakable(text: str) -> str:
    """`text` with a zero-width space after each slash, underscore, dot and hyphen, and
    inside any run of 16 characters without one, so that a long file name or web address
    wraps in a label instead of widening it past the screen."""
    text = re.sub(r"([/_.\-])(?=\S)", "\\1\u200b", text)
    return re.sub(r"([^\s\u200b]{16})(?=[^\s\u200b])", "\\1\u200b", text)


def scroll_area(content: QWidget) -> QScrollArea:
    """A frameless area that scrolls `content` up and down by touch (give it a
    `TouchScroll`), with no scroll bars: a finger drags, "More below" says there is more."""
    area = QScrollArea()
    area.setViewport(own_viewport())
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(content)
    return area


def own_viewport() -> QWidget:
    """A viewport for a QScrollArea, made as the area makes its own, so that the area's
    `viewport()` returns a widget Python already knows. Handed the one Qt made, Shiboken
    works out its class among every QWidget subclass, making all those classes and their
    enum types: 16 ms the first time, which Home's area paid before the first frame."""
    viewport = QWidget()
    viewport.setObjectName("qt_scrollarea_viewport")
    viewport.setAutoFillBackground(True)  # and its background role left unset
    return viewport


def touch_button(text: str, icon_name: str | None = None, name: str = "") -> QPushButton:
    """A big push button; the theme's stylesheet makes it at least the touch size."""
    button = QPushButton(text)
    button.setObjectName(name or "Button")
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setProperty("icon_name", icon_name or "")
    button.setAccessibleName(text)
    return button


def style_button_icons(root: QWidget, theme: Theme) -> None:
    """Draw the icon of `root` and every touch button under it in the theme's colours.

    A checkable button is outlined when off (its icon in the text colour) and filled
    when on (in the button text colour), so it gets one drawing for each.
    """
    buttons = root.findChildren(QPushButton)
    if isinstance(root, QPushButton):
        buttons.append(root)
    side = theme.metrics.icon_px
    for button in buttons:
        name = button.property("icon_name")
        if not name:
            continue
        if button.isCheckable():
            both = QIcon()
            off = icon(name, theme.palette.text, side).pixmap(side, side)
            on = icon(name, theme.palette.accent_text, side).pixmap(side, side)
            both.addPixmap(off, QIcon.Mode.Normal, QIcon.State.Off)
            both.addPixmap(on, QIcon.Mode.Normal, QIcon.State.On)
            button.setIcon(both)
        else:
            button.setIcon(icon(name, theme.palette.accent_text, side))
        button.setIconSize(QSize(side, side))


def no_wider_than(widest: int) -> Callable[[QSize], QSize | None]:
    """A `read_picture` fit: a picture wider than `widest` scaled down to it, keeping
    its shape; a narrower one as it is."""

    def fit(size: QSize) -> QSize | None:
        if not size.isValid() or size.width() <= widest:
            return None
        return size.scaled(widest, 10**6, Qt.AspectRatioMode.KeepAspectRatio)

    return fit


def read_picture(
    path: Path, fit: Callable[[QSize], QSize | None], colour: str | None = None
) -> QImage:
    """The picture at `path`, scaled to what `fit` makes of its size (None: as it is);
    an SVG drawn in ``currentColor`` is drawn in `colour` when one is given.

    Qt would open the path itself, and block on a named pipe put there since the pack was
    checked; the bytes are read as the pack's files are (`kiosk.files`), and Qt decodes
    them from memory (an SVG only if it names no other file to draw in: it may have been
    swapped since the check). A null image when the file is not a readable picture.
    """
    try:
        data = read_regular(path, MAX_BYTES)
    except OSError:
        return QImage()
    if path.suffix.lower() == ".svg":
        if svg_draws_in_other_files(data):
            return QImage()
        if colour is not None:
            data = data.replace(b"currentColor", colour.encode("ascii"))
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    scaled = fit(reader.size())
    if scaled is not None:
        reader.setScaledSize(scaled)
    image = reader.read()
    buffer.close()
    return image
