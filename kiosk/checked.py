"""A check of the pack folder: what it found, in words for staff, and the part of a pack
with errors that may still be shown.

`Checked` is what loading and checking a folder gives: the pack (when the folder could
be read), every problem, and when. `salvage` is the kiosk's one exception to showing a
pack whole: on a machine that has no last good copy yet, the topics with no error are
better than the "being updated" page. Nothing here reads a file or imports Qt.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime

from kiosk.pack import Edition, Pack
from kiosk.problem import Level, Problem, error

TOPIC_SUFFIX = ".md"


@dataclass(frozen=True)
class Checked:
    """What one look at the pack folder found.

    Attributes:
        pack: The pack as loaded, errors and all; None when the folder could not be read
            or its check could not finish.
        problems: Everything the check found, in file order.
        at: When the check ended.
    """

    pack: Pack | None
    problems: tuple[Problem, ...] = ()
    at: datetime = field(default_factory=datetime.now)

    @classmethod
    def failed(cls, rule: str, message: str) -> Checked:
        """A check that found no pack: the folder is gone, or the check got stuck."""
        return cls(None, (error(".", 0, rule, message),))

    @property
    def ok(self) -> bool:
        """Whether the pack may be shown as it is (it has no errors)."""
        return self.pack is not None and not self.errors

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.level is Level.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.level is Level.WARNING)

    @property
    def last_problem(self) -> str:
        """The last error, else the last warning, as one line ("" when there is none)."""
        worst = self.errors or self.problems
        return str(worst[-1]) if worst else ""

    def summary(self) -> str:
        """Its errors (or, with none, its warnings) in a few words: "1 error in
        05-side-effects.md line 12", "3 errors in 2 files, the first in a.md line 4"."""
        problems = self.errors or self.warnings
        if not problems:
            return "no problems"
        kind = "error" if self.errors else "warning"
        count = f"{len(problems)} {kind}{'' if len(problems) == 1 else 's'}"
        first = where(problems[0])
        files = len({p.file for p in problems})
        if problems[0].file == ".":  # about no file: say what it is
            return f"{count} in {first}: {problems[0].message}"
        if files == 1:
            return f"{count} in {first}"
        return f"{count} in {files} files, the first in {first}"


def where(problem: Problem) -> str:
    """A problem's place in words: "a.md line 12", "a.md", "the pack folder"."""
    name = "the pack folder" if problem.file == "." else problem.file
    return f"{name} line {problem.line}" if problem.line else name


@dataclass(frozen=True)
class Salvage:
    """The valid part of a pack with errors.

    Attributes:
        pack: The pack without the topics and slides that have errors; None when no
            topic is left.
        left_out: Each topic or slide file left out, with its first error.
    """

    pack: Pack | None
    left_out: tuple[Problem, ...]


def salvage(checked: Checked) -> Salvage:
    """What of `checked`'s pack can be shown: every topic and slide of each edition whose
    own file has no error, the editions left with a topic, the pack's own first.

    Errors elsewhere (pack.toml, a special file, a folder) leave nothing out: the topics
    that remain were checked as ever. `left_out` names every Markdown file with an error,
    loaded as a topic or not (a file that is not UTF-8 never became one).
    """
    pack = checked.pack
    first_error: dict[str, Problem] = {}
    for problem in checked.errors:
        first_error.setdefault(problem.file, problem)
    if pack is None:
        return Salvage(None, ())
    slide_files = {s.file for e in pack.editions for s in e.slides if s.file}
    left_out = tuple(
        problem
        for name, problem in sorted(first_error.items())
        if name.lower().endswith(TOPIC_SUFFIX) or name in slide_files
    )
    bad = {problem.file for problem in left_out}
    editions = [_without(edition, bad) for edition in pack.editions]
    kept = tuple(edition for edition in editions if edition.topics)
    if not kept:
        return Salvage(None, left_out)
    # Cards rendered with every topic linkable would keep links to those left out: they
    # render again as shown, where such a link is left out and its words stay.
    rendered = {} if left_out else pack.rendered
    return Salvage(dataclasses.replace(pack, editions=kept, rendered=rendered), left_out)


def _without(edition: Edition, bad: set[str]) -> Edition:
    return dataclasses.replace(
        edition,
        topics=tuple(t for t in edition.topics if t.file not in bad),
        slides=tuple(s for s in edition.slides if s.file not in bad),
    )
