"""Device registry (Art. 6) and pre-use checks with clock offsets (Art. 7), under a frozen clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from evidence_station.catalogue.recordings import Device, Finding, FindingRecording, Recording
from evidence_station.domain.clock import FrozenClock
from evidence_station.domain.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from evidence_station.services.context import ServiceContext
from evidence_station.services.device_service import (
    add_device,
    add_device_log,
    add_pre_use_check,
    get_device,
    list_devices,
    update_device,
)
from tests.helpers.recordings import add_recording, device, utc


def test_registry_defaults_the_group_leader_and_flags_incomplete_devices(people: dict[str, ServiceContext]) -> None:
    custodian = people["custodian"]
    first = add_device(custodian, serial="Z8A0001", model="DSJ-V9", group="一组", responsible_person="王组长",
                       issued_to="010203")
    assert not first.needs_completion and first.status_label == "在用"
    second = add_device(custodian, serial="Z8A0002", group="一组")
    assert second.responsible_person == "王组长"
    assert second.needs_completion  # no model yet
    with pytest.raises(InvalidInputError, match="already registered"):
        add_device(custodian, serial="Z8A0001")
    with pytest.raises(PermissionDeniedError):
        add_device(people["clerk"], serial="Z9")
    assert [d.serial for d in list_devices(custodian, needs_completion=True)] == ["Z8A0002"]


def test_auto_created_device_is_completed_and_status_changes_are_logged(
    people: dict[str, ServiceContext], clock: FrozenClock
) -> None:
    custodian = people["custodian"]
    device("Z8B0107", clock.now())  # as an import meets an unknown serial
    assert list_devices(custodian)[0].needs_completion
    view = update_device(custodian, serial="Z8B0107", model="DSJ-V9", group="二组", responsible_person="李组长")
    assert not view.needs_completion
    add_device_log(custodian, serial="Z8B0107", kind="damage", text="镜头破裂", status="under_repair")
    clock.advance(timedelta(days=3))
    update_device(custodian, serial="Z8B0107", status="in_service", note="修好")
    detail = get_device(custodian, "Z8B0107")
    assert [(e.kind, e.status_before, e.status_after) for e in detail.log] == [
        ("damage", "in_service", "under_repair"), ("status", "under_repair", "in_service")]
    assert detail.device.status == "in_service"
    with pytest.raises(NotFoundError, match="device add"):
        update_device(custodian, serial="NOPE", model="x")


def test_clock_check_offset_applies_to_later_recordings_only(people: dict[str, ServiceContext],
                                                               clock: FrozenClock) -> None:
    custodian = people["custodian"]
    add_device(custodian, serial="Z1", model="m", group="g", responsible_person="p")
    before = add_recording(custodian, "Z1", utc(0, 10), seconds=60, in_vault=False)  # 08:10 local, before the check
    after = add_recording(custodian, "Z1", utc(1, 30), seconds=60, in_vault=False)  # 09:30 local, after it
    # At 08:30 local the camera showed 08:30:07: 7 s fast.
    check = add_pre_use_check(custodian, serial="Z1", device_time=utc(0, 30) + timedelta(seconds=7),
                              checked_at=utc(0, 30))
    assert check.clock_offset_s == 7.0 and check.passed and check.finding_id is None
    assert check.recordings_corrected == 1
    assert Recording.get_by_id(after.id).clock_offset_s == 7.0
    assert Recording.get_by_id(before.id).clock_offset_s is None
    # the original camera time is untouched; the corrected one is derived
    assert Recording.get_by_id(after.id).start_at == utc(1, 30)


def test_offset_beyond_threshold_raises_clock_offset_and_a_good_check_closes_it(
    people: dict[str, ServiceContext], clock: FrozenClock
) -> None:
    custodian = people["custodian"]
    add_device(custodian, serial="Z1", model="m", group="g", responsible_person="p")
    rec = add_recording(custodian, "Z1", utc(1, 0), seconds=60, in_vault=False)
    bad = add_pre_use_check(custodian, serial="Z1", offset_s=-42.0, checked_at=utc(0, 30), battery_ok=False)
    assert not bad.passed and bad.problems == ["battery not charged"]
    finding = Finding.get_by_id(bad.finding_id)
    assert finding.kind == "clock_offset" and finding.status == "open" and finding.seconds == -42.0
    assert "42 s slow" in finding.message
    assert [link.recording_id for link in FindingRecording.select().where(FindingRecording.finding == finding)] \
        == [rec.id]
    small = add_pre_use_check(custodian, serial="Z1", offset_s=9.5, checked_at=utc(1, 50))
    assert small.finding_id is None
    assert Finding.get_by_id(bad.finding_id).status == "resolved"
    clock.advance(timedelta(days=2))
    add_pre_use_check(custodian, serial="Z1", offset_s=12.5)  # drifting again
    detail = get_device(custodian, "Z1")
    assert [m.offset_s for m in detail.offsets] == [-42.0, 9.5, 12.5]
    assert detail.drift_s_per_day is not None and detail.drift_s_per_day > 0
    assert detail.device.current_offset_s == 12.5


def test_clock_set_after_reading_puts_zero_in_force(people: dict[str, ServiceContext]) -> None:
    custodian = people["custodian"]
    add_device(custodian, serial="Z1", model="m", group="g", responsible_person="p")
    rec = add_recording(custodian, "Z1", utc(1, 0), seconds=60, in_vault=False)
    check = add_pre_use_check(custodian, serial="Z1", offset_s=30.0, checked_at=utc(0, 30), clock_set=True)
    assert check.finding_id is not None  # the wrong clock is still a finding (Art. 7)
    assert Recording.get_by_id(rec.id).clock_offset_s == 0.0


def test_check_refusals(people: dict[str, ServiceContext], clock: FrozenClock) -> None:
    custodian = people["custodian"]
    add_device(custodian, serial="Z1", model="m", group="g", responsible_person="p", status="retired")
    with pytest.raises(InvalidInputError, match="retired"):
        add_pre_use_check(custodian, serial="Z1", offset_s=0)
    with pytest.raises(InvalidInputError, match="future"):
        add_pre_use_check(custodian, serial="Z1", checked_at=clock.now() + timedelta(hours=1))
    with pytest.raises(NotFoundError):
        add_pre_use_check(custodian, serial="Z404")
    with pytest.raises(PermissionDeniedError):
        add_pre_use_check(people["investigator"], serial="Z1")
    assert Device.select().count() == 1


def test_failed_and_late_checks_count_for_nothing(people: dict[str, ServiceContext], clock: FrozenClock) -> None:
    """Art. 7: a failed check raises ``failed_check`` and does not count as checked; a check entered later with an
    earlier time closes no newer clock_offset finding; a check after the day's first recording leaves the day
    unchecked; a later passed check closes the failed-check finding."""
    from evidence_station.services.dashboard_service import device_timelines, unchecked_days

    clock.set(utc(6, 0))
    custodian = people["custodian"]
    add_device(custodian, serial="Z1", model="m", group="g", responsible_person="p")
    add_device(custodian, serial="Z2", model="m", group="g", responsible_person="p")
    failed = add_pre_use_check(custodian, serial="Z1", checked_at=utc(0, 0), works=False, battery_ok=False)
    assert not failed.passed and failed.failed_finding_id is not None
    finding = Finding.get_by_id(failed.failed_finding_id)
    assert (finding.kind, finding.status) == ("failed_check", "open")
    assert "battery not charged" in finding.message and "电池电量不足" in finding.details["message_zh"]
    add_recording(custodian, "Z1", utc(1, 0), seconds=60, in_vault=False)
    rec2 = add_recording(custodian, "Z2", utc(1, 0), seconds=60, in_vault=False)
    add_pre_use_check(custodian, serial="Z2", checked_at=utc(2, 0))  # after the day's recording
    day = utc(1, 0).date()
    assert [(u.device, u.recordings) for u in unchecked_days(utc(0, 0), utc(16, 0), "Asia/Shanghai")] == [
        ("Z1", 1), ("Z2", 1)]
    assert not any(t.checked for t in device_timelines(day, "Asia/Shanghai"))

    offset = add_pre_use_check(custodian, serial="Z2", offset_s=120.0, checked_at=utc(3, 0))
    assert offset.finding_id is not None
    earlier = add_pre_use_check(custodian, serial="Z2", offset_s=0.0, checked_at=utc(2, 30))  # entered later
    assert earlier.finding_id is None and Finding.get_by_id(offset.finding_id).status == "open"
    later = add_pre_use_check(custodian, serial="Z2", offset_s=0.5, checked_at=utc(4, 0))
    assert later.passed and Finding.get_by_id(offset.finding_id).status == "resolved"
    assert Finding.get_by_id(failed.failed_finding_id).status == "open"  # Z2's checks do not close Z1's finding
    passed = add_pre_use_check(custodian, serial="Z1", checked_at=utc(4, 30))
    assert passed.failed_finding_id is None and Finding.get_by_id(failed.failed_finding_id).status == "resolved"
    # a later recording the same day: the day's first is still unchecked
    add_recording(custodian, "Z2", utc(5, 0), seconds=60, in_vault=False)
    assert ("Z2", 2) in [(u.device, u.recordings) for u in unchecked_days(utc(0, 0), utc(16, 0), "Asia/Shanghai")]
    assert rec2.device.serial == "Z2"


def test_a_passed_check_before_the_first_recording_counts(people: dict[str, ServiceContext]) -> None:
    from evidence_station.services.dashboard_service import device_timelines, unchecked_days

    custodian = people["custodian"]
    add_device(custodian, serial="Z1", model="m", group="g", responsible_person="p")
    add_pre_use_check(custodian, serial="Z1", checked_at=utc(0, 30))
    add_recording(custodian, "Z1", utc(1, 0), seconds=60, in_vault=False)
    assert unchecked_days(utc(0, 0), utc(16, 0), "Asia/Shanghai") == []
    assert [t.checked for t in device_timelines(utc(1, 0).date(), "Asia/Shanghai")] == [True]
