"""Staff access: the PIN, kept only as a salted slow hash in the machine's config file.

The machine config (``$KIOSK_CONFIG``, else ``$XDG_CONFIG_HOME/kiosk/kiosk.toml``, else
``~/.config/kiosk/kiosk.toml``) belongs to the computer, not to a content pack: a pack
copied from a USB stick can never carry or change the PIN. It may also hold
``[session]`` and ``[display]`` settings, which win over the pack's.

No PIN is compiled in; ``kiosk set-pin`` writes the hash.
"""

from __future__ import annotations

import base64
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from kiosk import config
from kiosk.clock import Clock

PIN_PATTERN = re.compile(r"\d{4,8}")
# scrypt's cost: about 50 ms here, so guessing offline is slow and checking a tap is not.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MAX_ATTEMPTS = 5
LOCK_SECONDS = 60
NO_SCRYPT = (
    "OpenSSL's libcrypto is missing, and the staff PIN's hash (scrypt) needs it: "
    "install it (Debian: apt-get install libssl3)"
)

log = logging.getLogger(__name__)


class PinUnavailable(ValueError):
    """This Python cannot hash a PIN (no scrypt: OpenSSL's libcrypto is missing)."""


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, dklen: int = 64) -> bytes:
    import hashlib  # loads OpenSSL: when a PIN is hashed, not at start

    # hashlib has scrypt only when Python finds OpenSSL; the bundle leaves it to the system.
    scrypt = getattr(hashlib, "scrypt", None)
    if scrypt is None:
        raise PinUnavailable(NO_SCRYPT)
    digest: bytes = scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, dklen=dklen)
    return digest


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """A salted scrypt hash of `pin`, as one printable string with its parameters."""
    import secrets

    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    encode = base64.b64encode
    return (
        f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${encode(salt).decode()}${encode(digest).decode()}"
    )


def verify_pin(pin: str, stored: str) -> bool:
    """Whether `pin` matches the `stored` hash (False for a malformed hash, and where no
    PIN can be checked, which the log says)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = _scrypt(
            pin,
            base64.b64decode(salt, validate=True),
            int(n),
            int(r),
            int(p),
            len(expected),
        )
    except PinUnavailable as exc:
        log.error("the staff PIN cannot be checked: %s", exc)
        return False
    except (ValueError, TypeError):
        return False
    import hmac

    return hmac.compare_digest(actual, expected)


def set_pin(path: Path, pin: str) -> bool:
    """Store `pin`'s hash in the machine config at `path`, keeping its other settings;
    False when the config already holds this PIN, and nothing is written (a playbook run
    again changes nothing)."""
    if not PIN_PATTERN.fullmatch(pin):
        raise ValueError("the PIN must be 4 to 8 digits")
    data = config.read_machine_config(path)
    stored = stored_pin_hash(data)
    if stored is not None and verify_pin(pin, stored):
        _private(path)  # owner only, as a file this function writes is
        return False
    import tomli_w  # `kiosk set-pin` only

    data.setdefault(config.STAFF_TABLE, {})["pin_hash"] = hash_pin(pin)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".new")
        # Only the kiosk's user may read even the hash.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(tomli_w.dumps(data))
        os.replace(temporary, path)
    except OSError as exc:
        raise config.MachineConfigError(f"{path}: cannot be written: {exc.strerror}") from exc
    return True


def _private(path: Path) -> None:
    try:
        if os.stat(path).st_mode & 0o077:
            os.chmod(path, 0o600)
    except OSError as exc:
        raise config.MachineConfigError(f"{path}: cannot be made private: {exc.strerror}") from exc


def stored_pin_hash(machine: Mapping[str, Any]) -> str | None:
    """The PIN hash in a machine config, or None when staff access is not set up."""
    staff = machine.get(config.STAFF_TABLE)
    value = staff.get("pin_hash") if isinstance(staff, Mapping) else None
    return value if isinstance(value, str) and value else None


class Verdict(Enum):
    """What the PIN pad says after a try."""

    OPEN = "open"
    WRONG = "wrong"
    LOCKED = "locked"
    NOT_SET_UP = "not set up"


@dataclass
class PinGuard:
    """Checks PINs typed on the pad; five wrong ones lock it for a minute.

    Attributes:
        stored_hash: From the machine config; None when staff access is not set up.
        clock: Seconds from any fixed point (injected so tests need not wait).
    """

    stored_hash: str | None
    clock: Clock
    max_attempts: int = MAX_ATTEMPTS
    lock_seconds: float = LOCK_SECONDS
    failures: int = 0
    locked_until: float = 0.0

    @property
    def set_up(self) -> bool:
        return self.stored_hash is not None

    def seconds_locked(self) -> int:
        """Whole seconds until the pad takes PINs again (0 when it does)."""
        return max(0, int(self.locked_until - self.clock() + 0.999))

    @property
    def attempts_left(self) -> int:
        return self.max_attempts - self.failures

    def check(self, pin: str) -> Verdict:
        if self.stored_hash is None:
            return Verdict.NOT_SET_UP
        if self.seconds_locked():
            return Verdict.LOCKED
        if verify_pin(pin, self.stored_hash):
            self.failures = 0
            return Verdict.OPEN
        self.failures += 1
        if self.failures >= self.max_attempts:
            self.failures = 0
            self.locked_until = self.clock() + self.lock_seconds
            return Verdict.LOCKED
        return Verdict.WRONG
