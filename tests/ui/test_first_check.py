"""A new machine's first start, and the full check after the first frame: a partly
broken pack shows what is valid; reloads, folder changes and stuck checks that land
during that check say what happened and keep the whole-pack rule."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk import lastgood, staff
from kiosk.checked import Checked
from kiosk.showing import Copy
from kiosk.ui import live
from kiosk.ui.app import Kiosk, RunOptions
from kiosk.ui.screens import Screen
from tests.conftest import FakeClock, MakePack
from tests.ui.conftest import WALL_TIME, MakeKiosk, plain
from tests.ui.test_live_content import settle_and_load, status, titles, topic

GOOD = topic("First")


class Gate:
    """Holds the kiosk's pack checks until `open` (a slow share), then runs them."""

    def __init__(self) -> None:
        self.opened = threading.Event()
        self.started = threading.Event()
        self.before: Callable[[], None] = lambda: None

    def __call__(self, folder: Path) -> Checked:
        self.started.set()
        assert self.opened.wait(10)
        self.before()
        return live.check_pack(folder, None)

    def open(self) -> None:
        self.opened.set()


StartGated = Callable[[Path], tuple[Kiosk, Gate]]


@pytest.fixture
def start_gated(qtbot: QtBot, tmp_path: Path) -> Iterator[StartGated]:
    """A kiosk on `root` whose full check after the first frame waits at a gate."""
    made: list[Kiosk] = []

    def start(root: Path) -> tuple[Kiosk, Gate]:
        machine = tmp_path / "machine.toml"
        staff.set_pin(machine, "2468")
        options = RunOptions(
            root,
            windowed=True,
            machine_config=machine,
            data_dir=tmp_path / "data",
            status_file=tmp_path / "status.json",
            clock=FakeClock(),
            now=lambda: WALL_TIME,
            speech=False,
        )
        kiosk = Kiosk(options)
        gate = Gate()
        kiosk.live.watcher._check = gate
        kiosk.show()
        qtbot.addWidget(kiosk.window)
        made.append(kiosk)
        qtbot.waitUntil(gate.started.is_set)  # the first frame is up; its full check waits
        return kiosk, gate

    yield start
    for kiosk in made:
        kiosk.live.watcher._check_running = None
        kiosk.shutdown()


def test_a_reload_during_the_first_check_says_what_that_check_found(
    qtbot: QtBot, start_gated: StartGated, make_pack: MakePack
) -> None:
    kiosk, gate = start_gated(make_pack({"a.md": GOOD}))
    kiosk.staff.show_panel()
    kiosk.reload_by_staff()  # the running check will do
    with qtbot.waitSignal(kiosk.live.reload_finished, timeout=10_000):
        gate.open()
    assert kiosk.live.outcome == "Reloaded: 1 topic, no version set, at 10:42."
    assert kiosk.window.staff_panel.isVisible()


def test_a_reload_during_a_failing_first_check_says_what_shows_after_it(
    qtbot: QtBot, start_gated: StartGated, make_pack: MakePack
) -> None:
    kiosk, gate = start_gated(make_pack({"a.md": GOOD, "b.md": EMPTY_SECTION}))
    kiosk.staff.show_panel()
    kiosk.reload_by_staff()
    with qtbot.waitSignal(kiosk.live.reload_finished, timeout=10_000):
        gate.open()
    assert kiosk.live.on_screen.copy is Copy.PART
    assert kiosk.live.outcome == (
        "Not loaded: 1 error in b.md line 7; still showing the 1 topic without errors, "
        "loaded at 10:42."
    )
    assert kiosk.window.staff_panel.isVisible()  # the fallback's swap closed it


