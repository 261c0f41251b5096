"""Reading what a widget shows on a worker thread, keeping only the newest answer.

A page that lists things (cases, the viewing register) asks :class:`LatestRead` to read them: the read
runs on :func:`~evidence_station.gui.operations.read_pool` (never behind an import or export), the window
keeps responding, and the result arrives on the GUI thread. A read started while another is in flight
supersedes it: the older one is cancelled and its answer, should it still come, is dropped (so does
:meth:`LatestRead.cancel`). Callbacks that are bound methods are held weakly (no reference cycle through
the widget's own reader). ``loading`` and ``loading_changed`` let the widget say "reading…"; tests wait
for ``not loading``. With ``background=False`` the read runs on the calling thread (small widgets, tests
that want no waiting).
"""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal

from evidence_station.domain.errors import OperationCancelledError
from evidence_station.domain.progress import CancelToken, ProgressCallback
from evidence_station.gui.operations import RunningOperation, read_pool, run_operation

T = TypeVar("T")
A = TypeVar("A")


def _held_weakly(callback: Callable[[A], None]) -> Callable[[A], None]:
    """``callback``, held weakly when it is a bound method: a widget keeping its reader in an attribute
    makes no reference cycle, so it is freed as soon as nothing else holds it (a closed window)."""
    if not inspect.ismethod(callback):
        return callback
    method = weakref.WeakMethod(callback)

    def call(value: A) -> None:
        alive = method()
        if alive is not None:
            alive(value)

    return call


class LatestRead(QObject, Generic[T]):
    """Runs reads one after another's cancellation; only the newest read's outcome is delivered."""

    loading_changed = Signal(bool)

    def __init__(self, parent: QObject, on_result: Callable[[T], None],
                 on_failure: Callable[[BaseException], None], *, background: bool = True) -> None:
        super().__init__(parent)
        self._on_result = _held_weakly(on_result)
        self._on_failure = _held_weakly(on_failure)
        self.background = background
        self._generation = 0
        self._in_flight: RunningOperation[Any] | None = None

    @property
    def loading(self) -> bool:
        """True while a read is in flight."""
        return self._in_flight is not None

    def start(self, read: Callable[[CancelToken], T]) -> None:
        """Run ``read(cancel)`` (on a worker unless ``background`` is False), superseding any read in flight.

        ``read`` runs off the GUI thread: it may call the station client but must not touch Qt objects.
        """
        self._generation += 1
        generation = self._generation
        if self._in_flight is not None:
            self._in_flight.cancel()
        if not self.background:
            self._set_in_flight(None)
            try:
                result = read(CancelToken())
            except Exception as exc:
                self._failed(generation, exc)
            else:
                self._arrived(generation, result)
            return

        def work(_progress: ProgressCallback, cancel: CancelToken) -> T:
            cancel.raise_if_cancelled()  # superseded before it started
            return read(cancel)

        self._set_in_flight(run_operation(
            self._parent_object(), work, on_success=lambda result: self._arrived(generation, result),
            on_failure=lambda error: self._failed(generation, error), progress_label="", show_dialog=False,
            pool=read_pool()))

    def _parent_object(self) -> QObject:
        parent = self.parent()  # not kept in an attribute: the reader holds no reference to its widget
        return parent if parent is not None else self

    def cancel(self) -> None:
        """Cancel the read in flight, if any; its outcome, should it still come, is dropped."""
        self._generation += 1
        if self._in_flight is not None:
            self._in_flight.cancel()
        self._set_in_flight(None)

    def _set_in_flight(self, operation: RunningOperation[Any] | None) -> None:
        was_loading = self.loading
        self._in_flight = operation
        if self.loading != was_loading:
            self.loading_changed.emit(self.loading)

    def _arrived(self, generation: int, result: T) -> None:
        if generation != self._generation:
            return
        self._set_in_flight(None)
        self._on_result(result)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._set_in_flight(None)
        if not isinstance(error, OperationCancelledError):
            self._on_failure(error)
