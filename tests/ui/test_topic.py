"""The topic screen on its own, with a card renderer and no window: its cards one at a
time, stepped or swiped, and each card rendered once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt, QUrl, QVariantAnimation
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk import lint, loader
from kiosk.config import THEMES
from kiosk.markup import Rendered
from kiosk.ui.card import picture_of
from kiosk.ui.cards import CardRenderer
from kiosk.ui.morebelow import MoreBelow
from kiosk.ui.theme import Theme
from kiosk.ui.topic import BUSY_RETRY_MS, TopicScreen
from kiosk.words import Words
from tests.conftest import DEFAULT_PACK, GOOD_TOPIC, MakePack
from tests.ui.conftest import MakeWindow, finger, settle_layouts
from tests.ui.test_window import drag, tap

ShowTopic = Callable[..., TopicScreen]

TWO_CARDS = "---\ntitle: A\n---\nIntro.\n\n## Two\n\nSee [sleep](b.md) now.\n"


@pytest.fixture
def show_topic(qtbot: QtBot) -> ShowTopic:
    """A shown TopicScreen with `topic_id` of the pack in `root` open, at `size`."""

    def show(
        topic_id: str = "01-understanding-ptsd",
        root: Path = DEFAULT_PACK,
        size: tuple[int, int] = (1920, 1080),
        *,
        cards: CardRenderer | None = None,
    ) -> TopicScreen:
        if cards is None:
            loaded = loader.load(root)
            cards = CardRenderer(loaded, loaded.default)
        theme = Theme.make("calm", *size)
        screen = TopicScreen()
        qtbot.addWidget(screen)
        screen.setStyleSheet(theme.stylesheet())
        screen.set_theme(theme)
        screen.set_words(Words(cards.edition.language))
        screen.resize(*size)
        screen.show()
        qtbot.waitExposed(screen)
        screen.show_topic(cards, cards.edition.topic(topic_id))
        return screen

    return show


def test_a_topic_opens_on_its_first_card_with_counter_and_dots(show_topic: ShowTopic) -> None:
    screen = show_topic()
    assert screen.topic is not None
    assert screen.title.text() == screen.topic.title
    assert screen.index == 0
    assert screen.counter.text() == f"1 of {screen.card_count}"
    assert screen.dots.current == 0
    assert screen.text.toPlainText().strip()


def test_next_and_previous_step_through_the_cards(qtbot: QtBot, show_topic: ShowTopic) -> None:
    """Each step shows the card with its heading and says so (`card_changed`)."""
    screen = show_topic()
    assert screen.topic is not None
    with qtbot.waitSignal(screen.card_changed) as changed:
        tap(qtbot, screen.next_button)
    assert changed.args == [1]
    assert screen.topic.cards[1].title in screen.text.toPlainText()
    assert screen.counter.text() == f"2 of {screen.card_count}"
    with qtbot.waitSignal(screen.card_changed) as changed:
        tap(qtbot, screen.previous_button)
    assert changed.args == [0]


def test_swiping_turns_the_card(qtbot: QtBot, show_topic: ShowTopic) -> None:
    """A swipe slides the card away (a short animation) and shows the next."""
    screen = show_topic()
    viewport = screen.text.viewport()
    middle = viewport.rect().center()
    drag(viewport, middle + QPoint(300, 0), middle - QPoint(300, 0))
    qtbot.waitUntil(lambda: screen.index == 1)
    qtbot.waitUntil(lambda: not screen.slide.isVisible())
    drag(viewport, middle - QPoint(300, 0), middle + QPoint(300, 0))
    qtbot.waitUntil(lambda: screen.index == 0)


def test_the_first_card_has_no_previous_and_the_last_no_dead_end(
    show_topic: ShowTopic,
) -> None:
    """Previous is off on the first card. The last card of the last topic offers All
    topics in place of the dots and no Next (there is no next topic); Next does nothing."""
    screen = show_topic()
    assert not screen.previous_button.isEnabled()
    assert screen.dots.isVisibleTo(screen)
    assert not screen.all_topics_button.isVisibleTo(screen)
    screen.show_card(screen.card_count - 1)
    assert not screen.next_button.isVisibleTo(screen)
    assert screen.all_topics_button.isVisibleTo(screen)
    assert not screen.dots.isVisibleTo(screen)
    screen.next()
    assert screen.index == screen.card_count - 1


@pytest.mark.parametrize(("size", "language"), [((1920, 1080), "en"), ((800, 1280), "es")])
def test_the_last_card_offers_the_next_topic_by_name_and_all_topics(
    qtbot: QtBot, show_topic: ShowTopic, size: tuple[int, int], language: str
) -> None:
    loaded = loader.load(DEFAULT_PACK)
    edition = loaded.edition(language)
    cards = CardRenderer(loaded, edition)
    first, second = edition.topics[:2]
    screen = show_topic(first.id, size=size, cards=cards)
    screen.show_topic(cards, first, len(first.cards) - 1, next_topic=second)
    words = Words(language)
    name = words("next_topic_name", title=second.title)
    assert screen.next_button.isVisibleTo(screen)
    assert screen.next_button.accessibleName() == name
    assert screen.next_button.text() in (name, words("next_topic")) or (
        screen.next_button.text().endswith("…")
    )
    assert screen.all_topics_button.text() == words("all_topics")
    buttons = (screen.previous_button, screen.all_topics_button, screen.next_button)
    qtbot.waitUntil(lambda: all(b.width() >= b.sizeHint().width() for b in buttons))  # none clipped
    with qtbot.waitSignal(screen.next_topic_chosen) as chosen:
        qtbot.mouseClick(screen.next_button, Qt.MouseButton.LeftButton)
    assert chosen.args == [second.id]
    with qtbot.waitSignal(screen.all_topics_chosen):
        qtbot.mouseClick(screen.all_topics_button, Qt.MouseButton.LeftButton)


def test_a_swipe_on_the_last_card_stays_in_the_topic(qtbot: QtBot, show_topic: ShowTopic) -> None:
    """Swipes step between cards; leaving the topic is a tap on a named button."""
    screen = show_topic()
    loaded = loader.load(DEFAULT_PACK)
    screen.next_topic = loaded.default.topics[1]
    screen.show_card(screen.card_count - 1)
    emitted: list[str] = []
    screen.next_topic_chosen.connect(emitted.append)
    viewport = screen.text.viewport()
    middle = viewport.rect().center()
    drag(viewport, middle + QPoint(400, 0), middle - QPoint(400, 0))
    qtbot.waitUntil(lambda: not screen.slide.isVisible())
    assert emitted == []
    assert screen.index == screen.card_count - 1


def test_a_card_index_past_the_end_shows_the_last_card(show_topic: ShowTopic) -> None:
    screen = show_topic()
    screen.show_card(99)
    assert screen.index == screen.card_count - 1
    screen.show_card(-3)
    assert screen.index == 0


def test_a_tap_is_not_a_swipe_and_a_short_drag_does_nothing(
    qtbot: QtBot, show_topic: ShowTopic
) -> None:
    """Only a real sideways movement turns the card."""
    screen = show_topic()
    viewport = screen.text.viewport()
    middle = viewport.rect().center()
    drag(viewport, middle, middle + QPoint(10, 0))
    tap(qtbot, viewport)
    assert screen.index == 0


def test_long_card_scrolls_by_dragging(
    qtbot: QtBot, show_topic: ShowTopic, make_pack: MakePack
) -> None:
    """A card longer than the screen scrolls when dragged up, with no scroll bar shown."""
    long = "\n\n".join(f"Paragraph {n} of a long card." for n in range(80))
    root = make_pack({"a.md": f"---\ntitle: Long\n---\n{long}\n"})
    screen = show_topic("a", root, (1280, 800))
    text = screen.text
    assert text.verticalScrollBar().maximum() > 0
    assert not text.verticalScrollBar().isVisible()
    viewport = text.viewport()
    middle = viewport.rect().center()
    drag(viewport, middle + QPoint(0, 250), middle - QPoint(0, 250))
    qtbot.waitUntil(lambda: text.verticalScrollBar().value() > 100)
    assert screen.index == 0


def test_no_context_menu_and_no_text_selection(show_topic: ShowTopic) -> None:
    """Patients cannot select, drag or open a menu on the card text."""
    screen = show_topic()
    text = screen.text
    assert text.textInteractionFlags() == Qt.TextInteractionFlag.LinksAccessibleByMouse
    assert text.contextMenuPolicy() == Qt.ContextMenuPolicy.PreventContextMenu
    assert not text.acceptDrops()
    viewport = text.viewport()
    drag(viewport, QPoint(20, 20), QPoint(20, 200))
    assert not text.textCursor().hasSelection()


def test_a_topic_title_is_shown_as_text_never_as_html(
    show_topic: ShowTopic, make_pack: MakePack
) -> None:
    title = "<img src='/tmp/elsewhere.png' width=120> Sleep <b>well</b>"
    root = make_pack({"a.md": f'---\ntitle: "{title}"\n---\nText.\n'})
    screen = show_topic("a", root)
    assert screen.title.textFormat() == Qt.TextFormat.PlainText
    assert screen.title.text() == title


def test_links_in_a_card_are_handed_on_never_followed(
    qtbot: QtBot, show_topic: ShowTopic, make_pack: MakePack
) -> None:
    """The screen says which topic or web address was tapped; the window decides."""
    screen = show_topic("a", make_pack({"a.md": TWO_CARDS, "b.md": GOOD_TOPIC}))
    with qtbot.waitSignal(screen.topic_link_clicked) as clicked:
        screen.text.anchorClicked.emit(QUrl("topic:b"))
    assert clicked.args == ["b"]
    with qtbot.waitSignal(screen.web_link_clicked) as clicked:
        screen.text.anchorClicked.emit(QUrl("https://example.org/"))
    assert clicked.args == ["https://example.org/"]
    assert screen.topic is not None
    assert screen.topic.id == "a"


def test_the_words_read_aloud_are_the_titles_then_the_cards_text(
    show_topic: ShowTopic, make_pack: MakePack
) -> None:
    screen = show_topic("a", make_pack({"a.md": TWO_CARDS, "b.md": GOOD_TOPIC}))
    assert screen.language == "en"
    assert screen.card_words() == "A. Intro."
    screen.next()
    assert screen.card_words() == "A. Two. See sleep now."
    screen.clear()
    assert screen.card_words() == ""
    assert screen.language == ""


def test_clear_forgets_the_topic(show_topic: ShowTopic) -> None:
    screen = show_topic()
    screen.next()
    screen.clear()
    assert screen.topic is None
    assert screen.index == 0
    assert screen.text.toPlainText() == ""
    assert screen.counter.text() == ""
    screen.set_theme(Theme.make("high-contrast", 1920, 1080))  # shows nothing again
    assert screen.text.toPlainText() == ""


# The card renderer -----------------------------------------------------------------


def test_each_card_is_rendered_once(make_pack: MakePack) -> None:
    loaded = loader.load(make_pack({"a.md": TWO_CARDS, "b.md": GOOD_TOPIC}))
    cards = CardRenderer(loaded, loaded.default)
    topic = loaded.default.topic("a")
    first = cards.render(topic, 1)
    assert "sleep" in first.text
    assert first.topic_links == ("b",)
    assert cards.render(topic, 1) is first


def test_a_card_the_full_check_rendered_is_shown_as_the_check_saw_it(
    show_topic: ShowTopic, make_pack: MakePack
) -> None:
    loaded = loader.load(make_pack({"a.md": TWO_CARDS}))
    checked = Rendered(html="<p>As the check saw it.</p>", text="As the check saw it.")
    loaded.rendered[("a.md", 0)] = checked
    cards = CardRenderer(loaded, loaded.default)
    assert cards.render(loaded.default.topic("a"), 0) is checked
    screen = show_topic("a", cards=cards)
    assert "As the check saw it." in screen.text.toPlainText()


def test_adopt_takes_the_full_checks_renderings_of_the_cards_unchanged_since(
    make_pack: MakePack,
) -> None:
    """The pack on screen was loaded before its full check, which loaded the folder again:
    a card changed in between keeps its own rendering."""
    root = make_pack({"a.md": TWO_CARDS, "b.md": GOOD_TOPIC})
    shown = loader.load(root)
    cards = CardRenderer(shown, shown.default)
    own = cards.render(shown.default.topic("b"), 0)
    (root / "b.md").write_text(GOOD_TOPIC.replace("Sleep helps", "Rest helps"))
    checked = loader.load(root)
    lint.check(checked, date(2026, 11, 24))

    cards.adopt(checked)

    assert cards.render(shown.default.topic("a"), 0) is checked.rendered[("a.md", 0)]
    assert cards.render(shown.default.topic("a"), 1) is checked.rendered[("a.md", 1)]
    assert cards.render(shown.default.topic("b"), 0) is own
    assert cards.render(shown.default.topic("b"), 1) is checked.rendered[("b.md", 1)]


# "More below" ----------------------------------------------------------------------

LONG = "---\ntitle: Long\n---\n" + "\n\n".join(f"Paragraph {n} of a long card." for n in range(40))
SHORT = "---\ntitle: Short\n---\nOne short paragraph.\n"
# Fits a 1280x800 screen at text size A, not at A++.
SIX = "---\ntitle: Six\n---\n" + "\n\n".join(f"Paragraph {n}." for n in range(6))


def shows_more_below(screen: TopicScreen) -> bool:
    sign, fade = screen.more_below.sign, screen.more_below.fade
    assert sign.isVisible() == fade.isVisible() == screen.more_below.shown
    return sign.isVisible()


def last_line_bottom(screen: TopicScreen) -> float:
    """Where the card's last line of text ends, in the text's viewport."""
    document = screen.text.document()
    block = document.lastBlock()
    while not block.text().strip():
        block = block.previous()
    bottom = document.documentLayout().blockBoundingRect(block).bottom()
    return bottom - screen.text.verticalScrollBar().value()


def test_a_long_card_says_more_below_and_a_short_one_does_not(
    show_topic: ShowTopic, make_pack: MakePack
) -> None:
    root = make_pack({"a.md": LONG, "b.md": SHORT})
    screen = show_topic("a", root, (1280, 800))
    assert screen.card_scrolls
    assert shows_more_below(screen)
    sign = screen.more_below.sign
    assert sign.text() == "More below"
    # At the foot of the text, over it: the text's own layout is left as it was.
    viewport = screen.text.viewport().geometry()
    assert sign.geometry().bottom() == viewport.bottom()
    assert sign.geometry().center().x() == pytest.approx(screen.text.rect().center().x(), abs=1)
    assert screen.more_below.fade.geometry().bottom() == viewport.bottom()
    long_text = screen.text.geometry()

    screen = show_topic("b", root, (1280, 800))
    assert not screen.card_scrolls
    assert not shows_more_below(screen)
    # The sign moved no text: it starts where the long one did (the card is only as
    # tall as its words).
    assert screen.text.geometry().topLeft() == long_text.topLeft()
    assert screen.text.width() == long_text.width()


def test_more_below_goes_at_the_end_and_comes_back_on_scrolling_up(
    show_topic: ShowTopic, make_pack: MakePack
) -> None:
    """Once the last line is in view nothing covers it; scrolled back up, the sign returns."""
    screen = show_topic("a", make_pack({"a.md": LONG}), (1280, 800))
    bar = screen.text.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    assert shows_more_below(screen)
    bar.setValue(bar.maximum())
    assert not shows_more_below(screen)
    assert last_line_bottom(screen) <= screen.text.viewport().height()
    bar.setValue(bar.maximum() - 200)
    assert shows_more_below(screen)
    assert last_line_bottom(screen) > screen.text.viewport().height()


def test_more_below_goes_when_dragged_to_the_end_and_returns_when_dragged_back(
    qtbot: QtBot, show_topic: ShowTopic, make_pack: MakePack
) -> None:
    twelve = "\n\n".join(LONG.split("\n\n")[:12])
    screen = show_topic("a", make_pack({"a.md": twelve}), (1280, 800))
    viewport = screen.text.viewport()
    middle = viewport.rect().center()
    assert shows_more_below(screen)
    drag(viewport, middle + QPoint(0, 200), middle - QPoint(0, 200))
    # A flick ends at the end (give or take the pixel a kinetic scroll may stop short of).
    qtbot.waitUntil(lambda: not shows_more_below(screen))
    assert last_line_bottom(screen) <= screen.text.viewport().height()
    drag(viewport, middle - QPoint(0, 200), middle + QPoint(0, 200))
    qtbot.waitUntil(lambda: screen.text.verticalScrollBar().value() == 0)
    assert shows_more_below(screen)


def test_a_card_all_in_view_but_for_the_space_under_its_last_line_says_nothing(
    qtbot: QtBot, show_topic: ShowTopic, make_pack: MakePack
) -> None:
    """The margin kept under a card's last paragraph is no text to scroll to: at a height
    where only it is out of view, the card scrolls a little and shows no sign."""
    screen = show_topic("a", make_pack({"a.md": SIX}), (1280, 800))
    bar = screen.text.verticalScrollBar()
    height = 800
    while bar.maximum() == 0:
        height -= 2
        screen.resize(1280, height)
        qtbot.waitUntil(lambda h=height: screen.height() == h)
    assert last_line_bottom(screen) <= screen.text.viewport().height()
    assert not screen.card_scrolls
    assert not shows_more_below(screen)
    while last_line_bottom(screen) - screen.text.viewport().height() <= MoreBelow.SLACK_PX:
        height -= 2
        screen.resize(1280, height)
        qtbot.waitUntil(lambda h=height: screen.height() == h)
    assert screen.card_scrolls
    assert shows_more_below(screen)


def test_more_below_comes_when_the_text_size_grows_and_goes_when_it_shrinks(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    """A card that fits at A may not at A++ (picked on the card itself)."""
    window = make_window(make_pack({"a.md": SIX}), (1280, 800))
    window.open_topic("a")
    screen = window.topic
    settle_layouts()  # the card, first shown, as tall as its words
    assert not shows_more_below(screen)
    tap(qtbot, window.nav.reading.size_buttons["A++"])
    qtbot.waitUntil(lambda: shows_more_below(screen))
    assert screen.card_scrolls
    tap(qtbot, window.nav.reading.size_buttons["A"])
    qtbot.waitUntil(lambda: not shows_more_below(screen))


def test_more_below_follows_the_window_size(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    """A card with room to spare on a portrait screen does not fit once it turns landscape
    (the same text size: both are 1080 px on their short side)."""
    ten = "---\ntitle: A\n---\n" + "\n\n".join(f"Paragraph {n}." for n in range(10))
    window = make_window(make_pack({"a.md": ten}), (1080, 1920))
    window.open_topic("a")
    settle_layouts()
    assert not shows_more_below(window.topic)
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: shows_more_below(window.topic))
    viewport = window.topic.text.viewport().geometry()
    assert window.topic.more_below.sign.geometry().bottom() == viewport.bottom()
    window.resize(1080, 1920)
    qtbot.waitUntil(lambda: not shows_more_below(window.topic))


@pytest.mark.parametrize(
    ("language", "words", "name"),
    [
        ("en", "More below", "More of this card below: tap to scroll down"),
        ("es", "Más abajo", "Hay más de esta tarjeta abajo: toque para bajar"),
    ],
)
def test_more_below_is_said_in_the_patients_language(
    show_topic: ShowTopic, make_pack: MakePack, language: str, words: str, name: str
) -> None:
    screen = show_topic("a", make_pack({"a.md": LONG}), (1280, 800))
    screen.set_words(Words(language))
    sign = screen.more_below.sign
    assert sign.text() == words
    assert sign.accessibleName() == name
    # Still at the foot of the text, centred, whatever the words' width.
    assert sign.width() == sign.sizeHint().width()
    assert sign.geometry().center().x() == pytest.approx(screen.text.rect().center().x(), abs=1)


def test_tapping_more_below_scrolls_on_by_what_showed_above_the_fade(
    qtbot: QtBot, show_topic: ShowTopic, make_pack: MakePack
) -> None:
    """The first line the fade hid comes to the top: nothing is skipped."""
    screen = show_topic("a", make_pack({"a.md": LONG}), (1280, 800))
    bar = screen.text.verticalScrollBar()
    step = screen.text.viewport().height() - screen.more_below.fade.height()
    assert step > screen.text.viewport().height() // 2  # most of a page
    tap(qtbot, screen.more_below.sign)
    qtbot.waitUntil(lambda: bar.value() >= step - 1)
    qtbot.wait(MoreBelow.SCROLL_MS)  # and no further
    assert bar.value() == pytest.approx(step, abs=1)
    assert screen.index == 0


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1280, 800), (800, 480)])
def test_more_below_is_a_real_touch_target(
    show_topic: ShowTopic, make_pack: MakePack, size: tuple[int, int]
) -> None:
    screen = show_topic("a", make_pack({"a.md": LONG}), size)
    sign = screen.more_below.sign
    assert shows_more_below(screen)
    assert sign.height() >= 48
    assert sign.width() >= 48


def test_the_fade_ends_in_the_cards_own_colour_in_each_theme(
    show_topic: ShowTopic, make_pack: MakePack
) -> None:
    """Beside the sign, the text has faded into the card: no line is cut in half."""
    screen = show_topic("a", make_pack({"a.md": LONG}), (1280, 800))
    for name in THEMES:
        theme = Theme.make(name, 1280, 800)
        screen.setStyleSheet(theme.stylesheet())
        screen.set_theme(theme)
        assert shows_more_below(screen)
        sign = screen.more_below.sign.geometry()
        picture = screen.text.grab().toImage()
        for x in range(0, sign.left(), 7):
            for y in range(sign.top(), sign.bottom(), 5):
                assert picture.pixelColor(x, y).name() == theme.palette.surface.lower(), (x, y)


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (800, 1280)])
def test_each_page_dot_is_a_touch_target_that_goes_to_its_card(
    qtbot: QtBot, show_topic: ShowTopic, size: tuple[int, int]
) -> None:
    screen = show_topic("08-questions-for-your-care-team", size=size)
    dots = screen.dots
    assert screen.card_count >= 5
    cells = [dots.cell(n) for n in range(screen.card_count)]
    assert all(c.width() >= 48 and c.height() >= 48 for c in cells)
    assert dots.height() >= 48
    assert cells[0].left() >= 0
    assert cells[-1].right() <= dots.width()  # every cell is inside the row
    qtbot.mouseClick(dots, Qt.MouseButton.LeftButton, pos=cells[4].center().toPoint())
    assert screen.index == 4
    qtbot.mouseClick(dots, Qt.MouseButton.LeftButton, pos=cells[0].center().toPoint())
    assert screen.index == 0


def press_and_move(widget: QWidget, start: QPoint, moves: list[QPoint], step_ms: int = 16) -> int:
    """A finger down at `start` and moved through `moves`, not lifted; the last stamp."""
    stamp = 1_000
    finger(widget, QEvent.Type.MouseButtonPress, start, stamp)
    for at in moves:
        stamp += step_ms
        finger(widget, QEvent.Type.MouseMove, at, stamp)
    return stamp


def lift(widget: QWidget, at: QPoint, stamp: int) -> None:
    finger(widget, QEvent.Type.MouseButtonRelease, at, stamp)


def test_the_card_follows_the_finger_with_the_next_coming_in(
    qtbot: QtBot, show_topic: ShowTopic
) -> None:
    """While dragging, the card is drawn where the finger took it and the next card
    beside it; nothing has turned yet."""
    screen = show_topic()
    viewport = screen.text.viewport()
    middle = viewport.rect().center()
    moves = [middle - QPoint(dx, 0) for dx in range(40, 241, 40)]
    press_and_move(viewport, middle, moves)
    assert screen.slide.isVisible()
    assert screen.slide.offset == pytest.approx(-240)
    assert not screen.slide.coming.isNull()  # the next card, drawn
    assert screen.index == 0


def test_a_slow_short_drag_springs_back(qtbot: QtBot, show_topic: ShowTopic) -> None:
    screen = show_topic()
    viewport = screen.text.viewport()
    middle = viewport.rect().center()
    moves = [middle - QPoint(dx, 0) for dx in range(40, 201, 40)]
    stamp = press_and_move(viewport, middle, moves, step_ms=200)  # slow: no fling
    lift(viewport, moves[-1], stamp + 200)
    qtbot.waitUntil(lambda: not screen.slide.isVisible())
    assert screen.index == 0


def test_a_fling_completes_a_short_drag(qtbot: QtBot, show_topic: ShowTopic) -> None:
    screen = show_topic()
    viewport = screen.text.viewport()
    middle = viewport.rect().center()
    moves = [middle - QPoint(dx, 0) for dx in range(40, 161, 40)]  # well under a third
    stamp = press_and_move(viewport, middle, moves, step_ms=10)  # 4 px a millisecond
    lift(viewport, moves[-1], stamp + 10)
    qtbot.waitUntil(lambda: screen.index == 1)


def test_the_first_card_only_gives_a_little_toward_nothing(
    qtbot: QtBot, show_topic: ShowTopic
) -> None:
    screen = show_topic()
    viewport = screen.text.viewport()
    middle = viewport.rect().center()
    moves = [middle + QPoint(dx, 0) for dx in range(40, 401, 40)]
    stamp = press_and_move(viewport, middle, moves)
    assert screen.slide.offset == pytest.approx(400 * 0.25)
    assert screen.slide.coming.isNull()
    lift(viewport, moves[-1], stamp + 16)
    qtbot.waitUntil(lambda: not screen.slide.isVisible())
    assert screen.index == 0


def test_with_reduced_motion_the_card_turns_at_once(
    qtbot: QtBot, show_topic: ShowTopic, make_pack: MakePack
) -> None:
    root = make_pack(
        {
            "pack.toml": "[display]\nreduced_motion = true\n",
            "a.md": "---\ntitle: A\n---\nOne.\n\n## Two\n\nTwo.\n",
        }
    )
    screen = show_topic("a", root)
    viewport = screen.text.viewport()
    middle = viewport.rect().center()
    moves = [middle - QPoint(dx, 0) for dx in range(40, 801, 80)]
    stamp = press_and_move(viewport, middle, moves)
    lift(viewport, moves[-1], stamp + 16)
    assert screen.index == 1  # no animation to wait for
    assert not screen.slide.isVisible()


def test_a_reset_in_the_middle_of_a_drag_leaves_nothing_behind(
    qtbot: QtBot, show_topic: ShowTopic
) -> None:
    """The next patient sees no half-slid card: clearing the screen ends the slide."""
    screen = show_topic()
    viewport = screen.text.viewport()
    middle = viewport.rect().center()
    stamp = press_and_move(viewport, middle, [middle - QPoint(dx, 0) for dx in (100, 700)])
    lift(viewport, middle - QPoint(700, 0), stamp + 16)  # the slide is under way
    assert screen._sliding.state() == QVariantAnimation.State.Running
    screen.clear()
    assert not screen.slide.isVisible()
    assert screen._sliding.state() == QVariantAnimation.State.Stopped  # nothing left to run
    assert screen.topic is None


def test_the_pictures_a_swipe_needs_are_drawn_before_the_finger_comes(
    qtbot: QtBot, show_topic: ShowTopic, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once a card is shown, the cards either side of it are drawn while nothing else
    happens; the swipe's first move then draws nothing, only moves those pictures."""
    screen = show_topic()
    screen.show_card(1)
    qtbot.waitUntil(lambda: set(screen._pictures) == {0, 1, 2})
    assert screen.text.verticalScrollBar().value() == 0
    assert screen.topic is not None
    assert screen.topic.cards[1].title in screen.text.toPlainText()  # put back as it was
    drawings: list[QWidget] = []
    import kiosk.ui.topic as topic_module

    real = topic_module.picture_of
    monkeypatch.setattr(topic_module, "picture_of", lambda w: drawings.append(w) or real(w))
    viewport = screen.text.viewport()
    middle = viewport.rect().center()
    press_and_move(viewport, middle, [middle - QPoint(dx, 0) for dx in (40, 80, 120)])
    assert screen.slide.isVisible()
    assert drawings == []
    assert screen.slide.current is screen._pictures[1]
    assert screen.slide.coming is screen._pictures[2]


