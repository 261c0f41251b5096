"""The Library's query: filters shared by listing and counting, capped counts, keyset paging, finding filter."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from evidence_station.api.recordings import RecordingCount, RecordingCursor
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.recordings import Device, Finding, FindingRecording, ImportSession, Recording
from evidence_station.domain.errors import InvalidInputError
from evidence_station.services.context import ServiceContext
from evidence_station.services.recordings_service import count_recordings, list_recordings
from evidence_station.services.station import Station

START = datetime(2026, 3, 1, tzinfo=UTC)
SERIALS = ("Z8A0001", "Z8A0002", "Z8A0003")
OFFICERS = ("010001", "010002")
KINDS = ("video", "video", "audio", "photo")
CLASSES = ("ordinary", "ordinary", "ordinary", "restricted", "commercial_secret")


@pytest.fixture
def catalogue(station: Station, admin: ServiceContext) -> list[int]:
    """120 recordings over 10 days: several share a start time, some have none, some are secret; findings."""
    rng = random.Random(7)
    with write_transaction():
        session = ImportSession.create(custodian=admin.actor.user_id, station_uid=station.station_uid,
                                       card_root="/cards", started_at=START)
        devices = [Device.create(serial=s, created_at=START).id for s in SERIALS]
        ids = []
        for n in range(120):
            start = None if n % 17 == 5 else START + timedelta(hours=2 * rng.randrange(120))  # many ties
            ids.append(Recording.create(
                import_session=session, card_path=f"DCIM/{n:04d}.MP4", file_name=f"{n:04d}.MP4", size=n,
                sha256=f"{n:064x}", sm3=f"{n:064x}", kind=KINDS[n % 4], device=devices[n % 3],
                officer=OFFICERS[n % 2], start_at=start, end_at=start, classification=CLASSES[n % 5],
                imported_at=START).id)
        for n, (kind, status) in enumerate([("gap", "open"), ("gap", "resolved"), ("late_import", "open")] * 6):
            finding = Finding.create(kind=kind, status=status, message=kind, created_at=START)
            for rid in ids[n * 5:n * 5 + 2]:
                FindingRecording.create(finding=finding, recording=rid)
    return ids


FILTERS: list[dict[str, Any]] = [
    {},
    {"since": START + timedelta(days=2), "until": START + timedelta(days=6)},
    {"device": "Z8A0002"},
    {"device": "NO-SUCH-CAMERA"},
    {"officer": "010001", "kind": "video"},
    {"kind": "audio", "since": START + timedelta(days=3)},
    {"finding_kind": "gap"},
    {"finding_kind": "late_import", "device": "Z8A0002"},
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f) or "everything")
def test_count_agrees_with_the_list_for_every_filter(
    catalogue: list[int], people: dict[str, ServiceContext], filters: dict[str, Any]
) -> None:
    investigator = people["investigator"]  # clearance 0: the commercial secrets do not exist for them
    listed = list_recordings(investigator, **filters)
    assert count_recordings(investigator, **filters) == RecordingCount(len(listed), False)
    assert all(r.classification in ("ordinary", "restricted") for r in listed)
    assert count_recordings(investigator, **filters, cap=len(listed) + 1) == (len(listed), False)
    if listed:
        assert count_recordings(investigator, **filters, cap=len(listed)) == (len(listed), True)
        assert count_recordings(investigator, **filters, cap=1) == (1, True)


def test_filters_select_what_they_say(catalogue: list[int], admin: ServiceContext) -> None:
    everything = list_recordings(admin)
    assert len(everything) == 96 and count_recordings(admin).count == 96  # 24 commercial secrets hidden
    by_device = list_recordings(admin, device="Z8A0002")
    assert by_device and {r.device for r in by_device} == {"Z8A0002"}
    assert list_recordings(admin, device="NO-SUCH-CAMERA") == []
    gaps = {r.id for r in list_recordings(admin, finding_kind="gap")}
    open_gap_links = (FindingRecording.select(FindingRecording.recording).join(Finding)
                      .where((Finding.kind == "gap") & (Finding.status == "open")))
    assert gaps == {link.recording_id for link in open_gap_links} and len(gaps) == 12  # resolved ones left out
    late = list_recordings(admin, finding_kind="late_import", device="Z8A0002")
    assert late and all(r.device == "Z8A0002" for r in late)


@pytest.mark.parametrize("filters", [{}, {"device": "Z8A0003"}, {"finding_kind": "gap"}, {"officer": "010002"}],
                         ids=lambda f: ",".join(f) or "everything")
def test_keyset_pages_walk_the_same_order_as_one_list(
    catalogue: list[int], admin: ServiceContext, filters: dict[str, Any]
) -> None:
    whole = [r.id for r in list_recordings(admin, **filters)]
    assert any(r.start is None for r in list_recordings(admin, **filters)) or filters  # undated rows are walked
    walked: list[int] = []
    cursor: RecordingCursor | None = None
    while True:
        page = list_recordings(admin, **filters, limit=7, after=cursor)
        walked += [r.id for r in page]
        if len(page) < 7:
            break
        cursor = RecordingCursor.of(page[-1])
    assert walked == whole
    by_offset = [r.id for offset in range(0, len(whole), 7)
                 for r in list_recordings(admin, **filters, limit=7, offset=offset)]
    assert by_offset == whole


def test_order_is_camera_start_then_id(catalogue: list[int], admin: ServiceContext) -> None:
    dated = [r for r in list_recordings(admin) if r.start is not None]
    assert [(r.start, r.id) for r in dated] == sorted((r.start, r.id) for r in dated)


def test_a_cursor_may_be_a_plain_tuple(catalogue: list[int], admin: ServiceContext) -> None:
    first, second = list_recordings(admin, limit=2)
    assert [r.id for r in list_recordings(admin, limit=1, after=(first.start, first.id))] == [second.id]


def test_bad_cap_and_offset_without_limit_are_refused(catalogue: list[int], admin: ServiceContext) -> None:
    with pytest.raises(InvalidInputError):
        count_recordings(admin, cap=0)
    with pytest.raises(InvalidInputError):
        list_recordings(admin, offset=10)
