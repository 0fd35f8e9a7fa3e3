"""Anonymous topic counts: per-day totals, a writer that never holds up the UI, and files
that go bad without stopping the kiosk."""

from __future__ import annotations

import io
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk import cli
from kiosk.paths import COUNTS
from kiosk.stats import (
    KEEP_SET_ASIDE,
    MAX_VISIT_SECONDS,
    CountsUnreadable,
    TopicCounts,
    TopicTotal,
    export_csv,
)

GARBAGE = b"this is not a database\n" * 100


class Today:
    """A calendar the test turns by hand."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day

    def next_day(self) -> None:
        self.day += timedelta(days=1)


@pytest.fixture
def today() -> Today:
    return Today(date(2026, 3, 10))


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / COUNTS


@pytest.fixture
def counts(path: Path, today: Today) -> Iterator[TopicCounts]:
    counts = TopicCounts(path, today)
    yield counts
    counts.close()


def rows(path: Path) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT * FROM counts ORDER BY day, language, topic").fetchall()


def set_aside(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{COUNTS}.broken-*"))


@contextmanager
def write_locked(path: Path) -> Iterator[None]:
    """Hold the lock another program would hold while it writes to `path`."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_opens_and_seconds_add_up_per_day_language_and_topic(
    counts: TopicCounts, path: Path
) -> None:
    counts.opened("sleep", "Sleep", "en")
    counts.spent("sleep", "Sleep", "en", 10.4)
    counts.opened("sleep", "Sleep well", "en")
    counts.spent("sleep", "Sleep well", "en", 20.6)
    counts.opened("sleep", "Dormir", "es")
    assert counts.flush(5)
    counts.opened("diet", "Diet", "en")
    assert counts.flush(5)
    assert rows(path) == [
        ("2026-03-10", "en", "diet", "Diet", 1, 0),
        ("2026-03-10", "en", "sleep", "Sleep well", 2, 31),
        ("2026-03-10", "es", "sleep", "Dormir", 1, 0),
    ]
    assert counts.problem == ""


def test_negative_and_absurd_visit_lengths_are_clamped(counts: TopicCounts, path: Path) -> None:
    counts.spent("sleep", "Sleep", "en", -30)
    counts.spent("sleep", "Sleep", "en", float("nan"))
    counts.spent("sleep", "Sleep", "en", 3 * 24 * 3600)
    assert counts.flush(5)
    assert rows(path) == [("2026-03-10", "en", "sleep", "Sleep", 0, MAX_VISIT_SECONDS)]


def test_a_new_day_starts_new_totals(counts: TopicCounts, path: Path, today: Today) -> None:
    counts.opened("sleep", "Sleep", "en")
    today.next_day()
    counts.opened("sleep", "Sleep", "en")
    counts.opened("sleep", "Sleep", "en")
    assert counts.flush(5)
    assert rows(path) == [
        ("2026-03-10", "en", "sleep", "Sleep", 1, 0),
        ("2026-03-11", "en", "sleep", "Sleep", 2, 0),
    ]


def test_top_topics_covers_the_last_7_days_most_opened_then_longest_read_first(
    counts: TopicCounts, today: Today
) -> None:
    today.day = date(2026, 3, 3)  # eight days back: too old to count
    for _ in range(10):
        counts.opened("sleep", "Sleep", "en")
    today.day = date(2026, 3, 4)
    counts.opened("sleep", "Sleep", "en")
    counts.opened("diet", "Diet", "en")
    counts.opened("diet", "Diet", "en")
    counts.spent("diet", "Diet", "en", 5)
    today.day = date(2026, 3, 10)
    counts.opened("sleep", "Sleeping well", "en")  # the newest title is shown
    counts.spent("sleep", "Sleeping well", "en", 30)
    counts.opened("pain", "Pain", "en")
    counts.opened("pain", "Pain", "en")
    counts.opened("pain", "Dolor", "es")  # languages of one topic add up
    assert counts.flush(5)
    assert counts.top_topics() == [
        TopicTotal("pain", "Pain", 3, 0),
        TopicTotal("sleep", "Sleeping well", 2, 30),
        TopicTotal("diet", "Diet", 2, 5),
    ]
    assert counts.top_topics(limit=1) == [TopicTotal("pain", "Pain", 3, 0)]
    assert counts.top_topics(days=1) == [
        TopicTotal("pain", "Pain", 3, 0),
        TopicTotal("sleep", "Sleeping well", 1, 30),
    ]
    assert counts.problem == ""


