"""Load a pack folder into frozen dataclasses: Pack, Edition, Topic, Section, Slide.

Loading reads every file once and records what stops a file from being understood
(not UTF-8, front matter never closed, no title...) as problems; `lint` adds the checks
that need the Markdown rendered. Nothing here imports Qt.

A topic file is front matter between ``---`` lines, then Markdown; the text before the
first level-2 heading is the intro card and each ``## Heading`` starts a section card.

A pack holds one edition per language. Topic files in the pack folder itself are in the
pack's `language`; a sub-folder named with a language code (``en/``, ``es/``, ``pt-BR/``)
holds another edition with the same layout: topics, ``images/``, ``slides/`` (the pack's
own ``slides/`` when it has none) and a ``pack.toml`` whose ``[pack]`` table may give
the edition's title, clinic and notice in its language. Topics are matched across
editions by file name.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from kiosk import limits, manifest
from kiosk.clinic import Details, escape_markdown
from kiosk.config import CLINIC_FIELDS, PACK_TOML, Settings, read_pack_toml
from kiosk.frontmatter import check_front_matter, parse_front_matter
from kiosk.images import IMAGE_TYPES, check_image, inside
from kiosk.manifest import MANIFEST
from kiosk.packfolder import (
    IMAGES_DIR,
    SLIDES_DIR,
    TOPIC_SUFFIX,
    is_dir,
    is_file,
    is_language_folder,
    link_outside,
    listing,
    read_text,
    special,
    special_files,
    why_unreadable,
)
from kiosk.problem import Level, Problem, error, warning
from kiosk.words import Words

# What a language folder's pack.toml may set: the words of its Home and the clinic's
# details in its language. Timings and looks are the pack's, whatever language a patient
# picks.
EDITION_KEYS = ("title", "notice", *(f.attribute for f in CLINIC_FIELDS))

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_H2 = re.compile(r"^ {0,3}##(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")


class PackUnreadable(Exception):
    """The pack folder does not exist, is not a folder, or cannot be listed."""


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
    """One slide of the idle slideshow: a picture or a short Markdown page."""

    file: str
    kind: Literal["image", "markdown"]
    markdown: str = ""


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

    `topics`, `slides` and `topic` are those of the first edition, the one in the
    pack's own language, which patients see until they pick another.

    Attributes:
        root: The pack folder.
        settings: pack.toml over the defaults, and any overrides given to `load`.
        editions: One per language, the pack's own language first, then by code.
        problems: What loading found, in file order.
        files_read: How many files were read.
        sealed: Whether the pack has a manifest (`kiosk.manifest`); a pack whose files
            do not match it has errors.
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

    @property
    def topics(self) -> tuple[Topic, ...]:
        return self.default.topics

    @property
    def slides(self) -> tuple[Slide, ...]:
        return self.default.slides

    def topic(self, topic_id: str) -> Topic:
        """The topic with `topic_id` in the first edition; KeyError when there is none."""
        return self.default.topic(topic_id)

    @property
    def topic_files(self) -> dict[str, str]:
        return self.default.topic_files


def load(root: Path, overrides: Mapping[str, Any] | None = None) -> Pack:
    """Load the pack in folder `root`.

    Args:
        root: The pack folder.
        overrides: Checked setting values (see `config.check_layer`) that win over
            pack.toml, e.g. from the command line.

    Raises:
        PackUnreadable: `root` is missing, not a folder, or cannot be listed.
    """
    root = Path(root)
    try:
        entries = listing(root)
    except OSError as exc:
        raise PackUnreadable(why_unreadable(root, exc)) from exc

    loading = _Loading(root)
    loading.problems.extend(special_files(root))
    settings_layer = loading.read_settings(PACK_TOML)
    written = Settings.from_layers(settings_layer, overrides or {})
    own = _Wording(written, ".")
    settings = own.fill_home(written, settings_layer, PACK_TOML, loading.problems)

    own_topics = loading.read_topics(".", entries, own)
    raw_slides = loading.read_slides(SLIDES_DIR)
    shared_slides = loading.fill_slides(raw_slides, own)
    editions: list[Edition] = []
    if own_topics:
        editions.append(Edition(root, settings.language, ".", settings, own_topics, shared_slides))
    for entry in entries:
        if entry.name.startswith(".") or entry.name in (IMAGES_DIR, SLIDES_DIR):
            continue
        if not is_dir(entry):
            if is_language_folder(entry.name) and entry.is_symlink():
                loading.problems.append(
                    error(
                        f"{entry.name}/",
                        0,
                        "file-unreadable",
                        f"{entry.name} is a link to a folder that cannot be read (or to "
                        "itself); copy the folder in",
                    )
                )
            continue
        if not is_language_folder(entry.name):
            loading.problems.append(
                warning(
                    f"{entry.name}/",
                    0,
                    "unknown-file",
                    f"{entry.name}/ is not used; a folder of topics in another language is "
                    "named with the language's code, like es/ or pt-BR/",
                )
            )
            continue
        if own_topics and entry.name == settings.language:
            loading.problems.append(
                error(
                    f"{entry.name}/",
                    0,
                    "language-twice",
                    f"the pack folder has topics in its own language ({entry.name}) and a "
                    f"{entry.name}/ folder too; keep the topics of one language in one place",
                )
            )
            continue
        edition = loading.read_edition(entry.name, settings, raw_slides)
        if edition is not None:
            editions.append(edition)

    if not editions:
        if not any(p.file.lower().endswith(TOPIC_SUFFIX) for p in loading.problems):
            loading.problems.append(
                error(".", 0, "pack-empty", "the pack has no topics; add a Markdown file per topic")
            )
        editions.append(Edition(root, settings.language, ".", settings, (), shared_slides))
    first = next((e for e in editions if e.language == settings.language), None)
    if first is None:
        first = editions[0]
        loading.problems.append(
            warning(
                PACK_TOML,
                0,
                "language-default",
                f"pack.toml says language = {settings.language!r} but the pack has no topics "
                f"in it; patients start in {first.language!r} (set language to it, or add "
                f"a {settings.language}/ folder)",
            )
        )
    others = sorted((e for e in editions if e is not first), key=lambda e: e.language)
    editions = [first, *others]
    loading.problems.extend(_missing_translations(editions))
    sealed, mismatches = manifest.check(root)
    loading.problems.extend(mismatches)
    return Pack(
        root=root,
        settings=settings,
        editions=tuple(editions),
        problems=tuple(loading.problems),
        files_read=loading.files_read,
        sealed=sealed,
    )


class _Loading:
    """The files of one pack as they are read, and the problems found reading them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self.files_read = 0

    def read_settings(self, rel: str) -> dict[str, Any]:
        """The checked values of the pack.toml at `rel`, {} when there is none."""
        path = self.root / rel
        if not os.path.lexists(path) or special(path):
            return {}  # a special file is reported by special_files, and never opened
        text = read_text(path, rel, self.problems)
        self.files_read += 1
        if text is None:
            return {}
        values, found = read_pack_toml(text, rel)
        self.problems.extend(found)
        return values

    def read_edition(
        self, folder: str, settings: Settings, shared_slides: tuple[Slide, ...]
    ) -> Edition | None:
        """The edition in language folder `folder`; None (with a problem) if it has no topics.

        Args:
            folder: The language folder, named with its language code.
            settings: The pack's settings (its own title and notice filled in).
            shared_slides: The pack's own slides, as written (not yet filled in).
        """
        path = self.root / folder
        if not inside(self.root, path):
            self.problems.append(link_outside(f"{folder}/"))
            return None
        try:
            entries = listing(path)
        except OSError as exc:
            self.problems.append(
                error(
                    f"{folder}/", 0, "file-unreadable", f"{folder}/ cannot be read: {exc.strerror}"
                )
            )
            return None
        words = self.read_settings(f"{folder}/{PACK_TOML}")
        for key in sorted(set(words) - set(EDITION_KEYS)):
            del words[key]
            self.problems.append(
                warning(
                    f"{folder}/{PACK_TOML}",
                    0,
                    "config-unknown-key",
                    f"{key} is not used here: a language's pack.toml gives only title and "
                    "notice under [pack], and the [clinic] details; set the rest in the "
                    "pack's own pack.toml",
                )
            )
        edition_settings = _edition_settings(settings, folder, words)
        wording = _Wording(edition_settings, folder, settings.language)
        edition_settings = wording.fill_home(
            edition_settings, words, f"{folder}/{PACK_TOML}", self.problems
        )
        topics = self.read_topics(folder, entries, wording)
        if not topics:
            if not any(p.file.startswith(f"{folder}/") for p in self.problems):
                self.problems.append(
                    warning(
                        f"{folder}/",
                        0,
                        "language-empty",
                        f"{folder}/ looks like a language folder but has no topics; add them "
                        "or remove the folder",
                    )
                )
            return None
        own_slides = self.read_slides(f"{folder}/{SLIDES_DIR}")
        slides = own_slides if (self.root / folder / SLIDES_DIR).is_dir() else shared_slides
        return Edition(
            self.root, folder, folder, edition_settings, topics, self.fill_slides(slides, wording)
        )

    def read_topics(
        self, folder: str, entries: list[os.DirEntry[str]], wording: _Wording
    ) -> tuple[Topic, ...]:
        """The topic files among `entries` of `folder` ("." for the pack folder), in order."""
        prefix = "" if folder == "." else f"{folder}/"
        topics: list[Topic] = []
        for entry in entries:
            name = entry.name
            rel = prefix + name
            if name.startswith(".") or name == PACK_TOML or special(Path(entry.path)):
                continue  # a special file was reported, and is never opened
            if folder == "." and name == MANIFEST:
                continue
            if name.lower().endswith(TOPIC_SUFFIX):
                if len(topics) >= limits.MAX_TOPICS:
                    self.problems.append(
                        error(
                            prefix or ".",
                            0,
                            "pack-too-large",
                            f"more than {limits.MAX_TOPICS:,} topics in one language; the "
                            "kiosk reads the first ones only",
                        )
                    )
                    break
                if not is_file(entry):
                    self.problems.append(
                        error(
                            rel,
                            0,
                            "file-unreadable",
                            f"{rel} cannot be read: it is a broken link or not a file",
                        )
                    )
                    continue
                if not inside(self.root, self.root / rel):
                    self.problems.append(link_outside(rel))
                    continue
                self.files_read += 1
                topic = _load_topic(self.root, rel, wording, self.problems)
                if topic is not None:
                    topics.append(topic)
            elif is_file(entry):
                self.problems.append(
                    warning(
                        rel,
                        0,
                        "unknown-file",
                        f"{rel} is not used; topics are Markdown files ending in .md",
                    )
                )
        topics.sort(key=lambda t: t.sort_key)
        return tuple(topics)

    def read_slides(self, folder: str) -> tuple[Slide, ...]:
        """The slides in `folder` as written: `fill_slides` fills in the clinic's details."""
        slides, read = _load_slides(self.root, folder, self.problems)
        self.files_read += read
        return tuple(slides)

    def fill_slides(self, slides: tuple[Slide, ...], wording: _Wording) -> tuple[Slide, ...]:
        """`slides` with the clinic's details of one edition filled in."""
        filled = []
        for slide in slides:
            if slide.kind == "markdown":
                found: list[Problem] = []
                text = wording.fill(slide.markdown, slide.file, 1, found, markdown=True)
                # The pack's own slides serve every edition without slides of its own.
                self.problems.extend(p for p in found if p not in self.problems)
                slide = dataclasses.replace(slide, markdown=text)
            filled.append(slide)
        return tuple(filled)


