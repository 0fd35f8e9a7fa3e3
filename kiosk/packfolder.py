"""The pack folder on disk: what belongs to the pack, and reading its files safely.

It owns the layout a pack folder is made of and the one rule for which of its files and
folders are the pack's (`belongs_to_pack`): the loader reads by it, the watcher walks by
it, the last good copy keeps by it and the manifest shares its rule for hidden names. It
also owns the plain reading the loader does: listing a folder in name order, telling
folders, files and special files apart without ever opening a named pipe or a device,
and reading a text file as UTF-8 within the limits, each failure a problem that names the
file. Nothing here knows what a topic says.
"""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

from kiosk import limits
from kiosk.config import LANGUAGE_CODE, PACK_TOML
from kiosk.files import SpecialFile, read_regular, special_kind
from kiosk.problem import Problem, error, warning

TOPIC_SUFFIX = ".md"
IMAGES_DIR = "images"
SLIDES_DIR = "slides"
MAX_TEXT_BYTES = 1024 * 1024

_LANGUAGE_FOLDER = re.compile(LANGUAGE_CODE)


def is_language_folder(name: str) -> bool:
    """Whether a sub-folder of a pack with this name holds an edition (``es``, ``pt-BR``)."""
    return _LANGUAGE_FOLDER.fullmatch(name) is not None


def is_hidden(name: str) -> bool:
    """Whether `name` is hidden: it starts with a dot (``.DS_Store``, ``.git``, a sync
    tool's temporary file). Nothing hidden is part of a pack, at any depth."""
    return name.startswith(".")


def belongs_to_pack(rel: str, is_dir: bool) -> bool:
    """Whether the file or folder at `rel` is part of the pack.

    In the pack folder itself the pack is pack.toml, the topic files (``*.md``) and the
    folders ``images/``, ``slides/`` and one per language (``es/``, ``pt-BR/``);
    everything inside those folders is the pack's. Nothing hidden is, at any depth.
    ``manifest.toml`` is not either: it is the seal over the pack's files
    (`kiosk.manifest`), not one of them.

    Args:
        rel: The path relative to the pack folder, POSIX style (``es/images/a.png``).
        is_dir: Whether it is a folder (links followed or not, as the caller walks).
    """
    parts = rel.split("/")
    if any(is_hidden(part) for part in parts):
        return False
    top = parts[0]
    if is_dir or len(parts) > 1:
        return top in (IMAGES_DIR, SLIDES_DIR) or is_language_folder(top)
    return top == PACK_TOML or top.lower().endswith(TOPIC_SUFFIX)


def link_outside(rel: str) -> Problem:
    """The warning for `rel`, a link that leads out of the pack folder and is not used."""
    return warning(
        rel,
        0,
        "link-outside",
        f"{rel} is a link to a file outside the pack and is not used; copy the file in",
    )


def why_unreadable(root: Path, exc: OSError) -> str:
    """Why the pack folder `root` could not be listed (`exc`), in words for staff."""
    if not root.exists():
        return f"{root}: no such folder"
    if not root.is_dir():
        return f"{root}: not a folder"
    return f"{root}: cannot be read ({exc.strerror})"


def listing(folder: Path) -> list[os.DirEntry[str]]:
    """The entries of `folder` by name; the listing is closed even if the folder vanishes."""
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda e: e.name)


def special(path: Path) -> str | None:
    """What `path` is when it is a named pipe, socket or device (links followed)."""
    try:
        return special_kind(os.stat(path).st_mode)
    except (OSError, ValueError):
        return None


def special_files(root: Path) -> list[Problem]:
    """An error for every named pipe, socket and device in the pack, none of them opened.

    The whole folder is looked at, hidden names and folders that are not the pack's
    included (a pipe in ``old/`` is reported too). Folder links are not followed, so a
    link to a folder elsewhere is not walked.
    """
    problems: list[Problem] = []
    seen = 0
    stack = [("", root)]
    while stack and seen <= limits.MAX_ENTRIES:
        prefix, folder = stack.pop()
        try:
            entries = listing(folder)
        except OSError:
            continue  # reported where the folder is read
        for entry in entries:
            seen += 1
            rel = prefix + entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if rel.count("/") < 8:
                        stack.append((rel + "/", Path(entry.path)))
                    continue
            except OSError:
                continue
            kind = special(Path(entry.path))
            if kind is not None:
                problems.append(
                    error(
                        rel,
                        0,
                        "special-file",
                        f"{rel} is {kind}, not a file, and is not read; remove it from the pack",
                    )
                )
    if seen > limits.MAX_ENTRIES:
        problems.append(
            error(
                ".",
                0,
                "pack-too-large",
                f"the pack holds more than {limits.MAX_ENTRIES:,} files and folders; the "
                "kiosk does not read past that",
            )
        )
    return sorted(problems)


def entry_is_dir(entry: os.DirEntry[str]) -> bool:
    """Whether `entry` is a folder, links followed; False when that cannot be told."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def entry_is_file(entry: os.DirEntry[str]) -> bool:
    """Whether `entry` is a file, links followed; False when that cannot be told."""
    try:
        return entry.is_file()
    except OSError:
        return False


def read_text(path: Path, rel: str, problems: list[Problem]) -> str | None:
    """The file's text as UTF-8, or None with a problem saying why not.

    Text with a control character, or a line too long or too deeply indented to render
    quickly, is refused whole (see `kiosk.limits`).
    """
    try:
        data = read_regular(path, MAX_TEXT_BYTES)
    except SpecialFile as exc:
        problems.append(
            error(rel, 0, "special-file", f"{rel} is {exc.kind}, not a file, and is not read")
        )
        return None
    except (OSError, ValueError) as exc:
        why = getattr(exc, "strerror", None) or str(exc)
        problems.append(error(rel, 0, "file-unreadable", f"{rel} cannot be read: {why}"))
        return None
    if len(data) > MAX_TEXT_BYTES:
        problems.append(
            error(
                rel,
                0,
                "file-too-large",
                f"{rel} is larger than {MAX_TEXT_BYTES // 1024} KB; split it into topics",
            )
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            error(
                rel,
                line,
                "encoding",
                f"{rel} is not UTF-8 text (byte 0x{data[exc.start]:02X}); "
                "save it as UTF-8 in your editor",
            )
        )
        return None
    if not text.strip():
        problems.append(error(rel, 0, "empty-file", f"{rel} is empty"))
        return None
    excess = [limits.control_character(text), *itertools.islice(limits.lines(text), 3)]
    found = [e for e in excess if e is not None]
    for e in found:
        problems.append(error(rel, e.line + 1, e.rule, e.message))
    return None if found else text
