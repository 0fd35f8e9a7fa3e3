"""One content problem, located in a file, as staff will read it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
