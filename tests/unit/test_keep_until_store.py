"""The keep-until date stored on each recording (issue #22) equals the one computed from the rules after every
kind of change that decides it — import, legal hold and its release, rules, case attach/detach/close, activity
assignment, classification, an evidence export — in the transaction of the change (never left for later), and
the audit events of those actions are what they were."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.recordings import Recording
from evidence_station.catalogue.schema import KEEP_UNTIL_INDEX, LAST_IMPORT_INDEX, MIGRATIONS, ensure_schema
from evidence_station.domain.clock import FrozenClock
from evidence_station.media.demo_card import write_demo_card
from evidence_station.services import keep_until_store
from evidence_station.services.activity_service import add_activity, assign_recordings
from evidence_station.services.case_service import add_case, attach_recordings, close_case, detach_recordings
from evidence_station.services.classification_service import set_classification
from evidence_station.services.context import ServiceContext
from evidence_station.services.import_service import import_card
from evidence_station.services.keep_until_store import (
    STATE_UNKNOWN,
    decisions_for,
    restamp_export,
    stamp_unknown,
    stored_form,
)
from evidence_station.services.retention_service import (
    approve_disposal,
    clear_rule,
    due_for_disposal,
    place_hold,
    propose_disposal,
    release_hold,
    retention_summary,
    set_rule,
)
from evidence_station.services.station import Station
from tests.helpers.people import add_person
from tests.helpers.recordings import make_recordings


def _stored() -> dict[int, tuple[datetime | None, str]]:
    return {r.id: (r.keep_until, r.retention_state) for r in Recording.select().order_by(Recording.id)}


def _computed() -> dict[int, tuple[datetime | None, str]]:
    recordings = list(Recording.select().order_by(Recording.id))
    decisions = decisions_for(recordings)
    return {r.id: stored_form(decisions[r.id], disposed=r.disposed_at is not None) for r in recordings}


def _assert_fresh() -> None:
    stored = _stored()
    assert stored == _computed()
    assert all(state != STATE_UNKNOWN for _, state in stored.values())


def _state(recording_id: int) -> str:
    return Recording.get_by_id(recording_id).retention_state


@pytest.fixture
def stamped(people: dict[str, ServiceContext]) -> list[int]:
    """Three recordings written straight into the catalogue (never stamped), then stamped."""
    ids = make_recordings(people["custodian"])
    assert {_state(rid) for rid in ids} == {STATE_UNKNOWN}
    assert stamp_unknown() == 3 and stamp_unknown() == 0
    _assert_fresh()
    return ids


def test_an_import_stores_each_recordings_keep_until(people: dict[str, ServiceContext], tmp_path: Path) -> None:
    card = tmp_path / "card"
    write_demo_card(card, seed=7, day=date(2026, 11, 24))
    import_card(people["custodian"], card)
    assert Recording.select().count() > 0
    _assert_fresh()


def test_holds_rules_and_classification_restamp_in_their_transaction(
    people: dict[str, ServiceContext], stamped: list[int], clock: FrozenClock
) -> None:
    admin = people["admin"]
    director = add_person(admin.station, admin, "chief", "director", clearance=1)
    (hold,) = place_hold(people["custodian"], [stamped[0]], reason="复议")
    assert _state(stamped[0]) == "held"
    _assert_fresh()
    release_hold(people["custodian"], hold.hold_id, reason="复议结束")
    assert _state(stamped[0]) == "date"
    _assert_fresh()
    before = Recording.get_by_id(stamped[1]).keep_until
    set_rule(admin, scope="default", period="10y", reason="本局规定")
    assert Recording.get_by_id(stamped[1]).keep_until.year == before.year + 9
    _assert_fresh()
    set_rule(admin, scope="classification", value="restricted", period="permanent", reason="内部")
    _assert_fresh()
    set_classification(director, stamped[2], "restricted", reason="涉及个人信息")
    assert _state(stamped[2]) == "permanent"
    _assert_fresh()
    clear_rule(admin, scope="classification", value="restricted", reason="撤销")
    assert _state(stamped[2]) == "date"
    _assert_fresh()
    clear_rule(admin, scope="default", reason="撤销")
    assert Recording.get_by_id(stamped[1]).keep_until == before
    _assert_fresh()
    actions = [e.action for e in AuditEvent.select().where(AuditEvent.action.startswith("retention.")
                                                           | (AuditEvent.action == "recording.classify"))]
    assert actions == ["retention.hold", "retention.release", "retention.rule_set", "retention.rule_set",
                       "recording.classify", "retention.rule_clear", "retention.rule_clear"]


def test_never_stamped_rows_get_their_holds_and_cases_page_by_page(
    people: dict[str, ServiceContext], stamped: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``stamp_unknown`` reads each page's holds and cases over the page's id range: a page boundary between the
    recordings must not lose them."""
    clerk = people["clerk"]
    place_hold(people["custodian"], [stamped[0]], reason="复议")
    case = add_case(clerk, title="乙", number="明人社监〔2026〕8号")
    attach_recordings(clerk, case.case_id, [stamped[2]])
    with write_transaction():  # as a catalogue from before version 8 (or rows written without the services) has them
        Recording.update(keep_until=None, retention_state=STATE_UNKNOWN).execute()
    monkeypatch.setattr(keep_until_store, "_PAGE", 2)
    assert stamp_unknown() == 3
    assert [_state(rid) for rid in stamped] == ["held", "date", "held"]
    _assert_fresh()


