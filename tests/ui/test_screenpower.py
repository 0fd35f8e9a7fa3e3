"""Putting the screen to sleep: each backend's command run, and what it answered."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from kiosk.ui import screenpower
from kiosk.ui.screenpower import ScreenPower, backend_for


@pytest.fixture
def commands(monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[list[str], list[str]]]:
    table = {
        "xset": (["sh", "-c", "echo 'no dpms here' >&2; echo usage >&2"], ["true"]),
        "wlopm": (["sh", "-c", "exit 3"], ["true"]),
        "cec": (["no-such-tool-for-the-kiosk"], ["true"]),
    }
    monkeypatch.setattr(screenpower, "COMMANDS", table)
    return table


@pytest.mark.parametrize(
    ("backend", "answer"),
    [
        ("xset", "ran, but said: no dpms here"),
        ("wlopm", "failed (status 3)"),
        ("cec", "could not start"),
    ],
)
def test_what_each_command_answered_is_said(
    qtbot: QtBot, commands: object, backend: str, answer: str
) -> None:
    power = ScreenPower(backend)
    with qtbot.waitSignal(power.changed, timeout=10_000):
        power.sleep()
    assert answer in power.last
    with qtbot.waitSignal(power.changed, timeout=10_000):
        power.wake()
    assert power.last == "true: done"


def test_none_only_goes_black_and_auto_picks_by_platform() -> None:
    power = ScreenPower("none")
    power.sleep()
    assert power.last == "none: the screen is black while closed (asleep)"
    assert backend_for("auto", "offscreen") == "none"
    assert backend_for("cec", "xcb") == "cec"
    assert backend_for("auto", "xcb") in ("xset", "none")  # none where xset is missing
