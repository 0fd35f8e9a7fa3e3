"""Staff access: the hidden gesture, the PIN pad, and the staff panel."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk import __version__
from kiosk.checked import Checked
from kiosk.session import Phase
from kiosk.ui.app import Kiosk
from kiosk.ui.screens import Screen
from tests.conftest import GOOD_TOPIC, FakeClock, MakePack
from tests.ui.conftest import plain

MakeKiosk = Callable[..., Kiosk]
PIN = "2468"


def corner(kiosk: Kiosk) -> QPoint:
    return QPoint(kiosk.window.width() - 10, 10)


def tap(kiosk: Kiosk, point: QPoint) -> None:
    QTest.mouseClick(
        kiosk.window.windowHandle(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        point,
    )


def gesture(kiosk: Kiosk, clock: FakeClock, taps: int = 5, every: float = 0.5) -> None:
    for _ in range(taps):
        tap(kiosk, corner(kiosk))
        clock.advance(every)


def type_pin(kiosk: Kiosk, qtbot: QtBot, pin: str) -> None:
    pad = kiosk.window.pin_pad
    for digit in pin:
        qtbot.mouseClick(pad.key_buttons[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.key_buttons["OK"], Qt.MouseButton.LeftButton)


def test_five_corner_taps_within_three_seconds_open_the_pin_pad(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    clock = FakeClock()
    kiosk = make_kiosk(pin=PIN, clock=clock)
    gesture(kiosk, clock, taps=4)
    assert not kiosk.window.pin_pad.isVisible()
    gesture(kiosk, clock, taps=1)
    assert kiosk.window.pin_pad.isVisible()
    assert kiosk.window.pin_pad.keys.isVisible()


def double_tap(kiosk: Kiosk, point: QPoint) -> None:
    """Two quick taps, as Qt delivers them: a press, a release, a press and a
    double-click, a release."""
    QTest.mouseDClick(
        kiosk.window.windowHandle(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        point,
    )


def finger_tap(kiosk: Kiosk, point: QPoint) -> None:
    device = QTest.createTouchDevice()
    handle = kiosk.window.windowHandle()
    QTest.touchEvent(handle, device).press(0, point, handle).commit()
    QTest.touchEvent(handle, device).release(0, point, handle).commit()


@pytest.mark.parametrize("every", [0.15, 0.25, 0.5, 0.6])
@pytest.mark.parametrize("how", ["clicks", "double-clicks", "touches"])
def test_five_corner_taps_open_the_pad_at_any_natural_pace_however_delivered(
    qtbot: QtBot, make_kiosk: MakeKiosk, every: float, how: str
) -> None:
    """Exactly the fifth tap opens the pad, whether the platform sends clicks, pairs
    with a double-click (which once counted twice, so four taps opened the pad and the
    fifth closed it), or touches; none of the taps reaches the screen under them."""
    clock = FakeClock()
    kiosk = make_kiosk(pin=PIN, clock=clock)
    window = kiosk.window
    seen: list[Screen] = []
    window.screen_changed.connect(seen.append)
    at = corner(kiosk)
    taps = {"clicks": [tap] * 5, "touches": [finger_tap] * 5}.get(how)
    if taps is None:  # two pairs and a single tap
        for _ in range(2):
            double_tap(kiosk, at)
            clock.advance(every * 2)
        assert not window.pin_pad.isVisible()
        tap(kiosk, at)
    else:
        for index, one in enumerate(taps):
            assert not window.pin_pad.isVisible(), f"open after {index} taps"
            one(kiosk, at)
            clock.advance(every)
    assert window.pin_pad.isVisible()
    assert window.pin_pad.keys.isVisible()
    assert seen == []  # nothing under the corner was pressed
    assert window.theme.name == "calm"


def test_a_patients_taps_on_a_control_near_the_corner_never_count(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    """The corner is the margin beside the top bar: five quick taps on Contrast toggle
    it five times and open nothing."""
    clock = FakeClock()
    kiosk = make_kiosk(pin=PIN, clock=clock)
    contrast = kiosk.window.nav.reading.contrast_button
    for _ in range(5):
        qtbot.mouseClick(contrast, Qt.MouseButton.LeftButton)
        clock.advance(0.25)
    assert kiosk.window.theme.name == "high-contrast"
    assert not kiosk.window.pin_pad.isVisible()


def test_a_tap_beside_the_pad_while_typing_keeps_the_digits(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    clock = FakeClock()
    kiosk = make_kiosk(pin=PIN, clock=clock)
    gesture(kiosk, clock)
    pad = kiosk.window.pin_pad
    qtbot.mouseClick(pad.key_buttons["2"], Qt.MouseButton.LeftButton)
    beside = QPoint(pad.panel.geometry().left() - 20, pad.height() // 2)
    qtbot.mouseClick(pad, Qt.MouseButton.LeftButton, pos=beside)
    assert pad.isVisible()
    assert pad.digits == "2"
    pad.clear()
    qtbot.mouseClick(pad, Qt.MouseButton.LeftButton, pos=beside)
    assert not pad.isVisible()  # with nothing typed, a tap beside it closes it


def test_slow_taps_or_taps_elsewhere_do_not_open_it(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    clock = FakeClock()
    kiosk = make_kiosk(pin=PIN, clock=clock)
    gesture(kiosk, clock, taps=5, every=1.0)  # five taps over four seconds
    assert not kiosk.window.pin_pad.isVisible()
    for _ in range(5):
        tap(kiosk, QPoint(kiosk.window.width() // 2, 10))
    assert not kiosk.window.pin_pad.isVisible()


def test_right_pin_opens_the_staff_panel_with_the_packs_details(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    clock = FakeClock()
    kiosk = make_kiosk(pin=PIN, clock=clock)
    gesture(kiosk, clock)
    type_pin(kiosk, qtbot, PIN)
    panel = kiosk.window.staff_panel
    assert panel.isVisible()
    assert not kiosk.window.pin_pad.isVisible()
    # What is shown, and how it stands: the default pack leaves the clinic's details to
    # the clinic, and says so, as a warning with its file and line.
    assert plain(panel.shown).splitlines() == [
        "Learning about PTSD and ketamine treatment, version 2026.11.1.",
        "From the pack folder, loaded at 10:42.",
        "8 topics in English and Español.",
        'No notice: set one with kiosk notice "...".',
        "Opening hours: open; screen power: none: not used yet.",
    ]
    assert panel.health.property("health") == "attention"
    assert plain(panel.health).startswith("Showing the pack folder's pack, with ")
    assert "[clinic-unset]" in plain(panel.problems)
    assert "Warning, " in plain(panel.problems)
    assert plain(panel.small_print).startswith(f"Kiosk {__version__} · pack folder ")
    assert plain(panel.small_print).endswith(f"content · notice file {kiosk.notices.path}")
    assert set(panel.buttons) == {
        "Reload pack",
        "Reset now",
        "Exit kiosk",
        "Close",
        "Cancel",
        "Yes, exit",
    }


def test_wrong_pins_count_down_then_lock_the_pad_for_a_minute(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    clock = FakeClock()
    kiosk = make_kiosk(pin=PIN, clock=clock)
    pad = kiosk.window.pin_pad
    gesture(kiosk, clock)
    type_pin(kiosk, qtbot, "1111")
    assert pad.message.text() == "That PIN is not right. 4 tries left."
    assert pad.digits == ""
    for _ in range(4):
        type_pin(kiosk, qtbot, "1111")
    assert "locked; try again in 60 seconds" in pad.message.text()
    type_pin(kiosk, qtbot, PIN)
    assert not kiosk.window.staff_panel.isVisible()
    clock.advance(61)
    type_pin(kiosk, qtbot, PIN)
    assert kiosk.window.staff_panel.isVisible()


def test_without_a_pin_the_gesture_says_how_to_set_one_up(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    clock = FakeClock()
    kiosk = make_kiosk(pin=None, clock=clock)
    gesture(kiosk, clock)
    pad = kiosk.window.pin_pad
    assert pad.isVisible()
    assert not pad.keys.isVisible()
    assert "Staff access is not set up" in pad.message.text()
    assert "kiosk set-pin" in pad.message.text()


def test_reset_now_forgets_the_patient_and_says_so(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    clock = FakeClock()
    kiosk = make_kiosk(pin=PIN, clock=clock)
    window = kiosk.window
    window.set_text_size("A++")
    window.open_topic("01-understanding-ptsd")
    kiosk.staff.show_panel()
    panel = window.staff_panel
    qtbot.mouseClick(panel.buttons["Reset now"], Qt.MouseButton.LeftButton)
    assert kiosk.session.resets == 1
    assert window.theme.text_size == "A"
    assert window.current_screen is Screen.HOME  # ready for the next patient
    assert kiosk.session.phase is Phase.BROWSE
    assert panel.isVisible()
    assert plain(panel.outcome).startswith("Reset at 10:42: ")
    assert "Home is ready for the next patient" in plain(panel.outcome)
    qtbot.mouseClick(panel.buttons["Close"], Qt.MouseButton.LeftButton)
    assert not panel.isVisible()
    assert window.current_screen is Screen.HOME


def test_reload_says_what_it_did_in_words(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    """A broken folder: "Not loaded", where, and what still shows; a fixed one:
    "Reloaded", how many topics, the version and the time; both on the panel at once."""
    root = make_pack({"pack.toml": '[pack]\nversion = "2026.11.1"\n', "a.md": GOOD_TOPIC})
    kiosk = make_kiosk(root, pin=PIN)
    shown = kiosk.window.pack
    (root / "b.md").write_text("---\ntitle: B\nsources: [A guide]\n---\n## Empty\n")
    kiosk.staff.show_panel()
    panel = kiosk.window.staff_panel
    reload = panel.buttons["Reload pack"]
    with qtbot.waitSignal(kiosk.live.reload_finished):
        qtbot.mouseClick(reload, Qt.MouseButton.LeftButton)
        assert plain(panel.outcome) == "Checking the pack folder…"
        assert not reload.isEnabled()  # one check at a time
    assert kiosk.window.pack is shown
    assert panel.isVisible()
    assert reload.isEnabled()
    assert plain(panel.outcome) == (
        "Not loaded: 1 error in b.md line 5; still showing version 2026.11.1, loaded at 10:42."
    )
    assert panel.health.property("health") == "fault"
    assert "Error, b.md line 5:" in plain(panel.problems)
    assert "[section-empty]" in plain(panel.problems)

    (root / "b.md").write_text("---\ntitle: B\nsources: [A guide]\n---\nNow with text.\n")
    with qtbot.waitSignal(kiosk.live.reload_finished):
        qtbot.mouseClick(reload, Qt.MouseButton.LeftButton)
    assert panel.isVisible()
    assert kiosk.window.pack is not shown
    assert [t.id for t in kiosk.window.pack.default.topics] == ["a", "b"]
    assert plain(panel.outcome) == ("Reloaded: 2 topics, version 2026.11.1, at 10:42.")
    assert panel.health.property("health") == "good"
    assert panel.problems_heading.text() == "Problems"


def test_the_open_panel_follows_what_the_folder_does(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    """A pack copied in while staff look is checked and waits (the panel is open, so a
    patient may be reading): the panel says so at once, and what the screen shows."""
    clock = FakeClock()
    root = make_pack({"a.md": GOOD_TOPIC})
    kiosk = make_kiosk(root, pin=PIN, clock=clock)
    kiosk.staff.show_panel()
    panel = kiosk.window.staff_panel
    assert panel.health.property("health") == "good"
    (root / "b.md").write_text(GOOD_TOPIC)
    kiosk.live.watcher.note_change()
    clock.advance(kiosk.live.watcher.quiet_seconds)
    with qtbot.waitSignal(kiosk.live.watcher.finished, timeout=10_000):
        kiosk.live.watcher.tick()
    assert panel.isVisible()
    assert panel.health.property("health") == "attention"
    assert "passed its check; it shows at the next return to Home" in plain(panel.health)
    (root / "b.md").write_text("---\ntitle: B\n---\n## Empty\n")
    kiosk.live.watcher.note_change()
    clock.advance(kiosk.live.watcher.quiet_seconds)
    with qtbot.waitSignal(kiosk.live.watcher.finished, timeout=10_000):
        kiosk.live.watcher.tick()
    assert panel.health.property("health") == "fault"
    assert plain(panel.health).startswith("Not loaded: ")
    assert kiosk.live.pending is None


def test_exit_kiosk_unlocks_and_quits_with_the_staff_status(
    qtbot: QtBot, make_kiosk: MakeKiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    kiosk = make_kiosk(pin=PIN)
    quits: list[int] = []
    monkeypatch.setattr(kiosk.app, "exit", quits.append)
    kiosk.window.locked = True
    kiosk.staff.show_panel()
    panel = kiosk.window.staff_panel
    qtbot.mouseClick(panel.buttons["Exit kiosk"], Qt.MouseButton.LeftButton)
    assert quits == []  # one tap only asks
    assert panel.asking_to_exit
    qtbot.mouseClick(panel.buttons["Yes, exit"], Qt.MouseButton.LeftButton)
    assert quits == [10]  # systemd's RestartPreventExitStatus in packaging/kiosk.service
    assert not kiosk.window.locked
    assert not kiosk.window.isVisible()


def test_exit_asks_first_apart_from_close_and_the_question_times_out(
    qtbot: QtBot, make_kiosk: MakeKiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exit is in the danger colour on a row of its own, not beside Close; it asks, and
    Cancel, or no answer for a while, goes back to the panel without exiting."""
    kiosk = make_kiosk(pin=PIN)
    quits: list[int] = []
    monkeypatch.setattr(kiosk.app, "exit", quits.append)
    kiosk.staff.show_panel()
    panel = kiosk.window.staff_panel
    leave, close = panel.buttons["Exit kiosk"], panel.buttons["Close"]
    assert leave.objectName() == "DangerButton"
    # Close at the top, Exit at the foot: far apart.
    assert (
        leave.mapTo(panel, leave.rect().topLeft()).y()
        > close.mapTo(panel, close.rect().bottomLeft()).y()
    )
    qtbot.mouseClick(leave, Qt.MouseButton.LeftButton)
    assert panel.asking_to_exit
    assert not panel.buttons["Reload pack"].isVisible()
    qtbot.mouseClick(panel.buttons["Cancel"], Qt.MouseButton.LeftButton)
    assert not panel.asking_to_exit
    assert panel.buttons["Reload pack"].isVisible()
    panel.CONFIRM_MS = 50  # the question's wait, shortened for the test
    qtbot.mouseClick(leave, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.asking_to_exit)
    assert panel.isVisible()
    assert quits == []


