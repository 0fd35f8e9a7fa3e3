"""End to end through Syncthing, as a clinic group keeps its kiosks' content in step: two
real Syncthing instances on loopback, one holding the staff's folder (send only), one the
kiosk's pack folder (receive only), and the real kiosk watching the second.

Syncthing writes each file it receives as a hidden temporary (``.syncthing.NAME.tmp``),
renames it when whole, takes files in no order the kiosk can count on, and keeps a
``.stfolder`` marker in the folder. The tests show that a sealed pack edited in the staff
folder reaches the running kiosk whole, even when the transfer stalls half-way; that a
pack with errors is refused with the old one left on screen; and that neither the marker
nor a temporary file counts as part of the pack.

Each instance has a home of its own (keys, config, database), listens on 127.0.0.1 only,
on a port the system picks (read from its log), and has discovery, relays, NAT traversal,
usage and crash reports and upgrades turned off. The kiosk's instance receives at most
64 KiB/s, so a large picture takes seconds to arrive: long enough to stall Syncthing
(SIGSTOP) while the picture's temporary file is in the kiosk's folder and the edited
topics that came before it are whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from kiosk.manifest import seal
from tests.e2e.harness import START_TIMEOUT, TOOL_TIMEOUT, Logged, start_kiosk, stop

SYNCTHING = shutil.which("syncthing")
if SYNCTHING is None and not os.environ.get("CI"):
    pytest.skip("the Syncthing test needs syncthing", allow_module_level=True)

REPO = Path(__file__).resolve().parents[2]
SYNC_TIMEOUT = 60.0  # seconds for an edited pack to travel and be checked
SYNC_TIMEOUT_MS = int(SYNC_TIMEOUT * 1000)
RECEIVE_KIB = 64  # the kiosk's Syncthing receives at most this many KiB a second
PICTURE = "images/big-picture.png"  # about 1 MB: some eight seconds at RECEIVE_KIB
PICTURE_ON_ITS_WAY = "images/.syncthing.big-picture.png.tmp"  # Syncthing's temporary file
ADDED_TO, ADDED = "en/01-understanding-ptsd.md", "Ask us if you would like this page printed."
STALLED = ".stalled-by-the-test"  # hidden: a change that makes the kiosk look again
EDITED = "en/04-possible-benefits.md"  # its icon becomes PICTURE
UPDATED = "This page was updated this week."  # and this line is added to it
BROKEN = "en/05-side-effects-and-risks.md"
TEMPORARY = re.compile(r"\.syncthing\..*\.tmp$")
FOLDER_ID, LABEL = "kiosk-pack", "Kiosk pack"

CONFIG = """<configuration version="36">
    <folder id="{folder_id}" label="{label}" path="{folder}" type="{kind}"
            rescanIntervalS="3600" fsWatcherEnabled="true" fsWatcherDelayS="1">
        <device id="{staff}"></device>
        <device id="{kiosk}"></device>
        <order>smallestFirst</order>
    </folder>
    <device id="{staff}" name="staff"><address>{staff_address}</address></device>
    <device id="{kiosk}" name="kiosk"><address>dynamic</address></device>
    <gui enabled="false"></gui>
    <options>
        <listenAddress>tcp://127.0.0.1:0</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <startBrowser>false</startBrowser>
        <urAccepted>-1</urAccepted>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <crashReportingEnabled>false</crashReportingEnabled>
        <limitBandwidthInLan>true</limitBandwidthInLan>
        <maxRecvKbps>{receive_kib}</maxRecvKbps>
    </options>
