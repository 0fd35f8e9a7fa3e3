"""End to end: the real ``kiosk`` process, full screen on Xvfb through Qt's xcb platform.

Each size gets its own X server (``Xvfb -displayfd``) and one kiosk process; the tests look
at the window from outside with xwininfo and xprop, press and click with xdotool, and take
screenshots with ImageMagick's ``import``. Nothing sleeps: the tests wait for the kiosk's
log lines (read from its stderr) or for what the X server shows, each with a deadline.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage

from tests.e2e.harness import (
    EVENT_TIMEOUT,
    START_TIMEOUT,
    Logged,
    Xvfb,
    start_xvfb,
    stop,
)

TOOLS = ("Xvfb", "xdotool", "xwininfo", "xprop", "import")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]
if MISSING and not os.environ.get("CI"):
    pytest.skip(f"end-to-end tests need {', '.join(MISSING)}", allow_module_level=True)

TITLE = "Waiting room"
SIZES = ("1920x1080", "1080x1920")
# The first topic card on Home, measured from screenshots (left, top, right, bottom).
FIRST_CARD = {"1920x1080": (36, 354, 636, 567), "1080x1920": (36, 273, 528, 599)}
CARD_TAP = (300, 520)  # inside the first card at both sizes
# The Home button: top left in landscape; in portrait the bar is at the bottom, in reach.
HOME_BUTTON = {"1920x1080": (130, 66), "1080x1920": (130, 1758)}

# `0x200007 "Waiting room": ("kiosk" "kiosk")  1920x1080+0+0  +0+0`
WINDOW_LINE = re.compile(
    r'^\s*(?P<id>0x[0-9a-f]+) "' + re.escape(TITLE) + r'":.*?\s'
    r"(?P<w>\d+)x(?P<h>\d+)\+(?P<x>-?\d+)\+(?P<y>-?\d+)\s",
    re.MULTILINE,
)
SCREEN_LINE = re.compile(r"screen changed to (\w+)")


def screen_size(size: str) -> tuple[int, int]:
    width, height = size.split("x")
    return int(width), int(height)


class Kiosk(Logged):
    """The kiosk process on an Xvfb, with its stderr log read as it comes."""

    def __init__(self, process: subprocess.Popen[bytes], xvfb: Xvfb, size: str) -> None:
        super().__init__(process)
        self.xvfb = xvfb
        self.size = size
        self.home: QImage | None = None  # the first frame of Home, to recognise Home by

    def current_screen(self) -> str | None:
        """The screen the kiosk last said it changed to."""
        self.mark()
        for line in reversed(self.lines):
            if match := SCREEN_LINE.search(line):
                return match.group(1)
        return None

    def click(self, x: int, y: int) -> None:
        self.xvfb.run("xdotool", "mousemove", "--sync", str(x), str(y), "click", "1")

    def tap_and_wait(self, point: tuple[int, int], screen: str) -> None:
        """Click `point` and wait until the kiosk says it shows `screen`."""
        since = self.mark()
        self.click(*point)
        self.wait_for(f"screen changed to {screen}", since)

    def go_home(self, path: Path) -> QImage:
        """Back to Home (with the Home button) if the kiosk shows another screen; a
        screenshot, saved as `path`, in which the first card looks as in the first frame."""
        if self.current_screen() != "home":
            self.tap_and_wait(HOME_BUTTON[self.size], "home")
        home, rect = self.home, card_rect(self.size)
        assert home is not None

        def shows_home(image: QImage) -> bool:
            return changed_share(home, image, rect) == 0

        return self.screenshot_until(path, shows_home, "Home did not come back")

    def windows(self) -> tuple[str, list[re.Match[str]]]:
        """The `xwininfo -root -tree` listing and its windows titled "Waiting room"."""
        listing = self.xvfb.run("xwininfo", "-root", "-tree")
        return listing, list(WINDOW_LINE.finditer(listing))

    def main_window(self) -> str:
        """The id of the kiosk's screen-sized window (Qt adds small helper windows)."""
        listing, found = self.windows()
        width, height = screen_size(self.size)
        for match in found:
            if (int(match["w"]), int(match["h"])) == (width, height):
                return match["id"]
        pytest.fail(f"no {self.size} window titled {TITLE!r}:\n{listing}")

    def screenshot(self, path: Path) -> QImage:
        self.xvfb.run("import", "-window", "root", str(path))
        image = QImage(str(path))
        assert not image.isNull(), f"cannot read the screenshot {path}"
        return image

    def screenshot_until(
        self, path: Path, condition: Callable[[QImage], bool], what: str
    ) -> QImage:
        """Take screenshots into `path` until one meets `condition` (a frame can follow
        the log line that announced it by a moment)."""
        deadline = time.monotonic() + EVENT_TIMEOUT
        while True:
            image = self.screenshot(path)
            if condition(image):
                return image
            if time.monotonic() > deadline:
                pytest.fail(f"{what} within {EVENT_TIMEOUT:.0f} s; see {path}:\n{self.output}")


