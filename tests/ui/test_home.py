"""Home: a grid of topic cards that fits the screen without clipping."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.ui.screens import Screen
from tests.conftest import GOOD_TOPIC, MakePack, png_picture
from tests.ui.conftest import MakeWindow, settle_layouts


def nine_topics() -> dict[str, str | bytes]:
    return {
        f"{n}.md": f"---\ntitle: Topic number {n} with a longer title\n"
        f"summary: A summary of topic {n} that wraps onto a second line on most screens\n"
        f"order: {n}\n---\nText.\n"
        for n in range(1, 10)
    }


def test_nine_topics_fit_without_scrolling_at_1920x1080(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    window = make_window(make_pack(nine_topics()), (1920, 1080))
    assert len(window.home.cards) == 9
    assert window.home.area.verticalScrollBar().maximum() == 0
    for card in window.home.cards:
        assert (
            window.home.area.viewport()
            .rect()
            .contains(card.geometry().translated(0, -window.home.area.verticalScrollBar().value()))
        )


@pytest.mark.parametrize(
    ("size", "columns"), [((1920, 1080), 3), ((1080, 1920), 2), ((1280, 800), 3)]
)
def test_columns_follow_the_screen(
    qtbot: QtBot, make_window: MakeWindow, size: tuple[int, int], columns: int
) -> None:
    window = make_window(size=size)
    lefts = {card.x() for card in window.home.cards}
    assert len(lefts) == columns


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1280, 800)])
def test_no_card_text_is_clipped_or_overlapping(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack, size: tuple[int, int]
) -> None:
    window = make_window(make_pack(nine_topics()), size)
    for card in window.home.cards:
        labels = [label for label in card.findChildren(QLabel) if label.isVisible()]
        for label in labels:
            assert label.heightForWidth(label.width()) <= label.height(), label.text()
            assert card.rect().contains(label.geometry())
        for first, second in zip(labels, labels[1:], strict=False):
            assert not first.geometry().intersects(second.geometry())
    cards = window.home.cards
    for index, card in enumerate(cards):
        for other in cards[index + 1 :]:
            assert not card.geometry().intersects(other.geometry())


def test_more_topics_scroll_by_dragging(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    from tests.ui.test_window import drag

    files = {f"{n:02}.md": f"---\ntitle: Topic {n}\n---\nText.\n" for n in range(30)}
    window = make_window(make_pack(files), (1280, 800))
    bar = window.home.area.verticalScrollBar()
    assert bar.maximum() > 0
    card = window.home.cards[3]
    start = card.rect().center()
    drag(card, start, start - QPoint(0, 300))
    qtbot.waitUntil(lambda: bar.value() > 100)
    assert window.current_screen is Screen.HOME  # the drag did not also open the card


def test_card_shows_title_summary_and_icon(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    root = make_pack(
        {
            "a.md": "---\ntitle: Sleep\nsummary: Rest helps\nicon: images/i.png\n---\nText.\n",
            "images/i.png": png_picture(64, 64),
        }
    )
    window = make_window(root)
    texts = [label.text() for label in window.home.cards[0].findChildren(QLabel)]
    assert "Sleep" in texts
    assert "Rest helps" in texts
    pictures = [
        label for label in window.home.cards[0].findChildren(QLabel) if not label.pixmap().isNull()
    ]
    assert len(pictures) == 1


SIZES = [(1920, 1080), (1080, 1920), (1280, 800)]
SQUARE = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48">'
    '<rect width="48" height="48" fill="currentColor"/></svg>'
)


def three_topics() -> dict[str, str | bytes]:
    summaries = ("Short", "A longer summary that takes a second line on a narrow card", "Mid")
    return {
        f"{n}.md": f"---\ntitle: Topic {n}\nsummary: {summary}\norder: {n}\n---\nText.\n"
        for n, summary in enumerate(summaries, 1)
    }


@pytest.mark.parametrize("language", ["en", "es"])
def test_home_says_what_to_do_above_the_cards_in_the_patients_language(
    qtbot: QtBot, make_window: MakeWindow, language: str
) -> None:
    window = make_window()
    window.set_language(language)
    home = window.home
    expected = {"en": "Tap a topic to start.", "es": "Toque un tema para empezar."}[language]
    assert home.prompt.text() == expected
    assert home.prompt.isVisible()
    assert home.title.geometry().bottom() < home.prompt.geometry().top()
    assert home.prompt.geometry().bottom() < home.area.geometry().top()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_card_is_as_tall_as_the_others(
    qtbot: QtBot, make_window: MakeWindow, size: tuple[int, int], language: str
) -> None:
    """Across rows as well as within them, whatever each card's title and summary need
    (the default pack's titles take one line or two)."""
    window = make_window(size=size)
    window.set_language(language)
    settle_layouts()  # the grid lays out the new words
    cards = window.home.cards
    assert len({card.height() for card in cards}) == 1, [card.height() for card in cards]
    needs = {card.heightForWidth(card.width()) for card in cards}
    assert len(needs) > 1  # the cards' words do differ: the test means something
    assert max(needs) <= cards[0].height()


@pytest.mark.parametrize("size", SIZES)
def test_three_topics_fill_most_of_the_screen(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack, size: tuple[int, int]
) -> None:
    """With few topics the cards grow (up to `card_max_px`) instead of leaving most of
    Home empty; their words keep the theme's sizes."""
    window = make_window(make_pack(three_topics()), size)
    home = window.home
    cards = home.cards
    room = home.area.viewport().height()
    used = max(card.geometry().bottom() for card in cards) - min(card.y() for card in cards)
    assert used >= room * 2 / 3, f"{used} of {room} px"
    assert len({card.height() for card in cards}) == 1
    assert cards[0].height() <= window.theme.metrics.card_max_px
    assert home.area.verticalScrollBar().maximum() == 0
    assert cards[0].title_label.font().pixelSize() == window.theme.metrics.title_px


def test_one_topic_is_a_big_card_not_the_whole_screen(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    window = make_window(make_pack({"a.md": "---\ntitle: Sleep\n---\nText.\n"}), (1920, 1080))
    card = window.home.cards[0]
    assert card.height() == window.theme.metrics.card_max_px
    assert card.height() < window.home.area.viewport().height()


def test_a_card_grows_past_the_largest_height_when_its_words_need_it(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    summary = " ".join(["A summary that goes on and on."] * 9)  # near the 300 letters allowed
    root = make_pack(
        {
            "a.md": f"---\ntitle: Sleep and rest\nsummary: {summary}\n---\nText.\n",
            "b.md": "---\ntitle: Food\n---\nText.\n",
        }
    )
    window = make_window(root, (1920, 1080))
    window.set_text_size("A++")
    settle_layouts()
    card = window.home.cards[0]
    assert card.height() > window.theme.metrics.card_max_px
    assert card.heightForWidth(card.width()) <= card.height()


def test_topics_out_of_sight_below_say_more_below(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    """Thirty topics on a small screen: the sign shows until the last row is in view,
    and a tap on it scrolls on."""
    files = {f"{n:02}.md": f"---\ntitle: Topic {n}\n---\nText.\n" for n in range(30)}
    window = make_window(make_pack(files), (1280, 800))
    settle_layouts()
    home = window.home
    bar = home.area.verticalScrollBar()
    assert home.topics_below
    assert home.more_below.sign.isVisible()
    viewport = home.area.viewport().geometry()
    assert home.more_below.sign.geometry().bottom() == viewport.bottom()
    home.more_below.sign.click()
    qtbot.waitUntil(lambda: bar.value() > 0)
    bar.setValue(bar.maximum())
    assert not home.topics_below
    assert not home.more_below.sign.isVisible()

    # The default pack on a small window, then the window grows to 1920x1080 (as a
    # compositor gives a kiosk its size): all eight show, and the sign goes.
    window = make_window(size=(1024, 768))
    settle_layouts()
    assert window.home.topics_below
    window.resize(1920, 1080)
    settle_layouts()
    assert not window.home.topics_below
    assert not window.home.more_below.sign.isVisible()


@pytest.mark.parametrize("theme", ["calm", "high-contrast"])
def test_an_icon_drawn_in_current_colour_takes_the_themes(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack, theme: str
) -> None:
    """A pack's line drawing is teal on a calm card and yellow on a high-contrast one."""
    root = make_pack(
        {"a.md": "---\ntitle: A\nicon: images/a.svg\n---\nText.\n", "images/a.svg": SQUARE}
    )
    window = make_window(root, theme=theme)
    pictures = [label.pixmap() for label in window.home.cards[0].findChildren(QLabel)]
    drawn = [p for p in pictures if not p.isNull()]
    assert len(drawn) == 1
    middle = drawn[0].toImage().pixelColor(drawn[0].width() // 2, drawn[0].height() // 2)
    assert middle.name().upper() == window.theme.palette.accent.upper()


def test_an_icon_swapped_after_the_check_for_one_drawing_in_another_file_is_left_out(
    qtbot: QtBot, make_pack: MakePack, tmp_path: Path
) -> None:
    """Qt would open the file an SVG names (and block on a named pipe): the bytes about
    to be shown are checked again, and such a drawing is not shown at all."""
    from kiosk.ui.widgets import read_picture

    root = make_pack({"a.md": GOOD_TOPIC, "images/a.svg": SQUARE})
    picture = root / "images" / "a.svg"
    assert not read_picture(picture, lambda size: None).isNull()
    elsewhere = tmp_path / "pipe"
    picture.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="0 0 48 48"><image xlink:href="file://{elsewhere}" width="48" height="48"/>'
        "</svg>"
    )
    assert read_picture(picture, lambda size: None).isNull()
