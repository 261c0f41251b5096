"""Reading what a widget shows on a worker thread, keeping only the newest answer.

A page that lists things (cases, the viewing register) asks :class:`LatestRead` to read them: the read
runs on :func:`~evidence_station.gui.operations.read_pool` (never behind an import or export), the window
keeps responding, and the result arrives on the GUI thread. A read started while another is in flight
supersedes it: the older one is cancelled and its answer, should it still come, is dropped. ``loading``
and ``loading_changed`` let the widget say "reading…"; tests wait for ``not loading``. With
``background=False`` the read runs on the calling thread (small widgets, tests that want no waiting).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal

from evidence_station.domain.errors import OperationCancelledError
from evidence_station.domain.progress import CancelToken, ProgressCallback
from evidence_station.gui.operations import RunningOperation, read_pool, run_operation

T = TypeVar("T")


class LatestRead(QObject, Generic[T]):
    """Runs reads one after another's cancellation; only the newest read's outcome is delivered."""

    loading_changed = Signal(bool)

    def __init__(self, parent: QObject, on_result: Callable[[T], None],
                 on_failure: Callable[[BaseException], None], *, background: bool = True) -> None:
        super().__init__(parent)
        self._owner = parent
        self._on_result = on_result
        self._on_failure = on_failure
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
            self._owner, work, on_success=lambda result: self._arrived(generation, result),
            on_failure=lambda error: self._failed(generation, error), progress_label="", show_dialog=False,
            pool=read_pool()))

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
