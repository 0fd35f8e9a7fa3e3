"""The clinic's own details: set once in pack.toml, filled into every edition's text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kiosk import lint, loader, markup, pack
from kiosk.clinic import Details, Use
from kiosk.words import Words
from tests.conftest import MakePack

TODAY = date(2026, 12, 1)
UNSET = Details({}, Words("en"))


def topic(body: str, title: str = "Infusion day") -> str:
    return f"---\ntitle: {title}\nsources: [A guide]\n---\n{body}\n"


def card_text(edition: pack.Edition, topic_id: str, card: int = 0) -> str:
    place = markup.Place(edition.root, edition.folder, edition.topic_files)
    return markup.render(edition.topic(topic_id).cards[card].markdown, place).text


def test_a_set_detail_is_filled_in_and_its_use_located() -> None:
    details = Details({"clinic.phone": "555-0100"}, Words("en"))
    text, uses = details.fill("Line one.\nCall ${clinic.phone} or $clinic.phone.", markdown=False)
    assert text == "Line one.\nCall 555-0100 or 555-0100."
    assert uses == [Use("clinic.phone", 1, True, True), Use("clinic.phone", 1, True, True)]


def test_an_unset_detail_becomes_neutral_words_in_the_language() -> None:
    assert UNSET.fill("Phone: ${clinic.phone}", markdown=False)[0] == "Phone: ask at the front desk"
    spanish = Details({}, Words("es"))
    assert spanish.fill("Teléfono: ${clinic.phone}", markdown=False)[0] == (
        "Teléfono: pregunte en la recepción"
    )


def test_the_neutral_words_name_the_clinics_own_front_desk() -> None:
    details = Details({"clinic.front_desk": "the desk on floor 2"}, Words("en"))
    assert details.neutral["clinic.phone"] == "ask at the desk on floor 2"


def test_dollar_figures_stay_and_a_double_dollar_is_one() -> None:
    text, uses = UNSET.fill("A course costs $2,700, or $$450 each; $US and $ 5.", markdown=False)
    assert text == "A course costs $2,700, or $450 each; $US and $ 5."
    assert uses == []


def test_an_unknown_name_is_reported_and_left_as_written() -> None:
    text, uses = UNSET.fill("Call ${clinic.phnoe}.", markdown=False)
    assert text == "Call ${clinic.phnoe}."
    assert uses == [Use("clinic.phnoe", 0, False, False)]


@pytest.mark.parametrize(
    "value",
    ["*Dr. Smith's* [clinic](file:///etc/passwd)", "<script>alert(1)</script> & co", "## 1. #2"],
)
def test_a_value_reads_as_written_and_makes_no_markup(value: str) -> None:
    details = Details({"clinic.name": value}, Words("en"))
    filled, _ = details.fill("Welcome to ${clinic.name}.", markdown=True)
    rendered = markup.render(filled, markup.Place(Path()))
    assert rendered.text == f"Welcome to {value}."
    assert rendered.removed == ()
    assert "<script" not in rendered.html
    assert "href" not in rendered.html


def test_a_pack_fills_its_details_into_topics_titles_and_slides(make_pack: MakePack) -> None:
    root = make_pack(
        {
            "pack.toml": '[clinic]\nname = "Riverside"\nphone = "555-0100"\n'
            'front_desk = "the desk on floor 2"\n',
            "a.md": topic("Call ${clinic.phone}.", title="About ${clinic.name}"),
            "slides/01.md": "# Ask us\n\nAsk at ${clinic.front_desk}.\n",
        }
    )
    loaded, problems = lint.validate(root, TODAY)
    assert problems == []
    edition = loaded.default
    assert edition.settings.clinic_name == "Riverside"
    assert edition.topic("a").title == "About Riverside"
    assert card_text(edition, "a") == "Call 555-0100."
    assert edition.slides[0].markdown == "# Ask us\n\nAsk at the desk on floor 2.\n"


def test_each_unset_use_is_a_warning_at_its_line_saying_what_patients_read(
    make_pack: MakePack,
) -> None:
    root = make_pack({"a.md": topic("Text.\n\n- Phone: ${clinic.phone}\n")})
    _, problems = lint.validate(root, TODAY)
    assert [str(p) for p in problems] == [
        "a.md:7: warning: ${clinic.phone} is not set, so patients read 'ask at the front "
        "desk'; set phone under [clinic] in pack.toml [clinic-unset]"
    ]


def test_an_unknown_name_is_an_error_so_no_patient_reads_a_placeholder(
    make_pack: MakePack,
) -> None:
    root = make_pack({"a.md": topic("Call ${clinic.phnoe}.", title="${clinik.name}")})
    loaded, problems = lint.validate(root, TODAY)
    assert loaded.has_errors
    unknown = [p for p in problems if p.rule == "clinic-unknown"]
    assert [p.line for p in unknown] == [2, 5]
    assert "${clinic.phone}" in unknown[0].message  # the names it does know


def test_words_of_one_language_are_not_shown_to_readers_of_another(make_pack: MakePack) -> None:
    root = make_pack(
        {
            "pack.toml": '[clinic]\nphone = "555-0100"\nfasting = "Do not eat for 6 hours."\n',
            "en/a.md": topic("- Phone: ${clinic.phone}\n- Eating: ${clinic.fasting}\n"),
            "es/a.md": topic("- Teléfono: ${clinic.phone}\n- Comida: ${clinic.fasting}\n"),
            "pt/a.md": topic("- Telefone: ${clinic.phone}\n- Comida: ${clinic.fasting}\n"),
            "pt/pack.toml": '[clinic]\nfasting = "Não coma 6 horas antes."\n',
        }
    )
    loaded, problems = lint.validate(root, TODAY)
    assert "Do not eat for 6 hours." in card_text(loaded.edition("en"), "a")
    spanish = card_text(loaded.edition("es"), "a")
    assert "555-0100" in spanish  # a number serves every language
    assert "Do not eat" not in spanish
    assert "muchas clínicas le piden no comer" in spanish
    assert "Não coma 6 horas antes." in card_text(loaded.edition("pt"), "a")
    assert [(p.file, p.rule) for p in problems] == [("es/a.md", "clinic-unset")]
    assert "set fasting under [clinic] in es/pack.toml" in problems[0].message


def test_home_shows_the_clinics_name_only_when_it_is_set(make_pack: MakePack) -> None:
    unnamed = loader.load(make_pack({"a.md": topic("Text.")}))
    assert unnamed.settings.clinic_name == ""
    named = loader.load(make_pack({"a.md": topic("Text."), "pack.toml": '[clinic]\nname = "R"\n'}))
    assert named.settings.clinic_name == "R"


def test_the_old_pack_clinic_key_says_where_the_name_went(make_pack: MakePack) -> None:
    root = make_pack({"a.md": topic("Text."), "pack.toml": '[pack]\nclinic = "Riverside"\n'})
    _, problems = lint.validate(root, TODAY)
    assert [str(p) for p in problems] == [
        "pack.toml:2: warning: unknown key pack.clinic; the clinic's name is now set as name "
        "under [clinic] [config-unknown-key]"
    ]


@pytest.mark.parametrize("value", ['"line one\\nline two"', '"' + "x" * 301 + '"', "5"])
def test_a_detail_is_one_line_of_text(make_pack: MakePack, value: str) -> None:
    root = make_pack({"a.md": topic("Text."), "pack.toml": f"[clinic]\nphone = {value}\n"})
    _, problems = lint.validate(root, TODAY)
    assert [(p.line, p.rule) for p in problems] == [(2, "config-value")]
    assert "one line of text, at most 300 characters" in problems[0].message


def test_homes_title_and_notice_and_the_sources_may_name_details_too(
    make_pack: MakePack,
) -> None:
    root = make_pack(
        {
            "pack.toml": '[pack]\ntitle = "Welcome to ${clinic.name}"\n'
            'notice = "Questions? Ask at ${clinic.front_desk}."\n'
            '[clinic]\nname = "Riverside"\n',
            "en/a.md": '---\ntitle: A\nsources: ["${clinic.name} protocol, 2025"]\n---\nText.\n',
            "es/a.md": "---\ntitle: A\nsources: [Protocolo]\n---\nTexto.\n",
            "es/pack.toml": '[pack]\ntitle = "Bienvenido a ${clinic.name}"\n',
        }
    )
    loaded, problems = lint.validate(root, TODAY)
    english, spanish = loaded.edition("en"), loaded.edition("es")
    assert english.settings.title == "Welcome to Riverside"
    assert loaded.settings.title == "Welcome to Riverside"  # the staff panel's
    assert english.settings.notice == "Questions? Ask at the front desk."
    assert spanish.settings.title == "Bienvenido a Riverside"
    assert spanish.settings.notice == "Questions? Ask at the front desk."  # the pack's own
    assert english.topic("a").sources == ("Riverside protocol, 2025",)
    assert [(p.file, p.line, p.rule) for p in problems] == [("pack.toml", 0, "clinic-unset")]
    assert "${clinic.front_desk}" in problems[0].message
