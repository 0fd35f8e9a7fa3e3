"""The idle slideshow's cost: the UI thread's time for each frame of a crossfade and of a
slow pan over a picture, and the kiosk's CPU use while the slideshow runs.

Called by bench/run.py (``results["slideshow"]``), on the default pack at 1920x1080.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from run import spread, started_kiosk


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


def _run_for(seconds: float) -> None:
    """Let the event loop run (and sleep when it has nothing to do) for `seconds`."""
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


def slideshow(pack_dir: Path, work: Path, seconds: int) -> dict[str, Any]:
    """Frame times (ms) of crossfades and of pans, and CPU use over `seconds`."""
    kiosk = started_kiosk(pack_dir, work)
    window = kiosk.window
    show = window.slideshow
    window.reset()
    _run_for(0.5)
    frames = _FrameTimer(window)
    crossfade: list[float] = []
    pan: list[float] = []
    for _ in range(6):
        frames.times = []
        show.advance()
        _run_for(show.fade_ms / 1000 + 0.1)
        crossfade += frames.times
        frames.times = []
        _run_for(1.0)  # the slide shown, its picture panning
        pan += frames.times
    window.reset()
    _run_for(0.5)
    wall, cpu = time.perf_counter(), time.process_time()
    _run_for(seconds)
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
