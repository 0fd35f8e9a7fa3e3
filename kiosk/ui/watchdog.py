"""systemd's service notifications (sd_notify): READY=1 once the first frame is on
screen, WATCHDOG=1 from a timer on the UI thread, STOPPING=1 on a clean exit.

The pings come from the UI thread's own event loop, so a UI thread that hangs stops
them, and systemd (``WatchdogSec=`` in the units in ``packaging/``) restarts the kiosk:
the frozen screen a status file cannot show. The protocol is one datagram to the socket
in ``$NOTIFY_SOCKET``; with no socket (not under systemd, or ``Type=simple``) nothing is
sent and nothing is asked of the kiosk.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

from PySide6.QtCore import QObject, QTimer, Slot

log = logging.getLogger(__name__)


def notify(message: str, environ: Mapping[str, str] = os.environ) -> bool:
    """Send `message` ("READY=1", ...) to systemd; False when there is nowhere to send it
    or it could not be sent (logged: the kiosk runs on either way)."""
    path = environ.get("NOTIFY_SOCKET", "")
    if not path:
        return False
    address = "\0" + path[1:] if path.startswith("@") else path  # "@": the abstract namespace
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(message.encode())
    except OSError as exc:
        log.warning("cannot tell systemd %s: %s", message.split("\n")[0], exc)
        return False
    return True


def ping_interval_ms(environ: Mapping[str, str] = os.environ) -> int | None:
    """How often to send WATCHDOG=1: half of systemd's ``WATCHDOG_USEC``, as sd_notify(3)
    advises; None when systemd watches no one, or another process (``WATCHDOG_PID``)."""
    try:
        usec = int(environ.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    owner = environ.get("WATCHDOG_PID", "")
    if usec <= 0 or (owner and owner != str(os.getpid())):
        return None
    return max(1, usec // 2000)


class Watchdog(QObject):
    """Tells systemd the kiosk is ready, alive (every `interval_ms`) and stopping."""

    def __init__(
        self, environ: Mapping[str, str] = os.environ, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._environ = environ
        self.interval_ms = ping_interval_ms(environ)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.ping)

    def ready(self, status: str) -> None:
        """The first frame is on screen: ready, and the pings start."""
        if notify(f"READY=1\nSTATUS={status}", self._environ):
            log.info("told systemd the kiosk is ready")
        if self.interval_ms is not None:
            self.timer.start(self.interval_ms)

    @Slot()
    def ping(self) -> None:
        notify("WATCHDOG=1", self._environ)

    def stopping(self) -> None:
        self.timer.stop()
        notify("STOPPING=1", self._environ)
