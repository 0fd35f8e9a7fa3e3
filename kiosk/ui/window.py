"""The kiosk window: the top bar, the screens and the overlays, and the way a patient
moves between them.

The first frame needs only Home, the top bar and the notice: they are built with the
window. The topic screen, the slideshow, the overlays and the staff panel are built (and
their modules imported) the first time they are asked for, or all at once by `build_all`,
which the kiosk calls just after its first frame, before a touch can need them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QContextMenuEvent,
    QGuiApplication,
    QKeyEvent,
    QResizeEvent,
    QWindow,
)
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.config import Settings
from kiosk.notice import Notice
from kiosk.pack import Edition, Pack, Slide, Topic
from kiosk.ui.cards import CardRenderer
from kiosk.ui.home import HomeScreen
from kiosk.ui.nav import NavBar
from kiosk.ui.notice import NoticeBanner
from kiosk.ui.screens import Screen
from kiosk.ui.theme import Metrics, Theme
from kiosk.ui.updating import UpdatingScreen
from kiosk.ui.widgets import style_button_icons
from kiosk.words import Words

if TYPE_CHECKING:  # imported where first built, after the first frame
    from kiosk.ui.countdown import StillThereOverlay
    from kiosk.ui.overlays import Overlay, PinPad, QrOverlay
    from kiosk.ui.slides import Slideshow
    from kiosk.ui.speech import ReadAloud, Speaker
    from kiosk.ui.staffpanel import StaffPanel
    from kiosk.ui.topic import TopicScreen

HIGH_CONTRAST = "high-contrast"
# Full screen, frameless and on top: how a patient sees the kiosk.
LOCKED_FLAGS = (
    Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
)
AnOverlay = TypeVar("AnOverlay", bound="Overlay")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Choices:
    """What a patient chose for themselves; a reset puts back the pack's.

    Attributes:
        language: The language code of the edition shown.
        text_size: "A", "A+" or "A++".
        high_contrast: Whether the high-contrast theme is on.
    """

    language: str
    text_size: str
    high_contrast: bool

    @classmethod
    def of(cls, pack: Pack | None) -> Choices:
        """The pack's own choices, which every patient starts with."""
        settings = pack.settings if pack is not None else Settings()
        language = pack.default.language if pack is not None else settings.language
        return cls(language, settings.text_size, settings.theme == HIGH_CONTRAST)

    def theme(self, settings: Settings) -> str:
        """The theme to draw with: the pack's, or high contrast."""
        if self.high_contrast:
            return HIGH_CONTRAST
        return settings.theme if settings.theme != HIGH_CONTRAST else "calm"


