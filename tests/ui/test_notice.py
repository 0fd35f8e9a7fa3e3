"""The urgent notice on every screen: it comes, changes language, survives a broken file,
and goes when removed or when its time is up."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk import paths
from kiosk.ui.app import Kiosk
from kiosk.ui.screens import Screen
from tests.conftest import MakePack
from tests.ui.conftest import WALL_TIME, MakeKiosk, plain
from tests.ui.test_dated import WallClock
from tests.ui.test_live_content import status

NOTICE = (
    'message = "The clinic closes at 3 pm today."\nuntil = 15:00:00\n'
    '[languages]\nes = "La clínica cierra hoy a las 3 de la tarde."\n'
)


def notice_file(kiosk: Kiosk) -> Path:
    return paths.notice_file(kiosk.data)


def put(kiosk: Kiosk, text: str) -> None:
    """Write the notice file, as staff would on the day of the kiosks' wall clock (a time
    alone is that day's)."""
    path = notice_file(kiosk)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    written = WALL_TIME.timestamp()
    os.utime(path, (written, written))
    kiosk.notices.look()


def test_a_notice_shows_across_every_screen_in_the_patients_language(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    kiosk = make_kiosk()
    window, banner = kiosk.window, kiosk.window.notice
    assert not banner.isVisible()
    put(kiosk, NOTICE)
    assert banner.isVisible()
    assert plain(banner) == "The clinic closes at 3 pm today."
    assert banner.geometry().top() == 0  # above everything, the top bar too
    window.open_topic(window.home.cards[0].topic_id)
    assert banner.isVisible()
    window.set_language("es")
    assert plain(banner) == "La clínica cierra hoy a las 3 de la tarde."
    kiosk.controller.reset_now()
    assert window.current_screen is Screen.SLIDESHOW
    assert banner.isVisible()
    assert plain(banner) == "The clinic closes at 3 pm today."  # the reset: the pack's own
    written = status(kiosk)
    assert written["notice"] == "The clinic closes at 3 pm today."
    assert written["notice_until"] == "2026-12-01T15:00"
    kiosk.staff.show_panel()
    assert 'Notice on every screen, until 1 Dec 15:00: "The clinic closes' in plain(
        window.staff_panel.shown
    )


def test_a_broken_notice_file_keeps_the_last_good_one_and_says_why(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    kiosk = make_kiosk()
    put(kiosk, NOTICE)
    put(kiosk, 'message = "half written\n')
    assert kiosk.window.notice.isVisible()
    assert plain(kiosk.window.notice) == "The clinic closes at 3 pm today."
    assert [p["rule"] for p in status(kiosk)["notice_problems"]] == ["config-syntax"]
    kiosk.staff.show_panel()
    assert "Notice file: notice.toml:1: error: not valid TOML" in plain(
        kiosk.window.staff_panel.shown
    )
    notice_file(kiosk).unlink()
    kiosk.notices.look()
    assert not kiosk.window.notice.isVisible()
    assert status(kiosk)["notice"] is None


def test_a_notice_goes_when_its_time_is_up(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    wall = WallClock(datetime(2026, 12, 1, 14, 59))
    kiosk = make_kiosk(now=wall)
    put(kiosk, NOTICE)
    assert kiosk.window.notice.isVisible()
    wall.now = datetime(2026, 12, 1, 15, 0)
    kiosk.notices.look()
    assert not kiosk.window.notice.isVisible()


def test_a_notice_shows_over_the_updating_page_too(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    root = make_pack({"a.md": "---\ntitle: Broken\n"})
    kiosk = make_kiosk(root)
    assert kiosk.window.current_screen is Screen.UPDATING
    put(kiosk, 'message = "We are closed today."\n')
    assert kiosk.window.notice.isVisible()
