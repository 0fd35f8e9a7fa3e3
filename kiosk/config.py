"""Settings: declared once, typed and bounded, layered defaults < pack.toml < machine
config < command line.

Each setting is an attribute of `Settings`, declared with its default and its rules; a
`Field` of `FIELDS`, made from it, says where it lives in pack.toml and checks values. A
layer is a nested mapping as TOML gives it (``{"session": {"idle_seconds": 30}}``);
`check_layer` turns one into checked values and problems, and `Settings.from_layers`
stacks the checked layers over the defaults. The machine config (this computer's
kiosk.toml, see kiosk/paths.py) is read here too: `read_machine_config` reads it whole
(the staff PIN is in it), `machine_layer` checks its settings.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import reprlib
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kiosk import hours, paths
from kiosk.problem import Problem, error, warning

log = logging.getLogger(__name__)

PACK_TOML = "pack.toml"
# The machine config's table for staff access (kiosk/staff.py), which is not settings.
STAFF_TABLE = "staff"

# What a one-line value may not hold: line breaks and other control characters.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")

# A value quoted in a message stays short, however long it is.
_SHORT = reprlib.Repr()
_SHORT.maxstring, _SHORT.maxother, _SHORT.maxlist, _SHORT.maxlevel = 60, 60, 4, 2

THEMES = ("calm", "high-contrast")
DISPLAY_OFF = ("auto", "xset", "wlopm", "cec", "none")
# What names a language: its code, as the folder of an edition is named (en, es, pt-BR).
LANGUAGE_CODE = r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?"
MAX_LINE = 300
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
        super().__init__(f"{file}: {key} must be {allowed}, not {_SHORT.repr(value)}")


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
    attribute: str = ""
    one_line: bool = False
    language_bound: bool = False
    pattern: str = ""
    # A value of its own kind (times, dates, a time zone): checked by `parser`, which
    # returns the value or raises ValueError; `forms` says in words what it takes.
    parser: Callable[[object], Any] | None = None
    forms: str = ""

    def __post_init__(self) -> None:
        if not self.attribute:
            object.__setattr__(self, "attribute", self.key)

    @property
    def name(self) -> str:
        """The dotted name staff see in messages, e.g. ``session.idle_seconds``."""
        return f"{self.table}.{self.key}"

    @property
    def allowed(self) -> str:
        if self.forms:
            return self.forms
        if self.choices:
            return "one of " + ", ".join(f'"{c}"' for c in self.choices)
        if self.type is bool:
            return "true or false"
        if self.type is int:
            return f"a whole number from {self.minimum} to {self.maximum}"
        if self.pattern:
            return "a language code such as en, es or pt-BR"
        if self.one_line:
            return f"one line of text, at most {MAX_LINE} characters"
        return "text"

    def parse(self, value: object, file: str) -> Any:
        """Return `value` checked for this field, or raise ConfigError."""
        if self.parser is not None:
            try:
                return self.parser(value)
            except (ValueError, TypeError) as exc:
                raise ConfigError(file, self.name, self.allowed, value) from exc
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
        if self.one_line and (len(value) > MAX_LINE or _UNPRINTABLE.search(value)):
            raise ConfigError(file, self.name, self.allowed, value)
        if self.pattern and re.fullmatch(self.pattern, value) is None:
            raise ConfigError(file, self.name, self.allowed, value)
        return value.strip() if self.one_line else value


def _setting(table: str, default: Any, description: str, **rules: Any) -> Any:
    """A `Settings` attribute's default, carrying the `Field` rules that check it (its
    pack.toml key is the attribute's name unless `rules` give ``key``)."""
    return dataclasses.field(
        default=default, metadata={"table": table, "description": description, **rules}
    )


def _hours(day: str) -> Any:
    """A day's opening times (`kiosk.hours`): "" when not set."""
    return _setting(
        "hours",
        "",
        f"Opening times on {day.capitalize()}s, like '08:00-17:00', or 'closed'.",
        key=day,
        parser=hours.opening_times,
        forms=hours.OPENING_FORMS,
    )


