"""Running a service call in the background with progress, cancel, and result on the GUI thread.

In the spirit of Anki's ``CollectionOp``: a widget hands :func:`run_operation` a function of
``(progress, cancel)``; it runs on a :class:`QThreadPool` worker, its progress callbacks become Qt signals
that drive a progress dialog with a Cancel button, and the result (or the error) is delivered to
``on_success`` (or ``on_failure``) on the GUI thread. The window never freezes. With
``show_dialog=False`` no dialog is shown: the caller displays the :attr:`RunningOperation.progressed`
reports itself (the export wizard's run page, a table loading pages in the background).

The operation outlives its parent widget safely: it is no Qt child of the parent (the worker may still
report after the parent was deleted), and when the parent is destroyed the operation is cancelled and its
callbacks are skipped, because they would touch deleted widgets. The object a worker reports through
(:class:`_WorkerSignals`) is a child of the application, deleted on the GUI thread after the worker's last
report: whatever is deleted meanwhile — the operation, its parent — the worker never emits from a deleted object;
a report whose receiver is gone is dropped by Qt. :func:`shutdown` cancels what is still in flight and waits for
it before the program ends (also run at exit).

Workers call the station through the client (``StationClient``): over HTTP to the station service, or to the
embedded service in this process, which releases each worker thread's catalogue connection after every call.
"""

from __future__ import annotations

import atexit
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from evidence_station.domain.errors import EvidenceStationError, OperationCancelledError
from evidence_station.domain.progress import CancelToken, Progress, ProgressCallback
from evidence_station.gui.i18n import progress_text, speaks_chinese

T = TypeVar("T")

#: The function an operation runs on the worker: it receives the progress callback and the cancel token.
OperationFn = Callable[[ProgressCallback, CancelToken], T]

#: Progress dialogs appear only for operations that take longer than this (no flicker for quick ones).
PROGRESS_DELAY_MS = 400
_BAR_STEPS = 1000
# Threads of read_pool() (short background reads).
READ_THREADS = 2
_read_pool: QThreadPool | None = None


def read_pool() -> QThreadPool:
    """The pool for short background reads (table pages, lists): they never queue behind an import or
    export occupying the global pool."""
    global _read_pool
    if _read_pool is None:
        _read_pool = QThreadPool()
        _read_pool.setMaxThreadCount(READ_THREADS)
    return _read_pool


class _WorkerSignals(QObject):
    """What a worker reports through. Its Qt parent is the application, so no Python reference dropped on a pool
    thread ever deletes it there, and it outlives the operation (whose deletion while a worker still ran raised
    "Signal source has been deleted"); the worker's last report, ``finished``, deletes it on the GUI thread."""

    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object, str)
    finished = Signal()

    def __init__(self) -> None:
        super().__init__(QCoreApplication.instance())
        self.finished.connect(self.deleteLater, Qt.ConnectionType.QueuedConnection)


class _Worker(QRunnable):
    """Runs the function on a pool thread and reports through signals (queued to the GUI thread)."""

    def __init__(self, fn: OperationFn[Any], token: CancelToken, signals: _WorkerSignals,
                 work_done: threading.Event) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._token = token
        self._signals = signals
        self._work_done = work_done

    def run(self) -> None:
        error: BaseException | None = None
        result: Any = None
        formatted = ""
        try:
            result = self._fn(self._signals.progress.emit, self._token)
        except BaseException as exc:  # delivered to the GUI thread, never lost
            error, formatted = exc, traceback.format_exc()
        self._work_done.set()
        if error is None:
            self._signals.succeeded.emit(result)
        else:
            self._signals.failed.emit(error, formatted)
        self._signals.finished.emit()  # nothing is emitted after this: the object may go