def test_a_folder_changed_during_the_first_check_is_then_treated_as_any_change(
    qtbot: QtBot, start_gated: StartGated, make_pack: MakePack
) -> None:
    """The first check that saw the folder change has no verdict; the next check is of a
    new pack: with an error, it is refused, and the whole pack on screen stays, under the
    patient reading it."""
    root = make_pack({"a.md": GOOD, "b.md": topic("Second")})
    kiosk, gate = start_gated(root)
    gate.before = lambda: (root / "c.md").write_text(EMPTY_SECTION)
    with qtbot.waitSignal(kiosk.live.watcher.finished, timeout=10_000):
        gate.open()
    assert not kiosk.live.first_check_due
    window = kiosk.window
    window.open_topic("a")
    gate.before = lambda: None
    clock = kiosk.options.clock
    assert isinstance(clock, FakeClock)
    with qtbot.waitSignal(kiosk.live.watcher.pack_refused, timeout=10_000):
        settle_and_load(qtbot, kiosk, clock)
    assert kiosk.live.on_screen.copy is Copy.FOLDER
    assert titles(kiosk) == ["First", "Second"]
    assert window.current_screen is Screen.TOPIC


def test_a_first_check_that_gets_stuck_keeps_the_screen(
    qtbot: QtBot, start_gated: StartGated, make_pack: MakePack
) -> None:
    """A check abandoned (or failed) says nothing against the pack on screen."""
    kiosk, gate = start_gated(make_pack({"a.md": GOOD}))
    shown = kiosk.window.pack
    clock = kiosk.options.clock
    assert isinstance(clock, FakeClock)
    clock.advance(kiosk.live.watcher.check_seconds)
    with qtbot.waitSignal(kiosk.live.watcher.pack_refused, timeout=10_000):
        pass
    assert kiosk.window.pack is shown
    assert kiosk.live.on_screen.copy is Copy.FOLDER
    assert kiosk.is_ready
    gate.open()


EMPTY_SECTION = "---\ntitle: Broken\nsources: [A guide]\n---\nIntro.\n\n## Empty\n"


@pytest.mark.parametrize(
    "broken",
    [
        "---\ntitle: Half copied\n",  # found as the pack loads, before the first frame
        EMPTY_SECTION,  # found only by the full check, after it
    ],
)
def test_a_first_start_with_a_broken_topic_shows_the_others_and_says_which_is_out(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack, broken: str
) -> None:
    """A new machine (no last good copy yet) shows the topics without errors, not the
    "being updated" page; the staff panel and status.json say which file is out, and why."""
    root = make_pack(
        {"a.md": topic("First"), "b.md": broken, "c.md": topic("Third"), "d.md": topic("Last")}
    )
    kiosk = make_kiosk(root, pin="2468")
    assert kiosk.window.current_screen is Screen.HOME
    assert titles(kiosk) == ["First", "Third", "Last"]
    assert kiosk.live.on_screen.copy is Copy.PART
    written = status(kiosk)
    assert written["showing"] == "part of the pack folder"
    assert written["left_out"] == ["b.md"]
    assert written["topics_shown"] == 3
    assert written["health"] == "fault"
    kiosk.staff.show_panel()
    panel = kiosk.window.staff_panel
    assert plain(panel.health).startswith("Not loaded whole: 1 error in b.md line ")
    assert plain(panel.health).endswith("; showing the 3 topics without errors.")
    assert any(line.startswith("Left out: b.md line ") for line in plain(panel.shown).splitlines())
    assert lastgood.saved(kiosk.data) is None  # part of a pack is never kept as good


