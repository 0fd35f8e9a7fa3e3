"""A sealed pack: ``manifest.toml`` lists every file with its size and SHA-256.

``kiosk seal DIR`` writes it when the pack is finished. While a pack has one, the kiosk
shows it only when every listed file is there, unchanged, and no other file is: a pack
copied file by file (a USB stick, a sync tool) is never shown half-way, whatever order
its files arrive in and however long a copy pauses.

Files and folders whose names start with a dot (``.DS_Store``, ``.stfolder``, a sync
tool's temporary files) are not part of a pack and are not listed.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from kiosk.files import chunks, read_regular
from kiosk.limits import MAX_ENTRIES
from kiosk.packfolder import is_hidden
from kiosk.problem import Problem, error

MANIFEST = "manifest.toml"
MAX_FILE = 64 * 1024 * 1024  # larger than any file a pack may use (pictures: 40 MB)
MAX_REPORTED = 20  # mismatches named one by one; the rest are counted

_HEADER = """\
# Written by `kiosk seal` on {when}: every file of this pack, its size and SHA-256.
# The kiosk shows the pack only while every file below is here, unchanged, and no other
# file is. After changing the pack, run `kiosk seal` again (or delete this file).
"""


class ManifestError(ValueError):
    """The manifest cannot be written (the message says why)."""


def files(root: Path) -> Iterator[str]:
    """Every regular file of the pack, as a POSIX path relative to `root`, in name order.

    Hidden names (`kiosk.packfolder.is_hidden`), the manifest itself and anything that is
    not a regular file (reported elsewhere) are left out; folder links are not followed.
    A file that is not the pack's by `kiosk.packfolder.belongs_to_pack` (``notes.docx``,
    ``old/``) is listed all the same: a topic may show a picture from anywhere in the
    folder, and a stray file changes what the check reports.
    """
    stack = [""]
    seen = 0
    while stack and seen <= MAX_ENTRIES:
        prefix = stack.pop()
        # A folder that cannot be listed raises OSError: the caller reports it.
        with os.scandir(root / prefix if prefix else root) as listing:
            entries = sorted(listing, key=lambda e: e.name, reverse=True)
        for entry in entries:
            seen += 1
            if is_hidden(entry.name):
                continue
            rel = prefix + entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(rel + "/")
                    continue
                regular = stat.S_ISREG(os.stat(entry.path).st_mode)
            except OSError:  # a broken link
                continue
            if regular and rel != MANIFEST:
                yield rel


def digest(path: Path) -> tuple[int, str]:
    """The size and SHA-256 of the regular file at `path`, read a megabyte at a time."""
    import hashlib  # loads OpenSSL: only for a sealed pack, or to seal one

    sha256, size = hashlib.sha256(), 0
    for chunk in chunks(path, MAX_FILE):
        sha256.update(chunk)
        size += len(chunk)
    if size > MAX_FILE:
        raise ManifestError(f"{path} is larger than {MAX_FILE // (1024 * 1024)} MB")
    return size, sha256.hexdigest()


def seal(root: Path, now: datetime) -> int:
    """Write `root`'s manifest, replacing any; the number of files it lists.

    Raises:
        ManifestError, OSError: a file cannot be read, or the manifest written.
    """
    import tomli_w  # `kiosk seal` only

    listed = {}
    for rel in sorted(files(root)):
        size, sha256 = digest(root / rel)
        listed[rel] = {"size": size, "sha256": sha256}
    text = _HEADER.format(when=now.isoformat(timespec="minutes")) + "\n"
    text += tomli_w.dumps({"files": listed})
    fresh = root / (MANIFEST + ".new")
    fresh.write_text(text, encoding="utf-8")
    os.replace(fresh, root / MANIFEST)
    return len(listed)


class Seal(NamedTuple):
    """What `check` found.

    Attributes:
        sealed: Whether the pack has a manifest.
        sha256: The SHA-256 of the manifest as it was read and checked against ("" with
            none, or one that cannot be used).
        problems: Errors, each: the manifest is not valid (``manifest-invalid``), or a
            file is missing, changed or not listed (``manifest-mismatch``, on that file).
    """

    sealed: bool
    sha256: str
    problems: list[Problem]


def check(root: Path) -> Seal:
    """Whether `root` has a manifest, and what does not match it."""
    path = root / MANIFEST
    if not os.path.lexists(path):
        return Seal(False, "", [])
    try:
        listed, sha256 = _read(path)
    except (OSError, ValueError, RecursionError) as exc:  # TOMLDecodeError is a ValueError
        message = f"{MANIFEST} cannot be used ({exc}); seal the pack again with `kiosk seal`"
        return Seal(True, "", [error(MANIFEST, 0, "manifest-invalid", message)])
    problems = []
    try:
        present = set(files(root))
    except OSError as exc:
        listing = error(".", 0, "manifest-mismatch", f"the pack cannot be listed: {exc}")
        return Seal(True, sha256, [listing])
    for rel in sorted(present - set(listed)):
        problems.append(
            _mismatch(rel, f"{rel} is not in {MANIFEST}: it was added after the pack was sealed")
        )
    for rel, (size, file_sha256) in sorted(listed.items()):
        if rel not in present:
            problems.append(_mismatch(rel, f"{rel} is in {MANIFEST} but missing (still copying?)"))
            continue
        try:
            now_size = os.stat(root / rel).st_size
            same = now_size == size and digest(root / rel) == (size, file_sha256)
        except (OSError, ValueError) as exc:
            problems.append(_mismatch(rel, f"{rel} cannot be read: {exc}"))
            continue
        if not same:
            problems.append(
                _mismatch(rel, f"{rel} is not the file that was sealed (changed, or still copying)")
            )
    if len(problems) > MAX_REPORTED:
        more = len(problems) - MAX_REPORTED
        problems = problems[:MAX_REPORTED]
        problems.append(_mismatch(".", f"and {more} more files differ from {MANIFEST}"))
    return Seal(True, sha256, problems)


def _mismatch(rel: str, message: str) -> Problem:
    return error(rel, 0, "manifest-mismatch", message + "; the pack is shown once it matches")


def _read(path: Path) -> tuple[dict[str, tuple[int, str]], str]:
    """The files `path` lists, with their sizes and SHA-256s, and its own SHA-256."""
    data = read_regular(path, MAX_FILE)
    table = tomllib.loads(data.decode("utf-8")).get("files")
    if not isinstance(table, dict):
        raise ValueError("it has no [files] table")
    listed = {}
    for rel, entry in table.items():
        size = entry.get("size") if isinstance(entry, dict) else None
        sha256 = entry.get("sha256") if isinstance(entry, dict) else None
        if not isinstance(size, int) or not isinstance(sha256, str) or len(sha256) != 64:
            raise ValueError(f"the entry for {rel!r} needs a size and a sha256")
        parts = rel.split("/")
        if rel.startswith("/") or ".." in parts or "" in parts:
            raise ValueError(f"{rel!r} is not a path inside the pack")
        listed[rel] = (size, sha256)
    import hashlib

    return listed, hashlib.sha256(data).hexdigest()
