"""Pictures a pack refers to: where they are, and whether the kiosk can show them.

Pure Python: sizes come from the file headers (`imagesize`), so a 20,000-pixel photo
is refused before anything tries to decode it.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path

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
    path = pack_root / rel
    try:
        present = path.is_file()
    except (OSError, ValueError):  # a name too long, or one the file system refuses
        present = False
    if not present:
        return ImageCheck(rel, f"picture {rel!r} is missing", "image-missing")
    if path.suffix.lower() not in IMAGE_TYPES:
        kinds = ", ".join(IMAGE_TYPES)
        return ImageCheck(
            rel, f"picture {rel!r} is not a type the kiosk shows ({kinds})", "image-type"
        )
    import imagesize  # it imports urllib.request: only when a picture is checked

    try:
        size = path.stat().st_size
        width, height = imagesize.get(path)
    except (OSError, ValueError) as exc:
        return ImageCheck(rel, f"picture {rel!r} cannot be read: {exc}", "image-unreadable")
    if size > MAX_BYTES:
        megabytes = size / (1024 * 1024)
        return ImageCheck(
            rel,
            f"picture {rel!r} is {megabytes:.0f} MB; make it smaller than "
            f"{MAX_BYTES // (1024 * 1024)} MB",
            "image-too-large",
        )
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
        return _check_svg(path, rel)
    return ImageCheck(rel)


def _check_svg(path: Path, rel: str) -> ImageCheck:
    """An SVG may draw other files into itself (``<image href=...>``): refuse any that does."""
    import xml.etree.ElementTree as ElementTree

    try:
        root = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, OSError) as exc:
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
