"""The validation rules: a loaded pack in, located problems out.

`loader.load` already reports what stops a file from being understood; `check` adds what
needs each card rendered: empty sections, lists promised and not given, links and
pictures and raw HTML that the page will not show, and topics past their review date.
`validate` (``kiosk validate`` and ``kiosk preview``) adds topics that read above the
pack's school grade; `check` leaves that out, as the running kiosk calls it on every
content swap and measuring loads a 3.6 MB pronouncing dictionary.

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
dated-expired               warning  a topic or slide whose ``show_until`` has passed
dated-never                 warning  a ``show_until`` not after its ``show_from``
sources-missing             warning  a topic that lists no ``sources``
special-file                error    a named pipe, socket or device in the pack
                                     (never opened)
control-character           error    a control character or lone surrogate in text
line-too-long               error    a line over 10,000 characters
card-too-long               error    a card over 20,000 characters
nesting-too-deep            error    lists, quotes, raw HTML or front matter nested
                                     past the limits of ``kiosk/limits.py``
markup-too-complex          error    a card with over 300 ``[`` or 500 ``<``
text-too-long               error    a title, summary or source too long, or too
                                     many sources
link-too-long               warning  a web address too long for a QR code (shown
                                     as plain text)
pack-too-large              error    over 2,000 topics in a language, or 20,000
                                     files
manifest-invalid            error    ``manifest.toml`` cannot be read
manifest-mismatch           error    a file missing, changed or added since the pack
                                     was sealed (``kiosk seal``)
clinic-unknown              error    ``${clinic.x}``: no such detail of the clinic
clinic-unset                warning  a detail of the clinic that a topic or slide
                                     names and pack.toml does not set
unknown-file                warning  a file in the pack that is not used
slide-type                  warning  a file in slides/ that is not a slide
reading-level               warning  an English or Spanish topic reads above
                                     ``pack.reading_grade`` (`validate` only)
==========================  =======  ==========================================
"""

from __future__ import annotations

import itertools
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from kiosk import markup
from kiosk.loader import load
from kiosk.pack import DateWindow, Pack, PackUnreadable, Section, Topic
from kiosk.problem import Level, Problem, error, warning

__all__ = [
    "Level",
    "PackUnreadable",
    "Problem",
    "ReadingLevel",
    "check",
    "reading_level",
    "validate",
]


def validate(root: Path, today: date) -> tuple[Pack, list[Problem]]:
    """Load the pack in `root` and check it, reading levels included.

    Raises:
        PackUnreadable: `root` cannot be read at all.
    """
    pack = load(root)
    problems = check(pack, today) + list(_check_reading(pack))
    return pack, sorted(problems, key=lambda p: (p.file, p.line))


def check(pack: Pack, today: date) -> list[Problem]:
    """Every problem of `pack`: those found loading it and those found rendering it.

    Every card is rendered once, here, and kept in `pack.rendered` for the screens.
    """
    problems = list(pack.problems)
    checked_slides: set[str] = set()
    for edition in pack.editions:
        place = markup.Place(pack.root, edition.folder, edition.topic_files)
        for topic in edition.topics:
            rendered = {}
            for index, card in enumerate(topic.cards):
                rendered[id(card)] = markup.render(card.markdown, place)
                pack.rendered[(topic.file, index)] = rendered[id(card)]
            problems.extend(_check_topic(topic, rendered, today))
            problems.extend(_expired(topic.file, topic.shown, today))
        for slide in edition.slides:
            if slide.kind == "markdown" and slide.file not in checked_slides:
                checked_slides.add(slide.file)  # the pack's own slides serve every edition
                problems.extend(_expired(slide.file, slide.shown, today))
                slide_place = markup.Place(
                    pack.root, posixpath.dirname(slide.file), edition.topic_files
                )
                section = Section("", slide.markdown, slide.first_line, slide.first_line)
                rendered_slide = markup.render(slide.markdown, slide_place)
                problems.extend(_check_card(slide.file, section, rendered_slide))
    return sorted(problems, key=lambda p: (p.file, p.line))


def _expired(file: str, shown: DateWindow, today: date) -> Iterable[Problem]:
    """A warning for a topic or slide whose `show_until` came before today began."""
    if shown.end is not None and shown.end <= datetime.combine(today, time()):
        yield warning(
            file,
            shown.line,
            "dated-expired",
            f"show_until ({shown.end:%Y-%m-%d %H:%M}) has passed, so this no longer shows; "
            "remove it, or set a later show_until",
        )


def _check_topic(
    topic: Topic, rendered: dict[int, markup.Rendered], today: date
) -> Iterable[Problem]:
    """The problems of one topic, given its cards rendered (by the card's id)."""
    for section in (topic.intro, *topic.sections):
        if section.left_out:
            continue  # its error came with loading; it is never rendered
        if section.is_blank:
            if section is not topic.intro:
                yield error(
                    topic.file,
                    section.line,
                    "section-empty",
                    f"section {section.title!r} has no text; write it or remove the heading",
                )
            continue
        yield from _check_card(topic.file, section, rendered[id(section)])
    if not topic.sources:
        yield warning(
            topic.file,
            topic.key_lines.get("title", 1),
            "sources-missing",
            "the topic lists no sources; if it gives health information, list what it "
            "relies on under 'sources:' (patients see them on its last card)",
        )
    if topic.review_by is not None and topic.review_by < today:
        yield warning(
            topic.file,
            topic.key_lines.get("review_by", 1),
            "review-overdue",
            f"review_by date {topic.review_by.isoformat()} has passed; have a clinician "
            "check the topic and update reviewed and review_by",
        )


