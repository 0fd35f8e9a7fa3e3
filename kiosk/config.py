"""Settings: declared once, typed and bounded, layered defaults < pack.toml < command line.

Each setting is a `Field` in `FIELDS`. A layer is a nested mapping as TOML gives it
(``{"session": {"idle_seconds": 30}}``); `check_layer` turns one into checked values and
problems, and `Settings.from_layers` stacks the checked layers over the defaults.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.problem import Problem, error, warning

PACK_TOML = "pack.toml"

THEMES = ("calm", "high-contrast")
TEXT_SIZES = ("A", "A+", "A++")


class ConfigError(ValueError):
    """A setting has a value it may not have.

    The message names the file, the key and what is allowed, for example
    ``pack.toml: session.idle_seconds must be a whole number from 10 to 3600, not 5``.
    """

    def __init__(self, file: str, key: str, allowed: str, value: object) -> None:
        self.file = file
        self.key = key
        self.allowed = allowed
        self.value = value
        super().__init__(f"{file}: {key} must be {allowed}, not {value!r}")


@dataclass(frozen=True)
class Field:
    """One setting: where it lives in pack.toml, its type, default and bounds."""

    table: str
    key: str
    type: type
    default: Any
    description: str
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The dotted name staff see in messages, e.g. ``session.idle_seconds``."""
        return f"{self.table}.{self.key}"

    @property
    def allowed(self) -> str:
        if self.choices:
            return "one of " + ", ".join(f'"{c}"' for c in self.choices)
        if self.type is bool:
            return "true or false"
        if self.type is int:
            return f"a whole number from {self.minimum} to {self.maximum}"
        return "text"

    def parse(self, value: object, file: str) -> Any:
        """Return `value` checked for this field, or raise ConfigError."""
        if self.type is bool:
            if not isinstance(value, bool):
                raise ConfigError(file, self.name, self.allowed, value)
            return value
        if self.type is int:
            # bool is an int to Python, never to a person writing `idle_seconds = true`.
            if not isinstance(value, int) or isinstance(value, bool):
                raise ConfigError(file, self.name, self.allowed, value)
            assert self.minimum is not None
            assert self.maximum is not None
            if not self.minimum <= value <= self.maximum:
                raise ConfigError(file, self.name, self.allowed, value)
            return value
        if not isinstance(value, str):
            raise ConfigError(file, self.name, self.allowed, value)
        if self.choices and value not in self.choices:
            raise ConfigError(file, self.name, self.allowed, value)
        return value


FIELDS: tuple[Field, ...] = (
    Field("pack", "title", str, "Waiting room", "The heading on Home."),
    Field("pack", "clinic", str, "", "The clinic's name, shown under the heading."),
    Field("pack", "language", str, "en", "Language code of the pack's text."),
    Field("pack", "version", str, "", "Shown in the staff panel and the log."),
    Field("pack", "notice", str, "", "A short line shown on Home, e.g. that it is no advice."),
    Field(
        "pack",
        "reading_grade",
        int,
        8,
        "validate warns about topics that read above this school grade.",
        1,
        16,
    ),
    Field("session", "idle_seconds", int, 90, "No touch this long starts the countdown.", 10, 3600),
    Field(
        "session", "warning_seconds", int, 20, "Length of the 'Still there?' countdown.", 20, 120
    ),
    Field("session", "slide_seconds", int, 8, "How long each idle slide shows.", 3, 120),
    Field("display", "theme", str, "calm", "The colour theme.", choices=THEMES),
    Field(
        "display",
        "text_size",
        str,
        "A",
        "The text size a patient starts with (they can change it).",
        choices=TEXT_SIZES,
    ),
    Field(
        "display",
        "reduced_motion",
        bool,
        False,
        "Cut between slides instead of crossfading.",
    ),
)

_BY_NAME = {f.name: f for f in FIELDS}
_DEFAULTS = {f.key: f.default for f in FIELDS}


