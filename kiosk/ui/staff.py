"""The way in for staff: the hidden gesture, the PIN pad, then the staff panel."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from kiosk.staff import PinGuard, Verdict

if TYPE_CHECKING:
    from kiosk.ui.overlays import PinPad
    from kiosk.ui.staffpanel import StaffPanel, StaffStatus
    from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)

NOT_SET_UP = (
    "Staff access is not set up on this computer. To set it up, run this in a terminal "
    "on the kiosk: kiosk set-pin"
)

# What the panel shows now, given what came of the staff's last action.
StatusOf = Callable[[str], "StaffStatus"]


class StaffAccess(QObject):
    """Opens the PIN pad on the staff gesture and the staff panel on the right PIN.

    Args:
        window: The kiosk window, with the PIN pad and the staff panel.
        guard: Checks PINs and counts wrong ones.
        status: What the panel shows now, given the last action's outcome.
    """

    def __init__(self, window: KioskWindow, guard: PinGuard, status: StatusOf) -> None:
        super().__init__(window)
        self._window = window
        self.guard = guard
        self._status = status
        self.outcome = ""  # what came of the staff's last action, while the panel is open
        window.pin_entered.connect(self._on_pin_entered)

    @property
    def pin_pad(self) -> PinPad:
        """Where staff type the PIN."""
        return self._window.pin_pad

    @property
    def panel(self) -> StaffPanel:
        """What staff see once in."""
        return self._window.staff_panel

    @Slot()
    def open(self) -> None:
        """The staff gesture was made."""
        if self.panel.isVisible():
            return
        if not self.guard.set_up:
            log.info("staff gesture, but no staff PIN is set")
            self.pin_pad.refuse(NOT_SET_UP)
        elif self.guard.seconds_locked():
            self.pin_pad.ask(self._locked_message())
        else:
            self.pin_pad.ask()

    def show_panel(self, outcome: str = "") -> None:
        """Open the panel (again: an action's outcome closes what it changed), saying
        what came of the last action."""
        self.outcome = outcome
        self.panel.show_status(self._status(outcome))
        self.panel.open()

    @Slot()
    def refresh(self) -> None:
        """Say how things stand now on the open panel (the content changed under it)."""
        if self.panel.isVisible():
            self.panel.show_status(self._status(self.outcome))

    @Slot(str)
    def _on_pin_entered(self, pin: str) -> None:
        verdict = self.guard.check(pin)
        pad = self.pin_pad
        if verdict is Verdict.OPEN:
            log.info("staff panel opened")
            pad.close_overlay()
            self.show_panel()
        elif verdict is Verdict.WRONG:
            left = self.guard.attempts_left
            pad.show_message(
                f"That PIN is not right. {left} {'try' if left == 1 else 'tries'} left."
            )
        elif verdict is Verdict.LOCKED:
            log.warning("staff PIN pad locked after too many wrong PINs")
            pad.show_message(self._locked_message())
        else:
            pad.refuse(NOT_SET_UP)

    def _locked_message(self) -> str:
        return (
            "Too many wrong PINs. The pad is locked; try again in "
            f"{self.guard.seconds_locked()} seconds."
        )
