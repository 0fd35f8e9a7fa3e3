"""Opening hours: the week, closed dates, the grace either side, time zones and daylight
saving time, checked as settings."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk import config
from kiosk.config import Settings
from kiosk.hours import Schedule, opening_times

CHICAGO = ZoneInfo("America/Chicago")


def schedule(**hours: object) -> Schedule:
    values = {f"hours_{key}": value for key, value in hours.items()}
    found = Schedule.of(dataclasses.replace(Settings(), **values))
    assert found is not None
    return found


WEEK = {day: "08:00-17:00" for day in ("monday", "tuesday", "wednesday", "thursday")}
WEEK["friday"] = "08:00-12:00, 13:00-16:00"


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=CHICAGO)  # type: ignore[misc]


def test_no_day_set_is_always_open() -> None:
    assert Schedule.of(Settings()) is None


def test_open_in_the_week_with_grace_and_closed_on_unset_days() -> None:
    week = schedule(**WEEK, grace_minutes=10, time_zone="America/Chicago")
    # Tuesday 1 December 2026.
    assert not week.is_open(at(2026, 12, 1, 7, 49))
    assert week.is_open(at(2026, 12, 1, 7, 50))  # ten minutes' grace before opening
    assert week.is_open(at(2026, 12, 1, 17, 9))
    assert not week.is_open(at(2026, 12, 1, 17, 10))
    assert week.next_change(at(2026, 12, 1, 12)) == at(2026, 12, 1, 17, 10)
    assert week.next_opening(at(2026, 12, 1, 18)) == at(2026, 12, 2, 8, 0)
    # Friday's lunch: closed from 12:10 to 12:50; the weekend is not set, so closed.
    assert not week.is_open(at(2026, 12, 4, 12, 30))
    assert week.next_change(at(2026, 12, 4, 12, 30)) == at(2026, 12, 4, 12, 50)
    assert week.next_change(at(2026, 12, 4, 15)) == at(2026, 12, 4, 16, 10)
    assert week.next_opening(at(2026, 12, 4, 17)) == at(2026, 12, 7, 8, 0)
    assert not week.is_open(at(2026, 12, 5, 10))


def test_closed_dates_and_a_day_open_to_midnight() -> None:
    week = schedule(
        **{**WEEK, "saturday": "20:00-24:00"},
        closed_dates=(date(2026, 12, 24),),
        grace_minutes=0,
        time_zone="America/Chicago",
    )
    assert not week.is_open(at(2026, 12, 24, 10))  # a Thursday, but closed
    assert week.next_opening(at(2026, 12, 23, 18)) == at(2026, 12, 25, 8, 0)
    assert week.is_open(at(2026, 12, 5, 23, 59))
    assert not week.is_open(at(2026, 12, 6, 0, 0))


def test_daylight_saving_time_moves_nothing_on_the_clinics_clock() -> None:
    """8 March 2026 (a Sunday) Chicago goes to summer time: Monday opens at 8:00 local,
    which is an hour earlier in UTC than the Monday before."""
    week = schedule(**WEEK, grace_minutes=0, time_zone="America/Chicago")
    before = week.next_opening(at(2026, 3, 6, 18))
    assert before == at(2026, 3, 9, 8, 0)
    assert before.utcoffset().total_seconds() == -5 * 3600  # type: ignore[union-attr]
    winter = week.next_opening(at(2026, 3, 2, 7))
    assert winter.utcoffset().total_seconds() == -6 * 3600  # type: ignore[union-attr]
    # A naive moment is the computer's own time, put on the clinic's clock.
    utc_noon = datetime(2026, 3, 9, 13, 0, tzinfo=ZoneInfo("UTC"))
    assert week.is_open(utc_noon)  # 8:00 in Chicago


@pytest.mark.parametrize(
    ("value", "normal"),
    [
        ("08:00-17:00", "08:00-17:00"),
        (" 8:00 - 12:00 ,13:00-17:30", "08:00-12:00, 13:00-17:30"),
        ("Closed", "closed"),
        ("20:00-24:00", "20:00-24:00"),
    ],
)
def test_opening_times_are_written_as_people_write_them(value: str, normal: str) -> None:
    assert opening_times(value) == normal


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[hours]\nmonday = "9 to 5"\n', "hours.monday must be times such as '08:00-17:00'"),
        ('[hours]\nmonday = "17:00-08:00"\n', "hours.monday must be times"),
        ("[hours]\nclosed_dates = [2026-13-01]\n", "not valid TOML"),
        ('[hours]\nclosed_dates = ["Christmas"]\n', "hours.closed_dates must be a list of dates"),
        ('[hours]\ntime_zone = "Mars/Olympus"\n', "hours.time_zone must be a time zone name"),
        ('[hours]\ndisplay_off = "hdmi"\n', "hours.display_off must be one of"),
        ("[hours]\ngrace_minutes = 600\n", "hours.grace_minutes must be a whole number"),
    ],
)
def test_wrong_hours_are_located_errors(text: str, message: str) -> None:
    values, problems = config.read_pack_toml(text)
    assert values == {}
    assert [p.line for p in problems] == [2 if "TOML" not in message else problems[0].line]
    assert message in problems[0].message


def test_the_machine_configs_hours_win_over_the_packs() -> None:
    pack, _ = config.read_pack_toml('[hours]\nmonday = "08:00-17:00"\ntuesday = "08:00-17:00"\n')
    machine, problems = config.machine_layer({"hours": {"monday": "closed"}})
    assert problems == []
    settings = Settings.from_layers(pack, machine)
    assert (settings.hours_monday, settings.hours_tuesday) == ("closed", "08:00-17:00")


def test_the_wait_across_a_change_of_clocks_is_real_time() -> None:
    """Chicago springs forward at 02:00 on 8 March 2026: from 01:30 to an opening at
    03:00 is half an hour, not an hour and a half."""
    night = schedule(sunday="03:00-04:00", grace_minutes=0, time_zone="America/Chicago")
    assert night.seconds_to_change(at(2026, 3, 8, 1, 30)) == 30 * 60
