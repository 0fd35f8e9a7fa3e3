"""The start memo: what a full check found whole, reused by the next start's quick load
only while the front matter's text and the pictures' files are as they were."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from kiosk import frontmatter, images, startmemo
from kiosk.loader import load
from kiosk.pack import Pack
from tests.conftest import DEFAULT_PACK, MakePack, png_bytes


def later() -> int:
    """The wall clock a minute from now: the files just written have settled by then."""
    return time.time_ns() + 60 * 10**9


def recorded(folder: Path, now_ns: Callable[[], int] = later) -> tuple[Pack, startmemo.Memo]:
    """The pack in `folder` loaded as a full check loads it (at `now_ns`), and the memo
    it recorded, as the next start reads it."""
    with startmemo.using(startmemo.Memo(recording=True, now_ns=now_ns)) as memo:
        pack = load(folder)
    memo.recording = False
    return pack, memo


def reused(folder: Path, memo: startmemo.Memo) -> Pack:
    """The pack in `folder` loaded as the quick load at start loads it, with `memo`."""
    with startmemo.using(memo):
        return load(folder)


@pytest.fixture
def no_parsing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Front matter parsed and pictures read from here on, by file or block."""
    parsed: list[str] = []
    parse, check = frontmatter._parse_yaml, images._check_data

    def parse_yaml(text: str, rel: str, problems: Any) -> Any:
        parsed.append(rel)
        return parse(text, rel, problems)

    def check_data(path: Path, rel: str) -> images.ImageCheck:
        parsed.append(rel)
        return check(path, rel)

    monkeypatch.setattr(frontmatter, "_parse_yaml", parse_yaml)
    monkeypatch.setattr(images, "_check_data", check_data)
    return parsed


def test_the_default_pack_loads_the_same_from_the_memo_with_nothing_parsed_or_read(
    tmp_path: Path, no_parsing: list[str]
) -> None:
    folder = tmp_path / "pack"
    shutil.copytree(DEFAULT_PACK, folder)
    full, memo = recorded(folder)
    assert memo.front_matter
    assert memo.pictures
    path = tmp_path / "start-memo.json"
    startmemo.write(path, memo)
    no_parsing.clear()
    quick = reused(folder, startmemo.read(path))
    assert no_parsing == []
    assert quick == full


def test_front_matter_edited_since_is_parsed_again(
    make_pack: MakePack, no_parsing: list[str]
) -> None:
    folder = make_pack(
        {
            "01-sleep.md": "---\ntitle: Sleep\n---\nText.\n",
            "02-food.md": "---\ntitle: Food\n---\nText.\n",
        }
    )
    _, memo = recorded(folder)
    (folder / "01-sleep.md").write_text("---\ntitle: Sleeping well\n---\nText.\n")
    no_parsing.clear()
    pack = reused(folder, memo)
    assert no_parsing == ["01-sleep.md"]
    assert [t.title for t in pack.default.topics] == ["Sleeping well", "Food"]


def test_a_picture_damaged_since_is_found_even_with_its_old_modification_time(
    make_pack: MakePack,
) -> None:
    """A copy that keeps the old modification time still changes the file's change time:
    the picture is read again, and found damaged."""
    picture = png_bytes(40, 40)
    folder = make_pack(
        {"01-sleep.md": "---\ntitle: Sleep\nicon: images/moon.png\n---\nText.\n"}
        | {"images/moon.png": picture}
    )
    _, memo = recorded(folder)
    path = folder / "images" / "moon.png"
    before = path.stat()
    damaged = bytearray(picture)
    damaged[23] ^= 1  # the picture's height: its chunk's checksum no longer matches
    # Later, as a copy is: the file system's clock has moved on (it moves in steps of a
    # few milliseconds), the same size and the same modification time.
    while path.stat().st_ctime_ns == before.st_ctime_ns:
        path.write_bytes(damaged)
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    pack = reused(folder, memo)
    assert [p.rule for p in pack.problems] == ["image-unreadable"]
    assert pack.default.topics[0].icon is None


