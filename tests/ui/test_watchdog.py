"""systemd's watchdog: READY=1 after the first frame, WATCHDOG=1 from the UI thread while
it runs, none once it hangs, STOPPING=1 on a clean exit; against a real notify socket."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.ui.watchdog import Watchdog, notify, ping_interval_ms
from tests.conftest import DEFAULT_PACK


@pytest.fixture
def notify_socket(tmp_path: Path) -> Iterator[tuple[socket.socket, str]]:
    """A socket bound where systemd's would be, and its path for NOTIFY_SOCKET."""
    path = str(tmp_path / "notify")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(20)
    yield sock, path
    sock.close()


def received(sock: socket.socket) -> str:
    return sock.recv(4096).decode()


def test_messages_reach_the_socket_and_nothing_is_sent_without_one(
    notify_socket: tuple[socket.socket, str],
) -> None:
    sock, path = notify_socket
    assert notify("READY=1", {"NOTIFY_SOCKET": path})
    assert received(sock) == "READY=1"
    assert not notify("READY=1", {})
    assert not notify("READY=1", {"NOTIFY_SOCKET": path + ".gone"})  # logged, not raised


def test_the_ping_is_half_the_watchdog_time_and_only_for_the_watched_process() -> None:
    assert ping_interval_ms({"WATCHDOG_USEC": "30000000"}) == 15_000
    assert ping_interval_ms({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}) is None
    mine = {"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid())}
    assert ping_interval_ms(mine) == 15_000
    assert ping_interval_ms({}) is None
    assert ping_interval_ms({"WATCHDOG_USEC": "soon"}) is None


def test_ready_then_pings_from_the_ui_threads_timer(
    qtbot: QtBot, notify_socket: tuple[socket.socket, str]
) -> None:
    sock, path = notify_socket
    watchdog = Watchdog({"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "200000"})
    watchdog.ready("showing pack folder")
    assert received(sock) == "READY=1\nSTATUS=showing pack folder"
    assert watchdog.timer.interval() == 100
    with qtbot.waitSignal(watchdog.timer.timeout, timeout=5_000):
        pass
    assert received(sock) == "WATCHDOG=1"
    watchdog.stopping()
    assert received(sock) == "STOPPING=1"
    assert not watchdog.timer.isActive()


KIOSK = """
import sys, threading
from pathlib import Path
import kiosk.ui.app as app

options = app.RunOptions(Path(sys.argv[1]), windowed=True, data_dir=Path(sys.argv[2]),
                         machine_config=Path(sys.argv[2]) / "m.toml", speech=False)
kiosk = app.start(options)
if sys.argv[3] == "hang":  # after its fifth ping, the UI thread blocks for good
    pings = []

    def hang_at_the_fifth() -> None:
        pings.append(1)
        if len(pings) == 5:
            threading.Event().wait()

    kiosk.watchdog.timer.timeout.connect(hang_at_the_fifth)
kiosk.faults.install()
stops = app.StopSignals(kiosk)
stops.stop_requested.connect(lambda name: kiosk.app.quit())
try:
    kiosk.app.exec()
finally:
    kiosk.watchdog.stopping()
    kiosk.shutdown()
"""


@contextmanager
def running_kiosk(path: str, tmp_path: Path, mode: str) -> Iterator[subprocess.Popen[bytes]]:
    """A kiosk process told to notify the socket at `path` (a ping every 0.2 s), killed
    at the end whatever it is doing."""
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "NOTIFY_SOCKET": path,
        "WATCHDOG_USEC": "400000",
    }
    process = subprocess.Popen(
        [sys.executable, "-c", KIOSK, str(DEFAULT_PACK), str(tmp_path), mode],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        process.kill()
        process.wait(10)


def test_a_hung_ui_thread_stops_the_pings(
    notify_socket: tuple[socket.socket, str], tmp_path: Path
) -> None:
    sock, path = notify_socket
    with running_kiosk(path, tmp_path, "hang") as process:
        assert received(sock).startswith("READY=1\nSTATUS=showing pack folder")
        assert [received(sock) for _ in range(5)] == ["WATCHDOG=1"] * 5
        sock.settimeout(3)  # fifteen pings' time
        with pytest.raises(TimeoutError):  # then silence
            received(sock)
        assert process.poll() is None  # alive, frozen: what systemd's watchdog is for


def test_a_clean_stop_says_stopping(
    notify_socket: tuple[socket.socket, str], tmp_path: Path
) -> None:
    sock, path = notify_socket
    with running_kiosk(path, tmp_path, "run") as process:
        assert received(sock).startswith("READY=1")
        process.send_signal(signal.SIGTERM)
        messages = [received(sock)]
        while messages[-1] == "WATCHDOG=1":
            messages.append(received(sock))
        assert messages[-1] == "STOPPING=1"
        assert process.wait(20) == 0
