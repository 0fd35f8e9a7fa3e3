"""End to end on Wayland: the real ``kiosk`` full screen under cage and Weston, the kiosk
compositors new hardware ships with.

Each compositor runs as an unprivileged user (cage refuses root; ``.ci/run`` creates the
user) with a runtime folder of its own, and the kiosk connects to its socket as a client.
What the compositor shows is compared, pixel for pixel, with what ``kiosk preview``
renders for the same pack at the same size. Screenshots and taps:

- cage in Xvfb (its X11 backend): ImageMagick's ``import`` reads what cage composited,
  and xdotool's clicks reach the kiosk through cage's input, as a touch would. cage 0.1.4
  has no virtual-pointer protocol, and its headless backend has no input devices, so
  this is how a tap goes through the compositor.
- cage headless, with ``grim``, turned by ``-r``: cage 0.1.4 hands a client's buffer that
  covers the output straight to a headless output (direct scan-out), and a screen copy
  then returns, and shows, an old frame of its own (black). A turned output makes cage
  draw the frame itself, as it always does on a real screen, whose DRM output cannot
  take the kiosk's shared-memory buffers; grim turns the picture upright.
- Weston headless (desktop shell), with ``weston-screenshooter``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.e2e.harness import (
    EVENT_TIMEOUT,
    START_TIMEOUT,
    Compositor,
    Logged,
    as_unprivileged,
    start_compositor,
    start_kiosk,
    start_xvfb,
    stop,
)

TOOLS = ("cage", "grim", "weston", "weston-screenshooter", "Xvfb", "xdotool", "xwininfo", "import")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]
if MISSING and not os.environ.get("CI"):
    pytest.skip(f"Wayland end-to-end tests need {', '.join(MISSING)}", allow_module_level=True)

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"
HEADLESS = {"WLR_BACKENDS": "headless", "WLR_RENDERER": "pixman", "WLR_LIBINPUT_NO_DEVICES": "1"}
TOPICS = ("Sleep", "Eating well", "Moving more")
CARD_TAP = (300, 600)  # in the middle of the first card on Home at 1920x1080 and 1080x1920


@pytest.fixture(autouse=True, scope="module")
def _tools_installed() -> None:
    """Under CI the tools must be there (elsewhere the module is skipped without them)."""
    if MISSING:
        pytest.fail(f"CI is set but {', '.join(MISSING)} missing: CI must install them")


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small pack: the screens are the kiosk's own, and the preview of it is quick."""
    root = tmp_path_factory.mktemp("pack")
    (root / "pack.toml").write_text('[pack]\ntitle = "Feeling well"\nlanguage = "en"\n')
    for number, title in enumerate(TOPICS, start=1):
        (root / f"{number:02}.md").write_text(
            f"---\ntitle: {title}\nsummary: A few plain words about {title.lower()}\n---\n"
            f"Some short sentences about {title.lower()}. They are easy to read.\n\n"
            "## More\n\nA second card with a few more words.\n",
            encoding="utf-8",
        )
    return root


