"""Hostile and careless packs: every one is reported, none hangs, crashes or garbles a line.

Each case is a pack a careless staff member or an attacker could put on a USB stick: named
pipes and sockets where files should be, symlinks to devices, control characters, lines and
cards and titles far past what a screen holds, Markdown and YAML built to be slow or deep,
damaged pictures, odd file names, a manifest that no longer matches. For each, validation
must finish within `HANG_SECONDS`, raise nothing, report the expected (file, line, rule),
and print every problem on one clean line. The command line is checked the same way, in a
C locale with an ASCII terminal.
"""

from __future__ import annotations

import json
import os
import re
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path

import pytest

from kiosk import lint
from kiosk.problem import Level, Problem
from tests.conftest import GOOD_TOPIC, REPO, MakePack, png_bytes

TODAY = date(2026, 11, 24)
HANG_SECONDS = 10

E, W = Level.ERROR, Level.WARNING

# Every rule a hostile pack may meet, at the level the docs give it.
LEVELS: Mapping[str, Level] = {
    **dict.fromkeys(
        (
            "pack-empty",
            "file-unreadable",
            "file-too-large",
            "encoding",
            "empty-file",
            "front-matter-unclosed",
            "front-matter-syntax",
            "front-matter-value",
            "title-missing",
            "topic-no-text",
            "section-empty",
            "list-missing",
            "list-item-empty",
            "config-syntax",
            "config-value",
            "language-twice",
            "clinic-unknown",
            "special-file",
            "control-character",
            "line-too-long",
            "nesting-too-deep",
            "markup-too-complex",
            "card-too-long",
            "text-too-long",
            "manifest-mismatch",
            "manifest-invalid",
            "pack-too-large",
        ),
        E,
    ),
    **dict.fromkeys(
        (
            "front-matter-unknown-key",
            "image-missing",
            "image-type",
            "image-too-large",
            "image-unreadable",
            "link-outside",
            "link-scheme",
            "link-broken",
            "link-too-long",
            "html-removed",
            "config-unknown-key",
            "review-overdue",
            "sources-missing",
            "clinic-unset",
            "unknown-file",
            "slide-type",
            "language-empty",
            "language-missing",
            "language-default",
            "reading-level",
        ),
        W,
    ),
}

SOURCE = "Sleep Foundation. 2025. How much sleep do we need? sleepfoundation.org."
# A topic's front matter: title on line 2, its body from line 5 on.
TOP = f'---\ntitle: Sleep\nsources: "{SOURCE}"\n---\n'
BODY = 5
WORDS = "Rest helps the body heal after a long day. "  # 43 characters of plain prose


class Special(Enum):
    """Files that are not files: what `build` makes in place of a text."""

    FIFO = "a named pipe"
    SOCKET = "a UNIX socket"
    DEVICE = "a character device (like /dev/zero)"
    FOLDER = "an empty folder"


@dataclass(frozen=True)
class Link:
    """A symbolic link to `target` (absolute, or relative to the link's folder)."""

    target: str


@dataclass(frozen=True)
class Made:
    """Bytes made when the pack is written (by Qt, which is imported only then)."""

    make: Callable[[], bytes]


Content = str | bytes | Special | Link | Made
Files = Mapping[str, Content]


@dataclass(frozen=True)
class Case:
    """One hostile pack and the problem it must get.

    Attributes:
        id: The test id.
        files: Path in the pack -> content.
        where: The problem's file (any of these).
        rule: The problem's rule (any of these).
        line: The problem's line, where it is meaningful; None: any.
        named: The file may instead be named in the message of a problem (a picture
            reported where a topic uses it, a file named in the manifest's problem).
        after: Run on the pack folder once it is written (seal it, then change it).
    """

    id: str
    files: Files
    where: str | tuple[str, ...]
    rule: str | tuple[str, ...]
    line: int | None = None
    named: bool = False
    after: Callable[[Path], None] | None = None


# --- Pictures, real and damaged -----------------------------------------------------------


def png_file(width: int = 32, height: int = 32) -> bytes:
    """A complete, decodable PNG with varied pixels (so its data does not shrink to nothing)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(
        b"\x00" + bytes((x * 7 + y * 13) % 256 for x in range(width * 3)) for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def jpeg_file() -> bytes:
    """A complete JPEG, made by Qt (imported only when a case needs it)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(32, 32, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "JPG")
    return bytes(data.data())


PNG = png_file()

# The classic 1x1 GIF; its last byte, ";", is the trailer.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
SVG_NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
SVG_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a0 "lol">\n'
    + "".join(f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">\n' for n in range(1, 10))
    + f']>\n<svg {SVG_NS} width="10" height="10"><text>&a9;</text></svg>\n'
)
SVG_XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    f'<svg {SVG_NS} width="10" height="10"><text>&secret;</text></svg>\n'
)


def picture_topic(path: str) -> str:
    """A topic that shows the picture at `path` on line `BODY`."""
    return TOP + f"![A bed]({path})\n"


def icon_topic(path: str) -> str:
    """A topic whose Home card shows the picture at `path` (the icon key is on line 3)."""
    return f'---\ntitle: Sleep\nicon: {path}\nsources: "{SOURCE}"\n---\nText.\n'


# --- YAML built to explode -----------------------------------------------------------------


def laughs(levels: int, key: str) -> str:
    """Front matter whose `key` is 9**`levels` strings by aliases (a billion laughs)."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, levels)]
    return "---\ntitle: Sleep\n" + "\n".join(lines) + f"\n{key}: *a{levels - 1}\n---\nText.\n"


# --- Steps after writing: seal the pack, then change it ------------------------------------

CLI_ENV = {
    **{k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_CTYPE", "LANGUAGE")},
    "PYTHONIOENCODING": "ascii",
    "LANG": "C",
    "QT_QPA_PLATFORM": "offscreen",
}


def kiosk(*args: str | Path, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kiosk ARGS`` as staff would, in a C locale on an ASCII terminal."""
    try:
        return subprocess.run(
            [sys.executable, "-m", "kiosk", *map(str, args)],
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            env=CLI_ENV,
            cwd=REPO,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"hung: kiosk {args[0]} did not finish within {timeout} s", pytrace=False)


def seal(root: Path) -> None:
    done = kiosk("seal", root)
    assert done.returncode == 0, f"kiosk seal exited {done.returncode}: {last_line(done.stderr)}"


def last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1] if lines else ""


def sealed_then(change: Callable[[Path], object]) -> Callable[[Path], None]:
    def step(root: Path) -> None:
        seal(root)
        change(root)

    return step


