"""The staff panel: how the content stands, its problems, the week's topics, and the
staff's actions (reload, reset, exit), each answering in words."""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.checked import where
from kiosk.problem import Level, Problem
from kiosk.showing import Report
from kiosk.ui.morebelow import MoreBelow
from kiosk.ui.overlays import Overlay
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import TouchScroll, breakable, scroll_area, touch_button


@dataclass(frozen=True)
class StaffStatus:
    """What the staff panel shows.

    Attributes:
        report: How the content stands (`kiosk.showing.report`).
        week: The most opened topics of the last seven days, a line each.
        outcome: What came of the staff's last action, in words ("" before any).
        small_print: The kiosk's version and the pack folder, for IT.
        busy: A reload is being checked: Reload waits for its outcome.
        notice_and_hours: The urgent notice (`kiosk.notice`) and the opening hours
            (`kiosk.hours`), a line each.
    """

    report: Report
    week: tuple[str, ...] = ()
    outcome: str = ""
    small_print: str = ""
    busy: bool = False
    notice_and_hours: tuple[str, ...] = ()


class StaffPanel(Overlay):
    """What staff need to see and do: the content's health, what is shown, every problem,
    the week's topics, then reload, reset and exit.

    All between the heading and the actions scrolls when it is taller than the screen
    allows, the health line and the last action's outcome at its top; the actions always
    show.

    Signals:
        reload_requested(): load the pack folder again.
        reset_requested(): forget the current patient now.
        exit_requested(): close the kiosk.
    """

    reload_requested = Signal()
    reset_requested = Signal()
    exit_requested = Signal()
    WIDTH_SHARE = 0.7
    # How long "Exit the kiosk?" waits for an answer before going back to the panel.
    CONFIRM_MS = 10_000
    # Problems listed in full; past this many, how many more (`kiosk validate` lists all).
    PROBLEMS_SHOWN = 40

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.heading = self.label("Staff panel", "OverlayTitle", centred=False)
        self.panel.setAccessibleName("Staff panel")
        self.buttons: dict[str, QWidget] = {}
        # Close at the top, beside the heading; Exit at the foot, far from it.
        close = touch_button("Close", "close", "CloseButton")
        close.clicked.connect(self.close_overlay)
        self.buttons["Close"] = close
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.column.addLayout(top)

        # Everything between the heading and the actions scrolls when the screen is too
        # small for it: how things stand and the last action's outcome first, in view.
        self.body = QWidget()
        self.body.setObjectName("StaffBody")
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        self.health = self.label(name="HealthLine", centred=False)
        self.outcome = self.label(name="Outcome", centred=False)
        self.outcome.hide()
        body.addWidget(self.health)
        body.addWidget(self.outcome)
        self.shown = self.label(centred=False)
        self.problems = self.label(centred=False)
        self.problems.setTextFormat(Qt.TextFormat.RichText)
        self.week = self.label(centred=False)
        self.problems_heading = self.label("Problems", "StaffHeading", centred=False)
        # The week's few lines before the problems, which may be many.
        for widget in (
            self.label("What is shown", "StaffHeading", centred=False),
            self.shown,
            self.label("Most opened, last 7 days", "StaffHeading", centred=False),
            self.week,
            self.problems_heading,
            self.problems,
        ):
            widget.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            body.addWidget(widget)
        self.small_print = self.label(name="SmallPrint", centred=False)
        body.addWidget(self.small_print)
        body.addStretch(1)
        self.area = scroll_area(self.body)
        self.touch = TouchScroll(self.area, swipes=False)
        self.more_below = MoreBelow(self.area)
        self.touch.watch(self.more_below.sign)
        self.column.addWidget(self.area)

        self.action_row = QWidget()
        row = QGridLayout(self.action_row)
        row.setContentsMargins(0, 0, 0, 0)
        # Two to a row (more do not fit a portrait screen's panel); Exit under them, in
        # the danger colour, and it only asks first.
        for index, (text, signal) in enumerate(
            (("Reload pack", self.reload_requested), ("Reset now", self.reset_requested))
        ):
            button = touch_button(text, None, "StaffButton")
            button.clicked.connect(signal)
            row.addWidget(button, 0, index)
            self.buttons[text] = button
        leave = touch_button("Exit kiosk…", None, "DangerButton")
        leave.setAccessibleName("Exit kiosk")
        leave.clicked.connect(self.ask_to_exit)
        row.addWidget(leave, 1, 0)
        self.buttons["Exit kiosk"] = leave
        self.column.addWidget(self.action_row)
        self.column.addWidget(self._confirmation())
        self._small_px = 0
        self._line_px = 0
        self._waiting = QTimer(self)
        self._waiting.setSingleShot(True)
        self._waiting.timeout.connect(self.back_to_panel)

    def _confirmation(self) -> QWidget:
        """The question Exit asks, with its two answers (hidden until asked)."""
        self.confirm = QWidget()
        confirm = QGridLayout(self.confirm)
        confirm.setContentsMargins(0, 0, 0, 0)
        self.confirm_text = self.label(
            "Exit the kiosk? The screen stays off until someone restarts the kiosk "
            "(IT, or the computer restarting)."
        )
        confirm.addWidget(self.confirm_text, 0, 0, 1, 2)
        stay = touch_button("Cancel", None, "StaffButton")
        stay.clicked.connect(self.back_to_panel)
        go = touch_button("Yes, exit", None, "DangerButton")
        go.clicked.connect(self.exit_requested)
        confirm.addWidget(stay, 1, 0)
        confirm.addWidget(go, 1, 1)
        self.buttons["Cancel"], self.buttons["Yes, exit"] = stay, go
        self.confirm.hide()
        return self.confirm

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        m = theme.metrics
        self.body.layout().setSpacing(m.half_gap_px)  # type: ignore[union-attr]
        self.more_below.set_theme(theme)
        self._small_px = m.small_px
        self._line_px = round(m.body_px * 1.4)
        for layout in (self.action_row.layout(), self.confirm.layout()):
            if layout is not None:
                layout.setSpacing(m.gap_px)

    # What it shows ------------------------------------------------------------------------

    def show_status(self, status: StaffStatus) -> None:
        """Show how things stand (opening the panel is separate: `open`)."""
        report = status.report
        # What a pack names (a file) may be one long word: let it wrap.
        self.health.setText(breakable(report.headline))
        self.health.setProperty("health", str(report.health))
        self.health.style().unpolish(self.health)
        self.health.style().polish(self.health)
        self.health.setAccessibleName(f"Health: {report.headline}")
        self.shown.setText(breakable("\n".join(report.shown + status.notice_and_hours)))
        count = len(report.problems)
        self.problems_heading.setText(f"Problems ({count})" if count else "Problems")
        self.problems.setText(self._problems_html(report.problems))
        self.week.setText("\n".join(status.week) or "None yet.")
        self.show_outcome(status.outcome)
        self.small_print.setText(breakable(status.small_print))
        self.buttons["Reload pack"].setEnabled(not status.busy)  # one check at a time
        if self.isVisible():
            self._lay_out()

    def show_outcome(self, words: str) -> None:
        """Say what came of the last action, under the health line ("" says nothing);
        a new answer scrolls the panel back to it."""
        if breakable(words) != self.outcome.text():
            self.area.verticalScrollBar().setValue(0)
        self.outcome.setText(breakable(words))
        self.outcome.setVisible(bool(words))
        if self.isVisible():
            self._lay_out()

    def _problems_html(self, problems: tuple[Problem, ...]) -> str:
        """Each problem as its level and place, its message, and its rule in small print;
        everything from the pack escaped (a file name may hold anything)."""
        if not problems:
            return html.escape("None: the pack folder's files passed every check.")
        small = f"font-size: {self._small_px}px" if self._small_px else ""
        items = []
        for problem in problems[: self.PROBLEMS_SHOWN]:
            level = "Error" if problem.level is Level.ERROR else "Warning"
            items.append(
                f"<p><b>{level}, {_html(where(problem))}:</b> {_html(problem.message)} "
                f"<span style='{small}'>[{_html(problem.rule)}]</span></p>"
            )
        more = len(problems) - self.PROBLEMS_SHOWN
        if more > 0:
            items.append(
                f"<p>…and {more} more. <code>kiosk validate</code> on the pack folder lists "
                "every one.</p>"
            )
        return "".join(items)

    # Exit asks first --------------------------------------------------------------------

    @Slot()
    def ask_to_exit(self) -> None:
        """Ask before exiting: "Yes, exit" or Cancel, set apart from the panel's actions;
        with no answer within `CONFIRM_MS`, back to the panel."""
        self.action_row.hide()
        self.confirm.show()
        self._waiting.start(self.CONFIRM_MS)
        self._lay_out()

    @Slot()
    def back_to_panel(self) -> None:
        self._waiting.stop()
        self.confirm.hide()
        self.action_row.show()
        if self.isVisible():
            self._lay_out()

    @property
    def asking_to_exit(self) -> bool:
        return self.confirm.isVisibleTo(self)

    def close_overlay(self) -> None:
        self.back_to_panel()
        super().close_overlay()

    # Layout -----------------------------------------------------------------------------

    def _lay_out(self) -> None:
        """Give the middle the height of its words, or what the rest leaves of the screen
        (it scrolls then, with "More below"), but always a few lines."""
        width = self._panel_width()
        margins = self.column.contentsMargins()
        inner = width - margins.left() - margins.right()
        self.area.setFixedHeight(0)
        self.column.invalidate()
        rest = self.column.totalHeightForWidth(width)
        room = int(self.height() * 0.95) - rest
        body = self.body.layout()
        wanted = body.totalHeightForWidth(inner) if body is not None else 0
        self.area.setFixedHeight(min(wanted, max(room, 3 * self._line_px)))
        super()._lay_out()


def _html(text: str) -> str:
    """Text from a pack, escaped for rich text and free to wrap."""
    return html.escape(breakable(text))
