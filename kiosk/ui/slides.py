"""One slide of the idle slideshow: a short Markdown page or a picture, shown large."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk import markup
from kiosk.pack import SLIDES_DIR, Pack, Slide
from kiosk.ui.theme import Theme


class SlideView(QWidget):
    """Shows one slide, centred; pictures scaled to fit without distortion."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SlideView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        # The picture is scaled to the slide; it must never make the window grow.
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._column = QVBoxLayout(self)
        self._column.addWidget(self.label)

    def show_slide(self, pack: Pack, slide: Slide, theme: Theme) -> None:
        m = theme.metrics
        self._column.setContentsMargins(m.margin_px * 3, m.margin_px, m.margin_px * 3, m.margin_px)
        if slide.kind == "image":
            self.label.setPixmap(self._picture(pack, slide))
            return
        rendered = markup.render(slide.markdown, markup.Place(pack.root, SLIDES_DIR))
        css = (
            f"h1 {{ font-size: {m.slide_title_px}px; font-weight: bold; }}"
            f"p, li {{ font-size: {m.slide_text_px}px; }}"
            f"body {{ color: {theme.palette.text}; }}"
        )
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setText(
            f"<html><head><style>{css}</style></head>"
            f"<body align='center'>{rendered.html}</body></html>"
        )

    def _picture(self, pack: Pack, slide: Slide) -> QPixmap:
        reader = QImageReader(str(pack.root / slide.file))
        area = self.contentsRect().size()
        if area.width() < 2 or area.height() < 2:  # not laid out yet
            area = self.window().size()
        size = reader.size()
        if size.isValid():
            reader.setScaledSize(size.scaled(area, Qt.AspectRatioMode.KeepAspectRatio))
        else:
            reader.setScaledSize(QSize(area))
        return QPixmap.fromImage(reader.read())
