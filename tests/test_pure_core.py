"""The pure core knows no Qt: it imports and works with PySide6 made unimportable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import DEFAULT_PACK

PACKAGE = Path(__file__).resolve().parents[1] / "kiosk"
# The package's modules outside kiosk/ui/ are its pure core, but for these: the watcher is
# a Qt object (it runs in the app's event loop), and __main__ runs the command line.
QT_BOUND = {"kiosk.watcher", "kiosk.__main__"}
PURE = tuple(
    name
    for name in sorted(f"kiosk.{path.stem}" for path in PACKAGE.glob("*.py"))
    if name != "kiosk.__init__" and name not in QT_BOUND
)

SCRIPT = f"""
import sys
class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6"):
            raise ImportError("Qt is blocked in the pure core: " + name)
sys.meta_path.insert(0, NoQt())
import importlib
for name in {PURE!r}:
    importlib.import_module(name)
from datetime import date
from pathlib import Path
from kiosk import lint
pack, problems = lint.validate(Path({str(DEFAULT_PACK)!r}), date(2026, 11, 24))
assert len(pack.default.topics) >= 6, pack.default.topics
assert not pack.has_errors, problems
print("ok")
"""


def test_the_pure_core_is_found_not_listed() -> None:
    """Every module of the package outside kiosk/ui/ is checked, new ones included."""
    assert {"kiosk.pack", "kiosk.config", "kiosk.paths", "kiosk.clock"} <= set(PURE)
    assert not any(name.startswith("kiosk.ui") for name in PURE)


def test_pure_modules_import_and_validate_without_qt() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=False
    )
    assert done.stdout == "ok\n", done.stderr
