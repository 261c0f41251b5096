"""Evidence cases as the service reports them, and the operations on them (``services/case_service.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Protocol

from evidence_station.api.recordings import RecordingView
from evidence_station.api.types import RowId


@dataclass(frozen=True)
class CaseView:
    """One case; ``recordings`` is filled by ``get_case`` (empty in lists)."""

    case_id: int
    number: str
    title: str
    parties: str
    activity_id: int | None
    status: str
    created_by: str
    created_at: datetime
    closed_at: datetime | None
    retention: str
    retention_until: datetime | None
    recording_ids: tuple[int, ...]
    exports: int
    recordings: tuple[RecordingView, ...] = ()
    created_by_label: str = ""  # the opener's display name and log-in name (``created_by`` is the log-in)


#: What ``add_case`` and ``close_case`` return.
CaseResult = CaseView


@dataclass(frozen=True)
class AttachResult:
    """What ``attach_recordings`` did: newly attached and already attached recordings."""

    case_id: int
    attached: tuple[int, ...]
    already_attached: tuple[int, ...]


class CasesApi(Protocol):
    """Evidence cases: create, attach and detach recordings, list, show, close (``services/case_service.py``)."""

    SERVICES: ClassVar[tuple[str, ...]] = ("case_service",)

    def add_case(
        self, *, title: str, number: str | None = None, parties: str = "", activity_id: RowId | None = None
    ) -> CaseView:
        """Create a case (numbered ``CASE-<year>-0001`` onwards unless ``number`` is given)."""
        ...

    def attach_recordings(self, case_id: RowId, recording_ids: list[RowId]) -> AttachResult:
        """Attach recordings to an open case (already attached ones stay as they are)."""
        ...

    def detach_recordings(self, case_id: RowId, recording_ids: list[RowId]) -> CaseView:
        """Detach recordings attached by mistake from an open case."""
        ...

    def list_cases(self, *, status: str | None = None) -> list[CaseView]:
        """Cases, newest first (``status``: ``open`` or ``closed``)."""
        ...

    def get_case(self, case_id: RowId) -> CaseView:
        """One case with its recordings' metadata (no footage)."""
        ...

    def close_case(self, case_id: RowId, *, retention: str) -> CaseView:
        """Close a case and fix how long it and its recordings are kept (``30y``, ``10y``, ``permanent`` …)."""
        ...
