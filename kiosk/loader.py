"""Load a pack folder into a `kiosk.pack.Pack`, every file read once.

A pack holds one edition per language. Topic files in the pack folder itself are in the
pack's `language`; a sub-folder named with a language code (``en/``, ``es/``, ``pt-BR/``)
holds another edition with the same layout: topics, ``images/``, ``slides/`` (the pack's
own ``slides/`` when it has none) and a ``pack.toml`` whose ``[pack]`` table may give
the edition's title, clinic and notice in its language; topics are matched across
editions by file name. This module owns that walk over the editions and the slides, and
records what stops a file from being understood (not UTF-8, front matter never closed,
no title...) as problems; `kiosk.lint` adds the checks that need the Markdown rendered.
Nothing here imports Qt.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kiosk import limits, manifest
from kiosk.config import PACK_TOML, Settings, read_pack_toml
from kiosk.editions import EDITION_KEYS, Wording, language_settings, missing_translations
from kiosk.images import IMAGE_TYPES, check_image, inside
from kiosk.manifest import MANIFEST
from kiosk.pack import Edition, Pack, PackUnreadable, Slide, Topic
from kiosk.packfolder import (
    IMAGES_DIR,
    SLIDES_DIR,
    TOPIC_SUFFIX,
    belongs_to_pack,
    entry_is_dir,
    entry_is_file,
    is_hidden,
    is_language_folder,
    link_outside,
    listing,
    read_text,
    special,
    special_files,
    why_unreadable,
)
from kiosk.problem import Problem, error, warning
from kiosk.topicfile import load_topic, markdown_slide


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
    own = Wording(written, ".")
    settings = own.fill_home(written, settings_layer, PACK_TOML, loading.problems)

    own_topics = loading.read_topics(".", entries, own)
    raw_slides = loading.read_slides(SLIDES_DIR)
    shared_slides = loading.fill_slides(raw_slides, own)
    editions: list[Edition] = []
    if own_topics:
        editions.append(Edition(root, settings.language, ".", settings, own_topics, shared_slides))
    for entry in entries:
        if is_hidden(entry.name) or entry.name in (IMAGES_DIR, SLIDES_DIR):
            continue  # images/ and slides/ are read where they are used
        if not entry_is_dir(entry):
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
            continue  # a file: read as a topic (or reported) above
        if not belongs_to_pack(entry.name, is_dir=True):
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
    loading.problems.extend(missing_translations(editions))
    seal = manifest.check(root)
    loading.problems.extend(seal.problems)
    return Pack(
        root=root,
        settings=settings,
        editions=tuple(editions),
        problems=tuple(loading.problems),
        files_read=loading.files_read,
        sealed=seal.sealed,
        manifest_sha256=seal.sha256,
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
        edition_settings = language_settings(settings, folder, words)
        wording = Wording(edition_settings, folder, settings.language)
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
        self, folder: str, entries: list[os.DirEntry[str]], wording: Wording
    ) -> tuple[Topic, ...]:
        """The topic files among `entries` of `folder` ("." for the pack folder), in order."""
        prefix = "" if folder == "." else f"{folder}/"
        topics: list[Topic] = []
        for entry in entries:
            name = entry.name
            rel = prefix + name
            if is_hidden(name) or name == PACK_TOML or special(Path(entry.path)):
                continue  # a special file was reported, and is never opened
            if folder == "." and name == MANIFEST:
                continue  # the seal over the pack's files, checked by kiosk.manifest
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
                if not entry_is_file(entry):
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
                topic = load_topic(self.root, rel, wording, self.problems)
                if topic is not None:
                    topics.append(topic)
            elif entry_is_file(entry):
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

    def fill_slides(self, slides: tuple[Slide, ...], wording: Wording) -> tuple[Slide, ...]:
        """`slides` with the clinic's details of one edition filled in."""
        filled = []
        for slide in slides:
            if slide.kind == "markdown":
                found: list[Problem] = []
                text = wording.fill(
                    slide.markdown, slide.file, slide.first_line, found, markdown=True
                )
                # The pack's own slides serve every edition without slides of its own.
                self.problems.extend(p for p in found if p not in self.problems)
                slide = dataclasses.replace(slide, markdown=text)
            filled.append(slide)
        return tuple(filled)


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
        if is_hidden(entry.name) or not entry_is_file(entry):
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
                slide = markdown_slide(root, folder, rel, text, problems)
                if slide is not None:
                    slides.append(slide)
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
