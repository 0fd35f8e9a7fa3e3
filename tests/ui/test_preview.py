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


def test_preview_renders_every_screen_a_patient_or_staff_can_meet(
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
        "closed.png",
        "home.png",
        "notice.png",
        "qr-overlay.png",
        "slide-01-hello.png",
        "slide-teaser-01-a.png",  # a teaser for each topic, among the slides
        "slide-teaser-02-b.png",
        "staff-panel.png",
        "staff-pin-pad.png",
        "still-there.png",
        "topic-01-a-card-01.png",
        "topic-01-a-card-02.png",
        "topic-02-b-card-01.png",
        "updating.png",
    ]
    for name in names:
        image = QImage(str(out / name))
        assert (image.width(), image.height()) == (1280, 800)
        colours = {image.pixel(x, y) for x in range(0, 1280, 40) for y in range(0, 800, 40)}
        assert len(colours) > (1 if name == "closed.png" else 2), (
            f"{name} looks blank"
        )  # words on black
    index = (out / "index.html").read_text()
    assert set(re.findall(r'src="([^"]+)"', index)) == set(names)
    assert "14 screens written" in capsys.readouterr().out


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


FIVE = "\n\n".join(f"Paragraph {n}." for n in range(5))  # fits 1280x800 at A, not at A++


def test_preview_lists_each_card_that_scrolls_at_its_size_and_text_size(
    qtbot: QtBot, make_pack: MakePack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One `card-scrolls` warning per card that does not fit, located at the card's
    heading; the exit status stays validate's; index.html marks the card."""
    root = make_pack(
        {
            "01-a.md": f"---\ntitle: A\n---\nIntro.\n\n## Five paragraphs\n\n{FIVE}\n",
            "02-b.md": "---\ntitle: B\n---\nOnly card.\n",
        }
    )
    out = tmp_path / "normal"
    assert cli.main(["preview", str(root), "--out", str(out), "--size", "1280x800"]) == 0
    assert "card-scrolls" not in capsys.readouterr().out
    assert "Every card fits" in (out / "index.html").read_text()

    out = tmp_path / "largest"
    argv = ["preview", str(root), "--out", str(out), "--size", "1280x800", "--text-size", "A++"]
    assert cli.main(argv) == 0
    printed = capsys.readouterr().out
    scrolls = [line for line in printed.splitlines() if line.endswith("[card-scrolls]")]
    assert scrolls == [
        f'{root / "01-a.md"}:6: warning: card "Five paragraphs" does not fit at 1280x800, '
        'text size A++: patients see "More below" and scroll to read the rest; staff can '
        "split it in two with a ## heading [card-scrolls]"
    ]
    # The card once more, scrolled to its end, so staff see every line of it.
    names = sorted(p.name for p in out.glob("topic-*.png"))
    assert names == [
        "topic-01-a-card-01.png",
        "topic-01-a-card-02-end.png",
        "topic-01-a-card-02.png",
        "topic-02-b-card-01.png",
    ]
    index = (out / "index.html").read_text()
    marked = re.findall(r'<figure class="scrolls"><img src="([^"]+)"', index)
    assert marked == ["topic-01-a-card-02.png"]
    assert "1 card does not fit at this size and text size" in index
    assert printed.splitlines()[-1].endswith("; 1 card scrolls")


def test_preview_says_a_sources_card_that_scrolls_cannot_be_split(
    qtbot: QtBot, make_pack: MakePack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = "".join(
        f'  - "Author {n}. 2024. A study of sleep, part {n}. Journal."\n' for n in range(30)
    )
    root = make_pack({"a.md": f"---\ntitle: A\nsources:\n{sources}---\nText.\n"})
    assert cli.main(["preview", str(root), "--out", str(tmp_path / "out")]) == 0
    scrolls = [line for line in capsys.readouterr().out.splitlines() if "[card-scrolls]" in line]
    assert len(scrolls) == 1
    assert scrolls[0].startswith(f'{root / "a.md"}:3: warning: card "Where this comes from"')
    assert "cannot be split" in scrolls[0]
