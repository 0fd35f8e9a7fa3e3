"""What an edition's text is filled in with: the clinic's details, in its language.

A pack holds one edition per language (see `kiosk.loader`). This module owns how an
edition differs from the pack's own: the settings a language folder's pack.toml may give
(`EDITION_KEYS`), a detail written in the pack's language left unset in another until it
gives its own, the clinic's details filled into its text (`Wording`: an unknown
``${name}`` is an error, an unset one a warning naming the pack.toml to set it in), and
the warning for a topic that one edition has and another lacks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from kiosk.clinic import Details
from kiosk.config import CLINIC_FIELDS, PACK_TOML, Settings
from kiosk.pack import Edition
from kiosk.packfolder import TOPIC_SUFFIX
from kiosk.problem import Problem, error, warning
from kiosk.words import Words

# What a language folder's pack.toml may set: the words of its Home and the clinic's
# details in its language. Timings and looks are the pack's, whatever language a patient
# picks.
EDITION_KEYS = ("title", "notice", *(f.attribute for f in CLINIC_FIELDS))


class Wording:
    """What one edition's text is filled in with: the clinic's details in its language.

    Args:
        settings: The edition's settings.
        folder: Where its topics are: "." or its language folder.
        own_language: The pack's own language, whose details pack.toml gives.
    """

    def __init__(self, settings: Settings, folder: str, own_language: str = "") -> None:
        self.language = settings.language
        self.words = Words(settings.language)
        self.details = Details(settings.clinic(), self.words)
        self._folder = folder
        self._own = own_language or settings.language

    def fill(
        self, text: str, rel: str, first_line: int, problems: list[Problem], *, markdown: bool
    ) -> str:
        """`text` (line `first_line` of file `rel`) with the clinic's details filled in.

        A name the kiosk does not know is an error (a patient would read it as it is
        written); a detail the clinic has not set is a warning.
        """
        filled, uses = self.details.fill(text, markdown=markdown)
        for use in uses:
            line = first_line + use.line
            if not use.known:
                problems.append(
                    error(
                        rel,
                        line,
                        "clinic-unknown",
                        f"${{{use.name}}} is not a detail the kiosk knows; the clinic's "
                        "details are "
                        + ", ".join(f"${{{f.name}}}" for f in CLINIC_FIELDS)
                        + " (write $$ for a dollar sign)",
                    )
                )
            elif not use.filled:
                key = use.name.partition(".")[2]
                problems.append(
                    warning(
                        rel,
                        line,
                        "clinic-unset",
                        f"${{{use.name}}} is not set, so patients read "
                        f"{self.details.neutral[use.name]!r}; set {key} under [clinic] in "
                        f"{self._set_in(use.name)}",
                    )
                )
        return filled

    def fill_home(
        self, settings: Settings, given: Mapping[str, Any], rel: str, problems: list[Problem]
    ) -> Settings:
        """`settings` with the details named in Home's title and notice filled in.

        Args:
            settings: This edition's settings.
            given: What the pack.toml at `rel` sets: a title or notice it does not give
                is the pack's, filled in already.
            rel: The pack.toml, for messages.
            problems: Where to report.
        """
        found: list[Problem] = []

        def fill(key: str) -> str:
            value: str = getattr(settings, key)
            return self.fill(value, rel, 0, found, markdown=False) if key in given else value

        filled = dataclasses.replace(settings, title=fill("title"), notice=fill("notice"))
        problems.extend(found)
        return filled

    def _set_in(self, name: str) -> str:
        """The pack.toml where staff set detail `name` for this edition."""
        bound = next(f.language_bound for f in CLINIC_FIELDS if f.name == name)
        if bound and self.language != self._own:
            return f"{self._folder}/{PACK_TOML}"
        return PACK_TOML


def language_settings(settings: Settings, folder: str, words: Mapping[str, Any]) -> Settings:
    """The settings of the edition in language `folder`, given its pack.toml's `words`.

    A detail written in the pack's own language (where to ask, the clinic's rules) is not
    shown to a reader of another: it is unset there until the language gives its own.
    """
    values = dict(words)
    if folder != settings.language:
        for f in CLINIC_FIELDS:
            if f.language_bound and f.attribute not in values:
                values[f.attribute] = ""
    return dataclasses.replace(settings, language=folder, **values)


def missing_translations(editions: list[Edition]) -> list[Problem]:
    """A warning for each topic that one edition has and another lacks."""
    if len(editions) < 2:
        return []
    problems = []
    everywhere = {e.language: {t.id: t for t in e.topics} for e in editions}
    for edition in editions:
        have = everywhere[edition.language]
        for other in editions:
            if other is edition:
                continue
            for topic_id, topic in everywhere[other.language].items():
                if topic_id in have:
                    continue
                where = "" if edition.folder == "." else f"{edition.folder}/"
                problems.append(
                    warning(
                        f"{where}{topic_id}{TOPIC_SUFFIX}",
                        0,
                        "language-missing",
                        f"{topic.file} ({topic.title!r}) has no {edition.language} version; "
                        f"patients reading {edition.language} will not find it (write "
                        f"{where}{topic_id}{TOPIC_SUFFIX}, or remove {topic.file})",
                    )
                )
    return problems
