"""The idle slideshow's cost: the UI thread's time for each frame of a crossfade and of a
slow pan over a picture, for the start of each crossfade (the pictures of both slides
taken), how long a touch would wait for the UI thread meanwhile (the next slide is drawn
ahead in a step of its own), and the kiosk's CPU use while the slideshow runs.

Called by bench/run.py (``results["slideshow"]``), on the default pack at 1920x1080.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
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


class _Waits(QObject):
    """How long a touch would wait for the UI thread: the lateness of a timer due every
    `EVERY_MS`, each time it fires (the longest steps of the event loop show as the
    longest waits)."""

    EVERY_MS = 10

    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._beat)
        self._last = 0.0

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start(self.EVERY_MS)

    def stop(self) -> None:
        self._timer.stop()

    def _beat(self) -> None:
        now = time.perf_counter()
        self.times.append(max(0.0, (now - self._last) * 1000 - self.EVERY_MS))
        self._last = now


def slideshow(pack_dir: Path, work: Path, seconds: int) -> dict[str, Any]:
    """Frame times (ms) of crossfades and of pans, the time each crossfade's start takes,
    how long a touch would wait meanwhile, and CPU use over `seconds`."""
    kiosk = started_kiosk(pack_dir, work)
    window = kiosk.window
    show = window.slideshow
    window.reset()
    run_for(0.5)
    frames = _FrameTimer(window)
    crossfade: list[float] = []
    pan: list[float] = []
    fade_start: list[float] = []  # the pictures of both slides taken
    waits = _Waits()  # over the fades and pans: every step, the next slide drawn ahead too
    waits.start()
    for _ in range(6):
        frames.times = []
        started = time.perf_counter()
        show.advance()
        fade_start.append((time.perf_counter() - started) * 1000)
        run_for(show.fade_ms / 1000 + 0.1)
        crossfade += frames.times
        frames.times = []
        run_for(1.0)  # the slide shown, its picture panning
        pan += frames.times
    waits.stop()
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
        "fade_start": spread(fade_start),
        "touch_wait": spread(waits.times),
        "pan": spread(pan),
        "seconds": seconds,
        "cpu_percent": round(used * 100, 1),
    }
