"""Keep the screen on while the kiosk runs, where the platform lets an app do that.

On X11 the kiosk asks the X server to suspend its screen saver and display power
saving (the MIT-SCREEN-SAVER extension's ``XScreenSaverSuspend``, libXss) for as long as
the kiosk's connection lives, and, as a fallback without libXss, resets the screen
saver's timer every half minute as input would. Elsewhere (Wayland, other systems) the
README says how to turn blanking off.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication

log = logging.getLogger(__name__)

RESET_EVERY_MS = 30_000


class ScreenKeeper(QObject):
    """Holds the X connection that keeps the screen awake; `how` says what it does."""

    def __init__(
        self, parent: QObject | None = None, loader: Any = ctypes, platform: str = ""
    ) -> None:
        super().__init__(parent)
        self.how = "nothing (not an X11 session)"
        self._display = None
        self._x11: Any = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._reset_saver)
        if (platform or QGuiApplication.platformName()) == "xcb":
            self._start(loader)
        log.info("keeping the screen awake: %s", self.how)

    def _start(self, loader: Any) -> None:
        name = loader.util.find_library("X11")
        if name is None:
            self.how = "nothing (libX11 not found)"
            return
        x11 = loader.CDLL(name)
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XResetScreenSaver.argtypes = [ctypes.c_void_p]
        x11.XFlush.argtypes = [ctypes.c_void_p]
        display = x11.XOpenDisplay(None)
        if not display:
            self.how = "nothing (cannot open the X display)"
            return
        self._x11, self._display = x11, display
        xss_name = loader.util.find_library("Xss")
        if xss_name is not None:
            xss = loader.CDLL(xss_name)
            xss.XScreenSaverSuspend.argtypes = [ctypes.c_void_p, ctypes.c_int]
            xss.XScreenSaverSuspend(display, 1)
            x11.XFlush(display)
            self.how = "X screen saver and power saving suspended (XScreenSaverSuspend)"
        else:
            self._timer.start(RESET_EVERY_MS)
            self._reset_saver()
            self.how = "X screen saver timer reset every 30 s (libXss not found)"

    def _reset_saver(self) -> None:
        if self._display:
            self._x11.XResetScreenSaver(self._display)
            self._x11.XFlush(self._display)
