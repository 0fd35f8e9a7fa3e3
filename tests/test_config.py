"""Settings: defaults < pack.toml < command line, typed and bounded."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk import config
from kiosk.config import ConfigError, Settings


def test_every_field_is_a_setting_with_its_default() -> None:
    defaults = Settings()
    assert {f.name for f in dataclasses.fields(Settings)} == {f.attribute for f in config.FIELDS}
    for field in config.FIELDS:
        assert getattr(defaults, field.attribute) == field.default


def test_defaults_match_the_design() -> None:
    s = Settings()
    assert (s.title, s.language, s.idle_seconds, s.warning_seconds, s.slide_seconds, s.theme) == (
        "Waiting room",
        "en",
        90,
        20,
        8,
        "calm",
    )


def test_later_layers_win() -> None:
    toml, _ = config.read_pack_toml("[session]\nidle_seconds = 30\nslide_seconds = 5\n")
    cli = {"idle_seconds": 60}
    merged = Settings.from_layers(toml, cli)
    assert (merged.idle_seconds, merged.slide_seconds, merged.warning_seconds) == (60, 5, 20)


@pytest.mark.parametrize(
    ("name", "value", "allowed"),
    [
        ("session.idle_seconds", 9, "a whole number from 10 to 3600"),
        ("session.idle_seconds", 3601, "a whole number from 10 to 3600"),
        ("session.idle_seconds", True, "a whole number from 10 to 3600"),
        ("session.idle_seconds", "90", "a whole number from 10 to 3600"),
        ("session.warning_seconds", 19, "a whole number from 20 to 120"),
        ("session.warning_seconds", 121, "a whole number from 20 to 120"),
        ("session.slide_seconds", 2, "a whole number from 3 to 120"),
        ("session.slide_seconds", 2.5, "a whole number from 3 to 120"),
        ("display.theme", "neon", 'one of "calm", "high-contrast"'),
        ("pack.title", 5, "one line of text, at most 300 characters"),
        ("pack.title", "Two\nlines", "one line of text, at most 300 characters"),
        ("pack.notice", "x" * 301, "one line of text, at most 300 characters"),
        ("pack.language", "../x", "a language code such as en, es or pt-BR"),
        ("pack.language", "english", "a language code such as en, es or pt-BR"),
    ],
)
def test_each_invalid_value_raises_one_error_naming_file_key_and_allowed(
    name: str, value: object, allowed: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        config.field(name).parse(value, "pack.toml")
    message = str(caught.value)
    assert message.startswith(f"pack.toml: {name} must be {allowed}, not ")
    assert message.endswith(repr(value)[-3:])  # the value, quoted, cut short if long
    assert len(message) < 200


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("session.idle_seconds", 10),
        ("session.idle_seconds", 3600),
        ("session.warning_seconds", 20),
        ("session.slide_seconds", 120),
        ("display.theme", "high-contrast"),
    ],
)
def test_bounds_are_inclusive(name: str, value: object) -> None:
    assert config.field(name).parse(value, "x") == value


def test_pack_toml_problems_name_file_line_and_key() -> None:
    text = '[pack]\ntitle = "Hi"\n\n[session]\nwarning_seconds = 5\nsnooze = 3\n[extra]\n'
    values, problems = config.read_pack_toml(text)
    assert values == {"title": "Hi"}
    assert [(p.line, p.rule) for p in problems] == [
        (5, "config-value"),
        (6, "config-unknown-key"),
        (7, "config-unknown-key"),
    ]
    assert "session.warning_seconds must be a whole number from 20 to 120" in problems[0].message


def test_toml_syntax_error_has_its_line() -> None:
    _, problems = config.read_pack_toml('[pack]\ntitle = "Hi"\nversion = 1.2.3\n')
    assert [(p.file, p.line, p.rule) for p in problems] == [("pack.toml", 3, "config-syntax")]


def test_dotted_keys_are_located() -> None:
    _, problems = config.read_pack_toml("\nsession.idle_seconds = 1\n")
    assert [(p.line, p.rule) for p in problems] == [(2, "config-value")]