class _Wording:
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


def _edition_settings(settings: Settings, folder: str, words: Mapping[str, Any]) -> Settings:
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


def _missing_translations(editions: list[Edition]) -> list[Problem]:
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


def _load_topic(root: Path, rel: str, wording: _Wording, problems: list[Problem]) -> Topic | None:
    folder = posixpath.dirname(rel) or "."
    text = read_text(root / rel, rel, problems)
    if text is None:
        return None
    # Lines as editors count them: not split at a lone CR or a Unicode line separator.
    lines = text.replace("\r\n", "\n").split("\n")
    meta: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    body_start = 0
    if lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is None:
            problems.append(
                error(
                    rel,
                    1,
                    "front-matter-unclosed",
                    "front matter opened with --- is never closed; add a --- line after it",
                )
            )
            return None
        parsed = parse_front_matter("\n".join(lines[1:end]), rel, problems)
        if parsed is None:
            return None
        meta, key_lines = parsed
        body_start = end + 1

    meta = check_front_matter(meta, key_lines, root, folder, rel, problems)
    for key in ("title", "summary"):
        if key in meta:
            meta[key] = wording.fill(meta[key], rel, key_lines[key], problems, markdown=False)
    if "sources" in meta:
        meta["sources"] = tuple(
            wording.fill(source, rel, key_lines["sources"], problems, markdown=False)
            for source in meta["sources"]
        )
    body = wording.fill("\n".join(lines[body_start:]), rel, body_start + 1, problems, markdown=True)
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
    )


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


