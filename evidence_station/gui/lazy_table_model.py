"""A table model that loads its rows a page at a time, in the background, as the view scrolls.

Subclasses say how to read one page (:meth:`LazyTableModel.fetch_page`, called on a worker thread of
:func:`~evidence_station.gui.operations.read_pool`, so page loads never wait behind an import or export)
and how to show a row (:meth:`LazyTableModel.cell`). The base does the rest: ``canFetchMore``/``fetchMore`` for
the view, one page in flight at a time, :meth:`reload` that drops a page still in flight (a generation
number; its token is cancelled so a queued stale load does not even start), ``loading_changed`` and
``load_failed`` for the owner's status line, and translated column titles.

``fetch_page`` runs off the GUI thread: it may call the station client (over the embedded service each call
releases the worker thread's catalogue connection) and read plain attributes of the model such as a
frozen filter dataclass, but must not touch Qt objects. With ``background=False`` pages are read on the
calling thread (small tables, tests that want no waiting).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from evidence_station.domain.errors import OperationCancelledError
from evidence_station.domain.progress import CancelToken, ProgressCallback
from evidence_station.gui.operations import RunningOperation, error_text, read_pool, run_operation

Row = TypeVar("Row")
AnyIndex = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 200
class LazyTableModel(QAbstractTableModel, Generic[Row]):
    """Rows loaded page by page on a worker thread; subclasses implement :meth:`fetch_page` and :meth:`cell`."""

    load_failed = Signal(str)
    loading_changed = Signal(bool)

    #: Column titles in English, marked with ``QT_TRANSLATE_NOOP(<subclass name>, …)``.
    COLUMNS: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self, parent: QObject | None = None, *, page_size: int = PAGE_SIZE, background: bool = True
    ) -> None:
        super().__init__(parent)
        self._page_size = page_size
        self._background = background
        self._rows: list[Row] = []
        self._exhausted = False
        self._generation = 0
        self._in_flight: RunningOperation[tuple[list[Row], Any]] | None = None
        self.error_message = ""

    # -- for subclasses ------------------------------------------------------------------------------
    def fetch_page(self, offset: int, limit: int) -> Sequence[Row]:
        """Read up to ``limit`` rows from ``offset`` (on a worker thread; no Qt objects here)."""
        raise NotImplementedError

    def annotate_page(self, rows: Sequence[Row]) -> Any:
        """Anything else to read for a page, on the same worker (e.g. findings of these recordings)."""
        return None

    def accept_page(self, rows: Sequence[Row], annotation: Any) -> None:
        """Keep what :meth:`annotate_page` read (GUI thread, while the rows are being inserted)."""

    def forget_rows(self) -> None:
        """Drop what :meth:`accept_page` kept (GUI thread, on :meth:`reload`)."""

    def cell(self, row: Row, column: int, role: int) -> Any:
        """What ``row`` shows in ``column`` for ``role`` (None: nothing)."""
        raise NotImplementedError

    # -- loading -------------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        """True while a page is being read."""
        return self._in_flight is not None

    @property
    def exhausted(self) -> bool:
        """True when every row has been loaded (or loading failed)."""
        return self._exhausted

    def reload(self) -> None:
        """Forget the loaded rows (and any page in flight) and load the first page again."""
        self._generation += 1
        if self._in_flight is not None:
            self._in_flight.cancel()
            self._set_in_flight(None)
        self.beginResetModel()
        self._rows = []
        self._exhausted = False
        self.error_message = ""
        self.forget_rows()
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def stop_loading(self) -> None:
        """Load nothing more (e.g. the user may not read these rows: the view must not keep asking)."""
        self._generation += 1
        if self._in_flight is not None:
            self._in_flight.cancel()
            self._set_in_flight(None)
        self._exhausted = True

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:
        """True while more rows may follow and no page is being read."""
        return not parent.isValid() and not self._exhausted and self._in_flight is None

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:
        """Start reading the next page (its rows are inserted when it arrives)."""
        if not self.canFetchMore(parent):
            return
        offset, limit, generation = len(self._rows), self._page_size, self._generation
        if not self._background:
            try:
                self._arrived(generation, self._read(offset, limit))
            except Exception as exc:
                self._failed(generation, exc)
            return

        def work(_progress: ProgressCallback, cancel: CancelToken) -> tuple[list[Row], Any]:
            cancel.raise_if_cancelled()  # a reload came first: do not even start
            return self._read(offset, limit)

        operation = run_operation(
            self, work, on_success=lambda page: self._arrived(generation, page),
            on_failure=lambda error: self._failed(generation, error), progress_label="",
            show_dialog=False, pool=read_pool(),
        )
        self._set_in_flight(operation)

    def fetch_all(self) -> None:
        """Read every remaining page on this thread (small tables and tests only)."""
        background, self._background = self._background, False
        try:
            if self._in_flight is not None:  # a background page would arrive out of order: read it again
                self._generation += 1
                self._in_flight.cancel()
                self._set_in_flight(None)
            while self.canFetchMore():
                self.fetchMore()
        finally:
            self._background = background

    def _read(self, offset: int, limit: int) -> tuple[list[Row], Any]:
        rows = list(self.fetch_page(offset, limit))
        return rows, (self.annotate_page(rows) if rows else None)

    def _set_in_flight(self, operation: RunningOperation[tuple[list[Row], Any]] | None) -> None:
        was_loading = self.loading
        self._in_flight = operation
        if self.loading != was_loading:
            self.loading_changed.emit(self.loading)

    def _arrived(self, generation: int, page: tuple[list[Row], Any]) -> None:
        if generation != self._generation:
            return  # a reload happened meanwhile
        rows, annotation = page
        if len(rows) < self._page_size:
            self._exhausted = True
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.accept_page(rows, annotation)
            self.endInsertRows()
        self._set_in_flight(None)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation or isinstance(error, OperationCancelledError):
            return
        self._exhausted = True
        self.error_message = error_text(error)
        self._set_in_flight(None)
        self.load_failed.emit(self.error_message)

    # -- model interface -----------------------------------------------------------------------------
    def row_at(self, row: int) -> Row:
        """The object shown in ``row``."""
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        """Number of loaded rows."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        """Number of columns."""
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles, translated in the subclass's context."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(type(self).__name__, self.COLUMNS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The row object for ``UserRole``, else what :meth:`cell` says."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return row
        return self.cell(row, index.column(), role)
