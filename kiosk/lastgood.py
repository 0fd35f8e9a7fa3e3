"""A copy of the last pack the kiosk showed, for when the configured one is broken at start.

Kept in the kiosk's data folder (``$KIOSK_DATA``, else ``$XDG_DATA_HOME/kiosk``, else
``~/.local/share/kiosk``), replaced whole: the copy is made beside it and renamed into
place, so a power cut mid-copy leaves the previous copy intact.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from kiosk.config import PACK_TOML
from kiosk.pack import IMAGES_DIR, SLIDES_DIR, TOPIC_SUFFIX, is_language_folder

log = logging.getLogger(__name__)

LAST_GOOD = "last-good-pack"


def data_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The kiosk's own data folder on this computer."""
    if environ.get("KIOSK_DATA"):
        return Path(environ["KIOSK_DATA"])
    base = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "kiosk"


def location(data: Path) -> Path:
    return data / LAST_GOOD


def save(pack_root: Path, data: Path) -> bool:
    """Copy the pack's files (topics, pack.toml, images/, slides/, language folders) as the
    last good pack.

    Returns False (and logs why) when the copy could not be made; the previous copy stays.
    """
    target = location(data)
    if os.path.realpath(pack_root) == os.path.realpath(target):
        return True  # showing the copy itself
    fresh = data / (LAST_GOOD + ".new")
    old = data / (LAST_GOOD + ".old")
    try:
        data.mkdir(parents=True, exist_ok=True)
        for leftover in (fresh, old):
            if leftover.exists():
                shutil.rmtree(leftover)
        fresh.mkdir()
        for entry in os.scandir(pack_root):
            if entry.name.startswith("."):
                continue
            if entry.is_file() and (
                entry.name == PACK_TOML or entry.name.lower().endswith(TOPIC_SUFFIX)
            ):
                shutil.copy2(entry.path, fresh / entry.name)
            elif entry.is_dir() and (
                entry.name in (IMAGES_DIR, SLIDES_DIR) or is_language_folder(entry.name)
            ):
                shutil.copytree(entry.path, fresh / entry.name, symlinks=True)
        if target.exists():
            target.rename(old)
        fresh.rename(target)
        if old.exists():
            shutil.rmtree(old)
    except OSError as exc:
        log.error("could not keep a copy of the pack as the last good one: %s", exc)
        return False
    return True


def saved(data: Path) -> Path | None:
    """The last good pack's folder, if one was kept."""
    target = location(data)
    return target if target.is_dir() else None
