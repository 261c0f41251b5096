"""Activities, assignment by time window, unassigned flags, Art. 4/5 findings, gap explanations and the
Art. 15 remote-work exemption, the dashboard and the monthly report — each under the frozen clock."""

from __future__ import annotations

import hashlib
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from evidence_station.catalogue.recordings import Finding, Recording
from evidence_station.disc.signatures import validate_pdf_signature
from evidence_station.domain.clock import FrozenClock
from evidence_station.domain.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from evidence_station.domain.findings import FindingKind
from evidence_station.services.activity_service import (
    add_activity,
    add_non_recording_record,
    assign_recordings,
    list_activities,
    review_activities,
    suggest_assignments,
)
from evidence_station.services.compliance_hooks import after_import
from evidence_station.services.compliance_report import monthly_report
from evidence_station.services.context import ServiceContext
from evidence_station.services.dashboard_service import build_dashboard
from evidence_station.services.device_service import add_device, add_pre_use_check
from evidence_station.services.finding_service import explain_gap, record_late_import_reason, resolve_finding
from tests.helpers.findings import add_finding
from tests.helpers.recordings import add_recording, utc


def _status(finding_id: int) -> str:
    return Finding.get_by_id(finding_id).status


def test_assignment_by_device_and_corrected_time_window(people: dict[str, ServiceContext]) -> None:
    custodian = people["custodian"]
    for serial in ("Z1", "Z2"):
        add_device(custodian, serial=serial, model="m", group="g", responsible_person="p")
    # Activity 09:00–09:30 local with Z1. Z1's clock runs 20 min fast.
    activity = add_activity(custodian, kind="ordinary_inspection", place="某公司", start=utc(1, 0), end=utc(1, 30),
                            devices=["Z1"], officers=["010203"])
    add_pre_use_check(custodian, serial="Z1", offset_s=1200, checked_at=utc(0, 0))
    fast = add_recording(custodian, "Z1", utc(1, 40), seconds=60, in_vault=False)  # camera 09:40 = true 09:20 → inside
    # camera 10:50 = true 10:30 → outside
    outside = add_recording(custodian, "Z1", utc(2, 50), seconds=60, in_vault=False)
    # neither device nor officer listed
    other = add_recording(custodian, "Z2", utc(1, 10), officer="999999", seconds=60, in_vault=False)
    findings = after_import(people["custodian"], None, [fast, outside, other])
    assert Recording.get_by_id(fast.id).clock_offset_s == 1200
    unassigned = [f for f in findings if f.kind == "unassigned"]
    assert sorted(len(f.recording_ids) for f in unassigned) == [1, 2]  # one finding per device
    suggestions = suggest_assignments(custodian)
    assert [(s.recording_id, s.activity_id) for s in suggestions] == [(fast.id, activity.id)]
    assert suggestions[0].corrected_start == utc(1, 20) and suggestions[0].start == utc(1, 40)
    result = assign_recordings(custodian, activity_id=activity.id, suggested=True)
    assert result.assigned == [fast.id]
    z1 = next(f for f in unassigned if fast.id in f.recording_ids)
    assert _status(z1.id) == "open"  # the 10:30 recording is still unassigned
    assign_recordings(custodian, activity_id=activity.id, recording_ids=[outside.id])
    assert _status(z1.id) == "resolved"
    second = add_activity(custodian, kind="ordinary_inspection", place="另一处", start=utc(2, 0), end=utc(3, 0))
    with pytest.raises(InvalidInputError, match="--move"):
        assign_recordings(custodian, activity_id=second.id, recording_ids=[outside.id])
    assert assign_recordings(custodian, activity_id=second.id, recording_ids=[outside.id], move=True).moved \
        == [outside.id]
    with pytest.raises(NotFoundError):
        assign_recordings(custodian, activity_id=999, recording_ids=[other.id])
    with pytest.raises(PermissionDeniedError):
        assign_recordings(people["clerk"], activity_id=second.id, recording_ids=[other.id])