def _load_slides(root: Path, folder: str, problems: list[Problem]) -> tuple[list[Slide], int]:
    """The slides in pack-relative `folder` (``slides`` or ``es/slides``), and files read."""
    path = root / folder
    if not path.is_dir():
        return [], 0
    try:
        entries = listing(path)
    except OSError as exc:
        problems.append(
            error(
                folder,
                0,
                "file-unreadable",
                f"the slides folder {folder} cannot be read: {exc.strerror}",
            )
        )
        return [], 0
    slides: list[Slide] = []
    read = 0
    for entry in entries:
        if entry.name.startswith(".") or not is_file(entry):
            continue
        rel = f"{folder}/{entry.name}"
        suffix = Path(entry.name).suffix.lower()
        if not inside(root, root / rel):
            problems.append(link_outside(rel))
            continue
        if suffix == TOPIC_SUFFIX:
            read += 1
            text = read_text(root / rel, rel, problems)
            excess = list(limits.card(text)) if text is not None else []
            for e in excess:
                problems.append(error(rel, 1, e.rule, e.message))
            if text is not None and not excess:
                slides.append(Slide(rel, "markdown", text))
        elif suffix in IMAGE_TYPES:
            read += 1
            checked = check_image(root, folder, entry.name)
            if checked.ok:
                slides.append(Slide(rel, "image"))
            else:
                assert checked.problem is not None
                problems.append(warning(rel, 0, checked.rule, checked.problem))
        else:
            problems.append(
                warning(
                    rel,
                    0,
                    "slide-type",
                    f"{rel} is not a slide; slides are pictures ({', '.join(IMAGE_TYPES)}) "
                    "or .md files",
                )
            )
    return slides, read
