"""The idle slideshow: the pack's slides and a teaser per topic, shown large, crossfading
one into the next, under a call to touch the screen that never leaves.

It shows only what the pack's ``slides/`` folder holds (or, with none, a calm slide with
the pack's title) and, when the pack keeps `teasers` on, each topic's title, summary and
icon, always in the pack's order: the next patient never sees what the last one read.
"""

from __future__ import annotations

import html
import posixpath

from PySide6.QtCore import (
    QEasingCurve,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
    QVariantAnimation,
    Slot,
)
from PySide6.QtGui import (
    QColor,
    QImage,
    QLinearGradient,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QWidget

from kiosk.pack import Edition, Slide
from kiosk.ui.cue import Beat, TouchCue, band_height, cue_height
from kiosk.ui.slidewords import document, draw, headlines, page_css, page_pictures
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import read_picture

FADE_MS = 900
# A picture behind a slide's words is this much larger than the screen and pans slowly
# across the extra while the slide shows (a "Ken Burns" pan), a step a frame.
PAN_SHARE = 0.06
# Under the words on a picture: dark enough that white words keep 7:1 over any picture,
# even a white one (tests/ui/test_slides.py computes it).
SCRIM_ALPHA = 0.72
WORDS_ON_PICTURE = "#FFFFFF"


def builtin_slide(edition: Edition) -> Slide:
    """The calm slide for a pack that has none of its own."""
    return Slide("", "markdown", f"# {edition.settings.title}\n")


def slides_for(edition: Edition) -> list[Slide]:
    """What the slideshow shows, in order: the pack's slides (or the built-in one), each
    followed by one topic's teaser when the pack keeps `teasers` on; with more topics
    than slides the pack's slides come round again between them, so its own (the crisis
    line among them) are never more than a slide apart."""
    own = list(edition.slides) or [builtin_slide(edition)]
    if not edition.settings.teasers or not edition.topics:
        return own
    teasers = [Slide("", "teaser", topic_id=topic.id) for topic in edition.topics]
    shown: list[Slide] = []
    # The pack's own come round again between teasers when there are more topics.
    for index in range(max(len(own), len(teasers))):
        shown.append(own[index % len(own)])
        if index < len(teasers):
            shown.append(teasers[index])
    return shown


class Pictures:
    """Pictures made for the slideshow, by file and size: a slide shown again, or the
    view that crossfades in, does not decode its picture again (a large one takes a
    noticeable moment on the UI thread). Emptied when another pack is shown."""

    def __init__(self) -> None:
        self._made: dict[tuple[str, str, int, int], QPixmap] = {}
        self._root = ""

    def get(self, edition: Edition, file: str, size: QSize, how: str) -> QPixmap | None:
        self._forget_unless(edition)
        return self._made.get((file, how, size.width(), size.height()))

    def put(self, edition: Edition, file: str, size: QSize, how: str, picture: QPixmap) -> None:
        self._forget_unless(edition)
        self._made[(file, how, size.width(), size.height())] = picture

    def _forget_unless(self, edition: Edition) -> None:
        root = f"{edition.root}:{id(edition)}"
        if root != self._root:
            self._made.clear()
            self._root = root


class SlideView(QWidget):
    """One slide, drawn from pictures made when it is shown: the background (larger than
    the screen, it pans) and the words; a frame of the pan draws them again with the
    shade between them, and decodes nothing.

    A Markdown slide's words are centred on the theme's background; over a picture
    (its `background`) they sit low, in white on a dark shade. A picture slide fits the
    screen whole (a poster is never cut). A teaser shows the topic's icon, title and
    summary.
    """

    def __init__(self, pictures: Pictures, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SlideView")
        self._pictures = pictures
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.slide: Slide | None = None
        self.words = ""  # what the slide says, as plain text (for tests and readers)
        self._backdrop = QColor("#FFFFFF")
        self._background = QPixmap()  # pans when larger than the view
        self.poster = QPixmap()  # a picture slide, whole
        self._lettering = QPixmap()  # the words (and pictures among them), drawn
        self._words_at = QPointF()
        self._shade_from = 1.0  # where the shade starts, as a share of the height
        self.pan = 0.0  # from 0 to 1: how far across its extra the background has moved
        self._pan_right = True
        self._pan_ms = 1
        self.beat = Beat(self, self._on_frame)
        self._drawn_for: tuple[Edition, Theme] | None = None
        self._drawn_size = QSize()
        self._cue_px = 0
        self.cue_lines = 2  # how many lines the call to touch the screen has

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        """The slide's pictures made again for the new size (the screen turned, or the
        slideshow took the room the bar had), its pan going on where it was."""
        if self.slide is None or self._drawn_for is None or event.size() == self._drawn_size:
            return  # drawn at this size already (a hidden view is drawn before it is told)
        edition, theme = self._drawn_for
        panning, pan = self.panning, self.pan
        self.show_slide(edition, self.slide, theme)
        if panning:
            self.pan = pan
            self.beat.start()

    def show_slide(
        self, edition: Edition, slide: Slide, theme: Theme, *, moving: bool = False
    ) -> None:
        """Draw `slide`; with `moving`, its background pans while it shows."""
        self.slide = slide
        self._drawn_for = (edition, theme)
        self.beat.stop()
        self.pan = 0.0
        self._backdrop = QColor(theme.palette.background)
        self._cue_px = cue_height(theme, self.cue_lines)
        self._background, self.poster = QPixmap(), QPixmap()
        # Not yet laid out (a view first shown takes the slideshow's size): the window's.
        resized = self.testAttribute(Qt.WidgetAttribute.WA_Resized)
        size = self._drawn_size = self.size() if resized else self.window().size()
        if slide.kind == "image":
            # Whole, and above the call to touch the screen: a poster is never cut.
            room = QSize(size.width(), max(1, size.height() - cue_height(theme, self.cue_lines)))
            self.poster = self._fit(edition, slide.file, room)
            self.words = ""
            self._lettering = QPixmap()
        elif slide.kind == "teaser":
            self._show_teaser(edition, slide, theme, size)
        else:
            if slide.background is not None:
                self._background = self._cover(edition, slide.background, size)
            self._show_page(edition, slide, theme, size)
        if moving:
            self.begin_pan(edition.settings.slide_seconds * 1000)
        self.setAccessibleDescription(self.words)  # what is painted, for screen readers
        self.update()

    def shows(self, edition: Edition, slide: Slide, theme: Theme) -> bool:
        """Whether `slide` is drawn here for `edition` and `theme`, at this size."""
        drawn = self.slide is slide and self._drawn_for == (edition, theme)
        return drawn and self._drawn_size == self.size()

    def begin_pan(self, ms: int) -> None:
        """Pan the background across its extra over `ms`, the other way from this
        view's last pan (a slide with no background has nothing to pan)."""
        if self._background.isNull():
            return
        self._pan_right = not self._pan_right
        self._pan_ms = max(1, ms)
        self.beat.begin()

    def stop(self) -> None:
        """No more panning (the slideshow stopped, a crossfade began, or this view was
        hidden)."""
        self.beat.stop()

    @property
    def panning(self) -> bool:
        return self.beat.isActive()

    @property
    def words_picture(self) -> QPixmap:
        """The slide's words (and the pictures among them) as drawn."""
        return self._lettering

    @property
    def has_picture(self) -> bool:
        return not (self._background.isNull() and self.poster.isNull())

    # What is drawn ---------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), self._backdrop)
        if not self._background.isNull():
            painter.drawPixmap(self._background_at(), self._background)
            self._draw_shade(painter)
        if not self.poster.isNull():
            x = (self.width() - self.poster.width()) // 2
            y = (self.height() - self._cue_px - self.poster.height()) // 2
            painter.drawPixmap(x, y, self.poster)
        if not self._lettering.isNull():
            painter.drawPixmap(self._words_at, self._lettering)
        painter.end()

    def _background_at(self) -> QPointF:
        """Where the background's corner goes: its middle on the screen's, moved across
        a sixteenth of the screen's width while the slide shows, so its subject (which a
        pack keeps in the middle) stays in view on a portrait screen too."""
        middle_x = (self._background.width() - self.width()) / 2
        middle_y = (self._background.height() - self.height()) / 2
        reach = self.width() * PAN_SHARE / 2
        share = self.pan if self._pan_right else 1.0 - self.pan
        return QPointF(-round(middle_x - reach + 2 * reach * share), -round(middle_y))

    def _draw_shade(self, painter: QPainter) -> None:
        top = self.height() * self._shade_from
        fade = self.height() * 0.12
        solid = QColor(0, 0, 0, round(255 * SCRIM_ALPHA))
        clear = QColor(0, 0, 0, 0)
        gradient = QLinearGradient(0, top - fade, 0, top)
        gradient.setColorAt(0.0, clear)
        gradient.setColorAt(1.0, solid)
        painter.fillRect(QRectF(0, top - fade, self.width(), fade), gradient)
        painter.fillRect(QRectF(0, top, self.width(), self.height() - top), solid)

    @Slot()
    def _on_frame(self) -> None:
        drawn = self._background_at()
        self.pan = min(1.0, self.beat.elapsed_ms() / self._pan_ms)
        if self._background_at() != drawn:  # a frame only when the picture has moved
            self.update()
        if self.pan >= 1.0:
            self.beat.stop()

    # Making the pictures ---------------------------------------------------------------

    def _show_page(self, edition: Edition, slide: Slide, theme: Theme, size: QSize) -> None:
        from kiosk import markup  # not needed until the first slide

        m = theme.metrics
        place = markup.Place(edition.root, posixpath.dirname(slide.file) or edition.folder)
        rendered = markup.render(slide.markdown, place)
        on_picture = not self._background.isNull()
        colour = WORDS_ON_PICTURE if on_picture else theme.palette.text
        css = page_css(theme, colour)
        width = size.width() - 2 * m.margin_px * 3
        page = f"<body align='center'>{headlines(rendered.html)}</body>"
        laid_out = document(css, page, width, page_pictures(edition, rendered.html, width))
        self.words = laid_out.toPlainText()
        self._lettering = draw(laid_out, width)
        cue = cue_height(theme, self.cue_lines)
        height = self._lettering.height()
        if on_picture:
            # Low on the screen, just above the call to touch it, on the shade (never
            # above the screen's top: a long page starts there and runs under the call).
            y = max(m.margin_px, size.height() - cue - m.margin_px - height)
            self._shade_from = max(0.0, (y - m.margin_px) / max(1, size.height()))
        else:
            y = max(m.margin_px, (size.height() - cue - height) // 2)
        self._words_at = QPointF((size.width() - width) / 2, y)

    def _show_teaser(self, edition: Edition, slide: Slide, theme: Theme, size: QSize) -> None:
        m = theme.metrics
        topic = next((t for t in edition.topics if t.id == slide.topic_id), None)
        title, summary = (topic.title, topic.summary) if topic is not None else ("", "")
        css = page_css(theme, theme.palette.text)
        body = f'<p class="headline">{html.escape(title)}</p>' + (
            f"<p>{html.escape(summary)}</p>" if summary else ""
        )
        width = size.width() - 2 * m.margin_px * 3
        laid_out = document(css, f"<body align='center'>{body}</body>", width)
        self.words = laid_out.toPlainText()
        side = m.slide_title_px * 2
        picture = QImage()
        if topic is not None and topic.icon is not None:
            picture = read_picture(
                edition.root / topic.icon,
                lambda s: (
                    s.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio)
                    if s.isValid()
                    else QSize(side, side)
                ),
                theme.palette.accent,
            )
        words = draw(laid_out, width)
        gap = m.gap_px * 2 if not picture.isNull() else 0
        height = (picture.height() if not picture.isNull() else 0) + gap + words.height()
        ratio = self.devicePixelRatioF()
        canvas = QPixmap(QSize(width, height) * ratio)
        canvas.setDevicePixelRatio(ratio)
        canvas.fill(Qt.GlobalColor.transparent)
        painter = QPainter(canvas)
        if not picture.isNull():
            painter.drawImage((width - picture.width()) // 2, 0, picture)
        painter.drawPixmap(0, height - words.height(), words)
        painter.end()
        self._lettering = canvas
        y = max(m.margin_px, (size.height() - cue_height(theme, self.cue_lines) - height) // 2)
        self._words_at = QPointF((size.width() - width) / 2, y)

    def _cover(self, edition: Edition, file: str, size: QSize) -> QPixmap:
        """The picture scaled to cover `size` and a little more (room to pan)."""
        wide = QSize(round(size.width() * (1 + PAN_SHARE)), round(size.height() * (1 + PAN_SHARE)))
        return self._picture(edition, file, wide, Qt.AspectRatioMode.KeepAspectRatioByExpanding)

    def _fit(self, edition: Edition, file: str, size: QSize) -> QPixmap:
        """The picture whole, as large as fits `size`."""
        return self._picture(edition, file, size, Qt.AspectRatioMode.KeepAspectRatio)

    def _picture(
        self, edition: Edition, file: str, size: QSize, mode: Qt.AspectRatioMode
    ) -> QPixmap:
        how = mode.name
        made = self._pictures.get(edition, file, size, how)
        if made is not None:
            return made

        def fit(found: QSize) -> QSize:
            return found.scaled(size, mode) if found.isValid() else QSize(size)

        image = read_picture(edition.root / file, fit)
        picture = QPixmap.fromImage(image) if not image.isNull() else QPixmap()
        self._pictures.put(edition, file, size, how, picture)
        return picture


class Crossfade(QWidget):
    """What shows while one slide fades into the next: a picture of each, taken as the
    fade begins, the incoming one drawn over the other more opaque each frame. A frame is
    two full-screen drawings, nothing rendered again; both slides hold still meanwhile.
    Opaque: nothing under it is painted. The two pictures are kept from one fade to the
    next while the slideshow runs (drawing into fresh ones cost more than the drawing)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Crossfade")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.opacity = 0.0  # of the incoming slide
        self._outgoing = QPixmap()
        self._incoming = QPixmap()
        self.hide()

    def prepare(self) -> None:
        """Make the two pictures for this size, ahead: the first drawing into a new one
        costs more than all the rest (its memory is touched for the first time)."""
        ratio = self.devicePixelRatioF()
        size = self.size() * ratio
        for picture in (self._outgoing, self._incoming):
            if picture.size() != size or picture.devicePixelRatioF() != ratio:
                picture.swap(QPixmap(size))
                picture.setDevicePixelRatio(ratio)
                picture.fill(Qt.GlobalColor.black)

    def begin(self, outgoing: QWidget, incoming: QWidget) -> None:
        """Take the pictures of `outgoing` and `incoming` (laid out over this) and show
        the first of them."""
        self.prepare()
        outgoing.render(self._outgoing)
        incoming.render(self._incoming)
        self.opacity = 0.0
        self.show()
        self.raise_()

    @Slot(object)  # QVariantAnimation's value: a float here
    def set_opacity(self, opacity: float) -> None:
        self.opacity = opacity
        self.update()

    def end(self) -> None:
        self.hide()

    def forget(self) -> None:
        """Let the pictures go (the slideshow stopped)."""
        self.end()
        self._outgoing, self._incoming = QPixmap(), QPixmap()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._outgoing)
        painter.setOpacity(self.opacity)
        painter.drawPixmap(0, 0, self._incoming)
        painter.end()


class Slideshow(QWidget):
    """The slides (`slides_for`) in turn, each for `slide_seconds`, crossfading, under
    the call to touch the screen.

    Two views take turns: the next slide is drawn in the hidden one, then a picture of
    it fades in over one of the other (`Crossfade`), and it pans once it shows alone.
    With the pack's `reduced_motion` on, the next slide simply replaces the one before,
    nothing pans and the touch cue is still.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Slideshow")
        self._edition: Edition | None = None
        self._theme: Theme | None = None
        self.slides: list[Slide] = []
        self.index = 0
        self.fade_ms = FADE_MS
        self.pictures = Pictures()  # shared by both views
        self.front = SlideView(self.pictures, self)
        self.back = SlideView(self.pictures, self)
        self.cue = TouchCue(self)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.advance)
        self.crossfade = Crossfade(self)
        # The next slide is drawn in the hidden view ahead, in the event-loop turn after
        # a slide starts to show alone: a crossfade's start then only takes the pictures.
        self._ahead = QTimer(self)
        self._ahead.setSingleShot(True)
        self._ahead.setInterval(0)
        self._ahead.timeout.connect(self._step_ahead)
        self.fade = QVariantAnimation(self)
        self.fade.setEasingCurve(QEasingCurve.Type.InOutQuad)
        self.fade.valueChanged.connect(self.crossfade.set_opacity)
        self.fade.finished.connect(self._on_fade_finished)
        self.back.hide()

    def start(self, edition: Edition, theme: Theme, languages: tuple[str, ...] = ()) -> None:
        """Show the first slide and move on every ``slide_seconds``."""
        self._edition, self._theme = edition, theme
        self.slides = slides_for(edition)
        self.index = 0
        self.fade.stop()
        self.crossfade.end()
        self.back.stop()
        self.back.hide()
        self._place_cue(edition, languages, theme)
        self.front.show_slide(edition, self.slides[0], theme, moving=self._moving)
        self.cue.start(self._moving)
        self.timer.start(edition.settings.slide_seconds * 1000)
        self._ahead.start()

    def show_only(
        self, edition: Edition, slide: Slide, theme: Theme, languages: tuple[str, ...] = ()
    ) -> None:
        """Show one slide and stay on it (for `kiosk preview`)."""
        self.stop()
        self._edition, self._theme = edition, theme
        self._place_cue(edition, languages, theme)
        self.front.show_slide(edition, slide, theme)

    def stop(self) -> None:
        self.timer.stop()
        self._ahead.stop()
        self.fade.stop()
        self.crossfade.forget()
        self.back.hide()
        for view in (self.front, self.back):
            view.stop()
        self.cue.stop()

    @property
    def _moving(self) -> bool:
        return self._edition is not None and not self._edition.settings.reduced_motion

    @property
    def current(self) -> Slide | None:
        return self.slides[self.index] if self.slides else None

    @Slot()
    def advance(self) -> None:
        """Crossfade to the next slide (back to the first after the last)."""
        if self._edition is None or self._theme is None or len(self.slides) < 2:
            return
        if self.fade.state() == QVariantAnimation.State.Running:
            self.fade.stop()
            self._on_fade_finished()
        self.index = (self.index + 1) % len(self.slides)
        slide = self.slides[self.index]
        if not self._moving:
            self.front.show_slide(self._edition, slide, self._theme)
            return
        # The incoming slide drawn, still; then both held still under the crossfade,
        # the incoming one panning once it is on its own.
        self._ahead.stop()
        self.back.setGeometry(self.rect())
        if not self.back.shows(self._edition, slide, self._theme):
            self.back.show_slide(self._edition, slide, self._theme)
        self.front.stop()
        self.crossfade.setGeometry(self.rect())
        self.crossfade.begin(self.front, self.back)
        self.cue.raise_()
        self.fade.setDuration(self.fade_ms)
        self.fade.setStartValue(0.0)
        self.fade.setEndValue(1.0)
        self.fade.start()

    @Slot()
    def _on_fade_finished(self) -> None:
        self.front, self.back = self.back, self.front
        self.front.show()
        self.front.raise_()
        self.cue.raise_()
        self.back.stop()
        self.back.hide()
        self.crossfade.end()
        if self._edition is not None:
            self.front.begin_pan(self._edition.settings.slide_seconds * 1000 - self.fade_ms)
        self._ahead.start()

    @Slot()
    def _step_ahead(self) -> None:
        """Ready the next crossfade, a step an event-loop turn: the next slide drawn in
        the hidden view, then the crossfade's pictures made for this size."""
        if self._edition is None or self._theme is None or len(self.slides) < 2:
            return
        if not self._moving:  # cut to, with reduced motion: drawn in the view that shows it
            return
        following = self.slides[(self.index + 1) % len(self.slides)]
        self.back.setGeometry(self.rect())
        if not self.back.shows(self._edition, following, self._theme):
            self.back.show_slide(self._edition, following, self._theme)
            self._ahead.start()  # the pictures in the next turn
            return
        self.crossfade.setGeometry(self.rect())
        self.crossfade.prepare()

    def _place_cue(self, edition: Edition, languages: tuple[str, ...], theme: Theme) -> None:
        self.cue.show_for(edition, languages, theme)
        for view in (self.front, self.back):
            view.cue_lines = len(self.cue.lines)
        self._lay_out()

    def _lay_out(self) -> None:
        if self.fade.state() == QVariantAnimation.State.Running:
            self.fade.stop()  # its pictures are of the old size: the next slide at once
            self._on_fade_finished()
        for view in (self.front, self.back):
            view.setGeometry(self.rect())
        if self._theme is None:
            return
        m = self._theme.metrics
        height = band_height(self._theme, len(self.cue.lines))
        width = min(self.width() - 2 * m.margin_px, max(self.width() * 2 // 3, height * 8))
        self.cue.setGeometry(
            (self.width() - width) // 2, self.height() - m.margin_px - height, width, height
        )
        self.cue.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        self._lay_out()
