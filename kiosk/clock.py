"""The clock the kiosk's timing reads: seconds from any fixed point, like time.monotonic.

Every class that measures time takes one, so that tests hand in a fake clock they move
themselves instead of waiting.
"""

from __future__ import annotations

from collections.abc import Callable

Clock = Callable[[], float]
