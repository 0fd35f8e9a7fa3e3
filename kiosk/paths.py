"""Where the kiosk keeps its files on this computer, every location in one place.

- The machine config (the staff PIN, settings that win over the pack's):
  ``$KIOSK_CONFIG``, else ``$XDG_CONFIG_HOME/kiosk/kiosk.toml``, else
  ``~/.config/kiosk/kiosk.toml``.
- The data folder (the last good pack, the topic counts, the start memo): ``$KIOSK_DATA``, else
  ``$XDG_DATA_HOME/kiosk``, else ``~/.local/share/kiosk``.
- The log folder (daily log files and status.json): ``--log-dir``, else
  ``$XDG_STATE_HOME/kiosk/log``, else ``~/.local/state/kiosk/log``.

Pure Python: the functions read the environment they are given and touch no file.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

LAST_GOOD = "last-good-pack"
COUNTS = "counts.sqlite"
STATUS = "status.json"


def config_file(environ: Mapping[str, str] = os.environ) -> Path:
    """This computer's kiosk config file."""
    if environ.get("KIOSK_CONFIG"):
        return Path(environ["KIOSK_CONFIG"])
    return _base(environ, "XDG_CONFIG_HOME", ".config") / "kiosk" / "kiosk.toml"


def data_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The kiosk's own data folder on this computer."""
    if environ.get("KIOSK_DATA"):
        return Path(environ["KIOSK_DATA"])
    return _base(environ, "XDG_DATA_HOME", ".local/share") / "kiosk"


def log_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """Where the daily log files and status.json go, unless --log-dir says."""
    return _base(environ, "XDG_STATE_HOME", ".local/state") / "kiosk" / "log"


def last_good(data: Path) -> Path:
    """The copy of the last pack that passed its full check, in the data folder `data`."""
    return data / LAST_GOOD


def notice_file(data: Path) -> Path:
    """The urgent notice staff put on every screen (`kiosk.notice`)."""
    return data / "notice.toml"


def start_memo(data: Path) -> Path:
    """What the last full check of the pack found whole, for a quicker start
    (`kiosk.startmemo`), in the data folder `data`."""
    return data / "start-memo.json"


def counts_file(data: Path) -> Path:
    """The anonymous topic counts, in the data folder `data`."""
    return data / COUNTS


def status_file(logs: Path) -> Path:
    """status.json, in the log folder `logs`."""
    return logs / STATUS


def _base(environ: Mapping[str, str], variable: str, under_home: str) -> Path:
    return Path(environ.get(variable) or Path.home() / under_home)
