"""Python's cyclic garbage collector runs on the GUI thread only, as qutebrowser does.

Automatic collection runs on whatever thread happens to allocate when a threshold is passed — in this program often
a worker thread (an import, a thumbnail job, a read). A widget that ended up in a reference cycle (a lambda slot
that captures its window, say) is then destroyed there: Qt cannot stop its timers from another thread (a password
field's blinking cursor, a progress dialog's delay), leaves them registered, and the next one that fires on the GUI
thread runs on freed memory — the interpreter crashes ("Segmentation fault" in
``QTimerInfoList::activateTimers``). So automatic collection is switched off and a timer on the GUI thread collects
each generation when its threshold is passed, which frees the same garbage at about the same pace.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the GUI thread looks whether a collection is due.
INTERVAL_MS = 1000


class GuiThreadGarbageCollector(QObject):
    """While it lives, cyclic garbage is collected on the thread that owns it (the GUI thread), never elsewhere."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> int:
        """Collect the generations whose threshold was passed (as the automatic collector would); how many
        objects were unreachable."""
        young, middle, old = gc.get_count()
        found = 0
        if young > self.threshold[0]:
            found = gc.collect(0)
            if middle > self.threshold[1]:
                found = gc.collect(1)
                if old > self.threshold[2]:
                    found = gc.collect(2)
        return found

    @classmethod
    def install(cls, app: QObject) -> GuiThreadGarbageCollector:
        """The collector of ``app`` (the QApplication), made on first use and living as long as it does."""
        existing = app.findChild(cls)
        return existing if isinstance(existing, cls) else cls(app)

    def stop(self) -> None:
        """Give collection back to Python (automatic again if it was before)."""
        self._timer.stop()
        if self._was_enabled:
            gc.enable()

