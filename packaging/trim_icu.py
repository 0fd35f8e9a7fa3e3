"""A smaller ICU data library for the bundle: the same library, fewer locales.

Qt's core library needs ICU, and PySide6's wheel ships ICU's full data (30 MB, every
locale of the world, every legacy character set). The kiosk shows English and Spanish
and reads only UTF-8, so the bundle gets a libicudata with just the root, English and
Spanish locale data, the time zones and the ICU core tables: about 4 MB.

Needs ``icupkg`` (Debian: icu-devtools) and a C compiler at build time; without them the
full library is kept and the bundle is simply larger.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

SYMBOL = re.compile(rb"icudt(\d+)_dat")
# Per-locale resource trees: only these locales are kept.
LOCALE_TREES = ("", "coll", "curr", "lang", "region", "unit", "zone", "rbnf")
KEEP_LOCALES = re.compile(
    r"^(root|pool|res_index|en|es|en_\w+|es_\w+|supplementalData|metaZones|timezoneTypes"
    r"|windowsZones|zoneinfo64|likelySubtags|plurals|numberingSystems|keyTypeData"
    r"|genderList|dayPeriods|grammaticalFeatures|icustd|icuver|units|personNameDefaults"
    r"|parentLocales|tzdbNames)$"
)


def _data_blob(library: Path) -> tuple[str, bytes]:
    """The ICU version suffix and the data the library exports as ``icudtNN_dat``."""
    listing = subprocess.run(
        ["nm", "-D", "-S", "--defined-only", str(library)],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    for line in listing.splitlines():
        address, size, _kind, name = line.split()
        match = SYMBOL.fullmatch(name.encode())
        if match:
            sections = subprocess.run(
                ["readelf", "-S", "-W", str(library)], capture_output=True, check=True, text=True
            ).stdout
            rodata = re.search(r"\.rodata\s+PROGBITS\s+([0-9a-f]+)\s+([0-9a-f]+)", sections)
            assert rodata is not None, "no .rodata section"
            file_offset = int(address, 16) - int(rodata.group(1), 16) + int(rodata.group(2), 16)
            blob = library.read_bytes()[file_offset : file_offset + int(size, 16)]
            return match.group(1).decode(), blob
    raise ValueError(f"{library} exports no ICU data")


def _removable(item: str) -> bool:
    parts = item.split("/")
    base, _, kind = parts[-1].rpartition(".")
    if kind == "cnv":  # legacy character sets: the kiosk reads UTF-8 only
        return True
    if parts[0] == "brkitr" and kind == "dict":  # word lists for Thai, Khmer, CJK...
        return True
    if parts[0] == "translit" or parts[-1] in ("unames.icu", "confusables.cfu"):
        return True  # transliteration, character names, spoof checks: Qt uses none
    tree = parts[0] if len(parts) > 1 else ""
    return kind == "res" and tree in LOCALE_TREES and not KEEP_LOCALES.match(base)


def trimmed_icu_data(library: Path, work: Path) -> Path | None:
    """Build a trimmed copy of ICU's data `library` in `work`; None if tools are missing."""
    if not all(shutil.which(tool) for tool in ("icupkg", "cc", "nm", "readelf")):
        print("trim_icu: icupkg, cc, nm or readelf missing; keeping ICU's full data")
        return None
    work.mkdir(parents=True, exist_ok=True)
    version, blob = _data_blob(library)
    full = work / f"icudt{version}l.dat"
    full.write_bytes(blob)
    items = subprocess.run(
        ["icupkg", "-l", str(full)], capture_output=True, check=True, text=True
    ).stdout.split()
    removals = work / "remove.txt"
    removals.write_text("\n".join(item for item in items if _removable(item)) + "\n")
    small = work / f"icudt{version}l-small.dat"
    subprocess.run(
        ["icupkg", "--ignore-deps", "-r", str(removals), str(full), str(small)], check=True
    )
    source = work / "icudata.c"
    symbol = f"icudt{version}_dat"
    source.write_text(
        "__asm__(\n"
        '    ".section .rodata\\n"\n'
        f'    ".global {symbol}\\n"\n'
        f'    ".type {symbol}, @object\\n"\n'
        '    ".balign 16\\n"\n'
        f'    "{symbol}:\\n"\n'
        f'    ".incbin \\"{small}\\"\\n"\n'
        f'    ".size {symbol}, .-{symbol}\\n"\n'
        ");\n"
    )
    output = work / library.name
    subprocess.run(
        ["cc", "-shared", "-o", str(output), f"-Wl,-soname,{library.name}", "-s", str(source)],
        check=True,
    )
    print(
        f"trim_icu: {library.name} {library.stat().st_size >> 20} MB -> "
        f"{output.stat().st_size >> 20} MB"
    )
    return output
