"""Loading a pack folder into the model."""

from __future__ import annotations

from datetime import date

from kiosk import loader, markup
from kiosk.loader import load
from kiosk.problem import Level, Problem
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
    titles = [t.title for t in loader.load(root).default.topics]
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
    topic = loader.load(root).default.topics[0]
    assert topic.intro.markdown.strip() == "Intro line.\n\n### Small heading\n\nMore intro."
    assert [(s.title, s.markdown.strip(), s.line) for s in topic.sections] == [
        ("First", "One.", 10),
        ("Second", "Two.", 14),
    ]
    assert [c.title for c in topic.cards] == ["", "First", "Second"]


def test_heading_inside_a_code_fence_does_not_split(make_pack: MakePack) -> None:
    root = make_pack({"a.md": "---\ntitle: T\n---\nIntro.\n\n```\n## not a heading\n```\n"})
    topic = loader.load(root).default.topics[0]
    assert topic.sections == ()
    assert "## not a heading" in topic.intro.markdown


def test_topic_without_intro_starts_on_its_first_section(make_pack: MakePack) -> None:
    root = make_pack({"a.md": "---\ntitle: T\n---\n\n## Only\n\nText.\n"})
    topic = loader.load(root).default.topics[0]
    assert [c.title for c in topic.cards] == ["Only"]


def test_front_matter_values_are_typed(make_pack: MakePack) -> None:
    root = make_pack(
        {
            "a.md": "---\ntitle: 1984\nsummary: About it\norder: 3\nicon: images/i.png\n"
            "sources:\n  - One\n  - Two\nreviewed: 2026-01-02\nreview_by: 2027-01-02\n---\nText.\n",
            "images/i.png": png_bytes(64, 64),
        }
    )
    topic = loader.load(root).default.topics[0]
    assert (topic.id, topic.title, topic.summary, topic.order) == ("a", "1984", "About it", 3)
    assert topic.icon == "images/i.png"
    assert topic.sources == ("One", "Two")
    assert (topic.reviewed, topic.review_by) == (date(2026, 1, 2), date(2027, 1, 2))
    assert topic.key_lines["review_by"] == 10


def test_a_topic_ends_with_where_it_comes_from_in_its_language(make_pack: MakePack) -> None:
    sources = "sources:\n  - Feder A, et al. 2021. *Am J Psychiatry*. [x](file:///etc/passwd)\n"
    root = make_pack(
        {
            "a.md": f"---\ntitle: A\n{sources}reviewed: 2026-01-02\n---\nText.\n",
            "b.md": "---\ntitle: B\nreviewed: 2026-03-04\n---\nText.\n",
            "c.md": "---\ntitle: C\n---\nText.\n",
            "es/a.md": f"---\ntitle: A\n{sources}---\nTexto.\n",
        }
    )
    loaded = loader.load(root)
    a, b, c = loaded.default.topics
    assert a.cards == (*a.text_cards, a.sources_card)
    assert a.sources_card is not None
    assert a.sources_card.title == "Where this comes from"
    assert a.sources_card.line == 3
    text = markup.render(a.sources_card.markdown, markup.Place(root)).text
    assert text == (
        "Last reviewed on January 2, 2026. This topic is based on: Feder A, et al. 2021. "
        "*Am J Psychiatry*. [x](file:///etc/passwd)."
    )
    assert b.sources_card is not None
    assert "Last reviewed on March 4, 2026." in b.sources_card.markdown
    assert c.sources_card is None
    assert c.cards == c.text_cards
    spanish = loaded.edition("es").topic("a").sources_card
    assert spanish is not None
    assert spanish.title == "De dónde viene esta información"
    assert spanish.markdown.startswith("Este tema se basa en:")


def test_byte_order_mark_and_windows_line_ends_are_read(make_pack: MakePack) -> None:
    root = make_pack({"a.md": "\ufeff---\r\ntitle: T\r\n---\r\nIntro.\r\n\r\n## S\r\nBody.\r\n"})
    loaded = loader.load(root)
    assert loaded.problems == ()
    assert [s.title for s in loaded.default.topics[0].sections] == ["S"]


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
    slides = loader.load(root).default.slides
    assert [(s.file, s.kind) for s in slides] == [
        ("slides/01-a.md", "markdown"),
        ("slides/02-b.png", "image"),
        ("slides/10-c.md", "markdown"),
    ]