def test_a_picture_changed_in_the_last_two_seconds_is_not_recorded(
    make_pack: MakePack,
) -> None:
    """Written again within the same tick of the file system's clock, a file would keep
    everything `os.stat` says: a picture is recorded once it has been left alone."""
    folder = make_pack(
        {"01-sleep.md": "---\ntitle: Sleep\nicon: images/moon.png\n---\nText.\n"}
        | {"images/moon.png": png_bytes(40, 40)}
    )
    changed = (folder / "images" / "moon.png").stat().st_ctime_ns
    _, memo = recorded(folder, now_ns=lambda: changed + startmemo.SETTLED_NS - 1)
    assert memo.pictures == {}
    _, memo = recorded(folder, now_ns=lambda: changed + startmemo.SETTLED_NS)
    assert list(memo.pictures) == [str(folder / "images" / "moon.png")]


def test_a_recording_memo_reuses_nothing(make_pack: MakePack, no_parsing: list[str]) -> None:
    """A full check parses and reads everything, whatever an earlier check found."""
    folder = make_pack({"01-sleep.md": "---\ntitle: Sleep\n---\nText.\n"})
    _, memo = recorded(folder)
    memo.recording = True
    no_parsing.clear()
    reused(folder, memo)
    assert no_parsing == ["01-sleep.md"]


def test_what_yaml_makes_comes_back_as_it_was(tmp_path: Path) -> None:
    """Dates, times (with their zone), lists, mappings, numbers, truth values and nothing
    keep their types through the file; a list that looks like a tagged value stays a list."""
    meta = {
        "reviewed": date(2026, 3, 1),
        "show_from": datetime(2026, 12, 1, 8, 30),
        "show_until": datetime(2026, 12, 2, 8, 30, tzinfo=timezone(timedelta(hours=-5))),
        "sources": ["date", "2026-01-01"],
        "nested": {"a": [1, 2.5, True, None], "b": {"c": "text"}},
        "order": 3,
    }
    lines = {key: n for n, key in enumerate(meta, start=2)}
    memo = startmemo.Memo(recording=True)
    memo.parsed_front_matter("block", meta, lines)
    path = tmp_path / "memo.json"
    startmemo.write(path, memo)
    found = startmemo.read(path).known_front_matter("block")
    assert found == (meta, lines)
    assert found is not None
    assert type(found[0]["show_from"]) is datetime
    assert type(found[0]["reviewed"]) is date
    assert found[0]["show_until"].utcoffset() == timedelta(hours=-5)


def test_a_value_reused_is_a_copy_the_loader_may_change() -> None:
    memo = startmemo.Memo(recording=True)
    memo.parsed_front_matter("block", {"sources": ["a"]}, {"sources": 2})
    memo.recording = False
    first = memo.known_front_matter("block")
    assert first is not None
    first[0]["sources"].append("b")
    first[1]["sources"] = 9
    assert memo.known_front_matter("block") == ({"sources": ["a"]}, {"sources": 2})


@pytest.mark.parametrize(
    "block",
    [
        "data: !!binary aGVsbG8=",  # bytes
        "set: !!set {a, b}",
        "mapping: {1: one}",  # a key that is not text
        # Aliases: 23 bytes of YAML that make far more values than a front matter has.
        "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\nd: [*c, *c, *c]",
        "deep: " + "[" * 20 + "]" * 20,
    ],
    ids=["bytes", "set", "number-key", "alias-expansion", "deep"],
)
def test_values_the_memo_does_not_keep_are_parsed_again(
    make_pack: MakePack, block: str, no_parsing: list[str]
) -> None:
    folder = make_pack({"01-sleep.md": f"---\ntitle: Sleep\n{block}\n---\nText.\n"})
    _, memo = recorded(folder)
    assert memo.front_matter == {}
    no_parsing.clear()
    reused(folder, memo)
    assert no_parsing == ["01-sleep.md"]


def test_front_matter_with_a_problem_is_not_kept(make_pack: MakePack) -> None:
    """The problem is found again at every start, where the file and line are named."""
    folder = make_pack({"01-sleep.md": "---\ntitle: [unclosed\n---\nText.\n"})
    _, memo = recorded(folder)
    assert memo.front_matter == {}