def test_a_prepared_picture_is_the_card_as_it_would_be_drawn(
    qtbot: QtBot, show_topic: ShowTopic
) -> None:
    """Drawn while card 0 was shown, card 1 looks as it does once shown itself."""
    screen = show_topic()
    qtbot.waitUntil(lambda: set(screen._pictures) == {0, 1})
    prepared = screen._pictures[1].toImage()
    screen.show_card(1)
    settle_layouts()
    assert prepared == picture_of(screen.card).toImage()


def test_a_scrolled_card_is_drawn_as_scrolled_when_the_swipe_starts(
    qtbot: QtBot, show_topic: ShowTopic, make_pack: MakePack
) -> None:
    screen = show_topic("a", make_pack({"a.md": LONG + "\n\n## Two\n\nTwo.\n"}), (1280, 800))
    qtbot.waitUntil(lambda: set(screen._pictures) == {0, 1})
    bar = screen.text.verticalScrollBar()
    bar.setValue(bar.maximum())
    viewport = screen.text.viewport()
    middle = viewport.rect().center()
    press_and_move(viewport, middle, [middle - QPoint(dx, 0) for dx in (40, 80, 120)])
    assert screen.slide.current.toImage() != screen._pictures[0].toImage()  # at its top
    assert screen.slide.current.toImage() == picture_of(screen.card).toImage()
    assert bar.value() == bar.maximum()


