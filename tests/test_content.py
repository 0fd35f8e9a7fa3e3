"""The default pack: what patients read first must be clean, sourced and plain."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk import lint, markup, pack
from tests.conftest import DEFAULT_PACK

LOADED = pack.load(DEFAULT_PACK)
PLACE = markup.Place(DEFAULT_PACK, ".", LOADED.topic_files)


def test_default_pack_validates_with_no_errors_and_no_warnings() -> None:
    _, problems = lint.validate(DEFAULT_PACK, date.today())
    assert [str(p) for p in problems] == []


def test_default_pack_has_six_to_eight_topics_and_three_to_five_slides() -> None:
    assert 6 <= len(LOADED.topics) <= 8
    assert 3 <= len(LOADED.slides) <= 5
    assert LOADED.settings.title
    assert LOADED.settings.version


@pytest.mark.parametrize("topic", LOADED.topics, ids=lambda t: t.id)
def test_each_topic_is_sourced_dated_and_summarised(topic: pack.Topic) -> None:
    assert topic.summary
    assert topic.sources
    assert topic.reviewed is not None
    assert topic.review_by is not None
    assert topic.reviewed < topic.review_by


@pytest.mark.parametrize(
    "topic", [t for e in LOADED.editions for t in e.topics], ids=lambda t: t.file
)
def test_each_topic_in_each_language_reads_at_grade_8_or_below(topic: pack.Topic) -> None:
    edition = LOADED.edition(topic.language)
    place = markup.Place(DEFAULT_PACK, edition.folder, edition.topic_files)
    level = lint.reading_level(topic, place)
    assert level is not None
    assert level.grade <= 8.0


def test_patients_are_told_it_does_not_replace_their_clinician() -> None:
    assert "does not replace" in LOADED.settings.notice
    first = markup.render(LOADED.topics[0].intro.markdown, PLACE).text
    assert "does not replace" in first
    slides = " ".join(s.markdown for s in LOADED.slides)
    assert "does not replace" in slides


def test_the_articles_defects_are_gone() -> None:
    words = " ".join(
        markup.render(card.markdown, PLACE).text for t in LOADED.topics for card in t.cards
    ).lower()
    for spam in (
        "explore this external site",
        "investigate this useful content",
        "well documented",
        "over 10 million",
    ):
        assert spam not in words
    side_effects = LOADED.topic("05-side-effects-and-risks")
    text = " ".join(markup.render(c.markdown, PLACE).text for c in side_effects.cards)
    assert "Side effects are common." in text
    assert "41" in text  # the list the article left empty is filled, with figures