def test_a_markdown_slide_may_name_a_background_picture(make_pack: MakePack) -> None:
    """`background:` in a slide's front matter is a picture in the pack; a missing one,
    an unknown key or an unclosed block is a problem on its line, and the page still
    shows (but for the unclosed block, which leaves the slide out)."""
    root = make_pack(
        {
            "a.md": GOOD_TOPIC,
            "images/sky.png": png_bytes(64, 36),
            "slides/1.md": "---\nbackground: ../images/sky.png\n---\n# Sky\n",
            "slides/2.md": "---\nbackground: ../images/gone.png\ncolour: red\n---\n# Two\n",
            "slides/3.md": "---\nbackground: ../images/sky.png\n# Never closed\n",
            "slides/4.md": "---\nbackground: ../images/sky.png\n---\n# Four\n\n${clinic.nope}\n",
            "slides/5.md": "---\nbackground: [../images/sky.png]\n---\n# Five\n",
            "slides/6.md": "---\nbackground: ../../../etc/passwd\n---\n# Six\n",
        }
    )
    loaded = loader.load(root)
    slides = {s.file: s for s in loaded.default.slides}
    assert slides["slides/1.md"].background == "images/sky.png"
    assert slides["slides/1.md"].markdown.strip() == "# Sky"
    assert slides["slides/2.md"].background is None
    assert "slides/3.md" not in slides
    said = {(p.file, p.line, p.rule) for p in loaded.problems}
    assert ("slides/2.md", 2, "image-missing") in said
    assert ("slides/2.md", 3, "front-matter-unknown-key") in said
    assert ("slides/3.md", 1, "front-matter-unclosed") in said
    assert ("slides/5.md", 2, "front-matter-value") in said  # a list is no picture
    assert ("slides/6.md", 2, "link-outside") in said
    assert slides["slides/5.md"].background is None
    assert slides["slides/6.md"].background is None
    # Located on the file's own lines, counting the front matter.
    assert {p.line for p in loaded.problems if p.file == "slides/4.md"} == {6}


def test_pack_toml_sets_settings_and_overrides_win(make_pack: MakePack) -> None:
    root = make_pack(
        {
            "a.md": GOOD_TOPIC,
            "pack.toml": '[pack]\ntitle = "Clinic"\n[session]\nidle_seconds = 30\n',
        }
    )
    loaded = loader.load(root, overrides={"idle_seconds": 45})
    assert loaded.settings.title == "Clinic"
    assert loaded.settings.idle_seconds == 45
    assert loaded.settings.slide_seconds == 8


def test_a_bad_file_does_not_stop_the_good_ones_loading(make_pack: MakePack) -> None:
    root = make_pack({"a.md": GOOD_TOPIC, "b.md": b"\xff\xfe bad", "c.md": ""})
    loaded = loader.load(root)
    assert [t.id for t in loaded.default.topics] == ["a"]
    assert loaded.has_errors
    assert {p.file for p in loaded.problems} == {"b.md", "c.md"}


# Language editions ------------------------------------------------------------------------

ES_TOPIC = GOOD_TOPIC.replace("title: Sleep", "title: Dormir").replace(
    "Sleep helps the body heal.", "Dormir ayuda al cuerpo a sanar."
)


def _codes(problems: tuple[Problem, ...] | list[Problem]) -> list[tuple[str, str]]:
    return [(p.file, p.rule) for p in problems]


def test_language_folders_are_editions_with_their_own_words(make_pack: MakePack) -> None:
    root = make_pack(
        {
            "pack.toml": '[pack]\ntitle = "Sleep well"\nlanguage = "en"\n'
            "[session]\nidle_seconds = 40\n",
            "en/01-sleep.md": GOOD_TOPIC,
            "es/01-sleep.md": ES_TOPIC,
            "es/pack.toml": '[pack]\ntitle = "Dormir bien"\nnotice = "Solo para aprender."\n',
            "es/slides/01.md": "# Hola\n",
        }
    )
    pack = load(root)
    assert not pack.problems
    assert pack.languages == ("en", "es")
    english, spanish = pack.editions
    assert english.settings.title == "Sleep well"
    assert spanish.settings.title == "Dormir bien"
    assert spanish.settings.notice == "Solo para aprender."
    assert spanish.settings.language == "es"
    assert spanish.settings.idle_seconds == 40  # timings are the pack's, in every language
    assert spanish.topics[0].file == "es/01-sleep.md"
    assert spanish.topics[0].id == english.topics[0].id == "01-sleep"
    assert spanish.topics[0].language == "es"
    assert [s.file for s in spanish.slides] == ["es/slides/01.md"]
    assert pack.default.topics == english.topics  # the pack's own language comes first


