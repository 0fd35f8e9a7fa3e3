"""Check a built bundle the way IT will use it: moved elsewhere, with no Python around it.

    python packaging/check_bundle.py dist/kiosk

Copies the folder to a new place, then runs its ``kiosk --version``, ``validate`` on the
bundled pack, ``seal`` and ``validate`` on a copy of it, ``validate`` on a pack of hard
English and Spanish topics (whose reading levels must be flagged as the Python the tests
use flags them), ``set-pin``, an offscreen ``preview``
whose PNGs must exist and not be blank, the kiosk itself (offscreen) on the bundled
pack, on ``$KIOSK_CONTENT`` and on ``--content``, all with a clean environment (no
virtual environment on PATH, no PYTHONPATH), and the kiosk as cage's client on cage's
headless backend, as an unprivileged user (``$KIOSK_TEST_USER``, default ``kiosk-e2e``,
when run as root), which must say it is ready on Wayland and show more than a flat
screen to ``grim``.
Exits non-zero, saying what failed, at the first failure.
"""

from __future__ import annotations

import json
import os
import pwd
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

MAX_BYTES = 90_000_000  # the size IT was promised

# A consent form's sentence in each language the kiosk measures, far above any grade a
# pack may set. Four of the English words are not in the pronouncing dictionary.
HARD_TOPICS = {
    "consent.md": (
        "Consent",
        "Ketamine is a noncompetitive antagonist of the N-methyl-D-aspartate receptor whose "
        "intravenous administration at subanesthetic doses has demonstrated, in randomized "
        "controlled trials, a transient attenuation of posttraumatic symptomatology.",
    ),
    "es/consent.md": (
        "Consentimiento",
        "La ketamina es un antagonista no competitivo del receptor de N-metil-D-aspartato, "
        "cuya administración intravenosa en dosis subanestésicas ha demostrado, en ensayos "
        "clínicos aleatorizados, una reducción transitoria de la sintomatología postraumática.",
    ),
}


def run(command: list[str], env: dict[str, str], stdin: str = "") -> str:
    done = subprocess.run(command, env=env, input=stdin, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"FAILED ({done.returncode}): {' '.join(command)}\n{done.stdout}{done.stderr}")
    print(f"ok: {' '.join(command[1:]) or command[0]}")
    return done.stdout


def starts_on(command: list[str], env: dict[str, str], pack: Path, work: Path) -> None:
    """Start the kiosk, wait for it to say it shows `pack` and is ready, and then for its
    first metrics (a second later: what it imports for them must be in the bundle too),
    then stop it. Any error it logs on the way fails the check."""
    metrics = Path(tempfile.mkdtemp(prefix="metrics-", dir=work))
    prom = metrics / "kiosk.prom"
    process = subprocess.Popen(
        [*command, "--metrics-dir", str(metrics)], env=env, stderr=subprocess.PIPE, text=True
    )
    log = log_until(process, lambda seen: "kiosk ready" in seen and prom.is_file())
    process.send_signal(signal.SIGTERM)
    status = process.wait(timeout=30)
    assert process.stderr is not None
    process.stderr.close()
    ready = f"kiosk started on {pack}" in log and "kiosk ready" in log
    if not ready or not prom.is_file() or " ERROR " in log or status != 0:
        sys.exit(f"FAILED: {' '.join(command)} (status {status}, metrics {prom.is_file()})\n{log}")
    print(f"ok: {' '.join(command[1:]) or 'kiosk'} shows {pack.name} and writes its metrics")


def log_until(process: subprocess.Popen[str], done: Callable[[str], bool]) -> str:
    """What the kiosk logs until `done` says so of it (or its end, or a minute)."""
    assert process.stderr is not None
    seen: list[str] = []
    deadline = time.monotonic() + 60
    with selectors.DefaultSelector() as selector:
        selector.register(process.stderr, selectors.EVENT_READ)
        while time.monotonic() < deadline and not done("".join(seen)):
            if selector.select(0.1):
                line = process.stderr.readline()
                if not line:
                    break
                seen.append(line)
    return "".join(seen)


def measures_reading_levels(kiosk: str, env: dict[str, str], work: Path) -> None:
    """The bundle flags each hard topic with the grade Python gives it outside the bundle.

    The bundle's pronouncing dictionary is a trimmed copy (packaging/trim_cmudict.py) and
    it has two hyphenation dictionaries of pyphen's fifty: the grades show nothing is missing.
    """
    from kiosk import lint

    pack = work / "hard-pack"
    for name, (title, text) in HARD_TOPICS.items():
        (pack / name).parent.mkdir(parents=True, exist_ok=True)
        (pack / name).write_text(f"---\ntitle: {title}\n---\n{text}\n", encoding="utf-8")
    found = json.loads(run([kiosk, "validate", str(pack), "--format", "json"], env))
    bundled = [p["message"] for p in found if p["rule"] == "reading-level"]
    _, problems = lint.validate(pack, date.today())
    expected = [p.message for p in problems if p.rule == "reading-level"]
    if len(bundled) != len(HARD_TOPICS) or bundled != expected:
        sys.exit(f"FAILED: reading levels in the bundle {bundled}, outside it {expected}")
    for message in bundled:
        print(f"ok: {message}")