</configuration>
"""


@pytest.fixture(autouse=True, scope="module")
def _syncthing_installed() -> None:
    """Under CI Syncthing must be there (elsewhere the module is skipped without it)."""
    if SYNCTHING is None:
        pytest.fail("CI is set but syncthing is missing: CI must install it")


def run(*command: str | Path, env: dict[str, str] | None = None) -> str:
    """Run `command`; its stdout, failing on a non-zero status."""
    result = subprocess.run(
        [str(part) for part in command],
        env=env,
        capture_output=True,
        text=True,
        timeout=TOOL_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}{result.stderr}"
    return result.stdout


def syncthing_env(home: Path) -> dict[str, str]:
    env = os.environ.copy()
    # STMONITORED: no monitor process that restarts Syncthing, so the process the test
    # starts is the one that syncs, and the one it stalls.
    env.update(HOME=str(home), STNODEFAULTFOLDER="1", STNOUPGRADE="1", STMONITORED="1")
    return env


@dataclass
class Instance:
    """One Syncthing: its home, the folder it shares and its device ID."""

    home: Path
    folder: Path
    device_id: str
    log: Logged | None = None

    @classmethod
    def make(cls, home: Path, folder: Path) -> Instance:
        """Generate keys in `home` (no config is kept from it: `configure` writes one)."""
        assert SYNCTHING is not None
        env = syncthing_env(home)
        run(SYNCTHING, "generate", f"--home={home}", "--no-default-folder", env=env)
        device_id = run(SYNCTHING, "serve", f"--home={home}", "--device-id", env=env).strip()
        return cls(home, folder, device_id)

    def configure(self, kind: str, staff: str, kiosk: str, staff_address: str, kib: int) -> None:
        config = CONFIG.format(
            folder_id=FOLDER_ID,
            label=LABEL,
            folder=self.folder,
            kind=kind,
            staff=staff,
            kiosk=kiosk,
            staff_address=staff_address,
            receive_kib=kib,
        )
        (self.home / "config.xml").write_text(config)

    def start(self, stack: ExitStack) -> Logged:
        """Start serving (stopped when `stack` closes) and wait until the folder is ready."""
        assert SYNCTHING is not None
        process = subprocess.Popen(
            [SYNCTHING, "serve", f"--home={self.home}", "--no-browser", "--no-restart"],
            env=syncthing_env(self.home),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        stack.callback(end, process)
        self.log = Logged(process, process.stdout)
        self.log.wait_for(f'Ready to synchronize "{LABEL}" ({FOLDER_ID})', timeout=START_TIMEOUT)
        return self.log

    def stall(self) -> None:
        """Stop this Syncthing, every thread of it, before returning: a stop still on its
        way could let it read some of the changes that follow and not the rest."""
        assert self.log is not None
        process = self.log.process
        process.send_signal(signal.SIGSTOP)
        # The parent is told once the whole process has stopped (the test started it).
        os.waitid(os.P_PID, process.pid, os.WSTOPPED)

    def resume(self) -> None:
        assert self.log is not None
        self.log.process.send_signal(signal.SIGCONT)


def end(process: subprocess.Popen[bytes]) -> None:
    """End a Syncthing, stalled or not."""
    if process.poll() is None:
        process.send_signal(signal.SIGCONT)
    stop(process)


@dataclass
class Synced:
    """The staff's Syncthing, the kiosk's Syncthing, and the kiosk."""

    staff: Instance
    kiosk_side: Instance
    kiosk: Logged
    logs: Path

    def status(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads((self.logs / "status.json").read_text())
        return result

    def wait_for_status(self, qtbot: QtBot, **fields: Any) -> dict[str, Any]:
        """status.json once it has `fields` (it is written just after the log line that
        says why)."""
        qtbot.waitUntil(
            lambda: all(self.status().get(k) == v for k, v in fields.items()), timeout=5_000
        )
        return self.status()

    @contextmanager
    def explained(self) -> Iterator[None]:
        """On a failure, print the kiosk's log and both Syncthings'."""
        try:
            yield
        except BaseException:
            logs = [("the kiosk", self.kiosk)]
            logs += [(f"the {name}'s Syncthing", side.log) for name, side in self.sides()]
            for name, log in logs:
                if log is not None:
                    log.mark()
                    sys.stderr.write(f"--- {name} ---\n{log.output}\n")
            raise

    def sides(self) -> list[tuple[str, Instance]]:
        return [("staff", self.staff), ("kiosk", self.kiosk_side)]

    def pack_info(self) -> dict[str, str]:
        text = (self.logs / "kiosk.prom").read_text()
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                if sample.name == "kiosk_pack_info":
                    return dict(sample.labels)
        pytest.fail(f"no kiosk_pack_info in kiosk.prom:\n{text}")


def set_version(pack: Path, version: str) -> None:
    toml = pack / "pack.toml"
    text, count = re.subn(
        r'^version = ".*"$', f'version = "{version}"', toml.read_text(), count=1, flags=re.M
    )
    assert count == 1
    toml.write_text(text)


def seal_as_staff(pack: Path) -> None:
    """Seal `pack` with the kiosk's own command, as staff do on their workstation."""
    run(sys.executable, "-m", "kiosk", "seal", pack)


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synced]:
    """Both folders hold the same sealed pack (the kiosk's, as the machine was installed);
    both Syncthings are connected, and the kiosk shows the pack, fully checked."""
    root = tmp_path_factory.mktemp("syncthing")
    staff_folder, kiosk_folder = root / "staff-pack", root / "kiosk-pack"
    shutil.copytree(REPO / "content", staff_folder)
    seal_as_staff(staff_folder)
    shutil.copytree(staff_folder, kiosk_folder)
    staff = Instance.make(root / "staff-home", staff_folder)
    kiosk_side = Instance.make(root / "kiosk-home", kiosk_folder)
    ids = {"staff": staff.device_id, "kiosk": kiosk_side.device_id}
    with ExitStack() as stack:
        staff.configure("sendonly", staff_address="dynamic", kib=0, **ids)
        listening = staff.start(stack).wait_for("TCP listener (127.0.0.1:")
        port = re.search(r"127\.0\.0\.1:(\d+)", listening)
        assert port is not None, listening
        address = f"tcp://127.0.0.1:{port[1]}"
        kiosk_side.configure("receiveonly", staff_address=address, kib=RECEIVE_KIB, **ids)
        kiosk_side.start(stack).wait_for("Established secure connection", timeout=START_TIMEOUT)
        assert (kiosk_folder / ".stfolder").is_dir()  # Syncthing's marker, in the pack folder

        logs = root / "logs"
        env = os.environ.copy()
        for private in ("KIOSK_CONFIG", "KIOSK_DATA", "KIOSK_CONTENT", "DISPLAY"):
            env.pop(private, None)
        env["QT_QPA_PLATFORM"] = "offscreen"
        for variable, name in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data")):
            env[variable] = str(root / name)
        kiosk = start_kiosk(
            stack, env, "--log-level", "debug", "--log-dir", str(logs),
            "--content", str(kiosk_folder), "--quiet-seconds", "1",
        )  # fmt: skip
        kiosk.wait_for("kiosk ready", timeout=START_TIMEOUT)
        first = kiosk.wait_for("the pack folder was checked:", timeout=START_TIMEOUT)
        assert "hidden, not the pack's: .stfolder" in first
        yield Synced(staff, kiosk_side, kiosk, logs)
        assert kiosk.process.poll() is None, f"the kiosk ended during the tests:\n{kiosk.output}"


