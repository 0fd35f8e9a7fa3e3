"""The default pack: what patients read first must be clean, sourced, plain and right.

Each clinical fact of ../shared/FACTS.md that the pack must carry is pinned here in both
languages, by the words a patient reads. The tests look only at the default pack's own
topics and slides, so a clinic that adds its own topics to its copy of the pack breaks
none of them.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from kiosk import lint, loader, markup, pack
from tests.conftest import DEFAULT_PACK

LOADED = loader.load(DEFAULT_PACK)
LANGUAGES = ("en", "es")
TOPICS = (
    "01-understanding-ptsd",
    "02-treatments-that-work-first",
    "03-what-is-ketamine-infusion-therapy",
    "04-possible-benefits",
    "05-side-effects-and-risks",
    "06-who-should-not-have-it",
    "07-your-infusion-day",
    "08-questions-for-your-care-team",
)
OWN_TOPICS = [(language, topic_id) for language in LANGUAGES for topic_id in TOPICS]


def own(language: str, topic_id: str) -> pack.Topic:
    return LOADED.edition(language).topic(topic_id)


def words(language: str, topic_id: str) -> str:
    """What a patient reads in a topic, as one lower-case line (no sources card)."""
    edition = LOADED.edition(language)
    place = markup.Place(DEFAULT_PACK, edition.folder, edition.topic_files)
    topic = edition.topic(topic_id)
    cards = [f"{c.title}. {markup.render(c.markdown, place).text}" for c in topic.text_cards]
    return " ".join(" ".join([topic.title, topic.summary, *cards]).split()).lower()


def slides(language: str) -> str:
    return " ".join(" ".join(s.markdown for s in LOADED.edition(language).slides).split()).lower()


def test_default_pack_has_no_errors_and_warns_only_of_the_clinics_details() -> None:
    _, problems = lint.validate(DEFAULT_PACK, date.today())
    own_files = {t.file for language, t_id in OWN_TOPICS for t in [own(language, t_id)]}
    own_files |= {s.file for e in LOADED.editions for s in e.slides}
    mine = [p for p in problems if p.file in own_files or p.file.endswith("pack.toml")]
    assert [str(p) for p in mine if p.rule != "clinic-unset"] == []
    assert {p.rule for p in mine} == {"clinic-unset"}  # staff are told what to fill in


def test_default_pack_is_in_english_and_spanish_with_slides_and_a_version() -> None:
    assert LOADED.languages == LANGUAGES
    for language in LANGUAGES:
        assert {t.id for t in LOADED.edition(language).topics} >= set(TOPICS)
        assert len(LOADED.edition(language).slides) >= 3
    assert LOADED.settings.title
    assert LOADED.settings.version


def test_each_topic_has_its_own_icon_drawn_in_the_themes_colour() -> None:
    """One drawing per topic, the same in both languages, in `currentColor` (so it takes
    the theme's colour) and holding everything it shows."""
    for topic_id in TOPICS:
        icons = {own(language, topic_id).icon for language in LANGUAGES}
        assert len(icons) == 1, topic_id
        (icon,) = icons
        assert icon is not None, topic_id
        assert icon.startswith("images/"), topic_id
        drawing = (DEFAULT_PACK / icon).read_text(encoding="utf-8")
        assert "currentColor" in drawing
        assert "#" not in drawing  # no fixed colour
        assert "href" not in drawing  # nothing drawn in from another file
    assert len({own("en", topic_id).icon for topic_id in TOPICS}) == len(TOPICS)


@pytest.mark.parametrize(("language", "topic_id"), OWN_TOPICS)
def test_each_topic_is_summarised_dated_and_sourced_checkably(language: str, topic_id: str) -> None:
    topic = own(language, topic_id)
    assert topic.summary
    assert topic.reviewed is not None
    assert topic.review_by is not None
    assert topic.reviewed < topic.review_by
    assert topic.sources
    for source in topic.sources:
        # A paper or guideline: its year, and a DOI or PMCID; a label or an organisation's
        # page (which change, and have no one year): where to look it up.
        where = re.search(
            r"doi:10\.\d{4,}/|PMCID: PMC\d+|DailyMed, setid [0-9a-f-]{36}|page", source
        )
        assert where, source
        assert re.search(r"\b(19|20)\d\d\b", source) or "DailyMed" in source or "page" in source


@pytest.mark.parametrize("topic_id", TOPICS)
def test_both_languages_cite_the_same_sources(topic_id: str) -> None:
    assert own("es", topic_id).sources == own("en", topic_id).sources


@pytest.mark.parametrize(("language", "topic_id"), OWN_TOPICS)
def test_each_topic_ends_with_where_it_comes_from_in_its_language(
    language: str, topic_id: str
) -> None:
    topic = own(language, topic_id)
    card = topic.cards[-1]
    assert card is topic.sources_card
    heading = {"en": "Where this comes from", "es": "De dónde viene esta información"}
    reviewed = {"en": "Last reviewed on December 1, 2026.", "es": "el 1 de diciembre de 2026."}
    assert card.title == heading[language]
    text = markup.render(card.markdown, markup.Place(DEFAULT_PACK)).text
    assert reviewed[language] in text
    for source in topic.sources:
        assert " ".join(source.split()[:3]) in text


@pytest.mark.parametrize(("language", "topic_id"), OWN_TOPICS)
def test_each_topic_reads_at_grade_8_or_below(language: str, topic_id: str) -> None:
    edition = LOADED.edition(language)
    place = markup.Place(DEFAULT_PACK, edition.folder, edition.topic_files)
    level = lint.reading_level(own(language, topic_id), place)
    assert level is not None
    assert level.grade <= 8.0


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_placeholder_and_no_invented_clinic_reaches_a_patient(language: str) -> None:
    edition = LOADED.edition(language)
    assert edition.settings.clinic_name == ""  # Home shows no "Your clinic"
    everything = " ".join(words(language, t) for t in TOPICS) + " " + slides(language)
    assert "$" not in everything
    front_desk = {"en": "the front desk", "es": "la recepción"}[language]
    assert front_desk in words(language, "08-questions-for-your-care-team")
    assert front_desk in slides(language)


# What each topic must say, in the words a patient reads (lower case), by language.
MUST_SAY: dict[str, dict[str, tuple[str, ...]]] = {
    "02-treatments-that-work-first": {
        "en": (
            "treatments to try first",
            "not been shown to replace therapy",
            "if you try it, keep going to therapy",
        ),
        "es": (
            "los tratamientos que se prueban primero",
            "no se ha demostrado",
            "si la prueba, siga yendo a terapia",
        ),
    },
    "03-what-is-ketamine-infusion-therapy": {
        "en": (
            "on its own or with an antidepressant",
            "depression with thoughts of suicide",
            "at least 2 hours",
            "not approved for ptsd",
            "10 of the 15",
            "3 of the 15",
            "veterans and service members",
            "a placebo (salt-water) infusion",
            "221 people",
        ),
        "es": (
            "solo o junto con una pastilla antidepresiva",
            "depresión con pensamientos de suicidio",
            "por lo menos 2 horas",
            "no está aprobado para el tept",
            "10 de las 15",
            "3 de las 15",
            "veteranos y miembros del servicio militar",
            "un placebo (una infusión de agua con sal)",
            "221 personas",
            "mal uso",
        ),
    },
    "04-possible-benefits": {
        "en": (
            "10 of the 15",
            "3 of the 15",
            "veterans and service members",
            "a placebo (salt-water) infusion",
            "booster",
            "little research",
            "not been shown to replace therapy",
            "if you try ketamine, keep going to therapy",
        ),
        "es": (
            "10 de las 15",
            "3 de las 15",
            "veteranos y miembros del servicio militar",
            "un placebo (una infusión de agua con sal)",
            "refuerzo",
            "poca investigación",
            "no se ha demostrado que pueda reemplazar la terapia",
            "si la prueba, siga yendo a terapia",
        ),
    },
    "05-side-effects-and-risks": {
        "en": (
            "side effects are common",
            "most people feel detached or sleepy",
            "61 to 75",
            "49 to 61",
            "blood pressure usually goes up",
            "before, during, and after",
            "may have to wait",
            "misuse",
            "call or text 988",
            "press 1",
            "press 2",
            "911",
        ),
        "es": (
            "los efectos secundarios son comunes",
            "la mayoría de las personas se sienten desconectadas o con sueño",
            "61 a 75",
            "49 a 61",
            "la presión arterial suele subir",
            "antes, durante y después",
            "tenga que esperar",
            "poco frecuentes",
            "mal uso",
            "mensaje de texto al 988",
            "oprima 1",
            "oprima 2",
            "911",
        ),
    },
    "06-who-should-not-have-it": {
        "en": (
            "psychosis now or in the past",
            "bipolar disorder",
            "mania now or in the past",
            "your care team will decide",
            "not under control",
            "rhythm of the heart",
            "a heart attack or a stroke not long ago",
            "an aneurysm",
            "an avm",
            "bleeding in the brain, at any time in the past",
            "allergy to ketamine or esketamine",
            "pregnant or breastfeeding",
            "problem with drugs or alcohol",
        ),
        "es": (
            "psicosis ahora o en el pasado",
            "trastorno bipolar",
            "manía ahora o en el pasado",
            "su equipo médico decidirá",
            "no está bajo control",
            "ritmo del corazón",
            "un ataque al corazón o un derrame cerebral hace poco tiempo",
            "un aneurisma",
            "una mav",
            "sangrado en el cerebro, en cualquier momento del pasado",
            "alergia a la ketamina o a la esketamina",
            "embarazadas o que están amamantando",
            "problema actual con las drogas o el alcohol",
        ),
    },
    "07-your-infusion-day": {
        "en": (
            "slow down or stop the infusion at any time",
            "memories or strong feelings",
            "until you are steady on your feet and your mind is clear",
            "can last about 2 hours",
            "must not drive for 24 hours",
            "someone",
            "do not drink alcohol",
            "sedatives",
            "chest pain, trouble breathing, or a sudden, very bad headache: call 911",
            "the clinic's phone number",
            "when the clinic is closed",
        ),
        "es": (
            "más despacio o que la detengan en cualquier momento",
            "recuerdos del pasado o sentimientos fuertes",
            "hasta que esté firme al caminar y tenga la mente clara",
            "puede durar unas 2 horas",
            "no debe manejar durante las 24 horas",
            "no tome alcohol",
            "sedantes",
            "llame al 911",
            "el teléfono de la clínica",
            "cuando la clínica está cerrada",
        ),
    },
    "08-questions-for-your-care-team": {
        "en": (
            "called off-label, so many insurance plans do not pay for it",
            "full price of the whole course before you start",
            "call or text 988",
            "press 1",
            "press 2",
            "911",
        ),
        "es": (
            "muchos seguros médicos no la pagan",
            "precio total de todo el tratamiento",
            "mensaje de texto al 988",
            "oprimir 1",
            "oprima 2",
            "911",
        ),
    },
}

# What the pack must never say again: the seed article's defects and last month's errors.
MUST_NOT_SAY: dict[str, tuple[str, ...]] = {
    "en": (
        "explore this external site",
        "investigate this useful content",
        "well documented",
        "over 10 million",
        "used along with therapy",
        "20 to 30 minutes after the infusion.",
        "10 had higher blood pressure",
        "41 felt detached",
        "comparison medicine",
        "67 in 100",
        "treatments that work first",
    ),
    "es": (
        "abuso",
        "abusan",
        "son raros",
        "se usa junto con la terapia",
        "sesgo",
        "medicamento de comparación",
        "67 de cada 100",
        "10 tuvieron la presión",
        "unos 20 a 30 minutos. luego",
    ),
}


@pytest.mark.parametrize(
    ("language", "topic_id"),
    [(language, topic_id) for topic_id in MUST_SAY for language in LANGUAGES],
)
def test_each_topic_says_what_facts_md_asks(language: str, topic_id: str) -> None:
    text = words(language, topic_id)
    missing = [phrase for phrase in MUST_SAY[topic_id][language] if phrase not in text]
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_articles_defects_and_last_months_errors_are_gone(language: str) -> None:
    text = " ".join(words(language, t) for t in TOPICS)
    said = [phrase for phrase in MUST_NOT_SAY[language] if phrase in text]
    assert said == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_crisis_line_is_a_slide_and_in_the_side_effects(language: str) -> None:
    assert "988" in slides(language)
    assert "911" in slides(language)
    assert "988" in words(language, "05-side-effects-and-risks")


@pytest.mark.parametrize("language", LANGUAGES)
def test_patients_are_told_it_does_not_replace_their_clinician(language: str) -> None:
    phrase = {"en": "does not replace", "es": "no reemplaza"}[language]
    assert phrase in LOADED.edition(language).settings.notice.lower()
    assert phrase in words(language, "01-understanding-ptsd")
    assert phrase in slides(language)


def test_no_usual_side_effect_is_given_a_figure_that_makes_it_sound_rare() -> None:
    text = words("en", "05-side-effects-and-risks")
    listed = re.findall(r"(\d+)(?: to \d+)? (felt detached|felt sleepy)", text)
    assert sorted(listed) == [("49", "felt sleepy"), ("61", "felt detached")]
