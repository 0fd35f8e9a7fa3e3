"""Benchmarks: start-up, tap-to-paint, the slideshow, the UI thread's full cyclic
collection, pack loading, memory and bundle size, in one run, at full speed and on a
quarter of one core.

    .venv/bin/python bench/run.py [--runs 10] [--taps 200] [--soak-cycles 1000]
                                  [--slideshow-seconds 60] [--json bench/results.json]

Every figure is measured beside the floor it is compared with, in the same run: the
cold start and memory of the kiosk (from the venv, and from the one-folder bundle when
dist/kiosk has been built) against a bare PySide6 window showing one label, and
against that window after the PySide6 classes the kiosk imports before its first frame
(`bench/qt_floor.py`: what the kiosk's Qt classes cost before its own code runs). Memory is
taken when the kiosk is ready (everything built, its pack's full check under way), once
that check is done, and once the kiosk has settled (its first metrics written). The app's
sources are compiled to bytecode first, as a kiosk that has run once (or the bundle)
has them.

The slow-machine profile runs the cold starts, the taps, the card drag, the full
collection and the slideshow again with the CPU cut to a quarter of one core, about what
a Raspberry Pi 4 or a low-end mini PC gives next to this machine: a cgroup whose CPU
quota is 2.5 ms in every 10 ms (a short period, so a frame's work is slowed rather than
stopped for 75 ms at a time), made directly as root, else through `systemd-run --scope`;
where neither is possible the profile says so and is left out.

Prints a table and writes the same figures as JSON. Timings vary with the machine's
load: compare the ratios within one run. A benchmark, not a test: nothing here fails.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import json
import os
import selectors
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
BUNDLE = REPO / "dist" / "kiosk" / "kiosk"
# A quarter of one core: this much CPU time (microseconds) in every period.
QUOTA_US, PERIOD_US = 2_500, 10_000
# The least time between two touches of one person: the kiosk is left alone this long.
PACE_S = 0.1
# After the first full check, when a started kiosk has settled (its metrics a second
# after ready, everything it runs started).
SETTLED_S = 2.0
SCREEN = {"width": 1920, "height": 1080}
OFFSCREEN_CONFIG = {
    "screens": [
        {
            "name": "bench",
            "x": 0,
            "y": 0,
            **SCREEN,
            "logicalDpi": 96,
            "physicalWidth": 509,
            "physicalHeight": 286,
        }
    ]
}


# Cold start and memory -------------------------------------------------------------------


def _start_once(
    command: list[str], env: dict[str, str], markers: tuple[str, ...], linger: float = 0.0
) -> tuple[list[float], list[float]]:
    """Seconds from process start to each of `markers` on stderr, in turn, and the RSS
    (MiB) at each; with `linger`, the RSS that many seconds after the last as well."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    elapsed: list[float] = []
    rss: list[float] = []
    deadline = started + 60
    with selectors.DefaultSelector() as selector:
        selector.register(process.stderr, selectors.EVENT_READ)
        while time.perf_counter() < deadline and selector.select(deadline - time.perf_counter()):
            line = process.stderr.readline()
            if not line:
                break
            if markers[len(elapsed)] in line:
                elapsed.append(time.perf_counter() - started)
                rss.append(_rss_mib(process.pid))
                if len(elapsed) == len(markers):
                    break
    complete = len(elapsed) == len(markers)
    elapsed += [float("nan")] * (len(markers) - len(elapsed))
    rss += [float("nan")] * (len(markers) - len(rss))
    if linger:
        # Its stderr is not read meanwhile: what it logs in a few seconds fits the pipe.
        time.sleep(linger)
        rss.append(_rss_mib(process.pid) if complete and process.poll() is None else float("nan"))
    process.kill()
    process.wait()
    process.stderr.close()
    return elapsed, rss


