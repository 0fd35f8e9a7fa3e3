"""Whether Qt will find a display, checked before Qt tries (and aborts the process).

Qt ends the process with an abort when it cannot open its platform; a kiosk must instead
say in one line what is wrong. Pure Python: reads the environment, knocks on the Wayland
compositor's socket and asks libxcb.

Qt tries Wayland first when ``WAYLAND_DISPLAY`` is set and falls back to X11 when the
compositor does not answer; with ``QT_QPA_PLATFORM=wayland`` it does not fall back.

It runs before every start, so it stays quick: the libraries are looked for the way Qt
will load them (dlopen by soname, no ldconfig run), and ctypes and sockets are imported
only on the paths that use them.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

# Platforms that need no display server.
HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc", "linuxfb", "eglfs", "vkkhrdisplay")

# Libraries Qt's xcb platform needs beyond libxcb, by soname, and the Debian packages
# that hold them; Qt's own error names only libxcb-cursor0.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}
LIBXCB = "libxcb.so.1"

NO_DISPLAY = (
    "kiosk: no display to show the kiosk on. Run it in a desktop session or set DISPLAY "
    "(e.g. DISPLAY=:0); to render a pack without a display, use 'kiosk preview DIR --out OUT'."
)


def display_problem(environ: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """One line saying why Qt cannot open a display, or None when it should."""
    if platform != "linux":
        return None
    qpa = environ.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0]
    if qpa in HEADLESS_PLATFORMS:
        return None
    if qpa.startswith("wayland") or (not qpa and environ.get("WAYLAND_DISPLAY")):
        problem = _wayland_problem(environ)
        if problem is None or qpa:
            return problem
        # Qt falls back to X11: say what is wrong with the Wayland display only when
        # there is no X display to fall back to either.
        if not environ.get("DISPLAY"):
            return problem
    display = environ.get("DISPLAY", "")
    if not display:
        return NO_DISPLAY
    missing = [deb for lib, deb in XCB_LIBRARIES.items() if not _library_present(lib)]
    if missing:
        return (
            "kiosk: libraries Qt needs to open a window are missing; install them with: "
            "apt-get install " + " ".join(missing)
        )
    if not _x_server_answers(display):
        return (
            f"kiosk: cannot connect to the display {display!r}: is the X server running, "
            "and may this user use it? To render without a display, use 'kiosk preview'."
        )
    return None


def _wayland_problem(environ: Mapping[str, str]) -> str | None:
    """Why the Wayland compositor named by the environment cannot be reached, or None."""
    if environ.get("WAYLAND_SOCKET"):  # a connection handed over by the compositor
        return None
    name = environ.get("WAYLAND_DISPLAY", "")
    if not name:
        return NO_DISPLAY
    path = Path(name)
    if not path.is_absolute():
        runtime = environ.get("XDG_RUNTIME_DIR", "")
        if not runtime:
            return (
                f"kiosk: WAYLAND_DISPLAY is {name!r} but XDG_RUNTIME_DIR is not set, so its "
                "socket cannot be found: start the kiosk from the compositor's session."
            )
        path = Path(runtime) / name
    import socket

    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as knock:
            knock.settimeout(2)
            knock.connect(str(path))
    except OSError as exc:
        return (
            f"kiosk: cannot connect to the Wayland display {name!r} ({path}: "
            f"{exc.strerror or exc}): is the compositor running, and may this user use it?"
        )
    return None


def _library_present(soname: str) -> bool:
    """Whether the library `soname` can be loaded, or is shipped inside the one-folder
    bundle."""
    if _load(soname) is not None:
        return True
    bundle = getattr(sys, "_MEIPASS", None)
    return bundle is not None and (Path(bundle) / soname).is_file()


def _load(soname: str) -> Any:
    """The library `soname` loaded as Qt would load it (None: it cannot be)."""
    import ctypes

    try:
        return ctypes.CDLL(soname)
    except OSError:
        return None


def _x_server_answers(display: str) -> bool:
    import ctypes

    xcb = _load(LIBXCB)
    if xcb is None:
        return False
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return bool(connection) and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection:
            xcb.xcb_disconnect(connection)
