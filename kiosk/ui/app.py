"""Start the kiosk: the application, the window, full-screen lockdown."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk import lint
from kiosk.config import Settings
from kiosk.pack import Pack, PackUnreadable, load
from kiosk.ui import qtlog
from kiosk.ui.theme import Theme, load_fonts
from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)

WINDOWED_SIZE = QSize(1280, 800)


@dataclass(frozen=True)
class RunOptions:
    """How to run: which pack, windowed or locked full-screen, and setting overrides."""

    content: Path
    windowed: bool = False
    show_cursor: bool = False
    overrides: dict[str, Any] | None = None


def application() -> QApplication:
    """The QApplication, made once, with the kiosk's fonts."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    qtlog.install()
    # A fixed name, not the script's: window managers and kiosk rules match on WM_CLASS.
    app = QApplication(["kiosk"])
    app.setApplicationName("kiosk")
    app.setDesktopFileName("kiosk")
    app.setApplicationDisplayName("Waiting room")
    app.setFont(load_fonts())
    return app


def load_checked(content: Path, overrides: dict[str, Any] | None) -> Pack | None:
    """The pack in `content` when it has no errors; None (with the problems logged) if not."""
    try:
        pack = load(content, overrides)
    except PackUnreadable as exc:
        log.error("content pack cannot be read: %s", exc)
        return None
    problems = lint.check(pack, date.today())
    for problem in problems:
        (log.error if problem.level is lint.Level.ERROR else log.warning)("%s", problem)
    if any(p.level is lint.Level.ERROR for p in problems):
        log.error("content pack %s has errors; showing the 'being updated' page", content)
        return None
    return pack


def build_window(pack: Pack | None, size: QSize, dpi: float, *, locked: bool) -> KioskWindow:
    settings = pack.settings if pack is not None else Settings()
    theme = Theme.make(settings.theme, size.width(), size.height(), dpi)
    window = KioskWindow(theme, locked=locked)
    if pack is not None:
        window.show_pack(pack)
    return window


def start(options: RunOptions) -> KioskWindow:
    """Load the pack and show the window (locked full-screen, or windowed)."""
    app = application()
    pack = load_checked(options.content, options.overrides)
    screen = QGuiApplication.primaryScreen()
    if options.windowed:
        window = build_window(pack, WINDOWED_SIZE, screen.physicalDotsPerInch(), locked=False)
        window.resize(WINDOWED_SIZE)
        window.show()
    else:
        geometry = screen.geometry()
        window = build_window(pack, geometry.size(), screen.physicalDotsPerInch(), locked=True)
        window.setWindowFlags(
            Qt.WindowType.Window
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        # With no window manager, the full-screen request alone leaves the window at its
        # natural size: give it the screen's geometry as well.
        window.setGeometry(geometry)
        window.showFullScreen()
        if not options.show_cursor:
            app.setOverrideCursor(Qt.CursorShape.BlankCursor)
    log.info(
        "kiosk started on %s (%s)",
        options.content,
        "windowed" if options.windowed else "full screen",
    )
    return window


def run(options: RunOptions) -> int:
    """Run the kiosk until it is closed; the exit status."""
    window = start(options)

    def ready() -> None:
        log.info("kiosk ready: %dx%d", window.width(), window.height())
        window.frame_painted.disconnect(ready)

    window.frame_painted.connect(ready)
    return application().exec()
