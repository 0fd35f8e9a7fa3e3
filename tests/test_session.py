"""The session's rules, driven by a fake clock: browse, warn, reset, slideshow, wake."""

from __future__ import annotations

import pytest

from kiosk.session import Phase, Session
from tests.conftest import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def session(clock: FakeClock) -> Session:
    return Session(idle_seconds=90, warning_seconds=20, clock=clock)


def test_browsing_stays_browsing_until_idle_seconds_pass(
    session: Session, clock: FakeClock
) -> None:
    clock.advance(89.9)
    assert session.tick() is Phase.BROWSE
    clock.advance(0.1)
    assert session.tick() is Phase.WARN


def test_activity_pushes_the_warning_back(session: Session, clock: FakeClock) -> None:
    clock.advance(80)
    session.activity()
    clock.advance(80)
    assert session.tick() is Phase.BROWSE
    assert session.seconds_to_next_change() == pytest.approx(10)


def test_warning_counts_down_then_resets_to_the_slideshow(
    session: Session, clock: FakeClock
) -> None:
    clock.advance(90)
    session.tick()
    assert session.seconds_left() == 20
    clock.advance(5.5)
    assert session.tick() is Phase.WARN
    assert session.seconds_left() == 15
    clock.advance(14.5)
    assert session.tick() is Phase.SLIDESHOW
    assert session.resets == 1
    assert session.seconds_left() == 0


def test_still_here_continues_ten_times_in_a_row(session: Session, clock: FakeClock) -> None:
    for _ in range(10):
        clock.advance(90)
        assert session.tick() is Phase.WARN
        clock.advance(19)
        session.still_here()
        assert session.phase is Phase.BROWSE
        assert session.tick() is Phase.BROWSE
    assert session.resets == 0


def test_touches_elsewhere_during_the_warning_do_not_continue(
    session: Session, clock: FakeClock
) -> None:
    clock.advance(90)
    session.tick()
    session.activity()
    clock.advance(20)
    assert session.tick() is Phase.SLIDESHOW


def test_warning_and_reset_can_come_in_one_late_tick(session: Session, clock: FakeClock) -> None:
    """A machine that slept through both deadlines still forgets the patient."""
    clock.advance(500)
    assert session.tick() is Phase.WARN
    clock.advance(20)
    assert session.tick() is Phase.SLIDESHOW


def test_slideshow_waits_for_a_touch_and_a_touch_wakes_it(
    session: Session, clock: FakeClock
) -> None:
    session.reset()
    clock.advance(10_000)
    assert session.tick() is Phase.SLIDESHOW
    assert session.seconds_to_next_change() == float("inf")
    session.activity()
    assert session.phase is Phase.SLIDESHOW
    session.wake()
    assert session.phase is Phase.BROWSE
    clock.advance(89)
    assert session.tick() is Phase.BROWSE


def test_staff_reset_works_from_every_phase(session: Session, clock: FakeClock) -> None:
    session.reset()
    assert session.phase is Phase.SLIDESHOW
    session.wake()
    clock.advance(90)
    session.tick()
    session.reset()
    assert session.phase is Phase.SLIDESHOW
    assert session.resets == 2


def test_still_here_and_wake_do_nothing_in_other_phases(session: Session) -> None:
    session.wake()
    assert session.phase is Phase.BROWSE
    session.still_here()
    assert session.phase is Phase.BROWSE
