"""The last good copy: what it keeps of a pack, and that a failed copy never replaces it."""

from __future__ import annotations

import gc
import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from kiosk import lastgood, manifest, paths
from tests.conftest import MakePack


def topic(title: str) -> str:
    return f"---\ntitle: {title}\n---\nSome text about {title}.\n"


def test_a_saved_pack_is_the_last_good_copy_and_replaces_the_one_before(
    make_pack: MakePack, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    assert lastgood.saved(data) is None
    assert lastgood.save(make_pack({"a.md": topic("First")}), data)
    assert lastgood.save(make_pack({"b.md": topic("Second"), "pack.toml": "[pack]\n"}), data)
    saved = lastgood.saved(data)
    assert saved == paths.last_good(data)
    assert sorted(p.name for p in saved.iterdir()) == ["b.md", "pack.toml"]
    assert sorted(p.name for p in data.iterdir()) == [paths.LAST_GOOD]  # no .new, no .old


def test_saving_the_copy_itself_leaves_it_as_it_is(make_pack: MakePack, tmp_path: Path) -> None:
    """At start with a broken pack the kiosk shows the copy, and keeps it as good."""
    data = tmp_path / "data"
    assert lastgood.save(make_pack({"a.md": topic("A")}), data)
    copy = paths.last_good(data)
    assert lastgood.save(copy, data)
    assert (copy / "a.md").read_text() == topic("A")


def test_the_last_good_copy_survives_the_pack_vanishing_mid_copy(
    make_pack: MakePack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    first = make_pack({"a.md": topic("First"), "images/x.txt": "x"})
    assert lastgood.save(first, data)
    second = make_pack({"a.md": topic("Second"), "b.md": topic("B"), "images/y.txt": "y"})
    real_copy = lastgood._copy_file

    def copy_then_vanish(source: str, target: str | Path) -> None:
        real_copy(source, target)
        shutil.rmtree(second, ignore_errors=True)  # the stick is pulled out

    monkeypatch.setattr(lastgood, "_copy_file", copy_then_vanish)
    assert not lastgood.save(second, data)
    gc.collect()  # an unclosed listing would warn now (the suite makes warnings errors)
    saved = lastgood.saved(data)
    assert saved is not None
    assert sorted(p.name for p in saved.iterdir()) == ["a.md", "images"]
    assert "First" in (saved / "a.md").read_text()
    assert not (data / (paths.LAST_GOOD + ".new")).exists()


def test_the_last_good_copy_leaves_special_files_and_the_manifest_behind(
    make_pack: MakePack, tmp_path: Path
) -> None:
    root = make_pack({"a.md": topic("A"), "images/x.png": b"x"})
    os.mkfifo(root / "images" / "pipe.png")
    manifest.seal(root, datetime(2026, 12, 1))
    assert lastgood.save(root, tmp_path / "data")
    saved = lastgood.saved(tmp_path / "data")
    assert saved is not None
    assert sorted(p.name for p in (saved / "images").iterdir()) == ["x.png"]
    assert not (saved / manifest.MANIFEST).exists()