def _clinic(key: str, description: str, *, words: bool = False) -> Any:
    """A detail of the clinic's own, which topics name as ``${clinic.<key>}``.

    A detail in `words` is written in one language, so a language folder's pack.toml
    gives its own (a name or a phone number serves every language).
    """
    return _setting("clinic", "", description, key=key, one_line=True, language_bound=words)


@dataclass(frozen=True)
class Settings:
    """The settings in force, each declared once here: its default, and (in `FIELDS`,
    made from these) where it lives in pack.toml and what values it takes."""

    title: str = _setting("pack", "Waiting room", "The heading on Home.", one_line=True)
    language: str = _setting(
        "pack", "en", "Language code of the pack's text.", pattern=LANGUAGE_CODE
    )
    version: str = _setting("pack", "", "Shown in the staff panel and the log.", one_line=True)
    notice: str = _setting(
        "pack", "", "A short line shown on Home, e.g. that it is no advice.", one_line=True
    )
    reading_grade: int = _setting(
        "pack",
        8,
        "validate warns about topics that read above this school grade.",
        minimum=1,
        maximum=16,
    )
    idle_seconds: int = _setting(
        "session", 90, "No touch this long starts the countdown.", minimum=10, maximum=3600
    )
    warning_seconds: int = _setting(
        "session", 20, "Length of the 'Still there?' countdown.", minimum=20, maximum=120
    )
    slide_seconds: int = _setting(
        "session", 8, "How long each idle slide shows.", minimum=3, maximum=120
    )
    teasers: bool = _setting(
        "session",
        True,
        "Among the slides, one per topic: its title, summary and icon (never what the last "
        "patient read).",
    )
    theme: str = _setting("display", "calm", "The colour theme.", choices=THEMES)
    text_size: str = _setting(
        "display",
        "A",
        "The text size a patient starts with (they can change it).",
        choices=TEXT_SIZES,
    )
    reduced_motion: bool = _setting(
        "display", False, "Cut between slides instead of crossfading; nothing pans or pulses."
    )
    hours_monday: str = _hours("monday")
    hours_tuesday: str = _hours("tuesday")
    hours_wednesday: str = _hours("wednesday")
    hours_thursday: str = _hours("thursday")
    hours_friday: str = _hours("friday")
    hours_saturday: str = _hours("saturday")
    hours_sunday: str = _hours("sunday")
    hours_closed_dates: tuple[date, ...] = _setting(
        "hours",
        (),
        "Days the clinic is closed all day.",
        key="closed_dates",
        parser=hours.closed_dates,
        forms="a list of dates, like [2026-12-25, 2027-01-01]",
    )
    hours_grace_minutes: int = _setting(
        "hours",
        10,
        "The screen lights this long before opening and stays lit this long after closing.",
        key="grace_minutes",
        minimum=0,
        maximum=120,
    )
    hours_time_zone: str = _setting(
        "hours",
        "",
        "The clinic's time zone, like 'America/Chicago' (else the computer's).",
        key="time_zone",
        parser=hours.time_zone,
        forms="a time zone name such as 'America/Chicago' or 'Europe/London'",
    )
    display_off: str = _setting(
        "hours",
        "auto",
        "How the screen is put to sleep while closed: 'xset' (X11 DPMS), 'wlopm' (wlroots "
        "compositors such as cage and labwc), 'cec' (a TV, over HDMI-CEC with cec-ctl), "
        "'none' (the screen only goes black), or 'auto' (xset on X11, wlopm on Wayland).",
        choices=DISPLAY_OFF,
    )
    clinic_name: str = _clinic("name", "The clinic's name, shown on Home under the heading.")
    clinic_phone: str = _clinic("phone", "The clinic's phone number in opening hours.")
    clinic_after_hours_phone: str = _clinic(
        "after_hours_phone", "The number patients call when the clinic is closed."
    )
    clinic_front_desk: str = _clinic(
        "front_desk",
        "Where patients ask in the building, e.g. 'the front desk on floor 2'.",
        words=True,
    )
    clinic_fasting: str = _clinic(
        "fasting", "The clinic's rule on eating before an infusion.", words=True
    )
    clinic_ride_home: str = _clinic(
        "ride_home", "The clinic's rule on who may take a patient home.", words=True
    )
    clinic_price_note: str = _clinic(
        "price_note", "What the clinic tells patients about its prices.", words=True
    )

    def clinic(self) -> dict[str, str]:
        """The clinic's details by dotted name (``clinic.phone``); "" where unset."""
        return {f.name: getattr(self, f.attribute) for f in CLINIC_FIELDS}

    @classmethod
    def from_layers(cls, *layers: Mapping[str, Any]) -> Settings:
        """Stack checked layers (from `check_layer`) over the defaults, later ones winning."""
        values: dict[str, Any] = {}
        for layer in layers:
            values.update(layer)
        return dataclasses.replace(cls(), **values)


