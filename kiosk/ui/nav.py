"""The bar at the top of the window: Home and Back, always in the same place, and the
patient's text size and contrast."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.controls import ReadingControls
from kiosk.ui.screens import Screen
from kiosk.ui.theme import Metrics, Theme
from kiosk.ui.widgets import touch_button
from kiosk.words import Words


class NavBar(QWidget):
    """Home and Back, with the patient's reading controls beside them.

    One row when it fits; on a narrow (portrait) screen the reading controls go under
    Home and Back rather than squeezing their words.

    Signals:
        home_clicked(): Home was tapped.
        back_clicked(): Back was tapped.
        text_size_chosen(str): "A", "A+" or "A++".
        contrast_toggled(bool): high contrast on or off.
    """

    home_clicked = Signal()
    back_clicked = Signal()
    text_size_chosen = Signal(str)
    contrast_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NavBar")
        self._metrics: Metrics | None = None
        self.home_button = touch_button("Home", "home", "NavButton")
        self.back_button = touch_button("Back", "back", "NavButton")
        self.home_button.clicked.connect(self.home_clicked)
        self.back_button.clicked.connect(self.back_clicked)
        self.reading = ReadingControls()
        self.reading.text_size_chosen.connect(self.text_size_chosen)
        self.reading.contrast_toggled.connect(self.contrast_toggled)
        self._rows = QVBoxLayout(self)
        self._row = QHBoxLayout()
        self._row.addWidget(self.home_button)
        self._row.addWidget(self.back_button)
        self._row.addStretch(1)
        self._row.addWidget(self.reading)
        self._second = QHBoxLayout()
        self._second.addStretch(1)
        self._rows.addLayout(self._row)
        self._rows.addLayout(self._second)

    def set_theme(self, theme: Theme) -> None:
        """Space the bar for `theme` (once its stylesheet and icons are on the buttons,
        whose sizes decide whether one row fits)."""
        m = self._metrics = theme.metrics
        self._rows.setContentsMargins(m.margin_px, m.gap_px, m.margin_px, m.half_gap_px)
        self._rows.setSpacing(m.half_gap_px)
        self._row.setSpacing(m.gap_px)
        self._second.setSpacing(m.gap_px)
        self.reading.set_spacing(m.gap_px)
        self._arrange()

    def set_words(self, words: Words) -> None:
        self.home_button.setText(words("home"))
        self.home_button.setAccessibleName(words("home"))
        self.back_button.setText(words("back"))
        self.back_button.setAccessibleName(words("back"))
        self.setAccessibleName(words("navigation"))
        self.reading.set_words(words)
        self._arrange()

    def show_choices(self, text_size: str, high_contrast: bool) -> None:
        """Mark the text size and contrast in force, without emitting anything."""
        self.reading.show_choices(text_size, high_contrast)

    def show_for(self, screen: Screen, can_go_back: bool = False) -> None:
        """Text size and contrast are always at hand but over the slideshow (it is for the
        room, not a reader); Home where the pack is; Back only on a topic reached from
        another (`can_go_back`): where it would lead Home too, Home is the one button."""
        self.setVisible(screen is not Screen.SLIDESHOW)
        self.home_button.setVisible(screen in (Screen.HOME, Screen.TOPIC))
        self.back_button.setVisible(screen is Screen.TOPIC and can_go_back)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """The reading controls beside Home and Back if they fit the bar's width, else
        under them."""
        m = self._metrics
        if m is None:
            return
        wanted = (
            sum(b.sizeHint().width() for b in (self.home_button, self.back_button))
            + self.reading.sizeHint().width()
            + 4 * m.gap_px
            + 2 * m.margin_px
        )
        one_row = wanted <= self.width()
        target = self._row if one_row else self._second
        if target.indexOf(self.reading) < 0:
            (self._second if one_row else self._row).removeWidget(self.reading)
            target.addWidget(self.reading)
