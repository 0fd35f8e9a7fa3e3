"""A slide's words as a picture: its Markdown page (or a teaser's title and summary)
laid out by Qt's rich text at the slide's sizes, with the pictures it shows handed over
as the pack's files are read, so the document never opens a file itself."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QPainter, QPixmap, QTextDocument

from kiosk.images import in_pack
from kiosk.pack import Edition
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import no_wider_than, read_picture


def page_css(theme: Theme, colour: str) -> str:
    m = theme.metrics
    return (
        f"p.headline {{ font-size: {m.slide_title_px}px; font-weight: bold; margin-top: 0; }}"
        f"p, li {{ font-size: {m.slide_text_px}px; margin-top: {m.gap_px}px; }}"
        f"body {{ color: {colour}; }}"
    )


def headlines(page: str) -> str:
    """A slide's headings as headlines: Qt's rich text keeps a heading's own size, whatever
    a style sheet asks, and a slide's must be read from across the room."""
    opened = re.sub(r"<h[1-3]\b", '<p class="headline"', page)
    return re.sub(r"</h[1-3]>", "</p>", opened)


def document(
    css: str, body: str, width: int, pictures: dict[str, QImage] | None = None
) -> QTextDocument:
    document = QTextDocument()
    document.setDefaultStyleSheet(css)
    document.setDocumentMargin(0)
    for name, image in (pictures or {}).items():
        document.addResource(QTextDocument.ResourceType.ImageResource.value, QUrl(name), image)
    document.setHtml(f"<html><body>{body}</body></html>")
    document.setTextWidth(width)
    return document


def page_pictures(edition: Edition, page: str, width: int) -> dict[str, QImage]:
    """The pictures a slide's page shows, by the name the page gives each, read as the
    pack's files are: left to itself a document opens their paths, and would block on a
    named pipe put there since the pack was checked."""

    fit = no_wider_than(width)
    pictures = {}
    for name in {html.unescape(src) for src in re.findall(r'src="([^"]+)"', page)}:
        rel = in_pack(edition.root, ".", name)
        # A name that has left the pack since the check gets an empty picture: given
        # none, the document would open the name itself.
        pictures[name] = read_picture(edition.root / rel, fit) if rel is not None else QImage()
    return pictures


def draw(document: QTextDocument, width: int) -> QPixmap:
    height = max(1, round(document.size().height()))
    pixmap = QPixmap(width, height)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    document.drawContents(painter)
    painter.end()
    return pixmap