@pytest.fixture(scope="module")
def previews(pack: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Home as ``kiosk preview`` renders it, at every size the tests use (rendered side
    by side, one process per size)."""
    sizes = ("1920x1080", "1080x1920", "1280x720", "720x1280")
    out = tmp_path_factory.mktemp("preview")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    running = {
        size: subprocess.Popen(
            [sys.executable, "-m", "kiosk", "preview", str(pack), "--out", str(out / size)]
            + ["--size", size],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for size in sizes
    }
    for size, process in running.items():
        _, error = process.communicate(timeout=START_TIMEOUT)
        assert process.returncode == 0, f"preview at {size} failed:\n{error.decode()}"
    return {size: out / size / "home.png" for size in sizes}


def launch(stack: ExitStack, compositor: Compositor, pack: Path, home: Path) -> Logged:
    """The kiosk, full screen, as a client of `compositor` (stopped when `stack` closes),
    once it says it is ready on Wayland."""
    env = compositor.client_env(home)
    kiosk = start_kiosk(stack, env, "--log-level", "debug", "--content", str(pack))
    ready = kiosk.wait_for("kiosk ready:", timeout=START_TIMEOUT)
    assert ready.endswith(" on wayland"), kiosk.output
    return kiosk


def same_picture(shot: Path, preview: Path) -> bool:
    expected, seen = QImage(str(preview)), QImage(str(shot))
    assert not expected.isNull(), preview
    if seen.isNull() or seen.size() != expected.size():
        return False
    # The pixels only: the files' colour space and resolution tags may differ.
    rgb = QImage.Format.Format_RGB32
    return pixels(seen.convertToFormat(rgb)) == pixels(expected.convertToFormat(rgb))


def pixels(image: QImage) -> bytes:
    return bytes(image.constBits())


def shows(
    take: Callable[[Path], None],
    shot: Path,
    preview: Path,
    kiosk: Logged,
    *,
    showing: bool = True,
) -> None:
    """Take screenshots into `shot` until one is `preview`, pixel for pixel, or with
    `showing` false until one is not: the compositor's frame can follow the log line that
    announced it by a moment."""
    deadline = time.monotonic() + EVENT_TIMEOUT
    while True:
        take(shot)
        if same_picture(shot, preview) == showing:
            return
        if time.monotonic() > deadline:
            kiosk.mark()
            still = "is not" if showing else "is still"
            pytest.fail(f"{shot} {still} {preview} after {EVENT_TIMEOUT:.0f} s:\n{kiosk.output}")


@pytest.mark.parametrize("size", ["1920x1080", "1080x1920"])
def test_under_cage_home_fills_the_output_and_a_tap_opens_a_topic(
    size: str, pack: Path, previews: dict[str, Path], tmp_path: Path
) -> None:
    """cage's X11 backend in Xvfb, its window made `size`: the kiosk fills cage's output
    exactly as the preview draws Home; a click on the first card, through cage, opens the
    topic; Escape, through cage, does not close it."""
    width, height = size.split("x")
    with ExitStack() as stack:
        xvfb = start_xvfb(size, tmp_path / "xvfb.log")
        stack.callback(stop, xvfb.process)
        cage = start_compositor(
            ["cage"],
            tmp_path / "cage.log",
            {"DISPLAY": xvfb.display, "WLR_BACKENDS": "x11", "WLR_RENDERER": "pixman"},
        )
        stack.callback(cage.stop)
        kiosk = launch(stack, cage, pack, tmp_path)
        # cage's output is its one X window, 1024x768 at first.
        children = xvfb.run("xwininfo", "-root", "-children")
        window = re.findall(r"^\s+(0x[0-9a-f]+) ", children, re.MULTILINE)[0]
        xvfb.run("xdotool", "windowsize", "--sync", window, width, height)

        def take(shot: Path) -> None:
            xvfb.run("import", "-window", "root", str(shot))

        shows(take, tmp_path / "home.png", previews[size], kiosk)

        since = kiosk.mark()
        xvfb.run("xdotool", "mousemove", "--sync", *map(str, CARD_TAP), "key", "Escape")
        kiosk.wait_for("key ignored: the kiosk is locked", since)  # it reached the kiosk
        xvfb.run("xdotool", "click", "1")
        kiosk.wait_for("screen changed to topic", since)
        shows(take, tmp_path / "topic.png", previews[size], kiosk, showing=False)
        assert kiosk.process.poll() is None, kiosk.output


@pytest.mark.parametrize(("turns", "size"), [(1, "720x1280"), (2, "1280x720")])
def test_under_headless_cage_the_kiosk_fills_the_output(
    turns: int, size: str, pack: Path, previews: dict[str, Path], tmp_path: Path
) -> None:
    """cage's headless backend, as IT tried it, the output turned (see the module's
    docstring for why a screen copy needs that): grim sees Home as the preview draws it."""
    with ExitStack() as stack:
        cage = start_compositor(["cage", *["-r"] * turns], tmp_path / "cage.log", HEADLESS)
        stack.callback(cage.stop)
        kiosk = launch(stack, cage, pack, tmp_path)
        assert f"kiosk ready: {size} on wayland" in kiosk.output

        def take(shot: Path) -> None:
            cage.run("grim", str(shot))

        shows(take, tmp_path / "home.png", previews[size], kiosk)


@pytest.mark.parametrize("size", ["1920x1080", "1080x1920"])
def test_under_weston_the_kiosk_fills_the_output(
    size: str, pack: Path, previews: dict[str, Path], tmp_path: Path
) -> None:
    """Weston's headless backend and desktop shell (its panel is covered): Home as the
    preview draws it, in Weston's own screenshot."""
    width, height = size.split("x")
    command = ["weston", "--backend=headless-backend.so", "--use-pixman", "--idle-time=0"]
    command += [f"--width={width}", f"--height={height}", "--shell=desktop-shell.so"]
    command += ["--socket=kiosk-e2e", "--debug"]  # --debug lets a client take screenshots
    with ExitStack() as stack:
        weston = start_compositor(command, tmp_path / "weston.log", weston=True)
        stack.callback(weston.stop)
        kiosk = launch(stack, weston, pack, tmp_path)
        shots = tmp_path / "shots"

        def take(shot: Path) -> None:
            shutil.rmtree(shots, ignore_errors=True)
            shots.mkdir()
            weston.run("weston-screenshooter", cwd=shots)
            (taken,) = shots.glob("*.png")
            taken.replace(shot)

        shows(take, tmp_path / "home.png", previews[size], kiosk)


