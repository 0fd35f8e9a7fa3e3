"""Keep the screen on while the kiosk runs, with whatever the session offers an app.

Two mechanisms, each used where it exists, and `ScreenKeeper.how` says in words which
hold (the log and status.json repeat it):

- On X11, the kiosk asks the X server to suspend its screen saver and display power
  saving (the MIT-SCREEN-SAVER extension's ``XScreenSaverSuspend``, libXss) for as long
  as the kiosk's connection lives; without libXss it resets the saver's timer every half
  minute, as input would.
- On any desktop session (Wayland or X11), it asks the session's screen saver over D-Bus
  not to blank (``org.freedesktop.ScreenSaver.Inhibit``: KDE, Xfce, LXQt, Cinnamon, MATE
  and others), which holds while the kiosk's bus connection lives; when that service
  restarts, the kiosk asks again.

The desktop portal's ``Inhibit`` and GNOME's ``SessionManager.Inhibit`` take a uint32
argument, which PySide6's QtDBus cannot send (a Python int goes out as int32, and
``QDBusArgument << int`` as uint16), so they are not used; docs/deploy.md gives the
settings that keep GNOME, labwc (swayidle) and others awake. cage runs no screen
blanking of its own, so under cage nothing blanks.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtDBus import (
    QDBusConnection,
    QDBusMessage,
    QDBusPendingCallWatcher,
    QDBusServiceWatcher,
)
from PySide6.QtGui import QGuiApplication

from kiosk.display import HEADLESS_PLATFORMS

log = logging.getLogger(__name__)

RESET_EVERY_MS = 30_000
DBUS_TIMEOUT_MS = 5_000
SCREEN_SAVER = "org.freedesktop.ScreenSaver"
SCREEN_SAVER_PATH = "/org/freedesktop/ScreenSaver"
APP_NAME = "Waiting-room kiosk"
REASON = "A patient-education kiosk is on show in a waiting room"


class ScreenKeeper(QObject):
    """Holds what keeps the screen awake; `how` says what does, `changed` when it does."""

    changed = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        loader: Any = ctypes,
        platform: str = "",
        bus: QDBusConnection | None = None,
    ) -> None:
        super().__init__(parent)
        platform = platform or QGuiApplication.platformName()
        self._x11_how = ""
        self._dbus_how = ""
        self._display = None
        self._x11: Any = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._reset_saver)
        if platform == "xcb":
            self._start_x11(loader)
        if bus is None and platform not in HEADLESS_PLATFORMS:
            bus = QDBusConnection.sessionBus()
        self._bus = bus
        self._watcher: QDBusServiceWatcher | None = None
        if bus is not None:
            self._start_dbus(bus)
        log.info("keeping the screen awake: %s", self.how)

    @property
    def how(self) -> str:
        held = [part for part in (self._x11_how, self._dbus_how) if part]
        if held:
            return "; ".join(held)
        return "nothing (no X11 session and no screen saver on the session bus to ask)"

    # X11 -----------------------------------------------------------------------------

    def _start_x11(self, loader: Any) -> None:
        name = loader.util.find_library("X11")
        if name is None:
            log.info("the X screen saver is left alone: libX11 not found")
            return
        x11 = loader.CDLL(name)
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XResetScreenSaver.argtypes = [ctypes.c_void_p]
        x11.XFlush.argtypes = [ctypes.c_void_p]
        display = x11.XOpenDisplay(None)
        if not display:
            log.info("the X screen saver is left alone: cannot open the X display")
            return
        self._x11, self._display = x11, display
        xss_name = loader.util.find_library("Xss")
        if xss_name is not None:
            xss = loader.CDLL(xss_name)
            xss.XScreenSaverSuspend.argtypes = [ctypes.c_void_p, ctypes.c_int]
            xss.XScreenSaverSuspend(display, 1)
            x11.XFlush(display)
            self._x11_how = "X screen saver and power saving suspended (XScreenSaverSuspend)"
        else:
            self._timer.start(RESET_EVERY_MS)
            self._reset_saver()
            self._x11_how = "X screen saver timer reset every 30 s (libXss not found)"

    def _reset_saver(self) -> None:
        if self._display:
            self._x11.XResetScreenSaver(self._display)
            self._x11.XFlush(self._display)

    # D-Bus ---------------------------------------------------------------------------

    def _start_dbus(self, bus: QDBusConnection) -> None:
        if not bus.isConnected():
            log.info("no D-Bus session bus: no screen saver to ask")
            return
        # Ask again whenever the screen saver (re)appears: an inhibition ends with the
        # connection it was made on, on either side.
        self._watcher = QDBusServiceWatcher(
            SCREEN_SAVER, bus, QDBusServiceWatcher.WatchModeFlag.WatchForOwnerChange, self
        )
        self._watcher.serviceOwnerChanged.connect(self._on_owner_changed)
        interface = bus.interface()
        if interface is not None and interface.isServiceRegistered(SCREEN_SAVER).value():
            self._inhibit()

    @Slot(str, str, str)
    def _on_owner_changed(self, _service: str, _old: str, new: str) -> None:
        if new:
            self._inhibit()
        elif self._dbus_how:
            self._dbus_how = ""
            log.warning("the session's screen saver left the bus: %s", self.how)
            self.changed.emit(self.how)

    def _inhibit(self) -> None:
        assert self._bus is not None
        message = QDBusMessage.createMethodCall(
            SCREEN_SAVER, SCREEN_SAVER_PATH, SCREEN_SAVER, "Inhibit"
        )
        message.setArguments([APP_NAME, REASON])
        call = QDBusPendingCallWatcher(self._bus.asyncCall(message, DBUS_TIMEOUT_MS), self)
        call.finished.connect(self._on_inhibit_reply)

    @Slot(QDBusPendingCallWatcher)
    def _on_inhibit_reply(self, call: QDBusPendingCallWatcher) -> None:
        call.deleteLater()
        reply = call.reply()
        if reply.type() == QDBusMessage.MessageType.ErrorMessage:
            log.warning(
                "the session's screen saver refused to stay off: %s: %s",
                reply.errorName(),
                reply.errorMessage(),
            )
            return
        self._dbus_how = f"the session's screen saver inhibited ({SCREEN_SAVER}.Inhibit)"
        log.info("keeping the screen awake: %s", self.how)
        self.changed.emit(self.how)
