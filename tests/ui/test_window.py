"""Tapping through the screens as a patient would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.screens import Screen
from kiosk.ui.theme import Theme
from kiosk.ui.window import LOCKED_FLAGS, KioskWindow
from tests.conftest import GOOD_TOPIC, MakePack, png_picture
from tests.ui.conftest import MakeWindow, finger


def tap(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def drag(widget: QWidget, start: QPoint, end: QPoint, steps: int = 8) -> None:
    """A finger drag from `start` to `end` (widget coordinates), a step every 16 ms."""
    stamp = 1_000
    finger(widget, QEvent.Type.MouseButtonPress, start, stamp)
    for step in range(1, steps + 1):
        stamp += 16
        finger(widget, QEvent.Type.MouseMove, start + (end - start) * (step / steps), stamp)
    finger(widget, QEvent.Type.MouseButtonRelease, end, stamp + 16)


def test_home_topic_swipe_next_back_home(qtbot: QtBot, make_window: MakeWindow) -> None:
    """The patient's main path: Home -> topic -> swipe -> Next -> Back -> Home."""
    window = make_window()
    assert window.current_screen is Screen.HOME
    assert not window.nav.back_button.isVisible()

    tap(qtbot, window.home.cards[0])
    assert window.current_screen is Screen.TOPIC
    assert window.topic.topic is not None
    assert window.topic.topic.id == "01-understanding-ptsd"
    assert window.topic.index == 0
    assert not window.nav.back_button.isVisible()  # it would lead Home, as Home does

    viewport = window.topic.text.viewport()
    middle = viewport.rect().center()
    drag(viewport, middle + QPoint(300, 0), middle - QPoint(300, 0))
    qtbot.waitUntil(lambda: window.topic.index == 1)
    qtbot.waitUntil(lambda: not window.topic.slide.isVisible())
    drag(viewport, middle - QPoint(300, 0), middle + QPoint(300, 0))
    qtbot.waitUntil(lambda: window.topic.index == 0)
    qtbot.waitUntil(lambda: not window.topic.slide.isVisible())

    tap(qtbot, window.topic.next_button)
    tap(qtbot, window.topic.next_button)
    assert window.topic.index == 2
    assert window.topic.counter.text() == f"3 of {window.topic.card_count}"
    assert window.topic.dots.current == 2

    tap(qtbot, window.nav.home_button)
    assert window.current_screen is Screen.HOME

    tap(qtbot, window.home.cards[1])
    tap(qtbot, window.nav.home_button)
    assert window.current_screen is Screen.HOME


