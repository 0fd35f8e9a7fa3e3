"""How much a pack may ask of the kiosk: limits checked before Markdown or Qt see the text.

Python-Markdown's time grows faster than the text for some inputs (a few thousand
unclosed ``[``, lists nested hundreds deep, a thousand ``<http://``), and Qt lays out a
huge title or a card of a megabyte on the UI thread. Real patient text is far inside
every limit here; a card over one is left out and the pack has an error, so nothing
downstream ever renders it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

MAX_LINE = 10_000  # characters in one line of a topic or slide
MAX_CARD = 20_000  # characters in one card: a screen or two of text, not a book
MAX_INDENT = 24  # columns of indentation: lists nested about 8 deep
MAX_QUOTES = 8  # quotes and list items opened inside one another on one line
MAX_HTML_DEPTH = 32  # raw HTML elements inside one another
MAX_BRACKETS = 300  # "[" in one card: links and pictures
MAX_ANGLES = 500  # "<" in one card: raw HTML and autolinks
MAX_TITLE = 200
MAX_SUMMARY = 300
MAX_SOURCE = 500
MAX_SOURCES = 50
MAX_TOPICS = 2_000  # topics in one language
MAX_ENTRIES = 20_000  # files and folders in a pack
MAX_LINK = 1_000  # characters in a web address: more is no QR code a phone can read

# C0 and C1 controls but tab, new line and carriage return; lone surrogates.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# What opens a block inside a block at the start of a line: a quote or a list item.
_OPENERS = re.compile(r"^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))+")
_OPENER = re.compile(r">|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])")

# HTML elements that hold no content, so they never nest.
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


@dataclass(frozen=True)
class Excess:
    """One limit a text goes past.

    Attributes:
        line: The line of the text it is on, counting from 0.
        rule: The lint rule id.
        message: What is wrong and what to do, for staff.
    """

    line: int
    rule: str
    message: str


def control_character(text: str) -> Excess | None:
    """The first control character or lone surrogate in `text`, if any."""
    found = CONTROL.search(text)
    if found is None:
        return None
    char = found.group().encode("unicode_escape").decode("ascii")
    return Excess(
        text.count("\n", 0, found.start()),
        "control-character",
        f"the text has a control character ({char}) that is no letter; the file may be "
        "damaged: save it again as plain UTF-8 text",
    )


def lines(text: str) -> Iterator[Excess]:
    """Lines too long, indented too deep, or quoted too deep."""
    for number, line in enumerate(text.split("\n")):
        if len(line) > MAX_LINE:
            yield Excess(
                number,
                "line-too-long",
                f"a line of {len(line):,} characters; keep lines under {MAX_LINE:,} (start a "
                "new paragraph with an empty line)",
            )
            continue
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        if indent > MAX_INDENT:
            yield Excess(
                number,
                "nesting-too-deep",
                f"a line indented {indent} spaces; lists may nest about 8 deep (at most "
                f"{MAX_INDENT} spaces)",
            )
            continue
        openers = _OPENERS.match(line)
        depth = len(_OPENER.findall(openers.group())) if openers else 0
        if depth > MAX_QUOTES:
            yield Excess(
                number,
                "nesting-too-deep",
                f"quotes or list items opened {depth} deep on one line; at most {MAX_QUOTES}",
            )


def card(markdown: str) -> Iterator[Excess]:
    """What makes one card's Markdown too much to render."""
    if len(markdown) > MAX_CARD:
        yield Excess(
            0,
            "card-too-long",
            f"a card of {len(markdown):,} characters; split it with ## headings into cards of "
            f"at most {MAX_CARD:,}",
        )
        return
    for mark, limit, what in (("[", MAX_BRACKETS, "links"), ("<", MAX_ANGLES, "tags")):
        if markdown.count(mark) > limit:
            yield Excess(
                0,
                "markup-too-complex",
                f"a card with {markdown.count(mark):,} '{mark}'; at most {limit} ({what}); split "
                "it, or write the text without them",
            )
            return
    depth = _html_depth(markdown)
    if depth > MAX_HTML_DEPTH:
        yield Excess(
            0,
            "nesting-too-deep",
            f"raw HTML nested {depth} deep; at most {MAX_HTML_DEPTH}",
        )


def too_long(value: str, limit: int, what: str) -> str | None:
    """A message when `value` is longer than `limit` characters, else None."""
    if len(value) <= limit:
        return None
    return f"{what} has {len(value):,} characters; at most {limit}"


class _Depth(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.deepest = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        self.open.append(tag)
        self.deepest = max(self.deepest, len(self.open))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass


def _html_depth(text: str) -> int:
    if "<" not in text:
        return 0
    parser = _Depth()
    parser.feed(text)
    parser.close()
    return parser.deepest