def _rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def cold_starts(platform_env: dict[str, str], runs: int, work: Path) -> dict[str, Any]:
    """Median cold start (to the first painted frame) and RSS of the kiosk, of the bare
    window, of the bare window after the Qt classes the kiosk imports before its first
    frame (`qt_floor`, its time only) and, when it has been built, of the kiosk's bundle,
    alternating runs. The kiosk's RSS is taken once it says it is ready (everything built
    after the first frame too, the pack's full check started in its thread), and the time
    to that is given as well."""
    base = {
        **os.environ,
        **platform_env,
        "XDG_STATE_HOME": str(work / "state"),
        "XDG_CONFIG_HOME": str(work / "config"),
    }
    for private in ("KIOSK_CONTENT", "KIOSK_CONFIG"):
        base.pop(private, None)
    import qt_floor  # bench/ is on sys.path when run as a script

    log = ["--log-dir", str(work / "log")]
    # The first frame; everything built after it, the pack's full check started in its
    # thread; and that check done (what it imported and found is kept). The memory is
    # taken at each, and again once the kiosk has settled: `SETTLED_S` later, when it has
    # written its first metrics (a second after ready) and started all it runs.
    kiosk_markers = ("first frame:", "kiosk ready", "first full check done")
    # Each kiosk its own data folder, as one machine has: its start memo names its pack's
    # pictures by their paths, and the bundle's default pack is a folder of its own. A
    # floor has none (None): that is how a kiosk's start is told from a floor's below.
    starts = {
        "kiosk": ([sys.executable, "-m", "kiosk", *log], kiosk_markers, work / "data-venv"),
        "bare": ([sys.executable, str(REPO / "bench" / "bare_window.py")], ("ready",), None),
        # The bare window after the PySide6 classes the kiosk imports before its first frame.
        "qt_floor": (qt_floor.command(), ("ready",), None),
    }
    if BUNDLE.is_file():
        starts["bundle"] = ([str(BUNDLE), *log], kiosk_markers, work / "data-bundle")

    def env_of(data: Path | None) -> dict[str, str]:
        return {**base, "KIOSK_DATA": str(data)} if data else base

    for command, markers, data in starts.values():
        # Warms the file cache; a kiosk runs to its first full check, which writes the
        # start memo (`kiosk.startmemo`) that every start after it reads, as on a kiosk
        # that has run once.
        warm_up = ("first full check",) if data else markers
        _start_once(command, env_of(data), warm_up)
    times: dict[str, list[list[float]]] = {name: [] for name in starts}
    memory: dict[str, list[list[float]]] = {name: [] for name in starts}
    for _ in range(runs):
        for name, (command, markers, data) in starts.items():
            seconds, rss = _start_once(command, env_of(data), markers, SETTLED_S if data else 0)
            times[name].append([s * 1000 for s in seconds])
            memory[name].append(rss)
    result: dict[str, Any] = {"runs": runs}
    bare_ms = statistics.median(run[0] for run in times["bare"])
    bare_rss = statistics.median(run[0] for run in memory["bare"])
    for name, (_, _, data) in starts.items():
        ms = statistics.median(run[0] for run in times[name])
        rss = statistics.median(run[1 if data else 0] for run in memory[name])
        result[f"{name}_ms"] = round(ms, 1)
        result[f"{name}_rss_mib"] = round(rss, 1)
        if name == "qt_floor":
            result["qt_floor_ratio"] = round(ms / bare_ms, 2)
        elif data:
            prefix = "" if name == "kiosk" else f"{name}_"
            checked = statistics.median(run[2] for run in memory[name])
            settled = statistics.median(run[3] for run in memory[name])
            for n, when in ((1, "ready"), (2, "checked")):
                result[f"{name}_{when}_ms"] = round(statistics.median(r[n] for r in times[name]), 1)
            result[f"{name}_checked_rss_mib"] = round(checked, 1)
            result[f"{prefix}ratio"] = round(ms / bare_ms, 2)
            result[f"{prefix}rss_ratio"] = round(rss / bare_rss, 2)
            result[f"{prefix}checked_rss_ratio"] = round(checked / bare_rss, 2)
            result[f"{name}_settled_rss_mib"] = round(settled, 1)
            result[f"{prefix}settled_rss_ratio"] = round(settled / bare_rss, 2)
    return result