def card_rect(size: str) -> QRect:
    """The first card on Home, 4 px inside its border so rounding does not matter."""
    left, top, right, bottom = FIRST_CARD[size]
    return QRect(left + 4, top + 4, right - left - 8, bottom - top - 8)


def colours(image: QImage, rect: QRect) -> set[int]:
    return {
        image.pixel(x, y)
        for y in range(rect.top(), rect.bottom() + 1)
        for x in range(rect.left(), rect.right() + 1)
    }


def changed_share(before: QImage, after: QImage, rect: QRect) -> float:
    """The share of pixels in `rect` that differ between the two images."""
    changed = sum(
        before.pixel(x, y) != after.pixel(x, y)
        for y in range(rect.top(), rect.bottom() + 1)
        for x in range(rect.left(), rect.right() + 1)
    )
    return changed / (rect.width() * rect.height())


def painted(size: str) -> Callable[[QImage], bool]:
    """Whether a screenshot shows the first card drawn: text on it gives many colours,
    while an undrawn window shows a flat background."""
    return lambda image: len(colours(image, card_rect(size))) >= 8


def launch(stack: ExitStack, xvfb: Xvfb, size: str, *options: str) -> Kiosk:
    """Start ``kiosk`` on `xvfb` (stopped when `stack` closes) and wait until its window,
    expected at `size`, is ready and mapped."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--log-level", "debug", *options],
        env=xvfb.env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    stack.callback(stop, process)
    kiosk = Kiosk(process, xvfb, size)
    kiosk.wait_for(f"kiosk ready: {size}", timeout=START_TIMEOUT)
    xvfb.run("xdotool", "search", "--sync", "--onlyvisible", "--name", f"^{TITLE}$")
    return kiosk


@pytest.fixture(autouse=True, scope="module")
def _tools_installed() -> None:
    """Under CI the tools must be there (elsewhere the module is skipped without them)."""
    if MISSING:
        pytest.fail(f"CI is set but {', '.join(MISSING)} missing: CI must install them")


@pytest.fixture(scope="module", params=SIZES)
def kiosk(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Kiosk]:
    """A kiosk full screen on its own Xvfb at the parametrized size, showing Home."""
    size: str = request.param
    folder = tmp_path_factory.mktemp(f"xvfb-{size}")
    with ExitStack() as stack:
        xvfb = start_xvfb(size, folder / "xvfb.log")
        stack.callback(stop, xvfb.process)  # callbacks run last first: the kiosk goes first
        kiosk = launch(stack, xvfb, size)
        kiosk.home = kiosk.screenshot_until(
            folder / "first-frame.png", painted(size), "Home never showed"
        )
        yield kiosk
        assert kiosk.process.poll() is None, f"the kiosk ended during the tests:\n{kiosk.output}"


def test_window_covers_the_screen_without_a_frame(kiosk: Kiosk) -> None:
    """The kiosk's window is exactly the screen at +0+0, asks for no decorations, and asks
    to be full screen and on top (what Qt sets for showFullScreen, Frameless and
    StaysOnTop under a bare X server)."""
    listing, found = kiosk.windows()
    width, height = screen_size(kiosk.size)
    geometries = {(int(m["w"]), int(m["h"]), int(m["x"]), int(m["y"])) for m in found}
    assert (width, height, 0, 0) in geometries, listing
    window = kiosk.main_window()

    state = kiosk.xvfb.run("xwininfo", "-id", window)
    assert "Map State: IsViewable" in state, state
    assert re.search(r"Border width: 0\b", state), state

    hints = kiosk.xvfb.run("xprop", "-id", window, "_MOTIF_WM_HINTS")
    # flags, functions, decorations, input mode, status: flag 2 = decorations given, and 0.
    values = [int(v, 16) for v in re.findall(r"0x[0-9a-f]+", hints)]
    assert len(values) == 5, hints
    flags, _functions, decorations, *_ = values
    assert flags & 2, hints
    assert decorations == 0, hints

    net_state = kiosk.xvfb.run("xprop", "-id", window, "_NET_WM_STATE")
    assert "_NET_WM_STATE_FULLSCREEN" in net_state, net_state
    assert "_NET_WM_STATE_ABOVE" in net_state, net_state


def test_tapping_a_card_opens_its_topic(kiosk: Kiosk, tmp_path: Path) -> None:
    """A real click on the first card on Home opens that topic: the kiosk logs the change
    and the pixels where the card was are different afterwards."""
    before = kiosk.go_home(tmp_path / "before.png")
    rect = card_rect(kiosk.size)

    kiosk.tap_and_wait(CARD_TAP, "topic")

    def changed(image: QImage) -> bool:
        return changed_share(before, image, rect) > 0.01

    kiosk.screenshot_until(tmp_path / "after.png", changed, "the card did not change")


def test_escape_does_not_close_the_kiosk(kiosk: Kiosk, tmp_path: Path) -> None:
    """Escape is refused in full-screen mode: after it the process still runs, its window is
    still listed, and it still reacts to a tap (so it handled events after Escape)."""
    kiosk.go_home(tmp_path / "home.png")
    window = kiosk.main_window()
    kiosk.xvfb.run("xdotool", "windowfocus", "--sync", window, "key", "Escape")

    kiosk.tap_and_wait(CARD_TAP, "topic")
    assert kiosk.process.poll() is None, kiosk.output
    assert kiosk.main_window() == window


@pytest.mark.parametrize("every_ms", [150, 250, 500])
def test_five_taps_in_the_corner_open_the_pin_pad_at_a_natural_pace(
    kiosk: Kiosk, every_ms: int
) -> None:
    """Real clicks through X at 0.15, 0.25 and 0.5 s apart (Qt makes double-clicks of
    the quick ones): the fifth opens the pad, and it stays open. A key pressed after the
    taps marks where they have all been handled (the locked kiosk logs it)."""
    width, _ = screen_size(kiosk.size)
    since = kiosk.mark()
    kiosk.xvfb.run(
        "xdotool", "mousemove", "--sync", str(width - 4), "6",
        "click", "--repeat", "5", "--delay", str(every_ms), "1",
    )  # fmt: skip
    kiosk.xvfb.run("xdotool", "windowfocus", "--sync", kiosk.main_window(), "key", "Escape")
    kiosk.wait_for("key ignored", since)
    handled = kiosk.lines[since:]
    assert sum("staff gesture" in line for line in handled) == 1, "\n".join(handled)
    assert any("PinPad opened" in line for line in handled)
    assert not any("PinPad closed" in line for line in handled)
    assert not any("screen changed" in line for line in handled)
    since = kiosk.mark()
    kiosk.click(20, screen_size(kiosk.size)[1] // 2)  # beside the pad: it closes
    kiosk.wait_for("PinPad closed", since)


def test_escape_closes_the_windowed_kiosk(tmp_path: Path) -> None:
    """The control for the test above: the same Escape, sent the same way, does reach the
    app and closes ``kiosk --windowed`` (status 0), so its refusal full screen is real."""
    with ExitStack() as stack:
        xvfb = start_xvfb("1920x1080", tmp_path / "xvfb.log")
        stack.callback(stop, xvfb.process)
        kiosk = launch(stack, xvfb, "1280x800", "--windowed")
        process = kiosk.process
        window = kiosk.main_window()
        xvfb.run("xdotool", "windowfocus", "--sync", window, "key", "Escape")
        try:
            status = process.wait(timeout=EVENT_TIMEOUT)
        except subprocess.TimeoutExpired:
            kiosk.mark()
            pytest.fail(f"Escape did not close the windowed kiosk:\n{kiosk.output}")
        assert status == 0, kiosk.output


def run_without_display(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("WAYLAND_DISPLAY", None)
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "--log-level", "debug"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT,
        check=False,
    )


def assert_one_line_and_status_2(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 2, result
    assert result.stdout == "", result
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kiosk: "), result.stderr


def test_display_without_a_server_is_one_line_and_status_2(tmp_path: Path) -> None:
    """With DISPLAY naming a display whose X server has gone (one this test started and
    stopped: a number Xvfb chose, not a guess), ``kiosk`` says so in one line and exits 2."""
    xvfb = start_xvfb("640x480", tmp_path / "xvfb.log")
    stop(xvfb.process)
    result = run_without_display(xvfb.env())
    assert_one_line_and_status_2(result)
    assert xvfb.display in result.stderr, result.stderr


def test_left_alone_it_warns_then_shows_the_slideshow_and_a_tap_wakes_it(
    tmp_path: Path,
) -> None:
    """With idle_seconds and warning_seconds at their minimums in pack.toml: the countdown
    appears, then the slideshow; a tap where a card was shows Home and opens nothing."""
    pack = tmp_path / "pack"
    shutil.copytree(Path(__file__).resolve().parents[2] / "content", pack)
    with (pack / "pack.toml").open("a") as toml:
        toml.write("\n[session]\nidle_seconds = 10\nwarning_seconds = 20\nslide_seconds = 3\n")
    size = "1920x1080"
    with ExitStack() as stack:
        xvfb = start_xvfb(size, tmp_path / "xvfb.log")
        stack.callback(stop, xvfb.process)
        kiosk = launch(stack, xvfb, size, "--content", str(pack))
        kiosk.wait_for("keeping the screen awake: X screen saver and power saving suspended")
        home = kiosk.screenshot_until(tmp_path / "home.png", painted(size), "Home never showed")
        rect = card_rect(size)

        kiosk.wait_for("session browse -> warn", timeout=10 + EVENT_TIMEOUT)
        kiosk.screenshot_until(
            tmp_path / "warning.png",
            lambda image: changed_share(home, image, rect) > 0.5,  # the shade covers it
            "the countdown did not show",
        )
        kiosk.wait_for("screen changed to slideshow", timeout=20 + EVENT_TIMEOUT)
        kiosk.screenshot_until(
            tmp_path / "slideshow.png",
            lambda image: changed_share(home, image, rect) > 0.5,
            "the slideshow did not show",
        )

        since = kiosk.mark()
        kiosk.click(*CARD_TAP)
        kiosk.wait_for("screen changed to home", since)
        kiosk.screenshot_until(
            tmp_path / "woken.png",
            lambda image: changed_share(home, image, rect) == 0,
            "Home did not come back as it was",
        )
        kiosk.mark()
        assert not any("screen changed to topic" in line for line in kiosk.lines[since:]), (
            kiosk.output
        )


def sampled(image: QImage) -> set[int]:
    """The colours of every 40th pixel each way: enough to tell black from a screen."""
    return {
        image.pixel(x, y) for x in range(0, image.width(), 40) for y in range(0, image.height(), 40)
    }


def all_week(times: str) -> str:
    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    return "".join(f'{day} = "{times}"\n' for day in days)


def test_outside_opening_hours_it_goes_dark_and_comes_back_when_open(tmp_path: Path) -> None:
    """Closed every day: a black screen, and the screen asked to sleep (xset); opening
    hours that include now, copied in as staff would: lit again, showing the slideshow."""
    pack = tmp_path / "pack"
    shutil.copytree(Path(__file__).resolve().parents[2] / "content", pack)
    original = (pack / "pack.toml").read_text()
    (pack / "pack.toml").write_text(
        original + '\n[hours]\ndisplay_off = "xset"\n' + all_week("closed")
    )
    size = "1920x1080"
    with ExitStack() as stack:
        xvfb = start_xvfb(size, tmp_path / "xvfb.log")
        stack.callback(stop, xvfb.process)
        kiosk = launch(stack, xvfb, size, "--content", str(pack), "--quiet-seconds", "1")
        kiosk.wait_for("opening hours: closed")
        kiosk.wait_for("screen power: xset dpms force")
        kiosk.screenshot_until(
            tmp_path / "closed.png",
            lambda image: sampled(image) == {0xFF000000},
            "the closed kiosk is not black",
        )
        since = kiosk.mark()
        (pack / "pack.toml").write_text(original + "\n[hours]\n" + all_week("00:00-24:00"))
        kiosk.wait_for("opening hours: open", since, timeout=30)
        kiosk.screenshot_until(
            tmp_path / "open.png",
            lambda image: len(sampled(image)) > 8,
            "the kiosk did not light up again",
        )
