"""Reading at a distance: the card's words sized for the screen, in a readable column
under their title, in a card only as tall as they are."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from kiosk.ui.card import CardText
from kiosk.ui.theme import (
    MEASURE_EM,
    READING_LANDSCAPE,
    READING_PORTRAIT,
    READING_SCALES,
    Metrics,
)
from kiosk.ui.topic import TopicScreen
from tests.conftest import MakePack
from tests.ui.conftest import MakeWindow, settle_layouts
from tests.ui.test_topic import press_and_move

SIZES = [(1920, 1080), (1080, 1920), (1280, 800)]
SHORT = "---\ntitle: A short card\n---\nOne short paragraph.\n"
LONG = "---\ntitle: Long\n---\n" + "\n\n".join(f"Paragraph {n} of a long card." for n in range(40))
# A short first card, then a long one: the two a swipe goes between.
SHORT_THEN_LONG = "---\ntitle: Two\n---\nOne line.\n\n## Long\n\n" + "\n\n".join(
    f"Paragraph {n}." for n in range(40)
)


def test_a_1080p_screen_reads_larger_than_its_buttons_in_both_orientations() -> None:
    """Landscape 1080p starts at 35 px (it was 28), portrait at 36; Home and the panels
    keep the smaller size, so every topic still shows at once. The largest text size
    grows a card's words less, so a small screen still holds a few lines of them."""
    landscape, portrait = Metrics.for_window(1920, 1080), Metrics.for_window(1080, 1920)
    assert landscape.reading_px == round(landscape.body_px * READING_LANDSCAPE) == 35
    assert portrait.reading_px == round(portrait.body_px * READING_PORTRAIT) == 36
    for size in ("A", "A+", "A++"):
        metrics = Metrics.for_window(1920, 1080, text_size=size)
        assert metrics.reading_px >= metrics.body_px
        assert metrics.reading_px == round(landscape.reading_px * READING_SCALES[size])
        assert metrics.measure_px == metrics.reading_px * MEASURE_EM
    assert Metrics.for_window(1280, 800, text_size="A++").reading_px == 42


def text_left(screen: TopicScreen) -> int:
    """Where a card's words start, in the screen's coordinates."""
    viewport = screen.text.viewport()
    return viewport.mapTo(screen, QPoint(CardText.MARGIN_PX, 0)).x()


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("text_size", ["A", "A++"])
def test_the_words_stand_in_a_readable_column_under_their_title(
    make_window: MakeWindow, width: int, height: int, text_size: str
) -> None:
    """No line longer than the measure; the title and the counter over the words' edges;
    the card in the middle of the screen."""
    window = make_window(size=(width, height))
    window.set_text_size(text_size)
    window.open_topic("01-understanding-ptsd", 1)
    settle_layouts()
    screen = window.topic
    metrics = window.theme.metrics
    words = screen.text.viewport().width() - 2 * CardText.MARGIN_PX
    assert words <= metrics.measure_px
    assert text_left(screen) == screen.title.geometry().left()
    right = text_left(screen) + words
    assert screen.counter.geometry().right() == pytest.approx(right, abs=2)
    card = screen.card.geometry()
    middle = screen.card.parentWidget().mapTo(screen, card.center()).x()
    assert middle == pytest.approx(width / 2, abs=2)


def test_a_short_card_is_as_tall_as_its_words_and_a_long_one_takes_the_room(
    make_window: MakeWindow, make_pack: MakePack
) -> None:
    """No box mostly empty: the card ends below its last line; a long card reaches the
    steps row and scrolls."""
    window = make_window(make_pack({"a.md": SHORT, "b.md": LONG}))
    window.open_topic("a")
    settle_layouts()
    screen = window.topic
    card, text = screen.card, screen.text
    around = card.height() - text.document().size().height()  # the card's edges and padding
    assert around < 3 * window.theme.metrics.margin_px
    assert card.height() < screen.height() // 4
    assert not screen.card_scrolls

    window.open_topic("b")
    settle_layouts()
    room = card.parentWidget()
    assert card.geometry().bottom() == room.rect().bottom()
    assert screen.card_scrolls


def test_the_card_coming_in_is_drawn_as_tall_as_its_own_words(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    """Dragging from a short card shows the long one coming at its own height, and the
    short one is still as short as it was once the finger lets go."""
    window = make_window(make_pack({"a.md": SHORT_THEN_LONG}))
    window.open_topic("a")
    settle_layouts()
    screen = window.topic
    short = screen.card.height()
    viewport = screen.text.viewport()
    middle = viewport.rect().center()
    press_and_move(viewport, middle, [middle - QPoint(dx, 0) for dx in range(40, 161, 40)])
    slide = screen.slide
    assert slide.isVisible()
    ratio = slide.current.devicePixelRatio()
    assert slide.current.height() / ratio == short
    assert slide.coming.height() / ratio == screen.card.parentWidget().height()
    assert screen.card.height() == short  # the picture was taken without moving the card
