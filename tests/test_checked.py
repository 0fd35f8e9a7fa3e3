"""What a check of the pack folder found, in words; and the part of a broken pack that a
machine with no last good copy may show (`kiosk.checked.salvage`)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from kiosk import lint, manifest
from kiosk.checked import Checked, salvage, where
from kiosk.problem import error, warning
from tests.conftest import GOOD_TOPIC, MakePack

TODAY = date(2026, 11, 24)
EMPTY_SECTION = "---\ntitle: Broken\nsources: [A guide]\n---\nIntro.\n\n## Empty\n"


def checked(root: Path) -> Checked:
    pack, problems = lint.validate(root, TODAY)
    return Checked(pack, tuple(problems))


def test_a_summary_counts_errors_and_says_where_the_first_is() -> None:
    one = Checked(None, (error("05-side-effects.md", 12, "section-empty", "no body"),))
    assert one.summary() == "1 error in 05-side-effects.md line 12"
    many = Checked(
        None,
        (
            warning("a.md", 2, "sources-missing", "no sources"),
            error("a.md", 4, "section-empty", "no body"),
            error("b.md", 0, "encoding", "not UTF-8"),
            error("b.md", 0, "empty-file", "empty"),
        ),
    )
    assert many.summary() == "3 errors in 2 files, the first in a.md line 4"
    assert not many.ok
    assert many.last_problem.startswith("b.md: error: empty")
    only_warnings = Checked(None, (warning("a.md", 2, "sources-missing", "no sources"),))
    assert only_warnings.summary() == "1 warning in a.md line 2"
    assert Checked(None).summary() == "no problems"


def test_a_check_that_found_no_pack_is_an_error_about_the_folder() -> None:
    failed = Checked.failed("pack-unreadable", "no such folder")
    assert not failed.ok
    assert failed.summary() == "1 error in the pack folder: no such folder"
    assert where(failed.problems[0]) == "the pack folder"


def test_salvage_leaves_out_each_topic_with_an_error_in_every_language(
    make_pack: MakePack,
) -> None:
    root = make_pack(
        {
            "pack.toml": '[pack]\ntitle = "Clinic"\nlanguage = "en"\n',
            "en/a.md": GOOD_TOPIC,
            "en/b.md": EMPTY_SECTION,
            "en/c.md": GOOD_TOPIC,
            "es/a.md": GOOD_TOPIC.replace("Sleep", "Sueño"),
            "es/b.md": GOOD_TOPIC.replace("Sleep", "Sueño"),
            "es/c.md": b"\xff\xfe not UTF-8",
        }
    )
    part = salvage(checked(root))
    assert part.pack is not None
    kept = {e.language: [t.file for t in e.topics] for e in part.pack.editions}
    assert kept == {"en": ["en/a.md", "en/c.md"], "es": ["es/a.md", "es/b.md"]}
    # Each file left out once, with its first error: a loaded topic, and a file that
    # never became one.
    assert [(p.file, p.rule) for p in part.left_out] == [
        ("en/b.md", "section-empty"),
        ("es/c.md", "encoding"),
    ]


def test_salvage_keeps_topics_when_the_errors_are_elsewhere(make_pack: MakePack) -> None:
    """pack.toml with an error, or a sealed pack with a file changed, leave the topics
    that have no error of their own: they were checked as ever."""
    root = make_pack({"pack.toml": "[pack\n", "a.md": GOOD_TOPIC, "b.md": GOOD_TOPIC})
    part = salvage(checked(root))
    assert part.pack is not None
    assert [t.id for t in part.pack.default.topics] == ["a", "b"]
    assert part.left_out == ()

    sealed = make_pack({"a.md": GOOD_TOPIC, "b.md": GOOD_TOPIC})
    manifest.seal(sealed, datetime(2026, 11, 24, 9, 0))
    (sealed / "b.md").write_text(GOOD_TOPIC + "\nHalf copied")
    part = salvage(checked(sealed))
    assert part.pack is not None
    assert [t.id for t in part.pack.default.topics] == ["a"]
    assert [(p.file, p.rule) for p in part.left_out] == [("b.md", "manifest-mismatch")]


def test_salvage_of_a_pack_with_no_valid_topic_is_nothing(make_pack: MakePack) -> None:
    root = make_pack({"a.md": EMPTY_SECTION, "b.md": "---\ntitle: B\n---\n"})
    part = salvage(checked(root))
    assert part.pack is None
    assert [p.file for p in part.left_out] == ["a.md", "b.md"]
    assert salvage(Checked.failed("pack-unreadable", "gone")).pack is None


def test_salvage_leaves_out_a_slide_with_an_error_and_keeps_the_others(
    make_pack: MakePack,
) -> None:
    root = make_pack(
        {
            "a.md": GOOD_TOPIC,
            "slides/01-welcome.md": "Welcome.\n",
            "slides/02-broken.md": "---\nbackground: [a, list]\n---\nWords.\n",
        }
    )
    found = checked(root)
    assert any(p.file == "slides/02-broken.md" for p in found.errors)
    part = salvage(found)
    assert part.pack is not None
    assert [s.file for s in part.pack.default.slides] == ["slides/01-welcome.md"]
