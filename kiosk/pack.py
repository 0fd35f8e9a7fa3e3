"""A loaded pack as frozen dataclasses: Pack, Edition, Topic, Section, Slide.

This is the model that the screens show and the checks read, made once by
`kiosk.loader.load` and never changed: a pack holds one edition per language, an
edition its topics in display order and its slides, a topic its cards (each a
`Section`). `PackUnreadable` is what loading raises when there is no folder to read.
Nothing here reads a file or imports Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from kiosk.config import Settings
from kiosk.problem import Level, Problem


class PackUnreadable(Exception):
    """The pack folder does not exist, is not a folder, or cannot be listed."""


@dataclass(frozen=True)
class DateWindow:
    """When a topic or slide shows: from `start` (included) until `end` (left out);
    None for no bound. Local times, with no time zone."""

    start: datetime | None = None
    end: datetime | None = None
    line: int = 0  # where the file gives `end` (else `start`), for messages

    def holds(self, now: datetime) -> bool:
        return (self.start is None or self.start <= now) and (self.end is None or now < self.end)

    @property
    def never(self) -> bool:
        """Whether it ends before it starts, so it never shows."""
        return self.start is not None and self.end is not None and self.end <= self.start

    @property
    def bounds(self) -> tuple[datetime, ...]:
        return tuple(moment for moment in (self.start, self.end) if moment is not None)


@dataclass(frozen=True)
class Section:
    """One card of a topic.

    Attributes:
        title: The heading; empty for the intro card.
        markdown: The card's Markdown, without its heading.
        line: Line of the file where the card starts (its heading, or the intro's
            first line), so problems in it can be located.
        body_line: Line of the file where `markdown` starts.
        left_out: The card's text went past a limit (see `kiosk.limits`) and was left
            out, so nothing renders it; the pack has an error for it.
    """

    title: str
    markdown: str
    line: int
    body_line: int
    left_out: bool = False

    @property
    def is_blank(self) -> bool:
        """The card has no text (a card left out for going past a limit had some)."""
        return not self.left_out and not self.markdown.strip()


@dataclass(frozen=True)
class Topic:
    """One topic file.

    Attributes:
        id: The file name without ``.md``; internal links use it.
        file: The file's path relative to the pack folder.
        title: From front matter; the file name when it has none (an error).
        summary: One line under the title on Home.
        icon: Pack-relative path of a picture for the Home card, when it can be shown.
        order: Sort key from front matter; topics without one come after, by file name.
        sources: What the text relies on.
        reviewed: When a clinician last checked it.
        review_by: When it should be checked again.
        intro: Text before the first section: the first card.
        sections: One per level-2 heading.
        language: The language code of the text.
        key_lines: Line of each front-matter key, for messages.
        sources_card: The last card, made by the kiosk: the sources and the reviewed
            date in the topic's language; None when the topic gives neither.
        shown: When it shows (``show_from``, ``show_until``; `kiosk.dates`).
    """

    id: str
    file: str
    title: str
    intro: Section
    sections: tuple[Section, ...]
    summary: str = ""
    icon: str | None = None
    order: int | None = None
    sources: tuple[str, ...] = ()
    reviewed: date | None = None
    review_by: date | None = None
    language: str = "en"
    key_lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    sources_card: Section | None = None
    shown: DateWindow = DateWindow()

    @property
    def text_cards(self) -> tuple[Section, ...]:
        """The cards the pack wrote: the intro (when it has text), then the sections."""
        return ((self.intro,) if not self.intro.is_blank else ()) + self.sections

    @property
    def cards(self) -> tuple[Section, ...]:
        """The cards a patient steps through: the pack's, then where they come from."""
        return self.text_cards + ((self.sources_card,) if self.sources_card else ())

    @property
    def sort_key(self) -> tuple[bool, int, str]:
        return (self.order is None, self.order or 0, self.file)


@dataclass(frozen=True)
class Slide:
    """One slide of the idle slideshow: a picture, a short Markdown page (over a picture
    when its front matter names a `background`), or a topic's teaser.

    Attributes:
        file: Pack-relative path of the slide's file ("" for one the kiosk makes).
        kind: "image", "markdown" or "teaser" (made from a topic: `topic_id`).
        markdown: The page's Markdown, front matter left out.
        background: Pack-relative path of the picture behind the page, if any.
        topic_id: The topic a teaser is made from.
        first_line: The file line `markdown` starts on (after any front matter).
        shown: When it shows (``show_from``, ``show_until``; `kiosk.dates`).
    """

    file: str
    kind: Literal["image", "markdown", "teaser"]
    markdown: str = ""
    background: str | None = None
    topic_id: str = ""
    first_line: int = 1
    shown: DateWindow = DateWindow()


@dataclass(frozen=True)
class Edition:
    """The pack in one language: what Home, the topics and the slideshow show.

    Attributes:
        root: The pack folder (paths in topics and slides are relative to it).
        language: The language code, e.g. "en" or "es".
        folder: Where its topics are, relative to `root`: "." or the language folder.
        settings: The pack's settings, with this edition's language and words.
        topics: In display order.
        slides: In name order.
    """

    root: Path
    language: str
    folder: str
    settings: Settings
    topics: tuple[Topic, ...]
    slides: tuple[Slide, ...]

    def topic(self, topic_id: str) -> Topic:
        """The topic with `topic_id`; KeyError when there is none."""
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        raise KeyError(topic_id)

    @property
    def topic_files(self) -> dict[str, str]:
        """Topic ids by pack-relative file name, for resolving links."""
        return {topic.file: topic.id for topic in self.topics}


@dataclass(frozen=True)
class Pack:
    """A loaded pack folder.

    Patients see its `default` edition, the one in the pack's own language, until they
    pick another.

    Attributes:
        root: The pack folder.
        settings: pack.toml over the defaults, and any overrides given to `load`.
        editions: One per language, the pack's own language first, then by code.
        problems: What loading found, in file order.
        files_read: How many files were read.
        sealed: Whether the pack has a manifest (`kiosk.manifest`); a pack whose files
            do not match it has errors.
        manifest_sha256: The SHA-256 of the manifest the files were checked against
            ("" unsealed): which sealed pack this is, for a fleet's dashboard.
        rendered: Each card's rendering (`kiosk.markup.Rendered`) by topic file and card
            index, as the full check (`lint.check`) made them off the UI thread: what the
            check saw is what the screen shows.
    """

    root: Path
    settings: Settings
    editions: tuple[Edition, ...]
    problems: tuple[Problem, ...]
    files_read: int
    sealed: bool = False
    manifest_sha256: str = ""
    rendered: dict[tuple[str, int], Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def has_errors(self) -> bool:
        return any(p.level is Level.ERROR for p in self.problems)

    @property
    def default(self) -> Edition:
        """The edition patients see first."""
        return self.editions[0]

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(edition.language for edition in self.editions)

    def edition(self, language: str) -> Edition:
        """The edition in `language`; KeyError when there is none."""
        for edition in self.editions:
            if edition.language == language:
                return edition
        raise KeyError(language)
