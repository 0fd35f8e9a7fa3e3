"""The idle slideshow: the pack's slides, shown large, crossfading one into the next.

It shows only what the pack's ``slides/`` folder holds (or, with none, a calm slide with
the pack's title), never a topic: the next patient must not see what the last one read.
"""

from __future__ import annotations

import html
import posixpath
import re

from PySide6.QtCore import QEasingCurve, QPropertyAnimation, QSize, Qt, QTimer, Slot
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import QGraphicsOpacityEffect, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.pack import Edition, Slide
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import read_picture
from kiosk.words import Words

FADE_MS = 900


def builtin_slide(edition: Edition) -> Slide:
    """The calm slide for a pack that has none of its own."""
    start = Words(edition.language)("touch_to_start")
    return Slide("", "markdown", f"# {edition.settings.title}\n\n{start}\n")


class SlideView(QWidget):
    """Shows one slide, centred; pictures scaled to fit without distortion."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SlideView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.slide: Slide | None = None
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        # The picture is scaled to the slide; it must never make the window grow.
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._column = QVBoxLayout(self)
        self._column.addWidget(self.label)

    def show_slide(self, edition: Edition, slide: Slide, theme: Theme) -> None:
        self.slide = slide
        m = theme.metrics
        self._column.setContentsMargins(m.margin_px * 3, m.margin_px, m.margin_px * 3, m.margin_px)
        if slide.kind == "image":
            self.label.setPixmap(self._picture(edition, slide))
            return
        from kiosk import markup  # not needed until the first slide

        place = markup.Place(edition.root, posixpath.dirname(slide.file) or edition.folder)
        rendered = markup.render(slide.markdown, place)
        # A label looks pictures up from the working folder: name them by full path (they
        # are in the pack: markup kept no other).
        page = re.sub(
            r'src="([^"]+)"',
            lambda m: f'src="{html.escape(str(edition.root.resolve() / html.unescape(m[1])))}"',
            rendered.html,
        )
        css = (
            f"h1 {{ font-size: {m.slide_title_px}px; font-weight: bold; }}"
            f"p, li {{ font-size: {m.slide_text_px}px; }}"
            f"body {{ color: {theme.palette.text}; }}"
        )
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setText(
            f"<html><head><style>{css}</style></head><body align='center'>{page}</body></html>"
        )

    def _picture(self, edition: Edition, slide: Slide) -> QPixmap:
        area = self.contentsRect().size()
        if area.width() < 2 or area.height() < 2:  # not laid out yet
            area = self.window().size()

        def fit(size: QSize) -> QSize:
            if not size.isValid():
                return QSize(area)
            return size.scaled(area, Qt.AspectRatioMode.KeepAspectRatio)

        return QPixmap.fromImage(read_picture(edition.root / slide.file, fit))


class Slideshow(QWidget):
    """The pack's slides in name order, each for `slide_seconds`, crossfading.

    Two views take turns: the next slide is drawn in the hidden one, which then fades in
    over the other. With the pack's `reduced_motion` on, the next slide simply replaces
    the one before.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Slideshow")
        self._edition: Edition | None = None
        self._theme: Theme | None = None
        self.slides: list[Slide] = []
        self.index = 0
        self.fade_ms = FADE_MS
        self.front = SlideView(self)
        self.back = SlideView(self)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.advance)
        # Each view keeps its own opacity effect (at full opacity it costs nothing).
        self._effects: dict[SlideView, QGraphicsOpacityEffect] = {}
        for view in (self.front, self.back):
            effect = QGraphicsOpacityEffect(view)
            effect.setOpacity(1.0)  # Qt's default is 0.7
            view.setGraphicsEffect(effect)
            self._effects[view] = effect
        self.fade = QPropertyAnimation(self)
        self.fade.setPropertyName(b"opacity")
        self.fade.setEasingCurve(QEasingCurve.Type.InOutQuad)
        self.fade.finished.connect(self._on_fade_finished)
        self.back.hide()

    def start(self, edition: Edition, theme: Theme) -> None:
        """Show the first slide and move on every ``slide_seconds``."""
        self._edition, self._theme = edition, theme
        self.slides = list(edition.slides) or [builtin_slide(edition)]
        self.index = 0
        self.fade.stop()
        self.back.hide()
        self.front.show_slide(edition, self.slides[0], theme)
        self.timer.start(edition.settings.slide_seconds * 1000)

    def show_only(self, edition: Edition, slide: Slide, theme: Theme) -> None:
        """Show one slide and stay on it (for `kiosk preview`)."""
        self.stop()
        self._edition, self._theme = edition, theme
        self.front.show_slide(edition, slide, theme)

    def stop(self) -> None:
        self.timer.stop()
        self.fade.stop()
        self.back.hide()

    @property
    def current(self) -> Slide | None:
        return self.slides[self.index] if self.slides else None

    @Slot()
    def advance(self) -> None:
        """Crossfade to the next slide (back to the first after the last)."""
        if self._edition is None or self._theme is None or len(self.slides) < 2:
            return
        if self.fade.state() == QPropertyAnimation.State.Running:
            self.fade.stop()
            self._on_fade_finished()
        self.index = (self.index + 1) % len(self.slides)
        if self._edition.settings.reduced_motion:
            self.front.show_slide(self._edition, self.slides[self.index], self._theme)
            return
        self.back.show_slide(self._edition, self.slides[self.index], self._theme)
        self.back.setGeometry(self.rect())
        effect = self._effects[self.back]
        effect.setOpacity(0.0)
        self.back.show()
        self.back.raise_()
        self.fade.setTargetObject(effect)
        self.fade.setDuration(self.fade_ms)
        self.fade.setStartValue(0.0)
        self.fade.setEndValue(1.0)
        self.fade.start()

    @Slot()
    def _on_fade_finished(self) -> None:
        self._effects[self.back].setOpacity(1.0)
        self.front, self.back = self.back, self.front
        self.back.hide()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        for view in (self.front, self.back):
            view.setGeometry(self.rect())
