"""``kiosk preview``: every screen of a pack as PNG files, for staff to review."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from kiosk import cli
from tests.conftest import MakePack

URL = "https://www.nimh.nih.gov/health/topics/post-traumatic-stress-disorder-ptsd"


def test_preview_renders_home_every_card_the_qr_overlay_and_slides(
    qtbot: QtBot, make_pack: MakePack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_pack(
        {
            "01-a.md": f"---\ntitle: A\n---\nIntro.\n\n## Two\n\nSee [NIMH]({URL}).\n",
            "02-b.md": "---\ntitle: B\n---\nOnly card.\n",
            "slides/01-hello.md": "# Hello\n\nTouch to start.\n",
        }
    )
    out = tmp_path / "out"
    assert cli.main(["preview", str(root), "--out", str(out), "--size", "1280x800"]) == 0
    names = sorted(p.name for p in out.glob("*.png"))
    assert names == [
        "home.png",
        "qr-overlay.png",
        "slide-01-hello.png",
        "topic-01-a-card-01.png",
        "topic-01-a-card-02.png",
        "topic-02-b-card-01.png",
    ]
    for name in names:
        image = QImage(str(out / name))
        assert (image.width(), image.height()) == (1280, 800)
        colours = {image.pixel(x, y) for x in range(0, 1280, 40) for y in range(0, 800, 40)}
        assert len(colours) > 2, f"{name} looks blank"
    index = (out / "index.html").read_text()
    assert set(re.findall(r'src="([^"]+)"', index)) == set(names)
    assert "6 screens written" in capsys.readouterr().out


def test_preview_of_a_pack_with_errors_renders_and_exits_1(
    qtbot: QtBot, make_pack: MakePack, tmp_path: Path
) -> None:
    root = make_pack({"a.md": "---\ntitle: A\n---\nIntro.\n\n## Empty\n"})
    assert cli.main(["preview", str(root), "--out", str(tmp_path / "out")]) == 1
    assert (tmp_path / "out" / "home.png").is_file()


def test_preview_of_a_missing_folder_exits_2(qtbot: QtBot, tmp_path: Path) -> None:
    assert cli.main(["preview", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()


def test_preview_size_must_look_like_w_x_h(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(["preview", str(tmp_path), "--out", str(tmp_path), "--size", "big"])
    assert stop.value.code == 2
