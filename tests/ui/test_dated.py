"""Dated topics and slides come and go at their moment, without a reload, never under a
patient reading."""

from __future__ import annotations

from datetime import datetime, timedelta

from pytestqt.qtbot import QtBot

from kiosk.ui.screens import Screen
from tests.conftest import MakePack
from tests.test_dates import dated
from tests.ui.conftest import MakeKiosk
from tests.ui.test_live_content import status, titles


class WallClock:
    """A wall clock the test sets."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_a_dated_topic_comes_and_goes_at_its_moment(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    wall = WallClock(datetime(2026, 12, 1, 7, 0))
    root = make_pack(
        {
            "a.md": dated(title="Always"),
            "b.md": dated("2026-12-01 08:00", "2026-12-01 17:00", title="Today only"),
        }
    )
    kiosk = make_kiosk(root, now=wall)
    assert titles(kiosk) == ["Always"]
    # Looked at again every minute, and at the moment itself.
    kiosk.live.dates_changed()
    assert abs(kiosk.live.dated.remainingTime() - 60_000) < 2_000
    wall.now = datetime(2026, 12, 1, 7, 59, 30)
    kiosk.live.dates_changed()
    assert abs(kiosk.live.dated.remainingTime() - 30_000) < 2_000
    wall.now = datetime(2026, 12, 1, 8, 0)
    kiosk.live.dates_changed()
    assert titles(kiosk) == ["Always", "Today only"]
    assert status(kiosk)["topics_shown"] == 2
    wall.now = datetime(2026, 12, 1, 16, 30)
    kiosk.live.dates_changed()
    # A patient reads it as it ends: it stays until they are done.
    kiosk.window.open_topic("b")
    wall.now = datetime(2026, 12, 1, 17, 0)
    kiosk.live.dates_changed()
    assert kiosk.window.current_screen is Screen.TOPIC
    assert titles(kiosk) == ["Always", "Today only"]
    kiosk.window.go_home()
    assert titles(kiosk) == ["Always"]
    assert not kiosk.live.dated.isActive()  # nothing more comes or goes


def test_a_dated_slide_shows_only_in_its_season(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    wall = WallClock(datetime(2026, 9, 30, 23, 59))
    root = make_pack(
        {
            "a.md": dated(title="Always"),
            "slides/01-welcome.md": "Welcome.\n",
            "slides/02-flu.md": "---\nshow_from: 2026-10-01\nshow_until: 2027-03-31\n---\nFlu.\n",
        }
    )
    kiosk = make_kiosk(root, now=wall)
    kiosk.controller.reset_now()  # the slideshow
    assert kiosk.window.pack is not None
    assert [s.file for s in kiosk.window.pack.default.slides] == ["slides/01-welcome.md"]
    wall.now += timedelta(minutes=1)
    kiosk.live.dates_changed()  # the slideshow is at rest: at once
    assert [s.file for s in kiosk.window.pack.default.slides] == [
        "slides/01-welcome.md",
        "slides/02-flu.md",
    ]
    assert kiosk.window.current_screen is Screen.SLIDESHOW


def test_when_every_topic_is_out_of_its_dates_the_calm_page_shows(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    wall = WallClock(datetime(2026, 12, 1, 12, 0))
    kiosk = make_kiosk(make_pack({"a.md": dated(show_from="2026-12-02")}), now=wall)
    assert kiosk.window.current_screen is Screen.UPDATING
    assert kiosk.live.report().shown[-1] == "1 topic not shown now: outside its dates."
    wall.now = datetime(2026, 12, 2)
    kiosk.live.dates_changed()
    assert kiosk.window.current_screen is Screen.HOME
