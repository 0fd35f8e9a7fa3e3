"""Keeping the screen on: what the kiosk asks of the X server and of the session."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import ClassInfo, QObject, Slot
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from kiosk.ui import awake
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


# The session's screen saver over D-Bus -------------------------------------------------

DBUS_DAEMON = shutil.which("dbus-daemon")


@ClassInfo({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
class FakeScreenSaver(QObject):
    """What KDE, Xfce and others offer: Inhibit(application, reason) -> cookie."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, str]] = []

    @Slot(str, str, result=int)
    def Inhibit(self, application: str, reason: str) -> int:  # noqa: N802 (D-Bus's name)
        self.calls.append((application, reason))
        return len(self.calls)


@dataclass
class Bus:
    """A private session bus (its own dbus-daemon) and a second connection to it, on
    which a test offers a fake screen saver."""

    address: str
    kiosk: QDBusConnection
    other: QDBusConnection

    def offer(self, saver: FakeScreenSaver) -> None:
        options = QDBusConnection.RegisterOption.ExportAllSlots
        assert self.other.registerObject("/org/freedesktop/ScreenSaver", saver, options)
        assert self.other.registerService("org.freedesktop.ScreenSaver")

    def withdraw(self) -> None:
        assert self.other.unregisterService("org.freedesktop.ScreenSaver")
        self.other.unregisterObject("/org/freedesktop/ScreenSaver")


@pytest.fixture
def bus(tmp_path: Path) -> Iterator[Bus]:
    if DBUS_DAEMON is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but dbus-daemon is missing: CI must install it")
        pytest.skip("needs dbus-daemon")
    address = f"unix:path={tmp_path / 'bus'}"
    config = tmp_path / "session.conf"
    config.write_text(
        "<!DOCTYPE busconfig PUBLIC '-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN'"
        " 'http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd'>"
        f"<busconfig><type>session</type><listen>{address}</listen>"
        "<policy context='default'><allow send_destination='*' eavesdrop='true'/>"
        "<allow eavesdrop='true'/><allow own='*'/></policy></busconfig>"
    )
    with (tmp_path / "dbus-daemon.log").open("w") as log:
        daemon = subprocess.Popen(
            [DBUS_DAEMON, f"--config-file={config}", "--nofork", "--print-address"],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
    try:
        assert daemon.stdout is not None
        assert daemon.stdout.readline().startswith("unix:")  # listening now
        kiosk = QDBusConnection.connectToBus(address, "kiosk")
        other = QDBusConnection.connectToBus(address, "screen-saver")
        assert kiosk.isConnected()
        assert other.isConnected()
        yield Bus(address, kiosk, other)
        QDBusConnection.disconnectFromBus("kiosk")
        QDBusConnection.disconnectFromBus("screen-saver")
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)
        if daemon.stdout is not None:
            daemon.stdout.close()


def test_the_session_screen_saver_is_asked_not_to_blank(qtbot: QtBot, bus: Bus) -> None:
    saver = FakeScreenSaver()
    bus.offer(saver)
    keeper = ScreenKeeper(platform="wayland", bus=bus.kiosk)
    with qtbot.waitSignal(keeper.changed, timeout=5000):
        pass
    assert saver.calls == [(awake.APP_NAME, awake.REASON)]
    assert keeper.how == (
        "the session's screen saver inhibited (org.freedesktop.ScreenSaver.Inhibit)"
    )


def test_a_screen_saver_that_comes_back_is_asked_again(qtbot: QtBot, bus: Bus) -> None:
    """An inhibition ends with the connection it was made on: when the screen saver
    leaves the bus the kiosk says nothing holds, and when one comes, it asks it."""
    keeper = ScreenKeeper(platform="wayland", bus=bus.kiosk)
    assert keeper.how.startswith("nothing")
    saver = FakeScreenSaver()
    with qtbot.waitSignal(keeper.changed, timeout=5000):
        bus.offer(saver)
    assert len(saver.calls) == 1
    assert "inhibited" in keeper.how

    with qtbot.waitSignal(keeper.changed, timeout=5000):
        bus.withdraw()
    assert keeper.how.startswith("nothing")

    with qtbot.waitSignal(keeper.changed, timeout=5000):
        bus.offer(saver)
    assert len(saver.calls) == 2
    assert "inhibited" in keeper.how


def test_x11_and_the_session_screen_saver_both_hold(qtbot: QtBot, bus: Bus) -> None:
    saver = FakeScreenSaver()
    bus.offer(saver)
    calls: list[tuple[str, tuple[Any, ...]]] = []
    keeper = ScreenKeeper(loader=loader({"X11", "Xss"}, calls), platform="xcb", bus=bus.kiosk)
    with qtbot.waitSignal(keeper.changed, timeout=5000):
        pass
    assert keeper.how.startswith("X screen saver and power saving suspended")
    assert keeper.how.endswith("(org.freedesktop.ScreenSaver.Inhibit)")


def test_no_screen_saver_on_the_bus_is_said(qtbot: QtBot, bus: Bus) -> None:
    keeper = ScreenKeeper(platform="wayland", bus=bus.kiosk)
    assert keeper.how.startswith("nothing")
    assert "session bus" in keeper.how
