"""The session's rules: browse, warn ("Still there?"), then reset to the idle slideshow.

Pure Python with an injected clock, so tests drive time instead of waiting for it:

    BROWSE --idle_seconds without activity--> WARN
    WARN --"I'm still here"--> BROWSE            (as often as the patient likes)
    WARN --warning_seconds more--> RESET --> SLIDESHOW
    SLIDESHOW --any touch--> BROWSE              (the touch only wakes the kiosk)
    any phase --staff "Reset now"--> RESET --> SLIDESHOW

Activity during WARN does not continue the session by itself: only the button does, so a
patient who walked away while the warning shows is not kept "present" by a stray touch
elsewhere (WCAG 2.2.1 asks for one simple action to extend).
"""

from __future__ import annotations

import time
from enum import Enum

from kiosk.clock import Clock


class Phase(Enum):
    """Where the session is."""

    BROWSE = "browse"
    WARN = "warn"
    SLIDESHOW = "slideshow"


class Session:
    """The idle state machine.

    Args:
        idle_seconds: Time without activity before the warning.
        warning_seconds: Length of the warning's countdown.
        clock: Seconds from any fixed point (``time.monotonic`` by default).
    """

    def __init__(
        self, idle_seconds: float, warning_seconds: float, clock: Clock = time.monotonic
    ) -> None:
        self.idle_seconds = idle_seconds
        self.warning_seconds = warning_seconds
        self._clock = clock
        self.phase = Phase.BROWSE
        self._last_activity = clock()
        self._warned_at = 0.0
        self.resets = 0

    @property
    def last_activity(self) -> float:
        """When the patient last did something (on the session's clock)."""
        return self._last_activity

    def activity(self) -> None:
        """A touch, click or key press: the patient is there (while browsing)."""
        if self.phase is Phase.BROWSE:
            self._last_activity = self._clock()

    def still_here(self) -> None:
        """The "I'm still here" button: back to browsing with a fresh idle time."""
        if self.phase is Phase.WARN:
            self.phase = Phase.BROWSE
            self._last_activity = self._clock()

    def wake(self) -> None:
        """A touch during the slideshow: back to browsing, from Home."""
        if self.phase is Phase.SLIDESHOW:
            self.phase = Phase.BROWSE
            self._last_activity = self._clock()

    def reset(self) -> None:
        """Forget the patient now (staff "Reset now", or the countdown ran out)."""
        self.phase = Phase.SLIDESHOW
        self.resets += 1

    def tick(self) -> Phase:
        """Move on if time is up; the phase after it."""
        now = self._clock()
        if self.phase is Phase.BROWSE and now - self._last_activity >= self.idle_seconds:
            self.phase = Phase.WARN
            self._warned_at = now
        if self.phase is Phase.WARN and now - self._warned_at >= self.warning_seconds:
            self.reset()
        return self.phase

    def seconds_left(self) -> int:
        """Whole seconds left on the warning's countdown (0 outside the warning)."""
        if self.phase is not Phase.WARN:
            return 0
        left = self.warning_seconds - (self._clock() - self._warned_at)
        return max(0, int(left + 0.999))

    def seconds_to_next_change(self) -> float:
        """How long until `tick` could change the phase (for scheduling a timer)."""
        now = self._clock()
        if self.phase is Phase.BROWSE:
            return max(0.0, self._last_activity + self.idle_seconds - now)
        if self.phase is Phase.WARN:
            return max(0.0, self._warned_at + self.warning_seconds - now)
        return float("inf")
