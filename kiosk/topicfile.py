"""One topic file read into a `Topic`: its front matter, then its Markdown as cards.

A topic file is front matter between ``---`` lines (read by `kiosk.frontmatter`), then
Markdown: the text before the first level-2 heading is the intro card and each
``## Heading`` starts a section card (headings in fenced code do not count). This module
owns that split, the clinic's details filled into the text, each card held to
`kiosk.limits` (a card past a limit is left out, with an error) and the card the kiosk
adds last: where the topic comes from and when it was reviewed, in its language. A
Markdown slide is read here too (`markdown_slide`): its front matter may name the
picture behind it and when it shows.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType

from kiosk import limits
from kiosk.clinic import escape_markdown
from kiosk.dates import DATE_FORMS, DATE_KEYS, parse_moment
from kiosk.editions import Wording
from kiosk.frontmatter import check_front_matter, split_front_matter
from kiosk.images import check_image
from kiosk.pack import DateWindow, Section, Slide, Topic
from kiosk.packfolder import TOPIC_SUFFIX, read_text
from kiosk.problem import Problem, error, warning
from kiosk.words import Words

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_H2 = re.compile(r"^ {0,3}##(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")


SLIDE_KEYS = ("background", *DATE_KEYS)


def markdown_slide(
    root: Path, folder: str, rel: str, text: str, problems: list[Problem]
) -> Slide | None:
    """The Markdown slide in file `rel` (in pack folder `folder`), whose front matter may
    name a `background` picture. None when its front matter cannot be understood; a
    background that cannot be shown is a warning, and the page shows without it."""
    split = split_front_matter(text, rel, problems)
    if split is None:
        return None
    if not split.body_start:
        return Slide(rel, "markdown", text)
    meta, key_lines = split.meta, split.key_lines
    background = None
    moments: dict[str, datetime] = {}
    for key, value in meta.items():
        line = key_lines.get(key, 1)
        if key in DATE_KEYS:
            moment = parse_moment(value, key)
            if moment is None:
                problems.append(
                    error(rel, line, "front-matter-value", f"{key} must be {DATE_FORMS}")
                )
            else:
                moments[key] = moment
        elif key not in SLIDE_KEYS:
            problems.append(
                warning(
                    rel,
                    line,
                    "front-matter-unknown-key",
                    f"a slide's front matter knows only {', '.join(SLIDE_KEYS)}; "
                    f"{key!r} is left out",
                )
            )
        elif not isinstance(value, str) or not value.strip():
            problems.append(
                error(rel, line, "front-matter-value", "background must name a picture")
            )
        else:
            picture = check_image(root, folder, value.strip())
            if picture.ok:
                background = picture.path
            else:
                assert picture.problem is not None
                problems.append(warning(rel, line, picture.rule, picture.problem))
    body = "\n".join(split.lines[split.body_start :])
    shown = _date_window(moments, key_lines, rel, problems)
    return Slide(rel, "markdown", body, background, first_line=split.body_start + 1, shown=shown)


def load_topic(root: Path, rel: str, wording: Wording, problems: list[Problem]) -> Topic | None:
    """The topic in file `rel` of the pack in `root`, its text filled in by `wording`.

    None when the file cannot be read or its front matter cannot be understood; each
    problem found on the way is added to `problems`.
    """
    folder = posixpath.dirname(rel) or "."
    text = read_text(root / rel, rel, problems)
    if text is None:
        return None
    split = split_front_matter(text, rel, problems)
    if split is None:
        return None
    key_lines, body_start = split.key_lines, split.body_start
    meta = check_front_matter(split.meta, key_lines, root, folder, rel, problems)
    for key in ("title", "summary"):
        if key in meta:
            meta[key] = wording.fill(meta[key], rel, key_lines[key], problems, markdown=False)
    if "sources" in meta:
        meta["sources"] = tuple(
            wording.fill(source, rel, key_lines["sources"], problems, markdown=False)
            for source in meta["sources"]
        )
    written = "\n".join(split.lines[body_start:])
    body = wording.fill(written, rel, body_start + 1, problems, markdown=True)
    intro, sections = split_sections(body.split("\n"), first_line=body_start + 1)
    intro, *rest = (_within_limits(card, rel, problems) for card in (intro, *sections))
    sections = tuple(rest)
    title = meta.get("title") or ""
    if not title:
        problems.append(
            error(
                rel,
                key_lines.get("title", 1),
                "title-missing",
                "the topic has no title; add 'title: ...' to its front matter",
            )
        )
    if intro.is_blank and not sections:
        problems.append(
            error(
                rel, body_start + 1, "topic-no-text", "the topic has no text after its front matter"
            )
        )
    topic_id = posixpath.basename(rel)[: -len(TOPIC_SUFFIX)]
    return Topic(
        id=topic_id,
        file=rel,
        title=title or topic_id,
        intro=intro,
        sections=sections,
        summary=meta.get("summary", ""),
        icon=meta.get("icon"),
        order=meta.get("order"),
        sources=meta.get("sources", ()),
        reviewed=meta.get("reviewed"),
        review_by=meta.get("review_by"),
        language=wording.language,
        key_lines=MappingProxyType(key_lines),
        sources_card=_sources_card(
            meta.get("sources", ()), meta.get("reviewed"), wording.words, key_lines
        ),
        shown=_date_window(meta, key_lines, rel, problems),
    )


def _date_window(
    meta: Mapping[str, object], key_lines: Mapping[str, int], rel: str, problems: list[Problem]
) -> DateWindow:
    """When a topic or slide shows, from its checked ``show_from`` and ``show_until``;
    a warning when the second comes first (it would never show)."""
    start, end = meta.get("show_from"), meta.get("show_until")
    assert start is None or isinstance(start, datetime)
    assert end is None or isinstance(end, datetime)
    line = key_lines.get("show_until" if end else "show_from", 0)
    shown = DateWindow(start, end, line)
    if shown.never:
        problems.append(
            warning(
                rel,
                key_lines.get("show_until", 1),
                "dated-never",
                f"show_until ({end:%Y-%m-%d %H:%M}) is not after show_from "
                f"({start:%Y-%m-%d %H:%M}), so this never shows; correct one of them",
            )
        )
    return shown


def _sources_card(
    sources: tuple[str, ...], reviewed: date | None, words: Words, key_lines: Mapping[str, int]
) -> Section | None:
    """The card that tells a patient where a topic comes from, in the topic's language."""
    if not sources and reviewed is None:
        return None
    parts = []
    if reviewed is not None:
        months = words("months").split()
        day = words("date", day=reviewed.day, month=months[reviewed.month - 1], year=reviewed.year)
        parts.append(words("reviewed", date=day))
    if sources:
        parts.append(words("sources_intro"))
        parts.append("\n".join(f"- {escape_markdown(source)}" for source in sources))
    line = key_lines.get("sources", key_lines.get("reviewed", 1))
    return Section(words("sources_title"), "\n\n".join(parts), line, line)