class KioskWindow(QWidget):
    """The one window of the kiosk.

    In locked mode (the full-screen kiosk) Escape and closing are refused, and there are
    no context menus; unlocked (``--windowed``, preview) Escape closes it.

    Args:
        theme: How to draw, until a pack says otherwise.
        locked: Whether this is the full-screen kiosk.
        speaker: Reads cards aloud; None (or one that cannot speak the language)
            hides the Listen button.

    Signals:
        screen_changed(Screen): the screen now shown.
        frame_painted(): the window has painted a frame and handed it to the screen.
        topic_entered(object, bool): a topic (`Topic`) is shown, and whether that was
            opening it (from Home or a link) rather than coming Back to it.
        overlay_closed(): an overlay was closed (which may leave the screen at rest).
        still_here(): the patient tapped "I'm still here" on the countdown.
        pin_entered(str): staff typed a PIN on the PIN pad.
    """

    screen_changed = Signal(object)
    frame_painted = Signal()
    topic_entered = Signal(object, bool)
    overlay_closed = Signal()
    still_here = Signal()
    pin_entered = Signal(str)

    def __init__(
        self,
        theme: Theme,
        *,
        locked: bool,
        speaker: Speaker | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if locked:
            # Before the style sheet: new flags make Qt polish every widget under the
            # window again (showing it took 12 to 18 ms for that, now 4 to 7).
            self.setWindowFlags(LOCKED_FLAGS)
        self.setObjectName("KioskWindow")
        self.setWindowTitle("Waiting room")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        self.locked = locked
        self.theme = theme
        self.pack: Pack | None = None
        self.edition: Edition | None = None
        self.renderer: CardRenderer | None = None  # the edition's, handed to the topic screen
        self.choices = Choices(Settings().language, theme.text_size, theme.name == HIGH_CONTRAST)
        self.words = Words(self.choices.language)
        self.history: list[tuple[str, int]] = []
        self._painted_once = False
        self._announce: Screen | None = None  # logged once its first frame is painted
        self.frame_painted.connect(self._on_frame_painted)

        self.nav = NavBar()
        self.nav.home_clicked.connect(self.go_home)
        self.nav.back_clicked.connect(self.go_back)
        self.nav.text_size_chosen.connect(self.set_text_size)
        self.nav.contrast_toggled.connect(self.set_high_contrast)

        self.stack = QStackedWidget()
        self._screens: dict[QWidget | None, Screen] = {}
        self.home = HomeScreen()
        self.home.topic_chosen.connect(self.open_topic)
        self.home.languages.language_chosen.connect(self.set_language)
        self._add_screen(self.home, Screen.HOME)
        self.updating = UpdatingScreen()
        self._add_screen(self.updating, Screen.UPDATING)
        # Built when first asked for (see the module's docstring).
        self._speaker = speaker
        self._topic: TopicScreen | None = None
        self._read_aloud: ReadAloud | None = None
        self._slideshow: Slideshow | None = None
        self._qr: QrOverlay | None = None
        self._still_there: StillThereOverlay | None = None
        self._pin_pad: PinPad | None = None
        self._staff_panel: StaffPanel | None = None

        self.notice = NoticeBanner()
        column = self._column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.notice)  # over every screen, the slideshow too
        column.addWidget(self.nav)
        column.addWidget(self.stack, 1)
        self.nav_at_bottom = False
        self.apply_theme(theme)
        self._set_words(self.words)
        self._switch(self.updating)

    # Parts built on first use -----------------------------------------------------------

    def build_all(self) -> None:
        """Build every part not built yet: the kiosk calls this just after its first
        frame, so that no touch waits for a part to be built."""
        for part in (self.read_aloud, self.slideshow, *self.overlays):  # each built if not yet
            log.debug("built: %s", type(part).__name__)

    @property
    def topic(self) -> TopicScreen:
        if self._topic is None:
            from kiosk.ui.topic import TopicScreen

            topic = self._topic = TopicScreen()
            topic.topic_link_clicked.connect(self.follow_link)
            topic.web_link_clicked.connect(self.show_web_link)
            # The last card's way on: the next topic (Back returns to this one), or Home.
            topic.next_topic_chosen.connect(self.open_topic)
            topic.all_topics_chosen.connect(self.go_home)
            self._add_screen(topic, Screen.TOPIC)
            topic.set_theme(self.theme)
            style_button_icons(topic, self.theme)
            topic.set_words(self.words)
        return self._topic

    @property
    def read_aloud(self) -> ReadAloud:
        """The topic screen's Listen button and the speaker it reads with."""
        if self._read_aloud is None:
            from kiosk.ui.speech import ReadAloud

            self._read_aloud = ReadAloud(self.topic, self)
            self._read_aloud.set_speaker(self._speaker)
        return self._read_aloud

    @property
    def speaker(self) -> Speaker | None:
        """What reads cards aloud (None: nothing)."""
        return self._read_aloud.speaker if self._read_aloud is not None else self._speaker

    @property
    def slideshow(self) -> Slideshow:
        if self._slideshow is None:
            from kiosk.ui.slides import Slideshow

            slideshow = self._slideshow = Slideshow()
            self._add_screen(slideshow, Screen.SLIDESHOW)
            slideshow.setAccessibleName(self.words("slideshow"))
        return self._slideshow

    @property
    def qr(self) -> QrOverlay:
        """The QR code of a web link, over the topic screen."""
        if self._qr is None:
            from kiosk.ui.overlays import QrOverlay

            self._qr = self._add_overlay(QrOverlay(self))
            self._qr.set_words(self.words)
        return self._qr

    @property
    def still_there(self) -> StillThereOverlay:
        """The countdown before a reset."""
        if self._still_there is None:
            from kiosk.ui.countdown import StillThereOverlay

            self._still_there = self._add_overlay(StillThereOverlay(self))
            self._still_there.set_words(self.words)
            self._still_there.still_here.connect(self.still_here)
        return self._still_there

    @property
    def pin_pad(self) -> PinPad:
        if self._pin_pad is None:
            from kiosk.ui.overlays import PinPad

            self._pin_pad = self._add_overlay(PinPad(self))
            self._pin_pad.pin_entered.connect(self.pin_entered)
        return self._pin_pad

    @property
    def staff_panel(self) -> StaffPanel:
        if self._staff_panel is None:
            from kiosk.ui.staffpanel import StaffPanel

            self._staff_panel = self._add_overlay(StaffPanel(self))
        return self._staff_panel

    @property
    def overlays(self) -> tuple[Overlay, ...]:
        """Every overlay, built."""
        return (self.qr, self.still_there, self.pin_pad, self.staff_panel)

    def _built_overlays(self) -> list[Overlay]:
        built = (self._qr, self._still_there, self._pin_pad, self._staff_panel)
        return [overlay for overlay in built if overlay is not None]

    def _add_screen(self, screen: QWidget, name: Screen) -> None:
        self.stack.addWidget(screen)
        self._screens[screen] = name

    def _add_overlay(self, overlay: AnOverlay) -> AnOverlay:
        overlay.closed.connect(self.overlay_closed)
        overlay.set_theme(self.theme)
        style_button_icons(overlay, self.theme)
        return overlay

    # Screens -------------------------------------------------------------------------

    @property
    def current_screen(self) -> Screen:
        """Which screen shows."""
        return self._screens[self.stack.currentWidget()]

    def show_locked(self) -> None:
        """Full screen, frameless and on top: how a patient sees the kiosk."""
        self.setWindowFlags(LOCKED_FLAGS)  # a window made locked has them already
        # With no window manager, the full-screen request alone leaves the window at its
        # natural size: give it the screen's geometry as well.
        self.setGeometry(QGuiApplication.primaryScreen().geometry())
        self.showFullScreen()

    def at_rest(self) -> bool:
        """Whether no patient is in the middle of anything: Home, the slideshow or the
        "being updated" page shows, and no overlay is open. A new pack swapped in now
        goes unnoticed."""
        if any(overlay.isVisible() for overlay in self._built_overlays()):
            return False
        return self.current_screen is not Screen.TOPIC

    def show_pack(self, pack: Pack) -> None:
        """Show `pack` from Home, forgetting the one shown before.

        A patient's choices stay (the pack may change under a patient on Home), but a
        language the new pack lacks goes back to the pack's own.
        """
        first = self.pack is None
        self.pack = pack
        choices = Choices.of(pack) if first else self.choices
        if choices.language not in pack.languages:
            choices = replace(choices, language=pack.default.language)
        self.edition = None  # the same language is a new edition
        self._apply_choices(choices)
        self.go_home()

    def swap_pack(self, pack: Pack) -> None:
        """Show a new pack where the patient would not notice: Home, or the slideshow."""
        if self.current_screen is Screen.SLIDESHOW:
            self.pack = pack
            self.edition = None
            self._apply_choices(Choices.of(pack))
            assert self.edition is not None
            self.slideshow.start(self.edition, self.theme, self._languages)
        else:
            self.show_pack(pack)

    def show_updating(self) -> None:
        """Show the calm "being updated" page instead of any pack."""
        self.pack = None
        self.edition = None
        self.renderer = None
        self.forget_patient()
        self._switch(self.updating)

    @property
    def _languages(self) -> tuple[str, ...]:
        """The pack's languages: the slideshow asks to touch the screen in each."""
        return tuple(self.pack.languages) if self.pack is not None else ()

    def show_slide(self, slide: Slide) -> None:
        """Show one slide of the edition shown, and stay on it (for preview)."""
        if self.edition is None:
            return
        self.close_overlays()
        self._switch(self.slideshow)
        self.slideshow.show_only(self.edition, slide, self.theme, self._languages)

    def reset(self) -> None:
        """Forget everything the patient did, and show the idle slideshow."""
        self.forget_patient()
        if self.edition is None:
            self._switch(self.updating)
            return
        self._switch(self.slideshow)
        self.slideshow.start(self.edition, self.theme, self._languages)

    def forget_patient(self) -> None:
        """Drop navigation, scroll positions, overlays, anything half-typed, and the
        patient's text size, contrast and language."""
        self._stop_reading()
        self.close_overlays()
        self.history.clear()
        if self._topic is not None:
            self._topic.clear()
        self.home.scroll_to_top()
        self._stop_slideshow()
        self._apply_choices(Choices.of(self.pack))

    def close_overlays(self) -> None:
        for overlay in self._built_overlays():
            overlay.close_overlay()

    def close_countdown(self) -> None:
        """Close the countdown before a reset, if it is open (not building it to close it:
        a kiosk that starts closed resets before its first frame)."""
        if self._still_there is not None:
            self._still_there.close_overlay()

    def _stop_reading(self) -> None:
        if self._read_aloud is not None:
            self._read_aloud.stop()

    def _stop_slideshow(self) -> None:
        if self._slideshow is not None:
            self._slideshow.stop()

    @Slot()
    def go_home(self) -> None:
        if self.pack is None:
            self.show_updating()
            return
        self._stop_reading()
        self.history.clear()
        self.close_overlays()
        self._stop_slideshow()
        self.home.scroll_to_top()
        self._switch(self.home)

    @Slot(str)
    def open_topic(self, topic_id: str, card: int = 0) -> None:
        """Open a topic at `card`, remembering where Back returns to."""
        if self.edition is None:
            return
        try:
            topic = self.edition.topic(topic_id)
        except KeyError:
            log.warning("no topic %r in the pack; staying where we are", topic_id)
            return
        if self.current_screen is Screen.TOPIC and self.topic.topic is not None:
            self.history.append((self.topic.topic.id, self.topic.index))
        if self._qr is not None:
            self._qr.close_overlay()
        self._show_topic(topic, card, opened=True)

    @Slot(str)
    def follow_link(self, topic_id: str) -> None:
        self.open_topic(topic_id)

    @Slot()
    def go_back(self) -> None:
        """Back to the topic a link was followed from, else Home."""
        if self._qr is not None and self._qr.isVisible():
            self._qr.close_overlay()
            return
        if self.history and self.edition is not None:
            topic_id, card = self.history.pop()
            self._show_topic(self.edition.topic(topic_id), card, opened=False)
        else:
            self.go_home()

    @Slot(str)
    def show_web_link(self, url: str) -> None:
        self.qr.show_url(url)

    def _show_topic(self, topic: Topic, card: int, *, opened: bool) -> None:
        assert self.renderer is not None
        self.read_aloud.stop()
        self.topic.show_topic(self.renderer, topic, card, self._after(topic))
        self._switch(self.topic)
        self.topic_entered.emit(topic, opened)

    def _after(self, topic: Topic) -> Topic | None:
        """The topic after `topic` in its edition's order (None after the last)."""
        assert self.edition is not None
        topics = self.edition.topics
        at = next((n for n, t in enumerate(topics) if t.id == topic.id), len(topics))
        return topics[at + 1] if at + 1 < len(topics) else None

    def _switch(self, screen: QWidget) -> None:
        self.stack.setCurrentWidget(screen)
        self._announce = self.current_screen
        if screen is not self._slideshow:
            self._stop_slideshow()
        self.nav.show_for(self.current_screen, can_go_back=bool(self.history))
        self.screen_changed.emit(self.current_screen)

    @Slot()
    def _on_frame_painted(self) -> None:
        if self._announce is not None:
            log.debug("screen changed to %s", self._announce)
            self._announce = None

    # The patient's choices -----------------------------------------------------------

    @Slot(str)
    def set_text_size(self, text_size: str) -> None:
        self._apply_choices(replace(self.choices, text_size=text_size))

    @Slot(bool)
    def set_high_contrast(self, on: bool) -> None:
        self._apply_choices(replace(self.choices, high_contrast=on))

    @Slot(str)
    def set_language(self, language: str) -> None:
        """Show the pack in `language` (from Home: no topic is open)."""
        if self.pack is None or language not in self.pack.languages:
            return
        self._apply_choices(replace(self.choices, language=language))

    def _apply_choices(self, choices: Choices) -> None:
        """Put `choices` in force, redoing only what they change."""
        settings = self.pack.settings if self.pack is not None else Settings()
        edition = self.pack.edition(choices.language) if self.pack is not None else None
        edition_changed = edition is not self.edition
        if edition_changed:
            self._stop_reading()
            self.edition = edition
            self.renderer = None
            if self.pack is not None and edition is not None:
                self.renderer = CardRenderer(self.pack, edition)
        theme_name = choices.theme(settings)
        if theme_name != self.theme.name or choices.text_size != self.theme.text_size:
            size = self.size()
            dpi = self.screen_dpi()
            self.apply_theme(
                Theme.make(theme_name, size.width(), size.height(), dpi, choices.text_size)
            )
        elif edition_changed and edition is not None:
            self.home.set_edition(edition, self.theme)
        if choices.language != self.words.language:
            self._set_words(Words(choices.language))
        self.choices = choices
        self.nav.show_choices(choices.text_size, choices.high_contrast)
        if self.pack is not None:
            self.home.languages.set_languages(self.pack.languages, choices.language)

    def show_notice(self, notice: Notice | None) -> None:
        """Put the urgent notice across the top of every screen (None: take it down)."""
        self.notice.show_notice(notice, self.words.language)

    def _set_words(self, words: Words) -> None:
        self.words = words
        self.notice.show_notice(self.notice.notice, words.language)
        self.nav.set_words(words)
        self.home.set_words(words)
        self.updating.set_words(words)
        if self._slideshow is not None:
            self._slideshow.setAccessibleName(words("slideshow"))
        if self._topic is not None:
            self._topic.set_words(words)
        if self._qr is not None:
            self._qr.set_words(words)
        if self._still_there is not None:
            self._still_there.set_words(words)

    # Frames --------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and not self._painted_once:
            handle = self.windowHandle()  # made as the window is first shown
            if handle is not None:
                handle.installEventFilter(self)
        handled = super().event(event)
        # Later frames are painted while the window handles an update request (the
        # first one comes before the window is on screen and paints nothing).
        if event.type() == QEvent.Type.UpdateRequest and self._painted_once:
            self.frame_painted.emit()
        return handled

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """The first frame is painted as the window is first exposed, whichever of its
        widgets it shows (the window's own paint is left out under an opaque one, such
        as a slide); it is on screen once that expose has been handled."""
        if (
            event.type() == QEvent.Type.Expose
            and isinstance(watched, QWindow)
            and watched.isExposed()
            and not self._painted_once
        ):
            self._painted_once = True
            watched.removeEventFilter(self)
            # Bound to the window: a window closed and deleted at once emits nothing.
            QTimer.singleShot(0, self, self.frame_painted.emit)
        return False

    # Look ----------------------------------------------------------------------------

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.setStyleSheet(theme.stylesheet())
        if self._topic is not None:
            self._topic.set_theme(theme)
        self.home.set_theme(theme)
        for overlay in self._built_overlays():
            overlay.set_theme(theme)
        style_button_icons(self, theme)
        if self.edition is not None:
            self.home.set_edition(self.edition, theme)
        self.nav.set_theme(theme)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        size = event.size()
        dpi = self.screen_dpi()
        metrics = Metrics.for_window(size.width(), size.height(), dpi, self.theme.text_size)
        if metrics != self.theme.metrics:
            self.apply_theme(replace(self.theme, metrics=metrics))
        for overlay in self._built_overlays():
            if overlay.isVisible():
                overlay.setGeometry(self.rect())
        self._place_nav()

    def _place_nav(self) -> None:
        """On a portrait screen the top is out of a seated patient's reach (the ADA's 15
        to 48 inches from the floor, for a tall screen mounted at a usual height): there
        the bar goes under the screens, beside Previous and Next, so all a reader needs
        is together low down. Landscape keeps it at the top."""
        bottom = self.height() > self.width()
        if bottom != self.nav_at_bottom:
            self._column.removeWidget(self.nav)
            self._column.insertWidget(2 if bottom else 1, self.nav)  # under the notice
            self.nav_at_bottom = bottom

    def screen_dpi(self) -> float:
        """The physical density of the screen the window is on, for touch sizes in mm."""
        screen = self.screen()
        return screen.physicalDotsPerInch() if screen is not None else 96.0

    # Lockdown ------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Escape and not self.locked:
            self.close()
            return
        if self.locked:
            log.debug("key ignored: the kiosk is locked")  # which key could be a patient's
        event.accept()  # no key does anything else on a touch kiosk

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self.locked:
            log.info("close refused: the kiosk is locked")
            event.ignore()
        else:
            event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt's name)
        event.accept()

    def unlock(self) -> None:
        """Allow the window to close (the staff exit, and shutting down)."""
        self.locked = False
