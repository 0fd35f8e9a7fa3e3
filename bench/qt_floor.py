"""A second floor: the bare window (`bench/bare_window.py`) after importing every PySide6
class and namespace that the kiosk's first frame imports, and nothing of the kiosk.

PySide6 makes a class's Python type, and every enum in it, the first time the class is
imported; the `Qt` namespace alone holds some hundred enums. Any Home drawn with Qt's
widgets pays for them before its first frame, however little else it does. Whatever the
kiosk takes beyond this window is its own code: parsing its options, reading the pack,
building Home and its style sheet, the fonts.

    python bench/qt_floor.py QtCore.Qt QtGui.QFont ...

The names are the PySide6 imports of the modules on the way to the first frame
(`HOME_PATH`), so the floor follows the code: `command` reads them there and gives them
on the command line, so that this window does not pay for reading them. Writes "ready"
to stderr once its first frame is painted, as the bare window does.
"""

import importlib
import runpy
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The kiosk.ui modules imported before the first frame that import from PySide6.
HOME_PATH = ("app", "controls", "home", "live", "morebelow", "theme", "widgets", "window")


def command(python: str = sys.executable) -> list[str]:
    """The command that starts this window with every PySide6 name (``QtCore.Qt``) the
    modules in `HOME_PATH` import."""
    import ast

    names = []
    for module in HOME_PATH:
        tree = ast.parse((REPO / "kiosk" / "ui" / f"{module}.py").read_text())
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6."):
                names += [f"{node.module[8:]}.{alias.name}" for alias in node.names]
    return [python, str(Path(__file__).resolve()), *sorted(set(names))]


def main() -> None:
    for given in sys.argv[1:]:
        module, _, name = given.partition(".")
        getattr(importlib.import_module(f"PySide6.{module}"), name)
    sys.argv = sys.argv[:1]
    runpy.run_path(str(REPO / "bench" / "bare_window.py"), run_name="__main__")


if __name__ == "__main__":
    main()
