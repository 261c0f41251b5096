"""The catalogue as a lazy Qt table: recordings loaded a page at a time as the view scrolls, with thumbnails.

Only the rows the view has asked for are in memory (``canFetchMore``/``fetchMore`` pull pages of
:data:`PAGE_SIZE` through ``list_recordings``, each continuing after the last row loaded — keyset paging, as
fast on the thousandth page as on the first), the matches are counted only up to ``LIBRARY_COUNT_CAP``
("10,000+"), and thumbnails are fetched in the background only for rows on screen
(a small LRU cache of scaled pixmaps), so the table stays smooth with a million recordings. Also the
display words (kinds, classifications, finding kinds) and the size/time formats shared by the pages.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QPixmap
from PySide6.QtWidgets import QWidget

from evidence_station.api.findings import FindingView
from evidence_station.api.recordings import LIBRARY_COUNT_CAP, RecordingCount, RecordingCursor, RecordingView
from evidence_station.client.station_client import StationClient
from evidence_station.domain.clock import local_to_utc, to_local
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.domain.roles import Operation, allowed
from evidence_station.gui.i18n import finding_sentence
from evidence_station.gui.operations import error_text, read_pool, run_operation

PAGE_SIZE = 200
#: Height of the thumbnail strip in the table (the strips on disk are 72 px high).
THUMBNAIL_HEIGHT = 32
#: The table shows the start of the strip only: this many times as wide as high (three 4:3 pictures).
PREVIEW_ASPECT = 4
_THUMBNAIL_CACHE = 400
FINDING_COLOUR = QColor("#b35900")
_AnyIndex = QModelIndex | QPersistentModelIndex

WORDS = "Words"
#: Stored values → English words (translated in context ``Words``).
KIND_WORDS: dict[str, str] = {
    "video": QT_TRANSLATE_NOOP("Words", "Video"),
    "audio": QT_TRANSLATE_NOOP("Words", "Audio"),
    "photo": QT_TRANSLATE_NOOP("Words", "Photo"),
    "other": QT_TRANSLATE_NOOP("Words", "Other"),
}
CLASSIFICATION_WORDS: dict[str, str] = {
    "ordinary": QT_TRANSLATE_NOOP("Words", "Ordinary"),
    "restricted": QT_TRANSLATE_NOOP("Words", "Restricted (privacy)"),
    "commercial_secret": QT_TRANSLATE_NOOP("Words", "Commercial secret"),
    "state_secret": QT_TRANSLATE_NOOP("Words", "State secret"),
}
FINDING_WORDS: dict[str, str] = {
    "gap": QT_TRANSLATE_NOOP("Words", "Recording gap"),
    "late_import": QT_TRANSLATE_NOOP("Words", "Late import"),
    "damaged": QT_TRANSLATE_NOOP("Words", "Damaged file"),
    "empty": QT_TRANSLATE_NOOP("Words", "Empty file"),
    "time_overlap": QT_TRANSLATE_NOOP("Words", "Time overlap"),
    "clock_offset": QT_TRANSLATE_NOOP("Words", "Clock offset"),
    "duplicate": QT_TRANSLATE_NOOP("Words", "Duplicate"),
    "unassigned": QT_TRANSLATE_NOOP("Words", "No enforcement activity"),
    "missing_recording": QT_TRANSLATE_NOOP("Words", "Missing recording"),
    "single_person_admin": QT_TRANSLATE_NOOP("Words", "Single-person account change"),
    "kept_on_card": QT_TRANSLATE_NOOP("Words", "Stored footage kept on the card"),
    "after_the_fact": QT_TRANSLATE_NOOP("Words", "Possibly recorded after the fact"),
    "no_device": QT_TRANSLATE_NOOP("Words", "Camera unknown"),
    "failed_check": QT_TRANSLATE_NOOP("Words", "Pre-use check failed"),
    "incomplete_coverage": QT_TRANSLATE_NOOP("Words", "Activity not fully recorded"),
    "device_not_in_service": QT_TRANSLATE_NOOP("Words", "Footage from a device out of service"),
    "no_notification": QT_TRANSLATE_NOOP("Words", "Party not told of recording"),
    "late_acknowledgement": QT_TRANSLATE_NOOP("Words", "Head did not confirm in time"),
    "picture_obscured": QT_TRANSLATE_NOOP("Words", "Black or frozen picture"),
}
#: What the Art. 13 picture check found in a stretch of video.
PICTURE_WORDS: dict[str, str] = {
    "black": QT_TRANSLATE_NOOP("Words", "black picture"),
    "covered": QT_TRANSLATE_NOOP("Words", "covered lens"),
    "frozen": QT_TRANSLATE_NOOP("Words", "frozen picture"),
}
TIME_SOURCE_WORDS: dict[str, str] = {
    "file_name": QT_TRANSLATE_NOOP("Words", "camera file name"),
    "container": QT_TRANSLATE_NOOP("Words", "media container"),
    "mtime": QT_TRANSLATE_NOOP("Words", "file modification time"),
    "unknown": QT_TRANSLATE_NOOP("Words", "unknown"),
}
FINDING_STATUS_WORDS: dict[str, str] = {
    "open": QT_TRANSLATE_NOOP("Words", "open"),
    "resolved": QT_TRANSLATE_NOOP("Words", "resolved"),
}


def word(table: dict[str, str], value: str | None) -> str:
    """The display word for a stored ``value`` in the interface language (unknown values as stored)."""
    if not value:
        return ""
    english = table.get(value)
    return QCoreApplication.translate(WORDS, english) if english else value


def format_size(size: int | None) -> str:
    """Bytes as people read them (decimal units: 1 MB = 1,000,000 bytes)."""
    if size is None:
        return ""
    if size < 1000:
        return f"{size} B"
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1000
        if value < 1000:
            return f"{value:.1f} {unit}" if value < 100 else f"{value:.0f} {unit}"
    return f"{value / 1000:.1f} TB"


def format_duration(seconds: float | None) -> str:
    """``m:ss`` or ``h:mm:ss`` (empty when unknown)."""
    if seconds is None or seconds < 0:
        return ""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_local(at: datetime | None, zone: str) -> str:
    """``YYYY-MM-DD HH:MM:SS`` in the station zone (empty when unknown)."""
    return to_local(at, zone).strftime("%Y-%m-%d %H:%M:%S") if at is not None else ""


def duration_of(view: RecordingView) -> float | None:
    """Seconds between camera start and end, when both are known (None for photos and other files)."""
    if view.kind not in ("video", "audio") or view.start is None or view.end is None:
        return None
    return (view.end - view.start).total_seconds()


@dataclass(frozen=True)
class RecordingFilter:
    """What the Library shows: local camera-start dates (inclusive), exact device/officer, kind, finding."""

    first_day: date | None = None
    last_day: date | None = None
    device: str = ""
    officer: str = ""
    kind: str = ""
    finding_kind: str = ""

    def since(self, zone: str) -> datetime | None:
        """Start of ``first_day`` in the station zone, as UTC."""
        return local_to_utc(datetime.combine(self.first_day, time()), zone) if self.first_day else None

    def until(self, zone: str) -> datetime | None:
        """Start of the day after ``last_day`` in the station zone, as UTC."""
        if self.last_day is None:
            return None
        return local_to_utc(datetime.combine(self.last_day + timedelta(days=1), time()), zone)


class ThumbnailCache(QObject):
    """Scaled list icons by recording id, fetched from the station in the background (least recently used kept).

    :meth:`get` answers from memory at once; a recording not asked for before is fetched on the read pool and
    :attr:`loaded` names it when its icon (or its lack of one) arrived, so the table repaints that row.
    """

    loaded = Signal(int)

    def __init__(self, client: StationClient, height: int = THUMBNAIL_HEIGHT, capacity: int = _THUMBNAIL_CACHE,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self._height = height
        self._capacity = capacity
        self._pixmaps: OrderedDict[int, QPixmap | None] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0  # answers asked for before forget_missing() may predate new strips: dropped
        self.placeholder = QPixmap(height * 4 // 3, height)
        self.placeholder.fill(QColor("#d9d9d9"))

    def get(self, recording_id: int) -> QPixmap | None:
        """The scaled icon of ``recording_id``, or None when there is none or it is still on its way."""
        if recording_id in self._pixmaps:
            self._pixmaps.move_to_end(recording_id)
            return self._pixmaps[recording_id]
        if recording_id not in self._pending:
            self._pending.add(recording_id)
            generation = self._generation
            run_operation(self, lambda _progress, _cancel: self._client.recording_thumbnail(recording_id),
                          on_success=lambda png: self._arrived(generation, recording_id, png),
                          on_failure=lambda _error: self._arrived(generation, recording_id, None),
                          progress_label="", cancellable=False, show_dialog=False, pool=read_pool())
        return None

    def full(self, recording_id: int) -> QPixmap | None:
        """The icon at its own size (for the details pane), once fetched; None otherwise."""
        return self._pixmaps.get(recording_id)

    def _arrived(self, generation: int, recording_id: int, png: bytes | None) -> None:
        if generation != self._generation:
            return
        self._pending.discard(recording_id)
        pixmap: QPixmap | None = None
        if png:
            loaded = QPixmap()
            if loaded.loadFromData(png, "PNG"):
                scaled = loaded.scaledToHeight(self._height, Qt.TransformationMode.SmoothTransformation)
                pixmap = scaled.copy(0, 0, min(scaled.width(), self._height * PREVIEW_ASPECT), self._height)
        self._pixmaps[recording_id] = pixmap
        if len(self._pixmaps) > self._capacity:
            self._pixmaps.popitem(last=False)
        self.loaded.emit(recording_id)

    def forget_missing(self) -> None:
        """Ask again for icons that were missing (after thumbnails were made)."""
        self._generation += 1
        self._pending.clear()
        for recording_id in [key for key, pixmap in self._pixmaps.items() if pixmap is None]:
            del self._pixmaps[recording_id]


class RecordingModel(QAbstractTableModel):
    """Catalogued recordings in camera-time order, loaded a page at a time (``fetchMore``)."""

    load_failed = Signal(str)

    COLUMNS = (
        QT_TRANSLATE_NOOP("RecordingModel", "Preview"),
        QT_TRANSLATE_NOOP("RecordingModel", "ID"),
        QT_TRANSLATE_NOOP("RecordingModel", "Camera start"),
        QT_TRANSLATE_NOOP("RecordingModel", "Device"),
        QT_TRANSLATE_NOOP("RecordingModel", "Officer"),
        QT_TRANSLATE_NOOP("RecordingModel", "Kind"),
        QT_TRANSLATE_NOOP("RecordingModel", "Duration"),
        QT_TRANSLATE_NOOP("RecordingModel", "Size"),
        QT_TRANSLATE_NOOP("RecordingModel", "Classification"),
        QT_TRANSLATE_NOOP("RecordingModel", "Findings"),
    )
    PREVIEW, ID, START, DEVICE, OFFICER, KIND, DURATION, SIZE, CLASSIFICATION, FINDINGS = range(10)

    def __init__(
        self, client: StationClient, parent: QWidget | None = None, *, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._page_size = page_size
        self._filter = RecordingFilter()
        self._rows: list[RecordingView] = []
        self._findings: dict[int, list[FindingView]] = {}
        self._exhausted = False
        self._changing = False
        self._count: RecordingCount | None = None
        self._row_of: dict[int, int] = {}
        self._reads_findings = allowed(client.actor.roles, Operation.READ_FINDINGS)
        self.thumbnails = ThumbnailCache(client, parent=self)
        self.thumbnails.loaded.connect(self._thumbnail_loaded)
        self.error_message = ""

    # -- loading ---------------------------------------------------------------------------------
    @property
    def recording_filter(self) -> RecordingFilter:
        """The filter in force."""
        return self._filter

    def set_filter(self, recording_filter: RecordingFilter) -> None:
        """Show only recordings matching ``recording_filter`` (reloads from the first page)."""
        self._filter = recording_filter
        self.reload()

    def reload(self) -> None:
        """Forget the loaded rows and load the first page again."""
        self._changing = True  # nothing is fetched while the reset is announced (a view may ask for more)
        try:
            self.beginResetModel()
            self._rows = []
            self._row_of = {}
            self._findings = {}
            self._exhausted = False
            self._count = None
            self.error_message = ""
            self.endResetModel()
        finally:
            self._changing = False
        self.fetchMore(QModelIndex())

    def canFetchMore(self, parent: _AnyIndex = QModelIndex()) -> bool:
        """True while more recordings may follow."""
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _AnyIndex = QModelIndex()) -> None:
        """Load the next page of recordings (and the findings that concern them).

        Asked again while a reload or a page is being announced (by a view's slot), it does nothing: it would
        load the same page twice, or insert rows in the middle of a reset.
        """
        if self._changing or not self.canFetchMore(parent):
            return
        after = RecordingCursor.of(self._rows[-1]) if self._rows else None
        try:
            batch = self._client.list_recordings(**self._filter_arguments(), limit=self._page_size, after=after)
            findings = self._client.findings_by_recording([r.id for r in batch]) if self._reads_findings else {}
        except EvidenceStationError as exc:
            self._exhausted = True
            self.error_message = error_text(exc)
            self.load_failed.emit(error_text(exc))
            return
        if len(batch) < self._page_size:
            self._exhausted = True
        if batch:
            first = len(self._rows)
            self._changing = True
            try:
                self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
                self._row_of.update((view.id, first + n) for n, view in enumerate(batch))
                self._rows.extend(batch)
                self._findings.update(findings)
                self.endInsertRows()
            finally:
                self._changing = False

    def match_count(self) -> RecordingCount | None:
        """How many recordings match the filter, counted up to ``LIBRARY_COUNT_CAP`` (None when it failed).

        Counted once per (re)load, on first request: pages that only pick recordings never pay for it.
        """
        if self._count is None:
            try:
                self._count = self._client.count_recordings(**self._filter_arguments(), cap=LIBRARY_COUNT_CAP)
            except EvidenceStationError:
                return None
        return self._count

    def _filter_arguments(self) -> dict[str, Any]:
        zone = self._client.station.zone
        f = self._filter
        return {"since": f.since(zone), "until": f.until(zone), "device": f.device or None,
                "officer": f.officer or None, "kind": f.kind or None, "finding_kind": f.finding_kind or None}

    def fetch_all(self) -> None:
        """Load every remaining page (tests and small catalogues only)."""
        while self.canFetchMore():
            self.fetchMore()

    def recording_at(self, row: int) -> RecordingView:
        """The recording shown in ``row``."""
        return self._rows[row]

    def findings_of(self, recording_id: int) -> list[FindingView]:
        """The open findings of a loaded recording."""
        return self._findings.get(recording_id, [])

    def _thumbnail_loaded(self, recording_id: int) -> None:
        row = self._row_of.get(recording_id)
        if row is not None:
            index = self.index(row, self.PREVIEW)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    # -- model interface ---------------------------------------------------------------------------
    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:
        """Number of loaded recordings."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:
        """Number of columns."""
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Translated column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("RecordingModel", self.COLUMNS[section])
        return None

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, the thumbnail strip, and recordings with findings in orange."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        view = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell_text(view, column)
        if role == Qt.ItemDataRole.DecorationRole and column == self.PREVIEW:
            return self.thumbnails.get(view.id) or self.thumbnails.placeholder
        if role == Qt.ItemDataRole.SizeHintRole and column == self.PREVIEW:
            return QSize(THUMBNAIL_HEIGHT * PREVIEW_ASPECT + 8, THUMBNAIL_HEIGHT + 6)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.FINDINGS and self._findings.get(view.id):
            return QBrush(FINDING_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.FINDINGS:
            return "\n".join(finding_sentence(f) for f in self._findings.get(view.id, [])) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.ID, self.DURATION, self.SIZE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return view
        return None

    def _cell_text(self, view: RecordingView, column: int) -> str:
        if column == self.PREVIEW:
            return ""
        if column == self.ID:
            return str(view.id)
        if column == self.START:
            return format_local(view.start, self._client.station.zone)
        if column == self.DEVICE:
            return view.device or ""
        if column == self.OFFICER:
            return view.officer or ""
        if column == self.KIND:
            return word(KIND_WORDS, view.kind)
        if column == self.DURATION:
            return format_duration(duration_of(view))
        if column == self.SIZE:
            return format_size(view.size)
        if column == self.CLASSIFICATION:
            return word(CLASSIFICATION_WORDS, view.classification)
        kinds = dict.fromkeys(f.kind for f in self._findings.get(view.id, []))
        return ", ".join(word(FINDING_WORDS, kind) for kind in kinds)