def test_top_topics_before_anything_was_counted_is_empty(counts: TopicCounts) -> None:
    assert counts.top_topics() == []
    assert counts.problem == ""


def test_ui_calls_return_at_once_while_the_writer_waits_for_a_lock(
    path: Path, today: Today
) -> None:
    counts = TopicCounts(path, today, busy_timeout=60)
    try:
        counts.opened("sleep", "Sleep", "en")
        assert counts.flush(5)
        with write_locked(path):
            counts.opened("sleep", "Sleep", "en")  # the writer is now stuck on the lock
            # Calls that waited for the writer would not come back while the lock is held
            # (it waits up to 60 s); these do, and the writer is still stuck after them.
            for _ in range(100):
                counts.opened("sleep", "Sleep", "en")
                counts.spent("sleep", "Sleep", "en", 1)
            assert not counts.flush(0.05)  # still stuck: nothing could be written
        assert counts.flush(5)
        assert rows(path) == [("2026-03-10", "en", "sleep", "Sleep", 102, 100)]
        assert counts.problem == ""
    finally:
        counts.close()


def test_top_topics_while_locked_is_empty_and_says_why(counts: TopicCounts, path: Path) -> None:
    counts.opened("sleep", "Sleep", "en")
    assert counts.flush(5)
    with write_locked(path):
        assert counts.top_topics() == []
    assert "locked" in counts.problem
    assert counts.top_topics() == [TopicTotal("sleep", "Sleep", 1, 0)]


