"""What the kiosk shows of its pack folder, and how well, in words for staff.

The staff panel and status.json both say it from one `Report`: its health at a glance
(good, attention, fault), what is on screen and which copy it is, and the folder's current
problems. A report is made afresh from the state every time it is asked for, so what it
says is true at that moment. Nothing here reads a file or imports Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kiosk import dates
from kiosk.checked import Checked, where
from kiosk.pack import Pack
from kiosk.problem import Level, Problem


class Copy(StrEnum):
    """Which copy of the content is on screen (status.json's `showing`)."""

    FOLDER = "pack folder"  # the folder's pack, whole
    PART = "part of the pack folder"  # a first start with errors: the topics without
    LAST_GOOD = "last good copy"  # the folder's pack has errors: the copy kept from before
    NOTHING = "updating page"  # no pack can be shown


class Health(StrEnum):
    """How things stand: green, amber or red on the staff panel."""

    GOOD = "good"  # the folder's pack is shown, with no problems
    ATTENTION = "attention"  # shown, with warnings, or a new pack waits for its moment
    FAULT = "fault"  # the folder's pack is not shown as it is (errors, or no pack)


@dataclass(frozen=True)
class OnScreen:
    """What patients see now.

    Attributes:
        copy: Which copy it is.
        pack: The pack on screen (None with `Copy.NOTHING`).
        since: When it went on screen.
        left_out: With `Copy.PART`, each file left out and its first error.
    """

    copy: Copy
    pack: Pack | None
    since: datetime | None
    left_out: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Report:
    """The content's state for staff.

    Attributes:
        health: At a glance.
        headline: The health in one sentence.
        shown: What is on screen, a sentence a line.
        problems: The folder's current problems, errors first.
    """

    health: Health
    headline: str
    shown: tuple[str, ...]
    problems: tuple[Problem, ...]


def report(
    on_screen: OnScreen,
    folder: Checked,
    pending: Pack | None,
    now: datetime,
    name_of: Callable[[str], str] = str,
    held: str = "",
) -> Report:
    """The report on `on_screen`, given the folder's last check, any pack waiting to go
    on at the next return to Home, and why a pack that passed is held back ("" if none).
    `name_of` gives a language's name from its code."""
    problems = tuple(sorted(folder.problems, key=lambda p: p.level is not Level.ERROR))
    return Report(
        *_health(on_screen, folder, pending, now, held),
        _shown(on_screen, now, name_of),
        problems,
    )


def _health(
    on_screen: OnScreen, folder: Checked, pending: Pack | None, now: datetime, held: str
) -> tuple[Health, str]:
    copy = on_screen.copy
    if not folder.ok:
        if copy is Copy.NOTHING:
            return Health.FAULT, (
                f"Not loaded: {folder.summary()}; patients see the 'being updated' page."
            )
        if copy is Copy.PART:
            kept = len(on_screen.pack.default.topics) if on_screen.pack else 0
            return Health.FAULT, (
                f"Not loaded whole: {folder.summary()}; showing the {topics(kept)} without errors."
            )
        shown = still(on_screen, now)
        return Health.FAULT, f"Not loaded: {folder.summary()}; still showing {shown}."
    if on_screen.pack is not None and dates.visible(on_screen.pack, now) is None:
        return Health.ATTENTION, (
            "No topic is within its show_from and show_until dates now: patients see the "
            "'being updated' page."
        )
    if held:
        return Health.ATTENTION, f"A new pack in the folder is not shown yet: {held}."
    waiting = pending or (folder.pack if copy is not Copy.FOLDER else None)
    if waiting is not None:
        return Health.ATTENTION, (
            f"A new pack ({version(waiting)}) passed its check; it shows at the next return "
            f"to Home, {still(on_screen, now)} until then."
        )
    if folder.warnings:
        count = len(folder.warnings)
        return Health.ATTENTION, (
            f"Showing the pack folder's pack, with {count} warning{'' if count == 1 else 's'}."
        )
    return Health.GOOD, "All well: showing the pack folder's pack, with no problems."


def _shown(on_screen: OnScreen, now: datetime, name_of: Callable[[str], str]) -> tuple[str, ...]:
    pack = on_screen.pack
    if pack is None:
        return ("No topics: patients see the 'being updated' page.",)
    when = at(on_screen.since, now) if on_screen.since else "at start"
    where_from = {
        Copy.FOLDER: f"From the pack folder, loaded {when}.",
        Copy.PART: f"Part of the pack folder, loaded {when}.",
        Copy.LAST_GOOD: (
            f"The last good copy, kept from an earlier pack, loaded {when} (the pack "
            "folder's own pack has errors)."
        ),
    }[on_screen.copy]
    lines = [f"{pack.settings.title}, {version(pack)}.", where_from, _topics_in(pack, name_of)]
    lines += [f"Left out: {where(p)}, {p.message}." for p in on_screen.left_out]
    now_shown = dates.visible(pack, now)
    hidden = _count(pack) - (_count(now_shown) if now_shown is not None else 0)
    if hidden:
        lines.append(
            f"{topics(hidden)} not shown now: outside {'its' if hidden == 1 else 'their'} dates."
        )
    return tuple(lines)


def _count(pack: Pack) -> int:
    """Topics in every language (a topic in two counts twice: each may have its dates)."""
    return sum(len(edition.topics) for edition in pack.editions)


def _topics_in(pack: Pack, name_of: Callable[[str], str]) -> str:
    """ "8 topics in English and Español.", or each language's count when they differ
    ("8 topics in English, 7 in Español.": one left out in one language only)."""
    counts = [(len(e.topics), name_of(e.language)) for e in pack.editions]
    if len({count for count, _ in counts}) == 1:
        said = f"{topics(counts[0][0])} in {' and '.join(name for _, name in counts)}"
    else:
        (count, name), *others = counts
        said = ", ".join([f"{topics(count)} in {name}", *(f"{n} in {o}" for n, o in others)])
    return f"{said[:1].upper()}{said[1:]}."


def still(on_screen: OnScreen, now: datetime) -> str:
    """The copy on screen as in "still showing ...": "version 2026.11.1, loaded at 09:10",
    "the pack loaded at 09:10" (one with no version), "the last good copy, loaded ..."."""
    when = at(on_screen.since, now) if on_screen.since else "at start"
    if on_screen.copy is Copy.LAST_GOOD:
        return f"the last good copy, loaded {when}"
    if on_screen.pack is None:
        return "the 'being updated' page"
    if on_screen.copy is Copy.PART:
        return f"the {topics(len(on_screen.pack.default.topics))} without errors, loaded {when}"
    if not on_screen.pack.settings.version:
        return f"the pack loaded {when}"
    return f"{version(on_screen.pack)}, loaded {when}"


def version(pack: Pack) -> str:
    return f"version {pack.settings.version}" if pack.settings.version else "no version set"


def topics(count: int) -> str:
    return f"{count} topic{'' if count == 1 else 's'}"


def at(moment: datetime, now: datetime) -> str:
    """A time as staff say it: "at 09:10" today, "on 30 Nov at 09:10" another day."""
    if moment.date() == now.date():
        return f"at {moment:%H:%M}"
    return f"on {moment.day} {moment:%b} at {moment:%H:%M}"
