"""The first frame needs only Home: the rest of the kiosk is imported and built after it,
before the first touch can need it."""

from __future__ import annotations

import builtins
import gc
import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk import cli, logs
from kiosk.ui import app
from tests.conftest import DEFAULT_PACK, REPO

# Imported only once the first frame is on screen.
AFTER_THE_FIRST_FRAME = (
    "kiosk.ui.topic",
    "kiosk.ui.slides",
    "kiosk.ui.overlays",
    "kiosk.ui.countdown",
    "kiosk.ui.staffpanel",
    "kiosk.ui.speech",
    "kiosk.ui.awake",
    "kiosk.lint",
    "markdown",
    "PySide6.QtDBus",
)
# Not imported before the first frame once the start memo has the pack (`kiosk.startmemo`).
MEMO_SPARES = ("yaml", "imagesize")

# Run in a fresh interpreter: what this one has imported says nothing. The kiosk's own
# log lines mark the moments: "first frame" before anything else is built, "kiosk ready"
# once it all is, "first full check" once the pack's full check has reported. The run
# ends at the moment given.
SCRIPT = """
import json, logging, sys
from pathlib import Path
from PySide6 import QtWidgets
from PySide6.QtCore import QTimer
from kiosk.ui.app import Kiosk, RunOptions

watched = json.loads(sys.argv[1])
until = sys.argv[4]
seen = {}

class Moments(logging.Handler):
    def emit(self, record):
        text = record.getMessage()
        for moment in ("first frame", "kiosk ready", "first full check"):
            if text.startswith(moment):
                window = kiosk.window
                seen[moment] = {
                    "imported": [name for name in watched if name in sys.modules],
                    "topic_built": window._topic is not None,
                    # Made once Shiboken works out the class of a widget Qt made.
                    "every_widget_class": "QWizard" in vars(QtWidgets),
                }
        if text.startswith("kiosk ready"):
            seen["overlays"] = [type(o).__name__ for o in kiosk.window._built_overlays()]
        if text.startswith(until):
            QTimer.singleShot(0, kiosk.app.quit)

logging.getLogger().addHandler(Moments())
logging.getLogger().setLevel(logging.INFO)
options = RunOptions(
    Path(sys.argv[2]),
    windowed=True,
    machine_config=Path(sys.argv[3]) / "machine.toml",
    data_dir=Path(sys.argv[3]) / "data",
    speech=False,
)
kiosk = Kiosk(options)
kiosk.show()
QTimer.singleShot(20_000, kiosk.app.quit)
kiosk.app.exec()
print(json.dumps(seen))
"""


def first_frame_and_ready(
    tmp_path: Path, machine: str, until: str = "kiosk ready"
) -> dict[str, Any]:
    """What was imported and built when the kiosk said "first frame", "kiosk ready", and
    (when it runs `until` then) "first full check"."""
    (tmp_path / "machine.toml").write_text(machine)
    watched = json.dumps(AFTER_THE_FIRST_FRAME + MEMO_SPARES)
    out = python(SCRIPT, watched, str(REPO / "content"), str(tmp_path), until, state=tmp_path)
    seen: dict[str, Any] = json.loads(out.splitlines()[-1])
    return seen


def python(script: str, *args: str, state: Path | None = None) -> str:
    """What `script` prints, run in a fresh interpreter (offscreen; `state` its
    XDG_STATE_HOME), which must succeed."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if state is not None:
        env["XDG_STATE_HOME"] = str(state)
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_first_frame_is_painted_before_the_rest_is_imported_and_built(
    tmp_path: Path,
) -> None:
    first_frame_and_ready(tmp_path, "", until="first full check")  # writes the memo
    seen = first_frame_and_ready(tmp_path, "")
    first, ready = seen["first frame"], seen["kiosk ready"]
    assert first == {"imported": [], "topic_built": False, "every_widget_class": False}
    # Speech is off here (no engine is looked for) and markdown waits for the full check
    # in its thread; every screen and overlay is built before the kiosk says it is ready.
    assert ready["topic_built"]
    assert {"kiosk.ui.topic", "kiosk.ui.slides", "kiosk.ui.staffpanel"} <= set(ready["imported"])
    assert seen["overlays"] == ["QrOverlay", "StillThereOverlay", "PinPad", "StaffPanel"]


def test_the_first_start_parses_the_pack_and_writes_the_memo_the_next_one_reads(
    tmp_path: Path,
) -> None:
    """A kiosk's first start (no start memo yet) parses front matter and checks pictures
    before its first frame; its full check writes the memo, so the next start does
    neither, and PyYAML and imagesize wait for that start's full check."""
    memo = tmp_path / "data" / "start-memo.json"
    seen = first_frame_and_ready(tmp_path, "", until="first full check")
    assert set(MEMO_SPARES) <= set(seen["first frame"]["imported"])
    assert memo.is_file()
    seen = first_frame_and_ready(tmp_path, "", until="first full check")
    assert not set(MEMO_SPARES) & set(seen["first frame"]["imported"])
    assert set(MEMO_SPARES) <= set(seen["first full check"]["imported"])


def test_a_kiosk_that_starts_closed_builds_no_overlay_before_its_first_frame(
    tmp_path: Path,
) -> None:
    """Closed at start (open tomorrow only), the kiosk resets (to the slideshow it then
    stops) before its first frame: the countdown it closes is not built to be closed."""
    tomorrow = (date.today() + timedelta(days=1)).strftime("%A").lower()
    seen = first_frame_and_ready(tmp_path, f'[hours]\n{tomorrow} = "08:00-17:00"\n')
    imported = set(seen["first frame"]["imported"])
    assert not imported & {"kiosk.ui.overlays", "kiosk.ui.countdown", "kiosk.ui.staffpanel"}


def test_the_command_takes_pyside6s_import_hook_out_of_the_kiosks_own_imports() -> None:
    """PySide6 wraps the import statement in a hook that reads the source of every
    module an import names (for its `__feature__` switches) and leaves it in `linecache`;
    the command puts back the import the hook wraps, and Qt's classes still load."""
    script = """
import builtins, linecache
from kiosk import cli
cli._import_qt()
from kiosk.ui.window import KioskWindow
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel("made as it is first asked for")
print(builtins.__import__ is builtins.__orig_import__)
print([name for name in linecache.cache if "kiosk" in name])
"""
    assert python(script).splitlines() == ["True", "[]"]


def test_an_import_someone_else_replaced_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    original = builtins.__import__

    def theirs(*args: Any, **kwargs: Any) -> Any:
        return original(*args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", theirs)
    cli._import_qt()
    assert builtins.__import__ is theirs


def test_the_command_starts_the_kiosk_with_no_collections_and_no_import_hook(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Importing the kiosk makes objects that live as long as it does: `kiosk` imports
    it with Python's cyclic collection off (the kiosk's own collector keeps it off), and
    with PySide6's import hook taken out."""
    seen: list[tuple[bool, bool]] = []
    monkeypatch.setattr(builtins, "__import__", builtins.__import__)  # put back after
    monkeypatch.setattr(logs, "setup", lambda folder, level: None)

    def run(options: app.RunOptions) -> int:
        seen.append((gc.isenabled(), builtins.__import__ is builtins.__orig_import__))
        return 0

    monkeypatch.setattr(app, "run", run)
    try:
        assert cli.main(["--log-dir", str(tmp_path), "--content", str(DEFAULT_PACK)]) == 0
    finally:
        gc.enable()
    assert seen == [(False, True)]
