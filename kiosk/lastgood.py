"""A copy of the last pack the kiosk showed, for when the configured one is broken at start.

Kept in the kiosk's data folder (``$KIOSK_DATA``, else ``$XDG_DATA_HOME/kiosk``, else
``~/.local/share/kiosk``), replaced whole: the copy is made beside it and renamed into
place, so a power cut mid-copy, or the pack folder vanishing mid-copy, leaves the
previous copy intact. Only regular files are copied (a named pipe would block the copy),
and not the manifest: the copy is checked like any pack before it is shown.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from kiosk import paths
from kiosk.files import special_kind
from kiosk.packfolder import belongs_to_pack

log = logging.getLogger(__name__)


def save(pack_root: Path, data: Path) -> bool:
    """Copy the pack's files (topics, pack.toml, images/, slides/, language folders, nothing
    hidden: `kiosk.packfolder.belongs_to_pack`) as the last good pack.

    Returns False (and logs why) when the copy could not be made; the previous copy stays.
    """
    target = paths.last_good(data)
    if os.path.realpath(pack_root) == os.path.realpath(target):
        return True  # showing the copy itself
    fresh = data / (paths.LAST_GOOD + ".new")
    old = data / (paths.LAST_GOOD + ".old")
    try:
        data.mkdir(parents=True, exist_ok=True)
        for leftover in (fresh, old):
            if leftover.exists():
                shutil.rmtree(leftover)
        fresh.mkdir()
        with os.scandir(pack_root) as listing:
            entries = list(listing)
        for entry in entries:
            if entry.is_file() and belongs_to_pack(entry.name, is_dir=False):
                _copy_file(entry.path, fresh / entry.name)
            elif entry.is_dir() and belongs_to_pack(entry.name, is_dir=True):
                shutil.copytree(
                    entry.path,
                    fresh / entry.name,
                    symlinks=True,
                    ignore=_not_the_packs(pack_root),
                    copy_function=_copy_file,
                )
        if target.exists():
            target.rename(old)
        fresh.rename(target)
        if old.exists():
            shutil.rmtree(old)
    except OSError as exc:  # shutil.Error is one: the folder changed or vanished mid-copy
        log.error("could not keep a copy of the pack as the last good one: %s", exc)
        shutil.rmtree(fresh, ignore_errors=True)
        return False
    return True


def _not_the_packs(pack_root: Path) -> Callable[[str, list[str]], set[str]]:
    """For copytree: the names in a folder of the pack that are not the pack's (hidden ones)."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        rel = Path(folder).relative_to(pack_root).as_posix()
        return {
            name
            for name in names
            if not belongs_to_pack(f"{rel}/{name}", os.path.isdir(os.path.join(folder, name)))
        }

    return ignore


def _copy_file(source: str, target: str | Path) -> None:
    """Copy one regular file; anything else (a named pipe, a device) is left behind."""
    if special_kind(os.stat(source).st_mode) is None:
        shutil.copy2(source, target)


def saved(data: Path) -> Path | None:
    """The last good pack's folder, if one was kept."""
    target = paths.last_good(data)
    return target if target.is_dir() else None
