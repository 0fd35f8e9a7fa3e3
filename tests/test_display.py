"""Before Qt is asked for a window: is there a display to open?"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import display
from kiosk.display import NO_DISPLAY, display_problem


@pytest.mark.parametrize("platform", ["offscreen", "minimal", "vnc:size=800x600"])
def test_headless_platforms_need_no_display(platform: str) -> None:
    assert display_problem({"QT_QPA_PLATFORM": platform}, "linux") is None


def test_no_display_at_all_is_one_clear_line() -> None:
    assert display_problem({}, "linux") == NO_DISPLAY
    assert "\n" not in NO_DISPLAY
    assert "DISPLAY" in NO_DISPLAY
    assert "kiosk preview" in NO_DISPLAY


def listening(path: Path) -> socket.socket:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(8)
    return server


def test_wayland_needs_its_compositor_to_answer(tmp_path: Path) -> None:
    with listening(tmp_path / "wayland-1"):
        answers = {"WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": str(tmp_path)}
        assert display_problem(answers, "linux") is None
        assert display_problem({**answers, "QT_QPA_PLATFORM": "wayland"}, "linux") is None
        absolute = {"WAYLAND_DISPLAY": str(tmp_path / "wayland-1")}
        assert display_problem(absolute, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "wayland"}, "linux") == NO_DISPLAY


def test_a_wayland_display_that_is_gone_is_one_line(tmp_path: Path) -> None:
    gone = {"WAYLAND_DISPLAY": "wayland-9", "XDG_RUNTIME_DIR": str(tmp_path)}
    problem = display_problem(gone, "linux")
    assert problem is not None
    assert "\n" not in problem
    assert problem.startswith("kiosk: cannot connect to the Wayland display 'wayland-9'")
    assert str(tmp_path / "wayland-9") in problem
    assert display_problem({**gone, "QT_QPA_PLATFORM": "wayland"}, "linux") == problem
    no_runtime = display_problem({"WAYLAND_DISPLAY": "wayland-9"}, "linux")
    assert no_runtime is not None
    assert "XDG_RUNTIME_DIR" in no_runtime


def test_without_a_compositor_qt_falls_back_to_x11(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As Qt does: WAYLAND_DISPLAY set but nobody answering, and DISPLAY set, is X11's
    case (here an X server that answers)."""
    monkeypatch.setattr(display, "_library_present", lambda name: True)
    monkeypatch.setattr(display, "_x_server_answers", lambda name: True)
    environ = {"WAYLAND_DISPLAY": "wayland-9", "XDG_RUNTIME_DIR": str(tmp_path), "DISPLAY": ":0"}
    assert display_problem(environ, "linux") is None
    forced = display_problem({**environ, "QT_QPA_PLATFORM": "wayland"}, "linux")
    assert forced is not None
    assert "Wayland display" in forced


def test_other_systems_are_left_to_qt() -> None:
    assert display_problem({}, "win32") is None


def test_missing_xcb_libraries_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(display, "_load", lambda name: None if "icccm" in name else name)
    problem = display_problem({"DISPLAY": ":0"}, "linux")
    assert problem is not None
    assert problem.endswith("apt-get install libxcb-icccm4")


def test_x_server_that_does_not_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(display, "_x_server_answers", lambda name: False)
    monkeypatch.setattr(display, "_load", lambda name: name)
    problem = display_problem({"DISPLAY": ":57"}, "linux")
    assert problem is not None
    assert "cannot connect to the display ':57'" in problem


@pytest.mark.skipif(sys.platform != "linux", reason="X11 display names are a Linux matter")
def test_kiosk_without_a_display_exits_2_with_one_line() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(
        [sys.executable, "-m", "kiosk"], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == NO_DISPLAY + "\n"


def test_libraries_shipped_in_the_bundle_count_as_present(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    from pathlib import Path

    bundle = Path(str(tmp_path))
    (bundle / "libxcb-icccm.so.4").write_bytes(b"")
    monkeypatch.setattr(display, "_load", lambda name: None)
    monkeypatch.setattr(display.sys, "_MEIPASS", str(bundle), raising=False)
    assert display._library_present("libxcb-icccm.so.4")
    assert not display._library_present("libxcb-cursor.so.0")


def test_the_libraries_here_are_found_by_soname() -> None:
    """On this machine (which runs the kiosk under Xvfb in the end-to-end tests) every
    library Qt's xcb platform needs loads by the soname the check asks for."""
    if sys.platform != "linux":
        pytest.skip("sonames are a Linux matter")
    missing = [name for name in (*display.XCB_LIBRARIES, display.LIBXCB) if not display._load(name)]
    assert not missing
