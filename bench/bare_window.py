"""The floor: a bare PySide6 window showing one label, full screen, as the kiosk starts.

Writes "ready" to stderr once its first frame is painted, the way the kiosk logs
"kiosk ready"; `bench/run.py` times both from process start.
"""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QLabel


class Label(QLabel):
    painted = False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, lambda: print("ready", file=sys.stderr, flush=True))


app = QApplication(sys.argv[:1])
label = Label("Waiting room")
label.setGeometry(app.primaryScreen().geometry())
label.showFullScreen()
sys.exit(app.exec())
