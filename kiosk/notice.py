"""The urgent notice: one short message staff put on every screen without touching the
pack ("The clinic closes at 3 pm today"), until they clear it or its time is up.

It is a small TOML file, by default ``notice.toml`` in the kiosk's data folder (or any
file `--notice-file` names, such as one in a folder a sync tool fills):

    message = "The clinic closes at 3 pm today."
    until = 2026-12-01T15:00:00        # optional: the kiosk's local time
    [languages]                        # optional: the message in other languages
    es = "La clínica cierra hoy a las 3 de la tarde."

`read_notice` checks one as the loader checks a pack (every problem located, the file
never opened if it is not a regular file); `write_notice` and `clear_notice` are what
``kiosk notice`` does. Nothing here imports Qt.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from kiosk.config import LANGUAGE_CODE, parse_toml
from kiosk.dates import parse_moment
from kiosk.limits import control_character
from kiosk.packfolder import read_text
from kiosk.problem import Level, Problem, error, warning

NOTICE_FILE = "notice.toml"
MAX_MESSAGE = 200  # a few lines on the banner at most, even on a portrait screen
MAX_FILE = 16_384
KEYS = ("message", "until", "languages")


@dataclass(frozen=True)
class Notice:
    """A notice for every screen.

    Attributes:
        message: In the pack's own language (or whatever staff wrote).
        languages: The message in other languages, by code.
        until: When it stops showing (local time); None: until it is cleared.
    """

    message: str
    languages: dict[str, str] = field(default_factory=dict)
    until: datetime | None = None

    def in_language(self, language: str) -> str:
        return self.languages.get(language, self.message)

    def shows(self, now: datetime) -> bool:
        return self.until is None or now < self.until


def read_notice(path: Path, now: datetime) -> tuple[Notice | None, list[Problem]]:
    """The notice in file `path` (None when there is none, or it is past its time, or it
    has an error), and every problem in it, located in the file."""
    name = path.name
    if not os.path.lexists(path):
        return None, []
    problems: list[Problem] = []
    text = read_text(path, name, problems)  # as a pack's files are read: never a FIFO
    if text is None:
        return None, problems
    if len(text) > MAX_FILE:
        return None, [error(name, 0, "file-too-large", f"over {MAX_FILE} bytes; a notice is short")]
    table, problem = parse_toml(text, name)
    if problem is not None:
        return None, [problem]
    try:
        written = date.fromtimestamp(os.stat(path).st_mtime)
    except OSError:
        written = now.date()
    return _checked(table, text, name, now, written)


def _checked(
    table: dict[str, object], text: str, name: str, now: datetime, written: date
) -> tuple[Notice | None, list[Problem]]:
    """The notice in `table`; `written` is the day the file was written, which a time
    alone (``until = 15:00:00``) is on."""
    problems: list[Problem] = []

    def line_of(key: str) -> int:
        found = re.search(rf"^\s*\[?{re.escape(key)}\b", text, re.MULTILINE)
        return text.count("\n", 0, found.start()) + 1 if found else 0

    for key in table:
        if key not in KEYS:
            problems.append(
                warning(
                    name,
                    line_of(key),
                    "config-unknown-key",
                    f"unknown key {key!r}; a notice knows {', '.join(KEYS)}",
                )
            )
    message = _message(table.get("message"), "message", name, line_of("message"), problems)
    languages: dict[str, str] = {}
    given = table.get("languages", {})
    if not isinstance(given, dict):
        problems.append(
            error(name, line_of("languages"), "config-value", "[languages] must be a table")
        )
        given = {}
    for code, value in given.items():
        if re.fullmatch(LANGUAGE_CODE, code) is None:
            problems.append(
                warning(
                    name,
                    line_of(code),
                    "config-unknown-key",
                    f"{code!r} is not a language code such as es or pt-BR; left out",
                )
            )
            continue
        translated = _message(value, f"languages.{code}", name, line_of(code), problems)
        if translated:
            languages[code] = translated
    until = _until(table.get("until"), name, line_of("until"), now, written, problems)
    if message is None or any(p.level is Level.ERROR for p in problems):
        return None, problems
    notice = Notice(message, languages, until)
    return (notice if notice.shows(now) else None), problems


def _message(value: object, key: str, name: str, line: int, problems: list[Problem]) -> str | None:
    if value is None and key == "message":
        problems.append(error(name, line, "config-value", "the notice has no message"))
        return None
    if not isinstance(value, str) or not value.strip():
        problems.append(error(name, line, "config-value", f"{key} must be text"))
        return None
    message = " ".join(value.split())
    control = control_character(value.replace("\n", " "))
    if control is not None:
        problems.append(error(name, line, control.rule, f"{key}: {control.message}"))
        return None
    if len(message) > MAX_MESSAGE:
        problems.append(
            error(
                name,
                line,
                "text-too-long",
                f"{key} is {len(message)} characters; a notice has at most {MAX_MESSAGE}, so "
                "it stays one glance",
            )
        )
        return None
    return message


def _until(
    value: object, name: str, line: int, now: datetime, written: date, problems: list[Problem]
) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, date):  # a day (to its end), or a day and time: as dated content
        until = parse_moment(value, "show_until")
    elif isinstance(value, time):  # "closes at 3 pm today": the day it was written
        until = datetime.combine(written, value)
    else:
        problems.append(
            error(
                name,
                line,
                "config-value",
                "until must be a time (15:00:00), or a date and time (2026-12-01T15:00:00)",
            )
        )
        return None
    if until is None:
        return None
    if until <= now:
        problems.append(
            warning(name, line, "notice-expired", f"until ({until:%Y-%m-%d %H:%M}) has passed")
        )
    return until


def write_notice(path: Path, message: str, until: datetime | None) -> None:
    """Put `message` on every screen (until `until`), replacing the notice file whole.

    Raises:
        ValueError: the message is empty, too long or holds control characters.
        OSError: the file cannot be written.
    """
    # A JSON string is a TOML basic string: quotes, backslashes and control characters
    # escaped (the check then says what is wrong with them).
    text = f"message = {json.dumps(message, ensure_ascii=False)}\n"
    if until is not None:
        text += f"until = {until:%Y-%m-%dT%H:%M:%S}\n"
    notice, problems = _checked(tomllib.loads(text), text, path.name, datetime.min, date.min)
    if notice is None:
        raise ValueError("; ".join(p.message for p in problems))
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".notice-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)  # the kiosk may run as another user than staff
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        raise


def clear_notice(path: Path) -> bool:
    """Take the notice off every screen; False when there was none."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
