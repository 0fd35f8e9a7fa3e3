"""The cold start counted in instructions, not milliseconds: what each start executes
from process start to its first painted frame, under valgrind's cachegrind.

    .venv/bin/python bench/instructions.py

Wall-clock starts on a shared machine move by a tenth or two of their ratio between runs
an hour apart; the count of instructions is the same from one run to the next within a
percent, so a change to the start-up path can be weighed on its own. Counted (offscreen,
1920x1080, the app compiled to bytecode and its start memo written, as in `run.py`): the
bare window (`bare_window.py`), the bare window after the PySide6 classes the kiosk
imports before its first frame (`qt_floor.py`), and the kiosk, in total and up to each
step of its start:

- ``options``: the interpreter and `kiosk.cli` imported;
- ``qt``: the options parsed, the log set up and PySide6.QtCore imported;
- ``imports``: `kiosk.ui.app` imported (Qt's classes and the kiosk's modules);
- ``application``: Qt's messages sent to the log, the QApplication made, the regular and
  bold fonts loaded;
- ``pack``: the machine's config and settings, the fault handler, and the pack's quick
  load (`LiveContent`);
- ``window``: the window built, Home on it;
- ``first frame``: the rest of the kiosk's pieces made and wired (the session, staff
  access, the notice, opening hours, the counts...), shown, and the first frame painted.

Each counted process runs this file, which imports only `os` and `sys` before it becomes
the start it counts; the start writes "reached" to stderr where it stops, and the count
of a process that did not is refused. Needs valgrind (Debian's package); takes about two
minutes on two cores. A benchmark, not a test: nothing here fails. Instructions are not
time (a cache miss, a system call, a wait for the display are not counted the same): the
wall clock's ratios have come within about 0.2 of these.
"""

from __future__ import annotations

import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)
STEPS = ("options", "qt", "imports", "application", "pack", "window", "first frame")


def reached() -> None:
    """Say the counted start got where it was to stop, and leave at once."""
    sys.stderr.write("\nreached\n")
    sys.stderr.flush()
    os._exit(0)


def child(step: str) -> None:
    """Run the kiosk up to `step`, then leave (in the process cachegrind counts)."""
    from kiosk import cli

    if step == "options":
        reached()
    import_qt = cli._import_qt

    def after(owner: object, name: str, here: str) -> None:
        call = getattr(owner, name)

        def wrapped(*args: object, **kwargs: object) -> object:
            result = call(*args, **kwargs)
            if step == here:
                reached()
            return result

        setattr(owner, name, wrapped)

    def import_qt_then_stop() -> None:
        import_qt()
        if step == "qt":
            reached()
        from kiosk.ui import app, live

        if step == "imports":
            reached()
        after(app, "application", "application")
        after(live.LiveContent, "__init__", "pack")
        after(app, "build_window", "window")
        app.Kiosk._on_first_frame = lambda kiosk: reached()

    cli._import_qt = import_qt_then_stop
    cli.main(["--log-dir", os.environ["BENCH_LOG_DIR"]])


def floor_child(script: str, args: list[str]) -> None:
    """Run a floor window (given `args`) until it writes "ready"."""
    write = sys.stderr.write

    def write_then_stop(text: str) -> int:
        written = write(text)
        if text.startswith("ready"):
            reached()
        return written

    sys.stderr.write = write_then_stop  # type: ignore[method-assign]
    sys.argv = [script, *args]
    import runpy

    runpy.run_path(os.path.join(REPO, "bench", script), run_name="__main__")


def count(args: list[str], env: dict[str, str]) -> int:
    """Instructions the child given `args` executes to where it stops."""
    import re
    import subprocess

    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no"]
    command += ["--cachegrind-out-file=/dev/null", sys.executable, __file__, *args]
    out = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    found = re.search(r"I\s+refs:\s+([\d,]+)", out.stderr)
    if out.returncode != 0 or "\nreached\n" not in f"\n{out.stderr}" or found is None:
        raise SystemExit(f"{' '.join(args)} did not get there:\n{out.stderr[-3000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2])
        return
    if sys.argv[1:2] == ["--floor"]:
        floor_child(sys.argv[2], sys.argv[3:])
        return
    import compileall
    import json
    import shutil
    import subprocess
    import tempfile
    import threading
    from pathlib import Path

    import qt_floor  # bench/ is on sys.path when run as a script
    from run import OFFSCREEN_CONFIG

    if shutil.which("valgrind") is None:
        raise SystemExit("bench/instructions.py needs valgrind (apt-get install valgrind)")
    compileall.compile_dir(Path(REPO) / "kiosk", quiet=1)
    work = Path(tempfile.mkdtemp(prefix="kiosk-instructions-"))
    config = work / "offscreen.json"
    config.write_text(json.dumps(OFFSCREEN_CONFIG))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "XDG_STATE_HOME": str(work / "state"),
        "XDG_CONFIG_HOME": str(work / "config"),
        "KIOSK_DATA": str(work / "data"),
        "BENCH_LOG_DIR": str(work / "log"),
    }
    for private in ("KIOSK_CONTENT", "KIOSK_CONFIG"):
        env.pop(private, None)
    # One start to its first full check writes the start memo the counted starts read.
    kiosk = [sys.executable, "-m", "kiosk", "--log-dir", str(work / "log")]
    with subprocess.Popen(kiosk, env=env, stderr=subprocess.PIPE, text=True) as warm_up:
        assert warm_up.stderr is not None
        timer = threading.Timer(120, warm_up.kill)
        timer.start()
        checked = any("first full check" in line for line in warm_up.stderr)
        timer.cancel()
        warm_up.kill()
    if not checked:
        raise SystemExit("the kiosk did not report its first full check")

    bare = count(["--floor", "bare_window.py"], env)
    floor = count(["--floor", "qt_floor.py", *qt_floor.command()[2:]], env)
    steps = {step: count(["--child", step], env) for step in STEPS}
    shutil.rmtree(work, ignore_errors=True)

    def line(what: str, n: int, delta: int | None = None) -> str:
        by_step = f"  +{delta / 1e6:6.0f} M" if delta is not None else " " * 11
        return f"{what:44} {n / 1e6:7.0f} M{by_step}   x{n / bare:.2f} the bare window"

    print(line("bare window", bare))
    print(line("bare window + the kiosk's Qt classes", floor))
    before = 0
    for step, n in steps.items():
        print(line(f"kiosk to {step}", n, n - before))
        before = n


if __name__ == "__main__":
    main()