def start_xvfb(work: Path) -> tuple[subprocess.Popen[bytes], str] | None:
    if shutil.which("Xvfb") is None:
        return None
    read_end, write_end = os.pipe()
    size = f"{SCREEN['width']}x{SCREEN['height']}x24"
    process = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", size, "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(write_end,),
    )
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        number = pipe.readline().strip()
    return process, f":{number}"


# Tap to paint ----------------------------------------------------------------------------


def started_kiosk(pack_dir: Path, work: Path) -> Any:
    """A windowed kiosk on `pack_dir` at the bench's screen size, its pack fully checked
    and its first frame painted (the caller shuts it down)."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    from kiosk.ui.app import Kiosk, RunOptions

    kiosk = Kiosk(
        RunOptions(
            pack_dir,
            windowed=True,
            machine_config=work / "none.toml",
            data_dir=work / "data",
            clock=lambda: 0.0,
        )
    )
    kiosk.show()
    kiosk.window.resize(SCREEN["width"], SCREEN["height"])
    for _ in range(20):
        QCoreApplication.processEvents()
    if kiosk.monitor._handle is None:  # what the first frame starts, if none came yet
        kiosk._on_first_frame()
    deadline = time.perf_counter() + 60
    while not kiosk.is_ready and time.perf_counter() < deadline:  # the full check, once
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    return kiosk


def run_for(seconds: float) -> None:
    """Let the event loop run (and sleep when it has nothing to do) for `seconds`."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


def with_web_links(pack_dir: Path, work: Path) -> Path:
    """A copy of the pack in `pack_dir` with a web link at the top of each topic's first
    card, as a clinic's own pack has (the default pack has none on its cards)."""
    copy = work / f"{pack_dir.name}-with-links"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(pack_dir, copy)
    for n, topic in enumerate(sorted(copy.glob("*/[0-9]*.md"))):
        head, _, body = topic.read_text(encoding="utf-8").partition("\n---\n")
        link = f"See [our clinic's page](https://example.org/clinic/{n}).\n\n"
        topic.write_text(f"{head}\n---\n{link}{body}", encoding="utf-8")
    return copy


