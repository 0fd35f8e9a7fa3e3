"""Stopping cleanly: the kiosk process under a service manager's SIGTERM or a Ctrl+C."""

from __future__ import annotations

import logging
import os
import selectors
import signal
import subprocess
import sys
import time
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.ui.app import Kiosk
from kiosk.ui.screens import Screen


def wait_for_line(process: subprocess.Popen[str], text: str, timeout: float = 30.0) -> str:
    """Read the process's stderr until a line containing `text` (or fail with it all)."""
    assert process.stderr is not None
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(process.stderr, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if not selector.select(deadline - time.monotonic()):
                break
            line = process.stderr.readline()
            if not line:
                break
            seen.append(line)
            if text in line:
                return line
    pytest.fail(f"no {text!r} within {timeout:.0f} s:\n{''.join(seen)}")


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_ends_the_kiosk_cleanly_with_status_0(
    tmp_path: Path, stop: signal.Signals
) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    for private in ("KIOSK_CONFIG", "KIOSK_DATA", "KIOSK_CONTENT"):
        env.pop(private, None)
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_line(process, "kiosk ready")
        process.send_signal(stop)
        wait_for_line(process, f"stopping on {stop.name}")
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        assert process.stderr is not None
        process.stderr.close()
    log = (tmp_path / "state" / "kiosk" / "log" / "kiosk.log").read_text()
    assert "kiosk stopped (status 0)" in log
    status = (tmp_path / "state" / "kiosk" / "log" / "status.json").read_text()
    assert '"faults": 0' in status


def test_an_exception_in_a_slot_is_logged_and_the_kiosk_goes_home(
    qtbot: QtBot, make_kiosk: Callable[..., Kiosk], caplog: pytest.LogCaptureFixture
) -> None:
    """Raised from a real slot under the installed hook, not handed to it by the test."""
    from PySide6.QtCore import QTimer

    kiosk = make_kiosk()
    kiosk.window.open_topic("02-treatments-that-work-first")

    def broken_slot() -> None:
        raise RuntimeError("a slot failed")

    kiosk.faults.install()
    try:
        with qtbot.waitSignal(kiosk.window.screen_changed):
            QTimer.singleShot(0, broken_slot)
    finally:
        kiosk.faults.restore()
    assert kiosk.window.current_screen is Screen.HOME
    assert "a slot failed" in caplog.text
    assert kiosk.faults.faults == 1


def test_qt_messages_go_to_the_log(caplog: pytest.LogCaptureFixture) -> None:
    """Qt's warnings are logged as warnings; its known-harmless chatter only at debug."""
    from PySide6.QtCore import QMessageLogContext, QtMsgType

    from kiosk.ui import qtlog

    caplog.set_level(logging.DEBUG, logger="qt")
    qtlog._handler(QtMsgType.QtWarningMsg, QMessageLogContext(), "a Qt warning")
    qtlog._handler(QtMsgType.QtWarningMsg, QMessageLogContext(), qtlog.HARMLESS[0])
    records = [(r.name, r.levelname, r.getMessage()) for r in caplog.records]
    assert records == [("qt", "WARNING", "a Qt warning"), ("qt", "DEBUG", qtlog.HARMLESS[0])]


def test_the_cycle_collector_runs_on_the_ui_thread_only(qtbot: QtBot) -> None:
    import gc

    from kiosk.ui.faults import UiThreadCollector

    assert gc.isenabled()
    collector = UiThreadCollector()
    assert not gc.isenabled()
    collector.stop()
    assert gc.isenabled()


class _Cycle:
    me: object = None


def _cycle() -> tuple[_Cycle, weakref.ref[_Cycle]]:
    """An object that refers to itself (only the cycle collector frees it), and a weak
    reference that says whether it has been."""
    cycle = _Cycle()
    cycle.me = cycle
    return cycle, weakref.ref(cycle)


def test_the_collector_frees_the_garbage_then_freezes_what_lives_on(qtbot: QtBot) -> None:
    """Garbage made before the freeze is collected, not kept for good; what is alive is
    left out of later collections until the collector stops."""
    import gc

    from kiosk.ui.faults import UiThreadCollector

    collector = UiThreadCollector()
    garbage, gone = _cycle()
    del garbage
    collector.freeze()
    assert gone() is None
    assert gc.get_freeze_count() > 0
    collector.stop()
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


def test_after_a_thaw_the_next_full_collection_frees_what_was_frozen_then_freezes_again(
    qtbot: QtBot,
) -> None:
    import gc

    from kiosk.ui.faults import UiThreadCollector

    collector = UiThreadCollector()
    kept, gone = _cycle()
    collector.freeze()
    del kept  # garbage now, but frozen: no collection looks at it
    collector.thaw()
    assert gc.get_freeze_count() == 0
    for _ in range(59):  # the young objects' collections, a second apart
        collector._collect()
    assert gone() is not None
    collector._collect()  # the minute's full one
    assert gone() is None
    assert gc.get_freeze_count() > 0
    collector.stop()


def test_once_ready_the_kiosk_freezes_what_its_start_built(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    """What the start built is out of every later collection (the full one each minute
    would walk it all) while the kiosk runs, until its content changes or a patient is
    forgotten."""
    import gc

    kiosk = make_kiosk()
    assert gc.get_freeze_count() > 10_000
    kiosk.live.changed.emit()  # checked again, nothing else on screen: still frozen
    assert gc.get_freeze_count() > 10_000
    kiosk.live.swapped.emit()  # a pack swapped in: the one it replaced may be garbage
    assert gc.get_freeze_count() == 0
    kiosk.collector.freeze()  # as the next minute's full collection does
    kiosk.controller.reset_now()  # the patient forgotten, with the cards of their choices
    assert gc.get_freeze_count() == 0
    kiosk.collector.freeze()
    kiosk.shutdown()
    assert gc.get_freeze_count() == 0
