"""Which screen the kiosk window shows, by name."""

from __future__ import annotations

from enum import StrEnum


class Screen(StrEnum):
    """A screen of the kiosk window; its value is its name in the log."""

    HOME = "home"
    TOPIC = "topic"
    UPDATING = "updating"  # the calm page shown while there is no good pack
    SLIDESHOW = "slideshow"  # the idle slideshow, after a reset
