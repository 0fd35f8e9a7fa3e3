"""Check that the kiosk's dependencies resolve, as wheels only, on the 64-bit Raspberry Pi
systems it supports, and that each gets the PySide6 the README promises.

    python packaging/check_platforms.py

PySide6-Essentials after 6.8.0.2 ships aarch64 wheels only for glibc 2.39 and later, so
Raspberry Pi OS 12 (Bookworm, glibc 2.36) must get 6.8.0.2 from the declared range and
Raspberry Pi OS 13 (Trixie, glibc 2.41) a newer one. For each, pip downloads the
project's dependencies for that CPU, Python and C library (``pip download
--only-binary=:all:``). pip does not widen a ``--platform`` tag by itself: a system with
glibc 2.36 takes manylinux_2_17 to manylinux_2_36 wheels (and manylinux2014, the older
name of manylinux_2_17), so each tag is passed. It also checks that the declared lower
bound of PySide6-Essentials is what Bookworm gets, the oldest PySide6 a supported system
runs, which CI runs the test suite on once more (``--lower-bound`` prints it).
Exits non-zero, saying what failed.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class System:
    name: str
    machine: str
    glibc_minor: int  # glibc 2.N
    python: str

    def platform_options(self) -> list[str]:
        tags = [f"manylinux_2_{minor}_{self.machine}" for minor in range(17, self.glibc_minor + 1)]
        tags.append(f"manylinux2014_{self.machine}")
        return [option for tag in tags for option in ("--platform", tag)]


SYSTEMS = {
    System("Raspberry Pi OS 12 (Bookworm), 64-bit", "aarch64", 36, "3.11"): "== 6.8.0.2",
    System("Raspberry Pi OS 13 (Trixie), 64-bit", "aarch64", 41, "3.13"): "> 6.8.0.2",
}


def requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(project["project"]["dependencies"])


def pyside_for(system: System, work: Path) -> str:
    """The PySide6-Essentials version pip picks for `system`, with every dependency."""
    folder = work / system.machine / system.python / str(system.glibc_minor)
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:"]
    command += ["--dest", str(folder), "--python-version", system.python]
    command += ["--implementation", "cp", *system.platform_options(), *requirements()]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"FAILED: the dependencies do not resolve for {system.name}:\n{done.stderr}")
    wheels = [path.name for path in folder.glob("*.whl")]
    found = [m[1] for w in wheels if (m := re.match(r"pyside6_essentials-([^-]+)-", w, re.I))]
    if len(found) != 1:
        sys.exit(f"FAILED: no single PySide6-Essentials wheel for {system.name}: {wheels}")
    print(f"ok: {system.name}: {len(wheels)} wheels, PySide6-Essentials {found[0]}")
    return found[0]


def lower_bound() -> str:
    """The declared lower bound of PySide6-Essentials (``>=X`` in pyproject.toml)."""
    for requirement in requirements():
        if match := re.match(r"PySide6-Essentials\s*>=\s*([\d.]+)", requirement):
            return match[1]
    sys.exit("FAILED: pyproject.toml declares no lower bound for PySide6-Essentials")


def version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def main() -> None:
    if sys.argv[1:] == ["--lower-bound"]:
        print(lower_bound())
        return
    with tempfile.TemporaryDirectory(prefix="kiosk-platforms-") as work:
        for system, expected in SYSTEMS.items():
            got = pyside_for(system, Path(work))
            operator, wanted = expected.split()
            holds = (
                version(got) == version(wanted)
                if operator == "=="
                else version(got) > version(wanted)
            )
            if not holds:
                sys.exit(f"FAILED: {system.name} gets PySide6 {got}, not {expected}")
            if operator == "==" and version(lower_bound()) != version(got):
                sys.exit(
                    f"FAILED: the declared lower bound {lower_bound()} is not {got}, the "
                    f"oldest PySide6 a supported system ({system.name}) gets"
                )


if __name__ == "__main__":
    main()
