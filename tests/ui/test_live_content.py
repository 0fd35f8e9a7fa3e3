"""Live content: staff copy a new pack in; only a whole, good pack is ever shown."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk import lastgood, manifest
from kiosk.checked import Checked
from kiosk.showing import Copy, Health
from kiosk.ui.app import Kiosk
from kiosk.ui.screens import Screen
from tests.conftest import FakeClock, MakePack
from tests.ui.conftest import plain

MakeKiosk = Callable[..., Kiosk]


def topic(title: str, body: str = "Text.") -> str:
    return f"---\ntitle: {title}\nsources: [A guide]\n---\n{body}\n"


def titles(kiosk: Kiosk) -> list[str]:
    assert kiosk.window.pack is not None
    return [t.title for t in kiosk.window.pack.default.topics]


def status(kiosk: Kiosk) -> dict[str, object]:
    assert kiosk.options.status_file is not None
    return json.loads(kiosk.options.status_file.read_text())


def settle_and_load(qtbot: QtBot, kiosk: Kiosk, clock: FakeClock) -> None:
    """Let the folder be quiet long enough, and wait for the check to report."""
    clock.advance(kiosk.live.watcher.quiet_seconds)
    with qtbot.waitSignal(kiosk.live.watcher.finished, timeout=10_000):
        kiosk.live.watcher.tick()


def test_a_copy_made_file_by_file_gives_one_swap_with_the_final_content(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    clock = FakeClock()
    root = make_pack({"a.md": topic("Old A")})
    kiosk = make_kiosk(root, clock=clock)
    checks_at_start = kiosk.live.watcher.checks_started  # the full check that follows start-up
    new_files = {f"{n}.md": topic(f"New {n}") for n in "bcdef"}
    for name, text in new_files.items():  # one file a second, as a slow USB stick does
        (root / name).write_text(text)
        kiosk.live.watcher.note_change()
        clock.advance(1)
        kiosk.live.watcher.tick()
        assert kiosk.live.watcher.checks_started == checks_at_start
        assert titles(kiosk) == ["Old A"]
    (root / "a.md").write_text(topic("New A"))
    kiosk.live.watcher.note_change()
    settle_and_load(qtbot, kiosk, clock)
    assert kiosk.live.watcher.checks_started == checks_at_start + 1
    assert titles(kiosk) == ["New A", "New b", "New c", "New d", "New e", "New f"]
    assert status(kiosk)["last_problem"] is None


def test_changes_the_file_watcher_misses_are_found_by_polling(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    clock = FakeClock()
    root = make_pack({"a.md": topic("Old")})
    kiosk = make_kiosk(root, clock=clock)
    kiosk.live.watcher._system.removePaths(kiosk.live.watcher._system.directories())  # deaf now
    (root / "a.md").write_text(topic("New, and longer"))
    clock.advance(kiosk.live.watcher.poll_seconds)
    kiosk.live.watcher.tick()  # the poll notices
    settle_and_load(qtbot, kiosk, clock)
    assert titles(kiosk) == ["New, and longer"]


def test_a_pack_with_errors_is_refused_and_the_old_one_stays(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    clock = FakeClock()
    root = make_pack({"a.md": topic("Good")})
    kiosk = make_kiosk(root, clock=clock)
    (root / "b.md").write_text("---\ntitle: Half copied\n")  # front matter never closed
    kiosk.live.watcher.note_change()
    with qtbot.waitSignal(kiosk.live.watcher.pack_refused):
        settle_and_load(qtbot, kiosk, clock)
    assert titles(kiosk) == ["Good"]
    assert "front-matter-unclosed" in kiosk.live.last_problem
    assert "front-matter-unclosed" in str(status(kiosk)["last_problem"])
    kiosk.staff.show_panel()
    assert "front-matter-unclosed" in plain(kiosk.window.staff_panel.problems)


def test_a_deleted_folder_keeps_the_old_pack(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    clock = FakeClock()
    root = make_pack({"a.md": topic("Still here")})
    kiosk = make_kiosk(root, clock=clock)
    assert kiosk.live.copying is not None
    kiosk.live.copying.join()  # the last good copy of it is made (or it would race the rmtree)
    shutil.rmtree(root)
    kiosk.live.watcher.note_change()
    with qtbot.waitSignal(kiosk.live.watcher.pack_refused):
        settle_and_load(qtbot, kiosk, clock)
    assert titles(kiosk) == ["Still here"]
    assert "no such folder" in kiosk.live.last_problem


def test_flipping_a_symlink_swaps_to_the_other_pack(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack, tmp_path: Path
) -> None:
    clock = FakeClock()
    first = make_pack({"a.md": topic("Version one")})
    second = make_pack({"a.md": topic("Version two")})
    current = tmp_path / "current"
    current.symlink_to(first)
    kiosk = make_kiosk(current, clock=clock)
    flipped = tmp_path / "current.new"
    flipped.symlink_to(second)
    os.replace(flipped, current)  # the atomic flip
    kiosk.live.watcher.note_change()
    settle_and_load(qtbot, kiosk, clock)
    assert titles(kiosk) == ["Version two"]


def test_a_swap_waits_while_a_patient_reads_and_happens_at_home(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    clock = FakeClock()
    root = make_pack({"a.md": topic("Old", "Intro.\n\n## Two\n\nMore.")})
    kiosk = make_kiosk(root, clock=clock)
    kiosk.window.open_topic("a")
    kiosk.window.topic.next()
    (root / "a.md").write_text(topic("New", "Changed.\n\n## Two\n\nChanged too."))
    kiosk.live.watcher.note_change()
    settle_and_load(qtbot, kiosk, clock)
    assert kiosk.window.topic.topic is not None
    assert kiosk.window.topic.topic.title == "Old"  # the reader's card is untouched
    assert kiosk.window.topic.index == 1
    assert status(kiosk)["pending_swap"] is True
    kiosk.window.go_home()
    assert titles(kiosk) == ["New"]
    assert status(kiosk)["pending_swap"] is False


def test_a_swap_during_the_slideshow_happens_at_once(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    clock = FakeClock()
    root = make_pack({"a.md": topic("Old")})
    kiosk = make_kiosk(root, clock=clock)
    kiosk.controller.reset_now()
    (root / "a.md").write_text(topic("New"))
    kiosk.live.watcher.note_change()
    settle_and_load(qtbot, kiosk, clock)
    assert titles(kiosk) == ["New"]
    assert kiosk.window.current_screen is Screen.SLIDESHOW


def test_start_with_a_broken_pack_shows_the_last_good_copy(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack, tmp_path: Path
) -> None:
    root = make_pack({"a.md": topic("Good"), "images/x.png": b"\x89PNG"})
    kiosk = make_kiosk(root)
    qtbot.waitUntil(lambda: lastgood.saved(kiosk.data) is not None)
    saved = lastgood.saved(kiosk.data)
    assert saved is not None
    qtbot.waitUntil(lambda: (saved / "a.md").is_file())
    assert (saved / "images" / "x.png").is_file()
    kiosk.window.unlock()

    (root / "a.md").write_text("---\ntitle: Broken\n")
    again = make_kiosk(root)
    assert again.data == kiosk.data  # same machine
    assert titles(again) == ["Good"]
    assert again.live.on_screen.copy is Copy.LAST_GOOD
    report = again.live.report()
    assert report.health is Health.FAULT
    assert report.headline.startswith("Not loaded: 1 error in a.md line 1; still showing the ")
    assert report.headline.endswith("last good copy, loaded at 10:42.")
    assert report.shown[1].startswith("The last good copy, kept from an earlier pack")
    assert [p.rule for p in report.problems] == ["front-matter-unclosed"]
    assert status(again)["showing"] == "last good copy"


def test_start_with_a_broken_pack_and_no_copy_shows_the_calm_page(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    root = make_pack({"a.md": "---\ntitle: Broken\n"})
    kiosk = make_kiosk(root)
    assert kiosk.window.current_screen is Screen.UPDATING
    assert status(kiosk)["showing"] == "updating page"


def test_a_fault_is_logged_and_the_kiosk_goes_home(
    qtbot: QtBot, make_kiosk: MakeKiosk, caplog: pytest.LogCaptureFixture
) -> None:
    kiosk = make_kiosk()
    kiosk.window.open_topic("01-understanding-ptsd")
    kiosk.window.show_web_link("https://example.org/")
    try:
        raise RuntimeError("a slot failed")
    except RuntimeError as exc:
        kiosk.faults.handle(type(exc), exc, exc.__traceback__)
    assert kiosk.window.current_screen is Screen.HOME
    assert not kiosk.window.qr.isVisible()
    assert "a slot failed" in caplog.text
    assert "Traceback" in caplog.text
    assert status(kiosk)["faults"] == 1


def test_repeated_faults_show_the_calm_page_and_exit_non_zero(
    qtbot: QtBot, make_kiosk: MakeKiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    kiosk = make_kiosk(clock=clock)
    exits: list[int] = []
    monkeypatch.setattr(kiosk.app, "exit", exits.append)
    for _ in range(2):
        kiosk.faults.handle(ValueError, ValueError("again"), None)
        clock.advance(20)
    assert kiosk.window.current_screen is Screen.HOME
    kiosk.faults.handle(ValueError, ValueError("and again"), None)
    assert kiosk.window.current_screen is Screen.UPDATING
    qtbot.waitUntil(lambda: exits == [70])
    assert status(kiosk)["faults"] == 3


def test_faults_spread_out_are_survived(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    clock = FakeClock()
    kiosk = make_kiosk(clock=clock)
    for _ in range(5):
        kiosk.faults.handle(ValueError, ValueError("now and then"), None)
        clock.advance(31)
    assert kiosk.window.current_screen is Screen.HOME


def test_the_fault_hook_is_installed_and_restored(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    import sys

    kiosk = make_kiosk()
    before = sys.excepthook
    kiosk.faults.install()
    assert sys.excepthook == kiosk.faults.handle
    kiosk.faults.restore()
    assert sys.excepthook is before


def test_status_json_says_what_a_monitor_needs(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    kiosk = make_kiosk()
    written = status(kiosk)
    assert written["pack_title"] == "Learning about PTSD and ketamine treatment"
    assert written["pack_version"] == "2026.11.1"
    assert written["showing"] == "pack folder"
    assert written["health"] == "attention"  # the default pack leaves the clinic's details
    assert written["topics_shown"] == 8
    assert written["warnings"] == len(written["problems"])
    assert {p["rule"] for p in written["problems"]} == {"clinic-unset"}
    assert written["faults"] == 0
    assert isinstance(written["uptime_seconds"], int)
    assert written["screen_awake"].startswith("nothing")  # offscreen: nothing to ask
    assert set(written) == {
        "app_version",
        "pack_title",
        "pack_version",
        "pack_folder",
        "showing",
        "pack_loaded_at",
        "pending_swap",
        "health",
        "health_words",
        "topics_shown",
        "left_out",
        "errors",
        "warnings",
        "problems",
        "last_problem",
        "started_at",
        "uptime_seconds",
        "faults",
        "screen_awake",
        "written_at",
        "notice",
        "notice_until",
        "notice_problems",
        "hours",
        "screen_power",
    }


def test_a_pack_whose_full_check_fails_after_start_is_taken_down(
    qtbot: QtBot, make_pack: MakePack, tmp_path: Path
) -> None:
    """Home shows as soon as the pack loads; errors only rendering finds (an empty
    section) take it down once the full check, run after the first frame, reports."""
    from kiosk.ui.app import RunOptions

    root = make_pack({"a.md": "---\ntitle: A\n---\nIntro.\n\n## Empty\n"})
    kiosk = Kiosk(
        RunOptions(
            root,
            windowed=True,
            machine_config=tmp_path / "none.toml",
            data_dir=tmp_path / "data",
            status_file=tmp_path / "status.json",
        )
    )
    kiosk.show()
    qtbot.addWidget(kiosk.window)
    assert kiosk.window.current_screen is Screen.HOME  # shown at once
    # Its only topic has an error: nothing is left to show.
    qtbot.waitUntil(lambda: kiosk.window.current_screen is Screen.UPDATING)
    assert "section-empty" in kiosk.live.last_problem
    assert lastgood.saved(kiosk.data) is None  # a failing pack is never kept as good
    kiosk.shutdown()


def copy_slowly(
    qtbot: QtBot, kiosk: Kiosk, clock: FakeClock, source: Path, root: Path, names: list[str]
) -> list[list[str]]:
    """Copy `names` from `source` into `root` one by one, each after the folder has been
    quiet long enough to be checked (a slow USB stick), and say what showed after each."""
    shown = []
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / name, root / name)
        kiosk.live.watcher.note_change()
        settle_and_load(qtbot, kiosk, clock)
        shown.append(titles(kiosk))
    return shown


def sealed_pack(make_pack: MakePack, label: str) -> Path:
    files = {f"{n}.md": topic(f"{label} {n}") for n in "abc"}
    files["pack.toml"] = f'[pack]\ntitle = "{label}"\n'
    root = make_pack(files)
    manifest.seal(root, datetime(2026, 12, 1))
    return root


@pytest.mark.parametrize(
    ("emptied", "manifest_first"),
    [(False, False), (True, False), (True, True)],
    ids=["over-the-old-files", "emptied-manifest-last", "emptied-manifest-first"],
)
def test_a_sealed_pack_copied_file_by_file_is_never_shown_half_way(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack, emptied: bool, manifest_first: bool
) -> None:
    clock = FakeClock()
    root = sealed_pack(make_pack, "Old")
    kiosk = make_kiosk(root, clock=clock)
    assert kiosk.window.pack is not None
    assert kiosk.window.pack.sealed
    new = sealed_pack(make_pack, "New")
    if emptied:
        for path in root.iterdir():
            path.unlink()
    names = sorted(p.name for p in new.iterdir())
    names.remove(manifest.MANIFEST)
    names = [manifest.MANIFEST, *names] if manifest_first else [*names, manifest.MANIFEST]
    shown = copy_slowly(qtbot, kiosk, clock, new, root, names)
    assert shown[:-1] == [["Old a", "Old b", "Old c"]] * (len(names) - 1)
    assert shown[-1] == ["New a", "New b", "New c"]
    assert kiosk.live.last_problem == ""


def test_an_unsealed_pack_waits_for_a_file_that_grows_without_an_event(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    clock = FakeClock()
    root = make_pack({"a.md": topic("Old")})
    kiosk = make_kiosk(root, clock=clock)
    checks = kiosk.live.watcher.checks_started
    (root / "b.md").write_text(topic("New b", "Half"))
    kiosk.live.watcher.note_change()
    kiosk.live.watcher.tick()  # the folder as it fell quiet
    with (root / "b.md").open("a") as growing:  # the copy goes on: no folder event
        growing.write("More text.\n")
    clock.advance(kiosk.live.watcher.quiet_seconds)
    kiosk.live.watcher.tick()
    assert kiosk.live.watcher.checks_started == checks  # not quiet after all: wait again
    settle_and_load(qtbot, kiosk, clock)
    assert kiosk.live.watcher.checks_started == checks + 1
    assert titles(kiosk) == ["Old", "New b"]


def test_a_file_rewritten_in_place_is_watched(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    root = make_pack({"a.md": topic("Old")})
    kiosk = make_kiosk(root)
    assert str(root / "a.md") in kiosk.live.watcher._system.files()
    with qtbot.waitSignal(kiosk.live.watcher._system.fileChanged, timeout=5_000):
        (root / "a.md").write_text(topic("Old, rewritten"))


def test_a_check_past_its_time_limit_is_abandoned_and_the_pack_stays(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    clock = FakeClock()
    root = make_pack({"a.md": topic("Shown")})
    kiosk = make_kiosk(root, clock=clock)
    stuck, started = threading.Event(), threading.Event()

    def hanging_check(folder: Path) -> Checked:
        started.set()
        stuck.wait()  # a share that stopped answering
        return Checked(None)

    kiosk.live.watcher._check = hanging_check
    (root / "b.md").write_text(topic("New"))
    kiosk.live.watcher.note_change()
    clock.advance(kiosk.live.watcher.quiet_seconds)
    kiosk.live.watcher.tick()
    assert started.wait(5)
    clock.advance(kiosk.live.watcher.check_seconds)
    with qtbot.waitSignal(kiosk.live.watcher.pack_refused, timeout=5_000):
        pass
    assert titles(kiosk) == ["Shown"]
    assert "took longer than 60 seconds and was abandoned" in kiosk.live.last_problem
    assert "abandoned" in str(status(kiosk)["last_problem"])
    kiosk.live.watcher.note_change()
    clock.advance(kiosk.live.watcher.quiet_seconds)
    kiosk.live.watcher.tick()
    assert kiosk.live.watcher._check_running is None  # no second check piles up on a stuck one
    stuck.set()


def test_sigterm_ends_the_kiosk_within_5_seconds_while_a_check_hangs(
    make_pack: MakePack, tmp_path: Path
) -> None:
    root = make_pack({"a.md": topic("Shown")})
    script = f"""