def test_internal_link_opens_the_topic_and_back_returns(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    """A link to another topic goes there; Back returns to the card it was on."""
    root = make_pack(
        {
            "a.md": "---\ntitle: A\n---\nIntro.\n\n## Two\n\nSee [sleep](b.md) now.\n",
            "b.md": GOOD_TOPIC,
        }
    )
    window = make_window(root)
    window.open_topic("a")
    window.topic.next()
    with qtbot.waitSignal(window.screen_changed):
        window.topic.text.anchorClicked.emit(_url("topic:b"))
    assert window.topic.topic is not None
    assert window.topic.topic.id == "b"
    assert window.nav.back_button.isVisible()
    tap(qtbot, window.nav.back_button)
    assert window.topic.topic.id == "a"
    assert window.topic.index == 1
    assert not window.nav.back_button.isVisible()  # back where Home would lead too
    window.go_back()
    assert window.current_screen is Screen.HOME


def test_link_click_in_the_card_text_reaches_the_window(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    """Clicking the link's words in the card (not a signal sent by hand) follows it."""
    root = make_pack({"a.md": "---\ntitle: A\n---\n[Go to sleep](b.md)\n", "b.md": GOOD_TOPIC})
    window = make_window(root)
    window.open_topic("a")
    text = window.topic.text
    cursor = text.document().find("Go to sleep")
    rect = text.cursorRect(cursor)
    point = rect.center() - QPoint(rect.width() // 2 + 20, 0)
    with qtbot.waitSignal(text.topic_link_clicked) as clicked:
        qtbot.mouseClick(text.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked.args == ["b"]


@pytest.mark.parametrize("text_size", ["A", "A++"])
def test_a_link_is_a_target_at_least_48px_tall(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack, text_size: str
) -> None:
    """A tap just above or below a link's line follows it (half of 48 px either way of
    the tap), a tap further off does not."""
    body = "A first line of plain words.\n\n[Go to sleep](b.md)\n\nA last line of plain words.\n"
    root = make_pack({"a.md": f"---\ntitle: A\n---\n{body}", "b.md": GOOD_TOPIC})
    window = make_window(root)
    window.set_text_size(text_size)
    window.open_topic("a")
    text = window.topic.text
    rect = text.cursorRect(text.document().find("Go to sleep"))
    followed: list[str] = []
    text.topic_link_clicked.connect(followed.append)
    below = rect.center() + QPoint(-rect.width() // 2 - 20, rect.height() // 2 + 10)
    assert not text.anchorAt(below)  # off the words themselves
    qtbot.mouseClick(text.viewport(), Qt.MouseButton.LeftButton, pos=below)
    assert followed == ["b"]
    far = rect.center() + QPoint(-rect.width() // 2 - 20, 60 + rect.height())
    qtbot.mouseClick(text.viewport(), Qt.MouseButton.LeftButton, pos=far)
    assert followed == ["b"]


def test_web_link_opens_a_qr_overlay_that_closes(
    qtbot: QtBot, make_window: MakeWindow, make_pack: MakePack
) -> None:
    """An https link shows its QR code and address; Close (or Back) hides it; no browser."""
    url = "https://www.nimh.nih.gov/health/topics/post-traumatic-stress-disorder-ptsd"
    root = make_pack({"a.md": f"---\ntitle: A\n---\nRead [the NIMH page]({url}).\n"})
    window = make_window(root)
    window.open_topic("a")
    window.topic.text.anchorClicked.emit(_url(url))
    assert window.qr.isVisible()
    assert window.qr.url == url
    assert window.qr.address.accessibleName() == url
    assert not window.qr.code.pixmap().isNull()
    assert window.qr.geometry() == window.rect()
    with qtbot.waitSignal(window.qr.closed):
        tap(qtbot, window.qr.close_button)
    assert not window.qr.isVisible()
    assert window.current_screen is Screen.TOPIC

    window.topic.text.anchorClicked.emit(_url(url))
    window.go_back()  # Back closes the overlay first
    assert not window.qr.isVisible()
    assert window.current_screen is Screen.TOPIC


def test_locked_window_refuses_escape_and_close(qtbot: QtBot, make_window: MakeWindow) -> None:
    """In full-screen mode Escape does nothing and a close request is ignored."""
    window = make_window(locked=True)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible()
    event = QCloseEvent()
    QApplication.sendEvent(window, event)
    assert not event.isAccepted()
    assert not window.close()
    assert window.isVisible()
    window.unlock()


def test_windowed_escape_closes(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(locked=False)
    with qtbot.waitSignal(window.destroyed, timeout=100, raising=False):
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_no_pack_shows_the_updating_page(qtbot: QtBot) -> None:
    """With no pack to show, the calm page, with details only for staff and the log."""
    from kiosk.ui.app import build_window

    window = build_window(None, _size(1280, 800), 96.0, locked=False)
    qtbot.addWidget(window)
    assert window.current_screen is Screen.UPDATING
    assert not window.nav.isVisible()


def test_a_check_says_what_it_found(make_pack: MakePack, tmp_path: Path) -> None:
    from kiosk.ui.live import check_pack

    broken = check_pack(make_pack({"a.md": "---\ntitle: A\n---\n## Empty\n"}), None)
    assert not broken.ok
    assert broken.pack is not None
    assert broken.last_problem.endswith("[section-empty]")
    missing = check_pack(tmp_path / "missing", None)
    assert missing.pack is None
    assert [(p.rule, p.message) for p in missing.problems] == [
        ("pack-unreadable", f"{tmp_path / 'missing'}: no such folder")
    ]


def test_open_unknown_topic_stays_put(qtbot: QtBot, make_window: MakeWindow) -> None:
    window: KioskWindow = make_window()
    window.open_topic("no-such-topic")
    assert window.current_screen is Screen.HOME


def _url(text: str):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QUrl

    return QUrl(text)


def _size(width: int, height: int):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSize

    return QSize(width, height)


def test_pictures_swapped_for_named_pipes_after_the_check_never_block_the_screen(
    make_pack: MakePack,
) -> None:
    """Qt opening a picture by its path would wait for ever on a named pipe put there
    since the pack was checked; the screens read the bytes without blocking instead. In a
    process of its own, so that a regression fails here rather than hangs the suite."""
    root = make_pack(
        {
            "a.md": GOOD_TOPIC.replace("order: 1", "icon: images/icon.png")
            + "\n![A bed](images/card.png)\n",
            "images/icon.png": png_picture(8, 8),
            "images/card.png": png_picture(8, 8),
            "slides/01.png": png_picture(8, 8),
        }
    )
    script = f"""
import os
from pathlib import Path
from PySide6.QtWidgets import QApplication
from kiosk import loader
from kiosk.ui.theme import Theme
from kiosk.ui.window import KioskWindow

app = QApplication([])
root = Path({str(root)!r})
window = KioskWindow(Theme.make("calm", 1280, 800), locked=False)
window.show_pack(loader.load(root))
window.resize(1280, 800)
window.show()
app.processEvents()
for name in ("images/icon.png", "images/card.png", "slides/01.png"):
    (root / name).unlink()  # the pack changes on disk before the watcher looks again
    os.mkfifo(root / name)
window.home.set_edition(window.edition, window.theme)  # draws the icon
window.open_topic("a", card=1)  # draws the card's picture
window.show_slide(window.edition.slides[0])  # draws the slide
app.processEvents()
print("drawn")
"""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    try:
        done = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            env=environment,
            timeout=60,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the screens waited on a named pipe")
    assert done.stdout == "drawn\n", done.stderr


def test_at_rest_on_home_the_slideshow_and_the_updating_page_with_no_overlay_open(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    """Where a new pack may be swapped in unnoticed: never on a topic or under an overlay."""
    window = make_window()
    assert window.at_rest()
    window.open_topic("01-understanding-ptsd")
    assert not window.at_rest()
    window.go_home()
    window.show_web_link("https://example.org/")
    assert not window.at_rest()
    window.reset()
    assert window.current_screen is Screen.SLIDESHOW
    assert window.at_rest()
    window.show_updating()
    assert window.at_rest()
    window.pin_pad.ask()
    assert not window.at_rest()


def test_each_edition_shown_gets_its_own_card_renderer(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    """The window makes the renderer when an edition is shown; the updating page has none."""
    window = make_window()
    english = window.renderer
    assert english is not None
    assert english.edition is window.edition
    window.set_language("es")
    assert window.renderer is not None
    assert window.renderer is not english
    assert window.renderer.edition.language == "es"
    window.show_updating()
    assert window.renderer is None


def test_a_topics_last_card_leads_to_the_next_topic_or_home(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    """Next on a topic's last card opens the next topic at its start (Back returns to the
    card it was on); the last topic's last card leads Home only."""
    window = make_window()
    assert window.edition is not None
    first, second = window.edition.topics[:2]
    tap(qtbot, window.home.cards[0])
    window.topic.show_card(len(first.cards) - 1)
    assert window.topic.next_topic == second
    tap(qtbot, window.topic.next_button)
    assert window.topic.topic == second
    assert window.topic.index == 0
    assert window.nav.back_button.isVisible()
    tap(qtbot, window.nav.back_button)
    assert window.topic.topic == first
    assert window.topic.index == len(first.cards) - 1

    last = window.edition.topics[-1]
    window.open_topic(last.id)
    window.topic.show_card(len(last.cards) - 1)
    assert window.topic.next_topic is None
    assert not window.topic.next_button.isVisible()
    tap(qtbot, window.topic.all_topics_button)
    assert window.current_screen is Screen.HOME


@pytest.mark.parametrize("size", [(1080, 1920), (800, 1280)])
def test_in_portrait_what_a_reader_needs_is_low_down(
    qtbot: QtBot, make_window: MakeWindow, size: tuple[int, int]
) -> None:
    """On a tall screen the top is out of a seated patient's reach: Home, the text size
    and contrast, Previous and Next all sit in the lower part of the screen."""
    window = make_window(size=size)
    window.open_topic(window.edition.topics[0].id if window.edition else "")
    qtbot.waitUntil(lambda: window.nav_at_bottom)
    controls = [
        window.nav.home_button,
        window.nav.reading,
        window.topic.previous_button,
        window.topic.next_button,
    ]
    qtbot.waitUntil(lambda: all(c.mapTo(window, QPoint(0, 0)).y() > 0 for c in controls))
    for control in controls:
        top = control.mapTo(window, QPoint(0, 0)).y()
        assert top >= window.height() * 0.75, (type(control).__name__, top)


def test_in_landscape_home_and_back_stay_at_the_top(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(size=(1920, 1080))
    assert not window.nav_at_bottom
    assert window.nav.home_button.mapTo(window, QPoint(0, 0)).y() < window.height() * 0.15
    window.resize(1080, 1920)  # turned: the bar goes down
    qtbot.waitUntil(lambda: window.nav_at_bottom)
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: not window.nav_at_bottom)


def test_a_locked_window_is_made_with_its_flags_so_showing_it_restyles_nothing(
    qtbot: QtBot,
) -> None:
    """New window flags give a widget a new parent in Qt's eyes, and every widget under
    it is polished with the style sheet again: the locked window has its flags from the
    start, so showing it full screen changes none."""
    window = KioskWindow(Theme.make("calm", 1920, 1080), locked=True)
    qtbot.addWidget(window)
    assert window.windowFlags() & LOCKED_FLAGS == LOCKED_FLAGS
    changes = EventTypes()
    window.installEventFilter(changes)
    window.show_locked()
    assert QEvent.Type.ParentChange not in changes.seen
    window.unlock()


class EventTypes(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[QEvent.Type] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        self.seen.append(event.type())
        return False
