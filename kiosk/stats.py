"""Anonymous usage counts: how often each topic was opened, and for how long, per day.

Staff want to know which topics patients read, with no record of who. So the kiosk keeps
only per-day totals in ``counts.sqlite`` in its data folder (see `kiosk.lastgood.data_dir`):
one row per day, language and topic with the number of opens and whole seconds read. No
identifiers, no time of day, no order of events.

Counting must never slow or stop the kiosk. The UI thread only puts a note on a queue; one
writer thread adds the notes up, one transaction per drain of the queue. A damaged or
stuck file is set aside and counting starts again in a fresh one; a folder that cannot be
written means counts are dropped. Nothing here raises into the UI.
"""

from __future__ import annotations

import csv
import logging
import math
import queue
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

log = logging.getLogger(__name__)

CSV_HEADER = ("day", "language", "topic", "title", "opens", "seconds")
# One visit longer than this is a patient who walked away from an open topic, or a bug.
MAX_VISIT_SECONDS = 4 * 60 * 60
# How long the writer waits for another program's lock before giving up on the file.
WRITE_BUSY_SECONDS = 2.0
# The staff panel reads on the UI thread: a short wait, then it shows nothing.
READ_BUSY_SECONDS = 0.25
# The command line has no UI to keep alive, so it can wait as long as the writer does.
EXPORT_BUSY_SECONDS = WRITE_BUSY_SECONDS
# Set-aside files kept for IT to look at; older ones are deleted.
KEEP_SET_ASIDE = 3

# SQLite's primary result codes (the low byte of an extended code).
_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_DAMAGED = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}

# WITHOUT ROWID: a rowid table numbers rows as they are first inserted, which would keep the
# order in which topics were first opened each day. Keyed rows keep no such order.
#
# The default rollback journal, not WAL: the writes are a few small transactions a minute,
# so WAL's speed buys nothing, while its -wal and -shm files would make the data three
# files to set aside when damaged, and would stop `kiosk stats` reading the counts as a
# user who may not write to the data folder. A reader waits at most for one short commit.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS counts (
    day TEXT NOT NULL,
    language TEXT NOT NULL,
    topic TEXT NOT NULL,
    title TEXT NOT NULL,
    opens INTEGER NOT NULL,
    seconds INTEGER NOT NULL,
    PRIMARY KEY (day, language, topic)
) WITHOUT ROWID
"""
_ADD = """
INSERT INTO counts (day, language, topic, title, opens, seconds) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (day, language, topic) DO UPDATE SET
    title = excluded.title,
    opens = opens + excluded.opens,
    seconds = seconds + excluded.seconds
