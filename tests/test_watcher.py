"""The pack watcher alone: a fake check and a fake clock, no kiosk and no window.

The watcher's timers are not started; the tests call `tick()` as its timer would, after
moving the clock, and wait on its signals for the check, which runs in its own thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kiosk.checked import Checked
from kiosk.problem import error
from kiosk.watcher import PackWatcher
from tests.conftest import FakeClock

QUIET = 10.0
PACK: Any = object()  # what the fake check hands back as "a pack with no errors"


class FakeCheck:
    """Records the folders it checks and answers what the test set."""

    def __init__(self) -> None:
        self.checked: list[Path] = []
        self.answer = Checked(PACK)
        self.before_answer = lambda: None

    def __call__(self, root: Path) -> Checked:
        self.checked.append(root)
        self.before_answer()
        return self.answer


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "pack"
    root.mkdir()
    (root / "pack.toml").write_text('[pack]\ntitle = "A"\n')
    (root / "a.md").write_text("---\ntitle: A\n---\nText.\n")
    return root


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def check() -> FakeCheck:
    return FakeCheck()


MakeWatcher = Callable[..., PackWatcher]


@pytest.fixture
def make_watcher(folder: Path, check: FakeCheck, clock: FakeClock) -> Iterator[MakeWatcher]:
    """Watchers of `folder` with the fake check and clock (`poll_seconds` and
    `check_seconds` as given), stopped after the test."""
    made: list[PackWatcher] = []

    def make(poll_seconds: float = 60, check_seconds: float = 60) -> PackWatcher:
        made.append(PackWatcher(folder, check, clock, QUIET, poll_seconds, check_seconds))
        return made[-1]

    yield make
    for watcher in made:
        watcher.stop()


@pytest.fixture
def watcher(make_watcher: MakeWatcher) -> PackWatcher:
    return make_watcher()


def test_a_change_is_checked_only_once_the_folder_has_been_quiet(
    qtbot: QtBot, watcher: PackWatcher, folder: Path, check: FakeCheck, clock: FakeClock
) -> None:
    (folder / "b.md").write_text("---\ntitle: B\n---\nMore.\n")
    watcher.note_change()
    watcher.tick()
    clock.advance(QUIET - 1)
    watcher.tick()
    assert check.checked == []
    clock.advance(1)
    with qtbot.waitSignal(watcher.pack_ready, timeout=5000) as ready:
        watcher.tick()
    assert ready.args == [check.answer]
    assert check.checked == [folder]
    assert watcher.checks_started == 1


def test_a_folder_touched_but_not_changed_is_not_checked(
    watcher: PackWatcher, check: FakeCheck, clock: FakeClock
) -> None:
    watcher.note_change()
    watcher.tick()
    clock.advance(QUIET)
    watcher.tick()
    assert check.checked == []
    assert watcher.checks_started == 0


def test_a_change_to_hidden_files_alone_is_not_checked(
    qtbot: QtBot, watcher: PackWatcher, folder: Path, check: FakeCheck, clock: FakeClock
) -> None:
    """A sync tool's marker and a temporary file its stalled copy left: the pack is the
    one checked, so it is not checked (and swapped in) again; a change to a pack file
    beside them is."""
    with qtbot.waitSignal(watcher.pack_ready, timeout=5000):
        watcher.check_now()  # a verdict on the pack as it is
    (folder / ".stfolder").mkdir()
    (folder / ".syncthing.a.md.tmp").write_text("---\ntitle: A, half")
    watcher.note_change()
    watcher.tick()
    clock.advance(QUIET)
    watcher.tick()
    assert watcher.checks_started == 1
    (folder / "a.md").write_text("---\ntitle: A, whole\n---\nText.\n")
    watcher.note_change()
    watcher.tick()
    clock.advance(QUIET)
    with qtbot.waitSignal(watcher.pack_ready, timeout=5000):
        watcher.tick()
    assert check.checked == [folder, folder]


def hidden_only_change(watcher: PackWatcher, folder: Path, clock: FakeClock) -> None:
    (folder / ".DS_Store").write_bytes(b"\0")
    watcher.note_change()
    watcher.tick()
    clock.advance(QUIET)


def test_a_check_owed_is_made_even_when_only_hidden_files_changed(
    qtbot: QtBot, watcher: PackWatcher, folder: Path, check: FakeCheck, clock: FakeClock
) -> None:
    """The skip holds only for a pack a verdict was given on: not when the full check was
    discarded (a sync tool's temporary file appeared while it ran), nor after a check
    that failed."""
    check.before_answer = lambda: (folder / ".syncthing.b.md.tmp").write_text("half")
    with qtbot.waitSignal(watcher.finished, timeout=5000):
        assert watcher.check_now()  # discarded: the folder changed while it was checked
    check.before_answer = lambda: None
    clock.advance(QUIET)
    with qtbot.waitSignal(watcher.pack_ready, timeout=5000):
        watcher.tick()  # the pack's files are the same, but no verdict was given on them
    assert len(check.checked) == 2

    def fail() -> None:
        raise OSError("the drive went away")

    check.before_answer = fail
    with qtbot.waitSignal(watcher.pack_refused, timeout=5000):
        watcher.check_now()
    check.before_answer = lambda: None
    hidden_only_change(watcher, folder, clock)
    with qtbot.waitSignal(watcher.pack_ready, timeout=5000):
        watcher.tick()
    assert len(check.checked) == 4


def test_a_reload_discarded_by_a_hidden_change_is_made_once_quiet(
    qtbot: QtBot, watcher: PackWatcher, folder: Path, check: FakeCheck, clock: FakeClock
) -> None:
    """With a verdict on the pack as it is, a staff reload that a temporary file discards
    still owes its answer: it is made once the folder is quiet, and again even when the
    folder is back to what it was."""
    with qtbot.waitSignal(watcher.pack_ready, timeout=5000):
        watcher.check_now()
    lock = folder / ".~lock.a.md#"
    check.before_answer = lambda: lock.write_text("staff")
    with qtbot.waitSignal(watcher.finished, timeout=5000):
        watcher.check_now()  # the reload, discarded
    check.before_answer = lambda: None
    lock.unlink()  # and the folder is as it was when the verdict was given
    watcher.note_change()
    watcher.tick()
    clock.advance(QUIET)
    with qtbot.waitSignal(watcher.pack_ready, timeout=5000):
        watcher.tick()
    assert watcher.checks_started == 3


def test_a_verdict_on_a_hidden_file_is_not_kept_when_that_file_changes(
    qtbot: QtBot, watcher: PackWatcher, folder: Path, check: FakeCheck, clock: FakeClock
) -> None:
    """A named pipe is an error wherever it is, hidden names included: removing it is a
    change to hidden files alone that must be checked."""
    check.answer = Checked(PACK, (error(".fifo", 0, "special-file", "a named pipe"),))
    with qtbot.waitSignal(watcher.pack_refused, timeout=5000):
        watcher.check_now()
    check.answer = Checked(PACK)
    hidden_only_change(watcher, folder, clock)
    with qtbot.waitSignal(watcher.pack_ready, timeout=5000):
        watcher.tick()


def test_a_file_still_growing_restarts_the_quiet_wait(
    qtbot: QtBot, watcher: PackWatcher, folder: Path, check: FakeCheck, clock: FakeClock
) -> None:
    """A change with no event (a file growing) seen at the end of the wait means the
    folder was not quiet: the wait starts again from then."""
    watcher.note_change()
    watcher.tick()
    (folder / "a.md").write_text("---\ntitle: A\n---\nText, and more text.\n")
    clock.advance(QUIET)
    watcher.tick()
    assert check.checked == []
    clock.advance(QUIET)
    with qtbot.waitSignal(watcher.pack_ready, timeout=5000):
        watcher.tick()
    assert len(check.checked) == 1


def test_changes_no_event_reports_are_found_by_polling(
    qtbot: QtBot, make_watcher: MakeWatcher, folder: Path, clock: FakeClock
) -> None:
    watcher = make_watcher(poll_seconds=30)
    (folder / "b.md").write_text("---\ntitle: B\n---\nMore.\n")
    clock.advance(30)
    watcher.tick()  # the poll sees the change and starts the quiet wait
    clock.advance(QUIET)
    with qtbot.waitSignal(watcher.pack_ready, timeout=5000):
        watcher.tick()


def test_a_pack_with_errors_is_refused_with_the_checks_words(
    qtbot: QtBot, watcher: PackWatcher, check: FakeCheck
) -> None:
    check.answer = Checked(PACK, (error("a.md", 1, "title-missing", "no title"),))
    with qtbot.waitSignal(watcher.pack_refused, timeout=5000) as refused:
        assert watcher.check_now()
    assert refused.args == [check.answer]


def test_a_check_that_fails_is_refused_not_raised(
    qtbot: QtBot, watcher: PackWatcher, check: FakeCheck
) -> None:
    def fail() -> None:
        raise OSError("the drive went away")

    check.before_answer = fail
    with qtbot.waitSignal(watcher.pack_refused, timeout=5000) as refused:
        watcher.check_now()
    assert "could not be checked" in refused.args[0].last_problem
    assert "the drive went away" in refused.args[0].last_problem
    assert refused.args[0].errors[0].rule == "check-failed"


def test_a_folder_that_changes_during_its_check_is_checked_again_once_quiet(
    qtbot: QtBot, watcher: PackWatcher, folder: Path, check: FakeCheck, clock: FakeClock
) -> None:
    check.before_answer = lambda: (folder / "c.md").write_text("---\ntitle: C\n---\nNew.\n")
    ready: list[tuple[object, ...]] = []
    watcher.pack_ready.connect(lambda *args: ready.append(args))
    with qtbot.waitSignal(watcher.finished, timeout=5000):
        watcher.check_now()
    assert ready == []  # what was checked is no longer what the folder holds
    check.before_answer = lambda: None
    clock.advance(QUIET)  # quiet since the check saw it change
    with qtbot.waitSignal(watcher.pack_ready, timeout=5000):
        watcher.tick()
    assert len(check.checked) == 2


def test_a_check_past_its_time_limit_is_abandoned(
    qtbot: QtBot, make_watcher: MakeWatcher, check: FakeCheck, clock: FakeClock
) -> None:
    """A check stuck (a share that stopped answering) is given up after check_seconds:
    refused, and no second check starts while the stuck one still runs."""
    release = threading.Event()
    watcher = make_watcher(check_seconds=60)
    with qtbot.waitSignal(watcher.pack_ready, timeout=5000):
        watcher.check_now()  # a verdict on the pack as it is
    check.before_answer = lambda: release.wait(timeout=30) and None
    try:
        watcher.check_now()
        clock.advance(60)
        with qtbot.waitSignal(watcher.pack_refused, timeout=5000) as refused:
            pass
        assert "abandoned" in refused.args[0].last_problem
        assert refused.args[0].errors[0].rule == "check-stuck"
        assert not watcher.check_now()  # still stuck: no new check
        assert watcher.checks_started == 2
    finally:
        release.set()


def test_after_a_stuck_check_a_change_to_hidden_files_is_checked(
    qtbot: QtBot, make_watcher: MakeWatcher, folder: Path, check: FakeCheck, clock: FakeClock
) -> None:
    """A stuck check leaves the pack unjudged since: the verdict before it is not kept."""
    release = threading.Event()
    watcher = make_watcher(check_seconds=60)
    with qtbot.waitSignal(watcher.pack_ready, timeout=5000):
        watcher.check_now()
    check.before_answer = lambda: release.wait(timeout=30) and None
    try:
        watcher.check_now()
        clock.advance(60)
        with qtbot.waitSignal(watcher.pack_refused, timeout=5000):
            pass
    finally:
        release.set()
    qtbot.waitUntil(lambda: not watcher._busy)  # the stuck check ended at last, unheard
    check.before_answer = lambda: None
    hidden_only_change(watcher, folder, clock)
    with qtbot.waitSignal(watcher.pack_ready, timeout=5000):
        watcher.tick()
    assert watcher.checks_started == 3
