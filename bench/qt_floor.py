"""A second floor: the bare window (`bench/bare_window.py`) after importing every PySide6
class and namespace that the kiosk imports before its first frame, and nothing of the
kiosk.

PySide6 makes a class's Python type, and every enum in it, the first time the class is
imported; the `Qt` namespace alone holds some hundred enums. The kiosk pays for the
classes it names before its first frame (those Home is drawn with, and those of the
pieces made with the window) however little else it does. What it takes beyond this
window is its own code: parsing its options, reading the pack, building Home and its
style sheet, the fonts.

    python bench/qt_floor.py QtCore.Qt QtGui.QFont ...

`command` gives the names: it imports the kiosk as its start does, in a process of its
own, and reads the PySide6 imports at the top level of every kiosk module loaded then, so
the floor follows the code. They are given on the command line, so this window does not
pay for finding them. Writes "ready" to stderr once its first frame is painted, as the
bare window does.
"""

import importlib
import runpy
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Run by `command`: the kiosk modules its start imports before the first frame.
_LOADED = """
import sys
from kiosk import cli
cli._import_qt()
import kiosk.ui.app
print("\\n".join(m.__file__ for n, m in sys.modules.items() if n.split(".")[0] == "kiosk"))
"""


def command(python: str = sys.executable) -> list[str]:
    """The command that starts this window with every PySide6 name (``QtCore.Qt``) that a
    kiosk module loaded before the first frame imports when it is loaded."""
    import ast

    loaded = subprocess.run(
        [python, "-c", _LOADED], capture_output=True, text=True, check=True, cwd=REPO
    ).stdout.split()
    names = set()
    for path in loaded:
        for node in ast.parse(Path(path).read_text()).body:  # what runs on import
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6."):
                names |= {f"{node.module[8:]}.{alias.name}" for alias in node.names}
            elif isinstance(node, ast.Import | ast.ImportFrom) and "PySide6" in ast.dump(node):
                raise SystemExit(f"{path}: import PySide6 as `from PySide6.X import Y`")
    return [python, str(Path(__file__).resolve()), *sorted(names)]


def main() -> None:
    for given in sys.argv[1:]:
        module, _, name = given.partition(".")
        getattr(importlib.import_module(f"PySide6.{module}"), name)
    sys.argv = sys.argv[:1]
    runpy.run_path(str(REPO / "bench" / "bare_window.py"), run_name="__main__")


if __name__ == "__main__":
    main()
