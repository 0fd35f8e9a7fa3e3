"""The clinic's own details in a pack's text: ``${clinic.phone}`` filled in from pack.toml.

A topic, its title or summary, or a slide names a detail that the clinic sets once in
the ``[clinic]`` table of pack.toml (its name, phone numbers, where to ask in the
building, its policies), and every edition fills in that edition's value. A detail that
is not set yet becomes neutral words in the patient's language ("ask at the front
desk"), never a placeholder; each such use is reported, so staff know what to set.

The syntax is Python's `string.Template`: ``${clinic.phone}`` (or ``$clinic.phone``),
and ``$$`` for a dollar sign. A ``$`` followed by a figure (``$450``) is left as it is.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass

from kiosk.config import CLINIC_FIELDS
from kiosk.words import Words

NAMES = tuple(f.name for f in CLINIC_FIELDS)

# What Python-Markdown reads as markup when it is not escaped with a backslash.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


class _Placeholders(string.Template):
    # Dotted lower-case names, so "${clinic.phone}" is one name and "$US" or "$450" are
    # just text.
    idpattern = r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*"
    flags = re.NOFLAG


@dataclass(frozen=True)
class Use:
    """One placeholder in a piece of text.

    Attributes:
        name: What it names, e.g. ``clinic.phone``.
        line: Its line within the text, counting from 0.
        known: Whether the kiosk has a detail of that name.
        filled: Whether the clinic has set it (False: neutral words were used).
    """

    name: str
    line: int
    known: bool
    filled: bool


class Details:
    """The clinic's details for one edition, with the neutral words where one is unset.

    Args:
        values: Each detail by dotted name (``clinic.phone``); "" where it is unset.
        words: The kiosk's words in the edition's language, for the neutral words.
    """

    def __init__(self, values: Mapping[str, str], words: Words) -> None:
        self.values = {name: values.get(name, "") for name in NAMES}
        front_desk = self.values["clinic.front_desk"] or words("clinic_unset_front_desk")
        self.neutral = {
            name: words(f"clinic_unset_{name.partition('.')[2]}", front_desk=front_desk)
            for name in NAMES
        }

    def fill(self, text: str, *, markdown: bool) -> tuple[str, list[Use]]:
        """`text` with every detail it names filled in, and where it names them.

        Args:
            text: The text, with ``${clinic.<key>}`` placeholders.
            markdown: Whether `text` is Markdown, where a value's own characters must
                not turn into markup or HTML (a title or summary is shown as it is).

        Returns:
            The filled text (an unknown name is left as it is written, for the caller
            to refuse) and one `Use` per placeholder, in order.
        """
        template = _Placeholders(text)
        uses: list[Use] = []
        fills: dict[str, str] = {}
        for match in template.pattern.finditer(text):
            name = match.group("named") or match.group("braced")
            if name is None:
                continue
            line = text.count("\n", 0, match.start())
            known = name in self.values
            filled = known and bool(self.values[name])
            uses.append(Use(name, line, known, filled))
            if known:
                value = self.values[name] if filled else self.neutral[name]
                fills[name] = escape_markdown(value) if markdown else value
        if not uses and "$$" not in text:
            return text, uses
        return template.safe_substitute(fills), uses


def escape_markdown(value: str) -> str:
    """`value` written so that Markdown shows its characters as they are."""
    return _MARKDOWN.sub(r"\\\1", html.escape(value, quote=False))
