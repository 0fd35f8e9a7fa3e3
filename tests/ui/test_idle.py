"""The session on screen: "Still there?", the full reset, the slideshow, the wake touch."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.session import Phase
from kiosk.ui.app import Kiosk
from kiosk.ui.screens import Screen
from tests.conftest import FakeClock
from tests.ui.conftest import settle_layouts

MakeKiosk = Callable[..., Kiosk]


def go_idle(kiosk: Kiosk, clock: FakeClock, seconds: float) -> None:
    clock.advance(seconds)
    kiosk.controller.tick()


def tap_window(kiosk: Kiosk, point: QPoint) -> None:
    """A tap as the platform delivers it: to the native window, through the idle monitor."""
    handle = kiosk.window.windowHandle()
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def test_idle_shows_the_countdown_then_resets_to_the_slideshow(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    clock = FakeClock()
    kiosk = make_kiosk(clock=clock)
    window = kiosk.window
    window.open_topic("01-understanding-ptsd")

    go_idle(kiosk, clock, 89)
    assert not window.still_there.isVisible()
    go_idle(kiosk, clock, 1)
    assert window.still_there.isVisible()
    assert window.still_there.ring.text() == "20"
    assert window.current_screen is Screen.TOPIC  # the patient's place is still there

    go_idle(kiosk, clock, 7)
    assert window.still_there.ring.text() == "13"
    with qtbot.waitSignal(window.screen_changed) as changed:
        go_idle(kiosk, clock, 13)
    assert changed.args == [Screen.SLIDESHOW]
    assert not window.still_there.isVisible()
    assert kiosk.session.phase is Phase.SLIDESHOW


def test_countdown_uses_the_packs_timings(qtbot: QtBot, make_kiosk: MakeKiosk, make_pack) -> None:  # type: ignore[no-untyped-def]
    root = make_pack(
        {
            "a.md": "---\ntitle: A\n---\nText.\n",
            "pack.toml": "[session]\nidle_seconds = 10\nwarning_seconds = 25\n",
        }
    )
    clock = FakeClock()
    kiosk = make_kiosk(root, clock=clock)
    go_idle(kiosk, clock, 10)
    assert kiosk.window.still_there.ring.text() == "25"
    assert kiosk.window.still_there.ring.share_left == 1.0
    assert kiosk.controller.timer.isActive()
    assert kiosk.controller.countdown.interval() == 1000


def test_each_second_the_number_is_the_seconds_left_and_nothing_moves(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    """Tick by tick through the whole countdown: the ring shows the session's seconds
    left and empties a twentieth each second, while the panel, the words and the button
    keep their place and size."""
    clock = FakeClock()
    kiosk = make_kiosk(clock=clock)
    still = kiosk.window.still_there
    go_idle(kiosk, clock, 90)
    qtbot.waitExposed(still)

    def places() -> list[QRect]:
        return [w.geometry() for w in (still.panel, still.heading, still.ring, still.text)] + [
            still.button.geometry()
        ]

    first = places()
    for left in range(20, 0, -1):
        assert kiosk.session.seconds_left() == left
        assert still.ring.text() == str(left)
        assert still.ring.share_left == pytest.approx(left / 20)
        settle_layouts()  # any layout the change asked for, before measuring
        assert places() == first, f"moved at {left} seconds left"
        clock.advance(1)
        kiosk.controller.countdown.timeout.emit()  # the countdown's once-a-second tick
    assert kiosk.session.phase is Phase.SLIDESHOW


def test_the_countdown_is_the_only_panel_on_screen(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    """A QR code left open when the countdown starts closes: the countdown does not
    stack over it, and "I'm still here" comes back to the card, not to the QR code."""
    clock = FakeClock()
    kiosk = make_kiosk(clock=clock)
    window = kiosk.window
    window.open_topic("01-understanding-ptsd")
    window.show_web_link("https://988lifeline.org")
    assert window.qr.isVisible()

    go_idle(kiosk, clock, 90)
    assert window.still_there.isVisible()
    assert [o for o in window.overlays if o.isVisible()] == [window.still_there]

    qtbot.mouseClick(window.still_there.button, Qt.MouseButton.LeftButton)
    assert [o for o in window.overlays if o.isVisible()] == []
    assert window.current_screen is Screen.TOPIC


def test_still_here_continues_ten_times(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    clock = FakeClock()
    kiosk = make_kiosk(clock=clock)
    window = kiosk.window
    window.open_topic("02-treatments-that-work-first")
    window.topic.show_card(2)
    for _ in range(10):
        go_idle(kiosk, clock, 90)
        assert window.still_there.isVisible()
        go_idle(kiosk, clock, 19)
        qtbot.mouseClick(window.still_there.button, Qt.MouseButton.LeftButton)
        assert not window.still_there.isVisible()
        assert kiosk.session.phase is Phase.BROWSE
    assert window.current_screen is Screen.TOPIC
    assert window.topic.index == 2
    assert kiosk.session.resets == 0


def test_reset_forgets_everything_the_patient_did(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    """Each piece of state is set, the countdown runs out, and each piece is gone."""
    clock = FakeClock()
    kiosk = make_kiosk(clock=clock)
    window = kiosk.window
    window.resize(1280, 500)  # small enough that Home and cards scroll
    qtbot.waitUntil(lambda: window.home.area.verticalScrollBar().maximum() > 0)

    bar = window.home.area.verticalScrollBar()
    bar.setValue(bar.maximum())
    window.open_topic("05-side-effects-and-risks")
    window.topic.show_card(1)
    window.follow_link("06-who-should-not-have-it")
    window.topic.show_card(1)
    text_bar = window.topic.text.verticalScrollBar()
    qtbot.waitUntil(lambda: text_bar.maximum() > 0)
    text_bar.setValue(text_bar.maximum())
    window.show_web_link("https://example.org/")
    kiosk.staff.open()  # the pin pad, as if staff had begun to type
    window.pin_pad.ask()
    window.pin_pad._on_key("4")
    window.pin_pad._on_key("2")
    assert window.pin_pad.digits == "42"
    assert window.history

    go_idle(kiosk, clock, 90)
    go_idle(kiosk, clock, 20)

    assert window.current_screen is Screen.SLIDESHOW
    assert window.history == []
    assert window.topic.topic is None
    assert window.topic.text.toPlainText() == ""
    assert bar.value() == 0
    assert text_bar.value() == 0
    for overlay in window.overlays:
        assert not overlay.isVisible(), type(overlay).__name__
    assert window.pin_pad.digits == ""
    assert window.pin_pad.display.text() == ""

    tap_window(kiosk, QPoint(640, 250))
    assert window.current_screen is Screen.HOME
    assert bar.value() == 0
    assert not window.nav.back_button.isVisible()


def test_the_wake_touch_only_wakes(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    """The touch that leaves the slideshow shows Home and does not press the card there."""
    clock = FakeClock()
    kiosk = make_kiosk(clock=clock)
    window = kiosk.window
    card = window.home.cards[0]
    under_finger = card.mapTo(window, card.rect().center())
    kiosk.controller.reset_now()
    assert window.current_screen is Screen.SLIDESHOW

    tap_window(kiosk, under_finger)
    assert window.current_screen is Screen.HOME
    assert kiosk.session.phase is Phase.BROWSE

    tap_window(kiosk, under_finger)  # the next touch is an ordinary tap
    assert window.current_screen is Screen.TOPIC


def test_input_is_activity(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    clock = FakeClock()
    kiosk = make_kiosk(clock=clock)
    clock.advance(80)
    tap_window(kiosk, QPoint(600, 700))
    go_idle(kiosk, clock, 80)
    assert kiosk.session.phase is Phase.BROWSE
    QTest.keyClick(kiosk.window.windowHandle(), Qt.Key.Key_A)
    go_idle(kiosk, clock, 89)
    assert kiosk.session.phase is Phase.BROWSE
    go_idle(kiosk, clock, 1)
    assert kiosk.session.phase is Phase.WARN


def test_tapping_beside_the_warning_is_still_here(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    clock = FakeClock()
    kiosk = make_kiosk(clock=clock)
    go_idle(kiosk, clock, 90)
    qtbot.mouseClick(kiosk.window.still_there, Qt.MouseButton.LeftButton, pos=QPoint(3, 3))
    assert kiosk.session.phase is Phase.BROWSE
    assert not kiosk.window.still_there.isVisible()