def test_mandatory_activity_without_recording_becomes_a_finding(people: dict[str, ServiceContext],
                                                                clock: FrozenClock) -> None:
    investigator = people["investigator"]
    seizure = add_activity(investigator, kind="sealing_seizure", place="仓库", start=utc(0, 0), end=utc(1, 0))
    routine = add_activity(investigator, kind="ordinary_inspection", place="门店", start=utc(0, 0), end=utc(1, 0))
    recorded = add_activity(investigator, kind="obstruction", place="工地", start=utc(0, 0), end=utc(1, 0),
                            devices=[])
    rec = add_recording(people["custodian"], "Z1", utc(0, 10), seconds=60, in_vault=False)
    assign_recordings(investigator, activity_id=recorded.id, recording_ids=[rec.id])
    assert review_activities(investigator) == []  # within the 24 h import deadline
    clock.advance(timedelta(hours=24))
    raised = review_activities(investigator)
    # the recorded one lacks the Art. 8 notification mark on its footage
    assert [f.kind for f in raised] == ["missing_recording", "no_notification"]
    assert str(seizure.id) in raised[0].message and f"Activity {recorded.id} " in raised[1].message
    # the kind is named in the reader's language: English in the English sentence, Chinese in the Chinese one
    assert "sealing up premises" in raised[0].message and "查封场所" not in raised[0].message
    assert "查封场所、设施或财物，扣押财物（第四条第五项）" in (raised[0].message_zh or "")
    assert "obstruction of enforcement" in raised[1].message and "阻碍执法" in (raised[1].message_zh or "")
    assert review_activities(investigator) == []  # once per activity
    assert [a.id for a in list_activities(investigator, missing_only=True)] == [seizure.id]
    assert routine.id not in [a.id for a in list_activities(investigator, missing_only=True)]
    with pytest.raises(InvalidInputError, match="head"):
        add_non_recording_record(investigator, reason="secret_or_privacy", basis="涉及商业秘密", reporter="张三",
                                 head_acknowledged=" ", occurred_on=date(2026, 11, 24), activity_id=seizure.id)
    with pytest.raises(InvalidInputError, match="objectively_impossible"):
        add_non_recording_record(investigator, reason="lazy", basis="b", reporter="r", head_acknowledged="h",
                                 occurred_on=date(2026, 11, 24))
    record = add_non_recording_record(investigator, reason="explosion_hazard", basis="易燃易爆仓库，未配备防爆设备",
                                      reporter="张三", head_acknowledged="李队长", occurred_on=date(2026, 11, 24),
                                      activity_id=seizure.id)
    assert record.closed_findings == [raised[0].id] and _status(raised[0].id) == "resolved"
    assert list_activities(investigator, missing_only=True) == []
    with pytest.raises(InvalidInputError, match="non-recording"):
        resolve_finding(people["custodian"], finding_id=raised[0].id, resolution="x")


def test_gap_explanation_closes_the_finding(people: dict[str, ServiceContext]) -> None:
    custodian = people["custodian"]
    a = add_recording(custodian, "Z1", utc(1, 0), 60, in_vault=False)
    b = add_recording(custodian, "Z1", utc(1, 5), 60, in_vault=False)
    gap = add_finding(custodian, FindingKind.GAP, [a, b], 240.0)
    with pytest.raises(InvalidInputError, match="explain the gap"):
        resolve_finding(custodian, finding_id=gap.id, resolution="ok")
    with pytest.raises(InvalidInputError, match="describe"):
        explain_gap(custodian, finding_id=gap.id, reason="other")
    with pytest.raises(InvalidInputError, match="not one of"):
        explain_gap(custodian, finding_id=gap.id, reason="battery", spoken_explanation=True, spoken_recording_id=999)
    with pytest.raises(PermissionDeniedError):
        explain_gap(people["clerk"], finding_id=gap.id, reason="battery")
    assert build_dashboard(custodian).unexplained_gaps == 1
    result = explain_gap(custodian, finding_id=gap.id, reason="battery", text="电池耗尽，更换后继续",
                         spoken_explanation=True, spoken_offset_s=2.5)
    assert result.finding.status == "resolved" and "电量不足" in result.resolution
    assert result.details["spoken_recording_id"] == b.id  # the resuming recording by default
    assert build_dashboard(custodian).unexplained_gaps == 0
    with pytest.raises(InvalidInputError, match="already resolved"):
        explain_gap(custodian, finding_id=gap.id, reason="battery")


