"""Putting the screen to sleep while the clinic is closed, and waking it, through the
tool the session offers: X11's DPMS (``xset``), wlroots' output power (``wlopm``, for
cage, labwc and sway), or HDMI-CEC for a TV (``cec-ctl``, from v4l-utils).

Each is a short command run with QProcess, so a slow one never holds up the screen;
`last` says in words what came of the latest, for status.json and the staff panel.
"""

from __future__ import annotations

import logging
import shutil

from PySide6.QtCore import QObject, QProcess, Signal, Slot
from PySide6.QtGui import QGuiApplication

log = logging.getLogger(__name__)

COMMANDS = {
    "xset": (["xset", "dpms", "force", "off"], ["xset", "dpms", "force", "on"]),
    "wlopm": (["wlopm", "--off", "*"], ["wlopm", "--on", "*"]),
    "cec": (["cec-ctl", "--to", "0", "--standby"], ["cec-ctl", "--to", "0", "--image-view-on"]),
}


def backend_for(choice: str, platform: str) -> str:
    """The backend to use: as set, or for "auto" the one the platform has ("none" if
    its tool is not installed)."""
    if choice != "auto":
        return choice
    wanted = {"xcb": "xset", "wayland": "wlopm"}.get(platform, "none")
    if wanted != "none" and shutil.which(COMMANDS[wanted][0][0]) is None:
        return "none"
    return wanted


class ScreenPower(QObject):
    """Sleeps and wakes the screen with one backend ("none": the kiosk only goes black).

    Signals:
        changed(): `last` changed.
    """

    changed = Signal()

    def __init__(self, choice: str = "auto", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.choice = ""
        self.backend = "none"
        self.last = ""
        # One process, run again for each command: nothing piles up over the nights.
        self._process = QProcess(self)
        self._process.finished.connect(self._done)
        self._process.errorOccurred.connect(self._failed)
        self._command: list[str] = []
        self._superseded = False
        self.set_choice(choice)

    def set_choice(self, choice: str) -> None:
        """Use the backend `choice` names (a pack or machine config changed it)."""
        if choice != self.choice:
            self.choice = choice
            self.backend = backend_for(choice, QGuiApplication.platformName())
            self.last = f"{self.backend}: not used yet"

    def wake_detached(self) -> None:
        """Wake the screen with a command that outlives the kiosk (it is stopping)."""
        if self.backend != "none":
            command = COMMANDS[self.backend][1]
            QProcess.startDetached(command[0], command[1:])

    def sleep(self) -> None:
        self._run(0, "asleep")

    def wake(self) -> None:
        self._run(1, "awake")

    def _run(self, which: int, state: str) -> None:
        if self.backend == "none":
            self.last = f"none: the screen is black while closed ({state})"
            self.changed.emit()
            return
        process = self._process
        if process.state() != QProcess.ProcessState.NotRunning:
            self._superseded = True  # its answer no longer matters
            process.kill()
            process.waitForFinished(1000)  # at once: it was killed
            self._superseded = False
        self._command = COMMANDS[self.backend][which]
        process.start(self._command[0], self._command[1:])

    @Slot(int, QProcess.ExitStatus)
    def _done(self, code: int, _status: QProcess.ExitStatus) -> None:
        if self._superseded:
            return
        # The first line a tool writes to stderr says why, even with status 0 (xset on a
        # server with no DPMS: "server does not have extension for dpms option").
        errors = bytes(self._process.readAllStandardError().data()).decode(errors="replace")
        said = next((line.strip() for line in errors.splitlines() if line.strip()), "")
        if code != 0:
            outcome = f"failed (status {code}){': ' + said if said else ''}"
        else:
            outcome = f"ran, but said: {said}" if said else "done"
        self.last = f"{' '.join(self._command)}: {outcome}"
        (log.info if outcome == "done" else log.warning)("screen power: %s", self.last)
        self.changed.emit()

    @Slot(QProcess.ProcessError)
    def _failed(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            why = self._process.errorString()
            self.last = f"{' '.join(self._command)}: could not start ({why})"
            log.warning("screen power: %s", self.last)
            self.changed.emit()