import threading, sys
from pathlib import Path
import kiosk.ui.app as app
import kiosk.ui.live as live

def hanging_check(folder, overrides, memo_file=None):
    print("checking", flush=True)
    threading.Event().wait()  # forever, like a read from a share that stopped answering

live.check_pack = hanging_check
options = app.RunOptions(
    Path({str(root)!r}), windowed=True, machine_config=Path({str(tmp_path / "m.toml")!r}),
    data_dir=Path({str(tmp_path / "data")!r}), speech=False,
)
sys.exit(app.run(options))
"""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=environment
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline() == "checking\n"
        sent = time.monotonic()
        process.send_signal(signal.SIGTERM)
        status_code = process.wait(timeout=30)
        took = time.monotonic() - sent
    assert status_code == 0
    assert took < 5


def test_after_a_sealed_pack_an_unsealed_one_waits_until_staff_reload(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    clock = FakeClock()
    root = sealed_pack(make_pack, "Old")
    kiosk = make_kiosk(root, clock=clock)
    (root / manifest.MANIFEST).unlink()
    (root / "a.md").write_text(topic("Unsealed a"))
    kiosk.live.watcher.note_change()
    settle_and_load(qtbot, kiosk, clock)
    assert titles(kiosk) == ["Old a", "Old b", "Old c"]
    assert "no manifest.toml: waiting for it" in kiosk.live.held
    report = kiosk.live.report()
    assert report.health is Health.ATTENTION  # nothing is wrong: the rest is on its way
    assert report.headline.startswith("A new pack in the folder is not shown yet: the pack ")
    with qtbot.waitSignal(kiosk.live.watcher.finished):
        kiosk.live.reload()
    assert titles(kiosk) == ["Unsealed a", "Old b", "Old c"]


def test_a_start_memo_that_breaks_the_quick_load_is_left_aside(
    make_pack: MakePack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever a memo edited by hand makes the loader do, the pack is read whole instead,
    and the kiosk starts on it."""
    from kiosk import startmemo
    from kiosk.ui import live

    root = make_pack({"a.md": topic("Shown")})
    memo_file = tmp_path / "start-memo.json"
    live.check_pack(root, None, memo_file)
    assert startmemo.read(memo_file).front_matter

    def broken(self: startmemo.Memo, text: str) -> startmemo.FrontMatter:
        return {"title": "Shown"}, {}  # no line for the title

    monkeypatch.setattr(startmemo.Memo, "known_front_matter", broken)
    checked = live.quick_check(root, None, memo_file)
    assert checked.ok
    assert checked.pack is not None
    assert [t.title for t in checked.pack.default.topics] == ["Shown"]
