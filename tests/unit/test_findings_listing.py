"""Listing findings reads their recordings in batches (a bounded number of queries, not one per finding),
honours a limit, and counts with one query; the result is the one the per-finding reading gave."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from evidence_station.api.findings import FindingView
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.recordings import Finding, FindingRecording, ImportSession, Recording
from evidence_station.domain.errors import InvalidInputError
from evidence_station.services.context import ServiceContext
from evidence_station.services.recording_findings import finding_view_of, findings_by_recording
from evidence_station.services.recordings_service import count_findings, list_findings
from evidence_station.services.station import Station

START = datetime(2026, 3, 1, tzinfo=UTC)
FINDINGS = 1200
KINDS = ("gap", "late_import", "damaged")


@pytest.fixture
def catalogue(station: Station, admin: ServiceContext) -> dict[str, Any]:
    """40 recordings in two imports and 1,200 findings of three kinds, some resolved, each concerning 0–3
    recordings whose links were not written in id order."""
    with write_transaction():
        sessions = [ImportSession.create(custodian=admin.actor.user_id, station_uid=station.station_uid,
                                         card_root=f"/cards/{n}", started_at=START).id for n in range(2)]
        recordings = [Recording.create(
            import_session=sessions[n % 2], card_path=f"DCIM/{n:04d}.MP4", file_name=f"{n:04d}.MP4", size=n,
            sha256=f"{n:064x}", sm3=f"{n:064x}", kind="video", imported_at=START).id for n in range(40)]
        Finding.insert_many([
            {"kind": KINDS[n % 3], "status": "resolved" if n % 4 == 0 else "open", "message": f"finding {n}",
             "created_at": START, "import_session": sessions[n % 2] if n % 5 else None,
             "details": {"message_zh": f"问题 {n}"} if n % 2 else {}}
            for n in range(FINDINGS)
        ]).execute()
        finding_ids = [f.id for f in Finding.select(Finding.id).order_by(Finding.id)]
        links = []
        for n, fid in enumerate(finding_ids):
            for k in range(n % 4):  # 0..3 recordings, the later ones first
                links.append({"finding": fid, "recording": recordings[(n * 7 + 13 * (3 - k)) % 40]})
        for start in range(0, len(links), 400):
            FindingRecording.insert_many(links[start:start + 400]).execute()
    return {"sessions": sessions, "recordings": recordings}


class QueryCounter:
    """Counts the SQL statements the station's database runs while active."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def queries(station: Station, monkeypatch: pytest.MonkeyPatch) -> Iterator[QueryCounter]:
    counter = QueryCounter()
    real = station.db.execute_sql

    def counting(sql: str, *args: Any, **kwargs: Any) -> Any:
        counter.statements.append(sql)
        return real(sql, *args, **kwargs)

    monkeypatch.setattr(station.db, "execute_sql", counting)
    yield counter


def _one_query_per_finding(status: str | None, kind: str | None = None,
                           import_id: int | None = None) -> list[FindingView]:
    """How the findings were listed before: each finding's recordings by its own query."""
    query = Finding.select().order_by(Finding.id.desc())
    if status:
        query = query.where(Finding.status == status)
    if kind:
        query = query.where(Finding.kind == kind)
    if import_id is not None:
        query = query.where(Finding.import_session == import_id)
    return [finding_view_of(f, [link.recording_id for link in f.recording_links.order_by(FindingRecording.id)])
            for f in query]


FILTERS: list[dict[str, Any]] = [
    {"status": None},
    {"status": "open"},
    {"status": "resolved", "kind": "gap"},
    {"status": None, "kind": "damaged", "import_id": 0},  # import_id 0 → the first import session
]


def _filters(filters: dict[str, Any], catalogue: dict[str, Any]) -> dict[str, Any]:
    if "import_id" in filters:
        return {**filters, "import_id": catalogue["sessions"][filters["import_id"]]}
    return filters


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()))
def test_a_bounded_number_of_queries_lists_the_same_findings(
    catalogue: dict[str, Any], admin: ServiceContext, queries: QueryCounter, filters: dict[str, Any]
) -> None:
    filters = _filters(filters, catalogue)
    expected = _one_query_per_finding(**filters)
    queries.statements.clear()
    listed = list_findings(admin, **filters)
    batches = -(-len(listed) // 500)
    assert queries.count <= 1 + batches, queries.statements  # was 1 + one per finding (1,201 for all)
    assert listed == expected
    assert [(f.id, f.kind, f.recording_ids) for f in listed] == [(f.id, f.kind, f.recording_ids) for f in expected]


def test_all_1200_findings_take_four_queries_not_1201(
    catalogue: dict[str, Any], admin: ServiceContext, queries: QueryCounter
) -> None:
    queries.statements.clear()
    listed = list_findings(admin, status=None)
    assert len(listed) == FINDINGS and queries.count == 1 + 3  # the findings, then 3 batches of ≤ 500
    assert [f.id for f in listed] == sorted((f.id for f in listed), reverse=True)  # newest first
    assert {len(f.recording_ids) for f in listed} == {0, 1, 2, 3}
    assert any(f.message_zh for f in listed)


def test_a_limit_keeps_the_newest_and_the_count_counts_them_all(
    catalogue: dict[str, Any], admin: ServiceContext, queries: QueryCounter
) -> None:
    everything = list_findings(admin, status="open")
    queries.statements.clear()
    newest = list_findings(admin, status="open", limit=25)
    assert newest == everything[:25] and queries.count == 2
    assert list_findings(admin, status="open", limit=0) == []
    assert list_findings(admin, status="open", limit=10 * FINDINGS) == everything
    queries.statements.clear()
    assert count_findings(admin, status="open") == len(everything) == FINDINGS - FINDINGS // 4
    assert queries.count == 1
    for filters in FILTERS:
        filters = _filters(filters, catalogue)
        assert count_findings(admin, **filters) == len(list_findings(admin, **filters))
    with pytest.raises(InvalidInputError):
        list_findings(admin, limit=-1)


def test_findings_by_recording_still_lists_every_finding_with_all_its_recordings(
    catalogue: dict[str, Any], admin: ServiceContext
) -> None:
    by_id = {f.id: f for f in list_findings(admin, status=None)}
    per_recording = findings_by_recording(admin, catalogue["recordings"], status=None)
    for rid, views in per_recording.items():
        assert [v.id for v in views] == sorted(v.id for v in views)
        for view in views:
            assert rid in view.recording_ids and view == by_id[view.id]
    assert {v.id for views in per_recording.values() for v in views} == {
        fid for fid, f in by_id.items() if f.recording_ids}


def test_findings_about_a_secret_above_the_users_clearance_are_left_out(
    catalogue: dict[str, Any], admin: ServiceContext
) -> None:
    """Art. 20: a finding's message names files, times and devices — one that concerns a recording the user may not
    know of is not listed, counted or returned per recording (the user has clearance 0 here)."""
    secret = catalogue["recordings"][5]
    before = list_findings(admin, status=None)
    concerning = {f.id for f in before if secret in f.recording_ids}
    assert concerning
    Recording.update(classification="state_secret").where(Recording.id == secret).execute()
    after = list_findings(admin, status=None)
    assert [f.id for f in after] == [f.id for f in before if f.id not in concerning]
    assert count_findings(admin, status=None) == len(after)
    per_recording = findings_by_recording(admin, catalogue["recordings"], status=None)
    assert secret not in per_recording
    assert not {f.id for views in per_recording.values() for f in views} & concerning
