"""What writing kiosk.prom costs: CPU and bytes per write, and what a day of writes (one a
minute) asks of the disk that holds the folder, journal and metadata included.

    .venv/bin/python bench/metrics.py [FOLDER]   # default: a new folder in /var/tmp

The snapshot is the default pack's: 8 topics in 2 languages, sealed. Each of the day's
1,440 writes is flushed on its own (os.sync), as it is when writes come a minute apart
and the file system commits every few seconds; the sectors written are read from
/proc/diskstats for the folder's device, so run it on an otherwise quiet machine. A
folder on tmpfs (/run, /dev/shm) has no device and writes nothing to one.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.metrics import Snapshot, write_metrics  # noqa: E402 (after the path is set)

WRITES_A_DAY = 24 * 60
CPU_WRITES = 500


def snapshot() -> Snapshot:
    topics = {
        (f"0{n}-topic.md", language): (n, 30 * n) for n in range(1, 9) for language in ("en", "es")
    }
    pack = {
        "version": "2026.11.1",
        "title": "Learning about PTSD and ketamine treatment",
        "manifest_sha256": "0" * 64,
        "copy": "pack folder",
    }
    return Snapshot(uptime_seconds=3600, since_frame_seconds=12, pack=pack, topics=topics)


def sectors_written(folder: Path) -> int | None:
    """Sectors written so far to the block device holding `folder`; None on tmpfs and
    other file systems with no device."""
    device = os.stat(folder).st_dev
    major, minor = os.major(device), os.minor(device)
    with open("/proc/diskstats") as stats:
        for line in stats:
            fields = line.split()
            if (int(fields[0]), int(fields[1])) == (major, minor):
                return int(fields[9])
    return None


def main() -> int:
    if len(sys.argv) > 1:
        return measure(Path(sys.argv[1]))
    with tempfile.TemporaryDirectory(dir="/var/tmp") as folder:
        return measure(Path(folder))


def measure(folder: Path) -> int:
    path, state = folder / "kiosk.prom", snapshot()
    write_metrics(path, state)  # imports the library

    started = time.process_time()
    for _ in range(CPU_WRITES):
        write_metrics(path, state)
    cpu_ms = (time.process_time() - started) / CPU_WRITES * 1000
    size = path.stat().st_size
    print(f"one write: {cpu_ms:.2f} ms CPU, a file of {size:,} bytes")
    print(
        f"a day at one a minute: {cpu_ms * WRITES_A_DAY / 1000:.1f} s CPU, "
        f"{size * WRITES_A_DAY / 1e6:.1f} MB of file written"
    )

    os.sync()
    before = sectors_written(folder)
    if before is None:
        print(f"{folder} is on no block device (tmpfs?): nothing is written to a disk")
        return 0
    for _ in range(WRITES_A_DAY):
        write_metrics(path, state)
        os.sync()
    after = sectors_written(folder)
    assert after is not None
    device_bytes = (after - before) * 512
    print(
        f"a day's writes, each flushed, on {folder}'s disk: {device_bytes / 1e6:.1f} MB "
        f"({device_bytes / WRITES_A_DAY / 1024:.0f} KiB a write, journal included)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