def test_cases_activities_and_evidence_exports_restamp(
    people: dict[str, ServiceContext], stamped: list[int], clock: FrozenClock
) -> None:
    from evidence_station.catalogue.cases import Export, ExportDisc, ExportFile

    clerk, admin, investigator = people["clerk"], people["admin"], people["investigator"]
    case = add_case(clerk, title="甲", number="明人社监〔2026〕7号")
    attach_recordings(clerk, case.case_id, stamped)
    assert {_state(rid) for rid in stamped} == {"held"}
    _assert_fresh()
    detach_recordings(clerk, case.case_id, [stamped[2]])
    assert _state(stamped[2]) == "date"
    _assert_fresh()
    now = clerk.now()
    with write_transaction():  # rows as a finished evidence export leaves them; the export service then restamps
        export = Export.create(case=case.case_id, station_uid=clerk.station.station_uid, created_by=clerk.actor.user_id,
                               started_at=now, finished_at=now, status="completed", producer="clerk", extractor="李四",
                               extraction_time=now, purpose="证据", for_evidence=True, media="dvd", media_bytes=1,
                               disc_count=1, verified=True)
        disc = ExportDisc.create(export=export, index=1, image_path="x.iso", image_sha256="0" * 64, image_size=1,
                                 volume_id="V", manifest_sha256="0" * 64)
        rec = Recording.get_by_id(stamped[0])
        ExportFile.create(disc=disc, recording=rec, disc_path=rec.file_name, size=rec.size, sha256=rec.sha256,
                          sm3=rec.sm3)
        restamp_export(export.id)
    _assert_fresh()
    close_case(clerk, case.case_id, retention="30y")
    assert Recording.get_by_id(stamped[0]).keep_until.year == 2056
    _assert_fresh()
    set_rule(admin, scope="activity_kind", value="ordinary_inspection", period="20y", reason="检查")
    activity = add_activity(investigator, kind="ordinary_inspection", place="某公司", start=now - timedelta(hours=2),
                            end=now)
    assign_recordings(investigator, activity_id=activity.id, recording_ids=[stamped[2]])
    assert Recording.get_by_id(stamped[2]).keep_until.year == 2046
    _assert_fresh()


def test_due_and_summary_read_the_stored_dates(
    people: dict[str, ServiceContext], stamped: list[int], clock: FrozenClock
) -> None:
    custodian = people["custodian"]
    extra = make_recordings(custodian, sizes=(1000,))
    clock.advance(timedelta(days=366))
    assert [d.recording_id for d in due_for_disposal(custodian)] == [*stamped, *extra]
    proposal = propose_disposal(custodian, extra, reason="保存期限已满")
    approve_disposal(people["director"], proposal.proposal_id)
    assert _state(extra[0]) == "disposed"  # out of the due range of the index for good
    _assert_fresh()
    assert [d.recording_id for d in due_for_disposal(custodian)] == stamped
    with write_transaction():  # a stored date says "not yet": the list follows the index, not a full pass
        Recording.update(keep_until=datetime(2099, 1, 1, tzinfo=UTC)).where(Recording.id == stamped[0]).execute()
    assert [d.recording_id for d in due_for_disposal(custodian)] == stamped[1:]
    summary = retention_summary(custodian, within_days=30)
    assert (summary.due_now, summary.due_soon) == (2, 0)


def test_version_7_adds_the_columns_and_the_index(station: Station) -> None:
    db = station.db
    assert {KEEP_UNTIL_INDEX, LAST_IMPORT_INDEX} <= {index.name for index in db.get_indexes("recording")}
    assert 7 in {m.version for m in MIGRATIONS}
    assert ensure_schema(db) >= 7  # nothing left to do
