"""The systemd units IT installs: systemd itself finds nothing to say about them."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

PACKAGING = Path(__file__).resolve().parents[1] / "packaging"
ANALYZE = shutil.which("systemd-analyze")


@pytest.mark.parametrize(
    ("unit", "manager"), [("kiosk.service", "--user"), ("kiosk-cage.service", "--system")]
)
def test_the_units_pass_systemd_analyze_verify(unit: str, manager: str, tmp_path: Path) -> None:
    """`systemd-analyze verify` on each unit, with what it starts installed where the unit
    says (staged under `tmp_path`: verify checks that ExecStart's program exists). It
    warns without failing, so nothing at all may be printed."""
    if ANALYZE is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but systemd-analyze is missing: CI must install systemd")
        pytest.skip("needs systemd-analyze")
    staged = tmp_path / "opt-kiosk"
    staged.mkdir()
    shutil.copy(PACKAGING / "kiosk-session", staged / "kiosk-session")
    (staged / "kiosk").write_text("#!/bin/sh\n")
    (staged / "kiosk").chmod(0o755)
    text = (PACKAGING / unit).read_text()
    assert "/opt/kiosk/" in text
    (tmp_path / unit).write_text(text.replace("/opt/kiosk/", f"{staged}/"))
    runtime = tmp_path / "runtime"  # the user manager's, for --user
    runtime.mkdir(mode=0o700)
    done = subprocess.run(
        [ANALYZE, manager, "verify", str(tmp_path / unit)],
        env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout + done.stderr == ""


def test_both_units_restart_the_kiosk_but_not_after_staff_exit() -> None:
    """The promise the docs make of both: always back, unless staff chose Exit (10)."""
    for unit in ("kiosk.service", "kiosk-cage.service"):
        lines = (PACKAGING / unit).read_text().splitlines()
        assert "Restart=always" in lines, unit
        assert "RestartPreventExitStatus=10" in lines, unit
        assert "StartLimitIntervalSec=0" in lines, unit
