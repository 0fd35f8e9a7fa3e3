"""Reading a pack's files without ever blocking: only regular files are opened.

A named pipe opened for reading waits for a writer that may never come; a device may
never end; a socket cannot be read at all. Each is refused from its status before it
is opened, and opened without blocking in case it was swapped in meanwhile.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path


class SpecialFile(OSError):
    """The path is a named pipe, a socket or a device, not a file.

    Attributes:
        kind: What it is, in words: "a named pipe", "a socket", "a device".
    """

    def __init__(self, path: Path | str, kind: str) -> None:
        super().__init__(f"{path} is {kind}, not a file")
        self.kind = kind


def special_kind(mode: int) -> str | None:
    """What a file of `mode` is when it is not a regular file or a folder, else None."""
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISLNK(mode):
        return None
    return "not a file"  # a door, a whiteout...


def read_regular(path: Path, limit: int) -> bytes:
    """Up to `limit` + 1 bytes of the regular file at `path` (symlinks followed).

    Raises:
        SpecialFile: `path` is not a regular file.
        OSError: it cannot be read.
    """
    return b"".join(chunks(path, limit))


def chunks(path: Path, limit: int) -> Iterator[bytes]:
    """The first `limit` + 1 bytes of the regular file at `path`, a megabyte at a time
    (symlinks followed); raises as `read_regular` does, before the first chunk."""
    kind = special_kind(os.stat(path).st_mode)
    if kind is not None or os.path.isdir(path):
        raise SpecialFile(path, kind or "a folder")
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        kind = special_kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise SpecialFile(path, kind)
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            yield chunk
            left -= len(chunk)
    finally:
        os.close(fd)