def test_staff_panel_closes_itself_on_idle(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    clock = FakeClock()
    kiosk = make_kiosk(pin=PIN, clock=clock)
    kiosk.staff.show_panel()
    clock.advance(90)
    kiosk.controller.tick()
    assert not kiosk.window.staff_panel.isVisible()
    assert kiosk.window.still_there.isVisible()


def test_on_a_touch_screen_each_finger_counts_once(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    """Qt sends a touch and a mouse press made up from it: the fifth tap, not the fourth,
    opens the pad, and it stays open."""
    clock = FakeClock()
    kiosk = make_kiosk(pin=PIN, clock=clock)
    device = QTest.createTouchDevice()
    handle = kiosk.window.windowHandle()
    for tap in range(1, 6):
        QTest.touchEvent(handle, device).press(0, corner(kiosk)).commit()
        QTest.touchEvent(handle, device).release(0, corner(kiosk)).commit()
        clock.advance(0.4)
        assert kiosk.window.pin_pad.isVisible() == (tap == 5), tap


def test_reload_of_a_folder_that_stopped_answering_never_freezes_the_screen(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    clock = FakeClock()
    root = make_pack({"a.md": GOOD_TOPIC})
    kiosk = make_kiosk(root, pin=PIN, clock=clock)
    shown = kiosk.window.pack
    stuck = threading.Event()

    def hanging_check(folder: object) -> Checked:
        stuck.wait()
        return Checked(None)

    kiosk.live.watcher._check = hanging_check
    kiosk.staff.show_panel()
    reload = kiosk.window.staff_panel.buttons["Reload pack"]
    qtbot.mouseClick(reload, Qt.MouseButton.LeftButton)  # returns at once: the check is off
    clock.advance(kiosk.live.watcher.check_seconds)
    with qtbot.waitSignal(kiosk.live.watcher.finished, timeout=5_000):
        pass
    assert kiosk.window.pack is shown
    panel = kiosk.window.staff_panel
    assert panel.isVisible()
    assert plain(panel.outcome).startswith("Not loaded: 1 error in the pack folder: checking")
    assert "was abandoned" in plain(panel.outcome)
    qtbot.mouseClick(reload, Qt.MouseButton.LeftButton)  # while the stuck check still hangs
    assert "still running, stuck" in plain(panel.outcome)
    stuck.set()