def taps(pack_dir: Path, count: int, work: Path) -> dict[str, dict[str, float]]:
    """Milliseconds from the end of a touch (a finger lifted; a swipe from its first
    event) to the end of the first frame painted after the kiosk has handled it: the
    frame that shows what the touch did. Between touches the kiosk is left alone for
    `PACE_S`, as a person's touches come no faster."""
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QPoint
    from soak import finger  # bench/ is on sys.path when run as a script

    from kiosk.ui import qr

    kiosk = started_kiosk(pack_dir, work)
    window = kiosk.window

    def settle() -> None:
        run_for(PACE_S)

    def timed(action: Callable[[], None]) -> float:
        """`action` (synchronous), then the first frame painted after it returns. A frame
        painted while it runs shows less and is not counted: a button repaints itself as
        it is released, before its click is handled."""
        frames: list[float] = []
        handled = [False]
        record = lambda: handled[0] and frames.append(time.perf_counter())  # noqa: E731
        window.frame_painted.connect(record)
        started = time.perf_counter()
        action()
        handled[0] = True
        deadline = started + 2
        while not frames and time.perf_counter() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        window.frame_painted.disconnect(record)
        return (frames[0] - started) * 1000 if frames else float("nan")

    def tap(
        widget: Any, at: QPoint | None = None, before: Callable[[], None] = lambda: None
    ) -> float:
        """A finger put down on `widget` (its pressed look painted), then the lift timed;
        at its middle, or `at`; `before` runs just before the finger goes down."""
        middle = widget.rect().center() if at is None else at
        stamp = int(time.monotonic() * 1000)
        settle()
        before()
        finger(widget, QEvent.Type.MouseButtonPress, middle, stamp)
        settle()
        return timed(lambda: finger(widget, QEvent.Type.MouseButtonRelease, middle, stamp + 90))

    def swipe() -> float:
        """A quick swipe to the next card (down, five moves and up, sent at once), to the
        first frame after it."""
        from soak import swipe as finger_swipe  # bench/ is on sys.path when run as a script

        settle()
        return timed(lambda: finger_swipe(window.topic.text.viewport()))

    samples: dict[str, list[float]] = {
        "home_to_topic": [],
        "next_card": [],
        "swipe": [],
        "back_to_home": [],
        "qr_open": [],
        "qr_open_new": [],
        "qr_tap_new": [],
        "card_drag_frame": [],  # a frame while the card follows the finger
    }

    def drag_frames() -> list[float]:
        """Press on the card, then move sideways a step a frame, timing each step to its
        painted frame; then lift (the slide completes) and wait until it has."""
        viewport = window.topic.text.viewport()
        middle = viewport.rect().center()
        stamp = [int(time.monotonic() * 1000)]

        def send(kind: QEvent.Type, at: QPoint) -> None:
            stamp[0] += 16
            finger(viewport, kind, at, stamp[0])

        settle()
        send(QEvent.Type.MouseButtonPress, middle)
        times = []
        for step in range(1, 13):
            at = middle - QPoint(40 * step, 0)
            move = lambda at=at: send(QEvent.Type.MouseMove, at)  # noqa: E731
            times.append(timed(move))
        send(QEvent.Type.MouseButtonRelease, middle - QPoint(480, 0))
        deadline = time.perf_counter() + 2
        while window.topic.slide.isVisible() and time.perf_counter() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        return times[1:]  # the first step draws the pictures of both cards

    visible_cards = window.home.cards[:9]
    for n in range(count):
        card = visible_cards[n % len(visible_cards)]
        samples["home_to_topic"].append(tap(card))
        if window.topic.card_count > 2:
            window.topic.show_card(0)
            samples["next_card"].append(tap(window.topic.next_button))
            samples["swipe"].append(swipe())
            window.topic.show_card(0)
            samples["card_drag_frame"] += drag_frames()
        # A web link of the card shown, as a tap on it gives it (its code made ahead);
        # then an address never seen, whose code is made when it is shown.
        window.topic.show_card(0)
        assert window.topic.topic is not None
        assert window.renderer is not None
        links = window.renderer.render(window.topic.topic, window.topic.index).external_links
        for name, url in (
            ("qr_open", links[0] if links else ""),
            ("qr_open_new", f"https://example.org/new/{n}"),
        ):
            if url:
                settle()
                samples[name].append(timed(lambda url=url: window.show_web_link(url)))
                window.qr.close_overlay()
        # A finger on a link whose code nobody has made, as on a link tapped the moment
        # its card appears: the code is made as the finger goes down.
        if links:
            text = window.topic.text
            samples["qr_tap_new"].append(
                tap(text.viewport(), link_point(text, links[0]), qr._modules.cache_clear)
            )
            window.qr.close_overlay()
        # Back shows only where it leads elsewhere than Home; here Home is the way back.
        back = window.nav.back_button
        samples["back_to_home"].append(tap(back if back.isVisible() else window.nav.home_button))
    kiosk.shutdown()
    window.unlock()
    window.close()
    window.deleteLater()
    return {name: spread(values) for name, values in samples.items() if values}


def link_point(text: Any, link: str) -> Any:
    """A point on the words of `link` in a card's text (`CardText`), in its viewport."""
    from PySide6.QtCore import QPoint

    viewport = text.viewport()
    for y in range(0, viewport.height(), 4):
        for x in range(0, viewport.width(), 8):
            if text.anchorAt(QPoint(x, y)) == link:
                return QPoint(x, y)
    raise LookupError(f"{link} is not on the card")


def full_collection(pack_dir: Path, work: Path) -> dict[str, float]:
    """Milliseconds of the full cyclic collection the kiosk's UI thread runs every minute
    (`kiosk.ui.faults.UiThreadCollector`), in a kiosk that is ready (what its start built
    frozen) and again with that unfrozen, as before it was; median of five each."""
    import gc

    kiosk = started_kiosk(pack_dir, work)

    def collected() -> float:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            gc.collect(2)
            times.append((time.perf_counter() - started) * 1000)
        return round(statistics.median(times), 2)

    result = {"frozen_objects": gc.get_freeze_count(), "frozen_ms": collected()}
    gc.unfreeze()
    result["unfrozen_ms"] = collected()
    kiosk.shutdown()
    kiosk.window.unlock()
    kiosk.window.close()
    kiosk.window.deleteLater()
    return result


