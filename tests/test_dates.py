"""Dated content: when a topic or slide shows, and the pack as it is at a moment."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from kiosk import loader
from kiosk.dates import next_change, parse_moment, visible
from kiosk.pack import DateWindow
from tests.conftest import GOOD_TOPIC, MakePack


def dated(show_from: str = "", show_until: str = "", title: str = "Flu") -> str:
    lines = f"show_from: {show_from}\n" if show_from else ""
    lines += f"show_until: {show_until}\n" if show_until else ""
    return GOOD_TOPIC.replace("title: Sleep\n", f"title: {title}\n{lines}")


@pytest.mark.parametrize(
    ("value", "key", "moment"),
    [
        (date(2026, 12, 1), "show_from", datetime(2026, 12, 1)),
        (date(2026, 12, 1), "show_until", datetime(2026, 12, 2)),  # all of that day
        ("2026-12-01", "show_until", datetime(2026, 12, 2)),
        ("2026-12-01 08:30", "show_from", datetime(2026, 12, 1, 8, 30)),
        ("2026-12-01T08:30", "show_until", datetime(2026, 12, 1, 8, 30)),
        (datetime(2026, 12, 1, 8, 30), "show_until", datetime(2026, 12, 1, 8, 30)),
        ("next week", "show_from", None),
        (20261201, "show_from", None),
        (["2026-12-01"], "show_from", None),
    ],
)
def test_a_moment_is_a_day_or_a_day_and_time(value: object, key: str, moment: object) -> None:
    assert parse_moment(value, key) == moment


def test_a_moment_with_an_offset_is_the_kiosks_local_time() -> None:
    utc = datetime(2026, 12, 1, 13, 0, tzinfo=UTC)
    assert parse_moment(utc, "show_from") == utc.astimezone().replace(tzinfo=None)


def test_moments_at_the_ends_of_the_calendar_neither_overflow_nor_stop_the_load() -> None:
    """The first moment, written with the offset furthest east, is before any local time: not
    a moment. The last day, as show_until, lasts until the last moment there is."""
    assert parse_moment("0001-01-01 00:00+14:00", "show_from") is None
    assert parse_moment(datetime(1, 1, 2, tzinfo=UTC), "show_from") is not None
    assert parse_moment(date.max, "show_until") == datetime.max
    assert parse_moment("9999-12-31", "show_until") == datetime.max


def test_a_window_holds_from_its_start_until_just_before_its_end() -> None:
    window = DateWindow(datetime(2026, 12, 1, 8), datetime(2026, 12, 24))
    assert not window.holds(datetime(2026, 12, 1, 7, 59))
    assert window.holds(datetime(2026, 12, 1, 8))
    assert window.holds(datetime(2026, 12, 23, 23, 59))
    assert not window.holds(datetime(2026, 12, 24))
    assert DateWindow().holds(datetime(1999, 1, 1))
    assert DateWindow(datetime(2026, 12, 2), datetime(2026, 12, 1)).never


def test_the_pack_at_a_moment_and_when_it_next_changes(make_pack: MakePack) -> None:
    root = make_pack(
        {
            "a.md": GOOD_TOPIC,
            "b.md": dated(show_from="2026-12-01 08:00", show_until="2026-12-24", title="Flu"),
            "slides/01-flu.md": "---\nshow_until: 2026-11-30\n---\nFlu jabs.\n",
            "slides/02-all.md": "Welcome.\n",
        }
    )
    pack = loader.load(root)
    before = visible(pack, datetime(2026, 12, 1, 7, 59))
    assert before is not None
    assert [t.title for t in before.default.topics] == ["Sleep"]
    assert [s.file for s in before.default.slides] == ["slides/02-all.md"]
    during = visible(pack, datetime(2026, 12, 1, 8))
    assert during is not None
    assert [t.title for t in during.default.topics] == ["Sleep", "Flu"]
    assert next_change(pack, datetime(2026, 11, 30, 12)) == datetime(2026, 12, 1)
    assert next_change(pack, datetime(2026, 12, 1, 1)) == datetime(2026, 12, 1, 8)
    assert next_change(pack, datetime(2026, 12, 1, 8)) == datetime(2026, 12, 25)
    assert next_change(pack, datetime(2026, 12, 25)) is None
    assert visible(loader.load(make_pack({"a.md": GOOD_TOPIC})), datetime(2026, 1, 1)) is not None


def test_when_no_topic_is_in_its_dates_nothing_shows(make_pack: MakePack) -> None:
    pack = loader.load(make_pack({"a.md": dated(show_until="2026-11-30")}))
    assert visible(pack, datetime(2026, 12, 1)) is None
    assert visible(pack, datetime(2026, 11, 30, 23, 59)) is not None
    assert visible(pack, datetime(2026, 11, 30) + timedelta(days=1)) is None