def test_the_pack_folder_holds_its_own_language_and_shares_its_slides(
    make_pack: MakePack,
) -> None:
    root = make_pack(
        {
            "pack.toml": '[pack]\nlanguage = "en"\n',
            "01-sleep.md": GOOD_TOPIC,
            "slides/01.md": "# Welcome\n",
            "es/01-sleep.md": ES_TOPIC,
        }
    )
    pack = load(root)
    assert pack.languages == ("en", "es")
    assert pack.default.folder == "."
    assert [s.file for s in pack.edition("es").slides] == ["slides/01.md"]


def test_a_topic_missing_in_one_language_is_reported(make_pack: MakePack) -> None:
    root = make_pack(
        {
            "en/01-sleep.md": GOOD_TOPIC,
            "en/02-food.md": GOOD_TOPIC.replace("Sleep", "Food"),
            "es/01-sleep.md": ES_TOPIC,
            "es/03-agua.md": ES_TOPIC.replace("Dormir", "Agua"),
        }
    )
    problems = load(root).problems
    assert _codes(problems) == [
        ("en/03-agua.md", "language-missing"),
        ("es/02-food.md", "language-missing"),
    ]
    assert "en/02-food.md ('Food') has no es version" in problems[1].message
    assert all(p.level is Level.WARNING for p in problems)


def test_topics_in_the_pack_folder_and_in_a_folder_of_the_same_language_are_an_error(
    make_pack: MakePack,
) -> None:
    root = make_pack({"01-sleep.md": GOOD_TOPIC, "en/01-sleep.md": GOOD_TOPIC})
    pack = load(root)
    assert _codes(pack.problems) == [("en/", "language-twice")]
    assert pack.has_errors


def test_a_language_pack_toml_gives_only_words(make_pack: MakePack) -> None:
    root = make_pack(
        {
            "en/01-sleep.md": GOOD_TOPIC,
            "es/01-sleep.md": ES_TOPIC,
            "es/pack.toml": "[session]\nidle_seconds = 30\n",
        }
    )
    pack = load(root)
    assert _codes(pack.problems) == [("es/pack.toml", "config-unknown-key")]
    assert pack.edition("es").settings.idle_seconds == 90


def test_a_language_the_pack_does_not_have_starts_in_the_first_it_has(
    make_pack: MakePack,
) -> None:
    root = make_pack({"pack.toml": '[pack]\nlanguage = "fr"\n', "es/01-sleep.md": ES_TOPIC})
    pack = load(root)
    assert pack.default.language == "es"
    assert _codes(pack.problems) == [("pack.toml", "language-default")]


def test_folders_that_are_not_languages_and_empty_language_folders_are_reported(
    make_pack: MakePack,
) -> None:
    root = make_pack(
        {
            "01-sleep.md": GOOD_TOPIC,
            "Spanish/01-sleep.md": ES_TOPIC,
            "fr/notes.txt": "later",
        }
    )
    pack = load(root)
    assert pack.languages == ("en",)
    assert _codes(pack.problems) == [
        ("Spanish/", "unknown-file"),
        ("fr/notes.txt", "unknown-file"),
    ]


def test_an_empty_language_folder_is_a_warning(make_pack: MakePack) -> None:
    root = make_pack({"01-sleep.md": GOOD_TOPIC})
    (root / "de").mkdir()
    assert _codes(load(root).problems) == [("de/", "language-empty")]


def test_a_language_folder_icon_and_links_resolve_inside_it(make_pack: MakePack) -> None:
    root = make_pack(
        {
            "en/01-sleep.md": GOOD_TOPIC,
            "es/01-sleep.md": ES_TOPIC.replace("order: 1", "order: 1\nicon: images/luna.png"),
            "es/images/luna.png": png_bytes(10, 10),
        }
    )
    assert load(root).edition("es").topics[0].icon == "es/images/luna.png"