def test_remote_work_exemption_runs_24_hours_from_the_return(people: dict[str, ServiceContext],
                                                             clock: FrozenClock) -> None:
    custodian = people["custodian"]
    clock.set(utc(2, 0, day=27))  # imported three days after recording
    rec = add_recording(custodian, "Z1", utc(1, 0, day=24), seconds=60, in_vault=False)
    other = add_recording(custodian, "Z1", utc(3, 0, day=24), seconds=60, in_vault=False)
    late = add_finding(custodian, FindingKind.LATE_IMPORT, [rec])
    late2 = add_finding(custodian, FindingKind.LATE_IMPORT, [other])
    with pytest.raises(InvalidInputError, match="returned"):
        record_late_import_reason(custodian, finding_id=late.id, reason="remote_area")
    with pytest.raises(InvalidInputError, match="Even counted from the return"):
        record_late_import_reason(custodian, finding_id=late.id, reason="remote_area", returned_at=utc(0, 0, day=26))
    with pytest.raises(InvalidInputError, match="future"):
        record_late_import_reason(custodian, finding_id=late.id, reason="remote_area", returned_at=utc(3, 0, day=27))
    assert _status(late.id) == "open"
    result = record_late_import_reason(custodian, finding_id=late.id, reason="remote_area",
                                       returned_at=utc(10, 0, day=26), note="山区检查")
    assert result.details["exempt"] and result.finding.status == "resolved"
    with pytest.raises(InvalidInputError, match="note"):
        record_late_import_reason(custodian, finding_id=late2.id, reason="other")
    plain = record_late_import_reason(custodian, finding_id=late2.id, reason="other", note="忘记交卡")
    assert not plain.details["exempt"]
    week = next(w for w in build_dashboard(custodian).weekly_imports if w.recordings)
    assert (week.recordings, week.on_time, week.exempt, week.late) == (2, 0, 1, 1)


def test_dashboard_and_signed_monthly_report(people: dict[str, ServiceContext], clock: FrozenClock,
                                             tmp_path: Path) -> None:
    custodian = people["custodian"]
    add_device(custodian, serial="Z1", model="m", group="一组", responsible_person="王组长")
    add_device(custodian, serial="Z2", model="m", group="一组")
    a = add_recording(custodian, "Z1", utc(1, 0), seconds=60, in_vault=False)
    b = add_recording(custodian, "Z1", utc(1, 5), seconds=60, in_vault=False)
    add_finding(custodian, FindingKind.GAP, [a, b], 240.0)
    after_import(custodian, None, [a, b])
    add_activity(custodian, kind="major_case", place="某工厂", start=utc(0, 0, day=20), end=utc(1, 0, day=20),
                 case_number="明人社监〔2026〕12号")
    board = build_dashboard(custodian, undocked_days=7)
    # the fixture's first director was made by the administrator alone (two-person administration): a finding too
    assert board.open_findings == {"gap": 1, "unassigned": 1, "missing_recording": 1, "single_person_admin": 1}
    timeline = board.timelines[0]
    assert timeline.device == "Z1" and len(timeline.segments) == 2 and not timeline.checked
    assert timeline.gaps[0].start == a.end_at and timeline.gaps[0].end == b.start_at
    assert [d.device for d in board.undocked_devices] == ["Z2"]  # never docked
    assert [a.place for a in board.activities_missing_recordings] == ["某工厂"]
    assert [(u.device, u.recordings) for u in board.unchecked_days] == [("Z1", 2)]

    out = tmp_path / "report.pdf"
    result = monthly_report(custodian, month="2026-11")
    assert result.document.media_type == "application/pdf" and result.document.file_name.endswith(".pdf")
    assert hashlib.sha256(result.document.content).hexdigest() == result.sha256
    out.write_bytes(result.document.content)
    figures = result.figures
    assert figures.recordings_imported == 2 and figures.gaps == 1 and figures.gaps_explained == 0
    assert [f.kind for f in figures.open_findings] == ["single_person_admin", "gap", "unassigned", "missing_recording"]
    assert [(c.action, c.user, c.by) for c in figures.single_person_changes] == [("user.add", "director", "admin")]
    ok, message = validate_pdf_signature(out, custodian.station.certificate)
    assert ok, message
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "执法音像记录合规月报（2026年11月）" in text
    assert "应录未录" in text and "某工厂" in text and "王组长" in text
    assert "单人完成的账户授权" in text and "审计链头" in text  # the single-person grants; the chain head it witnesses
    with pytest.raises(InvalidInputError, match="YYYY-MM"):
        monthly_report(custodian, month="November")


