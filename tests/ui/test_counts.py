"""The kiosk counts topic opens and reading time, anonymously, and shows staff the top."""

from __future__ import annotations

import io
from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk import stats
from kiosk.ui.app import Kiosk
from kiosk.ui.screens import Screen
from tests.conftest import FakeClock
from tests.ui.conftest import MakeKiosk, plain


def totals(kiosk: Kiosk) -> dict[str, stats.TopicTotal]:
    assert kiosk.counts.flush(5.0)
    return {t.topic: t for t in kiosk.counts.top_topics(days=7, limit=20)}


def test_opening_a_topic_counts_once_and_time_counts_to_the_last_touch(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    clock = FakeClock()
    kiosk = make_kiosk(clock=clock)
    window = kiosk.window
    first = window.home.cards[0].topic_id
    qtbot.mouseClick(window.home.cards[0], Qt.MouseButton.LeftButton)
    clock.advance(40)
    kiosk.session.activity()  # a swipe 40 s in
    clock.advance(30)
    kiosk.session.activity()  # the touch on Home, 70 s in
    qtbot.mouseClick(window.nav.home_button, Qt.MouseButton.LeftButton)
    counted = totals(kiosk)
    assert counted[first].opens == 1
    assert counted[first].seconds == 70


def test_a_patient_who_walks_away_is_not_counted_as_reading(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    clock = FakeClock()
    kiosk = make_kiosk(clock=clock)
    window = kiosk.window
    topic = window.home.cards[1].topic_id
    window.open_topic(topic)
    kiosk.session.activity()
    clock.advance(25)
    kiosk.session.activity()
    clock.advance(600)  # gone: the reset comes long after the last touch
    kiosk.controller.reset_now()
    assert window.current_screen is Screen.SLIDESHOW
    assert totals(kiosk)[topic].seconds == 25


def test_back_to_a_topic_is_not_a_second_opening(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    kiosk = make_kiosk()
    window = kiosk.window
    assert window.edition is not None
    first, second = (t.id for t in window.edition.topics[:2])
    window.open_topic(first)
    window.follow_link(second)
    window.go_back()
    window.go_home()
    counted = totals(kiosk)
    assert counted[first].opens == 1
    assert counted[second].opens == 1


def test_counts_keep_no_more_than_day_language_topic_title_opens_seconds(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    kiosk = make_kiosk()
    kiosk.window.set_language("es")
    kiosk.window.open_topic(kiosk.window.home.cards[0].topic_id)
    kiosk.window.go_home()
    assert kiosk.counts.flush(5.0)
    out = io.StringIO()
    stats.export_csv(kiosk.counts.path, out)
    header, row, *rest = out.getvalue().splitlines()
    assert header == "day,language,topic,title,opens,seconds"
    assert row.startswith(f"{date.today().isoformat()},es,01-understanding-ptsd,")
    assert rest == []


def test_the_staff_panel_shows_the_most_opened_topics_this_week(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    kiosk = make_kiosk(pin="2468")
    window = kiosk.window
    assert window.edition is not None
    for _ in range(3):
        window.open_topic(window.edition.topics[2].id)
        window.go_home()
    window.open_topic(window.edition.topics[0].id)
    window.go_home()
    assert kiosk.counts.flush(5.0)
    kiosk.staff.show_panel()
    most = plain(window.staff_panel.week)
    assert most.index(window.edition.topics[2].title) < most.index(window.edition.topics[0].title)
    assert f"1. {window.edition.topics[2].title}: opened 3 times, " in most


def test_a_broken_counts_file_is_reported_to_staff_and_the_kiosk_goes_on(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    kiosk = make_kiosk(pin="2468")
    kiosk.counts.path.parent.mkdir(parents=True, exist_ok=True)
    kiosk.counts.path.write_bytes(b"this is not a database" * 100)
    window = kiosk.window
    window.open_topic(window.home.cards[0].topic_id)
    window.go_home()
    assert kiosk.counts.flush(5.0)
    kiosk.staff.show_panel()
    assert "Topic counts:" in plain(window.staff_panel.week)
    assert "set" in kiosk.counts.problem or "moved" in kiosk.counts.problem
    assert totals(kiosk)[window.home.cards[0].topic_id].opens == 1  # counting went on
