"""Pictures a pack refers to: where they are, and whether the kiosk can show them.

Pure Python: sizes come from the file headers (`imagesize`), so a 20,000-pixel photo
is refused before anything tries to decode it, and a picture whose data is cut short or
damaged (a half-copied PNG, a JPEG without its end) is found by the checks each format
carries: a PNG's chunk checksums, the markers that end a JPEG, a GIF or a WebP file.
"""

from __future__ import annotations

import io
import os
import posixpath
import zlib
from dataclasses import dataclass
from pathlib import Path

from kiosk import startmemo
from kiosk.files import SpecialFile, read_regular, special_kind
from kiosk.packfolder import is_hidden

IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
MAX_SIDE = 8000
MAX_BYTES = 40 * 1024 * 1024


@dataclass(frozen=True)
class ImageCheck:
    """The outcome of checking one picture.

    Attributes:
        path: The picture's path relative to the pack folder, POSIX style, when it is
            inside the pack (even if it cannot be shown), else None.
        problem: Why it cannot be shown, or None when it can.
        rule: The lint rule the problem belongs to.
    """

    path: str | None
    problem: str | None = None
    rule: str = ""

    @property
    def ok(self) -> bool:
        return self.problem is None


def in_pack(pack_root: Path, base: str, target: str) -> str | None:
    """Resolve `target`, written in a file that lives in folder `base` of the pack.

    Returns the pack-relative POSIX path, or None when the path is absolute or climbs
    out of the pack with ``..``.
    """
    if not target or target.startswith(("/", "\\")) or "\\" in target or "\0" in target:
        return None
    joined = posixpath.normpath(posixpath.join(base, target))
    if joined == ".." or joined.startswith("../") or posixpath.isabs(joined):
        return None
    return joined if inside(pack_root, pack_root / joined) else None


def inside(pack_root: Path, path: Path) -> bool:
    """Whether `path`, symlinks followed, is in the pack folder (a link may point out)."""
    try:
        real_root = os.path.realpath(pack_root)
        real = os.path.realpath(path)
    except (OSError, ValueError):
        return False
    return real == real_root or real.startswith(real_root + os.sep)


def check_image(pack_root: Path, base: str, target: str) -> ImageCheck:
    """Check that `target` (as written in a file in folder `base`) is a showable picture."""
    rel = in_pack(pack_root, base, target)
    if rel is None:
        return ImageCheck(None, f"picture {target!r} is outside the pack folder", "link-outside")
    if any(map(is_hidden, rel.split("/"))):
        return ImageCheck(
            rel,
            f"picture {rel!r} is missing: a name that starts with a dot is hidden and not "
            "part of the pack (sync tools and seals leave it out); rename it",
            "image-missing",
        )
    path = pack_root / rel
    try:
        info = os.stat(path)
    except (OSError, ValueError):  # missing, a name too long, or one the system refuses
        return ImageCheck(rel, f"picture {rel!r} is missing", "image-missing")
    kind = special_kind(info.st_mode)
    if kind is not None:
        return ImageCheck(rel, f"picture {rel!r} is {kind}, not a file", "special-file")
    if os.path.isdir(path):
        return ImageCheck(rel, f"picture {rel!r} is missing (that is a folder)", "image-missing")
    if path.suffix.lower() not in IMAGE_TYPES:
        kinds = ", ".join(IMAGE_TYPES)
        return ImageCheck(
            rel, f"picture {rel!r} is not a type the kiosk shows ({kinds})", "image-type"
        )
    size = info.st_size
    if size > MAX_BYTES:
        megabytes = size / (1024 * 1024)
        return ImageCheck(
            rel,
            f"picture {rel!r} is {megabytes:.0f} MB; make it smaller than "
            f"{MAX_BYTES // (1024 * 1024)} MB",
            "image-too-large",
        )
    memo = startmemo.current()
    if memo is not None and memo.known_picture(path, info):
        return ImageCheck(rel)
    verdict = _check_data(path, rel)
    if memo is not None and verdict.ok:
        memo.picture_passed(path, info)
    return verdict


def _check_data(path: Path, rel: str) -> ImageCheck:
    """Check the picture file at `path` (pack path `rel`) by what it holds."""
    import imagesize  # it imports urllib.request: only when a picture is checked

    try:
        data = read_regular(path, MAX_BYTES)
    except SpecialFile as exc:
        return ImageCheck(rel, f"picture {rel!r} is {exc.kind}, not a file", "special-file")
    except OSError as exc:
        return ImageCheck(
            rel, f"picture {rel!r} cannot be read: {exc.strerror or exc}", "image-unreadable"
        )
    # From the bytes read, never a path: imagesize fetches a str starting "http://".
    width, height = imagesize.get(io.BytesIO(data))
    if len(data) > MAX_BYTES:  # it grew since
        return ImageCheck(rel, f"picture {rel!r} is still being written", "image-unreadable")
    if max(width, height) > MAX_SIDE:
        return ImageCheck(
            rel,
            f"picture {rel!r} is {width}x{height} pixels; make it at most {MAX_SIDE} pixels a side",
            "image-too-large",
        )
    if path.suffix.lower() != ".svg" and (width <= 0 or height <= 0):
        return ImageCheck(
            rel, f"picture {rel!r} is damaged or not really an image", "image-unreadable"
        )
    if path.suffix.lower() == ".svg":
        return _check_svg(data, rel)
    damage = _damage(data)
    if damage is not None:
        return ImageCheck(
            rel,
            f"picture {rel!r} is {damage}; it is left out (copy it again from the original)",
            "image-unreadable",
        )
    return ImageCheck(rel)


def _damage(data: bytes) -> str | None:
    """How a PNG, JPEG, GIF or WebP file's data is cut short or damaged, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _png_damage(memoryview(data))
    if data.startswith(b"\xff\xd8\xff"):
        scan = data.find(b"\xff\xda")  # the picture data starts here; the end marker follows
        return None if scan > 0 and data.rfind(b"\xff\xd9") > scan else "cut short"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return None if data.rstrip(b"\0").endswith(b";") else "cut short"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        length = int.from_bytes(data[4:8], "little") + 8
        return None if len(data) >= length else "cut short"
    return "not a picture the kiosk can read"


def _png_damage(data: memoryview) -> str | None:
    position = 8
    while position + 12 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        end = position + 12 + length
        if end > len(data):
            return "cut short"
        checksum = int.from_bytes(data[end - 4 : end], "big")
        if zlib.crc32(data[position + 4 : end - 4]) != checksum:
            return "damaged (a checksum does not match)"
        if data[position + 4 : position + 8] == b"IEND":
            return None
        position = end
    return "cut short"


def svg_draws_in_other_files(data: bytes) -> bool:
    """Whether SVG `data` cannot be read, or names another file to draw (which Qt would
    open, and block on if it is a named pipe): checked again on the bytes about to be
    shown, since the file may have changed after the pack was checked."""
    return not _check_svg(data, "").ok


def _check_svg(data: bytes, rel: str) -> ImageCheck:
    """An SVG may draw other files into itself (``<image href=...>``): refuse any that does."""
    import xml.etree.ElementTree as ElementTree

    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError) as exc:
        return ImageCheck(rel, f"picture {rel!r} is not a readable SVG: {exc}", "image-unreadable")
    for element in root.iter():
        for name, value in element.attrib.items():
            if name.endswith("href") and not value.startswith(("#", "data:")):
                return ImageCheck(
                    rel,
                    f"picture {rel!r} draws in another file ({value!r}); an SVG must hold "
                    "everything it shows",
                    "link-outside",
                )
    return ImageCheck(rel)
