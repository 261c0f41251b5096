"""The import's compliance hook on a real demo card: offsets in force applied (corrected times beside the
camera's), ``clock_offset`` and ``unassigned`` raised, activities checked and assigned, gaps explained."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from evidence_station.catalogue.recordings import Finding, ImportSession, Recording
from evidence_station.domain.compliance import corrected_time
from evidence_station.domain.errors import NotFoundError
from evidence_station.media.demo_card import write_demo_card
from evidence_station.services.activity_service import add_activity, assign_recordings, suggest_assignments
from evidence_station.services.context import ServiceContext
from evidence_station.services.device_service import add_device, add_pre_use_check
from evidence_station.services.finding_service import explain_gap
from evidence_station.services.import_service import import_card
from tests.helpers.recordings import utc

DAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def master_card(tmp_path_factory: pytest.TempPathFactory) -> Path:
    card = tmp_path_factory.mktemp("compliance") / "card"
    write_demo_card(card, seed=3, day=DAY)
    return card


@pytest.fixture
def card(tmp_path: Path, master_card: Path) -> Path:
    target = tmp_path / "card"
    shutil.copytree(master_card, target, symlinks=True)
    return target


def test_import_applies_offsets_and_flags_unassigned_and_gaps_get_explained(
    people: dict[str, ServiceContext], card: Path
) -> None:
    custodian = people["custodian"]
    add_device(custodian, serial="Z8A0001", model="DSJ", group="一组", responsible_person="王组长")
    check = add_pre_use_check(custodian, serial="Z8A0001", offset_s=42.0, checked_at=utc(23, 0, day=23))
    # An activity covering the morning (true time) with camera A listed: its recordings are suggested.
    activity = add_activity(custodian, kind="obstruction", place="某建筑工地", start=utc(0, 0), end=utc(2, 0),
                            devices=["Z8A0001"])
    result = import_card(custodian, card)
    recs = list(Recording.select().where(Recording.import_session == result.import_id))
    a_recs = [r for r in recs if r.device_id and r.device.serial == "Z8A0001"]
    others = [r for r in recs if r.device_id and r.device.serial != "Z8A0001"]
    assert a_recs and others
    assert {r.clock_offset_s for r in a_recs} == {42.0}
    assert {r.clock_offset_s for r in others} == {None}
    first = min(a_recs, key=lambda r: r.start_at)
    assert corrected_time(first.start_at, first.clock_offset_s) == first.start_at - timedelta(seconds=42)

    by_kind: dict[str, list] = {}
    for f in result.findings:
        by_kind.setdefault(f.kind, []).append(f)
    offset = by_kind["clock_offset"]
    assert [f.id for f in offset] == [check.finding_id]
    assert set(offset[0].recording_ids) == {r.id for r in a_recs}
    unassigned = by_kind["unassigned"]
    flagged = {rid for f in unassigned for rid in f.recording_ids}
    media = {r.id for r in recs if r.kind in ("video", "audio", "photo") and r.duplicate_of_id is None}
    assert flagged == media
    assert all(Finding.get_by_id(f.id).import_session_id == result.import_id for f in unassigned)

    suggested = {s.recording_id for s in suggest_assignments(custodian, activity_id=activity.id)}
    assert suggested == {r.id for r in a_recs if r.file_name.startswith("Z8A0001")}
    assign_recordings(custodian, activity_id=activity.id, suggested=True)

    gap = by_kind["gap"][0]
    explained = explain_gap(custodian, finding_id=gap.id, reason="change_of_place", text="转移到二楼检查",
                            spoken_explanation=True)
    assert explained.finding.status == "resolved"
    assert Finding.get_by_id(gap.id).status == "resolved"


def test_import_into_an_activity_checks_it_and_assigns(people: dict[str, ServiceContext], card: Path) -> None:
    custodian = people["custodian"]
    with pytest.raises(NotFoundError, match="activity"):
        import_card(custodian, card, activity_id=999)
    assert ImportSession.select().count() == 0  # refused before anything was written
    activity = add_activity(custodian, kind="ordinary_inspection", place="门店", start=utc(0, 0), end=utc(3, 0))
    result = import_card(custodian, card, activity_id=activity.id)
    assert not [f for f in result.findings if f.kind == "unassigned"]
    ids = [f.recording_id for f in result.files if f.recording_id]
    assert {Recording.get_by_id(i).activity_id for i in ids} == {activity.id}
    assert assign_recordings(custodian, activity_id=activity.id, recording_ids=ids[:1]).assigned == []