def _within_limits(card: Section, rel: str, problems: list[Problem]) -> Section:
    """`card`, or the card with its text left out when the text goes past a limit."""
    excess = list(limits.card(card.markdown))
    for e in excess:
        problems.append(error(rel, card.line, e.rule, e.message))
    return dataclasses.replace(card, markdown="", left_out=True) if excess else card


def split_sections(lines: list[str], first_line: int) -> tuple[Section, tuple[Section, ...]]:
    """Split a topic's body into its intro and one section per level-2 heading.

    Headings inside fenced code blocks do not count.

    Args:
        lines: The body's lines.
        first_line: The file line number of ``lines[0]``.
    """
    starts: list[tuple[int, str]] = []
    fence = ""
    for index, line in enumerate(lines):
        opener = _FENCE.match(line)
        if opener:
            mark = opener.group(1)
            if not fence:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence):
                fence = ""
            continue
        if not fence:
            heading = _H2.match(line)
            if heading:
                starts.append((index, (heading.group(1) or "").strip()))
    intro_end = starts[0][0] if starts else len(lines)
    intro = Section("", "\n".join(lines[:intro_end]).rstrip(), first_line, first_line)
    sections = []
    for number, (index, title) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(lines)
        body = "\n".join(lines[index + 1 : end]).rstrip()
        sections.append(Section(title, body, first_line + index, first_line + index + 1))
    return intro, tuple(sections)