def test_a_gap_without_a_spoken_explanation_stays_a_breach_until_a_director_decides(
    people: dict[str, ServiceContext]
) -> None:
    """Art. 11: the officer must explain the interruption by voice on resuming. Explained without it, the gap stays
    open (``breach``), listed in the monthly report; only a director closes it; found spoken after all, it closes."""
    from evidence_station.catalogue.compliance import GapExplanation
    from evidence_station.services.compliance_report import monthly_figures
    from evidence_station.services.finding_service import DirectorDecisionRequiredError

    custodian, director = people["custodian"], people["director"]
    a = add_recording(custodian, "Z1", utc(1, 0), 60, in_vault=False)
    b = add_recording(custodian, "Z1", utc(1, 5), 60, in_vault=False)
    gap = add_finding(custodian, FindingKind.GAP, [a, b], 240.0)
    kept = explain_gap(custodian, finding_id=gap.id, reason="battery", text="电池耗尽")
    assert kept.finding.status == "open" and _status(gap.id) == "open"
    assert (kept.resolved_at, kept.resolved_by, kept.details["breach"]) == (None, None, True)
    assert "NO spoken explanation" in kept.resolution
    assert Finding.get_by_id(gap.id).details["breach"] == "no_spoken_explanation"
    assert build_dashboard(custodian).unexplained_gaps == 0  # explained — but still an open finding
    assert build_dashboard(custodian).open_findings["gap"] == 1
    assert gap.id in [f.id for f in monthly_figures(custodian, month="2026-11").open_findings]
    with pytest.raises(DirectorDecisionRequiredError, match="director's decision") as refused:
        resolve_finding(custodian, finding_id=gap.id, resolution="已批评教育")
    assert refused.value.exit_code == 3 and "语音说明" in (refused.value.message_zh or "")
    assert _status(gap.id) == "open"
    again = explain_gap(custodian, finding_id=gap.id, reason="battery", spoken_explanation=True)
    assert again.finding.status == "resolved" and GapExplanation.select().count() == 1
    other = add_finding(custodian, FindingKind.GAP, [a, b], 240.0)
    explain_gap(custodian, finding_id=other.id, reason="bad_weather")
    decided = resolve_finding(director, finding_id=other.id, resolution="确属暴雨，已提醒语音说明")
    assert decided.finding.status == "resolved" and decided.details == {"director_decision": True}
    assert decided.resolution.startswith("director's decision: ")


def test_possible_inserted_footage_closes_only_with_a_directors_decision(people: dict[str, ServiceContext]) -> None:
    from evidence_station.catalogue.audit_tables import AuditEvent
    from evidence_station.services.finding_service import DirectorDecisionRequiredError

    custodian = people["custodian"]
    a = add_recording(custodian, "Z1", utc(1, 0), 60, in_vault=False)
    b = add_recording(custodian, "Z1", utc(1, 0, day=24) + timedelta(seconds=30), 60, in_vault=False)
    overlap = add_finding(custodian, FindingKind.TIME_OVERLAP, [a, b], 30.0)
    with pytest.raises(DirectorDecisionRequiredError, match="inserted or re-recorded"):
        resolve_finding(custodian, finding_id=overlap.id, resolution="相机时钟跳变")
    refusal = AuditEvent.select().where(AuditEvent.action == "refused.decide_finding").get()
    assert (refusal.actor, refusal.outcome, refusal.object_id) == ("custodian", "refused", str(overlap.id))
    assert _status(overlap.id) == "open"
    done = resolve_finding(people["director"], finding_id=overlap.id, resolution="经核查为相机时钟跳变，非插入画面")
    assert done.finding.status == "resolved" and done.resolved_by == "director"
