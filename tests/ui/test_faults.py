"""Stopping cleanly: the kiosk process under a service manager's SIGTERM or a Ctrl+C."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


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
