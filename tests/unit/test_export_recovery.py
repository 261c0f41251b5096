"""A killed export does not stay "running": the next opening records it as interrupted, with an audit event."""

from __future__ import annotations

import json
import os

import pytest

from evidence_station.audit.log import event_count
from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.cases import Export
from evidence_station.catalogue.people import User
from evidence_station.domain.clock import FrozenClock
from evidence_station.services.audit_service import verify_audit
from evidence_station.services.case_service import add_case
from evidence_station.services.context import ServiceContext
from evidence_station.services.export_recovery import (
    claim_marker,
    markers_dir,
    pending_marker,
    release_marker,
)
from evidence_station.services.export_service import image_name
from evidence_station.services.station import Station


def _running_export(station: Station, case_id: int, *, station_uid: str | None = None) -> int:
    clerk = User.get(User.name == "clerk")
    now = station.clock.now()
    return Export.create(
        case=case_id, station_uid=station_uid or station.station_uid, created_by=clerk, started_at=now,
        producer="p", extractor="e", extraction_time=now, purpose="test", media="cd", media_bytes=700_000_000,
    ).id


def _reopen(station: Station, clock: FrozenClock) -> Station:
    station.close()
    return Station.open(station.home.root, clock=clock)


@pytest.fixture
def case_id(people: dict[str, ServiceContext]) -> int:
    return add_case(people["clerk"], title="Recovery case").case_id


def test_a_dead_export_is_marked_interrupted_with_an_audit_event(
    station: Station, case_id: int, clock: FrozenClock
) -> None:
    dead = _running_export(station, case_id)
    other_station = _running_export(station, case_id, station_uid="ES-SOMEWHERE-ELSE")
    events = event_count()
    reopened = _reopen(station, clock)
    try:
        row = Export.get_by_id(dead)
        assert row.status == "interrupted" and "interrupted" in row.message and row.finished_at is not None
        assert Export.get_by_id(other_station).status == "running"  # not ours to judge
        assert event_count() == events + 1
        assert verify_audit(reopened).ok
    finally:
        reopened.close()


def test_an_export_whose_process_runs_is_left_alone(station: Station, case_id: int, clock: FrozenClock) -> None:
    live = _running_export(station, case_id)
    with pending_marker(station.home.exports_dir) as pending:
        marker = claim_marker(pending, live)
    assert marker.name == f"export{live}-pid{os.getpid()}@{marker.name.rsplit('@', 1)[1]}"
    reopened = _reopen(station, clock)
    try:
        assert Export.get_by_id(live).status == "running"
        release_marker(marker)
        assert not markers_dir(reopened.home.exports_dir).exists()  # nothing left once no export runs
    finally:
        reopened.close()


def test_a_marker_of_a_dead_process_does_not_keep_an_export_running(
    station: Station, case_id: int, clock: FrozenClock
) -> None:
    dead = _running_export(station, case_id)
    with pending_marker(station.home.exports_dir) as pending:
        host = pending.name.rsplit("@", 1)[1]
    folder = markers_dir(station.home.exports_dir)
    folder.mkdir(parents=True, exist_ok=True)
    gone = folder / f"export{dead}-pid{2**22 + 12345}@{host}"  # beyond pid_max: no such process
    gone.touch()
    reopened = _reopen(station, clock)
    try:
        assert Export.get_by_id(dead).status == "interrupted"
        assert not gone.exists()
    finally:
        reopened.close()


def test_an_export_being_recorded_right_now_holds_the_check(
    station: Station, case_id: int, clock: FrozenClock
) -> None:
    starting = _running_export(station, case_id)
    with pending_marker(station.home.exports_dir):
        reopened = _reopen(station, clock)
        try:
            assert Export.get_by_id(starting).status == "running"
        finally:
            reopened.close()
    station = Station.open(station.home.root, clock=clock)
    try:
        assert Export.get_by_id(starting).status == "interrupted"
    finally:
        station.close()


def _dead_marker(station: Station, export_id: int, outputs: list[str]) -> None:
    with pending_marker(station.home.exports_dir) as pending:
        host = pending.name.rsplit("@", 1)[1]
    folder = markers_dir(station.home.exports_dir)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"export{export_id}-pid{2**22 + 12345}@{host}").write_text(json.dumps({"outputs": outputs}))


def test_a_dead_exports_unrecorded_image_goes_a_recorded_one_stays(
    station: Station, case_id: int, clock: FrozenClock
) -> None:
    exports = station.home.exports_dir
    exports.mkdir(parents=True, exist_ok=True)
    dead, done = _running_export(station, case_id), _running_export(station, case_id)
    Export.update(status="completed").where(Export.id == done).execute()  # recorded, killed before its marker went
    images = {export: exports / image_name(export, 1) for export in (dead, done)}
    for export, image in images.items():
        image.write_bytes(b"an image")
        _dead_marker(station, export, [str(image)])
    reopened = _reopen(station, clock)
    try:
        assert Export.get_by_id(dead).status == "interrupted" and not images[dead].exists()
        assert images[done].read_bytes() == b"an image" and Export.get_by_id(done).status == "completed"
        [removed] = AuditEvent.select().where(AuditEvent.action == "export.temp_removed")
        assert removed.object_id == str(dead) and removed.details["files"] == [str(images[dead])]
    finally:
        reopened.close()