def noise_picture(path: Path, side: int = 600) -> None:
    """A PNG of random pixels, which no compression shrinks: side x side x 3 bytes."""
    pixels = random.Random(side).randbytes(side * side * 3)
    image = QImage(pixels, side, side, side * 3, QImage.Format.Format_RGB888)
    assert image.save(str(path), "PNG")


def text_of(path: Path) -> str:
    """The file's text; "" while it is missing (Syncthing removes the old file before it
    moves the new one into place)."""
    try:
        return path.read_text()
    except FileNotFoundError:
        return ""


def edited_topics_came(folder: Path) -> bool:
    """Whether both topics `edit_and_seal` edited have come whole to `folder`."""
    return ADDED in text_of(folder / ADDED_TO) and UPDATED in text_of(folder / EDITED)


def picture_on_its_way(folder: Path) -> bool:
    """Whether the picture is coming: its temporary file is in `folder`, not yet whole."""
    return (folder / PICTURE_ON_ITS_WAY).exists()


def temporaries(folder: Path) -> list[Path]:
    return [path for path in folder.rglob(".syncthing.*") if TEMPORARY.search(path.name)]


def assert_only_hidden_lines_name_syncthing(lines: list[str]) -> None:
    """Syncthing's names show in the kiosk's log only where it lists what it left aside:
    never in a problem, a refusal or a pack's title."""
    for line in lines:
        if ".stfolder" in line or ".syncthing." in line:
            assert "hidden, not the pack's:" in line, line


def edit_and_seal(staff_side: Instance, version: str) -> Path:
    """Edit two topics and add a large picture in a copy of the staff's pack, seal it,
    and copy all of it but the picture over the pack in the staff's folder, as one might
    from a workstation whose copy takes the large file last; the picture, in the copy
    returned, is for the test to copy in when it chooses.

    The staff's Syncthing is held (SIGSTOP) while the files are copied in, so that it
    sees them all at once, as it would with a copy quicker than its one-second wait, and
    offers them in one index.
    """
    staff = staff_side.folder
    work = staff.with_name(staff.name + "-editing")
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(staff, work, ignore=shutil.ignore_patterns(".*"))
    noise_picture(work / PICTURE)
    edited = work / EDITED
    text = edited.read_text().replace(
        "icon: ../images/possible-benefits.svg", f"icon: ../{PICTURE}"
    )
    edited.write_text(text.replace("\n---\n", f"\n---\n{UPDATED}\n\n", 1))
    other = work / ADDED_TO
    other.write_text(other.read_text() + f"\n{ADDED}\n")
    set_version(work, version)
    seal_as_staff(work)
    staff_side.stall()
    try:
        shutil.copytree(
            work, staff, dirs_exist_ok=True, ignore=shutil.ignore_patterns(Path(PICTURE).name)
        )
    finally:
        staff_side.resume()
    return work


