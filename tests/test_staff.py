"""The staff PIN: a salted slow hash in the machine config, and a pad that locks."""

from __future__ import annotations

import hashlib
import stat
import tomllib
from pathlib import Path

import pytest

from kiosk import config, paths, staff
from kiosk.staff import PinGuard, Verdict
from tests.conftest import FakeClock


def test_hash_is_salted_and_verifies_only_the_right_pin() -> None:
    first, second = staff.hash_pin("2468"), staff.hash_pin("2468")
    assert first != second  # a fresh salt each time
    assert first.startswith("scrypt$16384$8$1$")
    assert "2468" not in first
    assert staff.verify_pin("2468", first)
    assert staff.verify_pin("2468", second)
    assert not staff.verify_pin("2469", first)
    assert not staff.verify_pin("", first)


@pytest.mark.parametrize("stored", ["", "plain", "md5$x$y$z$a$b", "scrypt$x$8$1$AA==$AA==", "a$b"])
def test_a_malformed_hash_never_verifies(stored: str) -> None:
    assert not staff.verify_pin("2468", stored)


def test_set_pin_writes_only_the_hash_keeps_other_settings_and_is_private(
    tmp_path: Path,
) -> None:
    path = tmp_path / "kiosk" / "kiosk.toml"
    path.parent.mkdir()
    path.write_text("[session]\nidle_seconds = 30\n")
    staff.set_pin(path, "135790")
    text = path.read_text()
    assert "135790" not in text
    data = tomllib.loads(text)
    assert data["session"] == {"idle_seconds": 30}
    assert staff.verify_pin("135790", data["staff"]["pin_hash"])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert staff.stored_pin_hash(config.read_machine_config(path)) == data["staff"]["pin_hash"]


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "", " 1234"])
def test_set_pin_refuses_what_is_not_4_to_8_digits(tmp_path: Path, pin: str) -> None:
    with pytest.raises(ValueError, match="4 to 8 digits"):
        staff.set_pin(tmp_path / "kiosk.toml", pin)
    assert not (tmp_path / "kiosk.toml").exists()


def test_no_config_means_no_pin_and_no_pin_is_compiled_in(tmp_path: Path) -> None:
    assert config.read_machine_config(tmp_path / "none.toml") == {}
    assert staff.stored_pin_hash({}) is None
    assert staff.stored_pin_hash({"staff": {"pin_hash": ""}}) is None
    assert PinGuard(None, FakeClock()).check("0000") is Verdict.NOT_SET_UP


def test_broken_config_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("[staff\n")
    with pytest.raises(config.MachineConfigError, match="kiosk.toml: cannot be read"):
        config.read_machine_config(path)


def test_config_path_follows_the_environment(tmp_path: Path) -> None:
    assert paths.config_file({"KIOSK_CONFIG": "/etc/k.toml"}) == Path("/etc/k.toml")
    assert paths.config_file({"XDG_CONFIG_HOME": str(tmp_path)}) == (
        tmp_path / "kiosk" / "kiosk.toml"
    )


def test_five_wrong_pins_lock_the_pad_for_a_minute() -> None:
    clock = FakeClock()
    guard = PinGuard(staff.hash_pin("2468"), clock)
    for left in (4, 3, 2, 1):
        assert guard.check("0000") is Verdict.WRONG
        assert guard.attempts_left == left
    assert guard.check("0000") is Verdict.LOCKED
    assert guard.seconds_locked() == 60
    assert guard.check("2468") is Verdict.LOCKED  # even the right PIN, while locked
    clock.advance(59)
    assert guard.check("2468") is Verdict.LOCKED
    clock.advance(1)
    assert guard.seconds_locked() == 0
    assert guard.check("2468") is Verdict.OPEN


def test_right_pin_clears_the_count_of_wrong_ones() -> None:
    guard = PinGuard(staff.hash_pin("2468"), FakeClock())
    for _ in range(4):
        guard.check("1111")
    assert guard.check("2468") is Verdict.OPEN
    assert guard.attempts_left == 5


def test_without_openssl_set_pin_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """hashlib has scrypt only with OpenSSL, which the bundle leaves to the system: without
    it, set-pin names the package and writes nothing, and a PIN typed on the pad is
    refused with an error in the log, never a crash."""
    stored = staff.hash_pin("2468")
    monkeypatch.delattr(hashlib, "scrypt")
    config = tmp_path / "kiosk.toml"
    with pytest.raises(staff.PinUnavailable, match="apt-get install libssl3"):
        staff.set_pin(config, "2468")
    assert not config.exists()
    assert not staff.verify_pin("2468", stored)
    assert "the staff PIN cannot be checked" in caplog.text
