"""Every validation rule: a pack that triggers it, located, and one that does not."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kiosk import lint
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
    assert (*expected, rule) in found(make_pack(bad))
    assert rule not in {r for *_, r in found(make_pack(good))}


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
    real_open = Path.open

    def refuse_b(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "b.md":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refuse_b)
    pack, problems = lint.validate(root, TODAY)
    assert ("b.md", Level.ERROR, "file-unreadable") in {(p.file, p.level, p.rule) for p in problems}
    assert [t.id for t in pack.topics] == ["a"]


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
        f"{n:03}-topic.md": topic(body=f"Topic {n} intro.\n\n## Part\n\nMore about {n}.\n")
        for n in range(500)
    }
    pack, problems = lint.validate(make_pack(files), TODAY)
    assert problems == []
    assert len(pack.topics) == 500


def test_problems_print_as_file_line_level_message_rule(make_pack: MakePack) -> None:
    _, problems = lint.validate(make_pack({"a.md": topic(sumary="Rest")}), TODAY)
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
            "a.md": topic(body="![leaf](images/leaf.svg)\n"),
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
    assert [t.id for t in pack.topics] == ["a"]
    assert [s.file for s in pack.slides] == ["slides/01.md"]
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
    rules = {r for *_, r in found(make_pack({"a.md": topic(body=f"![x]({path})\n")}))}
    assert rules <= {"image-missing", "link-outside"}
    assert rules
