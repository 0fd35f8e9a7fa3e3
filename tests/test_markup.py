"""Markdown to safe HTML: what a patient can reach from a card."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import markup
from tests.conftest import png_bytes


@pytest.fixture
def place(tmp_path: Path) -> markup.Place:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "bed.png").write_bytes(png_bytes(20, 10))
    return markup.Place(tmp_path, ".", {"02-sleep.md": "02-sleep"})


def test_script_is_removed_with_its_content(place: markup.Place) -> None:
    page = markup.render("Hi.\n\n<script>alert('x')</script>\n\nBye <script>x()</script>", place)
    assert "script" not in page.html
    assert "alert" not in page.html
    assert "Bye" in page.html
    assert [r.rule for r in page.removed] == ["html-removed", "html-removed"]


@pytest.mark.parametrize(
    "raw",
    [
        '<p onclick="steal()">Hi</p>',
        '<img src="x.png" onerror="steal()">',
        '<b onmouseover="steal()">Hi</b>',
        '<div style="background:url(javascript:steal())">Hi</div>',
        '<iframe src="https://example.org"></iframe>',
        '<form action="https://example.org"><input name="pin"></form>',
        '<a href="javascript:steal()">Hi</a>',
        "<style>body { display: none }</style>",
        '<object data="file:///etc/passwd"></object>',
    ],
)
def test_raw_html_keeps_no_event_handlers_styles_frames_or_forms(
    place: markup.Place, raw: str
) -> None:
    html = markup.render(f"Text.\n\n{raw}\n", place).html.lower()
    for banned in (
        "onclick",
        "onerror",
        "onmouseover",
        "style",
        "iframe",
        "form",
        "input",
        "javascript",
        "object",
        "file:",
        "steal",
    ):
        assert banned not in html


def test_simple_raw_formatting_is_kept(place: markup.Place) -> None:
    page = markup.render("Take it <b>with food</b>.<br>H<sub>2</sub>O", place)
    assert "<b>with food</b>" in page.html
    assert "H<sub>2</sub>O" in page.html
    assert page.removed == ()


@pytest.mark.parametrize(
    ("href", "rule"),
    [
        ("file:///etc/passwd", "link-scheme"),
        ("javascript:alert(1)", "link-scheme"),
        ("data:text/html,<b>x</b>", "link-scheme"),
        ("mailto:someone@example.org", "link-scheme"),
        ("//example.org/x", "link-scheme"),
        ("../outside.md", "link-outside"),
        ("images/../../outside.md", "link-outside"),
        ("/etc/passwd", "link-outside"),
        ("missing.md", "link-broken"),
        ("images/bed.png", "link-broken"),
    ],
)
def test_links_that_leave_the_pack_are_removed_keeping_their_words(
    place: markup.Place, href: str, rule: str
) -> None:
    page = markup.render(f"Read [the guide]({href}) now.", place)
    assert "href" not in page.html
    assert "the guide" in page.html
    assert [(r.target, r.rule) for r in page.removed] == [(href, rule)]


def test_link_to_another_topic_becomes_internal(place: markup.Place) -> None:
    page = markup.render("See [sleep](02-sleep.md#tips).", place)
    assert '<a href="topic:02-sleep">sleep</a>' in page.html
    assert page.topic_links == ("02-sleep",)
    assert page.removed == ()


@pytest.mark.parametrize("url", ["https://www.nimh.nih.gov/health", "http://example.org/a?b=1"])
def test_web_link_is_kept_and_marked_external(place: markup.Place, url: str) -> None:
    page = markup.render(f"See [the NIMH]({url}) or <{url}>.", place)
    assert page.external_links == (url, url)
    assert page.html.count('class="external"') == 2


def test_a_web_link_carries_the_qr_mark_and_a_topic_link_does_not(
    place: markup.Place,
) -> None:
    """The two kinds of link look different: after a web link's words, the QR mark
    (the kiosk's own picture, which a pack's Markdown cannot name or fake)."""
    page = markup.render(
        "See [the NIMH](https://www.nimh.nih.gov/) and [sleep](02-sleep.md).", place
    )
    assert page.html.count(f'src="{markup.QR_MARK}"') == 1
    assert f'the NIMH<img alt="" src="{markup.QR_MARK}"></a>' in page.html
    assert "sleep</a>" in page.html
    assert page.removed == ()
    faked = markup.render(f'![a mark]({markup.QR_MARK}) <img src="{markup.QR_MARK}">', place)
    assert markup.QR_MARK not in faked.html


def test_picture_in_the_pack_resolves_inside_it(place: markup.Place) -> None:
    page = markup.render("![A bed](images/./bed.png)", place)
    assert page.html.count("<img") == 1
    assert 'src="images/bed.png"' in page.html
    assert 'alt="A bed"' in page.html


def test_picture_missing_or_outside_is_left_out_not_shown_broken(place: markup.Place) -> None:
    page = markup.render(
        "Before ![a](images/none.png) middle ![b](../x.png) ![c](file:///etc/passwd.png) after",
        place,
    )
    assert "<img" not in page.html
    assert "Before" in page.html
    assert "after" in page.html
    assert [r.rule for r in page.removed] == ["image-missing", "link-outside", "link-scheme"]


def test_lead_in_without_list_is_found_and_with_list_is_not(place: markup.Place) -> None:
    bad = markup.render("Some of the benefits include:\n\nThat is all.", place)
    good = markup.render("Some of the benefits include:\n\n- Sleep.\n- Calm.", place)
    assert bad.dangling_leads == ("Some of the benefits include:",)
    assert good.dangling_leads == ()


def test_plain_text_ends_each_block_as_a_sentence(place: markup.Place) -> None:
    page = markup.render("Intro here\n\n- one\n- two!\n\nDone.", place)
    assert page.text == "Intro here. one. two! Done."


def test_raw_link_and_picture_are_removed_even_beside_markdown(place: markup.Place) -> None:
    page = markup.render(
        'A <a href="file:///etc/passwd">secret</a> and <img src="/etc/passwd"> '
        "and [sleep](02-sleep.md).",
        place,
    )
    assert "passwd" not in page.html
    assert "<img" not in page.html
    assert '<a href="topic:02-sleep">sleep</a>' in page.html
    assert {r.target for r in page.removed} == {"<a", "<img"}


def test_rendering_is_independent_between_calls(place: markup.Place) -> None:
    first = markup.render("[x](file:///a)", place)
    second = markup.render("Clean.", place)
    assert len(first.removed) == 1
    assert second.removed == ()


def test_a_link_to_a_topic_with_a_space_in_its_name_works(tmp_path: Path) -> None:
    place = markup.Place(tmp_path, ".", {"my topic.md": "my topic"})
    page = markup.render("See [it](my%20topic.md).", place)
    assert page.topic_links == ("my topic",)
