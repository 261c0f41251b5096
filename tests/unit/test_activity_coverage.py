"""Art. 9: an activity's window against its footage — late start, gaps inside, early stop — and Art. 6/12: no
activity on a retired device, footage from a device out of service flagged (issue #19)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from evidence_station.catalogue.recordings import Finding
from evidence_station.domain.findings import CoveragePart, FindingKind, uncovered_stretches
from evidence_station.services.activity_service import DeviceRetiredError, add_activity, assign_recordings
from evidence_station.services.compliance_hooks import after_import
from evidence_station.services.context import ServiceContext
from evidence_station.services.device_service import add_device, add_pre_use_check, update_device
from tests.helpers.recordings import add_recording, utc


def _coverage() -> list[Finding]:
    return list(Finding.select().where(Finding.kind == FindingKind.INCOMPLETE_COVERAGE.value).order_by(Finding.id))


def test_the_issues_example_08_30_to_09_00_covered_08_37_to_08_44_is_three_stretches() -> None:
    found = uncovered_stretches(utc(0, 30), utc(1, 0), [(utc(0, 37), utc(0, 40)), (utc(0, 40), utc(0, 44))])
    assert [(s.part, s.start, s.end) for s in found] == [
        (CoveragePart.LATE_START, utc(0, 30), utc(0, 37)), (CoveragePart.EARLY_STOP, utc(0, 44), utc(1, 0))]
    inside = uncovered_stretches(utc(0, 30), utc(1, 0), [(utc(0, 30), utc(0, 40)), (utc(0, 43), utc(1, 0))])
    assert [(s.part, s.seconds) for s in inside] == [(CoveragePart.GAP, 180.0)]  # any gap inside counts


def test_tolerances_running_activities_and_no_footage() -> None:
    edge = timedelta(seconds=30)
    near = uncovered_stretches(utc(0, 30), utc(1, 0), [(utc(0, 30) + edge, utc(1, 0) - edge)])
    assert near == []  # within a minute of the typed window
    two_cameras = [(utc(0, 30), utc(0, 45)), (utc(0, 44), utc(1, 0))]  # overlapping devices cover together
    assert uncovered_stretches(utc(0, 30), utc(1, 0), two_cameras) == []
    running = uncovered_stretches(utc(0, 30), utc(1, 0), [(utc(0, 30), utc(0, 40))], now=utc(0, 41))
    assert running == []  # still going: no early stop yet
    assert uncovered_stretches(utc(0, 30), utc(1, 0), []) == []  # Art. 4's missing_recording, not this


def test_assign_raises_coverage_findings_once_and_closes_them_when_footage_comes(
    people: dict[str, ServiceContext],
) -> None:
    custodian = people["custodian"]
    add_device(custodian, serial="Z1", model="m", group="g", responsible_person="p")
    add_device(custodian, serial="Z2", model="m", group="g", responsible_person="p")
    add_pre_use_check(custodian, serial="Z1", offset_s=120, checked_at=utc(0, 0))  # Z1 runs 2 min fast
    activity = add_activity(custodian, kind="ordinary_inspection", place="某公司", start=utc(0, 30), end=utc(1, 0),
                            devices=["Z1", "Z2"])
    early = add_recording(custodian, "Z1", utc(0, 39), seconds=180,
                          in_vault=False)  # camera 08:39 = true 08:37, until 08:40
    late = add_recording(custodian, "Z2", utc(0, 40), seconds=240, in_vault=False)  # 08:40–08:44
    after_import(custodian, None, [early, late])
    result = assign_recordings(custodian, activity_id=activity.id, recording_ids=[early.id, late.id])
    parts = [(f.details["part"], f.seconds) for f in _coverage()]
    assert parts == [("late_start", 420.0), ("early_stop", 960.0)]  # corrected time, both devices
    assert sorted(f.kind for f in result.findings) == ["incomplete_coverage"] * 2
    assert "开始录制晚于执法活动开始" in _coverage()[0].details["message_zh"]

    again = assign_recordings(custodian, activity_id=activity.id, recording_ids=[early.id, late.id])
    assert again.findings == [] and len(_coverage()) == 2  # re-evaluation is idempotent

    rest = add_recording(custodian, "Z2", utc(0, 44), seconds=16 * 60, in_vault=False)  # 08:44–09:00 now covered
    done = assign_recordings(custodian, activity_id=activity.id, recording_ids=[rest.id])
    statuses = {f.details["part"]: f.status for f in _coverage()}
    assert statuses == {"late_start": "open", "early_stop": "resolved"} and done.findings == []
    assert _coverage()[1].id in done.closed_findings


def test_import_into_an_activity_evaluates_its_coverage(people: dict[str, ServiceContext]) -> None:
    custodian = people["custodian"]
    activity = add_activity(custodian, kind="ordinary_inspection", place="门店", start=utc(0, 30), end=utc(1, 0))
    rec = add_recording(custodian, "Z3", utc(0, 30), seconds=600, in_vault=False)
    rec.activity_id = activity.id
    rec.save()
    found = after_import(custodian, None, [rec])
    assert [(f.kind, f.seconds) for f in found if f.kind == "incomplete_coverage"] == [("incomplete_coverage", 1200)]
    assert [f for f in after_import(custodian, None, [rec]) if f.kind == "incomplete_coverage"] == []


def test_no_activity_on_a_retired_device(people: dict[str, ServiceContext]) -> None:
    custodian = people["custodian"]
    add_device(custodian, serial="Z9", model="m", group="g", responsible_person="p")
    rec = add_recording(custodian, "Z9", utc(0, 40), seconds=60, in_vault=False)
    update_device(custodian, serial="Z9", status="retired")
    with pytest.raises(DeviceRetiredError, match="Z9 is retired") as refused:
        add_activity(custodian, kind="ordinary_inspection", place="某处", start=utc(0, 30), end=utc(1, 0),
                     devices=["Z9"])
    assert refused.value.exit_code == 2 and "已停用" in refused.value.text_zh()
    activity = add_activity(custodian, kind="ordinary_inspection", place="某处", start=utc(0, 30), end=utc(1, 0))
    with pytest.raises(DeviceRetiredError):
        assign_recordings(custodian, activity_id=activity.id, recording_ids=[rec.id])
