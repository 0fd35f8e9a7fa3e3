"""The validation rules: a loaded pack in, located problems out.

`pack.load` already reports what stops a file from being understood; `check` adds what
needs each card rendered: empty sections, lists promised and not given, links and
pictures and raw HTML that the page will not show, and topics past their review date.

Rule ids (the ``[rule]`` at the end of each message):

==========================  =======  ==========================================
rule                        level    what
==========================  =======  ==========================================
pack-empty                  error    the pack has no topics
file-unreadable             error    a file cannot be read (permissions, loops)
file-too-large              error    a text file over 1 MB
encoding                    error    a file is not UTF-8
empty-file                  error    a file has no text
front-matter-unclosed       error    ``---`` opened and never closed
front-matter-syntax         error    front matter is not ``key: value`` lines
front-matter-value          error    a key has a value of the wrong kind
front-matter-unknown-key    warning  a key the kiosk does not know
title-missing               error    a topic has no title
topic-no-text               error    a topic has nothing after its front matter
section-empty               error    a ``##`` section with no body
list-missing                error    a line ending in ':' with no list after it
list-item-empty             error    a list item with no words
image-missing               warning  a picture that is not there
image-type                  warning  a picture the kiosk cannot show
image-too-large             warning  over 8000 px a side or 40 MB
image-unreadable            warning  a damaged picture
link-outside                warning  a link, picture or file that leaves the pack
link-scheme                 warning  ``file:``, ``javascript:``, ``data:`` ...
link-broken                 warning  a link to a topic that does not exist
html-removed                warning  raw HTML the sanitiser removed
config-syntax               error    pack.toml is not valid TOML
config-value                error    a setting of the wrong type or range
config-unknown-key          warning  a setting the kiosk does not know
review-overdue              warning  a topic past its ``review_by`` date
unknown-file                warning  a file in the pack that is not used
slide-type                  warning  a file in slides/ that is not a slide
==========================  =======  ==========================================
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from kiosk import markup
from kiosk.pack import Pack, PackUnreadable, Section, Topic, load
from kiosk.problem import Level, Problem, error, warning

__all__ = ["Level", "PackUnreadable", "Problem", "check", "reading_grade", "validate"]


def validate(root: Path, today: date) -> tuple[Pack, list[Problem]]:
    """Load the pack in `root` and check it.

    Raises:
        PackUnreadable: `root` cannot be read at all.
    """
    pack = load(root)
    return pack, check(pack, today)


def check(pack: Pack, today: date) -> list[Problem]:
    """Every problem of `pack`: those found loading it and those found rendering it."""
    problems = list(pack.problems)
    checked_slides: set[str] = set()
    for edition in pack.editions:
        place = markup.Place(pack.root, edition.folder, edition.topic_files)
        for topic in edition.topics:
            problems.extend(_check_topic(topic, place, today))
        for slide in edition.slides:
            if slide.kind == "markdown" and slide.file not in checked_slides:
                checked_slides.add(slide.file)  # the pack's own slides serve every edition
                slide_place = markup.Place(
                    pack.root, posixpath.dirname(slide.file), edition.topic_files
                )
                section = Section("", slide.markdown, 1, 1)
                problems.extend(_check_card(slide.file, section, slide_place))
    return sorted(problems, key=lambda p: (p.file, p.line))


def _check_topic(topic: Topic, place: markup.Place, today: date) -> Iterable[Problem]:
    for section in (topic.intro, *topic.sections):
        if section.is_blank:
            if section is not topic.intro:
                yield error(
                    topic.file,
                    section.line,
                    "section-empty",
                    f"section {section.title!r} has no text; write it or remove the heading",
                )
            continue
        yield from _check_card(topic.file, section, place)
    if topic.review_by is not None and topic.review_by < today:
        yield warning(
            topic.file,
            topic.key_lines.get("review_by", 1),
            "review-overdue",
            f"review_by date {topic.review_by.isoformat()} has passed; have a clinician "
            "check the topic and update reviewed and review_by",
        )


def _check_card(file: str, section: Section, place: markup.Place) -> Iterable[Problem]:
    rendered = markup.render(section.markdown, place)
    lines = section.markdown.splitlines()
    for removed in rendered.removed:
        yield warning(file, _line_of(section, lines, removed.target), removed.rule, removed.message)
    used: set[int] = set()
    for lead in rendered.dangling_leads:
        line = _lead_in_line(section, lines, lead, used)
        used.add(line)
        yield error(
            file,
            line,
            "list-missing",
            f"{_shorten(lead)!r} ends with ':' but no list follows; add the list "
            "(lines starting with '- ') or end the sentence with a full stop",
        )
    if rendered.empty_items:
        empty = next((i for i, text in enumerate(lines) if text.strip() in ("-", "*", "+")), None)
        line = section.body_line + empty if empty is not None else section.line
        yield error(file, line, "list-item-empty", "a list item has no words")


def _line_of(section: Section, lines: list[str], needle: str) -> int:
    """The file line of the first line of `section` containing `needle` (case-insensitive)."""
    folded = needle.lower()
    for index, text in enumerate(lines):
        if folded in text.lower():
            return section.body_line + index
    return section.line


def _lead_in_line(section: Section, lines: list[str], lead: str, used: set[int]) -> int:
    last_word = lead.rstrip(":").split()[-1].strip("*_`") if lead.rstrip(":").split() else ""
    for index, text in enumerate(lines):
        line = section.body_line + index
        if line not in used and text.rstrip().endswith(":") and last_word in text:
            return line
    return section.line


def _shorten(text: str, limit: int = 60) -> str:
    """The end of `text`, whole words, at most about `limit` characters."""
    if len(text) <= limit:
        return text
    return "..." + text[-limit:].partition(" ")[2]


def reading_grade(topic: Topic, place: markup.Place) -> float:
    """Flesch-Kincaid grade of all the words of `topic`'s cards (textstat)."""
    import textstat  # loads a pronouncing dictionary: only when a grade is asked for

    parts = []
    for card in topic.cards:
        if card.title:
            parts.append(card.title if card.title[-1] in ".!?:" else card.title + ".")
        parts.append(markup.render(card.markdown, place).text)
    return float(textstat.flesch_kincaid_grade(" ".join(parts)))
