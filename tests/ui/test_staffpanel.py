"""The staff panel, over a stand-in window: its health line, what is shown, every
problem, its actions and how they answer, in both themes."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk import loader
from kiosk.problem import Problem, error, warning
from kiosk.ui.staffpanel import StaffPanel
from kiosk.ui.theme import Theme
from tests.conftest import DEFAULT_PACK
from tests.ui.conftest import plain, settle_layouts, shown_host, staff_status

PACK = loader.load(DEFAULT_PACK)
BROKEN = (error("05-side-effects.md", 12, "section-empty", "a section has no text under it"),)


def open_panel(qtbot: QtBot, theme: Theme, size: tuple[int, int] = (1920, 1080)) -> StaffPanel:
    panel = StaffPanel(shown_host(qtbot, theme, size))
    panel.set_theme(theme)
    panel.open()
    return panel


def tap(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize(
    ("button", "signal"),
    [
        ("Reload pack", "reload_requested"),
        ("Reset now", "reset_requested"),
        ("Yes, exit", "exit_requested"),  # after "Exit kiosk" has asked
        ("Close", "closed"),
    ],
)
def test_each_staff_button_asks_for_its_action(qtbot: QtBot, button: str, signal: str) -> None:
    panel = open_panel(qtbot, Theme.make("calm", 1280, 800), (1280, 800))
    if button == "Yes, exit":
        tap(qtbot, panel.buttons["Exit kiosk"])
    with qtbot.waitSignal(getattr(panel, signal)):
        tap(qtbot, panel.buttons[button])


@pytest.mark.parametrize("theme_name", ["calm", "high-contrast"])
@pytest.mark.parametrize(
    ("problems", "health", "words"),
    [
        ((), "good", "All well"),
        ((warning("a.md", 3, "sources-missing", "no sources"),), "attention", "1 warning"),
        (BROKEN, "fault", "Not loaded: 1 error in 05-side-effects.md line 12"),
    ],
)
def test_the_health_line_says_how_things_stand_in_words_and_colour(
    qtbot: QtBot, theme_name: str, problems: tuple[Problem, ...], health: str, words: str
) -> None:
    theme = Theme.make(theme_name, 1920, 1080)
    panel = open_panel(qtbot, theme)
    panel.show_status(staff_status(PACK, problems))
    settle_layouts()
    line = panel.health
    assert words in plain(line)
    assert line.property("health") == health
    # The stripe at its left edge is in the health's colour, the words on its tint.
    picture = line.grab().toImage()
    middle = picture.height() // 2
    assert picture.pixelColor(2, middle) == QColor(getattr(theme.palette, health))
    tint = picture.pixelColor(picture.width() - 3, middle)
    assert tint == QColor(getattr(theme.palette, f"{health}_tint"))


def test_every_problem_is_listed_with_its_place_and_its_rule_in_small_print(
    qtbot: QtBot,
) -> None:
    theme = Theme.make("calm", 1920, 1080)
    panel = open_panel(qtbot, theme)
    problems = (
        *BROKEN,
        warning("<b>x</b>.md", 0, "unknown-file", "a file named <script>alert(1)</script>"),
    )
    panel.show_status(staff_status(PACK, problems))
    text = plain(panel.problems)
    assert "Error, 05-side-effects.md line 12:</b> a section has no text under it" in text
    # What the pack names is shown as it is, never as markup.
    assert "&lt;b&gt;x&lt;/b&gt;.md" in text
    assert "&lt;script&gt;" in text
    assert "<script>" not in text
    assert panel.problems_heading.text() == "Problems (2)"
    # The rule id is there, smaller than the words.
    small = theme.metrics.small_px
    assert small < theme.metrics.body_px
    assert f"font-size: {small}px'>[section-empty]" in text


def test_past_forty_problems_it_says_how_many_more(qtbot: QtBot) -> None:
    panel = open_panel(qtbot, Theme.make("calm", 1920, 1080))
    many = tuple(error(f"t{n:03}.md", 1, "encoding", "not UTF-8") for n in range(130))
    panel.show_status(staff_status(PACK, many))
    assert plain(panel.problems).count("<p>") == StaffPanel.PROBLEMS_SHOWN + 1
    assert "…and 90 more." in plain(panel.problems)


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1280, 800)])
def test_a_long_list_scrolls_between_the_health_line_and_the_actions(
    qtbot: QtBot, size: tuple[int, int]
) -> None:
    """However many problems, the panel fits the screen: the health line, the outcome
    and every action show, and the middle scrolls, saying there is more below."""
    theme = Theme.make("calm", *size, text_size="A++")
    panel = open_panel(qtbot, theme, size)
    many = tuple(error(f"t{n:03}.md", n + 1, "encoding", "not UTF-8 " * 6) for n in range(60))
    panel.show_status(staff_status(PACK, many, outcome="Reloaded: 8 topics, at 10:42."))
    settle_layouts()
    box = panel.panel.geometry()
    assert panel.rect().contains(box)
    for widget in (panel.health, panel.outcome, *panel.action_row.findChildren(QPushButton)):
        assert widget.isVisible()
        corner = widget.mapTo(panel, QPoint(0, widget.height() - 1))
        assert box.contains(corner), widget.objectName()
    assert panel.area.height() > theme.metrics.button_px
    assert panel.more_below.shown


def test_a_short_panel_does_not_scroll(qtbot: QtBot) -> None:
    panel = open_panel(qtbot, Theme.make("calm", 1920, 1080))
    panel.show_status(staff_status(PACK))
    settle_layouts()
    assert panel.area.verticalScrollBar().maximum() == 0
    assert not panel.more_below.shown


@pytest.mark.parametrize("theme_name", ["calm", "high-contrast"])
def test_every_target_is_large_and_the_version_is_small_print(
    qtbot: QtBot, theme_name: str
) -> None:
    theme = Theme.make(theme_name, 1920, 1080)
    panel = open_panel(qtbot, theme)
    panel.show_status(staff_status(PACK))
    settle_layouts()
    for name, button in panel.buttons.items():
        if button.isVisible():
            assert button.height() >= theme.metrics.button_px, name
            assert button.width() >= theme.metrics.button_px, name
    assert plain(panel.small_print).startswith("Kiosk ")
    assert panel.small_print.font().pixelSize() == theme.metrics.small_px
    assert panel.health.font().pixelSize() == theme.metrics.body_px


def test_a_reload_being_checked_waits_for_its_outcome(qtbot: QtBot) -> None:
    panel = open_panel(qtbot, Theme.make("calm", 1920, 1080))
    checking = dataclasses.replace(
        staff_status(PACK), outcome="Checking the pack folder…", busy=True
    )
    panel.show_status(checking)
    assert not panel.buttons["Reload pack"].isEnabled()
    assert panel.outcome.isVisible()
    assert plain(panel.outcome) == "Checking the pack folder…"
    panel.show_status(staff_status(PACK, outcome="Reloaded: 8 topics, version 1, at 10:42."))
    assert panel.buttons["Reload pack"].isEnabled()
    assert plain(panel.outcome) == "Reloaded: 8 topics, version 1, at 10:42."
    panel.show_status(staff_status(PACK))
    assert not panel.outcome.isVisible()


def test_a_long_file_name_wraps_instead_of_widening_the_panel(qtbot: QtBot) -> None:
    panel = open_panel(qtbot, Theme.make("calm", 1080, 1920, text_size="A++"), (1080, 1920))
    name = "a" * 120 + "_" + "b" * 80 + ".md"
    problem = error(name, 3, "section-empty", "a section has no text under it")
    panel.show_status(staff_status(PACK, (problem,), outcome=f"Not loaded: 1 error in {name}"))
    settle_layouts()
    assert panel.body.width() <= panel.area.viewport().width()
    for label in (panel.health, panel.outcome):
        assert label.minimumSizeHint().width() <= panel.panel.width()
    assert name in plain(panel.problems).replace("&lt;", "<")


@pytest.mark.parametrize(("size", "text_size"), [((800, 480), "A++"), ((1024, 600), "A++")])
def test_on_a_small_screen_the_middle_keeps_a_few_lines(
    qtbot: QtBot, size: tuple[int, int], text_size: str
) -> None:
    theme = Theme.make("calm", *size, text_size=text_size)
    panel = open_panel(qtbot, theme, size)
    panel.show_status(staff_status(PACK, BROKEN, outcome="Reloaded: 8 topics, at 10:42."))
    settle_layouts()
    assert panel.area.height() >= 2 * theme.metrics.body_px
    box = panel.panel.geometry()
    for button in panel.action_row.findChildren(QPushButton):
        assert box.contains(button.mapTo(panel, QPoint(0, button.height() - 1)))


def test_the_exit_question_has_large_targets_too(qtbot: QtBot) -> None:
    theme = Theme.make("high-contrast", 1920, 1080)
    panel = open_panel(qtbot, theme)
    panel.show_status(staff_status(PACK))
    panel.ask_to_exit()
    settle_layouts()
    for name in ("Cancel", "Yes, exit"):
        button = panel.buttons[name]
        assert button.isVisible()
        assert button.height() >= theme.metrics.button_px
    # A second tap where Exit was lands on Cancel, not on "Yes, exit".
    leave, stay = panel.buttons["Exit kiosk"], panel.buttons["Cancel"]
    assert stay.geometry().contains(leave.geometry().center())


def test_a_new_answer_scrolls_back_to_it_and_a_refresh_does_not(qtbot: QtBot) -> None:
    panel = open_panel(qtbot, Theme.make("calm", 1280, 800), (1280, 800))
    many = tuple(error(f"t{n:03}.md", 1, "encoding", "not UTF-8") for n in range(30))
    panel.show_status(staff_status(PACK, many, outcome="Reloaded: 8 topics, at 10:42."))
    settle_layouts()
    bar = panel.area.verticalScrollBar()
    bar.setValue(bar.maximum())
    panel.show_status(staff_status(PACK, many, outcome="Reloaded: 8 topics, at 10:42."))
    assert bar.value() == bar.maximum()  # staff reading the problems keep their place
    panel.show_status(staff_status(PACK, many, outcome="Reset at 10:43: …"))
    assert bar.value() == 0
