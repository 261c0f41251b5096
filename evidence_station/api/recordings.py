"""Catalogued recordings as the service reports them, and the paging of recording lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, NamedTuple, Protocol

from evidence_station.api.types import Limit, Offset, RowId


@dataclass(frozen=True)
class RecordingView:
    """One catalogued recording (the ``recordings[]`` entries of the CLI contract, and more)."""

    id: int
    sha256: str
    sm3: str
    size: int
    kind: str
    device: str | None
    officer: str | None
    start: datetime | None
    end: datetime | None
    card_path: str
    file_name: str
    playable: bool
    time_source: str
    classification: str
    import_id: int
    imported_at: datetime
    import_delay_s: float | None
    duplicate_of: int | None
    clock_offset_s: float | None
    media: dict[str, Any]
    disposed: bool


#: Where the Library stops counting and shows "10,000+": counting (nearly) all of a million recordings reads
#: the whole index (a quarter of a second), counting up to 10,000 a few milliseconds.
LIBRARY_COUNT_CAP = 10_000


class RecordingCursor(NamedTuple):
    """Where a page of recordings ended: the last row's camera start and id (keyset paging).

    ``list_recordings(..., after=cursor)`` continues right after that row, as fast on the 5,000th page as on
    the first (``offset`` makes the database step over every skipped row).
    """

    start: datetime | None
    id: int

    @classmethod
    def of(cls, view: RecordingView) -> RecordingCursor:
        """The cursor just after ``view``."""
        return cls(view.start, view.id)


class RecordingCount(NamedTuple):
    """How many recordings match a filter: ``count`` exact, or at least ``count`` when ``capped``."""

    count: int
    capped: bool


class RecordingsApi(Protocol):
    """Operations on catalogued recordings (``services/recordings_service.py``)."""

    SERVICES: ClassVar[tuple[str, ...]] = ("recordings_service",)

    # -- recordings and findings --------------------------------------------------------------------------
    def list_recordings(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        device: str | None = None,
        officer: str | None = None,
        kind: str | None = None,
        finding_kind: str | None = None,
        limit: Limit | None = None,
        offset: Offset = 0,
        after: RecordingCursor | None = None,
    ) -> list[RecordingView]:
        """Catalogued recordings in camera-time order, filtered and paged (keyset paging with ``after``)."""
        ...

    def count_recordings(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        device: str | None = None,
        officer: str | None = None,
        kind: str | None = None,
        finding_kind: str | None = None,
        cap: Limit | None = None,
    ) -> RecordingCount:
        """How many recordings ``list_recordings`` gives for the same filter, counted up to ``cap``."""
        ...

    def get_recording(self, recording_id: RowId) -> RecordingView:
        """One recording's metadata (no footage)."""
        ...