@dataclass(frozen=True)
class Settings:
    """The settings in force; attribute names are the keys of `FIELDS`."""

    title: str = _DEFAULTS["title"]
    clinic: str = _DEFAULTS["clinic"]
    language: str = _DEFAULTS["language"]
    version: str = _DEFAULTS["version"]
    notice: str = _DEFAULTS["notice"]
    reading_grade: int = _DEFAULTS["reading_grade"]
    idle_seconds: int = _DEFAULTS["idle_seconds"]
    warning_seconds: int = _DEFAULTS["warning_seconds"]
    slide_seconds: int = _DEFAULTS["slide_seconds"]
    theme: str = _DEFAULTS["theme"]
    text_size: str = _DEFAULTS["text_size"]
    reduced_motion: bool = _DEFAULTS["reduced_motion"]

    @classmethod
    def from_layers(cls, *layers: Mapping[str, Any]) -> Settings:
        """Stack checked layers (from `check_layer`) over the defaults, later ones winning."""
        values: dict[str, Any] = {}
        for layer in layers:
            values.update(layer)
        return dataclasses.replace(cls(), **values)


def field(name: str) -> Field:
    """The field with the dotted `name`, e.g. ``"session.idle_seconds"``."""
    return _BY_NAME[name]


def check_layer(
    data: Mapping[str, Any], file: str, text: str = ""
) -> tuple[dict[str, Any], list[Problem]]:
    """Check one layer of settings.

    Args:
        data: The layer as TOML gives it: tables of keys.
        file: Where it came from, for messages.
        text: The file's text, used only to give messages a line number.

    Returns:
        The valid values keyed by attribute name, and a problem for every invalid
        value (an error) or unknown key (a warning).
    """
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    known_tables = {f.table for f in FIELDS}
    for table, keys in data.items():
        if table not in known_tables or not isinstance(keys, Mapping):
            problems.append(
                warning(
                    file,
                    _line_of(text, table, None),
                    "config-unknown-key",
                    f"unknown table [{table}]; known tables are "
                    + ", ".join(f"[{t}]" for t in sorted(known_tables)),
                )
            )
            continue
        for key, value in keys.items():
            name = f"{table}.{key}"
            line = _line_of(text, table, key)
            if name not in _BY_NAME:
                known = ", ".join(f.key for f in FIELDS if f.table == table)
                problems.append(
                    warning(
                        file,
                        line,
                        "config-unknown-key",
                        f"unknown key {name}; [{table}] knows {known}",
                    )
                )
                continue
            try:
                values[key] = _BY_NAME[name].parse(value, file)
            except ConfigError as exc:
                problems.append(
                    error(
                        file, line, "config-value", f"{name} must be {exc.allowed}, not {value!r}"
                    )
                )
    return values, problems


def read_pack_toml(text: str, file: str = PACK_TOML) -> tuple[dict[str, Any], list[Problem]]:
    """Parse and check the text of a pack.toml; a syntax error is one problem with its line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11 gives the position only inside the message: "... (at line 3, column 7)".
        match = re.search(r"at line (\d+)", str(exc))
        line = int(match.group(1)) if match else 0
        return {}, [error(file, line, "config-syntax", f"not valid TOML: {exc}")]
    return check_layer(data, file, text)


def _line_of(text: str, table: str, key: str | None) -> int:
    """The line where `key` of `[table]` is set (or the table starts), 0 if not found.

    Only for pointing at a line in a message; the values come from tomllib.
    """
    current = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        header = re.fullmatch(r"\[\s*([^\]]+?)\s*\]", line)
        if header:
            current = header.group(1)
            if key is None and current == table:
                return number
            continue
        if key is not None and current == table and re.match(rf"{re.escape(key)}\s*=", line):
            return number
        dotted = re.match(rf"{re.escape(table)}\.{re.escape(key or '')}\s*=", line)
        if key is not None and current == "" and dotted:
            return number
    return 0