def test_a_damaged_file_is_set_aside_and_counting_starts_again(
    counts: TopicCounts, path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(GARBAGE)
    counts.opened("sleep", "Sleep", "en")
    assert counts.flush(5)
    [aside] = set_aside(path)
    assert aside.read_bytes() == GARBAGE
    assert rows(path) == [("2026-03-10", "en", "sleep", "Sleep", 1, 0)]
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert str(path) in record.getMessage()
    assert "damaged" in counts.problem
    assert aside.name in counts.problem
    counts.opened("sleep", "Sleep", "en")
    assert counts.flush(5)
    assert rows(path) == [("2026-03-10", "en", "sleep", "Sleep", 2, 0)]


def test_only_the_newest_set_aside_files_are_kept(counts: TopicCounts, path: Path) -> None:
    path.parent.mkdir(parents=True)
    old = [path.with_name(f"{COUNTS}.broken-2020010{n}-000000") for n in range(1, 5)]
    for file in old:
        file.write_bytes(GARBAGE)
    old[0].with_name(old[0].name + "-journal").write_bytes(b"journal")
    path.write_bytes(GARBAGE)
    counts.opened("sleep", "Sleep", "en")
    assert counts.flush(5)
    kept = set_aside(path)
    assert len(kept) == KEEP_SET_ASIDE
    assert kept[: KEEP_SET_ASIDE - 1] == old[-(KEEP_SET_ASIDE - 1) :]
    assert not kept[-1].name.startswith(f"{COUNTS}.broken-2020")


def test_a_file_locked_too_long_is_set_aside_and_counting_goes_on(
    path: Path, today: Today, caplog: pytest.LogCaptureFixture
) -> None:
    counts = TopicCounts(path, today, busy_timeout=0.1)
    try:
        counts.opened("sleep", "Sleep", "en")
        assert counts.flush(5)
        with write_locked(path):
            counts.opened("diet", "Diet", "en")
            assert counts.flush(5)
        [aside] = set_aside(path)
        assert rows(aside) == [("2026-03-10", "en", "sleep", "Sleep", 1, 0)]
        assert rows(path) == [("2026-03-10", "en", "diet", "Diet", 1, 0)]
        assert "locked" in counts.problem
        [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
        assert str(path) in record.getMessage()
    finally:
        counts.close()


def test_a_folder_that_cannot_be_made_drops_counts_and_logs_once(
    tmp_path: Path, today: Today, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    counts = TopicCounts(tmp_path / "a-file" / "data" / COUNTS, today)
    try:
        counts.opened("sleep", "Sleep", "en")
        assert counts.flush(5)
        counts.spent("sleep", "Sleep", "en", 12)
        assert counts.flush(5)
        assert counts.top_topics() == []
        assert "cannot keep topic counts" in counts.problem
        assert len([r for r in caplog.records if r.levelno >= logging.ERROR]) == 1
    finally:
        counts.close()


def test_close_writes_what_is_waiting_and_may_be_called_twice(path: Path, today: Today) -> None:
    counts = TopicCounts(path, today)
    counts.opened("sleep", "Sleep", "en")
    counts.close()
    counts.close()
    counts.opened("sleep", "Sleep", "en")  # after closing: ignored, not an error
    assert counts.flush(1)
    assert rows(path) == [("2026-03-10", "en", "sleep", "Sleep", 1, 0)]


def test_export_lists_every_day_then_topic(counts: TopicCounts, path: Path, today: Today) -> None:
    counts.opened("sleep", "Sleep", "en")
    counts.spent("sleep", "Sleep", "en", 61)
    counts.opened("diet", "Diet, and you", "en")
    today.next_day()
    counts.opened("diet", "Dieta", "es")
    assert counts.flush(5)
    stream = io.StringIO()
    assert export_csv(path, stream) == 3
    assert stream.getvalue() == (
        "day,language,topic,title,opens,seconds\n"
        '2026-03-10,en,diet,"Diet, and you",1,0\n'
        "2026-03-10,en,sleep,Sleep,1,61\n"
        "2026-03-11,es,diet,Dieta,1,0\n"
    )


def test_export_makes_formulas_in_titles_inert(counts: TopicCounts, path: Path) -> None:
    for topic, title in [("a", "=HYPERLINK(1)"), ("b", "+1"), ("c", "-1"), ("d", "@SUM(1)")]:
        counts.opened(topic, title, "en")
    counts.opened("e", "Plain = fine", "en")
    assert counts.flush(5)
    stream = io.StringIO()
    export_csv(path, stream)
    titles = [line.split(",")[3] for line in stream.getvalue().splitlines()[1:]]
    assert titles == ["'=HYPERLINK(1)", "'+1", "'-1", "'@SUM(1)", "Plain = fine"]


def test_export_without_counts_is_just_the_header(tmp_path: Path) -> None:
    stream = io.StringIO()
    assert export_csv(tmp_path / COUNTS, stream) == 0
    assert stream.getvalue() == "day,language,topic,title,opens,seconds\n"


def test_export_of_a_damaged_file_says_so(tmp_path: Path) -> None:
    (tmp_path / COUNTS).write_bytes(GARBAGE)
    with pytest.raises(CountsUnreadable, match="is damaged"):
        export_csv(tmp_path / COUNTS, io.StringIO())


def test_cli_csv_prints_the_export(
    counts: TopicCounts, path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    counts.opened("sleep", "Sleep", "en")
    assert counts.flush(5)
    assert cli.main(["stats", "--csv", "--data-dir", str(path.parent)]) == 0
    assert capsys.readouterr().out == (
        "day,language,topic,title,opens,seconds\n2026-03-10,en,sleep,Sleep,1,0\n"
    )


def test_cli_summary_lists_the_week_s_top_topics(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    counts = TopicCounts(path)  # the real date: the command reads the last 7 days
    counts.opened("sleep", "Sleep", "en")
    counts.opened("sleep", "Sleep", "en")
    counts.spent("sleep", "Sleep", "en", 170)
    counts.opened("diet", "Diet", "en")
    counts.close()
    assert cli.main(["stats", "--data-dir", str(path.parent)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Most opened topics, last 7 days:",
        " opens  minutes  topic",
        "     2        3  Sleep",
        "     1        0  Diet",
    ]


def test_cli_summary_without_counts_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["stats", "--data-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("No topics were opened in the last 7 days")


@pytest.mark.parametrize("options", [["--csv"], []])
def test_cli_with_a_damaged_file_exits_1_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str]
) -> None:
    (tmp_path / COUNTS).write_bytes(GARBAGE)
    assert cli.main(["stats", *options, "--data-dir", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"kiosk stats: {tmp_path / COUNTS} is damaged")
    assert err.count("\n") == 1
