"""Running for weeks: one exception hook, and a clean stop on SIGTERM or SIGINT.

An exception that escapes a slot or handler is logged with its traceback and the kiosk
goes back to a calm screen instead of ending. Faults that repeat (three within a minute)
mean the kiosk cannot help itself: it shows the calm page and exits non-zero, so its
supervisor (systemd ``Restart=always``) starts it afresh.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal, Slot

from kiosk.clock import Clock

log = logging.getLogger(__name__)

FAULT_LIMIT = 3
FAULT_WINDOW_SECONDS = 60.0


class FaultHandler:
    """The process's exception hook while the kiosk runs (and restorable, for tests).

    Args:
        recover: Called after a fault, to return to a calm screen.
        give_up: Called when faults repeat, to show the calm page and exit non-zero.
        clock: Seconds from any fixed point.
    """

    def __init__(
        self,
        recover: Callable[[], None],
        give_up: Callable[[], None],
        clock: Clock = time.monotonic,
        limit: int = FAULT_LIMIT,
        window_seconds: float = FAULT_WINDOW_SECONDS,
    ) -> None:
        self._recover = recover
        self._give_up = give_up
        self._clock = clock
        self.limit = limit
        self.window_seconds = window_seconds
        self.faults = 0
        self._recent: list[float] = []
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._handling = False

    def install(self) -> None:
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread

    def restore(self) -> None:
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook

    def handle(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous_hook(kind, error, trace)
            return
        log.error("fault: %s", error, exc_info=(kind, error, trace))
        self.faults += 1
        now = self._clock()
        self._recent = [t for t in self._recent if now - t < self.window_seconds] + [now]
        if self._handling:
            return  # a fault while recovering from one: do not loop
        self._handling = True
        try:
            if len(self._recent) >= self.limit:
                log.critical("%d faults within %.0f s: giving up", self.limit, self.window_seconds)
                self._give_up()
            else:
                self._recover()
        except Exception:  # noqa: BLE001 (the hook must never raise)
            log.exception("recovering from a fault failed")
            self._give_up()
        finally:
            self._handling = False

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        # A worker thread's fault is logged; the screen is the UI thread's business.
        log.error(
            "fault in thread %s: %s",
            args.thread.name if args.thread else "?",
            args.exc_value,
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),  # type: ignore[arg-type]
        )
        self.faults += 1


class UiThreadCollector(QObject):
    """Runs Python's cycle collector on the UI thread only, from a timer.

    Left to itself the collector runs in whichever thread happens to allocate, such as
    the pack-check thread; freeing a Qt object there can crash Qt. Reference counting
    still frees almost everything at once; only cycles wait for the timer (young objects
    every second, everything every minute). Once the kiosk is built, `freeze` keeps what
    is alive then out of later collections; after `thaw` (other content on screen, or a
    patient forgotten), the next full collection frees what became garbage and freezes
    what lives on again.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._ticks = 0
        self._frozen = False
        self._freeze_again = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._collect)
        self._timer.start(1000)

    @Slot()
    def _collect(self) -> None:
        self._ticks += 1
        if self._ticks % 60:
            gc.collect(0)
        elif self._freeze_again:
            self.freeze()
        else:
            gc.collect(2)

    @Slot()
    def freeze(self) -> None:
        """Collect everything once, then leave every object alive now out of later
        collections: what the start built lives as long as the kiosk, and each minute's
        full collection would walk it all (some 50,000 objects: 25 to 50 ms of the UI
        thread on the bench's machine, 120 to 140 on a quarter of one core; frozen, next
        to nothing)."""
        gc.collect()
        gc.freeze()
        self._frozen, self._freeze_again = True, False

    @Slot()
    def thaw(self) -> None:
        """Some of what was frozen may be garbage now (a pack swapped out, the cards
        that showed it or a patient's choices): back into the collections, and frozen
        again once the next full one has freed it."""
        if self._frozen:
            gc.unfreeze()
            self._frozen, self._freeze_again = False, True

    def stop(self) -> None:
        """Give collection back to Python (and collect now, on this thread)."""
        self._timer.stop()
        gc.unfreeze()
        if self._was_enabled:
            gc.enable()
        gc.collect()


class StopSignals(QObject):
    """Turns SIGTERM and SIGINT into a Qt signal, even while Qt's event loop waits.

    Python runs signal handlers only between bytecodes; the wakeup file descriptor makes
    the event loop notice at once.

    Signals:
        stop_requested(str): the name of the signal received.
    """

    stop_requested = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._received: list[str] = []
        self._previous = {
            number: signal.signal(number, self._on_signal)
            for number in (signal.SIGTERM, signal.SIGINT)
        }
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_wakeup)

    def _on_signal(self, number: int, _frame: object) -> None:
        self._received.append(signal.Signals(number).name)

    @Slot()
    def _on_wakeup(self) -> None:
        with contextlib.suppress(OSError):
            self._reader.recv(64)
        while self._received:
            self.stop_requested.emit(self._received.pop(0))

    def restore(self) -> None:
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        for number, handler in self._previous.items():
            signal.signal(number, handler)
        self._reader.close()
        self._writer.close()
