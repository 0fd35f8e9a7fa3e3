"""The log file and status.json, for IT and fleet monitoring.

Logs go to a file per day in the user log folder (``$XDG_STATE_HOME/kiosk/log``, else
``~/.local/state/kiosk/log``, or ``--log-dir``), kept for two weeks, and to stderr for
the service manager's journal. They never name what a patient read: screens are logged
by kind ("topic"), never by topic.

``status.json`` beside the log files is rewritten, whole and atomically, whenever
something a monitor would want to know changes.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

LOG_NAME = "kiosk.log"
KEEP_DAYS = 14
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup(folder: Path | None, level: str = "INFO") -> Path | None:
    """Log to stderr, and to a daily file in `folder` when it can be made.

    Returns:
        The log file's path, or None when only stderr could be used.
    """
    root = logging.getLogger()
    root.setLevel(level.upper())
    formatter = logging.Formatter(FORMAT)
    to_stderr = logging.StreamHandler()
    to_stderr.setFormatter(formatter)
    root.addHandler(to_stderr)
    logging.getLogger("MARKDOWN").setLevel(logging.WARNING)  # it logs each extension it loads
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        to_file = logging.handlers.TimedRotatingFileHandler(
            folder / LOG_NAME, when="midnight", backupCount=KEEP_DAYS, encoding="utf-8"
        )
    except OSError as exc:
        logging.getLogger(__name__).error("cannot write logs to %s: %s", folder, exc)
        return None
    to_file.setFormatter(formatter)
    root.addHandler(to_file)
    return folder / LOG_NAME


def write_status(path: Path, status: Mapping[str, Any]) -> None:
    """Replace `path` with `status` as JSON, so a reader never sees half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".status-", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(status, stream, indent=2, sort_keys=True)
            stream.write("\n")
        os.replace(temporary, path)
    except OSError as exc:
        logging.getLogger(__name__).warning("cannot write %s: %s", path, exc)
