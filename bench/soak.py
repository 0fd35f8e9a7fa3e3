"""Soak: drive the kiosk through many patient sessions and pack swaps; report memory.

Runs offscreen, with the real window, session and pack watcher, on a fake clock (so
"idle" and "quiet" need no waiting):

    .venv/bin/python bench/soak.py [--cycles 10000] [--swaps 20]

Each cycle taps a topic card, swipes to the next card, taps Next, opens and closes a QR
overlay, goes Back, lets the session time out to the slideshow, and wakes it; every
tenth cycle first picks Español, text size A++ and high contrast, which the reset undoes. Pack
swaps are spread evenly: a topic file of a copy of the default pack is rewritten and the
watcher loads it; every other swap first makes the pack hostile in one of the ways of
`HOSTILE` (a named pipe, a NUL, a flood of brackets, lists nested on one line, a huge
title, Latin-1 text, a manifest that does not match, a damaged picture), which the
watcher must refuse (or, for the picture, show without it), then puts it right. Prints
resident memory (VmRSS) after a warm-up and at the end, the growth, faults seen, swaps
refused, and the time taken. A benchmark, not a test: nothing here fails.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kiosk.checked import Checked  # noqa: E402
from kiosk.ui.app import Kiosk, RunOptions  # noqa: E402


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def settle() -> None:
    QCoreApplication.sendPostedEvents()
    QCoreApplication.processEvents()
    # What the event loop does between events: delete what was given to deleteLater().
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def finger(widget: QWidget, kind: QEvent.Type, point: QPoint, stamp: int) -> None:
    """One step of a finger on `widget`: down, moved (held down) or lifted, at `stamp` ms."""
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    button = none if kind == QEvent.Type.MouseMove else left
    held = none if kind == QEvent.Type.MouseButtonRelease else left
    event = QMouseEvent(
        kind,
        QPointF(point),
        QPointF(widget.mapToGlobal(point)),
        button,
        held,
        Qt.KeyboardModifier.NoModifier,
    )
    event.setTimestamp(stamp)
    QApplication.sendEvent(widget, event)


def swipe(widget: QWidget) -> None:
    middle = widget.rect().center()
    stamp = int(time.monotonic() * 1000)
    points = [middle + QPoint(300 - 100 * step, 0) for step in range(7)]
    kinds = [QEvent.Type.MouseButtonPress] + [QEvent.Type.MouseMove] * 5
    kinds.append(QEvent.Type.MouseButtonRelease)
    for kind, point in zip(kinds, points, strict=True):
        stamp += 16
        finger(widget, kind, point, stamp)


TOPIC = Path("en") / "01-understanding-ptsd.md"


def _pipe(pack: Path) -> None:
    os.mkfifo(pack / "en" / "pipe.md")


def _manifest(pack: Path) -> None:
    (pack / "manifest.toml").write_text(
        '[files."pack.toml"]\nsize = 1\nsha256 = "' + "0" * 64 + '"\n'
    )


def _picture(pack: Path) -> None:
    (pack / "en" / "images").mkdir(exist_ok=True)
    (pack / "en" / "images" / "cut.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    _append(pack, "\n![A picture](images/cut.png)\n")


def _append(pack: Path, text: str) -> None:
    topic = pack / TOPIC
    topic.write_text(topic.read_text() + text)


def _replace(pack: Path, data: bytes) -> None:
    (pack / TOPIC).write_bytes(data)


# Each breaks the pack's copy one way; `_restore` puts it right again.
HOSTILE = (
    ("a named pipe", _pipe),
    ("a NUL", lambda pack: _append(pack, "\nA NUL\x00 here.\n")),
    ("8,000 brackets", lambda pack: _append(pack, "\n" + "[" * 8000 + "\n")),
    ("lists 2,000 deep", lambda pack: _append(pack, "\n" + "- " * 2000 + "x\n")),
    (
        "a huge title",
        lambda pack: _replace(pack, ("---\ntitle: " + "T" * 100_000 + "\n---\nText.\n").encode()),
    ),
    (
        "Latin-1",
        lambda pack: _replace(pack, "---\ntitle: Caf\xe9\n---\nCaf\xe9.\n".encode("latin-1")),
    ),
    ("a stale manifest", _manifest),
    ("a damaged picture", _picture),
)


def _restore(pack: Path, original: bytes) -> None:
    for leftover in (pack / "en" / "pipe.md", pack / "manifest.toml"):
        if os.path.lexists(leftover):
            leftover.unlink()
    shutil.rmtree(pack / "en" / "images", ignore_errors=True)
    (pack / TOPIC).write_bytes(original)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=10_000)
    parser.add_argument("--swaps", type=int, default=20)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="kiosk-soak-"))
    pack = work / "pack"
    shutil.copytree(REPO / "content", pack)
    clock = Clock()
    kiosk = Kiosk(
        RunOptions(
            pack,
            windowed=True,
            machine_config=work / "kiosk.toml",
            data_dir=work / "data",
            status_file=work / "status.json",
            clock=clock,
        )
    )
    kiosk.show()
    settle()
    window = kiosk.window
    handle = window.windowHandle()
    swap_every = max(1, args.cycles // max(1, args.swaps))
    swaps = 0
    refused: list[Checked] = []
    kiosk.live.watcher.pack_refused.connect(refused.append)
    original = (pack / TOPIC).read_bytes()

    def load() -> None:
        kiosk.live.watcher.note_change()
        clock.now += kiosk.live.watcher.quiet_seconds
        kiosk.live.watcher.tick()
        while kiosk.live.watcher._busy:
            QCoreApplication.processEvents()
        settle()

    started = time.perf_counter()
    warm_rss = 0.0

    for cycle in range(1, args.cycles + 1):
        if cycle % 10 == 0:  # a patient who reads in Spanish, large, in high contrast
            QTest.mouseClick(window.home.languages.buttons["es"], Qt.MouseButton.LeftButton)
            QTest.mouseClick(window.nav.reading.size_buttons["A++"], Qt.MouseButton.LeftButton)
            QTest.mouseClick(window.nav.reading.contrast_button, Qt.MouseButton.LeftButton)
        card = window.home.cards[cycle % len(window.home.cards)]
        QTest.mouseClick(card, Qt.MouseButton.LeftButton)
        swipe(window.topic.text.viewport())
        QTest.mouseClick(window.topic.next_button, Qt.MouseButton.LeftButton)
        window.show_web_link(f"https://example.org/page/{cycle % 50}")
        QTest.mouseClick(window.qr.close_button, Qt.MouseButton.LeftButton)
        QTest.mouseClick(window.nav.back_button, Qt.MouseButton.LeftButton)
        clock.now += window.pack.settings.idle_seconds if window.pack else 90
        kiosk.controller.tick()
        clock.now += 30
        kiosk.controller.tick()
        QTest.mouseClick(
            handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(400, 400)
        )
        settle()
        if cycle % swap_every == 0 and swaps < args.swaps:
            swaps += 1
            if swaps % 2 == 0:
                _, make_hostile = HOSTILE[(swaps // 2) % len(HOSTILE)]
                make_hostile(pack)
                load()
                _restore(pack, original)
            original += f"\nSwap {swaps}.\n".encode()
            (pack / TOPIC).write_bytes(original)
            load()
        if cycle == min(200, args.cycles):
            gc.collect()
            warm_rss = rss_mib()

    gc.collect()
    settle()
    end_rss = rss_mib()
    seconds = time.perf_counter() - started
    checks = kiosk.live.watcher.checks_started
    print(f"cycles: {args.cycles}  pack swaps: {swaps}  watcher checks: {checks}")
    print(f"resident memory after 200 cycles: {warm_rss:.1f} MiB")
    print(f"resident memory at the end:       {end_rss:.1f} MiB")
    print(f"growth: {end_rss - warm_rss:+.1f} MiB")
    print(f"faults: {kiosk.faults.faults}  resets: {kiosk.session.resets}")
    print(f"hostile packs tried: {swaps // 2}  swaps refused: {len(refused)}")
    print(f"time: {seconds:.0f} s ({seconds / args.cycles * 1000:.1f} ms a cycle)")
    kiosk.shutdown()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