def _check_card(file: str, section: Section, rendered: markup.Rendered) -> Iterable[Problem]:
    lines = section.markdown.splitlines()
    for removed in rendered.removed:
        line = _line_of(section, lines, removed.target) if removed.target else section.line
        report = error if removed.rule == "nesting-too-deep" else warning  # nothing shows
        yield report(file, line, removed.rule, removed.message)
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


def _check_reading(pack: Pack) -> Iterable[Problem]:
    limit = pack.settings.reading_grade
    for edition in pack.editions:
        place = markup.Place(pack.root, edition.folder, edition.topic_files)
        for topic in edition.topics:
            level = reading_level(topic, place)
            # Compared as shown, so no topic "reads at grade 8.0, above the limit of 8".
            if level is None or round(level.grade, 1) <= limit:
                continue
            yield warning(
                topic.file,
                topic.key_lines.get("title", 1),
                "reading-level",
                f'"{topic.title}" reads at grade {level.grade:.1f} ({level.measure}), above '
                f"the pack's limit of {limit}; use shorter sentences and everyday words",
            )


@dataclass(frozen=True)
class ReadingLevel:
    """How hard a topic is to read.

    Attributes:
        grade: The US school grade a reader needs, e.g. 7.4.
        measure: The formula that gave it, named for staff.
    """

    grade: float
    measure: str


def reading_level(topic: Topic, place: markup.Place) -> ReadingLevel | None:
    """The reading level of all the words of `topic`'s cards, by the topic's language.

    English (``en``, ``en-GB`` ...): textstat's Flesch-Kincaid grade.

    Spanish (``es``, ``es-MX`` ...): Fernández Huerta's reading ease, Flesch's formula
    refitted for Spanish (Fernández Huerta 1959, "Medidas sencillas de lecturabilidad",
    Consigna 214: 29-32), in the form corrected by G. Law (2011, "Error in the Fernandez
    Huerta Readability Formula") that textstat also uses::

        ease = 206.84 - 60 * syllables / words - 1.02 * words / sentences

    turned into a grade with Fernández Huerta's own table of ease bands and school grades
    (https://legible.es/blog/lecturabilidad-fernandez-huerta/): 90-100 4th grade, 80-90
    5th, 70-80 6th, 60-70 "7th or 8th, normal for adults", 50-60 pre-university, 30-50
    first university years, 0-30 university specialisation. Each band's hard edge is its
    top grade (90: 4, 80: 5, 70: 6, 60: 8; for the bands the table names by stage, ours:
    50: 12, 30: 14, 0: 17), with straight lines between, so at the default limit of 8 a
    Spanish topic is flagged exactly when it falls below the table's "normal" band (60).
    Not Crawford's formula, which gives school years directly: it was fitted on
    primary-school readers, grades 1-6 (Crawford 1984, ERIC ED273119), and flattens above
    them (the consent-form paragraph in tests/test_lint.py, "very difficult" on Fernández
    Huerta's scale, comes out at 9.5).

    Syllables are textstat's count for each language (for Spanish, pyphen's Spanish
    hyphenation patterns, which never split vowels side by side, so a text with many
    "día" and "país" rates a little easier than a person counting would say).

    textstat's functions are called with the language as an argument, so its
    module-wide ``set_lang`` is neither read nor changed.

    Returns:
        None for other languages: there is no measure for them here, and nothing to warn.
    """
    import textstat  # brings in a 3.6 MB pronouncing dictionary: only when asked

    language = re.split(r"[-_]", topic.language.lower())[0]
    if language not in ("en", "es"):
        return None
    parts = []
    for card in topic.text_cards:
        if card.title:
            parts.append(card.title if card.title[-1] in ".!?:" else card.title + ".")
        parts.append(markup.render(card.markdown, place).text)
    text = " ".join(parts)
    if language == "en":
        grade = textstat.backend.metrics.flesch_kincaid_grade(text, "en_US")
        return ReadingLevel(float(grade), "Flesch-Kincaid")
    ease = textstat.backend.metrics.fernandez_huerta(text, "es")
    return ReadingLevel(_grade_of_ease(ease), "Fernández Huerta")


# Fernández Huerta's ease at the hard edge of each band of his table, and its grade.
_EASE_GRADES = ((100, 3), (90, 4), (80, 5), (70, 6), (60, 8), (50, 12), (30, 14), (0, 17))


def _grade_of_ease(ease: float) -> float:
    ease = min(max(ease, 0.0), 100.0)
    for (easier, low), (harder, high) in itertools.pairwise(_EASE_GRADES):
        if ease >= harder:
            return low + (easier - ease) / (easier - harder) * (high - low)
    return _EASE_GRADES[-1][1]
