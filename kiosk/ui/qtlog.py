"""Qt's own messages go to Python logging (logger ``qt``), not to a terminal nobody reads."""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("qt")

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}

# Messages that say nothing about the kiosk: the offscreen platform (preview, tests)
# cannot pass a window's size limits on, and says so every time a layout changes them.
HARMLESS = ("This plugin does not support propagateSizeHints()",)


def _handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    level = logging.DEBUG if message in HARMLESS else _LEVELS.get(kind, logging.WARNING)
    log.log(level, "%s", message)


def install() -> None:
    """Route Qt's messages to logging from now on."""
    qInstallMessageHandler(_handler)
