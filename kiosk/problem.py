"""One content problem, located in a file, as staff will read it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

# What may not stand in a one-line message as it is: control characters (a new line would
# split one problem over two) and lone surrogates (no output encoding can write them).
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def one_line(text: str) -> str:
    """`text` with every control character and lone surrogate written as an escape."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class Level(StrEnum):
    """How bad a problem is: errors stop a pack from being shown, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """A located message about a pack.

    Attributes:
        file: Path of the file, relative to the pack folder ("." for the folder).
        line: 1-based line number, 0 when the problem is about the whole file.
        level: Whether the problem stops the pack from being shown.
        rule: Short stable id of the rule, for tools and for the docs.
        message: What is wrong and what to do, in plain words.
    """

    file: str
    line: int
    level: Level
    rule: str
    message: str

    def __post_init__(self) -> None:
        # File names and messages quote what a pack holds, which may be anything.
        object.__setattr__(self, "file", one_line(self.file))
        object.__setattr__(self, "message", one_line(self.message))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.level}: {self.message} [{self.rule}]"

    def as_dict(self) -> dict[str, str | int]:
        return {
            "file": self.file,
            "line": self.line,
            "level": str(self.level),
            "rule": self.rule,
            "message": self.message,
        }


def error(file: str, line: int, rule: str, message: str) -> Problem:
    return Problem(file, line, Level.ERROR, rule, message)


def warning(file: str, line: int, rule: str, message: str) -> Problem:
    return Problem(file, line, Level.WARNING, rule, message)
