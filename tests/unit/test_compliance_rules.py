"""The pure compliance rules: offset in force, corrected times, drift, assignment window, Art. 4, Art. 15."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from evidence_station.domain.choices import RuleError
from evidence_station.domain.compliance import (
    MANDATORY_KINDS,
    ActivityKind,
    ActivityWindow,
    LateImportReason,
    OffsetMeasurement,
    RecordingSlot,
    clock_offset,
    corrected_time,
    drift_per_day,
    lacks_mandatory_recording,
    late_import_exempt,
    offset_exceeds,
    offset_in_force,
    parse_choice,
    suggest_activity,
)
from evidence_station.domain.messages import Said

T0 = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_offset_is_camera_minus_true_and_correction_subtracts_it() -> None:
    assert clock_offset(at(0) + timedelta(seconds=42), at(0)) == 42.0
    assert corrected_time(at(10), 42.0) == at(10) - timedelta(seconds=42)
    assert corrected_time(at(10), None) == at(10)
    assert corrected_time(None, 5.0) is None
    assert offset_exceeds(10.5, 10) and offset_exceeds(-11, 10)
    assert not offset_exceeds(10, 10) and not offset_exceeds(None, 10)


def test_offset_in_force_is_the_latest_check_at_or_before() -> None:
    checks = [OffsetMeasurement(1, at(0), 5.0), OffsetMeasurement(2, at(60), 20.0)]
    assert offset_in_force(checks, at(-1)) is None
    assert offset_in_force(checks, at(0)).check_id == 1
    assert offset_in_force(checks, at(59)).offset_s == 5.0
    assert offset_in_force(list(reversed(checks)), at(61)).offset_s == 20.0


def test_drift_trend_in_seconds_per_day() -> None:
    checks = [OffsetMeasurement(i, T0 + timedelta(days=i), 2.0 + 1.5 * i) for i in range(4)]
    assert drift_per_day(checks) == pytest.approx(1.5)
    assert drift_per_day(checks[:1]) is None


def window(aid: int, start: float, end: float, devices=(), officers=()) -> ActivityWindow:
    return ActivityWindow(aid, at(start), at(end), frozenset(devices), frozenset(officers))


def test_assignment_by_device_and_time_window() -> None:
    activity = window(1, 60, 120, devices={"Z1"})
    inside = RecordingSlot(10, "Z1", "007", at(90), at(95))
    assert suggest_activity(inside, [activity]).activity_id == 1
    just_before = RecordingSlot(11, "Z1", None, at(50), at(52))  # within the 15-min margin
    assert suggest_activity(just_before, [activity]) is not None
    later = RecordingSlot(12, "Z1", None, at(200), at(210))
    assert suggest_activity(later, [activity]) is None
    other_device = RecordingSlot(13, "Z9", None, at(90), at(95))
    assert suggest_activity(other_device, [activity]) is None


def test_device_beats_officer_and_larger_overlap_wins() -> None:
    by_officer = window(1, 0, 120, officers={"007"})
    by_device = window(2, 100, 130, devices={"Z1"})
    slot = RecordingSlot(1, "Z1", "007", at(90), at(110))
    best = suggest_activity(slot, [by_officer, by_device])
    assert (best.activity_id, best.matched_by, best.alternatives) == (2, "device", (1,))
    small = window(3, 0, 92, devices={"Z1"})
    big = window(4, 92, 200, devices={"Z1"})
    assert suggest_activity(slot, [small, big]).activity_id == 4
    assert suggest_activity(RecordingSlot(2, None, "007", at(10), at(20)), [by_officer]).matched_by == "officer"


def test_mandatory_activity_without_recording_after_the_import_deadline() -> None:
    assert len(MANDATORY_KINDS) == 6 and ActivityKind.ORDINARY_INSPECTION not in MANDATORY_KINDS
    ended = at(0)
    late = ended + timedelta(hours=25)
    kw = {"has_recordings": False, "has_non_recording_record": False}
    assert lacks_mandatory_recording(ActivityKind.SEALING_SEIZURE, ended, late, **kw)
    assert not lacks_mandatory_recording(ActivityKind.SEALING_SEIZURE, ended, ended + timedelta(hours=2), **kw)
    assert not lacks_mandatory_recording(ActivityKind.ORDINARY_INSPECTION, ended, late, **kw)
    assert not lacks_mandatory_recording(ActivityKind.OBSTRUCTION, ended, late, has_recordings=True,
                                         has_non_recording_record=False)
    assert not lacks_mandatory_recording(ActivityKind.OBSTRUCTION, ended, late, has_recordings=False,
                                         has_non_recording_record=True)


def test_remote_work_exemption_counts_from_the_return() -> None:
    returned = at(0)
    assert late_import_exempt(returned + timedelta(hours=23), returned)
    assert not late_import_exempt(returned + timedelta(hours=25), returned)
    assert parse_choice(LateImportReason, " Remote_Area ", "reason") is LateImportReason.REMOTE_AREA
    with pytest.raises(ValueError, match="continuous_work"):
        parse_choice(LateImportReason, "holiday", "reason")


def test_an_unknown_choice_is_one_msg_naming_the_choice_and_its_values_in_the_reader_language() -> None:
    with pytest.raises(RuleError) as raised:
        parse_choice(LateImportReason, "holiday", "late-import reason")
    said = raised.value.msg
    assert not isinstance(said, Said) and said.msgid.startswith("Unknown {what}")
    assert str(said).startswith("Unknown late-import reason 'holiday'; use one of: ")
    chinese = said.render("zh_CN")
    assert chinese.startswith("无法识别的超时导入原因“holiday”；可选值：") and "、" in chinese
    assert "remote_area（" in chinese
