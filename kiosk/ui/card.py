"""The card's text and what lies over it: the sanitised words with their links and
pictures (`CardText`), the layer that moves the card with a finger (`SlideLayer`), and
the QR mark after a web link (the "More below" sign is `kiosk.ui.morebelow`)."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QPoint,
    QPointF,
    QSize,
    Qt,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QTextBrowser,
    QWidget,
)

from kiosk.images import in_pack
from kiosk.ui.theme import Theme, icon
from kiosk.ui.widgets import LINK_REACH_PX, no_wider_than, read_picture


class CardText(QTextBrowser):
    """The text of one card: read-only, no selection, no menus, links reported not opened.

    Pictures load only from inside the pack, scaled down to the card's width as they are
    decoded; nothing is ever fetched from a network or a path outside the pack.

    Signals:
        topic_link_clicked(str): the id of the topic a link goes to.
        web_link_clicked(str): a web address, to show as a QR code.
        web_link_pressed(str): a finger went down on a web address (it may lift there).
    """

    topic_link_clicked = Signal(str)
    web_link_clicked = Signal(str)
    web_link_pressed = Signal(str)
    MARGIN_PX = 4  # around the words, inside the card's own padding

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CardText")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        self.viewport().setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        self.setAcceptDrops(False)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._pack_root: Path | None = None
        self.max_text_width = 0
        # Drawn after a web link's words (`kiosk.markup.QR_MARK`), set with the theme.
        self.qr_mark = QImage()
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.document().setDocumentMargin(self.MARGIN_PX)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """As tall as the words at the width they have (the card fits them, up to the
        room there is)."""
        words = math.ceil(self.document().size().height()) + 2 * self.frameWidth()
        return QSize(super().sizeHint().width(), words)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        # Long lines are hard to follow: keep the text column to a readable measure.
        wanted = self.max_text_width + 2 * self.MARGIN_PX
        spare = self.width() - wanted if self.max_text_width else 0
        side = max(0, spare // 2)
        self.setViewportMargins(side, 0, side, 0)
        super().resizeEvent(event)

    def show_html(self, html: str, css: str, pack_root: Path | None) -> None:
        """Show a card's sanitised HTML from the pack in `pack_root`, scrolled to the top."""
        self._pack_root = pack_root
        self.document().setDefaultStyleSheet(css)
        self.setHtml(html)
        self.verticalScrollBar().setValue(0)

    def loadResource(self, kind: int, name: QUrl | str) -> object:  # noqa: N802 (Qt's name)
        if kind != QTextDocument.ResourceType.ImageResource.value or self._pack_root is None:
            return None
        from kiosk.markup import QR_MARK  # loaded already: a card is being shown

        name = QUrl(name)
        if name.toString() == QR_MARK:
            return self.qr_mark
        if name.scheme() or name.isEmpty():
            return None
        rel = in_pack(self._pack_root, ".", name.path())
        if rel is None:
            return None
        widest = max(1, self.viewport().width() - 8)
        return read_picture(self._pack_root / rel, no_wider_than(widest))

    def contextMenuEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        """A finger down on a web link (or within its reach) says so before it lifts: a
        tap's tenth of a second is time to make its QR code."""
        from kiosk.markup import WEB_SCHEMES  # loaded once a card is shown

        if event.button() == Qt.MouseButton.LeftButton:
            link = QUrl(self.link_near(event.position().toPoint()))
            if link.scheme().lower() in WEB_SCHEMES:
                self.web_link_pressed.emit(link.toString())
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        """A tap just above or below a link's words follows it too: a link is a target
        at least `LINK_REACH_PX` tall, however small its line (the press and release are
        on the same spot; a drag never reaches here, `TouchScroll` keeps it)."""
        point = event.position().toPoint()
        if event.button() == Qt.MouseButton.LeftButton and not self.anchorAt(point):
            near = self.link_near(point)
            if near:
                event.accept()
                self._on_anchor_clicked(QUrl(near))
                return
        super().mouseReleaseEvent(event)

    def link_near(self, point: QPoint) -> str:
        """The link at `point`, or the nearest within half of `LINK_REACH_PX` above or
        below it ("" when there is none)."""
        reach = LINK_REACH_PX // 2
        for dy in sorted(range(-reach, reach + 1, 4), key=abs):
            anchor = self.anchorAt(point + QPoint(0, dy))
            if anchor:
                return anchor
        return ""

    @Slot(QUrl)
    def _on_anchor_clicked(self, url: QUrl) -> None:
        from kiosk.markup import TOPIC_SCHEME, WEB_SCHEMES  # loaded once a card is shown

        scheme = url.scheme().lower()
        if scheme == TOPIC_SCHEME:
            self.topic_link_clicked.emit(url.path())
        elif scheme in WEB_SCHEMES:
            self.web_link_clicked.emit(url.toString())
        # Anything else cannot be in a sanitised card; it is ignored, never opened.


class SlideLayer(QWidget):
    """Over the card while a finger drags it sideways: the card as it was, moved with the
    finger, and the card it is moving to coming in beside it (pictures of both, so a
    frame while dragging only draws two pixmaps)."""

    GAP_PX = 24

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        # It paints all of itself: what lies under it need not be painted first.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.current = QPixmap()
        self.coming = QPixmap()  # next (to the right) or previous (to the left); may be null
        self.offset = 0.0
        self.left = 0  # where the card's left edge is in the layer, when still
        self.background = QColor("#FFFFFF")  # the screen's, between and around the two
        self.hide()

    def set_offset(self, offset: float) -> None:
        self.offset = offset
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.background)  # the card under it stays hidden
        painter.drawPixmap(QPointF(self.left + self.offset, 0), self.current)
        if not self.coming.isNull() and self.offset:
            step = self.current.width() / self.current.devicePixelRatio() + self.GAP_PX
            x = self.left + self.offset + (step if self.offset < 0 else -step)
            painter.drawPixmap(QPointF(x, 0), self.coming)
        painter.end()


def picture_of(widget: QWidget) -> QPixmap:
    """`widget` as it is drawn, clear outside its own painting (a card's rounded corners
    show the screen behind them, as on screen, not a square of the window colour)."""
    ratio = widget.devicePixelRatioF()
    pixmap = QPixmap(widget.size() * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    widget.render(pixmap, renderFlags=QWidget.RenderFlag.DrawChildren)
    return pixmap


def qr_mark_image(theme: Theme) -> QImage:
    """The mark drawn after a web link's words: a QR code's picture in the link's colour,
    about as tall as a capital letter, with a space before it."""
    size = max(8, round(theme.metrics.reading_px * 0.8))
    gap = max(2, round(theme.metrics.reading_px * 0.3))
    image = QImage(gap + size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.drawPixmap(gap, 0, icon("qr", theme.palette.link, size).pixmap(size, size))
    painter.end()
    return image
