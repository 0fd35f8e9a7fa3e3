"""Keeping the screen on: what the kiosk asks of the X server."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from pytestqt.qtbot import QtBot

from kiosk.ui.awake import ScreenKeeper


class FakeLibrary:
    """Records calls the way ctypes' CDLL functions are called."""

    def __init__(self, name: str, calls: list[tuple[str, tuple[Any, ...]]]) -> None:
        self._name, self._calls = name, calls

    def __getattr__(self, function: str) -> Any:
        def call(*args: Any) -> int:
            self._calls.append((function, args))
            return 0xD15 if function == "XOpenDisplay" else 0

        return _Callable(call)


class _Callable:
    def __init__(self, function: Any) -> None:
        self._function = function
        self.restype: Any = None
        self.argtypes: Any = None

    def __call__(self, *args: Any) -> Any:
        return self._function(*args)


def loader(libraries: set[str], calls: list[tuple[str, tuple[Any, ...]]]) -> Any:
    return SimpleNamespace(
        util=SimpleNamespace(find_library=lambda name: name if name in libraries else None),
        CDLL=lambda name: FakeLibrary(name, calls),
    )


def test_x11_suspends_the_screen_saver_and_power_saving(qtbot: QtBot) -> None:
    calls: list[tuple[str, tuple[Any, ...]]] = []
    keeper = ScreenKeeper(loader=loader({"X11", "Xss"}, calls), platform="xcb")
    assert ("XScreenSaverSuspend", (0xD15, 1)) in calls
    assert "suspended" in keeper.how


def test_without_libxss_the_saver_timer_is_reset_as_input_would(qtbot: QtBot) -> None:
    calls: list[tuple[str, tuple[Any, ...]]] = []
    keeper = ScreenKeeper(loader=loader({"X11"}, calls), platform="xcb")
    assert ("XResetScreenSaver", (0xD15,)) in calls
    assert keeper._timer.isActive()
    assert keeper._timer.interval() == 30_000


def test_other_platforms_are_left_alone(qtbot: QtBot) -> None:
    calls: list[tuple[str, tuple[Any, ...]]] = []
    keeper = ScreenKeeper(loader=loader({"X11", "Xss"}, calls), platform="offscreen")
    assert calls == []
    assert keeper.how.startswith("nothing")