def _field(attribute: dataclasses.Field[Any]) -> Field:
    rules = dict(attribute.metadata)
    table, description = rules.pop("table"), rules.pop("description")
    key = rules.pop("key", attribute.name)
    default = attribute.default
    return Field(table, key, type(default), default, description, attribute=attribute.name, **rules)


FIELDS: tuple[Field, ...] = tuple(_field(a) for a in dataclasses.fields(Settings))
CLINIC_FIELDS = tuple(f for f in FIELDS if f.table == "clinic")

_BY_NAME = {f.name: f for f in FIELDS}
# Keys that have moved, and where to: the warning says so rather than listing the table.
_MOVED = {"pack.clinic": "the clinic's name is now set as name under [clinic]"}


class MachineConfigError(ValueError):
    """The machine config file cannot be read or written; the message says which file."""


def read_machine_config(path: Path) -> dict[str, Any]:
    """The machine config as TOML tables; empty when the file does not exist."""
    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise MachineConfigError(f"{path}: cannot be read: {exc}") from exc


def machine_layer(machine: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """The settings of a machine config (all but its staff table), checked as a layer."""
    layer = {table: keys for table, keys in machine.items() if table != STAFF_TABLE}
    return check_layer(layer, "machine config")


def machine_config(path: Path | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """This computer's config (at `path`, else where kiosk/paths.py says): its tables,
    for the staff PIN, and its settings, checked. A file that cannot be read counts as
    empty, and every problem is logged: a kiosk starts whatever the file holds."""
    try:
        machine = read_machine_config(path or paths.config_file())
    except MachineConfigError as exc:
        log.error("%s", exc)
        return {}, {}
    values, problems = machine_layer(machine)
    for problem in problems:
        log.warning("%s", problem)
    return machine, values


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
                hint = _MOVED.get(name, f"[{table}] knows {known}")
                problems.append(
                    warning(file, line, "config-unknown-key", f"unknown key {name}; {hint}")
                )
                continue
            field_ = _BY_NAME[name]
            try:
                values[field_.attribute] = field_.parse(value, file)
            except ConfigError as exc:
                problems.append(
                    error(
                        file,
                        line,
                        "config-value",
                        f"{name} must be {exc.allowed}, not {_SHORT.repr(value)}",
                    )
                )
    return values, problems


def read_pack_toml(text: str, file: str = PACK_TOML) -> tuple[dict[str, Any], list[Problem]]:
    """Parse and check the text of a pack.toml; a syntax error is one problem with its line."""
    data, problem = parse_toml(text, file)
    if problem is not None:
        return {}, [problem]
    return check_layer(data, file, text)


def parse_toml(text: str, file: str) -> tuple[dict[str, Any], Problem | None]:
    """The TOML in `text` (of `file`), or an empty table and the syntax error, located."""
    try:
        return tomllib.loads(text), None
    except (RecursionError, ValueError) as exc:  # nested too deep; an integer too long
        if not isinstance(exc, tomllib.TOMLDecodeError):
            why = "it nests too deep" if isinstance(exc, RecursionError) else str(exc)
            digits = re.search(r"\d{4000,}", text)  # Python's limit on an integer's digits
            line = text.count("\n", 0, digits.start()) + 1 if digits else 0
            return {}, error(file, line, "config-syntax", f"not valid TOML: {why}")
        # Python 3.11 gives the position only inside the message: "... (at line 3, column 7)".
        match = re.search(r"at line (\d+)", str(exc))
        line = int(match.group(1)) if match else 0
        return {}, error(file, line, "config-syntax", f"not valid TOML: {exc}")


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