def under_cage(moved: Path, work: Path) -> None:
    """The bundle as the kiosk-cage unit runs it: its ``kiosk-session`` (cage with the
    kiosk in it) as an unprivileged user, here on cage's headless backend, turned half a
    turn so that cage 0.1.4 draws the frames grim copies (see tests/e2e/test_wayland.py)."""
    if not (shutil.which("cage") and shutil.which("grim")):
        if os.environ.get("CI"):
            sys.exit("FAILED: CI is set but cage or grim is missing: CI must install them")
        print("skipped: cage or grim not installed, so the bundle was not run under cage")
        return
    prefix: list[str] = []
    uid, gid = os.getuid(), os.getgid()
    if os.geteuid() == 0:  # cage refuses root
        name = os.environ.get("KIOSK_TEST_USER", "kiosk-e2e")
        try:
            user = pwd.getpwnam(name)
        except KeyError:
            sys.exit(f"FAILED: cage refuses root, and there is no user {name!r} to run it as")
        prefix, uid, gid = ["runuser", "-u", name, "--"], user.pw_uid, user.pw_gid
    for folder in (work, moved.parent):
        folder.chmod(0o755)
    runtime, home = work / "cage-runtime", work / "cage-home"
    for folder in (runtime, home):
        folder.mkdir(mode=0o700)
        os.chown(folder, uid, gid)
    kiosk = moved / "kiosk"
    variables = {
        "KIOSK_CAGE_OPTIONS": "-r -r",
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "XDG_RUNTIME_DIR": str(runtime),
        "WLR_BACKENDS": "headless",
        "WLR_RENDERER": "pixman",
        "WLR_LIBINPUT_NO_DEVICES": "1",
    }
    command = [*prefix, "env", "-i", *(f"{k}={v}" for k, v in variables.items())]
    command.append(str(moved / "kiosk-session"))
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    log = log_until(process, lambda seen: "kiosk ready" in seen)
    shot = work / "cage.png"
    grim = subprocess.run(
        ["grim", str(shot)],
        env={**os.environ, "WAYLAND_DISPLAY": str(runtime / "wayland-0")},
        capture_output=True,
        text=True,
    )
    # The kiosk ends on SIGTERM with status 0, cage with its client, and the script with
    # the kiosk's status.
    for pid in running(kiosk):
        os.kill(pid, signal.SIGTERM)
    try:
        status = process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        status = process.wait()
        log += "(cage did not end within 30 s of the kiosk's SIGTERM, and was killed)\n"
    assert process.stderr is not None
    process.stderr.close()
    if status != 0:
        sys.exit(f"FAILED: kiosk-session ended with status {status}\n{log}")
    if "kiosk ready: 1280x720 on wayland" not in log:
        sys.exit(f"FAILED: the bundle under cage did not say it was ready on Wayland\n{log}")
    if grim.returncode != 0 or distinct_colours(shot) < 8:
        sys.exit(f"FAILED: grim saw a blank screen under cage\n{grim.stderr}{log}")
    print("ok: the bundle under cage (headless, as an unprivileged user) shows Home")


def running(program: Path) -> list[int]:
    """The processes running `program`."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            argv0 = (proc / "cmdline").read_bytes().split(b"\0", 1)[0]
        except OSError:
            continue
        if proc.name.isdigit() and argv0 == bytes(program):
            found.append(int(proc.name))
    return found


def distinct_colours(png: Path) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    step = max(1, image.width() // 60)
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
    )


def main() -> None:
    bundle = Path(sys.argv[1]).resolve()
    work = Path(tempfile.mkdtemp(prefix="kiosk-bundle-"))
    moved = work / "somewhere else" / "kiosk"
    shutil.copytree(bundle, moved, symlinks=True)
    kiosk = str(moved / "kiosk")
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(work / "home"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    version = run([kiosk, "--version"], env)
    assert version.startswith("kiosk "), version
    bundled = moved / "_internal" / "content"
    summary = run([kiosk, "validate", str(bundled)], env).splitlines()[-1]
    # The default pack warns only of the clinic's details it leaves to the clinic.
    assert summary.startswith("0 errors, "), summary
    sealed = work / "sealed-pack"
    shutil.copytree(bundled, sealed)
    assert run([kiosk, "seal", str(sealed)], env).splitlines()[-1].startswith("Sealed ")
    summary = run([kiosk, "validate", str(sealed)], env).splitlines()[-1]
    assert summary.startswith("0 errors, "), summary
    print("ok: sealed a copy of the default pack, and it validates")
    measures_reading_levels(kiosk, env, work)
    run([kiosk, "set-pin", "--config", str(work / "kiosk.toml")], env, stdin="246810\n")
    assert "pin_hash" in (work / "kiosk.toml").read_text()
    out = work / "preview"
    run([kiosk, "preview", str(bundled), "--out", str(out), "--size", "1280x800"], env)
    pictures = sorted(out.glob("*.png"))
    assert len(pictures) >= 10, pictures
    for picture in pictures:
        if distinct_colours(picture) < 3:
            sys.exit(f"FAILED: {picture.name} looks blank")
    print(f"ok: {len(pictures)} preview pictures, none blank")
    log = ["--log-dir", str(work / "log")]
    starts_on([kiosk, *log], env, bundled, work)
    other = work / "other-pack"
    shutil.copytree(bundled, other)
    starts_on([kiosk, *log], {**env, "KIOSK_CONTENT": str(other)}, other, work)
    starts_on([kiosk, "--content", str(other), *log], env, other, work)
    under_cage(moved, work)
    size = sum(f.stat().st_size for f in moved.rglob("*") if f.is_file() and not f.is_symlink())
    print(f"bundle size: {size} bytes ({size / 1e6:.1f} MB, {size / 2**20:.1f} MiB)")
    shutil.rmtree(work)
    if size > MAX_BYTES:
        sys.exit(f"FAILED: the bundle is over {MAX_BYTES / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