@pytest.mark.parametrize("status", [0, 10, 70])
def test_the_session_script_ends_with_the_kiosks_own_status(status: int) -> None:
    """packaging/kiosk-session under cage headless, as the kiosk-cage unit runs it, with a
    stand-in kiosk beside it: its arguments reach the kiosk, and the script ends with the
    kiosk's status (cage 0.1.4 itself ends with 0), so RestartPreventExitStatus=10 works."""
    prefix, uid, gid = as_unprivileged()
    staged = Path(tempfile.mkdtemp(prefix="kiosk-session-", dir="/tmp"))
    try:
        staged.chmod(0o755)
        shutil.copy(PACKAGING / "kiosk-session", staged / "kiosk-session")
        said = staged / "arguments"
        (staged / "kiosk").write_text(f'#!/bin/sh\nprintf "%s|" "$@" >"{said}"\nexit {status}\n')
        (staged / "kiosk").chmod(0o755)
        runtime = staged / "runtime"
        runtime.mkdir(mode=0o700)
        for path in (staged, runtime):
            os.chown(path, uid, gid)
        variables = [f"{name}={value}" for name, value in HEADLESS.items()]
        done = subprocess.run(
            [*prefix, "env", f"XDG_RUNTIME_DIR={runtime}", *variables]
            + [str(staged / "kiosk-session"), "--content", "/srv/a pack"],
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT,
            check=False,
        )
        assert done.returncode == status, done.stdout + done.stderr
        assert said.read_text() == "--content|/srv/a pack|"
        assert list(runtime.iterdir()) == [], "the script left its status file behind"
    finally:
        shutil.rmtree(staged, ignore_errors=True)


def all_week(times: str) -> str:
    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    return "".join(f'{day} = "{times}"\n' for day in days)


def test_under_cage_a_closed_kiosk_is_black_and_lights_up_when_open(
    pack: Path, tmp_path: Path
) -> None:
    """Closed every day: the output is black (cage draws the frame: the output is turned,
    see the module's docstring); hours that include now, copied in: the kiosk is lit."""
    closed = tmp_path / "closed-pack"
    shutil.copytree(pack, closed)
    toml = (closed / "pack.toml").read_text()
    (closed / "pack.toml").write_text(toml + '[hours]\ndisplay_off = "auto"\n' + all_week("closed"))
    with ExitStack() as stack:
        cage = start_compositor(["cage", "-r"], tmp_path / "cage.log", HEADLESS)
        stack.callback(cage.stop)
        env = cage.client_env(tmp_path)
        kiosk = start_kiosk(stack, env, "--content", str(closed), "--quiet-seconds", "1")
        kiosk.wait_for("opening hours: closed", timeout=START_TIMEOUT)
        kiosk.wait_for("kiosk ready:", timeout=START_TIMEOUT)

        def colours_seen() -> set[int]:
            shot = tmp_path / "shot.png"
            cage.run("grim", str(shot))
            image = QImage(str(shot))
            return {
                image.pixel(x, y)
                for x in range(0, image.width(), 40)
                for y in range(0, image.height(), 40)
            }

        deadline = time.monotonic() + EVENT_TIMEOUT
        while colours_seen() != {0xFF000000}:
            assert time.monotonic() < deadline, f"never black:\n{kiosk.output}"
        since = kiosk.mark()
        (closed / "pack.toml").write_text(toml + "[hours]\n" + all_week("00:00-24:00"))
        kiosk.wait_for("opening hours: open", since, timeout=30)
        deadline = time.monotonic() + EVENT_TIMEOUT
        while len(colours_seen()) <= 8:
            assert time.monotonic() < deadline, f"never lit again:\n{kiosk.output}"