"""
# Totals per topic across languages (topics are matched across languages by id). The title
# is the one from the latest day; on that day, from the language read most.
_TOP = """
WITH recent AS (SELECT * FROM counts WHERE day BETWEEN ? AND ?),
totals AS (
    SELECT topic, SUM(opens) AS opens, SUM(seconds) AS seconds FROM recent GROUP BY topic
),
titles AS (
    SELECT topic, title, ROW_NUMBER() OVER (
        PARTITION BY topic ORDER BY day DESC, opens DESC, language
    ) AS latest
    FROM recent
)
SELECT totals.topic, titles.title, totals.opens, totals.seconds
FROM totals JOIN titles ON titles.topic = totals.topic AND titles.latest = 1
ORDER BY totals.opens DESC, totals.seconds DESC, totals.topic
LIMIT ?
"""
_ALL = """
SELECT day, language, topic, title, opens, seconds FROM counts ORDER BY day, topic, language
"""


class CountsUnreadable(Exception):
    """The counts file exists but cannot be read; the message says why, for staff."""


@dataclass(frozen=True)
class TopicTotal:
    """How much one topic was read over some days.

    Attributes:
        topic: The topic's id (its file name without ``.md``).
        title: The topic's title as last shown.
        opens: How many times it was opened.
        seconds: Whole seconds it was on screen, all visits together.
    """

    topic: str
    title: str
    opens: int
    seconds: int


@dataclass(frozen=True)
class _Visit:
    day: str
    language: str
    topic: str
    title: str
    opens: int
    seconds: int


_STOP = object()  # the note that ends the writer


class TopicCounts:
    """The kiosk's running tally of topics read, written by a thread of its own.

    Attributes:
        path: The counts file.
        problem: The last thing that went wrong, in plain words for the staff panel;
            "" if nothing has.
    """

    def __init__(
        self,
        path: Path,
        today: Callable[[], date] = date.today,
        *,
        busy_timeout: float = WRITE_BUSY_SECONDS,
    ) -> None:
        """Start the writer thread.

        Args:
            path: The counts file; it and its folder are made when first needed.
            today: The local date now; tests pass their own.
            busy_timeout: Seconds to wait for another program's lock on the file before
                setting it aside.
        """
        self.path = path
        self.problem = ""
        # Opens and reading seconds since start, by (topic, language): for the metrics
        # (kiosk/metrics.py), which count from each start as Prometheus counters do.
        self.since_start: dict[tuple[str, str], tuple[int, int]] = {}
        self._today = today
        self._busy_timeout = busy_timeout
        self._notes: queue.Queue[object] = queue.Queue()
        self._closed = False
        self._unwritable_reported = False
        self._writer = threading.Thread(target=self._write_notes, name="topic-counts")
        self._writer.daemon = True  # a count is not worth delaying the kiosk's exit
        self._writer.start()

    def opened(self, topic_id: str, title: str, language: str) -> None:
        """Count one opening of a topic. Never blocks."""
        self._note(topic_id, title, language, opens=1, seconds=0)

    def spent(self, topic_id: str, title: str, language: str, seconds: float) -> None:
        """Add the time one visit to a topic lasted. Never blocks.

        Args:
            seconds: The visit's length; rounded to whole seconds, and kept between 0 and
                `MAX_VISIT_SECONDS`.
        """
        if math.isnan(seconds):
            seconds = 0.0
        whole = round(min(max(seconds, 0.0), MAX_VISIT_SECONDS))
        self._note(topic_id, title, language, opens=0, seconds=whole)

    def top_topics(self, days: int = 7, limit: int = 5) -> list[TopicTotal]:
        """The most opened topics of the last `days` days, today included.

        Returns:
            At most `limit` totals, most opened first, then longest read. Empty when
            nothing was counted, or when the file cannot be read within
            `READ_BUSY_SECONDS` (then `problem` says why).
        """
        try:
            return read_top_topics(self.path, self._today(), days, limit, READ_BUSY_SECONDS)
        except CountsUnreadable as exc:
            log.warning("%s", exc)
            self.problem = str(exc)
            return []

    def flush(self, timeout: float) -> bool:
        """Wait until everything counted so far is written (or dropped, see `problem`).

        Returns:
            False if that took longer than `timeout` seconds.
        """
        if not self._writer.is_alive():
            return self._notes.empty()
        done = threading.Event()
        self._notes.put(done)
        return done.wait(timeout)

    def close(self) -> None:
        """Write what is waiting, for up to a second, and stop the writer. Safe to repeat."""
        if self._closed:
            return
        self._closed = True
        self.flush(1.0)
        self._notes.put(_STOP)
        self._writer.join(0.5)

    def _note(self, topic_id: str, title: str, language: str, opens: int, seconds: int) -> None:
        if self._closed:
            return
        # The day is taken now, not when written, so a visit just before midnight counts
        # on its own day however long the writer was held up.
        day = self._today().isoformat()
        self._notes.put(_Visit(day, language, topic_id, title, opens, seconds))
        before = self.since_start.get((topic_id, language), (0, 0))
        self.since_start[(topic_id, language)] = (before[0] + opens, before[1] + seconds)

    def _write_notes(self) -> None:
        while True:
            batch = [self._notes.get()]
            with suppress(queue.Empty):
                while True:
                    batch.append(self._notes.get_nowait())
            visits = [note for note in batch if isinstance(note, _Visit)]
            if visits:
                try:
                    self._write(visits)
                except Exception:  # a bug here must not end counting for the day
                    log.exception("could not write the topic counts")
            for note in batch:
                if isinstance(note, threading.Event):
                    note.set()
            if any(note is _STOP for note in batch):
                return

    def _write(self, visits: list[_Visit]) -> None:
        rows = _added_up(visits)
        for attempt in ("first", "retry"):
            try:
                self._store(rows)
            except sqlite3.Error as exc:
                code = _result_code(exc)
                if code in _BUSY | _DAMAGED and attempt == "first":
                    if self._set_aside(exc, damaged=code in _DAMAGED):
                        continue  # the same counts, once, into the fresh file
                    return
                if code in _BUSY | _DAMAGED:
                    self._report(f"{self.path} cannot be used ({exc}); these counts are lost")
                else:
                    self._report_unwritable(exc)
            except OSError as exc:
                self._report_unwritable(exc)
            else:
                self._unwritable_reported = False
            return

    def _store(self, rows: list[tuple[str, str, str, str, int, int]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # A connection per batch: if staff delete or replace the file to start over, the
        # next batch goes to the new file rather than to the deleted one.
        connection = sqlite3.connect(self.path, timeout=self._busy_timeout, isolation_level=None)
        with closing(connection):  # closing rolls back whatever was not committed
            connection.execute("BEGIN IMMEDIATE")
            connection.execute(_SCHEMA)
            connection.executemany(_ADD, rows)
            connection.execute("COMMIT")

    def _set_aside(self, exc: sqlite3.Error, damaged: bool) -> bool:
        what = (
            f"is damaged ({exc})"
            if damaged
            else f"stayed locked by another program for over {self._busy_timeout:g} s"
        )
        try:
            aside = _set_aside(self.path)
        except OSError as move_error:
            self._report(
                f"{self.path} {what}, and could not be set aside ({move_error}); counts are dropped"
            )
            return False
        self._report(f"{self.path} {what}; moved it to {aside.name} and started a fresh count")
        return True

    def _report_unwritable(self, exc: Exception) -> None:
        # Logged once: a read-only data folder stays read-only for the life of the kiosk.
        message = f"cannot keep topic counts in {self.path}: {exc}; counts are dropped"
        if not self._unwritable_reported:
            self._unwritable_reported = True
            log.error("%s", message)
        self.problem = message

    def _report(self, message: str) -> None:
        log.error("%s", message)
        self.problem = message


def read_top_topics(
    path: Path, today: date, days: int = 7, limit: int = 5, timeout: float = READ_BUSY_SECONDS
) -> list[TopicTotal]:
    """The most opened topics in the counts file over the `days` days up to `today`.

    Returns:
        At most `limit` totals, most opened first, then longest read; empty when the file
        does not exist yet.

    Raises:
        CountsUnreadable: The file is damaged, or locked for longer than `timeout` seconds.
    """
    if days < 1 or limit < 1:
        return []
    first = today - timedelta(days=days - 1)
    rows = _read(path, _TOP, (first.isoformat(), today.isoformat(), limit), timeout)
    return [TopicTotal(topic, title, opens, seconds) for topic, title, opens, seconds in rows]


def export_csv(path: Path, stream: TextIO) -> int:
    """Write every day's counts as CSV: ``day,language,topic,title,opens,seconds``.

    Rows are ordered by day, then topic. Text that a spreadsheet would run as a formula
    gets a leading apostrophe.

    Returns:
        The number of rows after the header (0, with just the header, when the counts
        file does not exist yet).

    Raises:
        CountsUnreadable: The file is damaged or stays locked.
    """
    rows = _read(path, _ALL, (), EXPORT_BUSY_SECONDS)
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for day, language, topic, title, opens, seconds in rows:
        writer.writerow((day, _cell(language), _cell(topic), _cell(title), opens, seconds))
    return len(rows)


def _read(
    path: Path, sql: str, parameters: Iterable[object], timeout: float
) -> list[tuple[Any, ...]]:
    if not path.is_file():
        return []
    # Read-only: reading must never create the file, nor need the right to write it.
    uri = path.absolute().as_uri() + "?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True, timeout=timeout)) as connection:
            if not connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'counts'"
            ).fetchone():
                return []  # made, but nothing counted in it yet
            return connection.execute(sql, tuple(parameters)).fetchall()
    except sqlite3.Error as exc:
        code = _result_code(exc)
        if code in _DAMAGED:
            raise CountsUnreadable(
                f"{path} is damaged ({exc}); the kiosk sets it aside and starts a fresh "
                "count when it next counts a topic"
            ) from exc
        if code in _BUSY:
            raise CountsUnreadable(
                f"{path} is locked by another program for now; try again"
            ) from exc
        raise CountsUnreadable(f"cannot read {path}: {exc}") from exc


def _result_code(exc: sqlite3.Error) -> int:
    """SQLite's primary result code; 0 for errors raised by Python's sqlite3 itself."""
    return int(getattr(exc, "sqlite_errorcode", 0)) & 0xFF


def _added_up(visits: list[_Visit]) -> list[tuple[str, str, str, str, int, int]]:
    """One row per day, language and topic: a burst of taps becomes one small write."""
    totals: dict[tuple[str, str, str], tuple[str, int, int]] = {}
    for visit in visits:
        key = (visit.day, visit.language, visit.topic)
        _, opens, seconds = totals.get(key, ("", 0, 0))
        totals[key] = (visit.title, opens + visit.opens, seconds + visit.seconds)
    return [
        (day, language, topic, title, opens, seconds)
        for (day, language, topic), (title, opens, seconds) in totals.items()
    ]


_SET_ASIDE = re.compile(r"\.broken-(\d{8}-\d{6})(?:-(\d+))?")
_SIDECARS = ("-journal", "-wal", "-shm")


def _set_aside(path: Path) -> Path:
    """Move `path` (and any journal beside it) to ``<name>.broken-<YYYYMMDD-HHMMSS>``.

    A journal left beside a fresh file would be played back into it, so it moves too.
    Only the newest `KEEP_SET_ASIDE` set-aside files are kept.
    """
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.broken-{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.broken-{stamp}-{number}")
    path.rename(aside)
    for sidecar in _SIDECARS:
        with suppress(FileNotFoundError):
            path.with_name(path.name + sidecar).rename(aside.with_name(aside.name + sidecar))
    try:
        _prune_set_aside(path)
    except OSError as exc:  # old copies left over are untidy, not a reason to stop
        log.warning("could not delete old set-aside topic counts: %s", exc)
    return aside


def _prune_set_aside(path: Path) -> None:
    kept: list[tuple[str, int, Path]] = []
    for candidate in path.parent.glob(f"{path.name}.broken-*"):
        match = _SET_ASIDE.fullmatch(candidate.name, len(path.name))
        if match:
            kept.append((match[1], int(match[2] or 1), candidate))
    kept.sort()
    for _, _, old in kept[:-KEEP_SET_ASIDE]:
        for suffix in ("", *_SIDECARS):
            with suppress(FileNotFoundError):
                old.with_name(old.name + suffix).unlink()


def _cell(text: str) -> str:
    """`text`, made inert for spreadsheets that run cells starting with = + - @ as formulas."""
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text
