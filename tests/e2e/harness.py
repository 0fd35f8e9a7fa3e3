"""What the end-to-end tests share: X servers and compositors of their own, and processes
whose log is read as it comes, so that tests wait for what a process says, never sleep."""

from __future__ import annotations

import os
import pwd
import selectors
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

START_TIMEOUT = 30.0  # seconds for Xvfb, a compositor or the kiosk to come up
EVENT_TIMEOUT = 15.0  # seconds for the kiosk to react to a tap or for a frame to show
TOOL_TIMEOUT = 15.0  # seconds for one run of a tool (xdotool, import, grim...)


def stop(process: subprocess.Popen[bytes]) -> None:
    """End `process` (SIGTERM, then SIGKILL) and reap it; close its pipes."""
    try:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
    finally:
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                stream.close()


class Logged:
    """A process whose log (its stderr, or the `stream` given) is read as it comes, line
    by line."""

    def __init__(self, process: subprocess.Popen[bytes], stream: IO[bytes] | None = None) -> None:
        self.process = process
        self.stream = stream if stream is not None else process.stderr
        self.lines: list[str] = []
        self._partial = b""

    @property
    def output(self) -> str:
        return "\n".join(self.lines) + ("\n" + self._partial.decode() if self._partial else "")

    def _read(self, timeout: float) -> bool:
        """Read what the process has written within `timeout` seconds; False at end of file."""
        stream = self.stream
        assert stream is not None
        with selectors.DefaultSelector() as selector:
            selector.register(stream, selectors.EVENT_READ)
            if not selector.select(max(timeout, 0)):
                return True
        chunk = os.read(stream.fileno(), 65536)
        if not chunk:
            return False
        *complete, self._partial = (self._partial + chunk).split(b"\n")
        self.lines.extend(line.decode(errors="replace") for line in complete)
        return True

    def mark(self) -> int:
        """Where the log stands now: later waits look only at lines after it."""
        while self._ready_to_read() and self._read(0):
            pass
        return len(self.lines)

    def _ready_to_read(self) -> bool:
        stream = self.stream
        assert stream is not None
        with selectors.DefaultSelector() as selector:
            selector.register(stream, selectors.EVENT_READ)
            return bool(selector.select(0))

    def wait_for(self, text: str, since: int = 0, timeout: float = EVENT_TIMEOUT) -> str:
        """The first log line from `since` on that contains `text`, waiting for it."""
        deadline = time.monotonic() + timeout
        checked = since
        while True:
            for line in self.lines[checked:]:
                if text in line:
                    return line
            checked = len(self.lines)
            left = deadline - time.monotonic()
            if left <= 0:
                pytest.fail(f"no {text!r} within {timeout:.0f} s:\n{self.output}")
            if not self._read(left):
                pytest.fail(
                    f"the process ended (status {self.process.wait(timeout=10)}) before "
                    f"{text!r}:\n{self.output}"
                )


