"""Prometheus metrics for a fleet: ``kiosk.prom``, for node_exporter's textfile collector.

Written with the Prometheus client library (its text format, and its atomic write: a
temporary file renamed into place, so the collector never reads half a file), whenever
status.json is (on every change and every minute). What it holds: that the kiosk is up
and for how long, the pack on screen (version, title, a hash of its manifest, which
copy), the seconds since a frame was last painted, faults, swaps done and refused, the
pack folder's problems by level, opening hours and the notice, and anonymous topic
opens and reading seconds since start, labelled by topic file and language: no time of
day, nothing per person. Nothing here imports Qt, and the client library (70 ms to
import) only when a file is first written, after the first frame.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

METRICS_FILE = "kiosk.prom"


@dataclass(frozen=True)
class Snapshot:
    """The kiosk's state for one write.

    Attributes:
        uptime_seconds: Since the kiosk started.
        since_frame_seconds: Since a frame was last painted: up to a minute on a screen
            drawn as it should be, which at rest repaints a pixel a minute (a hung UI
            thread is the watchdog's to catch).
        pack: The pack on screen's version, title, manifest hash ("" unsealed) and copy
            (`kiosk.showing.Copy`); None with the "being updated" page.
        faults: Faults handled since start.
        swaps: Packs swapped in since start.
        refused: Folder checks refused since start.
        errors, warnings: The pack folder's problems now.
        open: Within opening hours (always, with none set).
        notice: An urgent notice shows.
        topics: (topic file, language) -> (opens, reading seconds), since start.
    """

    uptime_seconds: float
    since_frame_seconds: float
    pack: dict[str, str] | None
    faults: int = 0
    swaps: int = 0
    refused: int = 0
    errors: int = 0
    warnings: int = 0
    open: bool = True
    notice: bool = False
    topics: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)


class _Families:
    """The snapshot as the client library's metric families (a collector)."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import (
            CounterMetricFamily,
            GaugeMetricFamily,
            InfoMetricFamily,
        )

        s = self.snapshot
        yield GaugeMetricFamily("kiosk_up", "1 while the kiosk runs.", value=1)
        yield GaugeMetricFamily(
            "kiosk_uptime_seconds", "Seconds since the kiosk started.", value=s.uptime_seconds
        )
        yield GaugeMetricFamily(
            "kiosk_seconds_since_frame",
            "Seconds since the window last painted a frame (at rest, one a minute).",
            value=s.since_frame_seconds,
        )
        info = InfoMetricFamily("kiosk_pack", "The pack on screen.")
        if s.pack is not None:
            info.add_metric([], s.pack)
        yield info
        yield GaugeMetricFamily(
            "kiosk_pack_shown",
            "1 when a pack is on screen, 0 on the 'being updated' page.",
            value=int(s.pack is not None),
        )
        yield CounterMetricFamily("kiosk_faults", "Faults handled since start.", value=s.faults)
        yield CounterMetricFamily("kiosk_swaps", "Packs swapped in since start.", value=s.swaps)
        yield CounterMetricFamily(
            "kiosk_swaps_refused", "Pack folder checks refused since start.", value=s.refused
        )
        problems = GaugeMetricFamily(
            "kiosk_pack_problems", "The pack folder's problems now, by level.", labels=["level"]
        )
        problems.add_metric(["error"], s.errors)
        problems.add_metric(["warning"], s.warnings)
        yield problems
        yield GaugeMetricFamily(
            "kiosk_open", "1 within opening hours, 0 while closed (dark).", value=int(s.open)
        )
        yield GaugeMetricFamily(
            "kiosk_notice_shown", "1 while an urgent notice shows.", value=int(s.notice)
        )
        opens = CounterMetricFamily(
            "kiosk_topic_opens", "Topic openings since start.", labels=["topic", "language"]
        )
        reading = CounterMetricFamily(
            "kiosk_topic_reading_seconds",
            "Seconds spent reading topics since start.",
            labels=["topic", "language"],
        )
        for (topic, language), (count, seconds) in sorted(s.topics.items()):
            opens.add_metric([topic, language], count)
            reading.add_metric([topic, language], seconds)
        yield opens
        yield reading


def write_metrics(path: Path, snapshot: Snapshot) -> None:
    """Replace the textfile at `path` with `snapshot` (its folder made if need be).

    Raises:
        OSError: it cannot be written.
    """
    from prometheus_client import CollectorRegistry, write_to_textfile

    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Families(snapshot))  # a collector: anything with collect()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_to_textfile(str(path), registry)