def spread(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {
        "n": len(ordered),
        "p50": round(statistics.median(ordered), 2),
        "p95": round(p95, 2),
        "max": round(ordered[-1], 2),
    }


# Pack loading ----------------------------------------------------------------------------


def generated_pack(root: Path, topics: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for n in range(topics):
        (root / f"{n:05}-topic.md").write_text(
            f"---\ntitle: Topic {n}\nsummary: What topic {n} is about\norder: {n}\n"
            "sources: [A guide the topic follows]\n---\n"
            f"An introduction to topic {n}, in a few plain words.\n\n"
            "## What it is\n\nA short paragraph that explains it.\n\n"
            "## What to ask\n\nQuestions to ask:\n\n- One question.\n- Another question.\n",
            encoding="utf-8",
        )
    return root


def pack_loading(work: Path) -> dict[str, Any]:
    from datetime import date

    from kiosk import lint, loader

    rows = {}
    # Up to 2,000 topics: a pack may not have more in one language (kiosk/limits.py).
    for topics in (20, 200, 2000):
        root = generated_pack(work / f"pack-{topics}", topics)
        loads, checks = [], []
        for _ in range(3):
            started = time.perf_counter()
            loaded = loader.load(root)
            loads.append(time.perf_counter() - started)
            started = time.perf_counter()
            problems = lint.check(loaded, date.today())
            checks.append(time.perf_counter() - started)
            assert not problems, problems[:3]
        rows[topics] = {"load_s": round(min(loads), 3), "validate_s": round(min(checks), 3)}
    for small, big in ((20, 200), (200, 2000)):
        for key in ("load_s", "validate_s"):
            rows[big][f"{key[:-2]}_growth_per_10x"] = round(rows[big][key] / rows[small][key], 1)
    return rows


# A quarter of one core ------------------------------------------------------------------


@contextlib.contextmanager
def quarter_core() -> Iterator[tuple[list[str], str]]:
    """A command prefix that runs a command on a quarter of one core, and how it does it
    (an empty prefix, and why, where it cannot)."""
    name = f"kiosk-bench-{os.getpid()}"
    for root, files in (
        (
            Path("/sys/fs/cgroup/cpu"),
            {"cpu.cfs_period_us": PERIOD_US, "cpu.cfs_quota_us": QUOTA_US},
        ),
        (Path("/sys/fs/cgroup"), {"cpu.max": f"{QUOTA_US} {PERIOD_US}"}),
    ):
        group = root / name
        try:
            group.mkdir()
        except OSError:
            continue
        try:
            for file, value in files.items():
                (group / file).write_text(str(value))
        except OSError:
            group.rmdir()
            continue
        try:
            # The shell moves itself into the group, then becomes the command.
            yield (
                ["sh", "-c", f'echo $$ > {group}/cgroup.procs && exec "$@"', "sh"],
                (f"cgroup {group}: {QUOTA_US} us of CPU every {PERIOD_US} us"),
            )
        finally:
            with contextlib.suppress(OSError):
                group.rmdir()
        return
    if shutil.which("systemd-run") and Path("/run/systemd/system").is_dir():
        yield (
            ["systemd-run", "--scope", "--quiet", "-p", "CPUQuota=25%"]
            + ["-p", f"CPUQuotaPeriodSec={PERIOD_US // 1000}ms", "--"],
            "systemd-run --scope -p CPUQuota=25%",
        )
        return
    yield [], "no cgroup could be made (needs root, or systemd-run)"


def slow_profile(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """The cold starts, the taps, the card drag, the full collection and the slideshow on a
    quarter of one core, run in a child process held there."""
    with quarter_core() as (prefix, how):
        if not prefix:
            print(f"  skipped: {how}", flush=True)
            return {"skipped": how}
        out = work / "quarter-core.json"
        command = [sys.executable, str(Path(__file__).resolve()), "--quarter-core-child"]
        command += ["--runs", str(args.runs), "--taps", str(args.taps)]
        command += ["--slideshow-seconds", str(args.slideshow_seconds), "--json", str(out)]
        subprocess.run([*prefix, *command], check=True)
        result: dict[str, Any] = json.loads(out.read_text())
        result["how"] = how
        return result


def quarter_core_child(args: argparse.Namespace, work: Path, offscreen: dict[str, str]) -> None:
    from slideshow import slideshow  # bench/ is on sys.path when run as a script

    results: dict[str, Any] = {"cold_start_offscreen": cold_starts(offscreen, args.runs, work)}
    os.environ["QT_QPA_PLATFORM"] = offscreen["QT_QPA_PLATFORM"]
    results["tap_to_paint_default_pack"] = taps(
        with_web_links(REPO / "content", work), args.taps, work
    )
    results["full_collection"] = full_collection(REPO / "content", work)
    # Its CPU share over a minute says little on a quarter of a core: its frames matter.
    results["slideshow"] = slideshow(REPO / "content", work, min(args.slideshow_seconds, 20))
    args.json.write_text(json.dumps(results, indent=2) + "\n")


# Main -----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--taps", type=int, default=200)
    parser.add_argument("--soak-cycles", type=int, default=1000)
    parser.add_argument("--slideshow-seconds", type=int, default=60)
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results.json")
    parser.add_argument("--quarter-core-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
    config = work / "offscreen.json"
    config.write_text(json.dumps(OFFSCREEN_CONFIG))
    offscreen = {"QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    if args.quarter_core_child:
        quarter_core_child(args, work, offscreen)
        shutil.rmtree(work, ignore_errors=True)
        return
    # As a kiosk that has run once has them (PYTHONDONTWRITEBYTECODE or not), and the
    # bundle does: no start pays for compiling the app's sources.
    compileall.compile_dir(REPO / "kiosk", quiet=1)
    results: dict[str, Any] = {"machine": os.uname().machine, "cpus": os.cpu_count()}

    print("cold start (offscreen)...", flush=True)
    results["cold_start_offscreen"] = cold_starts(offscreen, args.runs, work)
    xvfb = start_xvfb(work)
    if xvfb is not None:
        print("cold start (xcb, Xvfb)...", flush=True)
        server, display = xvfb
        try:
            results["cold_start_xcb"] = cold_starts(
                {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}, args.runs, work
            )
        finally:
            server.kill()
            server.wait()

    os.environ["QT_QPA_PLATFORM"] = offscreen["QT_QPA_PLATFORM"]
    print("tap to paint...", flush=True)
    results["tap_to_paint_default_pack"] = taps(
        with_web_links(REPO / "content", work), args.taps, work
    )
    results["tap_to_paint_500_topics"] = taps(
        generated_pack(work / "taps-500", 500), args.taps, work
    )
    results["full_collection"] = full_collection(REPO / "content", work)
    print("slideshow...", flush=True)
    from slideshow import slideshow  # bench/ is on sys.path when run as a script

    results["slideshow"] = slideshow(REPO / "content", work, args.slideshow_seconds)
    print("a quarter of one core: cold start, taps, slideshow...", flush=True)
    results["quarter_core"] = slow_profile(args, work)
    print("pack loading...", flush=True)
    results["pack_loading"] = pack_loading(work)

    if args.soak_cycles:
        print(f"soak ({args.soak_cycles} cycles)...", flush=True)
        soak = subprocess.run(
            [sys.executable, str(REPO / "bench" / "soak.py"), "--cycles", str(args.soak_cycles)],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        results["soak"] = {
            line.split(":")[0].strip(): line.split(":", 1)[1].strip()
            for line in soak.splitlines()
            if ":" in line
        }
    if BUNDLE.is_file():
        results["bundle_bytes"] = sum(
            f.stat().st_size for f in BUNDLE.parent.rglob("*") if f.is_file() and not f.is_symlink()
        )
    shutil.rmtree(work, ignore_errors=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print_table(results)
    print(f"\nwritten to {args.json}")


def print_table(results: dict[str, Any], indent: str = "") -> None:
    print()
    for key in ("cold_start_offscreen", "cold_start_xcb"):
        if key in results:
            r = results[key]
            print(
                f"{indent}{key:24} kiosk {r['kiosk_ms']:7.1f} ms  bare {r['bare_ms']:7.1f} ms  "
                f"ratio {r['ratio']:.2f}   RSS kiosk {r['kiosk_rss_mib']:.1f} MiB  "
                f"bare {r['bare_rss_mib']:.1f} MiB  ratio {r['rss_ratio']:.2f}   "
                f"ready {r['kiosk_ready_ms']:.1f} ms   settled {r['kiosk_settled_rss_mib']:.1f} "
                f"MiB (ratio {r['settled_rss_ratio']:.2f})"
            )
            print(
                f"{indent}{'':24} the bare window after the kiosk's PySide6 classes "
                f"(bench/qt_floor.py) {r['qt_floor_ms']:.1f} ms, ratio {r['qt_floor_ratio']:.2f}"
            )
            if "bundle_ms" in r:
                print(
                    f"{indent}{'':24} bundle {r['bundle_ms']:6.1f} ms  ratio "
                    f"{r['bundle_ratio']:.2f}   RSS bundle {r['bundle_rss_mib']:.1f} MiB  "
                    f"ratio {r['bundle_rss_ratio']:.2f}   ready {r['bundle_ready_ms']:.1f} ms   "
                    f"settled {r['bundle_settled_rss_mib']:.1f} MiB "
                    f"(ratio {r['bundle_settled_rss_ratio']:.2f})"
                )
    for key in ("tap_to_paint_default_pack", "tap_to_paint_500_topics"):
        if key not in results:
            continue
        print(f"\n{indent}{key} (ms)")
        for action, r in results[key].items():
            print(
                f"{indent}  {action:16} n={r['n']:4}  p50 {r['p50']:6.2f}  p95 {r['p95']:6.2f}  "
                f"max {r['max']:7.2f}"
            )
    if "full_collection" in results:
        r = results["full_collection"]
        print(
            f"\n{indent}full cyclic collection (each minute, UI thread): {r['frozen_ms']:.2f} ms "
            f"with the start's {r['frozen_objects']:,} objects frozen, {r['unfrozen_ms']:.2f} ms "
            "without"
        )
    if "slideshow" in results:
        r = results["slideshow"]
        print(f"\n{indent}slideshow (ms a frame, the UI thread's work)")
        for name in ("crossfade", "fade_start", "pan", "touch_wait"):
            f = r[name]
            spread_of = f"p50 {f['p50']:6.2f}  p95 {f['p95']:6.2f}  max {f['max']:7.2f}"
            print(f"{indent}  {name:16} n={f['n']:4}  {spread_of}")
        print(f"{indent}  CPU over {r['seconds']} s: {r['cpu_percent']:.1f}% of one core")
    if "quarter_core" in results:
        slow = results["quarter_core"]
        print(f"\non a quarter of one core ({slow.get('how') or slow.get('skipped')})")
        if "skipped" not in slow:
            print_table(slow, indent="  ")
    if "pack_loading" not in results:
        return
    print("\npack loading (s)")
    for topics, r in results["pack_loading"].items():
        growth = (
            f"  growth per 10x: load {r.get('load_growth_per_10x', '-')}, "
            f"validate {r.get('validate_growth_per_10x', '-')}"
        )
        print(
            f"  {topics:>5} topics  load {r['load_s']:.3f}  validate {r['validate_s']:.3f}"
            + (growth if "load_growth_per_10x" in r else "")
        )
    if "soak" in results:
        print("\nsoak: " + "; ".join(f"{k} {v}" for k, v in results["soak"].items()))
    if "bundle_bytes" in results:
        print(f"\nbundle: {results['bundle_bytes'] / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
