"""What the last full check of the pack folder found, kept so the next start is quicker.

The first frame waits for the pack's quick load (`kiosk.loader`), and two parts of it
cost more than the rest of the load together: parsing each topic's front matter with
PyYAML, and checking each picture (`kiosk.images`, which imports imagesize and with it
urllib, http and email). Every full check records what it found whole, and the next
start's quick load reuses it:

- a front-matter block that parsed without a problem, keyed by its exact text, with
  its values and the line of each key (so a changed block is simply not found);
- a picture that passed its check, keyed by its path and what `os.stat` says of it
  (device, inode, size, and the modification and change times to the nanosecond: any
  write to the file, a copy over it, or a rename onto it changes at least one of them,
  even when the copy keeps the old modification time), once it has been left alone
  for two seconds (a file written again within the same tick of the file system's
  clock would keep its times).

Only the quick load at start reads the memo. Every full check, the one just after the
first frame included, parses and reads everything again and writes what it found, so a
memo that is wrong (a file system whose times are coarse, an edited memo) is corrected
within a second of the first frame, before a patient can open a topic. A memo that
cannot be read, was written by another version, or is not what this module writes is
ignored; one that cannot be written is left as it was. Nothing here imports Qt.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.files import read_regular

log = logging.getLogger(__name__)

FORMAT = 1
MAX_BYTES = 16 * 1024 * 1024  # a memo larger than this is not read (2,000 topics: ~1 MB)
# Values nested deeper or larger than this are not kept: YAML aliases can make a small
# block expand into a huge value, which is parsed again next time rather than written.
MAX_DEPTH, MAX_ITEMS = 8, 200
SETTLED_NS = 2_000_000_000  # a picture changed more recently than this is not recorded

FrontMatter = tuple[dict[str, Any], dict[str, int]]
Stat = tuple[int, int, int, int, int]


class Memo:
    """Front matter and picture verdicts, to reuse (read from the last check's memo) or
    being recorded (during a full check)."""

    def __init__(
        self,
        front_matter: dict[str, FrontMatter] | None = None,
        pictures: dict[str, Stat] | None = None,
        *,
        recording: bool = False,
        now_ns: Callable[[], int] = time.time_ns,
    ) -> None:
        """`now_ns` is the wall clock file times are compared with (injected in tests)."""
        self.front_matter = front_matter or {}
        self.pictures = pictures or {}
        self.recording = recording
        self._now_ns = now_ns

    def known_front_matter(self, text: str) -> FrontMatter | None:
        """The values and key lines of front-matter block `text`, when the last check
        parsed exactly this text without a problem (copies: the caller may change them)."""
        if self.recording or (found := self.front_matter.get(text)) is None:
            return None
        meta, key_lines = found
        return _decode(meta), dict(key_lines)

    def parsed_front_matter(
        self, text: str, meta: dict[str, Any], key_lines: dict[str, int]
    ) -> None:
        """Record that block `text` parsed, without a problem, into `meta`."""
        if not self.recording:
            return
        try:
            encoded = _encode(meta, 0, [0])
        except _TooBig:
            return
        self.front_matter[text] = (encoded, dict(key_lines))

    def known_picture(self, path: Path, info: os.stat_result) -> bool:
        """Whether the picture at `path`, as `info` finds it now, passed the last check."""
        return not self.recording and self.pictures.get(os.path.abspath(path)) == _stat(info)

    def picture_passed(self, path: Path, info: os.stat_result) -> None:
        """Record that the picture at `path` (as `info` found it before it was read)
        passed its check, unless it changed within the last `SETTLED_NS`: a file's times
        move in steps of a few milliseconds, so one written again within the same step
        as the check read it could keep all that `os.stat` says and hold other bytes."""
        if self.recording and self._now_ns() - info.st_ctime_ns >= SETTLED_NS:
            self.pictures[os.path.abspath(path)] = _stat(info)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "kiosk": __version__,
            "front_matter": [
                [text, meta, lines] for text, (meta, lines) in self.front_matter.items()
            ],
            "pictures": [[path, *stat] for path, stat in self.pictures.items()],
        }


_current: ContextVar[Memo | None] = ContextVar("start_memo", default=None)


def current() -> Memo | None:
    """The memo the load running in this thread reuses or records into, if any."""
    return _current.get()


@contextlib.contextmanager
def using(memo: Memo) -> Iterator[Memo]:
    """Reuse or record into `memo` in this thread (each thread has its own) while the
    block runs."""
    token = _current.set(memo)
    try:
        yield memo
    finally:
        _current.reset(token)


def read(path: Path) -> Memo:
    """The memo in file `path`; an empty one when there is none, or it is not one this
    version wrote."""
    try:
        data = read_regular(path, MAX_BYTES)  # never blocks on a named pipe put there
        if len(data) > MAX_BYTES:
            raise ValueError("too large")
        return _from_json(json.loads(data))
    except FileNotFoundError:
        return Memo()
    except (OSError, ValueError, TypeError, KeyError, RecursionError) as exc:
        log.debug("start memo %s not used: %s", path, exc)
        return Memo()


def write(path: Path, memo: Memo) -> None:
    """Replace file `path` with `memo`, in one rename, unless it already holds it; never
    raises (a memo not written only makes the next start slower)."""
    try:
        # ASCII: a YAML escape or a file name that is not UTF-8 can make text that only
        # an escape can write (a lone surrogate).
        data = json.dumps(memo.as_json(), separators=(",", ":")).encode()
    except (ValueError, TypeError) as exc:
        log.debug("start memo %s not written: %s", path, exc)
        return
    with contextlib.suppress(OSError):
        if read_regular(path, len(data)) == data:
            return
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except (OSError, ValueError) as exc:
        log.debug("start memo %s not written: %s", path, exc)
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _stat(info: os.stat_result) -> Stat:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _from_json(data: Any) -> Memo:
    if data["format"] != FORMAT or data["kiosk"] != __version__:
        raise ValueError(f"written by kiosk {data['kiosk']}, format {data['format']}")
    front_matter: dict[str, FrontMatter] = {}
    for text, meta, lines in data["front_matter"]:
        if not isinstance(text, str) or not isinstance(meta, dict) or not isinstance(lines, dict):
            raise TypeError("a front-matter entry is not text, values and key lines")
        if not all(isinstance(k, str) and type(v) is int for k, v in lines.items()):
            raise TypeError("a front-matter entry's key lines are not numbers")
        if set(lines) != set(meta):  # the loader looks up the line of every key
            raise ValueError("a front-matter entry's key lines are not those of its keys")
        _decode(meta)  # refuses what _encode never writes
        front_matter[text] = (meta, lines)
    pictures: dict[str, Stat] = {}
    for path, *stat in data["pictures"]:
        if not isinstance(path, str) or len(stat) != 5 or any(type(n) is not int for n in stat):
            raise TypeError("a picture entry is not a path and five numbers")
        pictures[path] = (stat[0], stat[1], stat[2], stat[3], stat[4])
    return Memo(front_matter, pictures)


class _TooBig(Exception):
    pass


# YAML's values in JSON: a list is tagged so that a date can be told from text.
_LIST, _DATE, _DATETIME = "list", "date", "datetime"


def _encode(value: Any, depth: int, items: list[int]) -> Any:
    """`value` (what PyYAML's safe loader makes) as JSON; _TooBig for what is not kept.
    `items` counts the values encoded so far."""
    items[0] += 1
    if items[0] > MAX_ITEMS or depth > MAX_DEPTH:
        raise _TooBig
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):
        return [_DATETIME, value.isoformat()]
    if isinstance(value, date):
        return [_DATE, value.isoformat()]
    if isinstance(value, list):
        return [_LIST, [_encode(v, depth + 1, items) for v in value]]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {k: _encode(v, depth + 1, items) for k, v in value.items()}
    raise _TooBig  # bytes, a set, a mapping with other keys: parsed again next time


def _decode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict):
        return {str(k): _decode(v) for k, v in value.items()}
    if isinstance(value, list) and len(value) == 2:
        tag, inner = value
        if tag == _LIST and isinstance(inner, list):
            return [_decode(v) for v in inner]
        if tag == _DATETIME and isinstance(inner, str):
            return datetime.fromisoformat(inner)
        if tag == _DATE and isinstance(inner, str):
            return date.fromisoformat(inner)
    raise TypeError(f"not a value the memo writes: {value!r:.60}")