def test_pictures_are_forgotten_when_they_no_longer_show_the_cards(
    qtbot: QtBot, show_topic: ShowTopic
) -> None:
    """Another look or topic draws them again; off screen none is kept (each is a few
    megabytes)."""
    screen = show_topic()
    qtbot.waitUntil(lambda: set(screen._pictures) == {0, 1})
    screen.set_theme(Theme.make("high-contrast", 1920, 1080))
    assert screen._pictures == {}
    qtbot.waitUntil(lambda: set(screen._pictures) == {0, 1})
    viewport = screen.text.viewport()
    middle = viewport.rect().center()
    stamp = press_and_move(viewport, middle, [middle - QPoint(dx, 0) for dx in (40, 80, 120)])
    lift(viewport, middle - QPoint(120, 0), stamp + 200)  # slow and short: springs back
    qtbot.waitUntil(lambda: not screen.slide.isVisible())
    assert screen.slide.current.isNull()  # the layer holds none of them once hidden
    assert screen.slide.coming.isNull()
    screen.hide()
    assert screen._pictures == {}


def test_nothing_is_drawn_ahead_while_a_finger_is_on_the_card(
    qtbot: QtBot, show_topic: ShowTopic
) -> None:
    """It waits, and draws once the finger has lifted."""
    screen = show_topic()
    viewport = screen.text.viewport()
    finger(viewport, QEvent.Type.MouseButtonPress, viewport.rect().center(), 1_000)
    screen._forget_pictures()
    screen.show_card(0)
    qtbot.waitUntil(lambda: not screen._prepare_after_paint)  # painted: drawing ahead begun
    qtbot.wait(BUSY_RETRY_MS * 2)
    assert screen._pictures == {}
    lift(viewport, viewport.rect().center(), 1_050)
    qtbot.waitUntil(lambda: set(screen._pictures) == {0, 1})


