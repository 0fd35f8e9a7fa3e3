"""What staff are told of the content: health at a glance, what is shown, which copy."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from kiosk import loader
from kiosk.checked import Checked
from kiosk.pack import Pack
from kiosk.problem import error, warning
from kiosk.showing import Copy, Health, OnScreen, at, report
from tests.conftest import GOOD_TOPIC, MakePack

NOW = datetime(2026, 12, 1, 10, 42)
LOADED = datetime(2026, 12, 1, 9, 10)
BROKEN = Checked(None, (error("05-side-effects.md", 12, "section-empty", "a section is empty"),))


@pytest.fixture
def pack(make_pack: MakePack) -> Pack:
    root = make_pack(
        {
            "pack.toml": '[pack]\ntitle = "Clinic"\nversion = "2026.11.1"\nlanguage = "en"\n',
            "en/a.md": GOOD_TOPIC,
            "en/b.md": GOOD_TOPIC,
            "es/a.md": GOOD_TOPIC,
            "es/b.md": GOOD_TOPIC,
        }
    )
    return loader.load(root)


def on(pack: Pack | None, copy: Copy = Copy.FOLDER, since: datetime = LOADED) -> OnScreen:
    return OnScreen(copy, pack, since)


def test_all_well_is_green_and_says_what_is_shown(pack: Pack) -> None:
    said = report(on(pack), Checked(pack), None, NOW, {"en": "English", "es": "Español"}.get)
    assert said.health is Health.GOOD
    assert said.headline == "All well: showing the pack folder's pack, with no problems."
    assert said.shown == (
        "Clinic, version 2026.11.1.",
        "From the pack folder, loaded at 09:10.",
        "2 topics in English and Español.",
    )
    assert said.problems == ()


def test_warnings_or_a_waiting_pack_are_amber(pack: Pack) -> None:
    warned = Checked(pack, (warning("en/a.md", 3, "sources-missing", "no sources"),))
    said = report(on(pack), warned, None, NOW)
    assert said.health is Health.ATTENTION
    assert said.headline == "Showing the pack folder's pack, with 1 warning."
    assert said.problems == warned.problems
    newer = dataclasses.replace(
        pack, settings=dataclasses.replace(pack.settings, version="2026.12.0")
    )
    waiting = report(on(pack), Checked(newer), newer, NOW)
    assert waiting.health is Health.ATTENTION
    assert waiting.headline == (
        "A new pack (version 2026.12.0) passed its check; it shows at the next return to "
        "Home, version 2026.11.1, loaded at 09:10 until then."
    )


def test_a_refused_pack_is_red_and_says_what_still_shows(pack: Pack) -> None:
    said = report(on(pack), BROKEN, None, NOW)
    assert said.health is Health.FAULT
    assert said.headline == (
        "Not loaded: 1 error in 05-side-effects.md line 12; still showing version "
        "2026.11.1, loaded at 09:10."
    )
    yesterday = report(on(pack, since=datetime(2026, 11, 30, 16, 5)), BROKEN, None, NOW)
    assert "loaded on 30 Nov at 16:05" in yesterday.headline
    kept = report(on(pack, Copy.LAST_GOOD), BROKEN, None, NOW)
    assert kept.headline.endswith("still showing the last good copy, loaded at 09:10.")
    assert "The last good copy, kept from an earlier pack" in kept.shown[1]


def test_no_pack_and_part_of_a_pack_are_red(pack: Pack) -> None:
    nothing = report(on(None, Copy.NOTHING), BROKEN, None, NOW)
    assert nothing.health is Health.FAULT
    assert nothing.headline.endswith("patients see the 'being updated' page.")
    assert nothing.shown == ("No topics: patients see the 'being updated' page.",)
    part = OnScreen(Copy.PART, pack, LOADED, BROKEN.problems)
    said = report(part, BROKEN, None, NOW)
    assert said.health is Health.FAULT
    assert said.headline == (
        "Not loaded whole: 1 error in 05-side-effects.md line 12; showing the 2 topics "
        "without errors."
    )
    assert said.shown[1] == "Part of the pack folder, loaded at 09:10."
    assert said.shown[-1] == "Left out: 05-side-effects.md line 12, a section is empty."
    # Each language's count, when they differ.
    english, spanish = pack.editions
    fewer = dataclasses.replace(pack, editions=(english, dataclasses.replace(spanish, topics=())))
    assert report(on(fewer), Checked(fewer), None, NOW).shown[2] == "2 topics in en, 0 in es."


def test_errors_are_listed_before_warnings_in_file_order(pack: Pack) -> None:
    found = Checked(
        pack,
        (
            warning("a.md", 1, "sources-missing", "w1"),
            error("b.md", 2, "section-empty", "e1"),
            warning("c.md", 3, "image-missing", "w2"),
            error("d.md", 4, "encoding", "e2"),
        ),
    )
    said = report(on(pack), found, None, NOW)
    assert [p.message for p in said.problems] == ["e1", "e2", "w1", "w2"]


def test_a_pack_with_no_version_says_so(make_pack: MakePack) -> None:
    unversioned = loader.load(make_pack({"a.md": GOOD_TOPIC}))
    said = report(on(unversioned), BROKEN, None, NOW)
    assert said.headline.endswith("still showing the pack loaded at 09:10.")
    assert said.shown[0].endswith(", no version set.")


def test_times_are_said_as_staff_say_them() -> None:
    assert at(LOADED, NOW) == "at 09:10"
    assert at(datetime(2026, 11, 30, 9, 5), NOW) == "on 30 Nov at 09:05"


def test_every_copy_is_named_for_status_json() -> None:
    assert {str(c) for c in Copy} == {
        "pack folder",
        "part of the pack folder",
        "last good copy",
        "updating page",
    }
