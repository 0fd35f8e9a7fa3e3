"""The kiosk window: Home and Back always in the same place, the screens, the overlays."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QContextMenuEvent,
    QKeyEvent,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.pack import Pack, Slide, Topic
from kiosk.ui.home import HomeScreen
from kiosk.ui.overlays import PinPad, QrOverlay, StaffPanel, StillThereOverlay
from kiosk.ui.slides import Slideshow
from kiosk.ui.theme import Metrics, Theme
from kiosk.ui.topic import TopicScreen
from kiosk.ui.widgets import style_button_icons, touch_button

if TYPE_CHECKING:
    from kiosk.markup import Rendered

log = logging.getLogger(__name__)


class UpdatingScreen(QWidget):
    """The calm page shown when there is no good pack to show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("UpdatingScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        title = QLabel("This screen is being updated")
        title.setObjectName("UpdatingTitle")
        text = QLabel("Please check back soon, or ask at the front desk if you need help.")
        for label in (title, text):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        column = QVBoxLayout(self)
        column.addStretch(1)
        column.addWidget(title)
        column.addWidget(text)
        column.addStretch(1)


class KioskWindow(QWidget):
    """The one window of the kiosk.

    In locked mode (the full-screen kiosk) Escape and closing are refused, and there are
    no context menus; unlocked (``--windowed``, preview) Escape closes it.

    Signals:
        screen_changed(str): "home", "topic", "updating" or "attract" (the slideshow).
        frame_painted(): the window has painted a frame and handed it to the screen.
    """

    screen_changed = Signal(str)
    frame_painted = Signal()

    def __init__(self, theme: Theme, *, locked: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KioskWindow")
        self.setWindowTitle("Waiting room")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        self.locked = locked
        self.theme = theme
        self.pack: Pack | None = None
        self.history: list[tuple[str, int]] = []
        self._rendered: dict[tuple[str, int], Rendered] = {}
        self._painted_once = False
        self._announce = ""
        self.frame_painted.connect(self._on_frame_painted)

        self.home_button = touch_button("Home", "home", "NavButton")
        self.back_button = touch_button("Back", "back", "NavButton")
        self.home_button.clicked.connect(self.go_home)
        self.back_button.clicked.connect(self.go_back)
        self.nav = QWidget()
        self._nav_row = QHBoxLayout(self.nav)
        self._nav_row.addWidget(self.home_button)
        self._nav_row.addWidget(self.back_button)
        self._nav_row.addStretch(1)

        self.home = HomeScreen()
        self.home.topic_chosen.connect(self.open_topic)
        self.topic = TopicScreen(self.rendered_card)
        self.topic.topic_link_clicked.connect(self.follow_link)
        self.topic.web_link_clicked.connect(self.show_web_link)
        self.updating = UpdatingScreen()
        self.slideshow = Slideshow()
        self.stack = QStackedWidget()
        for screen in (self.home, self.topic, self.updating, self.slideshow):
            self.stack.addWidget(screen)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.nav)
        column.addWidget(self.stack, 1)
        self.qr = QrOverlay(self)
        self.still_there = StillThereOverlay(self)
        self.pin_pad = PinPad(self)
        self.staff_panel = StaffPanel(self)
        self.overlays = (self.qr, self.still_there, self.pin_pad, self.staff_panel)
        self.apply_theme(theme)
        self.show_updating()

    # Screens -------------------------------------------------------------------------

    @property
    def current_screen(self) -> str:
        """Which screen shows: "home", "topic", "updating" or "attract"."""
        names: dict[QWidget | None, str] = {
            self.home: "home",
            self.topic: "topic",
            self.updating: "updating",
            self.slideshow: "attract",
        }
        return names[self.stack.currentWidget()]

    def show_pack(self, pack: Pack) -> None:
        """Show `pack` from Home, forgetting the one shown before."""
        self.pack = pack
        self._rendered.clear()
        self.home.set_pack(pack, self.theme)
        style_button_icons(self, self.theme)
        self.go_home()

    def swap_pack(self, pack: Pack) -> None:
        """Show a new pack where the patient would not notice: Home, or the slideshow."""
        if pack.settings.theme != self.theme.name:
            size = self.size()
            self.apply_theme(
                Theme.make(pack.settings.theme, size.width(), size.height(), self.screen_dpi())
            )
        if self.current_screen == "attract":
            self.pack = pack
            self._rendered.clear()
            self.home.set_pack(pack, self.theme)
            self.slideshow.start(pack, self.theme)
        else:
            self.show_pack(pack)

    def show_updating(self) -> None:
        """Show the calm "being updated" page instead of any pack."""
        self.pack = None
        self.forget_patient()
        self._switch(self.updating)

    def show_slide(self, slide: Slide) -> None:
        """Show one slide of the pack, and stay on it (for preview)."""
        if self.pack is None:
            return
        self.close_overlays()
        self._switch(self.slideshow)
        self.slideshow.show_only(self.pack, slide, self.theme)

    def reset(self) -> None:
        """Forget everything the patient did, and show the idle slideshow."""
        self.forget_patient()
        if self.pack is None:
            self._switch(self.updating)
            return
        self._switch(self.slideshow)
        self.slideshow.start(self.pack, self.theme)

    def forget_patient(self) -> None:
        """Drop navigation, scroll positions, overlays and anything half-typed."""
        self.close_overlays()
        self.history.clear()
        self.topic.clear()
        self.home.scroll_to_top()
        self.slideshow.stop()

    def close_overlays(self) -> None:
        for overlay in self.overlays:
            overlay.close_overlay()

    @Slot()
    def go_home(self) -> None:
        if self.pack is None:
            self.show_updating()
            return
        self.history.clear()
        self.close_overlays()
        self.slideshow.stop()
        self.home.scroll_to_top()
        self._switch(self.home)

    @Slot(str)
    def open_topic(self, topic_id: str, card: int = 0) -> None:
        """Open a topic at `card`, remembering where Back returns to."""
        if self.pack is None:
            return
        try:
            topic = self.pack.topic(topic_id)
        except KeyError:
            log.warning("no topic %r in the pack; staying where we are", topic_id)
            return
        if self.current_screen == "topic" and self.topic.topic is not None:
            self.history.append((self.topic.topic.id, self.topic.index))
        self.qr.close_overlay()
        self.topic.show_topic(self.pack, topic, card)
        self._switch(self.topic)

    @Slot(str)
    def follow_link(self, topic_id: str) -> None:
        self.open_topic(topic_id)

    @Slot()
    def go_back(self) -> None:
        """Back to the topic a link was followed from, else Home."""
        if self.qr.isVisible():
            self.qr.close_overlay()
            return
        if self.history and self.pack is not None:
            topic_id, card = self.history.pop()
            self.topic.show_topic(self.pack, self.pack.topic(topic_id), card)
            self._switch(self.topic)
        else:
            self.go_home()

    @Slot(str)
    def show_web_link(self, url: str) -> None:
        self.qr.show_url(url)

    def rendered_card(self, topic: Topic, index: int) -> Rendered:
        """Card `index` of `topic` as HTML, rendered on first use and kept for the pack."""
        from kiosk import markup  # Markdown is imported on the first card, not at start-up

        key = (topic.id, index)
        if key not in self._rendered:
            assert self.pack is not None
            place = markup.Place(self.pack.root, ".", self.pack.topic_files)
            self._rendered[key] = markup.render(topic.cards[index].markdown, place)
        return self._rendered[key]

    def _switch(self, screen: QWidget) -> None:
        self.stack.setCurrentWidget(screen)
        self._announce = self.current_screen
        on_pack = screen in (self.home, self.topic)
        if screen is not self.slideshow:
            self.slideshow.stop()
        self.nav.setVisible(on_pack)
        self.back_button.setEnabled(screen is not self.home)
        self.screen_changed.emit(self.current_screen)

    @Slot()
    def _on_frame_painted(self) -> None:
        if self._announce:
            log.debug("screen changed to %s", self._announce)
            self._announce = ""

    # Frames --------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        # Later frames are painted while the window handles an update request (the
        # first one comes before the window is on screen and paints nothing).
        if event.type() == QEvent.Type.UpdateRequest and self._painted_once:
            self.frame_painted.emit()
        return handled

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        # The first frame is painted on expose; it is on screen once this paint is done.
        if not self._painted_once:
            self._painted_once = True
            QTimer.singleShot(0, self.frame_painted.emit)

    # Look ----------------------------------------------------------------------------

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.setStyleSheet(theme.stylesheet())
        m = theme.metrics
        self._nav_row.setContentsMargins(m.margin_px, m.gap_px, m.margin_px, m.half_gap_px)
        self._nav_row.setSpacing(m.gap_px)
        self.topic.set_theme(theme)
        for overlay in self.overlays:
            overlay.set_theme(theme)
        style_button_icons(self, theme)
        if self.pack is not None:
            self.home.set_pack(self.pack, theme)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        size = event.size()
        dpi = self.screen_dpi()
        if Metrics.for_window(size.width(), size.height(), dpi) != self.theme.metrics:
            self.apply_theme(Theme.make(self.theme.name, size.width(), size.height(), dpi))
        for overlay in self.overlays:
            if overlay.isVisible():
                overlay.setGeometry(self.rect())

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
