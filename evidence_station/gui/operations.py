"""Running a service call in the background with progress, cancel, and result on the GUI thread.

In the spirit of Anki's ``CollectionOp``: a widget hands :func:`run_operation` a function of
``(progress, cancel)``; it runs on a :class:`QThreadPool` worker, its progress callbacks become Qt signals
that drive a progress dialog with a Cancel button, and the result (or the error) is delivered to
``on_success`` (or ``on_failure``) on the GUI thread. The window never freezes.

The catalogue is peewee behind a global ``DatabaseProxy``: peewee keeps one connection per thread and
opens the worker's on first use (each SQLite connection gets the station's pragmas, WAL included), so the
worker can read and write while the GUI thread keeps its own connection. The worker closes its connection
when it is done, because pool threads are reused and live on.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from evidence_station.catalogue.database import database_proxy
from evidence_station.domain.errors import EvidenceStationError, OperationCancelledError
from evidence_station.domain.progress import CancelToken, Progress, ProgressCallback

T = TypeVar("T")

#: The function an operation runs on the worker: it receives the progress callback and the cancel token.
OperationFn = Callable[[ProgressCallback, CancelToken], T]

#: Progress dialogs appear only for operations that take longer than this (no flicker for quick ones).
PROGRESS_DELAY_MS = 400
_BAR_STEPS = 1000



def close_thread_connection() -> None:
    """Close this thread's catalogue connection, if it opened one."""
    db = database_proxy.obj
    if db is not None and not db.is_closed():
        db.close()


class _WorkerSignals(QObject):
    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object, str)


class _Worker(QRunnable):
    """Runs the function on a pool thread and reports through signals (queued to the GUI thread)."""

    def __init__(self, fn: OperationFn[Any], token: CancelToken, signals: _WorkerSignals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._token = token
        self._signals = signals

    def run(self) -> None:
        error: BaseException | None = None
        result: Any = None
        formatted = ""
        try:
            result = self._fn(self._signals.progress.emit, self._token)
        except BaseException as exc:  # delivered to the GUI thread, never lost
            error, formatted = exc, traceback.format_exc()
        try:
            close_thread_connection()  # before reporting: "done" means the connection is released
        except Exception:  # a failing close must not hide the outcome
            traceback.print_exc()
        if error is None:
            self._signals.succeeded.emit(result)
        else:
            self._signals.failed.emit(error, formatted)


class RunningOperation(QObject, Generic[T]):
    """One operation in flight: its cancel token, progress dialog and outcome.

    ``finished`` is emitted on the GUI thread after ``on_success``/``on_failure`` ran. ``done``,
    ``result``, ``error`` and ``last_progress`` stay readable afterwards (tests wait on ``done``).
    """

    finished = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        *,
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None] | None,
        progress_label: str,
        cancellable: bool,
    ) -> None:
        super().__init__(parent)
        self.token = CancelToken()
        self.done = False
        self.result: T | None = None
        self.error: BaseException | None = None
        self.last_progress: Progress | None = None
        self._parent_widget = parent
        self._on_success = on_success
        self._on_failure = on_failure
        self.signals = _WorkerSignals(self)
        self.signals.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self.signals.succeeded.connect(self._on_succeeded, Qt.ConnectionType.QueuedConnection)
        self.signals.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self.dialog = QProgressDialog(progress_label, self.tr("Cancel") if cancellable else "", 0, 0, parent)
        self.dialog.setWindowTitle(self.tr("Please wait"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        if cancellable:
            self.dialog.canceled.connect(self.cancel)
        else:
            self.dialog.setCancelButton(None)
        self._label = progress_label
        self.dialog.setValue(0)

    @Slot()
    def cancel(self) -> None:
        """Ask the operation to stop at its next safe point."""
        if not self.done:
            self.token.cancel()
            self.dialog.setLabelText(self.tr("Cancelling…"))

    @Slot(object)
    def _on_progress(self, progress: Progress) -> None:
        if self.done:
            return
        self.last_progress = progress
        if progress.total:
            self.dialog.setMaximum(_BAR_STEPS)
            self.dialog.setValue(int(progress.fraction * _BAR_STEPS))
        if not self.token.cancelled:
            detail = progress.message or progress.item
            self.dialog.setLabelText(f"{self._label}\n{detail}" if detail else self._label)

    @Slot(object)
    def _on_succeeded(self, result: T) -> None:
        self.result = result
        self._finish()
        self._on_success(result)
        self.finished.emit()

    @Slot(object, str)
    def _on_failed(self, error: BaseException, formatted: str) -> None:
        self.error = error
        self._finish()
        if not isinstance(error, EvidenceStationError):
            print(formatted, file=sys.stderr)
        if self._on_failure is not None:
            self._on_failure(error)
        else:
            show_error(self._parent_widget, error)
        self.finished.emit()

    def _finish(self) -> None:
        self.done = True
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()
        _running.discard(self)


_running: set[RunningOperation[Any]] = set()


def error_text(error: BaseException) -> str:
    """The sentence to show a person for ``error`` (domain errors carry one already)."""
    if isinstance(error, EvidenceStationError):
        return error.message
    text = QCoreApplication.translate("operations", "Unexpected error ({kind}): {text}")
    return text.format(kind=type(error).__name__, text=str(error))


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """A message box naming the error text (a cancelled operation is reported quietly)."""
    if isinstance(error, OperationCancelledError):
        title = QCoreApplication.translate("operations", "Cancelled")
        QMessageBox.information(parent, title, error_text(error))
    else:
        title = QCoreApplication.translate("operations", "The operation failed")
        QMessageBox.critical(parent, title, error_text(error))


def run_operation(
    parent: QWidget | None,
    fn: OperationFn[T],
    *,
    on_success: Callable[[T], None],
    on_failure: Callable[[BaseException], None] | None = None,
    progress_label: str,
    cancellable: bool = True,
    pool: QThreadPool | None = None,
) -> RunningOperation[T]:
    """Run ``fn(progress, cancel)`` on a worker thread; deliver its outcome on the GUI thread.

    ``on_success(result)`` gets the return value. A raised error goes to ``on_failure(error)`` when given,
    else to a message box naming its text (a cancelled operation says so quietly). The progress dialog
    appears after :data:`PROGRESS_DELAY_MS`, shows ``progress_label`` and the current item, and has a
    Cancel button when ``cancellable``. Returns the :class:`RunningOperation` (keep it to cancel or wait).
    """
    operation: RunningOperation[T] = RunningOperation(
        parent,
        on_success=on_success,
        on_failure=on_failure,
        progress_label=progress_label,
        cancellable=cancellable,
    )
    _running.add(operation)
    (pool or QThreadPool.globalInstance()).start(_Worker(fn, operation.token, operation.signals))
    return operation
