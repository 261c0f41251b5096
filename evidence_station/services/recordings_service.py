"""Use cases: list and look up catalogued recordings and findings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from peewee import JOIN, ModelSelect, fn

from evidence_station.api.findings import FindingView
from evidence_station.api.recordings import RecordingCount, RecordingCursor, RecordingView
from evidence_station.catalogue.database import is_postgres
from evidence_station.catalogue.recordings import Device, Finding, FindingRecording, Recording
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg
from evidence_station.domain.roles import Operation
from evidence_station.services.classification_service import (
    get_visible_recording,
    visible_finding_filter,
    visible_recording_filter,
)
from evidence_station.services.context import ServiceContext
from evidence_station.services.recording_findings import finding_views


def recording_view(rec: Recording) -> RecordingView:
    """The frozen view of a recording row."""
    return RecordingView(
        id=rec.id, sha256=rec.sha256, sm3=rec.sm3, size=rec.size, kind=rec.kind,
        device=rec.device.serial if rec.device is not None else None, officer=rec.officer or None,
        start=rec.start_at, end=rec.end_at, card_path=rec.card_path, file_name=rec.file_name,
        playable=rec.playable, time_source=rec.time_source, classification=rec.classification,
        import_id=rec.import_session_id, imported_at=rec.imported_at, import_delay_s=rec.import_delay_s,
        duplicate_of=rec.duplicate_of_id, clock_offset_s=rec.clock_offset_s, media=rec.media or {},
        disposed=rec.disposed_at is not None,
    )




def list_recordings(
    ctx: ServiceContext,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    device: str | None = None,
    officer: str | None = None,
    kind: str | None = None,
    finding_kind: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    after: RecordingCursor | tuple[datetime | None, int] | None = None,
) -> list[RecordingView]:
    """Catalogued recordings in camera-time order (start, then id), filtered.

    ``since``/``until`` bound the camera start (``until`` excluded); ``device`` is a serial, ``officer`` a police
    number, ``finding_kind`` keeps recordings with an open finding of that kind. Page with ``limit`` and either
    ``after`` (the :class:`RecordingCursor` of the previous page's last row: keyset paging, for scrolling) or
    ``offset``. Recordings above the user's clearance are never listed.
    """
    ctx.require(Operation.LIST_RECORDINGS)
    filters = _Filters(since, until, device, officer, kind, finding_kind)
    query = (_matching(ctx, filters, (*_VIEW_COLUMNS, Device.serial))
             .join_from(Recording, Device, JOIN.LEFT_OUTER)
             .order_by(Recording.start_at, Recording.id))
    if after is not None:
        query = query.where(_after(RecordingCursor(*after)))
    if limit is not None:
        query = query.limit(limit).offset(offset or None)
    elif offset:
        raise InvalidInputError(Msg("An offset needs a limit."))
    return [_view_from_row(row) for row in cast(Iterable[tuple[Any, ...]], query.tuples())]


def count_recordings(
    ctx: ServiceContext,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    device: str | None = None,
    officer: str | None = None,
    kind: str | None = None,
    finding_kind: str | None = None,
    cap: int | None = None,
) -> RecordingCount:
    """How many recordings ``list_recordings`` gives for the same filter (without a limit).

    With ``cap`` the database stops counting at ``cap`` matches and the answer is ``(cap, True)`` when there
    are at least that many — show it as "10,000+": an exact count of most of a million-row catalogue reads
    the whole index (a quarter of a second), a capped one a few milliseconds.
    """
    ctx.require(Operation.LIST_RECORDINGS)
    if cap is not None and cap < 1:
        raise InvalidInputError(Msg("The count cap must be at least 1."))
    filters = _Filters(since, until, device, officer, kind, finding_kind)
    query = _matching(ctx, filters, (Recording.id,), counting=True)
    if cap is None:
        return RecordingCount(query.count(), False)
    count = query.limit(cap).count()  # SELECT COUNT(1) FROM (SELECT … LIMIT cap)
    return RecordingCount(count, count >= cap)


@dataclass(frozen=True)
class _Filters:
    since: datetime | None
    until: datetime | None
    device: str | None
    officer: str | None
    kind: str | None
    finding_kind: str | None


def _matching(
    ctx: ServiceContext, f: _Filters, columns: tuple[Any, ...], *, counting: bool = False
) -> ModelSelect[Recording]:
    """The one query behind listing and counting: ``columns`` of the visible recordings matching ``f``.

    Date, device, officer and kind are conditions on ``recording`` itself (the device's id by a sub-select, not
    a join), each answered from one of the Library indexes ``(filter, start_at, id, classification)`` of
    :class:`Recording`; ``counting`` picks the faster form of the finding filter for a count.
    """
    query = Recording.select(*columns).where(visible_recording_filter(ctx))  # above clearance: do not exist
    if f.since is not None:
        query = query.where(Recording.start_at >= f.since)
    if f.until is not None:
        query = query.where(Recording.start_at < f.until)
    if f.device:  # the serial's id, looked up once by the database (a join would read every counted row)
        query = query.where(Recording.device == Device.select(Device.id).where(Device.serial == f.device))
    if f.officer:
        query = query.where(Recording.officer == f.officer)
    if f.kind:
        query = query.where(Recording.kind == f.kind)
    if f.finding_kind:  # a count of a device's or officer's few thousand recordings walks them too
        query = query.where(_has_open_finding(f.finding_kind, walk=not counting or bool(f.device or f.officer)))
    return query


def _has_open_finding(finding_kind: str, *, walk: bool) -> Any:
    """Recordings concerned by an open finding of ``finding_kind``.

    ``walk``: the recordings are walked (in list order, for a page: it stops after a page of matches) and each
    is asked whether it has such a finding, through its own finding links first (``CROSS JOIN`` keeps SQLite
    from starting at the thousands of findings of the kind for every recording; to PostgreSQL it is a plain
    join). Otherwise (a count of most of the catalogue) the other way round: from the findings
    (``finding (kind, status)`` index) to their recordings.
    """
    is_open_of_kind = (Finding.kind == finding_kind) & (Finding.status == "open")
    if not walk:
        return Recording.id.in_(FindingRecording.select(FindingRecording.recording).join(Finding)
                                .where(is_open_of_kind))
    return fn.EXISTS(FindingRecording.select(FindingRecording.id).join(Finding, JOIN.CROSS)
                     .where((FindingRecording.recording == Recording.id) & (Finding.id == FindingRecording.finding)
                            & is_open_of_kind))


def _after(cursor: RecordingCursor) -> Any:
    """Rows after ``cursor`` in ``ORDER BY start_at, id`` order, as an index range the database can seek.

    Recordings without a camera time sort first on SQLite and last on PostgreSQL (each database's own
    ``NULL`` order, which its index follows).
    """
    nulls_first = not is_postgres(Recording._meta.database.obj)
    start = Recording.start_at
    if cursor.start is None:
        unknown_after = start.is_null() & (Recording.id > cursor.id)
        return (unknown_after | start.is_null(False)) if nulls_first else unknown_after
    known_after = (start >= cursor.start) & ((start > cursor.start) | (Recording.id > cursor.id))
    return known_after if nulls_first else (known_after | start.is_null())


_VIEW_COLUMNS = (
    Recording.id, Recording.sha256, Recording.sm3, Recording.size, Recording.kind, Recording.officer,
    Recording.start_at, Recording.end_at, Recording.card_path, Recording.file_name, Recording.playable,
    Recording.time_source, Recording.classification, Recording.import_session, Recording.imported_at,
    Recording.import_delay_s, Recording.duplicate_of, Recording.clock_offset_s, Recording.media,
    Recording.disposed_at,
)


def _view_from_row(row: tuple[Any, ...]) -> RecordingView:
    """A view from one row of ``_VIEW_COLUMNS`` + the device serial (plain tuples: no model instances per row)."""
    (rid, sha256, sm3, size, kind, officer, start, end, card_path, file_name, playable, time_source,
     classification, import_id, imported_at, delay, duplicate_of, clock_offset, media, disposed_at, serial) = row
    return RecordingView(
        id=rid, sha256=sha256, sm3=sm3, size=size, kind=kind, device=serial, officer=officer or None,
        start=start, end=end, card_path=card_path, file_name=file_name, playable=bool(playable),
        time_source=time_source, classification=classification, import_id=import_id, imported_at=imported_at,
        import_delay_s=delay, duplicate_of=duplicate_of, clock_offset_s=clock_offset, media=media or {},
        disposed=disposed_at is not None,
    )


def get_recording(ctx: ServiceContext, recording_id: int) -> RecordingView:
    """One recording's metadata (no footage)."""
    ctx.require(Operation.LIST_RECORDINGS, "recording", recording_id)
    return recording_view(get_visible_recording(ctx, recording_id, "get_recording"))


def _findings_query(
    ctx: ServiceContext, status: str | None, kind: str | None, import_id: int | None
) -> ModelSelect[Finding]:
    """The findings a filter selects (shared by listing and counting); findings about a recording the acting user
    may not know of are left out (Art. 20: their messages name the file and its times)."""
    query = Finding.select().where(visible_finding_filter(ctx))
    if status:
        query = query.where(Finding.status == status)
    if kind:
        query = query.where(Finding.kind == kind)
    if import_id is not None:
        query = query.where(Finding.import_session == import_id)
    return query


def list_findings(
    ctx: ServiceContext, *, status: str | None = "open", kind: str | None = None, import_id: int | None = None,
    limit: int | None = None,
) -> list[FindingView]:
    """Findings, newest first; at most ``limit`` (None: all) of them.

    One query for the findings and one per 500 of them for their recordings, whatever their number.
    """
    ctx.require(Operation.READ_FINDINGS)
    if limit is not None and limit < 0:
        raise InvalidInputError(Msg("The limit must not be negative."))
    query = _findings_query(ctx, status, kind, import_id).order_by(Finding.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return finding_views(list(query))


def count_findings(
    ctx: ServiceContext, *, status: str | None = "open", kind: str | None = None, import_id: int | None = None
) -> int:
    """How many findings :func:`list_findings` would return without a limit (one COUNT query)."""
    ctx.require(Operation.READ_FINDINGS)
    return _findings_query(ctx, status, kind, import_id).count()