def good_memo() -> dict[str, Any]:
    memo = startmemo.Memo(recording=True)
    memo.parsed_front_matter("title: Sleep", {"title": "Sleep"}, {"title": 2})
    return memo.as_json()


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff not json",
        b"[" * 100_000,
        json.dumps({**good_memo(), "format": 99}).encode(),
        json.dumps({**good_memo(), "kiosk": "0.0.1"}).encode(),
        json.dumps(
            {**good_memo(), "front_matter": [["title: Sleep", {"title": ["date", 5]}, {}]]}
        ).encode(),
        json.dumps(
            {**good_memo(), "front_matter": [["title: Sleep", {}, {"title": "2"}]]}
        ).encode(),
        json.dumps({**good_memo(), "front_matter": [["title: Sleep", {}, []]]}).encode(),
        json.dumps(
            {**good_memo(), "front_matter": [["title: Sleep", {"title": "S"}, {}]]}
        ).encode(),
        json.dumps({**good_memo(), "pictures": [["images/a.png", 1, 2, 3]]}).encode(),
        json.dumps({**good_memo(), "pictures": [["images/a.png", 1, 2, 3, 4, True]]}).encode(),
        json.dumps([1, 2]).encode(),
    ],
    ids=[
        "not-json",
        "nested-deep",
        "other-format",
        "other-version",
        "bad-tag",
        "line-as-text",
        "lines-not-a-mapping",
        "a-key-without-its-line",
        "short-stat",
        "truth-in-stat",
        "not-a-mapping",
    ],
)
def test_a_memo_that_is_not_one_this_version_writes_is_ignored(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "start-memo.json"
    path.write_bytes(content)
    memo = startmemo.read(path)
    assert memo.front_matter == {}
    assert memo.pictures == {}


def test_a_memo_that_is_a_named_pipe_a_folder_or_too_large_is_ignored_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    assert startmemo.read(pipe).front_matter == {}  # returns: nothing opens it to block
    (tmp_path / "folder.json").mkdir()
    assert startmemo.read(tmp_path / "folder.json").front_matter == {}
    large = tmp_path / "large.json"
    large.write_text(json.dumps(good_memo()))
    assert startmemo.read(large).front_matter != {}
    monkeypatch.setattr(startmemo, "MAX_BYTES", 20)
    assert startmemo.read(large).front_matter == {}


def test_writing_the_same_memo_again_leaves_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "data" / "start-memo.json"
    memo = startmemo.Memo(recording=True)
    memo.parsed_front_matter("title: Sleep", {"title": "Sleep"}, {"title": 2})
    startmemo.write(path, memo)
    before = path.stat()
    startmemo.write(path, memo)
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert sorted(p.name for p in path.parent.iterdir()) == ["start-memo.json"]


def test_a_memo_that_cannot_be_written_is_left_as_it_was(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    startmemo.write(blocked / "start-memo.json", startmemo.Memo(recording=True))
    assert blocked.read_text() == "not a folder"


def test_text_only_an_escape_can_write_goes_through_the_file(tmp_path: Path) -> None:
    """YAML's "\\ud800" is a lone surrogate, which UTF-8 cannot hold: written escaped, it
    comes back, and the check that recorded it does not fail."""
    memo = startmemo.Memo(recording=True)
    memo.parsed_front_matter('title: "\\ud800"', {"title": "\ud800"}, {"title": 2})
    path = tmp_path / "memo.json"
    startmemo.write(path, memo)
    assert startmemo.read(path).known_front_matter('title: "\\ud800"') == (
        {"title": "\ud800"},
        {"title": 2},
    )


def test_a_picture_whose_name_is_not_utf8_goes_through_the_file(
    make_pack: MakePack, tmp_path: Path, no_parsing: list[str]
) -> None:
    """A slide named in another encoding (a USB stick's, a zip's) is recorded, written and
    found again under its name."""
    folder = make_pack({"01-sleep.md": "---\ntitle: Sleep\n---\nText.\n"})
    (folder / "slides").mkdir()
    name = os.fsdecode(b"caf\xe9.png")
    (folder / "slides" / name).write_bytes(png_bytes(40, 40))
    full, memo = recorded(folder)
    assert len(memo.pictures) == 1
    path = tmp_path / "start-memo.json"
    startmemo.write(path, memo)
    no_parsing.clear()
    assert reused(folder, startmemo.read(path)) == full
    assert no_parsing == []
