"""The idle slideshow's cost: the UI thread's time for each frame of a crossfade and of a
slow pan over a picture, and the kiosk's CPU use while the slideshow runs.

Called by bench/run.py (``results["slideshow"]``), on the default pack at 1920x1080.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject
from run import run_for, spread, started_kiosk


class _FrameTimer(QObject):
    """Times each frame the window paints: from the update request Qt sends it to the end
    of that frame's painting."""

    def __init__(self, window: Any) -> None:
        super().__init__()
        self.times: list[float] = []
        self._started = 0.0
        window.installEventFilter(self)
        window.frame_painted.connect(self._painted)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.UpdateRequest:
            self._started = time.perf_counter()
        return False

    def _painted(self) -> None:
        if self._started:
            self.times.append((time.perf_counter() - self._started) * 1000)
            self._started = 0.0


def slideshow(pack_dir: Path, work: Path, seconds: int) -> dict[str, Any]:
    """Frame times (ms) of crossfades and of pans, and CPU use over `seconds`."""
    kiosk = started_kiosk(pack_dir, work)
    window = kiosk.window
    show = window.slideshow
    window.reset()
    run_for(0.5)
    frames = _FrameTimer(window)
    crossfade: list[float] = []
    pan: list[float] = []
    for _ in range(6):
        frames.times = []
        show.advance()
        run_for(show.fade_ms / 1000 + 0.1)
        crossfade += frames.times
        frames.times = []
        run_for(1.0)  # the slide shown, its picture panning
        pan += frames.times
    window.reset()
    run_for(0.5)
    wall, cpu = time.perf_counter(), time.process_time()
    run_for(seconds)
    used = (time.process_time() - cpu) / (time.perf_counter() - wall)
    kiosk.shutdown()
    window.close()
    window.deleteLater()
    return {
        "crossfade": spread(crossfade),
        "pan": spread(pan),
        "seconds": seconds,
        "cpu_percent": round(used * 100, 1),
    }