def replace_in_manifest(old: str, new: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        manifest = root / "manifest.toml"
        text = manifest.read_text(encoding="utf-8")
        assert old in text, f"the manifest does not list {old}"
        manifest.write_text(text.replace(old, new), encoding="utf-8")

    return change


def flip_last_byte(rel: str) -> Callable[[Path], None]:
    """Change one byte of `rel`, keeping its size: only its SHA-256 can tell."""

    def change(root: Path) -> None:
        path = root / rel
        data = bytearray(path.read_bytes())
        data[-2] ^= 0x01
        path.write_bytes(bytes(data))

    return change


def into_fifo(rel: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        (root / rel).unlink()
        os.mkfifo(root / rel)

    return change


# --- The cases ------------------------------------------------------------------------------

BILINGUAL = {"a.md": GOOD_TOPIC, "es/a.md": GOOD_TOPIC}
BAD_NAME = os.fsdecode(b"caf\xe9.md")  # bytes that are not UTF-8, as Python names them
BAD_FOLDER = os.fsdecode(b"\xff\xfe")
NO_TITLE = "---\nsummary: x\n---\nText.\n"
LONG_CARD = WORDS * 3 + "\n"  # a line of 129 characters

CASES: list[Case] = [
    # Files that are not files: never opened, so nothing waits for a writer.
    Case(
        "fifo-as-pack-toml",
        {"a.md": GOOD_TOPIC, "pack.toml": Special.FIFO},
        "pack.toml",
        "special-file",
    ),
    Case("fifo-as-topic", {"a.md": Special.FIFO, "b.md": GOOD_TOPIC}, "a.md", "special-file"),
    Case(
        "fifo-as-picture-in-text",
        {"a.md": picture_topic("images/x.png"), "images/x.png": Special.FIFO},
        "images/x.png",
        "special-file",
        named=True,
    ),
    Case(
        "fifo-as-icon",
        {"a.md": icon_topic("images/i.png"), "images/i.png": Special.FIFO},
        "images/i.png",
        "special-file",
        named=True,
    ),
    Case(
        "fifo-unused-in-images",
        {"a.md": GOOD_TOPIC, "images/old.png": Special.FIFO},
        "images/old.png",
        "special-file",
    ),
    Case(
        "fifo-as-markdown-slide",
        {"a.md": GOOD_TOPIC, "slides/01.md": Special.FIFO},
        "slides/01.md",
        "special-file",
    ),
    Case(
        "fifo-as-picture-slide",
        {"a.md": GOOD_TOPIC, "slides/02.jpg": Special.FIFO},
        "slides/02.jpg",
        "special-file",
    ),
    Case(
        "fifo-as-language-pack-toml",
        {**BILINGUAL, "es/pack.toml": Special.FIFO},
        "es/pack.toml",
        "special-file",
    ),
    Case(
        "fifo-as-language-topic",
        {**BILINGUAL, "es/b.md": Special.FIFO},
        "es/b.md",
        "special-file",
    ),
    Case(
        "fifo-as-language-slide",
        {**BILINGUAL, "es/slides/01.md": Special.FIFO},
        "es/slides/01.md",
        "special-file",
    ),
    Case(
        "fifo-as-manifest",
        {"a.md": GOOD_TOPIC, "manifest.toml": Special.FIFO},
        "manifest.toml",
        "special-file",
    ),
    Case(
        "fifo-in-unused-folder",
        {"a.md": GOOD_TOPIC, "old/pipe": Special.FIFO},
        "old/pipe",
        "special-file",
    ),
    Case("socket-as-topic", {"a.md": Special.SOCKET, "b.md": GOOD_TOPIC}, "a.md", "special-file"),
    Case(
        "socket-as-pack-toml",
        {"a.md": GOOD_TOPIC, "pack.toml": Special.SOCKET},
        "pack.toml",
        "special-file",
    ),
    Case(
        "socket-as-picture",
        {"a.md": picture_topic("images/s.png"), "images/s.png": Special.SOCKET},
        "images/s.png",
        "special-file",
        named=True,
    ),
    Case("device-as-topic", {"a.md": Special.DEVICE, "b.md": GOOD_TOPIC}, "a.md", "special-file"),
    Case(
        "device-as-pack-toml",
        {"a.md": GOOD_TOPIC, "pack.toml": Special.DEVICE},
        "pack.toml",
        "special-file",
    ),
    Case(
        "device-as-language-pack-toml",
        {**BILINGUAL, "es/pack.toml": Special.DEVICE},
        "es/pack.toml",
        "special-file",
    ),
    Case(
        "symlink-topic-to-dev-zero",
        {"a.md": Link("/dev/zero"), "b.md": GOOD_TOPIC},
        "a.md",
        ("link-outside", "special-file"),
    ),
    Case(
        "symlink-pack-toml-to-dev-zero",
        {"a.md": GOOD_TOPIC, "pack.toml": Link("/dev/zero")},
        "pack.toml",
        ("link-outside", "special-file"),
    ),
    Case(
        "symlink-language-pack-toml-to-dev-urandom",
        {**BILINGUAL, "es/pack.toml": Link("/dev/urandom")},
        "es/pack.toml",
        ("link-outside", "special-file"),
    ),
    Case(
        "symlink-picture-to-dev-zero",
        {"a.md": picture_topic("images/z.png"), "images/z.png": Link("/dev/zero")},
        "images/z.png",
        ("link-outside", "special-file"),
        named=True,
    ),
    Case(
        "symlink-slide-to-dev-urandom",
        {"a.md": GOOD_TOPIC, "slides/01.md": Link("/dev/urandom")},
        "slides/01.md",
        ("link-outside", "special-file"),
    ),
    Case(
        "symlink-topic-to-fifo-in-the-pack",
        {"a.md": Link("pipe"), "pipe": Special.FIFO, "b.md": GOOD_TOPIC},
        ("a.md", "pipe"),
        "special-file",
        named=True,
    ),
    Case(
        "fifo-named-like-a-language-folder",
        {"a.md": GOOD_TOPIC, "es": Special.FIFO},
        ("es", "es/"),
        "special-file",
    ),
    Case(
        "fifo-in-place-of-the-slides-folder",
        {"a.md": GOOD_TOPIC, "slides": Special.FIFO},
        ("slides", "slides/"),
        "special-file",
    ),
    Case(
        "symlink-loop-named-like-a-language-folder",
        {"a.md": GOOD_TOPIC, "es": Link("es")},
        ("es", "es/"),
        ("file-unreadable", "link-outside"),
    ),
    Case(
        "language-folder-symlink-to-root-of-disk",
        {"a.md": GOOD_TOPIC, "es": Link("/")},
        ("es/", "es"),
        "link-outside",
    ),
    Case(
        "images-folder-symlink-to-etc",
        {"a.md": picture_topic("images/passwd"), "images": Link("/etc")},
        ("a.md", "images/passwd"),
        "link-outside",
        named=True,
    ),
    Case(
        "folder-named-like-a-topic",
        {"a.md": Special.FOLDER, "b.md": GOOD_TOPIC},
        "a.md",
        "file-unreadable",
        0,
    ),
    Case(
        "broken-symlink-topic",
        {"a.md": Link("nowhere.md"), "b.md": GOOD_TOPIC},
        "a.md",
        "file-unreadable",
        0,
    ),
    # Control characters: damaged files, terminal escapes, lone surrogates.
    Case(
        "nul-in-front-matter",
        {"a.md": f'---\ntitle: Sl\0eep\nsources: "{SOURCE}"\n---\nText.\n'},
        "a.md",
        "control-character",
        2,
    ),
    Case(
        "nul-in-body", {"a.md": TOP + "Intro.\n\nHello\0 there.\n"}, "a.md", "control-character", 7
    ),
    Case(
        "terminal-escape-in-body",
        {"a.md": TOP + "Intro.\n\n\x1b[2J\x1b[31mRed text.\x1b[0m\n"},
        "a.md",
        "control-character",
        7,
    ),
    Case(
        "lone-surrogate-title-by-yaml-escape",
        {"a.md": f'---\ntitle: "\\ud800"\nsources: "{SOURCE}"\n---\nText.\n'},
        "a.md",
        "control-character",
        2,
    ),
    Case(
        "terminal-escape-title-by-yaml-escape",
        {"a.md": f'---\ntitle: "\\e[31mRed\\e[0m"\nsources: "{SOURCE}"\n---\nText.\n'},
        "a.md",
        "control-character",
        2,
    ),
    Case(
        "lone-surrogate-source-by-yaml-escape",
        {"a.md": '---\ntitle: Sleep\nsources:\n  - "Smith \\udfff 2024"\n---\nText.\n'},
        "a.md",
        "control-character",
    ),
    Case(
        "nul-in-pack-toml",
        {"a.md": GOOD_TOPIC, "pack.toml": '[pack]\ntitle = "Hi\0"\n'},
        "pack.toml",
        "control-character",
        2,
    ),
    Case(
        "bell-in-pack-toml-by-toml-escape",
        {"a.md": GOOD_TOPIC, "pack.toml": '[pack]\ntitle = "Hi\\u0007"\n'},
        "pack.toml",
        ("control-character", "config-value"),
        2,
    ),
    Case(
        "nul-in-markdown-slide",
        {"a.md": GOOD_TOPIC, "slides/01.md": "# Welcome\n\0\n"},
        "slides/01.md",
        "control-character",
        2,
    ),
    Case(
        "form-feed-from-a-pdf",
        {"a.md": TOP + "Intro.\n\x0cPage two.\n"},
        "a.md",
        "control-character",
        6,
    ),
    Case(
        "c1-next-line-character",
        {"a.md": TOP + "Intro.\n\nOne\x85two.\n"},
        "a.md",
        "control-character",
        7,
    ),
    # Line numbers are file lines: Unicode line separators and a lone CR do not shift them.
    Case(
        "line-separators-keep-line-numbers",
        {"a.md": TOP + "First\u2028line.\n\nTwo\u2029lines.\n\n## Empty\n\n## Next\n\nText.\n"},
        "a.md",
        "section-empty",
        9,
    ),
    Case(
        "lone-cr-keeps-line-numbers",
        {"a.md": TOP + "One\rtwo.\n\n## Empty\n\n## Next\n\nText.\n"},
        "a.md",
        "section-empty",
        7,
    ),
    # Too long for a screen, or for Markdown and Qt to lay out in time.
    Case(
        "title-100000-characters",
        {"a.md": "---\ntitle: " + "A" * 100_000 + f'\nsources: "{SOURCE}"\n---\nText.\n'},
        "a.md",
        ("text-too-long", "line-too-long"),
        2,
    ),
    Case(
        "title-100000-characters-folded-over-lines",
        {
            "a.md": "---\ntitle: >\n"
            + ("  " + WORDS.strip() + "\n") * 2400
            + f'sources: "{SOURCE}"\n---\nText.\n'
        },
        "a.md",
        "text-too-long",
        2,
    ),
    Case(
        "title-300-characters",
        {"a.md": "---\ntitle: " + "Sleep " * 50 + f'\nsources: "{SOURCE}"\n---\nText.\n'},
        "a.md",
        "text-too-long",
        2,
    ),
    Case(
        "summary-1000-characters",
        {"a.md": "---\ntitle: Sleep\nsummary: " + WORDS * 24 + f'\nsources: "{SOURCE}"\n---\nX.\n'},
        "a.md",
        "text-too-long",
        3,
    ),
    Case(
        "source-600-characters",
        {"a.md": f'---\ntitle: Sleep\nsources:\n  - "{WORDS * 14}"\n---\nText.\n'},
        "a.md",
        "text-too-long",
    ),
    Case(
        "sixty-sources",
        {
            "a.md": "---\ntitle: Sleep\nsources:\n"
            + "".join(f'  - "Author {n}. 2024. Journal."\n' for n in range(60))
            + "---\nText.\n"
        },
        "a.md",
        "text-too-long",
    ),
    Case(
        "line-of-1000000-characters",
        {"a.md": TOP + "word " * 200_000 + "\n"},
        "a.md",
        "line-too-long",
        BODY,
    ),
    Case(
        "line-of-20000-characters",
        {"a.md": TOP + "Intro.\n\n" + "word " * 4_000 + "\n"},
        "a.md",
        "line-too-long",
        7,
    ),
    Case(
        "one-line-over-1-mb",
        {"a.md": TOP + "word " * 220_000 + "\n", "b.md": GOOD_TOPIC},
        "a.md",
        "file-too-large",
        0,
    ),
    Case(
        "pack-toml-over-1-mb",
        {
            "a.md": GOOD_TOPIC,
            "pack.toml": "# " + "x" * 99 + "\n" + ("# " + "y" * 99 + "\n") * 11_000,
        },
        "pack.toml",
        "file-too-large",
        0,
    ),
    Case(
        "card-of-30000-characters",
        {"a.md": TOP + LONG_CARD * 240},
        "a.md",
        "card-too-long",
        BODY,
    ),
    Case(
        "section-card-of-30000-characters",
        {"a.md": TOP + "Intro.\n\n## Everything\n\n" + LONG_CARD * 240},
        "a.md",
        "card-too-long",
    ),
    Case(
        "slide-of-30000-characters",
        {"a.md": GOOD_TOPIC, "slides/01.md": "# Welcome\n\n" + LONG_CARD * 240},
        "slides/01.md",
        "card-too-long",
    ),
    Case(
        "https-link-of-3000-characters",
        {"a.md": TOP + "See [the page](https://example.org/" + "a" * 3000 + ").\n"},
        "a.md",
        "link-too-long",
        BODY,
    ),
    Case(
        "autolink-of-1100-characters",
        {"a.md": TOP + "See <https://example.org/" + "b" * 1100 + ">.\n"},
        "a.md",
        "link-too-long",
        BODY,
    ),
    Case(
        "long-link-in-a-slide",
        {"a.md": GOOD_TOPIC, "slides/01.md": "See [it](https://example.org/" + "c" * 2000 + ")\n"},
        "slides/01.md",
        "link-too-long",
    ),
    # Nested too deep: Markdown and YAML recurse, and Qt lays out every level.
    Case(
        "yaml-10000-brackets-on-one-line",
        {"a.md": "---\ntitle: " + "[" * 10_000 + "\n---\nText.\n"},
        "a.md",
        ("nesting-too-deep", "line-too-long"),
        2,
    ),
    Case(
        "yaml-5000-brackets",
        {"a.md": "---\ntitle: " + "[" * 5_000 + "\n---\nText.\n"},
        "a.md",
        "nesting-too-deep",
    ),
    Case(
        "yaml-10000-brackets-one-a-line",
        {"a.md": "---\ntitle:\n" + " [\n" * 10_000 + "---\nText.\n"},
        "a.md",
        "nesting-too-deep",
    ),
    Case(
        "yaml-2000-braces",
        {"a.md": "---\ntitle: " + "{a: " * 2_000 + "\n---\nText.\n"},
        "a.md",
        "nesting-too-deep",
    ),
    Case(
        "yaml-mappings-300-deep",
        {
            "a.md": "---\ntitle: Sleep\n"
            + "".join("  " * i + "k:\n" for i in range(300))
            + "---\nX.\n"
        },
        "a.md",
        "nesting-too-deep",
    ),
    Case(
        "lists-400-deep",
        {"a.md": TOP + "".join("    " * i + "- x\n" for i in range(400))},
        "a.md",
        "nesting-too-deep",
        BODY + 7,  # the first line indented past 24 columns
    ),
    Case(
        "lists-2000-deep",
        {"a.md": TOP + "".join("    " * i + "- x\n" for i in range(2_000)), "b.md": GOOD_TOPIC},
        "a.md",
        "file-too-large",
        0,
    ),
    Case(
        "lists-2000-deep-on-one-line",
        {"a.md": TOP + "- " * 2_000 + "x\n"},
        "a.md",
        "nesting-too-deep",
        BODY,
    ),
    Case(
        "lists-50-deep-by-tabs",
        {"a.md": TOP + "".join("\t" * i + "- x\n" for i in range(50))},
        "a.md",
        "nesting-too-deep",
    ),
    Case(
        "quotes-2000-deep", {"a.md": TOP + ">" * 2_000 + " x\n"}, "a.md", "nesting-too-deep", BODY
    ),
    Case(
        "quotes-9-deep-with-spaces",
        {"a.md": TOP + "> " * 9 + "x\n"},
        "a.md",
        "nesting-too-deep",
        BODY,
    ),
    Case(
        "quotes-deepening-line-by-line",
        {"a.md": TOP + "".join("> " * i + "x\n" for i in range(1, 40))},
        "a.md",
        "nesting-too-deep",
    ),
    Case(
        "div-40-deep",
        {"a.md": TOP + "<div>" * 40 + "x" + "</div>" * 40 + "\n"},
        "a.md",
        "nesting-too-deep",
        BODY,
    ),
    Case(
        "div-5000-unclosed",
        {"a.md": TOP + "<div>" * 5_000 + "x\n"},
        "a.md",
        ("nesting-too-deep", "markup-too-complex", "line-too-long"),
        BODY,
    ),
    Case(
        "html-60-deep-over-lines",
        {"a.md": TOP + "<span>\n" * 60 + "x\n" + "</span>\n" * 60},
        "a.md",
        ("nesting-too-deep", "markup-too-complex"),
    ),
    Case(
        "slide-quotes-100-deep",
        {"a.md": GOOD_TOPIC, "slides/01.md": ">" * 100 + " Welcome\n"},
        "slides/01.md",
        "nesting-too-deep",
        1,
    ),
    # Markup that makes Python-Markdown slow.
    Case(
        "brackets-8000-unclosed",
        {"a.md": TOP + "[" * 8_000 + "\n"},
        "a.md",
        "markup-too-complex",
        BODY,
    ),
    Case(
        "brackets-8000-over-lines",
        {"a.md": TOP + ("[" * 20 + " x\n") * 400},
        "a.md",
        "markup-too-complex",
        BODY,
    ),
    Case(
        "autolinks-5000-unclosed",  # 40,000 characters: a card too long as well
        {"a.md": TOP + ("<http://" * 5 + "\n") * 1_000},
        "a.md",
        ("markup-too-complex", "card-too-long"),
        BODY,
    ),
    Case(
        "autolinks-600-unclosed",
        {"a.md": TOP + ("<http://" * 5 + "\n") * 120},
        "a.md",
        "markup-too-complex",
        BODY,
    ),
    Case(
        "links-400-in-one-card",
        {"a.md": TOP + "".join(f"[link {n}](b.md)\n" for n in range(400)), "b.md": GOOD_TOPIC},
        "a.md",
        "markup-too-complex",
        BODY,
    ),
    Case(
        "slide-brackets-8000",
        {"a.md": GOOD_TOPIC, "slides/01.md": "[" * 8_000 + "\n"},
        "slides/01.md",
        "markup-too-complex",
    ),
    Case(
        "heading-with-9000-spaces",
        {"a.md": TOP + "Intro.\n\n## a" + " " * 9_000 + "b\n\n## Next\n\nText.\n"},
        "a.md",
        "section-empty",
        7,
    ),
    # Links and HTML that must never reach the screen.
    Case(
        "file-link-to-etc-passwd",
        {"a.md": TOP + "[x](file:///etc/passwd)\n"},
        "a.md",
        "link-scheme",
        BODY,
    ),
    Case("script-tag", {"a.md": TOP + "<script>alert(1)</script>\n"}, "a.md", "html-removed", BODY),
    Case(
        "img-onerror",
        {"a.md": TOP + "Hi <img src=x onerror=alert(1)> there.\n"},
        "a.md",
        "html-removed",
        BODY,
    ),
    Case(
        "iframe",
        {"a.md": TOP + '<iframe src="https://evil.example/"></iframe>\n'},
        "a.md",
        "html-removed",
        BODY,
    ),
    Case(
        "raw-html-javascript-link",
        {"a.md": TOP + 'Hi <a href="javascript:alert(1)">there</a>.\n'},
        "a.md",
        "html-removed",
        BODY,
    ),
    Case(
        "javascript-link",
        {"a.md": TOP + "[x](javascript:alert(1))\n"},
        "a.md",
        "link-scheme",
        BODY,
    ),
    Case(
        "javascript-link-in-mixed-case",
        {"a.md": TOP + "[x](JaVaScRiPt:alert(document.cookie))\n"},
        "a.md",
        "link-scheme",
        BODY,
    ),
    Case(
        "javascript-link-by-entity",
        {"a.md": TOP + "[x](java&#x73;cript:alert(1))\n"},
        "a.md",
        ("link-scheme", "link-broken"),
        BODY,
    ),
    Case(
        "javascript-reference-link",
        {"a.md": TOP + "Read [this][1].\n\n[1]: javascript:alert(1)\n"},
        "a.md",
        "link-scheme",
    ),
    Case(
        "data-uri-picture",
        {"a.md": TOP + "![x](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAA=)\n"},
        "a.md",
        "link-scheme",
        BODY,
    ),
    Case(
        "data-uri-link",
        {"a.md": TOP + "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n"},
        "a.md",
        "link-scheme",
        BODY,
    ),
    Case(
        "picture-climbing-to-etc-passwd",
        {"a.md": picture_topic("../../etc/passwd")},
        "a.md",
        "link-outside",
        BODY,
    ),
    Case(
        "picture-at-absolute-path",
        {"a.md": picture_topic("/etc/passwd")},
        "a.md",
        "link-outside",
        BODY,
    ),
    Case(
        "icon-climbing-out",
        {"a.md": icon_topic("../../../etc/shadow")},
        "a.md",
        "link-outside",
        3,
    ),
    # Damaged pictures: the header may look right, the data is not there.
    Case(
        "png-cut-in-half",
        {"a.md": picture_topic("images/x.png"), "images/x.png": PNG[: len(PNG) // 2]},
        "a.md",
        "image-unreadable",
        BODY,
    ),
    Case(
        "png-header-then-garbage",
        {
            "a.md": picture_topic("images/x.png"),
            "images/x.png": png_bytes(10, 10)[:-12] + b"garbage!" * 64,  # no end chunk
        },
        "a.md",
        "image-unreadable",
        BODY,
    ),
    Case(
        "png-of-zero-bytes",
        {"a.md": picture_topic("images/x.png"), "images/x.png": b""},
        "a.md",
        "image-unreadable",
        BODY,
    ),
    Case(
        "garbage-named-png",
        {"a.md": picture_topic("images/x.png"), "images/x.png": bytes(range(256)) * 4},
        "a.md",
        "image-unreadable",
        BODY,
    ),
    Case(
        "png-claiming-100000-pixels",
        {"a.md": picture_topic("images/x.png"), "images/x.png": png_bytes(100_000, 100_000)},
        "a.md",
        "image-too-large",
        BODY,
    ),
    Case(
        "gif-without-trailer",
        {"a.md": picture_topic("images/x.gif"), "images/x.gif": GIF[:-1]},
        "a.md",
        "image-unreadable",
        BODY,
    ),
    Case(
        "jpeg-without-its-end",
        {"a.md": picture_topic("images/x.jpg"), "images/x.jpg": Made(lambda: jpeg_file()[:-2])},
        "a.md",
        "image-unreadable",
        BODY,
    ),
    Case(
        "jpeg-cut-in-half",
        {
            "a.md": picture_topic("images/x.jpg"),
            "images/x.jpg": Made(lambda: jpeg_file()[: len(jpeg_file()) // 2]),
        },
        "a.md",
        "image-unreadable",
        BODY,
    ),
    Case(
        "webp-header-only",
        {"a.md": picture_topic("images/x.webp"), "images/x.webp": b"RIFF\x1a\x00\x00\x00WEBPVP8 "},
        "a.md",
        "image-unreadable",
        BODY,
    ),
    Case(
        "svg-that-is-not-xml",
        {"a.md": picture_topic("images/x.svg"), "images/x.svg": '<svg width="10" height="10"><g>'},
        "a.md",
        "image-unreadable",
        BODY,
    ),
    Case(
        "svg-drawing-in-etc-passwd",
        {
            "a.md": picture_topic("images/x.svg"),
            "images/x.svg": f'<svg {SVG_NS} width="10" height="10">'
            '<image href="file:///etc/passwd" width="10" height="10"/></svg>',
        },
        "a.md",
        "link-outside",
        BODY,
    ),
    Case(
        "svg-billion-laughs",
        {"a.md": picture_topic("images/x.svg"), "images/x.svg": SVG_LAUGHS},
        "a.md",
        ("image-unreadable", "link-outside"),
        BODY,
    ),
    Case(
        "svg-external-entity",
        {"a.md": picture_topic("images/x.svg"), "images/x.svg": SVG_XXE},
        "a.md",
        ("image-unreadable", "link-outside"),
        BODY,
    ),
    Case(
        "icon-png-cut-in-half",
        {"a.md": icon_topic("images/i.png"), "images/i.png": png_file()[:60]},
        "a.md",
        "image-unreadable",
        3,
    ),
    Case(
        "slide-png-cut-in-half",
        {"a.md": GOOD_TOPIC, "slides/01.png": PNG[: len(PNG) // 2]},
        "slides/01.png",
        "image-unreadable",
        0,
    ),
    # YAML that explodes, loops or runs code.
    Case(
        "billion-laughs-as-title",
        {"a.md": laughs(10, "title")},
        "a.md",
        (
            "front-matter-value",
            "front-matter-syntax",
            "nesting-too-deep",
        ),
    ),
    Case(
        "billion-laughs-under-unknown-key",
        {"a.md": laughs(10, "extra")},
        "a.md",
        ("front-matter-unknown-key", "front-matter-syntax", "front-matter-value"),
    ),
    Case(
        "yaml-alias-cycle-as-title",
        {"a.md": f'---\ntitle: &a [*a]\nsources: "{SOURCE}"\n---\nText.\n'},
        "a.md",
        ("front-matter-value", "front-matter-syntax", "nesting-too-deep"),
        2,
    ),
    Case(
        "yaml-alias-cycle-under-unknown-key",
        {"a.md": f'---\ntitle: Sleep\nextra: &a [*a]\nsources: "{SOURCE}"\n---\nText.\n'},
        "a.md",
        ("front-matter-unknown-key", "front-matter-syntax", "front-matter-value"),
        3,
    ),
    Case(
        "yaml-python-object-tag",
        {"a.md": '---\ntitle: !!python/object/apply:os.system ["true"]\n---\nText.\n'},
        "a.md",
        ("front-matter-syntax", "front-matter-value"),
        2,
    ),
    Case(
        "yaml-python-name-tag",
        {"a.md": "---\ntitle: Sleep\nsummary: !!python/name:os.system\n---\nText.\n"},
        "a.md",
        ("front-matter-syntax", "front-matter-value"),
        3,
    ),
    Case(
        "yaml-binary-title",
        {"a.md": f'---\ntitle: !!binary aGVsbG8=\nsources: "{SOURCE}"\n---\nText.\n'},
        "a.md",
        "front-matter-value",
        2,
    ),
    Case(
        "yaml-order-of-5000-digits",
        {"a.md": "---\ntitle: Sleep\norder: 1" + "0" * 5_000 + "\n---\nText.\n"},
        "a.md",
        "front-matter-value",
    ),
    Case(
        "front-matter-never-closed-100000-lines",
        {"a.md": "---\ntitle: Sleep\n" + "key: value\n" * 100_000},
        "a.md",
        ("front-matter-unclosed", "file-too-large"),
    ),
    # Not UTF-8, or UTF-8 saved oddly.
    Case(
        "latin-1-topic",
        {"a.md": b"---\ntitle: Caf\xe9\n---\nText.\n", "b.md": GOOD_TOPIC},
        "a.md",
        "encoding",
        2,
    ),
    Case(
        "utf-16-with-bom",
        {"a.md": GOOD_TOPIC.encode("utf-16"), "b.md": GOOD_TOPIC},
        "a.md",
        "encoding",
    ),
    Case(
        "utf-16-pack-toml",
        {"a.md": GOOD_TOPIC, "pack.toml": '[pack]\ntitle = "Hi"\n'.encode("utf-16")},
        "pack.toml",
        "encoding",
    ),
    Case(
        "surrogate-bytes-cesu-8",
        {"a.md": (TOP + "Intro.\n\nBad ").encode() + b"\xed\xa0\x80 bytes.\n", "b.md": GOOD_TOPIC},
        "a.md",
        "encoding",
        7,
    ),
    Case(
        "crlf-topic",
        {"a.md": (TOP + "Intro.\n\n## Empty\n\n## Next\n\nText.\n").replace("\n", "\r\n")},
        "a.md",
        "section-empty",
        7,
    ),
    Case(
        "bom-and-crlf-front-matter",
        {"a.md": "\ufeff---\r\ntitle: Sleep\r\norder: first\r\n---\r\nText.\r\n"},
        "a.md",
        "front-matter-value",
        3,
    ),
    # File and folder names that would break a line, or that are not text at all.
    Case(
        "newline-in-file-name",
        {"a\nb.md": NO_TITLE, "c.md": GOOD_TOPIC},
        "a\\nb.md",
        (
            "title-missing",
            "control-character",
            "file-unreadable",
        ),
    ),
    Case(
        "terminal-escape-in-file-name",
        {"\x1b[31mred.md": NO_TITLE, "c.md": GOOD_TOPIC},
        "\\x1b[31mred.md",
        ("title-missing", "control-character", "file-unreadable"),
    ),
    Case(
        "line-separator-in-file-name",
        {"a\u2028b.md": NO_TITLE, "c.md": GOOD_TOPIC},
        "a\\u2028b.md",
        ("title-missing", "control-character", "file-unreadable"),
    ),
    Case(
        "undecodable-file-name",
        {BAD_NAME: NO_TITLE, "c.md": GOOD_TOPIC},
        "caf\\udce9.md",
        ("title-missing", "encoding", "file-unreadable", "control-character"),
    ),
    Case(
        "undecodable-folder-name",
        {f"{BAD_FOLDER}/a.md": GOOD_TOPIC, "a.md": GOOD_TOPIC},
        ("\\udcff\\udcfe/", "\\udcff\\udcfe"),
        ("unknown-file", "encoding"),
    ),
    # A sealed pack that no longer matches its manifest.
    Case(
        "manifest-file-missing",
        {"a.md": GOOD_TOPIC, "b.md": GOOD_TOPIC},
        "b.md",
        "manifest-mismatch",
        named=True,
        after=sealed_then(lambda root: (root / "b.md").unlink()),
    ),
    Case(
        "manifest-extra-file",
        {"a.md": GOOD_TOPIC},
        "c.md",
        "manifest-mismatch",
        named=True,
        after=sealed_then(lambda root: (root / "c.md").write_text(GOOD_TOPIC)),
    ),
    Case(
        "manifest-same-size-other-bytes",
        {"a.md": GOOD_TOPIC, "b.md": GOOD_TOPIC},
        "b.md",
        "manifest-mismatch",
        named=True,
        after=sealed_then(flip_last_byte("b.md")),
    ),
    Case(
        "manifest-picture-changed",
        {"a.md": picture_topic("images/x.png"), "images/x.png": png_file()},
        "images/x.png",
        "manifest-mismatch",
        named=True,
        after=sealed_then(lambda root: (root / "images/x.png").write_bytes(png_file(16, 16))),
    ),
    Case(
        "manifest-file-became-fifo",
        {"a.md": GOOD_TOPIC, "b.md": GOOD_TOPIC},
        "b.md",
        "special-file",
        named=True,
        after=sealed_then(into_fifo("b.md")),
    ),
    Case(
        "manifest-listing-etc-passwd",
        {"a.md": GOOD_TOPIC, "b.md": GOOD_TOPIC},
        ("manifest.toml", "../../../../etc/passwd"),
        ("manifest-invalid", "manifest-mismatch"),
        named=True,
        after=sealed_then(replace_in_manifest("b.md", "../../../../etc/passwd")),
    ),
    Case(
        "manifest-not-toml",
        {"a.md": GOOD_TOPIC, "manifest.toml": "files = [\n"},
        "manifest.toml",
        "manifest-invalid",
    ),
    Case(
        "manifest-of-the-wrong-shape",
        {"a.md": GOOD_TOPIC, "manifest.toml": 'files = "everything"\nsha256 = 7\n'},
        "manifest.toml",
        "manifest-invalid",
    ),
    Case(
        "manifest-of-binary-garbage",
        {"a.md": GOOD_TOPIC, "manifest.toml": b"\xff\xfe\x00\x01" * 64},
        "manifest.toml",
        ("manifest-invalid", "encoding"),
    ),
    # Too much of everything.
    Case(
        "2500-topics",
        {f"{n:04}.md": "---\ntitle: T\n---\nx\n" for n in range(2_500)},
        (".", "pack.toml"),
        "pack-too-large",
    ),
    # The clinic's details.
    Case(
        "unknown-placeholder",
        {"a.md": TOP + "Call ${clinic.x} today.\n"},
        "a.md",
        "clinic-unknown",
        BODY,
    ),
    Case(
        "unknown-placeholder-in-notice",
        {"a.md": GOOD_TOPIC, "pack.toml": '[pack]\nnotice = "Call ${clinic.nope}"\n'},
        "pack.toml",
        "clinic-unknown",
    ),
    Case(
        "clinic-phone-of-100000-characters",
        {"a.md": GOOD_TOPIC, "pack.toml": '[clinic]\nphone = "' + "5" * 100_000 + '"\n'},
        "pack.toml",
        ("config-value", "line-too-long"),
        2,
    ),
    Case(
        "clinic-name-with-newline",
        {"a.md": GOOD_TOPIC, "pack.toml": '[clinic]\nname = "Clinic\\n[x](javascript:1)"\n'},
        "pack.toml",
        "config-value",
        2,
    ),
    # pack.toml: values that are not what they claim, and TOML built to explode.
    Case(
        "language-of-100000-characters",
        {"a.md": GOOD_TOPIC, "pack.toml": '[pack]\nlanguage = "' + "e" * 100_000 + '"\n'},
        "pack.toml",
        ("config-value", "line-too-long"),
        2,
    ),
    Case(
        "language-climbing-out",
        {"a.md": GOOD_TOPIC, "pack.toml": '[pack]\nlanguage = "../x"\n'},
        "pack.toml",
        "config-value",
        2,
    ),
    Case(
        "language-to-etc-passwd",
        {"a.md": GOOD_TOPIC, "pack.toml": '[pack]\nlanguage = "../../../../etc/passwd"\n'},
        "pack.toml",
        "config-value",
        2,
    ),
    Case(
        "language-with-nul-by-toml-escape",
        {"a.md": GOOD_TOPIC, "pack.toml": '[pack]\nlanguage = "en\\u0000"\n'},
        "pack.toml",
        ("config-value", "control-character"),
        2,
    ),
    Case(
        "pack-title-of-1000-characters",
        {"a.md": GOOD_TOPIC, "pack.toml": f'[pack]\ntitle = "{WORDS * 24}"\n'},
        "pack.toml",
        "config-value",
        2,
    ),
    Case(
        "notice-with-newline",
        {"a.md": GOOD_TOPIC, "pack.toml": '[pack]\nnotice = "Not advice.\\nCall 911"\n'},
        "pack.toml",
        "config-value",
        2,
    ),
    Case(
        "language-title-with-newline",
        {**BILINGUAL, "es/pack.toml": '[pack]\ntitle = "Sala\\r\\nde espera"\n'},
        "es/pack.toml",
        "config-value",
        2,
    ),
    Case(
        "toml-arrays-5000-deep",
        {"a.md": GOOD_TOPIC, "pack.toml": "x = [\n" + "[\n" * 5_000},
        "pack.toml",
        ("config-syntax", "nesting-too-deep"),
    ),
    Case(
        "toml-inline-tables-1000-deep",
        {"a.md": GOOD_TOPIC, "pack.toml": "x = " + "{a = " * 1_000 + "1" + "}" * 1_000 + "\n"},
        "pack.toml",
        ("config-syntax", "nesting-too-deep"),
    ),
    Case(
        "toml-integer-of-5000-digits",
        {"a.md": GOOD_TOPIC, "pack.toml": "[pack]\nreading_grade = 1" + "0" * 5_000 + "\n"},
        "pack.toml",
        ("config-syntax", "config-value"),
        2,
    ),
    Case(
        "toml-reading-grade-infinite",
        {"a.md": GOOD_TOPIC, "pack.toml": "[pack]\nreading_grade = inf\n"},
        "pack.toml",
        "config-value",
        2,
    ),
]


def as_tuple(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else value


# --- Building and checking ------------------------------------------------------------------


def build(make_pack: MakePack, case: Case) -> Path:
    """Write the case's pack: texts with make_pack, then pipes, sockets, devices and links."""
    root = make_pack({k: v for k, v in case.files.items() if isinstance(v, str | bytes)})
    for name, content in case.files.items():
        if isinstance(content, str | bytes):
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Made):
            path.write_bytes(content.make())
        elif isinstance(content, Link):
            path.symlink_to(content.target)
        elif content is Special.FIFO:
            os.mkfifo(path)
        elif content is Special.SOCKET:
            make_socket(path)
        elif content is Special.DEVICE:
            try:
                os.mknod(path, stat.S_IFCHR | 0o644, os.makedev(1, 5))  # what /dev/zero is
            except PermissionError:
                pytest.skip("this machine may not make device files")
        else:
            path.mkdir()
    if case.after is not None:
        case.after(root)
    return root


def make_socket(path: Path) -> None:
    """A UNIX socket at `path`, bound in a short folder first: socket paths are short."""
    with tempfile.TemporaryDirectory(dir="/tmp") as short:
        bound = os.path.join(short, "s")
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
            server.bind(bound)
        os.replace(bound, path)


def validate(root: Path) -> list[Problem]:
    """`lint.validate` on a thread of its own: it must end within HANG_SECONDS and not raise."""
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["problems"] = lint.validate(root, TODAY)[1]
        except BaseException as exc:  # noqa: BLE001 (any exception at all is the finding)
            outcome["raised"] = exc

    thread = threading.Thread(target=work, name=f"validate {root.name}", daemon=True)
    thread.start()
    thread.join(HANG_SECONDS)
    if thread.is_alive():
        release_fifos(root, thread)
        pytest.fail(f"hung: lint.validate still running after {HANG_SECONDS} s", pytrace=False)
    raised = outcome.get("raised")
    if isinstance(raised, BaseException):
        raise AssertionError(f"raised {type(raised).__name__}: {str(raised)[:200]}") from raised
    problems = outcome["problems"]
    assert isinstance(problems, list)
    return problems


def release_fifos(root: Path, thread: threading.Thread) -> None:
    """Let a thread stuck opening a pipe of the pack go: a writer that opens and closes it
    gives the reader end-of-file. (Nothing can stop a thread stuck computing.)"""
    for _ in range(50):
        for folder, dirs, files in os.walk(root):
            for name in dirs + files:
                path = os.path.join(folder, name)
                if not stat.S_ISFIFO(os.lstat(path).st_mode):
                    continue
                try:
                    fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
                except OSError:  # no reader is waiting on this one
                    continue
                os.close(fd)
        thread.join(0.1)
        if not thread.is_alive():
            return


UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def one_line_problem(text: str) -> str | None:
    """Why `text` is not one clean printable line, or None when it is."""
    if text.splitlines() != [text]:
        return "more than one line"
    found = UNPRINTABLE.search(text)
    if found:
        return f"holds {found.group()!r}"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"cannot be written as UTF-8 ({exc.reason})"
    return None


def located(problem: Problem) -> str:
    return f"({problem.file[:60]}, {problem.line}, {problem.level}, {problem.rule})"


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_pack_is_reported_and_nothing_hangs_crashes_or_breaks_a_line(
    make_pack: MakePack, case: Case
) -> None:
    problems = validate(build(make_pack, case))

    files, rules = as_tuple(case.where), as_tuple(case.rule)

    def expected(problem: Problem) -> bool:
        named = case.named and any(f in problem.message for f in files)
        return (
            (problem.file in files or named)
            and problem.rule in rules
            and (case.line is None or problem.line == case.line)
        )

    failures = []
    hits = [p for p in problems if expected(p)]
    if not hits:
        want = f"({' or '.join(files)}, {case.line if case.line is not None else 'any'}, "
        want += f"{' or '.join(rules)})"
        seen = ", ".join(located(p) for p in problems[:8]) or "no problems"
        failures.append(f"missing {want}; found {seen}")
    elif not any(p.level is LEVELS[p.rule] for p in hits):
        failures.append(f"{located(hits[0])} should be a {LEVELS[hits[0].rule]}")
    elif any(LEVELS[p.rule] is E for p in hits) and not any(p.level is E for p in problems):
        failures.append("the pack has no errors")
    for problem in problems:
        why = one_line_problem(str(problem))
        if why:
            failures.append(f"{located(problem)} {why}")
            break
    assert not failures, "; ".join(failures)


def test_case_ids_are_distinct_and_there_are_at_least_40() -> None:
    ids = [case.id for case in CASES]
    assert len(set(ids)) == len(ids) >= 40


def test_yaml_tags_never_run_code(make_pack: MakePack, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    root = make_pack(
        {
            "a.md": f'---\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n---\nX.\n',
            "b.md": f"---\ntitle: Sleep\nsummary: !!python/object/new:os.system [touch {marker}]\n"
            "---\nText.\n",
        }
    )
    problems = validate(root)
    assert not marker.exists()
    assert {p.file for p in problems if p.level is E} >= {"a.md", "b.md"}


# --- The command line, in a C locale on an ASCII terminal -----------------------------------

PROBLEM_LINE = re.compile(r"^.+?(?::\d+)?: (?:error|warning): .* \[[a-z][a-z0-9-]*\]$")
SUMMARY_LINE = re.compile(r"^\d+ errors?, \d+ warnings? in \d+ files?$")


def hostile_pack(root: Path) -> Path:
    """One pack with a bit of everything that has broken a terminal or a parser."""
    files: dict[str, str | bytes] = {
        "a.md": "---\ntitle: Sleep\ncolör: rot\nsources: x\n---\nIntro \x1b[2J\0.\n",
        "b\nc.md": NO_TITLE,
        BAD_NAME: NO_TITLE,
        "d.md": '---\ntitle: "\\ud800 \\e[31m"\nsummary: "☃ 日本語 ✓"\n---\nText.\n',
        "e.md": TOP + "See [x](https://example.org/" + "a" * 3_000 + ").\n",
        "f.md": TOP + ">" * 2_000 + "\n" + "[" * 8_000 + "\n",
        "g.md": b"---\ntitle: Caf\xe9\n---\nText.\n",
        "pack.toml": '[pack]\ntitle = "Salle d\'attente \\u2028 é"\nnotice = "a\\nb"\n',
    }
    root.mkdir()
    for name, content in files.items():
        path = root / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    os.mkfifo(root / "pipe.md")
    os.mkfifo(root / "manifest.toml")
    make_socket(root / "socket.md")
    return root


def assert_clean_output(done: subprocess.CompletedProcess[str]) -> list[str]:
    """No traceback; every line of stdout a located problem, then the summary."""
    assert done.returncode >= 0, f"killed by signal {-done.returncode}"
    assert "Traceback" not in done.stderr, last_line(done.stderr)
    *problems, summary = done.stdout.splitlines() or [""]
    assert SUMMARY_LINE.match(summary), f"last line: {summary[:200]!r}"
    odd = [line for line in problems if not PROBLEM_LINE.match(line)]
    assert not odd, f"{len(odd)} lines are not path:line: level: message [rule]: {odd[0][:200]!r}"
    return problems


def test_cli_clean_pack_exits_0(make_pack: MakePack) -> None:
    done = kiosk("validate", make_pack({"a.md": GOOD_TOPIC, "pack.toml": "[pack]\n"}))
    assert assert_clean_output(done) == []
    assert done.returncode == 0, done.stderr


def test_cli_pack_with_errors_exits_1(make_pack: MakePack) -> None:
    done = kiosk("validate", make_pack({"a.md": NO_TITLE, "b.md": GOOD_TOPIC}))
    assert any(line.endswith("[title-missing]") for line in assert_clean_output(done))
    assert done.returncode == 1, done.stderr


@pytest.mark.parametrize("what", ["missing", "a file", "a named pipe", "a socket", "/dev/null"])
def test_cli_folder_that_cannot_be_used_exits_2_in_one_line(tmp_path: Path, what: str) -> None:
    folder = tmp_path / "pack"
    if what == "a file":
        folder.write_text(GOOD_TOPIC)
    elif what == "a named pipe":
        os.mkfifo(folder)
    elif what == "a socket":
        make_socket(folder)
    elif what == "/dev/null":
        folder = Path("/dev/null")
    done = kiosk("validate", folder)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1, done.stderr[:500]


def test_cli_hostile_pack_exits_1_one_clean_line_per_problem(tmp_path: Path) -> None:
    root = hostile_pack(tmp_path / os.fsdecode(b"pack\nwith \xff and \x1b[31m"))
    done = kiosk("validate", root)
    problems = assert_clean_output(done)
    assert done.returncode == 1, last_line(done.stderr)
    assert all(line.isascii() for line in done.stdout.splitlines())
    rules = {line.rpartition("[")[2].rstrip("]") for line in problems}
    assert {"special-file", "control-character", "encoding", "title-missing"} <= rules


def test_cli_hostile_pack_as_json(tmp_path: Path) -> None:
    done = kiosk("validate", hostile_pack(tmp_path / "pack"), "--format", "json")
    assert "Traceback" not in done.stderr, last_line(done.stderr)
    assert done.returncode == 1, last_line(done.stderr)
    problems = json.loads(done.stdout)
    assert {"special-file", "control-character"} <= {p["rule"] for p in problems}
    assert all(set(p) == {"file", "line", "level", "rule", "message"} for p in problems)


def test_cli_seal_then_validate_then_change_a_file(make_pack: MakePack) -> None:
    root = make_pack(
        {
            "a.md": GOOD_TOPIC + "\n![A bed](images/bed.png)\n",
            "b.md": GOOD_TOPIC,
            "images/bed.png": png_file(),
            "slides/01.md": "# Welcome\n",
            "pack.toml": '[pack]\ntitle = "Waiting room"\n',
        }
    )
    sealed = kiosk("seal", root)
    assert sealed.returncode == 0, last_line(sealed.stderr)
    assert (root / "manifest.toml").is_file()
    before = kiosk("validate", root)
    assert not [line for line in assert_clean_output(before) if "[manifest-" in line]
    assert before.returncode == 0, before.stdout[-500:]

    (root / "b.md").write_text(GOOD_TOPIC.replace("Go to bed", "Go to sleep"))
    after = kiosk("validate", root)
    mismatches = [
        line for line in assert_clean_output(after) if line.endswith("[manifest-mismatch]")
    ]
    assert any("b.md" in line for line in mismatches), after.stdout[-500:]
    assert not any("a.md" in line or "bed.png" in line for line in mismatches), mismatches
    assert after.returncode == 1


# --- kiosk preview on the nastiest packs: every screen drawn, nothing crashes ----------------

PREVIEW_PACKS: Mapping[str, Mapping[str, str | bytes]] = {
    "huge-title": {
        "a.md": "---\ntitle: " + "Sleep" * 20_000 + "\nsummary: " + "Rest " * 2_000 + "\n---\nX.\n",
        "b.md": "---\ntitle: " + "W" * 5_000 + "\n---\n" + LONG_CARD * 240,
        "c.md": GOOD_TOPIC,
        "pack.toml": '[pack]\ntitle = "'
        + "Waiting " * 10_000
        + '"\nnotice = "'
        + "n" * 400
        + '"\n',
    },
    "deep-nesting": {
        "a.md": TOP + ">" * 2_000 + " x\n",
        "b.md": TOP + "<div>" * 40 + "x" + "</div>" * 40 + "\n",
        "c.md": TOP + "".join("    " * i + "- x\n" for i in range(400)),
        "d.md": TOP + "- " * 2_000 + "x\n",
        "e.md": "---\ntitle: " + "[" * 10_000 + "\n---\nText.\n",
        "f.md": TOP + "<span>" * 3_000 + "x\n",
        "g.md": GOOD_TOPIC,
        "slides/01.md": ">" * 500 + " Welcome\n",
    },
    "long-links": {
        "a.md": TOP + "See [the page](https://example.org/" + "a" * 3_000 + ").\n",
        "b.md": TOP + "See <https://example.org/" + "b" * 1_100 + ">.\n",
        "c.md": TOP + ("<http://" * 5 + "\n") * 1_000,
        "d.md": TOP
        + "".join(f"[link {n}](https://example.org/{n}/{'x' * 900})\n" for n in range(20)),
        "e.md": GOOD_TOPIC + "\nSee [it](https://example.org/ok).\n",
        "slides/01.md": "See [it](https://example.org/" + "c" * 2_000 + ")\n",
    },
    "broken-images": {
        "a.md": icon_topic("images/cut.png") + "\n![a](images/cut.png)\n\n![b](images/end.jpg)\n",
        "b.md": icon_topic("images/empty.png") + "\n![c](images/x.gif)\n\n![d](images/bad.svg)\n",
        "c.md": icon_topic("images/laughs.svg") + "\n![e](images/garbage.png)\n",
        "d.md": icon_topic("images/huge.png") + "\n![f](images/x.webp)\n",
        "images/cut.png": png_file()[:200],
        "images/end.jpg": b"",  # filled in by `preview_pack`: a JPEG without its end
        "images/empty.png": b"",
        "images/x.gif": GIF[:-1],
        "images/bad.svg": '<svg width="10" height="10"><g>',
        "images/laughs.svg": SVG_LAUGHS,
        "images/garbage.png": png_bytes(10, 10) + b"garbage!" * 64,
        "images/huge.png": png_bytes(7_999, 7_999) + b"\0" * 64,
        "images/x.webp": b"RIFF\x1a\x00\x00\x00WEBPVP8 ",
        "slides/01.png": png_file()[:100],
        "slides/02.svg": SVG_XXE,
        "slides/03.jpg": b"\xff\xd8\xff\xe0",
    },
}


def preview_pack(root: Path, files: Mapping[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name == "images/end.jpg":
            content = jpeg_file()[:-2]
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@dataclass
class Preview:
    process: subprocess.Popen[bytes]
    out: Path
    stdout: Path
    stderr: Path


@pytest.fixture(scope="module")
def previews(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Preview]]:
    """Every preview started at once (they take seconds each), each awaited by its test."""
    started: dict[str, Preview] = {}
    for name, files in PREVIEW_PACKS.items():
        folder = tmp_path_factory.mktemp(f"preview-{name}")
        preview_pack(folder / "pack", files)
        stdout, stderr = folder / "stdout", folder / "stderr"
        with stdout.open("wb") as out, stderr.open("wb") as err:
            process = subprocess.Popen(
                [sys.executable, "-m", "kiosk", "preview", str(folder / "pack")]
                + ["--out", str(folder / "out")],
                stdout=out,
                stderr=err,
                env=CLI_ENV,
                cwd=REPO,
            )
        started[name] = Preview(process, folder / "out", stdout, stderr)
    yield started
    for preview in started.values():
        if preview.process.poll() is None:
            preview.process.kill()
            preview.process.wait()


@pytest.mark.parametrize("name", list(PREVIEW_PACKS))
def test_preview_of_a_nasty_pack_draws_every_screen_without_crashing(
    previews: dict[str, Preview], name: str
) -> None:
    preview = previews[name]
    try:
        status = preview.process.wait(timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("hung: kiosk preview still running after 120 s", pytrace=False)
    stderr = preview.stderr.read_text(encoding="utf-8", errors="replace")
    assert status >= 0, f"killed by signal {-status}: {last_line(stderr)}"
    assert "Traceback" not in stderr, last_line(stderr)
    assert status in (0, 1), last_line(stderr)
    assert (preview.out / "index.html").is_file()