class RunningOperation(QObject, Generic[T]):
    """One operation in flight: its cancel token, progress dialog (optional) and outcome.

    ``progressed`` carries each :class:`Progress` report on the GUI thread. ``finished`` is emitted on the
    GUI thread after ``on_success``/``on_failure`` ran (also when they were skipped because the parent
    widget is gone). ``done``, ``result``, ``error`` and ``last_progress`` stay readable afterwards.
    """

    progressed = Signal(object)
    finished = Signal()

    def __init__(
        self,
        parent: QObject | None,
        *,
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None] | None,
        progress_label: str,
        cancellable: bool,
        show_dialog: bool = True,
    ) -> None:
        super().__init__()  # no Qt parent: deleting the parent must not delete what the worker reports to
        self.token = CancelToken()
        self.done = False
        self.result: T | None = None
        self.error: BaseException | None = None
        self.last_progress: Progress | None = None
        self.parent_gone = False
        #: Set on the worker thread once the function has returned (the outcome follows on the GUI thread).
        self.work_done = threading.Event()
        self._parent_widget = parent
        self._on_success = on_success
        self._on_failure = on_failure
        self._label = progress_label
        self.signals = _WorkerSignals()  # not this object's child: the worker may outlive this object
        self.signals.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self.signals.succeeded.connect(self._on_succeeded, Qt.ConnectionType.QueuedConnection)
        self.signals.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        if parent is not None:
            parent.destroyed.connect(self._parent_destroyed)
        self.dialog: QProgressDialog | None = None
        if show_dialog:
            self.dialog = self._make_dialog(self._owner_widget(), progress_label, cancellable)

    def _owner_widget(self) -> QWidget | None:
        """The parent when it is a widget (dialogs and message boxes are placed over it)."""
        parent = self._parent_widget
        return parent if isinstance(parent, QWidget) and not self.parent_gone else None

    def _make_dialog(self, parent: QWidget | None, label: str, cancellable: bool) -> QProgressDialog:
        dialog = QProgressDialog(label, self.tr("Cancel") if cancellable else "", 0, 0, parent)
        dialog.setWindowTitle(self.tr("Please wait"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if cancellable:
            dialog.canceled.connect(self.cancel)
        else:
            dialog.setCancelButton(None)
        dialog.setValue(0)
        return dialog

    def _live_dialog(self) -> QProgressDialog | None:
        """The progress dialog while it exists (it dies with the parent widget)."""
        return self.dialog if self.dialog is not None and shiboken6.isValid(self.dialog) else None

    def wait_for_work(self, timeout_s: float) -> bool:
        """Block until the worker's function has returned (or ``timeout_s`` passed); True when it has.

        For a window that must not close what the worker is still writing to (a snapshot into an open
        viewing session). The callbacks still run later, from the event loop.
        """
        return self.work_done.wait(timeout_s)

    @Slot()
    def _parent_destroyed(self) -> None:
        self.parent_gone = True
        self.dialog = None
        self.cancel()

    @Slot()
    def cancel(self) -> None:
        """Ask the operation to stop at its next safe point."""
        if not self.done:
            self.token.cancel()
            dialog = self._live_dialog()
            if dialog is not None:
                dialog.setLabelText(self.tr("Cancelling…"))

    @Slot(object)
    def _on_progress(self, progress: Progress) -> None:
        if self.done:
            return
        self.last_progress = progress
        if self.parent_gone:
            return
        dialog = self._live_dialog()
        if dialog is not None:
            if progress.total:
                dialog.setMaximum(_BAR_STEPS)
                dialog.setValue(int(progress.fraction * _BAR_STEPS))
            if not self.token.cancelled:
                detail = progress_text(progress.message) or progress.item
                dialog.setLabelText(f"{self._label}\n{detail}" if detail else self._label)
        self.progressed.emit(progress)

    @Slot(object)
    def _on_succeeded(self, result: T) -> None:
        self.result = result
        self._finish()
        if not self.parent_gone:
            self._on_success(result)
        self.finished.emit()

    @Slot(object, str)
    def _on_failed(self, error: BaseException, formatted: str) -> None:
        self.error = error
        self._finish()
        if not isinstance(error, EvidenceStationError):
            print(formatted, file=sys.stderr)
        if self.parent_gone:
            pass  # nobody is left to tell; the error was printed above when unexpected
        elif self._on_failure is not None:
            self._on_failure(error)
        else:
            show_error(self._owner_widget(), error)
        self.finished.emit()

    def _finish(self) -> None:
        self.done = True
        dialog = self._live_dialog()
        if dialog is not None:
            dialog.reset()
            dialog.hide()
            dialog.deleteLater()
        self.dialog = None
        _running.discard(self)


_running: set[RunningOperation[Any]] = set()


def running_operations() -> int:
    """How many operations are in flight (their outcome not yet delivered); tools wait for 0."""
    return len(_running)


#: How long :func:`shutdown` waits for work in flight (a cancelled read stops at its next safe point).
SHUTDOWN_WAIT_MS = 5000


def shutdown(wait_ms: int = SHUTDOWN_WAIT_MS) -> bool:
    """Before the program ends: cancel every operation in flight and wait (up to ``wait_ms`` per pool) for the
    workers to return; their outcomes are no longer delivered. True when no worker is left running."""
    for operation in list(_running):
        operation.parent_gone = True  # nobody is left to tell: skip the callbacks
        operation.cancel()
    pools = [QThreadPool.globalInstance()] + ([_read_pool] if _read_pool is not None else [])
    return all(pool.waitForDone(wait_ms) for pool in pools)


# A program that ends without calling shutdown() (a script, a test tool) still waits for its workers: this runs
# before PySide's own clean-up at exit (registered earlier, so run later), which deletes the Qt objects a worker
# still running would report through.
atexit.register(shutdown)


def error_text(error: BaseException) -> str:
    """The sentence to show a person for ``error``, in the interface's language (domain errors carry one)."""
    if isinstance(error, EvidenceStationError):
        return error.text_zh() if speaks_chinese() else error.message
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
    parent: QObject | None,
    fn: OperationFn[T],
    *,
    on_success: Callable[[T], None],
    on_failure: Callable[[BaseException], None] | None = None,
    progress_label: str,
    cancellable: bool = True,
    show_dialog: bool = True,
    pool: QThreadPool | None = None,
) -> RunningOperation[T]:
    """Run ``fn(progress, cancel)`` on a worker thread; deliver its outcome on the GUI thread.

    ``on_success(result)`` gets the return value. A raised error goes to ``on_failure(error)`` when given,
    else to a message box naming its text (a cancelled operation says so quietly). The progress dialog
    appears after :data:`PROGRESS_DELAY_MS`, shows ``progress_label`` and the current item, and has a
    Cancel button when ``cancellable``; with ``show_dialog=False`` there is none and the caller shows
    :attr:`RunningOperation.progressed` itself. ``parent`` is usually a widget (the dialog and message
    boxes sit over it) but may be any QObject, e.g. a model. If ``parent`` is deleted meanwhile, the
    operation is cancelled and neither callback runs. Returns the :class:`RunningOperation` (keep it to cancel or wait).
    """
    operation: RunningOperation[T] = RunningOperation(
        parent,
        on_success=on_success,
        on_failure=on_failure,
        progress_label=progress_label,
        cancellable=cancellable,
        show_dialog=show_dialog,
    )
    _running.add(operation)
    (pool or QThreadPool.globalInstance()).start(
        _Worker(fn, operation.token, operation.signals, operation.work_done))
    return operation
