"""Outside opening hours the kiosk is dark: black, nothing moving, the screen asked to
sleep; a touch lights "We are closed" for a while; at opening time it comes back."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from kiosk.session import Phase
from kiosk.ui.app import Kiosk
from kiosk.ui.screenpower import ScreenPower
from kiosk.ui.screens import Screen
from tests.conftest import FakeClock, MakePack
from tests.ui.conftest import MakeKiosk, plain
from tests.ui.test_dated import WallClock
from tests.ui.test_idle import tap_window
from tests.ui.test_live_content import settle_and_load, status, topic

# 1 December 2026 is a Tuesday.
HOURS = '[pack]\nlanguage = "en"\n[hours]\ntuesday = "08:00-17:00"\nwednesday = "08:00-17:00"\n'


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the kiosk asked of the screen: a fake backend that records each call."""
    made: list[str] = []

    def record(power: ScreenPower, which: int, state: str) -> None:
        made.append(state)
        power.last = f"fake: {state}"
        power.changed.emit()

    monkeypatch.setattr(ScreenPower, "_run", record)
    return made


def closed_kiosk(make_kiosk: MakeKiosk, make_pack: MakePack, wall: WallClock) -> Kiosk:
    root = make_pack(
        {
            "pack.toml": HOURS,
            "a.md": topic("Sleep"),
            "es/pack.toml": '[pack]\ntitle = "Aprender"\n',
            "es/a.md": topic("Sueño"),
        }
    )
    return make_kiosk(root, now=wall)


def test_closed_at_start_is_dark_and_a_touch_lights_when_it_opens(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack, calls: list[str]
) -> None:
    wall = WallClock(datetime(2026, 12, 1, 7, 0))
    kiosk = closed_kiosk(make_kiosk, make_pack, wall)
    window, closed = kiosk.window, kiosk.darkness.screen
    assert closed.isVisible()
    assert closed.geometry() == window.rect()
    assert not closed.words.isVisible()  # black: nothing to read, nothing moving
    assert not window.slideshow.timer.isActive()
    assert calls == ["asleep"]
    assert status(kiosk)["hours"] == "closed until 08:00"
    assert status(kiosk)["screen_power"] == "fake: asleep"

    tap_window(kiosk, QPoint(window.width() // 2, window.height() // 2))
    assert closed.words.isVisible()
    assert plain(closed.words) == (
        "We are closed. We open at 8:00.\n\nEstamos cerrados. Abrimos a las 8:00."
    )
    assert calls == ["asleep", "awake"]
    assert kiosk.session.phase is Phase.SLIDESHOW  # the touch woke no session
    closed.dim.timeout.emit()  # the lit while is over
    assert not closed.words.isVisible()
    assert calls == ["asleep", "awake", "asleep"]

    # Looked at again every minute, and at the moment itself: 07:50, grace and all.
    hours = kiosk.darkness.hours
    hours.look()
    assert abs(hours.timer.remainingTime() - 60_000) < 2_000
    wall.now = datetime(2026, 12, 1, 7, 49, 30)
    hours.look()
    assert abs(hours.timer.remainingTime() - 30_000) < 2_000
    wall.now = datetime(2026, 12, 1, 7, 50)
    kiosk.darkness.hours.look()
    assert not closed.isVisible()
    assert calls[-1] == "awake"
    assert window.current_screen is Screen.SLIDESHOW
    assert window.slideshow.timer.isActive()
    assert status(kiosk)["hours"] == "open"


def test_closing_time_forgets_the_patient_and_goes_dark(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack, calls: list[str]
) -> None:
    wall = WallClock(datetime(2026, 12, 1, 16, 0))
    kiosk = closed_kiosk(make_kiosk, make_pack, wall)
    window = kiosk.window
    assert not kiosk.darkness.screen.isVisible()
    window.set_text_size("A++")
    window.open_topic("a")
    wall.now = datetime(2026, 12, 1, 17, 10)
    kiosk.darkness.hours.look()
    assert kiosk.darkness.screen.isVisible()
    assert window.theme.text_size == "A"  # forgotten, as at any reset
    assert window.current_screen is Screen.SLIDESHOW
    assert not window.slideshow.timer.isActive()
    assert calls == ["asleep"]
    assert status(kiosk)["hours"] == "closed until Wednesday 08:00"
    kiosk.staff.show_panel()
    assert "Opening hours: closed until Wednesday 08:00; screen power: fake: asleep." in plain(
        window.staff_panel.shown
    )


def test_with_no_hours_the_kiosk_is_always_open(
    qtbot: QtBot, make_kiosk: MakeKiosk, calls: list[str]
) -> None:
    kiosk = make_kiosk()
    assert not kiosk.darkness.screen.isVisible()
    assert status(kiosk)["hours"] == "open"
    assert calls == []


def test_a_waiting_pack_that_opens_later_is_followed_at_closing_time(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack, calls: list[str]
) -> None:
    """Closing resets the session, which swaps in a pack that waited for a reader; its
    hours say open until 20:00: the kiosk ends lit and open, not black and "open"."""
    wall = WallClock(datetime(2026, 12, 1, 16, 0))
    kiosk = closed_kiosk(make_kiosk, make_pack, wall)
    root = kiosk.live.content
    kiosk.window.open_topic("a")
    (root / "pack.toml").write_text(HOURS.replace("08:00-17:00", "08:00-20:00"))
    clock = kiosk.options.clock
    assert isinstance(clock, FakeClock)
    settle_and_load(qtbot, kiosk, clock)
    assert kiosk.live.pending is not None, kiosk.live.folder.summary()  # a patient reads
    wall.now = datetime(2026, 12, 1, 17, 10)
    kiosk.darkness.hours.look()
    assert kiosk.darkness.hours.open
    assert not kiosk.darkness.dark
    assert not kiosk.darkness.screen.isVisible()
    assert kiosk.window.slideshow.timer.isActive()
    assert status(kiosk)["hours"] == "open"


def test_the_machines_hours_hold_with_no_pack_to_show(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack, calls: list[str]
) -> None:
    wall = WallClock(datetime(2026, 12, 1, 3, 0))
    root = make_pack({"a.md": "---\ntitle: Broken\n"})
    kiosk = make_kiosk(root, now=wall, machine='[hours]\ntuesday = "08:00-17:00"\n')
    assert kiosk.window.pack is None
    assert kiosk.darkness.dark
    assert status(kiosk)["hours"] == "closed until 08:00"


def test_on_friday_evening_it_says_monday(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack, calls: list[str]
) -> None:
    wall = WallClock(datetime(2026, 12, 4, 19, 0))  # a Friday
    root = make_pack({"pack.toml": '[hours]\nmonday = "08:00-17:00"\n', "a.md": topic("Sleep")})
    kiosk = make_kiosk(root, now=wall)
    window = kiosk.window
    tap_window(kiosk, QPoint(window.width() // 2, window.height() // 2))
    assert plain(kiosk.darkness.screen.words) == "We are closed. We open on Monday at 8:00."
