"""Loading a pack folder into the model."""

from __future__ import annotations

from datetime import date

from kiosk import pack
from tests.conftest import GOOD_TOPIC, MakePack, png_bytes


def named(title: str, order: int | None = None) -> str:
    order_line = f"order: {order}\n" if order is not None else ""
    return f"---\ntitle: {title}\n{order_line}---\nText.\n"


def test_topics_sort_by_order_then_file_name(make_pack: MakePack) -> None:
    root = make_pack(
        {
            "a.md": named("No order A"),
            "b.md": named("Second", 2),
            "c.md": named("First", 1),
            "d.md": named("Also second", 2),
            "0.md": named("No order 0"),
        }
    )
    titles = [t.title for t in pack.load(root).topics]
    assert titles == ["First", "Second", "Also second", "No order 0", "No order A"]


def test_text_before_first_heading_is_the_intro_and_each_h2_a_section(
    make_pack: MakePack,
) -> None:
    root = make_pack(
        {
            "a.md": "---\ntitle: T\n---\nIntro line.\n\n### Small heading\n\nMore intro.\n"
            "\n## First ##\n\nOne.\n\n## Second\nTwo.\n"
        }
    )
    topic = pack.load(root).topics[0]
    assert topic.intro.markdown.strip() == "Intro line.\n\n### Small heading\n\nMore intro."
    assert [(s.title, s.markdown.strip(), s.line) for s in topic.sections] == [
        ("First", "One.", 10),
        ("Second", "Two.", 14),
    ]
    assert [c.title for c in topic.cards] == ["", "First", "Second"]


def test_heading_inside_a_code_fence_does_not_split(make_pack: MakePack) -> None:
    root = make_pack({"a.md": "---\ntitle: T\n---\nIntro.\n\n```\n## not a heading\n```\n"})
    topic = pack.load(root).topics[0]
    assert topic.sections == ()
    assert "## not a heading" in topic.intro.markdown


def test_topic_without_intro_starts_on_its_first_section(make_pack: MakePack) -> None:
    root = make_pack({"a.md": "---\ntitle: T\n---\n\n## Only\n\nText.\n"})
    topic = pack.load(root).topics[0]
    assert [c.title for c in topic.cards] == ["Only"]


def test_front_matter_values_are_typed(make_pack: MakePack) -> None:
    root = make_pack(
        {
            "a.md": "---\ntitle: 1984\nsummary: About it\norder: 3\nicon: images/i.png\n"
            "sources:\n  - One\n  - Two\nreviewed: 2026-01-02\nreview_by: 2027-01-02\n---\nText.\n",
            "images/i.png": png_bytes(64, 64),
        }
    )
    topic = pack.load(root).topics[0]
    assert (topic.id, topic.title, topic.summary, topic.order) == ("a", "1984", "About it", 3)
    assert topic.icon == "images/i.png"
    assert topic.sources == ("One", "Two")
    assert (topic.reviewed, topic.review_by) == (date(2026, 1, 2), date(2027, 1, 2))
    assert topic.key_lines["review_by"] == 10


def test_byte_order_mark_and_windows_line_ends_are_read(make_pack: MakePack) -> None:
    root = make_pack({"a.md": "\ufeff---\r\ntitle: T\r\n---\r\nIntro.\r\n\r\n## S\r\nBody.\r\n"})
    loaded = pack.load(root)
    assert loaded.problems == ()
    assert [s.title for s in loaded.topics[0].sections] == ["S"]


def test_slides_in_name_order_pictures_and_markdown(make_pack: MakePack) -> None:
    root = make_pack(
        {
            "a.md": GOOD_TOPIC,
            "slides/02-b.png": png_bytes(1920, 1080),
            "slides/01-a.md": "# Welcome\n",
            "slides/10-c.md": "# Later\n",
            "slides/.hidden.md": "# Never\n",
        }
    )
    slides = pack.load(root).slides
    assert [(s.file, s.kind) for s in slides] == [
        ("slides/01-a.md", "markdown"),
        ("slides/02-b.png", "image"),
        ("slides/10-c.md", "markdown"),
    ]


def test_pack_toml_sets_settings_and_overrides_win(make_pack: MakePack) -> None:
    root = make_pack(
        {
            "a.md": GOOD_TOPIC,
            "pack.toml": '[pack]\ntitle = "Clinic"\n[session]\nidle_seconds = 30\n',
        }
    )
    loaded = pack.load(root, overrides={"idle_seconds": 45})
    assert loaded.settings.title == "Clinic"
    assert loaded.settings.idle_seconds == 45
    assert loaded.settings.slide_seconds == 8


def test_a_bad_file_does_not_stop_the_good_ones_loading(make_pack: MakePack) -> None:
    root = make_pack({"a.md": GOOD_TOPIC, "b.md": b"\xff\xfe bad", "c.md": ""})
    loaded = pack.load(root)
    assert [t.id for t in loaded.topics] == ["a"]
    assert loaded.has_errors
    assert {p.file for p in loaded.problems} == {"b.md", "c.md"}
