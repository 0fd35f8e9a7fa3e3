"""Every validation rule: a pack that triggers it, located, and one that does not."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from datetime import date
from pathlib import Path

import pytest
import textstat

from kiosk import lint, markup
from kiosk.problem import Level
from tests.conftest import GOOD_TOPIC, MakePack, PackFiles, png_bytes

TODAY = date(2026, 11, 24)


def topic(body: str = "Text.\n", **front: str) -> str:
    meta = {"title": "Sleep", **front}
    lines = "".join(f"{key}: {value}\n" for key, value in meta.items())
    return f"---\n{lines}---\n{body}"


def found(root: Path) -> list[tuple[str, int, Level, str]]:
    _, problems = lint.validate(root, TODAY)
    return [(p.file, p.line, p.level, p.rule) for p in problems]


E, W = Level.ERROR, Level.WARNING
SOURCE = "Sleep Foundation. 2025. How much sleep do we need? sleepfoundation.org."
# Whole files of each kind, in the few bytes their checks read: a 1x1 baseline JPEG's
# markers, a GIF's header and trailer, a WebP's RIFF size.
JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    b"\xff\xc0\x00\x0b\x08\x00\x01\x00\x01\x01\x01\x11\x00"
    b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00\xd2\xcf\x20\xff\xd9"
)
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x00;"
WEBP = (
    b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00"
    b"\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
)
FIFO = b"(a named pipe)"  # in a case's files: a named pipe made in its place
MANIFEST_OF_GOOD_TOPIC = (
    f'[files."a.md"]\nsize = {len(GOOD_TOPIC.encode())}\n'
    f'sha256 = "{hashlib.sha256(GOOD_TOPIC.encode()).hexdigest()}"\n'
)

# Reading levels: a consent form's prose, and the same facts for patients.
HARD_EN = (
    "Ketamine is a noncompetitive antagonist of the N-methyl-D-aspartate receptor whose "
    "intravenous administration at subanesthetic doses has demonstrated, in randomized "
    "controlled trials, a transient attenuation of posttraumatic symptomatology. "
    "Nevertheless, the durability of the therapeutic response and the long-term balance of "
    "benefits and risks remain controversial in the international scientific literature.\n"
)
EASY_EN = (
    "Ketamine is a medicine. It goes into a vein, slowly. It takes about forty minutes. "
    "A nurse stays with you the whole time. You may feel odd or sleepy. That soon passes. "
    "Someone must take you home. Do not drive that day.\n"
)
GRADE_6_EN = (
    "PTSD can start after something scary happens to you or near you. People who have it "
    "may relive the event. They may stay away from reminders and sleep badly for months. "
    "Talking therapy with a trained professional is the first treatment to try.\n"
)
HARD_ES = (
    "La ketamina es un antagonista no competitivo del receptor de N-metil-D-aspartato, cuya "
    "administración intravenosa en dosis subanestésicas ha demostrado, en ensayos clínicos "
    "aleatorizados y controlados, una reducción transitoria de la sintomatología "
    "postraumática. No obstante, la persistencia del efecto terapéutico y la relación entre "
    "beneficios y riesgos a largo plazo continúan siendo objeto de controversia en la "
    "literatura científica internacional.\n"
)
EASY_ES = (
    "La ketamina es un medicamento. Se pone en la vena, poco a poco. Tarda unos cuarenta "
    "minutos. Una enfermera le mira todo el tiempo. Puede sentirse raro o con sueño. Eso se "
    "pasa pronto. Después, alguien le lleva a casa. Ese día no maneje.\n"
)

# (rule, files that break it, the problem expected, files that keep it)
CASES: list[tuple[str, PackFiles, tuple[str, int, Level], PackFiles]] = [
    ("pack-empty", {"pack.toml": "[pack]\n", "notes.txt": "x"}, (".", 0, E), {"a.md": GOOD_TOPIC}),
    ("title-missing", {"a.md": "---\nsummary: x\n---\nText.\n"}, ("a.md", 1, E), {"a.md": topic()}),
    ("title-missing", {"a.md": "Just text, no front matter.\n"}, ("a.md", 1, E), {"a.md": topic()}),
    ("empty-file", {"a.md": " \n\n", "b.md": GOOD_TOPIC}, ("a.md", 0, E), {"a.md": GOOD_TOPIC}),
    (
        "front-matter-unclosed",
        {"a.md": "---\ntitle: Sleep\n\nText.\n"},
        ("a.md", 1, E),
        {"a.md": "---\ntitle: Sleep\n---\n\nText.\n"},
    ),
    (
        "front-matter-syntax",
        {"a.md": "---\ntitle: Sleep\nsummary: [unclosed\n---\nText.\n"},
        ("a.md", 3, E),
        {"a.md": topic(summary="'[closed]'")},
    ),
    (
        "front-matter-syntax",
        {"a.md": "---\n- a list\n---\nText.\n"},
        ("a.md", 2, E),
        {"a.md": topic()},
    ),
    (
        "front-matter-unknown-key",
        {"a.md": topic(colour="blue")},
        ("a.md", 3, W),
        {"a.md": topic(summary="blue")},
    ),
    (
        "front-matter-value",
        {"a.md": topic(order="first")},
        ("a.md", 3, E),
        {"a.md": topic(order="1")},
    ),
    (
        "front-matter-value",
        {"a.md": topic(review_by="soon")},
        ("a.md", 3, E),
        {"a.md": topic(review_by="2030-01-01")},
    ),
    ("topic-no-text", {"a.md": topic(body="\n\n")}, ("a.md", 4, E), {"a.md": topic()}),
    (
        "section-empty",
        {"a.md": topic(body="Intro.\n\n## Risks\n\n## More\n\nText.\n")},
        ("a.md", 6, E),
        {"a.md": topic(body="Intro.\n\n## Risks\n\nSome.\n")},
    ),
    (
        "list-missing",
        {"a.md": topic(body="## Benefits\n\nSome of the benefits include:\n\n## Next\n\nText.\n")},
        ("a.md", 6, E),
        {"a.md": topic(body="## Benefits\n\nSome of the benefits include:\n\n- Sleep.\n")},
    ),
    (
        "list-missing",
        {"a.md": topic(body="Side effects such as:\n")},
        ("a.md", 4, E),
        {"a.md": topic(body="Side effects are common.\n")},
    ),
    (
        "list-item-empty",
        {"a.md": topic(body="Things:\n\n- \n- three\n")},
        ("a.md", 6, E),
        {"a.md": topic(body="Things:\n\n- one\n- three\n")},
    ),
    (
        "encoding",
        {"a.md": b"---\ntitle: Caf\xe9\n---\nText.\n", "b.md": GOOD_TOPIC},
        ("a.md", 2, E),
        {"a.md": "---\ntitle: Café\n---\nText.\n".encode()},
    ),
    (
        "image-missing",
        {"a.md": topic(body="![A bed](images/bed.png)\n")},
        ("a.md", 4, W),
        {"a.md": topic(body="![A bed](images/bed.png)\n"), "images/bed.png": png_bytes(10, 10)},
    ),
    (
        "image-missing",
        {"a.md": topic(icon="images/bed.png")},
        ("a.md", 3, W),
        {"a.md": topic(icon="images/bed.png"), "images/bed.png": png_bytes(10, 10)},
    ),
    (
        "image-missing",
        {"a.md": topic(icon="images/.bed.png"), "images/.bed.png": png_bytes(10, 10)},
        ("a.md", 3, W),
        {"a.md": topic(icon="images/bed.png"), "images/bed.png": png_bytes(10, 10)},
    ),
    (
        "image-too-large",
        {"a.md": topic(body="![A bed](images/bed.png)\n"), "images/bed.png": png_bytes(9000, 10)},
        ("a.md", 4, W),
        {"a.md": topic(body="![A bed](images/bed.png)\n"), "images/bed.png": png_bytes(8000, 10)},
    ),
    (
        "image-type",
        {"a.md": topic(body="![A bed](images/bed.bmp)\n"), "images/bed.bmp": b"BM"},
        ("a.md", 4, W),
        {"a.md": topic(body="![A bed](images/bed.png)\n"), "images/bed.png": png_bytes(5, 5)},
    ),
    (
        "image-unreadable",
        {"a.md": topic(body="![A bed](images/bed.png)\n"), "images/bed.png": b"not a png"},
        ("a.md", 4, W),
        {"a.md": topic(body="![A bed](images/bed.png)\n"), "images/bed.png": png_bytes(5, 5)},
    ),
    *(
        (
            "image-unreadable",
            {"a.md": topic(body=f"![A bed](images/{name})\n"), f"images/{name}": damaged},
            ("a.md", 4, W),
            {"a.md": topic(body=f"![A bed](images/{name})\n"), f"images/{name}": whole},
        )
        for name, whole, damaged in (
            ("cut.png", png_bytes(5, 5), png_bytes(5, 5)[:-8]),
            ("bit.png", png_bytes(5, 5), png_bytes(5, 5)[:40] + b"X" + png_bytes(5, 5)[41:]),
            ("cut.jpg", JPEG, JPEG[: len(JPEG) // 2]),
            ("cut.gif", GIF, GIF[:-1]),
            ("cut.webp", WEBP, WEBP[:-4]),
        )
    ),
    (
        "link-outside",
        {"a.md": topic(body="Read [this](../other/secret.md).\n")},
        ("a.md", 4, W),
        {"a.md": topic(body="Read [this](b.md).\n"), "b.md": GOOD_TOPIC},
    ),
    (
        "link-outside",
        {"a.md": topic(body="![x](../x.png)\n")},
        ("a.md", 4, W),
        {"a.md": topic(body="Text.\n")},
    ),
    (
        "link-scheme",
        {"a.md": topic(body="See [it](file:///etc/passwd).\n")},
        ("a.md", 4, W),
        {"a.md": topic(body="See [it](https://example.org/).\n")},
    ),
    (
        "link-scheme",
        {"a.md": topic(body="Intro.\n\n[x](javascript:alert(1))\n")},
        ("a.md", 6, W),
        {"a.md": topic()},
    ),
    (
        "link-broken",
        {"a.md": topic(body="See [b](b.md).\n")},
        ("a.md", 4, W),
        {"a.md": topic(body="See [b](b.md).\n"), "b.md": GOOD_TOPIC},
    ),
    (
        "html-removed",
        {"a.md": topic(body="Hi.\n\n<script>alert(1)</script>\n")},
        ("a.md", 6, W),
        {"a.md": topic(body="Hi <b>there</b>.\n")},
    ),
    (
        "html-removed",
        {"a.md": topic(body='<p onclick="x()">Hi</p>\n')},
        ("a.md", 4, W),
        {"a.md": topic(body="<p>Hi</p>\n")},
    ),
    (
        "config-syntax",
        {"a.md": GOOD_TOPIC, "pack.toml": "[pack]\ntitle = \n"},
        ("pack.toml", 2, E),
        {"a.md": GOOD_TOPIC, "pack.toml": '[pack]\ntitle = "Hi"\n'},
    ),
    (
        "config-value",
        {"a.md": GOOD_TOPIC, "pack.toml": "[session]\nidle_seconds = 5\n"},
        ("pack.toml", 2, E),
        {"a.md": GOOD_TOPIC, "pack.toml": "[session]\nidle_seconds = 10\n"},
    ),
    (
        "config-value",
        {"a.md": GOOD_TOPIC, "pack.toml": '[session]\n\nidle_seconds = "90"\n'},
        ("pack.toml", 3, E),
        {"a.md": GOOD_TOPIC, "pack.toml": "[session]\nidle_seconds = 90\n"},
    ),
    (
        "config-unknown-key",
        {"a.md": GOOD_TOPIC, "pack.toml": "[display]\nfont = 'x'\n"},
        ("pack.toml", 2, W),
        {"a.md": GOOD_TOPIC, "pack.toml": "[display]\ntheme = 'calm'\n"},
    ),
    (
        "review-overdue",
        {"a.md": topic(review_by="2026-11-23")},
        ("a.md", 3, W),
        {"a.md": topic(review_by="2026-11-24")},
    ),
    (
        "dated-expired",
        {"a.md": GOOD_TOPIC, "b.md": topic(show_until="2026-11-23")},
        ("b.md", 3, W),
        {"a.md": GOOD_TOPIC, "b.md": topic(show_until="2026-11-24")},  # shows all of today
    ),
    (
        "dated-expired",
        {"a.md": GOOD_TOPIC, "slides/flu.md": "---\nshow_until: 2026-03-31\n---\nFlu jabs.\n"},
        ("slides/flu.md", 2, W),
        {"a.md": GOOD_TOPIC, "slides/flu.md": "---\nshow_from: 2026-10-01\n---\nFlu jabs.\n"},
    ),
    (
        "dated-never",
        {"a.md": topic(show_from="2026-12-24", show_until="2026-12-01 08:00")},
        ("a.md", 4, W),
        {"a.md": topic(show_from="2026-12-01 08:00", show_until="2026-12-24")},
    ),
    (
        "front-matter-value",
        {"a.md": topic(show_from="next week")},
        ("a.md", 3, E),
        {"a.md": topic(show_from="2026-12-01T08:00")},
    ),
    (
        "unknown-file",
        {"a.md": GOOD_TOPIC, "notes.docx": b"PK"},
        ("notes.docx", 0, W),
        {"a.md": GOOD_TOPIC, ".DS_Store": b"\0"},
    ),
    (
        "slide-type",
        {"a.md": GOOD_TOPIC, "slides/a.txt": "x"},
        ("slides/a.txt", 0, W),
        {"a.md": GOOD_TOPIC, "slides/a.md": "# Welcome\n"},
    ),
    (
        "file-too-large",
        {"a.md": topic(body="word " * 220_000), "b.md": GOOD_TOPIC},
        ("a.md", 0, E),
        {"a.md": topic(body="word " * 1000)},
    ),
    ("reading-level", {"a.md": topic(body=HARD_EN)}, ("a.md", 2, W), {"a.md": topic(body=EASY_EN)}),
    ("sources-missing", {"a.md": topic()}, ("a.md", 2, W), {"a.md": topic(sources=SOURCE)}),
    (
        "clinic-unset",
        {"a.md": topic(body="Text.\n\nCall ${clinic.phone}.\n")},
        ("a.md", 6, W),
        {
            "a.md": topic(body="Text.\n\nCall ${clinic.phone}.\n"),
            "pack.toml": '[clinic]\nphone = "555-0100"\n',
        },
    ),
    (
        "special-file",
        {"a.md": GOOD_TOPIC, "pack.toml": FIFO},
        ("pack.toml", 0, E),
        {"a.md": GOOD_TOPIC, "pack.toml": "[pack]\n"},
    ),
    (
        "control-character",
        {"a.md": topic(body="Text.\n\nA bell\x07 rings.\n")},
        ("a.md", 6, E),
        {"a.md": topic(body="Text.\n\nA tab\there.\n")},
    ),
    (
        "line-too-long",
        {"a.md": topic(body="Text.\n\n" + "word " * 2001 + "\n")},
        ("a.md", 6, E),
        {"a.md": topic(body="Text.\n\n" + "word " * 1999 + "\n")},
    ),
    (
        "card-too-long",
        {"a.md": topic(body="Text.\n\n## Long\n\n" + "A line of words.\n" * 1300)},
        ("a.md", 6, E),
        {"a.md": topic(body="Text.\n\n## Long\n\n" + "A line of words.\n" * 1100)},
    ),
    (
        "nesting-too-deep",
        {"a.md": topic(body="".join("  " * n + "- x\n" for n in range(14)))},
        ("a.md", 17, E),
        {"a.md": topic(body="".join("  " * n + "- x\n" for n in range(12)))},
    ),
    (
        "markup-too-complex",
        {"a.md": topic(body="Text " + "[" * 301 + "\n")},
        ("a.md", 4, E),
        {"a.md": topic(body="Text " + "[x] " * 100 + "\n")},
    ),
    (
        "text-too-long",
        {"a.md": topic(summary="x" * 301)},
        ("a.md", 3, E),
        {"a.md": topic(summary="x" * 300)},
    ),
    (
        "link-too-long",
        {"a.md": topic(body=f"[site](https://example.org/{'a' * 1000})\n")},
        ("a.md", 4, W),
        {"a.md": topic(body=f"[site](https://example.org/{'a' * 900})\n")},
    ),
    (
        "pack-too-large",
        {f"{n:04}.md": "---\ntitle: T\n---\nText.\n" for n in range(2001)},
        (".", 0, E),
        {f"{n:04}.md": "---\ntitle: T\n---\nText.\n" for n in range(2000)},
    ),
    (
        "manifest-invalid",
        {"a.md": GOOD_TOPIC, "manifest.toml": "[files\n"},
        ("manifest.toml", 0, E),
        {"a.md": GOOD_TOPIC},
    ),
    (
        "manifest-mismatch",
        {
            "a.md": GOOD_TOPIC,
            "manifest.toml": '[files."a.md"]\nsize = 1\nsha256 = "' + "0" * 64 + '"\n',
        },
        ("a.md", 0, E),
        {"a.md": GOOD_TOPIC, "manifest.toml": MANIFEST_OF_GOOD_TOPIC},
    ),
    (
        "clinic-unknown",
        {"a.md": topic(body="Text.\n\nCall ${clinic.phnoe}.\n")},
        ("a.md", 6, E),
        {"a.md": topic(body="Text.\n\nIt costs $450, or $$450 written safely.\n")},
    ),
]


@pytest.mark.parametrize(
    ("rule", "bad", "expected", "good"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_rule_triggers_where_broken_and_not_where_kept(
    make_pack: MakePack,
    rule: str,
    bad: PackFiles,
    expected: tuple[str, int, Level],
    good: PackFiles,
) -> None:
    assert (*expected, rule) in found(with_fifos(make_pack, bad))
    assert rule not in {r for *_, r in found(with_fifos(make_pack, good))}


def with_fifos(make_pack: MakePack, files: PackFiles) -> Path:
    """The pack, with a named pipe where `files` says `FIFO`."""
    root = make_pack({name: text for name, text in files.items() if text is not FIFO})
    for name in (name for name, text in files.items() if text is FIFO):
        os.mkfifo(root / name)
    return root


def test_every_documented_rule_has_a_case() -> None:
    documented = {
        line.split()[0]
        for line in (lint.__doc__ or "").splitlines()
        if line[:1].isalpha() and line.split()[1:2] in (["error"], ["warning"])
    }
    tested = {case[0] for case in CASES} | {"file-unreadable"}
    assert documented == tested


def test_unreadable_file_is_an_error_and_the_rest_still_loads(
    make_pack: MakePack, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_pack({"a.md": GOOD_TOPIC, "b.md": GOOD_TOPIC})
    real_open = os.open

    def refuse_b(path: str, *args: int) -> int:
        if os.path.basename(path) == "b.md":
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args)

    monkeypatch.setattr(os, "open", refuse_b)
    pack, problems = lint.validate(root, TODAY)
    assert ("b.md", Level.ERROR, "file-unreadable") in {(p.file, p.level, p.rule) for p in problems}
    assert [t.id for t in pack.default.topics] == ["a"]


def test_symlink_loop_is_reported_without_hanging(make_pack: MakePack) -> None:
    root = make_pack({"a.md": GOOD_TOPIC})
    (root / "loop.md").symlink_to(root / "loop.md")
    (root / "images").mkdir()
    (root / "images" / "self").symlink_to(root / "images")
    (root / "b.md").write_text(topic(body="![x](images/self/self/self/x.png)\n"))
    rules = {(f, r) for f, _, _, r in found(root)}
    assert ("loop.md", "file-unreadable") in rules
    assert ("b.md", "image-missing") in rules


def test_pack_symlinked_out_picture_is_outside(make_pack: MakePack, tmp_path: Path) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes(png_bytes(5, 5))
    root = make_pack({"a.md": topic(body="![x](images/s.png)\n")})
    (root / "images").mkdir()
    (root / "images" / "s.png").symlink_to(outside)
    assert ("a.md", 4, W, "link-outside") in found(root)


def test_500_topic_pack_validates_without_problems(make_pack: MakePack) -> None:
    files = {
        f"{n:03}-topic.md": topic(
            body=f"Topic {n} intro.\n\n## Part\n\nMore about {n}.\n", sources=SOURCE
        )
        for n in range(500)
    }
    pack, problems = lint.validate(make_pack(files), TODAY)
    assert problems == []
    assert len(pack.default.topics) == 500


def test_problems_print_as_file_line_level_message_rule(make_pack: MakePack) -> None:
    _, problems = lint.validate(make_pack({"a.md": topic(sumary="Rest", sources=SOURCE)}), TODAY)
    assert [str(p) for p in problems] == [
        "a.md:3: warning: unknown front-matter key 'sumary'; did you mean 'summary'? "
        "[front-matter-unknown-key]"
    ]


def test_unreadable_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(lint.PackUnreadable, match="no such folder"):
        lint.validate(tmp_path / "missing", TODAY)
    (tmp_path / "file").write_text("x")
    with pytest.raises(lint.PackUnreadable, match="not a folder"):
        lint.validate(tmp_path / "file", TODAY)


def svg(inner: str = "") -> str:
    spaces = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
    return f'<svg {spaces} width="10" height="10">{inner}</svg>'


@pytest.mark.parametrize(
    "href", ["/tmp/outside.png", "../../x.png", "file:///etc/passwd", "https://example.org/x.png"]
)
def test_an_svg_that_draws_in_another_file_is_refused(make_pack: MakePack, href: str) -> None:
    root = make_pack(
        {
            "a.md": topic(body="![leaf](images/leaf.svg)\n", icon="images/leaf.svg"),
            "images/leaf.svg": svg(f'<image xlink:href="{href}" width="10" height="10"/>'),
        }
    )
    assert ("a.md", 5, W, "link-outside") in found(root)  # in the text
    assert ("a.md", 3, W, "link-outside") in found(root)  # as the icon


def test_an_svg_holding_everything_it_shows_is_fine(make_pack: MakePack) -> None:
    root = make_pack(
        {
            "a.md": topic(body="![leaf](images/leaf.svg)\n", sources=SOURCE),
            "images/leaf.svg": svg('<defs><circle id="c" r="2"/></defs><use href="#c"/>'),
        }
    )
    assert found(root) == []


def test_text_files_linked_from_outside_the_pack_are_not_read(
    make_pack: MakePack, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text(topic("Not for the screen"))
    root = make_pack({"a.md": GOOD_TOPIC, "slides/01.md": "# Hello\n"})
    (root / "b.md").symlink_to(secret)
    (root / "slides" / "02.md").symlink_to(secret)
    pack, problems = lint.validate(root, TODAY)
    assert [t.id for t in pack.default.topics] == ["a"]
    assert [s.file for s in pack.default.slides] == ["slides/01.md"]
    assert {(p.file, p.rule) for p in problems} == {
        ("b.md", "link-outside"),
        ("slides/02.md", "link-outside"),
    }


def test_a_date_that_cannot_be_is_a_problem_not_a_crash(make_pack: MakePack) -> None:
    rules = {r for *_, r in found(make_pack({"a.md": topic(reviewed="2024-13-45")}))}
    assert rules == {"front-matter-value"}


def test_a_review_date_with_a_time_counts_as_its_day(make_pack: MakePack) -> None:
    root = make_pack({"a.md": topic(review_by="2020-01-01 10:00:00")})
    assert ("a.md", 3, W, "review-overdue") in found(root)


def test_nested_yaml_aliases_are_reported_briefly(make_pack: MakePack) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    text = "---\n" + "\n".join(lines) + "\ntitle: *a9\n---\nText.\n"
    _, problems = lint.validate(make_pack({"a.md": text}), TODAY)
    message = next(p.message for p in problems if p.rule == "front-matter-value")
    assert len(message) < 300


@pytest.mark.parametrize("path", ["images/a\0.png", "images/" + "x" * 5000 + ".png"])
def test_impossible_picture_paths_are_problems_not_crashes(make_pack: MakePack, path: str) -> None:
    rules = {
        r for *_, r in found(make_pack({"a.md": topic(body=f"![x]({path})\n", sources=SOURCE)}))
    }
    assert rules <= {"image-missing", "link-outside", "control-character"}
    assert rules


def reading(root: Path) -> list[str]:
    _, problems = lint.validate(root, TODAY)
    return [str(p) for p in problems if p.rule == "reading-level"]


def test_a_hard_english_topic_is_named_with_its_grade_the_limit_and_what_to_do(
    make_pack: MakePack,
) -> None:
    root = make_pack({"01-consent.md": topic(body=HARD_EN, title="Understanding ketamine")})
    assert reading(root) == [
        '01-consent.md:2: warning: "Understanding ketamine" reads at grade 23.1 '
        "(Flesch-Kincaid), above the pack's limit of 8; use shorter sentences and everyday "
        "words [reading-level]"
    ]


def test_an_easy_english_topic_is_not_flagged(make_pack: MakePack) -> None:
    assert reading(make_pack({"a.md": topic(body=EASY_EN)})) == []


def test_the_limit_is_the_packs_reading_grade(make_pack: MakePack) -> None:
    assert reading(make_pack({"a.md": topic(body=GRADE_6_EN)})) == []
    strict = make_pack({"a.md": topic(body=GRADE_6_EN), "pack.toml": "[pack]\nreading_grade = 5\n"})
    assert reading(strict) == [
        'a.md:2: warning: "Sleep" reads at grade 6.2 (Flesch-Kincaid), above the pack\'s '
        "limit of 5; use shorter sentences and everyday words [reading-level]"
    ]


def test_spanish_topics_are_measured_with_fernandez_huerta_beside_english_ones(
    make_pack: MakePack,
) -> None:
    root = make_pack(
        {
            "a.md": topic(body=EASY_EN),
            "es/a.md": topic(body=EASY_ES, title="La ketamina"),
            "es/b.md": topic(body=HARD_ES, title="Consentimiento"),
        }
    )
    assert reading(root) == [
        'es/b.md:2: warning: "Consentimiento" reads at grade 15.2 (Fernández Huerta), above '
        "the pack's limit of 8; use shorter sentences and everyday words [reading-level]"
    ]


@pytest.mark.parametrize(
    ("folder", "measure"), [("en-GB", "Flesch-Kincaid"), ("es-MX", "Fernández Huerta")]
)
def test_a_regional_code_is_measured_as_its_language(
    make_pack: MakePack, folder: str, measure: str
) -> None:
    pack, _ = lint.validate(make_pack({f"{folder}/a.md": topic(), "b.md": GOOD_TOPIC}), TODAY)
    edition = pack.edition(folder)
    level = lint.reading_level(edition.topics[0], markup.Place(pack.root, folder, {}))
    assert level is not None
    assert level.measure == measure


def test_a_spanish_topic_is_not_measured_as_english(make_pack: MakePack) -> None:
    pack, _ = lint.validate(make_pack({"es/a.md": topic(body=HARD_ES), "b.md": GOOD_TOPIC}), TODAY)
    place = markup.Place(pack.root, "es", {})
    consent = pack.edition("es").topics[0]
    spanish = lint.reading_level(consent, place)
    as_english = lint.reading_level(dataclasses.replace(consent, language="en"), place)
    assert spanish is not None
    assert as_english is not None
    assert (spanish.measure, round(spanish.grade, 1)) == ("Fernández Huerta", 15.2)
    assert (as_english.measure, round(as_english.grade, 1)) == ("Flesch-Kincaid", 22.7)


def test_english_grades_do_not_depend_on_textstats_global_language(make_pack: MakePack) -> None:
    root = make_pack({"a.md": topic(body=GRADE_6_EN)})
    pack, _ = lint.validate(root, TODAY)
    place = markup.Place(root, ".", {})
    before = lint.reading_level(pack.default.topics[0], place)
    textstat.set_lang("es")
    try:
        assert lint.reading_level(pack.default.topics[0], place) == before
    finally:
        textstat.set_lang("en_US")


def test_a_language_with_no_measure_is_skipped_silently(make_pack: MakePack) -> None:
    german = (
        "Die intravenöse Verabreichung subanästhetischer Ketamindosen bewirkte in "
        "randomisierten kontrollierten Studien eine vorübergehende Abschwächung "
        "posttraumatischer Belastungssymptome, deren Dauerhaftigkeit umstritten bleibt.\n"
    )
    root = make_pack(
        {"a.md": topic(body=german, sources=SOURCE), "pack.toml": '[pack]\nlanguage = "de"\n'}
    )
    pack, problems = lint.validate(root, TODAY)
    assert problems == []
    assert lint.reading_level(pack.default.topics[0], markup.Place(root, ".", {})) is None


def test_check_which_runs_on_every_content_swap_does_not_measure_reading(
    make_pack: MakePack,
) -> None:
    pack, problems = lint.validate(make_pack({"a.md": topic(body=HARD_EN, sources=SOURCE)}), TODAY)
    assert [p.rule for p in problems] == ["reading-level"]
    assert lint.check(pack, TODAY) == []