def test_an_edited_sealed_pack_arrives_whole_even_when_the_copy_stalls(
    synced: Synced, qtbot: QtBot
) -> None:
    """Staff edit two topics, add a large picture and seal: the kiosk shows the new pack
    only once all of it has arrived; while the copy is stalled with Syncthing's temporary
    file in the folder, it shows the old pack and lists the temporary file as not the
    pack's."""
    old, title = synced.status()["pack_version"], synced.status()["pack_title"]
    new = "2026.12.2"
    since = synced.kiosk.mark()
    staff, kiosk_folder = synced.staff.folder, synced.kiosk_side.folder
    with synced.explained():
        work = edit_and_seal(synced.staff, new)
        # The edited topics come first, the picture once they have (a copy that takes the
        # large file last): the picture is the only file on its way when the kiosk's
        # Syncthing is stalled. (Sent together, which comes first is Syncthing's to say:
        # it asks for the smallest files first, but its requests and the answers cross
        # the connection in no fixed order.)
        qtbot.waitUntil(lambda: edited_topics_came(kiosk_folder), timeout=SYNC_TIMEOUT_MS)
        shutil.copy2(work / PICTURE, staff / PICTURE)
        qtbot.waitUntil(lambda: picture_on_its_way(kiosk_folder), timeout=SYNC_TIMEOUT_MS)
        synced.kiosk_side.stall()
        try:
            assert not (kiosk_folder / PICTURE).exists(), "the picture came before the stall"
            waiting = [str(path.relative_to(kiosk_folder)) for path in temporaries(kiosk_folder)]
            # A hidden file of the test's own makes the kiosk look at the folder as it
            # stands (a look that lists it came after the stall): it names Syncthing's
            # temporary files as hidden, and refuses or holds what has come of the new pack.
            stall = synced.kiosk.mark()
            (kiosk_folder / STALLED).write_text("")
            looked = synced.kiosk.wait_for(STALLED, stall)
            hidden = looked.split("; hidden, not the pack's: ")[1].split(", ")
            assert set(waiting) <= set(hidden), looked
            if "only hidden files changed" in looked:
                # The kiosk had judged this very folder already (it fell quiet before the
                # stall): the verdict is its last.
                looked = [line for line in synced.kiosk.lines[since:] if "checked: " in line][-1]
            verdict = looked.split("checked: ")[1].split("; hidden")[0]
            if "error" not in verdict:
                # Caught as Syncthing replaced the manifest, the old one removed and the
                # new one not yet in place: a sealed pack's folder without its manifest is
                # held until one comes.
                assert not (kiosk_folder / "manifest.toml").exists(), looked
                synced.kiosk.wait_for("the new pack is not shown: the pack shown was sealed", since)
            lines = synced.kiosk.lines[since:]
            assert not [line for line in lines if "swapped in:" in line], lines
            assert synced.status()["pack_version"] == old
        finally:
            (kiosk_folder / STALLED).unlink(missing_ok=True)
            synced.kiosk_side.resume()

        synced.kiosk.wait_for(f"content pack swapped in: {title} {new}", since, SYNC_TIMEOUT)
        lines = synced.kiosk.lines[since:]
        assert_only_hidden_lines_name_syncthing(lines)
        swaps = [line for line in lines if "swapped in:" in line]
        assert len(swaps) == 1, swaps  # the new pack, whole, and nothing before it
        status = synced.wait_for_status(qtbot, pack_version=new)
        assert (status["showing"], status["errors"], status["pending_swap"]) == (
            "pack folder",
            0,
            False,
        )
        assert not temporaries(kiosk_folder)
        manifest = hashlib.sha256((staff / "manifest.toml").read_bytes()).hexdigest()
        qtbot.waitUntil(lambda: synced.pack_info().get("version") == new, timeout=5_000)
        assert synced.pack_info()["manifest_sha256"] == manifest  # the staff's pack


def test_a_sealed_pack_with_an_error_is_refused_and_the_pack_shown_stays(
    synced: Synced, qtbot: QtBot
) -> None:
    """A pack sealed without being checked (by hand, or by a tool that does not check),
    with an error in one topic: the kiosk refuses it by that file and line, and goes on
    showing the pack it had."""
    shown = synced.status()["pack_version"]
    since = synced.kiosk.mark()
    staff = synced.staff.folder
    broken = staff / BROKEN
    broken.write_text(broken.read_text().replace("title: ", "title: [unclosed ", 1))
    set_version(staff, "2026.12.3")
    seal(staff, datetime.now(UTC))

    with synced.explained():
        refused = synced.kiosk.wait_for(
            f"the pack folder was checked: 1 error in {BROKEN} line 3", since, SYNC_TIMEOUT
        )
    assert "hidden, not the pack's: .stfolder" in refused
    lines = synced.kiosk.lines[since:]
    assert not [line for line in lines if "content pack swapped in:" in line]
    assert_only_hidden_lines_name_syncthing(lines)
    status = synced.wait_for_status(qtbot, errors=1)
    assert status["pack_version"] == shown
    assert status["health"] != "good"
    errors = [p for p in status["problems"] if p["level"] == "error"]
    assert [(p["file"], p["line"], p["rule"]) for p in errors] == [
        (BROKEN, 3, "front-matter-syntax")
    ]
