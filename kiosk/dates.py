"""Dated content: topics and slides that show only between their ``show_from`` and
``show_until`` (a flu-season slide, a topic for a clinic's new service).

Front matter gives either a day (``2026-12-01``: from its start, or until its end) or a
day and time (``2026-12-01 08:00``), in the kiosk's local time; `parse_moment` reads
each into a bound of a `kiosk.pack.DateWindow`. `visible` is a pack as it shows at a
moment, and `next_change` when that will next differ, so the kiosk switches at the
right moment without a reload. Nothing here reads a file or imports Qt.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta
from typing import Any

from kiosk.pack import DateWindow, Edition, Pack

DATE_KEYS = ("show_from", "show_until")
DATE_FORMS = "a date written YYYY-MM-DD, or a date and time written YYYY-MM-DD HH:MM"


def parse_moment(value: Any, key: str) -> datetime | None:
    """A front-matter value of `key` as the moment it means: a day's start for
    ``show_from``, the next day's start (the day's end) for ``show_until``; None when it
    is neither a date nor a date and time."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        day = datetime.combine(value, time())
        if key != "show_until":
            return day
        return day + timedelta(days=1) if day.date() < date.max else datetime.max
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
        if len(value.strip()) == len("YYYY-MM-DD"):  # a day written as text
            return parse_moment(moment.date(), key)
    else:
        return None
    if moment.tzinfo is not None:  # YAML gives an offset's time as UTC: the kiosk's own
        try:
            moment = moment.astimezone().replace(tzinfo=None)
        except OverflowError:  # 0001-01-01 00:00+14:00 is before the first moment there is
            return None
    return moment


def visible(pack: Pack, now: datetime) -> Pack | None:
    """`pack` as it shows at `now`: each topic and slide in its window, and the editions
    left with a topic; None when no topic shows now (the "being updated" page shows)."""
    if not any(_dated(edition) for edition in pack.editions):
        return pack
    editions = [_visible(edition, now) for edition in pack.editions]
    kept = tuple(edition for edition in editions if edition.topics)
    if not kept:
        return None
    # Cards rendered with every topic linkable would link to topics out of their dates:
    # they render again as shown, where such a link is left out and its words stay.
    hidden = sum(len(e.topics) for e in pack.editions) > sum(len(e.topics) for e in kept)
    rendered = {} if hidden else pack.rendered
    return dataclasses.replace(pack, editions=kept, rendered=rendered)


def next_change(pack: Pack, now: datetime) -> datetime | None:
    """The first moment after `now` at which a topic or slide comes or goes."""
    later = [
        moment
        for edition in pack.editions
        for window in _windows(edition)
        for moment in window.bounds
        if moment > now
    ]
    return min(later, default=None)


def _windows(edition: Edition) -> list[DateWindow]:
    return [t.shown for t in edition.topics] + [s.shown for s in edition.slides]


def _dated(edition: Edition) -> bool:
    return any(window.bounds for window in _windows(edition))


def _visible(edition: Edition, now: datetime) -> Edition:
    return dataclasses.replace(
        edition,
        topics=tuple(t for t in edition.topics if t.shown.holds(now)),
        slides=tuple(s for s in edition.slides if s.shown.holds(now)),
    )