def start_kiosk(stack: ExitStack, env: dict[str, str], *options: str) -> Logged:
    """Start ``python -m kiosk`` with `options` in `env` (stopped when `stack` closes),
    its log read as it comes."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", *options],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    stack.callback(stop, process)
    return Logged(process)


@dataclass
class Xvfb:
    """An X server of its own: the display it chose and its log file."""

    process: subprocess.Popen[bytes]
    display: str
    log: Path

    def env(self) -> dict[str, str]:
        """The environment for a client of this server (no QT_QPA_PLATFORM: real xcb),
        with the kiosk's config, data and logs kept beside the server's log."""
        env = os.environ.copy()
        env.pop("QT_QPA_PLATFORM", None)
        env.pop("WAYLAND_DISPLAY", None)
        for private in ("KIOSK_CONFIG", "KIOSK_DATA", "KIOSK_CONTENT"):
            env.pop(private, None)
        home = self.log.parent
        env["XDG_CONFIG_HOME"] = str(home / "config")
        env["XDG_DATA_HOME"] = str(home / "data")
        env["XDG_STATE_HOME"] = str(home / "state")
        env["DISPLAY"] = self.display
        return env

    def run(self, *command: str) -> str:
        """Run an X client against this server; its stdout, failing on a non-zero status."""
        result = subprocess.run(
            command,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=TOOL_TIMEOUT,
            check=False,
        )
        assert result.returncode == 0, (
            f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}{result.stderr}"
        )
        return result.stdout


def start_xvfb(size: str, log: Path) -> Xvfb:
    """Start Xvfb at `size` and read the display it picked from a pipe (-displayfd)."""
    read_end, write_end = os.pipe()
    try:
        with log.open("wb") as log_file:
            process = subprocess.Popen(
                ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{size}x24"]
                + ["-nolisten", "tcp"],
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                pass_fds=(write_end,),
            )
        os.close(write_end)
        write_end = -1
        received = b""
        deadline = time.monotonic() + START_TIMEOUT
        with selectors.DefaultSelector() as selector:
            selector.register(read_end, selectors.EVENT_READ)
            while not received.endswith(b"\n"):
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    break
                chunk = os.read(read_end, 64)
                if not chunk:  # Xvfb closed the pipe without a number: it failed
                    break
                received += chunk
        if not received.strip().isdigit():
            stop(process)
            pytest.fail(f"Xvfb gave no display number:\n{log.read_text(errors='replace')}")
        return Xvfb(process, f":{int(received)}", log)
    finally:
        os.close(read_end)
        if write_end != -1:
            os.close(write_end)


# Wayland -------------------------------------------------------------------------------

# A compositor's first client: it says the compositor is up (its socket listening, named
# in WAYLAND_DISPLAY) and keeps it up until the test closes its end of a named pipe
# (Weston closes its clients' stdin); then the compositor ends by itself, as cage and
# Weston (autolaunch, watch=true) do when that client does.
FIRST_CLIENT = (
    '#!/bin/sh\necho "ready $WAYLAND_DISPLAY"\nexec cat "$XDG_RUNTIME_DIR/alive" >/dev/null\n'
)
WESTON_INI = "[autolaunch]\npath={client}\nwatch=true\n"


@dataclass
class Compositor:
    """A Wayland compositor of its own, run as an unprivileged user (cage refuses root),
    and the socket its clients connect to."""

    process: subprocess.Popen[bytes]
    socket: Path
    log: Path
    alive: int  # the test's end of the named pipe that keeps the first client running

    def client_env(self, home: Path) -> dict[str, str]:
        """The environment for a client of this compositor: Wayland only (no DISPLAY, no
        QT_QPA_PLATFORM), the socket by its full path (it is in another user's runtime
        folder), and the kiosk's config, data and logs under `home`."""
        env = os.environ.copy()
        for name in ("QT_QPA_PLATFORM", "DISPLAY", "KIOSK_CONFIG", "KIOSK_DATA", "KIOSK_CONTENT"):
            env.pop(name, None)
        runtime = home / "runtime"
        runtime.mkdir(mode=0o700, exist_ok=True)
        env["XDG_RUNTIME_DIR"] = str(runtime)
        env["XDG_CONFIG_HOME"] = str(home / "config")
        env["XDG_DATA_HOME"] = str(home / "data")
        env["XDG_STATE_HOME"] = str(home / "state")
        env["WAYLAND_DISPLAY"] = str(self.socket)
        return env

    def run(self, *command: str, cwd: Path | None = None) -> str:
        """Run a Wayland client tool against this compositor; its stdout, failing on a
        non-zero status."""
        env = self.client_env(self.log.parent)
        result = subprocess.run(
            command, env=env, cwd=cwd, capture_output=True, text=True, timeout=TOOL_TIMEOUT
        )
        assert result.returncode == 0, (
            f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}{result.stderr}"
            f"\ncompositor log:\n{self.log.read_text(errors='replace')}"
        )
        return result.stdout

    def stop(self) -> None:
        """Let the first client end, so the compositor ends by itself; force it if not."""
        if self.alive != -1:
            os.close(self.alive)
            self.alive = -1
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            stop(self.process)
        stop(self.process)  # closes its pipes
        shutil.rmtree(self.socket.parent, ignore_errors=True)


def as_unprivileged() -> tuple[list[str], int, int]:
    """The command prefix that runs a compositor as an unprivileged user, and that user's
    uid and gid: no prefix when the tests do not run as root; as root, ``runuser`` into
    the user ``.ci/run`` creates (``KIOSK_TEST_USER``, default ``kiosk-e2e``)."""
    if os.geteuid() != 0:
        return [], os.getuid(), os.getgid()
    name = os.environ.get("KIOSK_TEST_USER", "kiosk-e2e")
    try:
        user = pwd.getpwnam(name)
    except KeyError:
        message = f"compositors refuse root, and there is no user {name!r} to run them as"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {message}: .ci/run must create it")
        pytest.skip(message)
    return ["runuser", "-u", name, "--"], user.pw_uid, user.pw_gid


def start_compositor(
    command: list[str], log: Path, env: dict[str, str] | None = None, weston: bool = False
) -> Compositor:
    """Start `command` (cage or weston, without its client) as an unprivileged user with a
    runtime folder of its own, and wait until its first client says it is up."""
    prefix, uid, gid = as_unprivileged()
    runtime = Path(tempfile.mkdtemp(prefix="kiosk-wayland-", dir="/tmp"))
    os.chown(runtime, uid, gid)
    runtime.chmod(0o700)
    client = runtime / "first-client"
    client.write_text(FIRST_CLIENT)
    client.chmod(0o755)
    os.chown(client, uid, gid)
    if weston:
        config = runtime / "weston.ini"
        config.write_text(WESTON_INI.format(client=client))
        os.chown(config, uid, gid)
        command = [*command, f"--config={config}"]
    else:
        command = [*command, "--", str(client)]
    alive = runtime / "alive"
    os.mkfifo(alive)
    os.chown(alive, uid, gid)
    # Read-write: opening it never waits for the other end, and while the test holds it
    # the client's cat reads on.
    alive_fd = os.open(alive, os.O_RDWR)
    variables = {"XDG_RUNTIME_DIR": str(runtime), **(env or {})}
    settings = [f"{name}={value}" for name, value in variables.items()]
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [*prefix, "env", *settings, *command],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=log_file,
        )
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        ready = process.stdout.readline() if selector.select(START_TIMEOUT) else b""
    if not ready.startswith(b"ready "):
        os.close(alive_fd)
        stop(process)
        pytest.fail(f"{command[0]} did not come up:\n{log.read_text(errors='replace')}")
    name = ready.split(b" ", 1)[1].strip().decode()
    return Compositor(process, runtime / name, log, alive_fd)
