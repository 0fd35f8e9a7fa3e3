"""Opening hours: when the kiosk is lit, from `[hours]` in pack.toml or the machine
config (the machine's win, as for every setting).

    [hours]
    monday = "08:00-17:00"
    friday = "08:00-12:00, 13:00-16:00"
    saturday = "closed"             # a day left out is closed too, once any day is set
    closed_dates = [2026-12-25, 2027-01-01]
    grace_minutes = 10              # lit this long before opening and after closing
    time_zone = "America/Chicago"   # else the computer's

With no day set the kiosk is always open. Times are the clinic's wall clock in its time
zone (`zoneinfo`), so a change to or from daylight saving time moves nothing. Nothing
here imports Qt.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:
    from kiosk.config import Settings

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
CLOSED = "closed"
OPENING_FORMS = "times such as '08:00-17:00' or '08:00-12:00, 13:00-17:00', or 'closed'"
_SPAN = re.compile(r"\s*([01]?\d|2[0-3]):([0-5]\d)\s*-\s*([01]?\d|2[0-4]):([0-5]\d)\s*")
LOOK_AHEAD_DAYS = 400  # a year of closed dates and a little more

Span = tuple[time, time | None]  # None: until midnight (24:00)


def opening_times(value: object) -> str:
    """A day's opening times as written, checked ("08:00-17:00, 18:00-20:00", "closed").

    Raises:
        ValueError: not times a day can have (each span starts before it ends).
    """
    if not isinstance(value, str):
        raise ValueError(value)
    text = value.strip().lower()
    if text == CLOSED:
        return CLOSED
    spans = _spans(text)
    return ", ".join(
        f"{start:%H:%M}-{end:%H:%M}" if end else f"{start:%H:%M}-24:00" for start, end in spans
    )


def _spans(text: str) -> list[Span]:
    if text in ("", CLOSED):
        return []
    spans: list[Span] = []
    for part in text.split(","):
        match = _SPAN.fullmatch(part)
        if match is None:
            raise ValueError(text)
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h2 == 24 and m2:
            raise ValueError(text)
        start, end = time(h1, m1), (None if h2 == 24 else time(h2, m2))
        if end is not None and end <= start:
            raise ValueError(text)
        spans.append((start, end))
    return spans


def closed_dates(value: object) -> tuple[date, ...]:
    """Closed dates as TOML gives them (dates, or "YYYY-MM-DD" text), checked."""
    if not isinstance(value, list):
        raise ValueError(value)
    days = []
    for item in value:
        if isinstance(item, datetime):
            raise ValueError(item)
        if isinstance(item, date):
            days.append(item)
        elif isinstance(item, str):
            days.append(date.fromisoformat(item.strip()))
        else:
            raise ValueError(item)
    return tuple(sorted(set(days)))


def time_zone(value: object) -> str:
    """A time zone's name ("Europe/London"), checked against the computer's tz database."""
    if not isinstance(value, str):
        raise ValueError(value)
    if value:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(value) from exc
    return value


@dataclass(frozen=True)
class Schedule:
    """The week's opening times, the closed dates, the grace and the time zone."""

    week: tuple[tuple[Span, ...], ...]  # Monday first
    closed: frozenset[date]
    grace: timedelta
    zone: ZoneInfo | None

    @classmethod
    def of(cls, settings: Settings) -> Schedule | None:
        """The schedule `settings` give; None when no day is set (always open)."""
        days = [getattr(settings, f"hours_{day}") for day in DAYS]
        if not any(days):
            return None
        return cls(
            tuple(tuple(_spans(day)) for day in days),
            frozenset(settings.hours_closed_dates),
            timedelta(minutes=settings.hours_grace_minutes),
            ZoneInfo(settings.hours_time_zone) if settings.hours_time_zone else None,
        )

    def local(self, moment: datetime) -> datetime:
        """`moment` (naive: the computer's local time) on the clinic's clock: aware in its
        time zone, or the computer's local time, naive, when it names none."""
        if self.zone is not None:
            return moment.astimezone(self.zone)
        return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment

    def seconds_to_change(self, moment: datetime) -> float | None:
        """Real seconds until `next_change` (across a change of clocks, too: aware times in
        one zone subtract as wall times, so both are taken to UTC first)."""
        change = self.next_change(moment)
        if change is None:
            return None
        here = self.local(moment)
        if self.zone is not None:
            change, here = change.astimezone(UTC), here.astimezone(UTC)
        return (change - here).total_seconds()

    def is_open(self, moment: datetime) -> bool:
        here = self.local(moment)
        return any(start <= here < end for start, end in self._around(here.date()))

    def next_change(self, moment: datetime) -> datetime | None:
        """When the kiosk next opens or closes after `moment` (None: never again)."""
        here = self.local(moment)
        opened = self.is_open(here)
        for start, end in self._from(here.date() - timedelta(days=1)):
            if not opened and start > here:
                return start
            if opened and end > here and not self.is_open(end):
                return end
        return None

    def next_opening(self, moment: datetime) -> datetime | None:
        """When the kiosk next opens after `moment`, on the clinic's clock, without the
        grace (the time a clinic says it opens)."""
        here = self.local(moment)
        for start, _ in self._from(here.date()):
            if start > here:
                return start + self.grace
        return None

    def _around(self, day: date) -> list[tuple[datetime, datetime]]:
        return [span for offset in (-1, 0, 1) for span in self._day(day + timedelta(offset))]

    def _from(self, day: date) -> Iterator[tuple[datetime, datetime]]:
        for offset in range(LOOK_AHEAD_DAYS):
            yield from self._day(day + timedelta(offset))

    def _day(self, day: date) -> list[tuple[datetime, datetime]]:
        """The day's lit spans, grace included, as moments on the clinic's clock."""
        if day in self.closed:
            return []
        spans = []
        for start, end in self.week[day.weekday()]:
            begin = datetime.combine(day, start, self.zone)
            finish = (
                datetime.combine(day, end, self.zone)
                if end is not None
                else datetime.combine(day + timedelta(days=1), time(), self.zone)
            )
            spans.append((begin - self.grace, finish + self.grace))
        return sorted(spans)