def test_the_qr_codes_of_a_cards_web_links_are_made_ahead(
    qtbot: QtBot, show_topic: ShowTopic, make_pack: MakePack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a tap on one of its links shows is ready before the tap."""
    made: list[str] = []
    monkeypatch.setattr("kiosk.ui.topic.make_ahead", made.append)
    links = "[one](https://example.org/one) and [two](https://example.org/two)"
    card = f"---\ntitle: A\n---\nSee {links}.\n"
    show_topic("a", make_pack({"a.md": card}))
    qtbot.waitUntil(lambda: len(made) == 2)
    assert made == ["https://example.org/one", "https://example.org/two"]


def test_a_finger_down_on_a_web_link_makes_its_code_before_it_lifts(
    qtbot: QtBot, show_topic: ShowTopic, make_pack: MakePack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A link tapped as its card appears has had no turn to be made ahead: its code is
    made as the finger goes down, and the lift that shows it only draws it."""
    made: list[str] = []
    monkeypatch.setattr("kiosk.ui.topic.make_ahead", made.append)
    card = "---\ntitle: A\n---\nSee [our page](https://example.org/page) or [B](b.md).\n"
    screen = show_topic("a", make_pack({"a.md": card, "b.md": GOOD_TOPIC}))
    viewport = screen.text.viewport()
    web, topic = link_at(screen, "https://example.org/page"), link_at(screen, "topic:b")
    before = len(made)
    finger(viewport, QEvent.Type.MouseButtonPress, topic, 1_000)
    lift(viewport, topic, 1_090)
    finger(viewport, QEvent.Type.MouseButtonPress, QPoint(viewport.width() - 4, 4), 2_000)
    assert made[before:] == []  # a topic's link, or no link: no code
    with qtbot.waitSignal(screen.web_link_clicked) as clicked:
        finger(viewport, QEvent.Type.MouseButtonPress, web, 3_000)
        assert made[before:] == ["https://example.org/page"]
        lift(viewport, web, 3_090)
    assert clicked.args == ["https://example.org/page"]


def link_at(screen: TopicScreen, link: str) -> QPoint:
    """A point of the card's text (viewport coordinates) on the words of `link`."""
    viewport = screen.text.viewport()
    for y in range(0, viewport.height(), 4):
        for x in range(0, viewport.width(), 4):
            if screen.text.anchorAt(QPoint(x, y)) == link:
                return QPoint(x, y)
    raise AssertionError(f"no {link} on the card")


def test_nothing_is_drawn_ahead_before_the_card_shown_is_painted(
    qtbot: QtBot, show_topic: ShowTopic
) -> None:
    """The frame that shows a touch's result comes first; the drawing ahead after it."""
    screen = show_topic()
    qtbot.waitUntil(lambda: set(screen._pictures) == {0, 1})
    screen.show_card(1)
    assert not screen._preparing.isActive()
    assert set(screen._pictures) == {0, 1}
    screen.card.repaint()  # the frame
    assert screen._preparing.isActive()
    qtbot.waitUntil(lambda: set(screen._pictures) == {0, 1, 2})


def test_a_topic_opened_in_the_window_is_drawn_ahead(qtbot: QtBot, make_window: MakeWindow) -> None:
    """The first topic opened, whose screen is sized as it is first shown, too."""
    window = make_window(DEFAULT_PACK)
    assert window.edition is not None
    window.open_topic(window.edition.topics[0].id)
    qtbot.waitUntil(lambda: set(window.topic._pictures) == {0, 1})


def test_pictures_are_drawn_again_when_the_cards_room_changes(
    qtbot: QtBot, show_topic: ShowTopic, make_pack: MakePack
) -> None:
    """The Listen button, coming once a voice is found, takes height from a long card
    without the screen changing size: the pictures of the old height are not used."""
    card = LONG + "\n\n## Two\n\nTwo.\n"
    screen = show_topic("a", make_pack({"a.md": card}), (1280, 800))
    qtbot.waitUntil(lambda: set(screen._pictures) == {0, 1})
    before = screen._pictures[0].height()
    screen.show_listen(True)
    qtbot.waitUntil(lambda: screen.card.height() != before)
    qtbot.waitUntil(lambda: set(screen._pictures) == {0, 1})
    assert screen._pictures[0].height() == picture_of(screen.card).height() != before
