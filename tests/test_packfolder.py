"""What belongs to a pack folder: one rule (`belongs_to_pack`), and the places that use it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import lastgood, manifest, watcher
from kiosk.loader import load
from kiosk.packfolder import belongs_to_pack
from tests.conftest import GOOD_TOPIC, MakePack


@pytest.mark.parametrize(
    ("rel", "is_dir"),
    [
        ("a.md", False),
        ("Sleep.MD", False),
        ("pack.toml", False),
        ("images", True),
        ("slides", True),
        ("es", True),
        ("pt-BR", True),
        ("images/icons/moon.png", False),
        ("slides/01.md", False),
        ("es/a.md", False),
        ("es/pack.toml", False),
        ("es/images", True),
        ("es/notes.txt", False),  # the pack's, though unused: the loader warns about it
    ],
)
def test_the_pack_is_its_topics_its_settings_and_its_folders_with_all_they_hold(
    rel: str, is_dir: bool
) -> None:
    assert belongs_to_pack(rel, is_dir)


@pytest.mark.parametrize(
    ("rel", "is_dir"),
    [
        ("notes.docx", False),
        ("photo.png", False),
        ("drafts", True),
        ("Spanish", True),
        ("drafts/a.md", False),
        ("images", False),  # a file named like one of the pack's folders
        ("es", False),
        ("a.md", True),  # a folder named like a topic
    ],
)
def test_other_files_and_folders_in_the_pack_folder_are_not_the_packs(
    rel: str, is_dir: bool
) -> None:
    assert not belongs_to_pack(rel, is_dir)


@pytest.mark.parametrize(
    ("rel", "is_dir"),
    [
        (".DS_Store", False),
        (".git", True),
        (".a.md.Xq3b9F", False),  # rsync's temporary file
        ("images/.DS_Store", False),
        ("images/.thumbs", True),
        ("images/.thumbs/moon.png", False),
        ("es/.stfolder", True),
        ("es/.syncthing.a.md.tmp", False),
        (".es/a.md", False),
    ],
)
def test_nothing_hidden_is_the_packs_at_any_depth(rel: str, is_dir: bool) -> None:
    assert not belongs_to_pack(rel, is_dir)


def test_the_manifest_is_the_seal_over_the_packs_files_not_one_of_them() -> None:
    assert not belongs_to_pack("manifest.toml", is_dir=False)


MIXED = {
    "a.md": GOOD_TOPIC,
    "pack.toml": '[pack]\ntitle = "Clinic"\n',
    "notes.docx": "x",
    "drafts/b.md": GOOD_TOPIC,
    ".DS_Store": "x",
    ".git/config": "x",
    "images/x.svg": "<svg/>",
    "images/.DS_Store": "x",
    "images/.thumbs/x.svg": "<svg/>",
    "es/a.md": GOOD_TOPIC,
    "es/.a.md.Xq3b9F": "half a topic",
}


def test_the_loader_reports_what_is_not_the_packs_and_passes_over_what_is_hidden(
    make_pack: MakePack,
) -> None:
    problems = {(p.file, p.rule) for p in load(make_pack(MIXED)).problems}
    assert problems == {("drafts/", "unknown-file"), ("notes.docx", "unknown-file")}


def test_the_last_good_copy_keeps_the_packs_files_only(make_pack: MakePack, tmp_path: Path) -> None:
    assert lastgood.save(make_pack(MIXED), tmp_path / "data")
    saved = lastgood.saved(tmp_path / "data")
    assert saved is not None
    kept = sorted(p.relative_to(saved).as_posix() for p in saved.rglob("*") if p.is_file())
    assert kept == ["a.md", "es/a.md", "images/x.svg", "pack.toml"]


def test_the_watcher_walks_the_packs_folders_and_names_everything_in_them(
    make_pack: MakePack,
) -> None:
    _, files = watcher.fingerprint(make_pack(MIXED))
    assert [name for name, *_ in files] == [
        ".DS_Store",
        ".git",
        "a.md",
        "drafts",
        "es/.a.md.Xq3b9F",
        "es/a.md",
        "images/.DS_Store",
        "images/.thumbs",
        "images/x.svg",
        "notes.docx",
        "pack.toml",
    ]


def test_the_manifest_seals_every_file_that_is_not_hidden(make_pack: MakePack) -> None:
    assert sorted(manifest.files(make_pack(MIXED))) == [
        "a.md",
        "drafts/b.md",
        "es/a.md",
        "images/x.svg",
        "notes.docx",
        "pack.toml",
    ]
