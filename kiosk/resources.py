"""Where the app's own files are: `assets/` and the default pack `content/`.

They sit at the top of a source checkout (and of an editable install), inside the
package in a wheel (``kiosk/assets``), and at the top of a PyInstaller bundle.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path, PurePosixPath


@cache
def base() -> Path:
    """The folder holding `assets/` and `content/`."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    package = Path(__file__).resolve().parent
    for candidate in (package.parent, package):
        if (candidate / "assets").is_dir():
            return candidate
    raise FileNotFoundError(f"the kiosk's assets folder is missing beside {package}")


def asset(name: str) -> Path:
    """The path of asset `name`, e.g. ``"themes/calm.toml"``.

    Raises:
        ValueError: `name` is absolute or climbs out with ``..``.
    """
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise ValueError(f"asset names are relative paths inside assets/, not {name!r}")
    return base() / "assets" / relative


def default_pack() -> Path:
    """The bundled default content pack."""
    return base() / "content"