def test_after_a_partial_start_only_a_whole_pack_replaces_it(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    """Live swaps keep the whole-pack rule: a folder still with an error changes nothing
    on screen; once it has none, the whole pack goes on and is kept as good."""
    clock = FakeClock()
    root = make_pack({"a.md": topic("First"), "b.md": EMPTY_SECTION})
    kiosk = make_kiosk(root, clock=clock)
    shown = kiosk.window.pack
    assert titles(kiosk) == ["First"]
    (root / "c.md").write_text(topic("New, but the folder is still broken"))
    kiosk.live.watcher.note_change()
    with qtbot.waitSignal(kiosk.live.watcher.pack_refused):
        settle_and_load(qtbot, kiosk, clock)
    assert kiosk.window.pack is shown
    assert kiosk.live.on_screen.copy is Copy.PART
    (root / "b.md").write_text(topic("Second, fixed"))
    kiosk.live.watcher.note_change()
    settle_and_load(qtbot, kiosk, clock)
    assert titles(kiosk) == ["First", "Second, fixed", "New, but the folder is still broken"]
    assert status(kiosk)["showing"] == "pack folder"
    assert status(kiosk)["left_out"] == []
    assert kiosk.live.copying is not None
    kiosk.live.copying.join()
    assert lastgood.saved(kiosk.data) is not None


def test_a_partial_start_in_one_language_keeps_the_others_whole(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    root = make_pack(
        {
            "pack.toml": '[pack]\nlanguage = "en"\n',
            "en/a.md": topic("Sleep"),
            "en/b.md": topic("Food"),
            "es/a.md": topic("Sueño"),
            "es/b.md": EMPTY_SECTION,
        }
    )
    kiosk = make_kiosk(root)
    pack = kiosk.window.pack
    assert pack is not None
    assert [t.title for t in pack.edition("en").topics] == ["Sleep", "Food"]
    assert [t.title for t in pack.edition("es").topics] == ["Sueño"]
    assert status(kiosk)["left_out"] == ["es/b.md"]


def test_a_full_check_that_finds_a_slide_broken_leaves_it_out_too(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    root = make_pack(
        {
            "a.md": GOOD,
            "b.md": "---\ntitle: Half copied\n",  # found before the first frame
            "slides/01-good.md": "Welcome.\n",
            "slides/02-bad.md": "Bring these:\n",  # a list promised: found by the full check
        }
    )
    kiosk = make_kiosk(root)
    assert kiosk.window.pack is not None
    assert [s.file for s in kiosk.window.pack.default.slides] == ["slides/01-good.md"]
    assert status(kiosk)["left_out"] == ["b.md", "slides/02-bad.md"]


def test_a_new_machine_on_the_updating_page_takes_part_of_a_pack_copied_in_later(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    """Started on an empty folder (a stick not yet in), then given a pack with one bad
    topic: part of a pack is better than nothing."""
    clock = FakeClock()
    root = make_pack({})
    kiosk = make_kiosk(root, clock=clock)
    assert kiosk.window.current_screen is Screen.UPDATING
    (root / "a.md").write_text(GOOD)
    (root / "b.md").write_text(EMPTY_SECTION)
    kiosk.live.watcher.note_change()
    settle_and_load(qtbot, kiosk, clock)
    assert kiosk.live.on_screen.copy is Copy.PART
    assert titles(kiosk) == ["First"]


def test_a_pack_that_waited_for_an_open_panel_goes_on_when_it_closes(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    clock = FakeClock()
    root = make_pack({"a.md": GOOD})
    kiosk = make_kiosk(root, pin="2468", clock=clock)
    kiosk.staff.show_panel()
    (root / "b.md").write_text(topic("New"))
    kiosk.live.watcher.note_change()
    settle_and_load(qtbot, kiosk, clock)
    assert kiosk.live.pending is not None  # an open panel: someone may be reading
    kiosk.window.staff_panel.close_overlay()
    assert kiosk.live.pending is None
    assert titles(kiosk) == ["First", "New"]


def test_a_reload_never_reopens_a_panel_staff_closed(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    root = make_pack({"a.md": GOOD})
    kiosk = make_kiosk(root, pin="2468")
    kiosk.staff.show_panel()
    (root / "b.md").write_text(topic("New"))
    panel = kiosk.window.staff_panel
    with qtbot.waitSignal(kiosk.live.reload_finished, timeout=10_000):
        kiosk.reload_by_staff()
        panel.close_overlay()  # staff walked away before the check ended
    assert titles(kiosk) == ["First", "New"]  # a reload shows it at once
    assert not panel.isVisible()
