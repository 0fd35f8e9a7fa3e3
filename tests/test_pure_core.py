"""The pure core knows no Qt: it imports and works with PySide6 made unimportable."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import DEFAULT_PACK

PURE = (
    "kiosk.config",
    "kiosk.clinic",
    "kiosk.pack",
    "kiosk.packfolder",
    "kiosk.frontmatter",
    "kiosk.editions",
    "kiosk.topicfile",
    "kiosk.loader",
    "kiosk.markup",
    "kiosk.lint",
    "kiosk.problem",
    "kiosk.images",
    "kiosk.cli",
    "kiosk.stats",
    "kiosk.words",
    "kiosk.session",
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
assert len(pack.topics) >= 6, pack.topics
assert not pack.has_errors, problems
print("ok")
"""


def test_pure_modules_import_and_validate_without_qt() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=False
    )
    assert done.stdout == "ok\n", done.stderr
