"""Every operation the station service offers: the one declaration both sides share.

Each method is a service function of the same name (``services/``) without its ``ctx`` parameter: the service
(``server/``) decodes a call's arguments with these annotations and calls the function; the client
(``client/``) is generated from this protocol, so the GUI and the CLI call ``client.list_recordings(...)``
exactly as the services are called in-process. Methods with ``progress``/``cancel`` parameters are long work:
they run as jobs that stream typed progress and can be cancelled. ``tests/unit/test_station_api.py`` keeps the
protocol and the services in step (names, parameters, defaults, result types).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from evidence_station.api.findings import FindingView
from evidence_station.api.recordings import RecordingCount, RecordingCursor, RecordingView
from evidence_station.api.types import Limit, Offset, RowId


class StationApi(Protocol):
    """The station service's operations (see the module docstring)."""

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

    def list_findings(
        self, *, status: str | None = "open", kind: str | None = None, import_id: RowId | None = None,
        limit: Limit | None = None,
    ) -> list[FindingView]:
        """Findings, newest first; at most ``limit`` of them."""
        ...

    def count_findings(
        self, *, status: str | None = "open", kind: str | None = None, import_id: RowId | None = None
    ) -> int:
        """How many findings ``list_findings`` would return without a limit."""
        ...

    def findings_by_recording(
        self, recording_ids: Sequence[RowId], *, status: str | None = "open"
    ) -> dict[int, list[FindingView]]:
        """Recording id → the findings that concern it, oldest first."""
        ...
