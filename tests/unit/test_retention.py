"""Retention and disposal services on a frozen clock: the one-year floor, case and legal holds, the
two-person rule, shared bytes surviving, tombstones that ``verify`` understands, the certificate."""

from __future__ import annotations

import hashlib
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.recordings import Recording
from evidence_station.catalogue.retention import DisposalItem, RetentionRule
from evidence_station.disc.signatures import validate_pdf_signature
from evidence_station.domain.clock import FrozenClock
from evidence_station.domain.errors import (
    IntegrityProblemError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from evidence_station.domain.retention import RetentionBasis
from evidence_station.domain.roles import Role
from evidence_station.services.audit_service import verify_audit
from evidence_station.services.case_service import add_case, attach_recordings, close_case
from evidence_station.services.context import ServiceContext
from evidence_station.services.retention_service import (
    DisposalBlockedError,
    approve_disposal,
    disposal_certificate,
    due_for_disposal,
    place_hold,
    propose_disposal,
    refuse_disposal,
    release_hold,
    retention_of,
    retention_summary,
    set_rule,
)
from evidence_station.services.users import login
from evidence_station.services.verify_service import verify_store
from tests.conftest import PASSWORD, add_user_confirmed
from tests.helpers.recordings import make_recordings

ONE_YEAR_AND_A_DAY = timedelta(days=366)


@pytest.fixture
def recordings(people: dict[str, ServiceContext]) -> list[int]:
    """Three recordings made on 2026-11-24 (the clock's day), imported by the custodian."""
    return make_recordings(people["custodian"])


def _actions(prefix: str) -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action.startswith(prefix)).order_by(AuditEvent.seq))


def test_nothing_is_disposed_before_one_year_whatever_the_settings(
    people: dict[str, ServiceContext], recordings: list[int], clock: FrozenClock
) -> None:
    custodian = people["custodian"]
    with pytest.raises(InvalidInputError, match="at least 1 year"):
        set_rule(people["admin"], scope="default", period="0y", reason="try to shorten")
    with write_transaction():  # a rule below the floor written behind the service's back is ignored too
        RetentionRule.create(scope="default", value="", years=0, set_by=people["admin"].actor.user_id,
                             set_at=clock.now())
    clock.advance(timedelta(days=364))
    assert due_for_disposal(custodian) == []
    with pytest.raises(DisposalBlockedError, match=r"kept until 2027-11-24T10:00:00\+08:00"):
        propose_disposal(custodian, recordings, reason="保存期满")
    soon = due_for_disposal(custodian, within_days=30)
    assert [d.recording_id for d in soon] == recordings and not any(d.due_now for d in soon)
    assert {d.device for d in soon} == {"Z8A0001"}  # the camera's serial, for the desk's due list
    assert retention_summary(custodian, within_days=30).due_soon == 3
    view = retention_of(people["auditor"], recordings[0])
    assert view.reasons[0].basis is RetentionBasis.MINIMUM and not view.due
    clock.advance(timedelta(days=2))
    assert [d.recording_id for d in due_for_disposal(custodian) if d.due_now] == recordings
    assert propose_disposal(custodian, recordings, reason="保存期满").status == "pending"
    assert Recording.select().where(Recording.disposed_at.is_null(False)).count() == 0  # proposing disposes nothing


def test_a_case_holds_its_recordings_and_closing_it_sets_their_period(
    people: dict[str, ServiceContext], recordings: list[int], clock: FrozenClock
) -> None:
    clerk, custodian = people["clerk"], people["custodian"]
    case = add_case(clerk, title="某公司拖欠工资案", number="明人社监〔2026〕12号")
    attach_recordings(clerk, case.case_id, [recordings[0]])
    clock.advance(timedelta(days=365 * 3))
    held = retention_of(custodian, recordings[0])
    assert held.held and held.keep_until is None and held.reasons[0].basis is RetentionBasis.OPEN_CASE
    assert [d.recording_id for d in due_for_disposal(custodian)] == recordings[1:]
    with pytest.raises(DisposalBlockedError, match=r"明人社监〔2026〕12号.*open"):
        propose_disposal(custodian, [recordings[0]], reason="过期")
    closed = close_case(clerk, case.case_id, retention="10y")
    after = retention_of(custodian, recordings[0])
    assert after.keep_until == closed.retention_until and after.reasons[0].basis is RetentionBasis.CLOSED_CASE
    clock.advance(timedelta(days=365 * 10 + 3))
    assert retention_of(custodian, recordings[0]).due


def test_rules_are_rechecked_at_approval_time(
    people: dict[str, ServiceContext], recordings: list[int], clock: FrozenClock
) -> None:
    clock.advance(ONE_YEAR_AND_A_DAY)
    proposal = propose_disposal(people["custodian"], recordings, reason="保存期满")
    (hold,) = place_hold(people["director2"], [recordings[1]], reason="投诉调查，暂停销毁")
    with pytest.raises(DisposalBlockedError, match="Legal hold"):
        approve_disposal(people["director"], proposal.proposal_id)
    assert Recording.select().where(Recording.disposed_at.is_null(False)).count() == 0
    done = approve_disposal(people["director"], proposal.proposal_id, exclude_blocked=True)
    assert [i.recording_id for i in done.disposed] == [recordings[0], recordings[2]]
    assert [i.recording_id for i in done.withheld] == [recordings[1]]
    assert people["custodian"].station.vault.has_blob(Recording.get_by_id(recordings[1]).sha256)
    released = release_hold(people["custodian"], hold.hold_id, reason="投诉已办结")
    assert not released.active and retention_of(people["custodian"], recordings[1]).due


def test_self_approval_and_wrong_roles_are_refused(
    people: dict[str, ServiceContext], recordings: list[int], clock: FrozenClock, station
) -> None:
    add_user_confirmed(people["admin"], name="both", roles=[Role.CUSTODIAN, Role.DIRECTOR], password=PASSWORD)
    both = login(station, "both", PASSWORD)
    clock.advance(ONE_YEAR_AND_A_DAY)
    with pytest.raises(PermissionDeniedError):
        propose_disposal(people["director"], recordings, reason="x")
    proposal = propose_disposal(both, recordings, reason="保存期满")
    with pytest.raises(PermissionDeniedError, match="own disposal proposal"):
        approve_disposal(both, proposal.proposal_id)
    with pytest.raises(PermissionDeniedError):
        approve_disposal(people["custodian"], proposal.proposal_id)
    refused = [e for e in _actions("refused.approve_disposal") if e.actor == "both"]
    assert len(refused) == 1 and refused[0].outcome == "refused"
    assert Recording.select().where(Recording.disposed_at.is_null(False)).count() == 0
    refusal = refuse_disposal(people["director"], proposal.proposal_id, reason="需再核对")
    assert refusal.status == "refused"
    with pytest.raises(InvalidInputError, match="refused"):
        approve_disposal(people["director2"], proposal.proposal_id)
    assert propose_disposal(people["custodian"], recordings, reason="再次提议").status == "pending"


def test_shared_bytes_survive_and_verify_understands_tombstones(
    people: dict[str, ServiceContext], recordings: list[int], clock: FrozenClock, tmp_path: Path
) -> None:
    custodian, station = people["custodian"], people["custodian"].station
    first = Recording.get_by_id(recordings[0])
    twin_id = Recording.insert(**{**{k: v for k, v in first.__data__.items() if k != "id"}, "duplicate_of": first.id,
                                  "card_path": "DCIM/101DSJ/copy.MP4"}).execute()
    custodian.audit("recording.stored", "recording", twin_id,  # as an import would have recorded it
                    {"sha256": first.sha256, "sm3": first.sm3, "size": first.size})
    clock.advance(ONE_YEAR_AND_A_DAY)
    proposal = propose_disposal(custodian, [first.id, recordings[1]], reason="保存期满")
    done = approve_disposal(people["director"], proposal.proposal_id)
    shared, gone = done.disposed
    assert (shared.blob, shared.shared_with) == ("shared", (twin_id,))
    assert gone.blob == "removed" and gone.blob_removed_at == clock.now()
    assert station.vault.has_blob(first.sha256)  # the twin still needs these bytes
    assert not station.vault.has_blob(gone.sha256)
    tombstone = Recording.get_by_id(recordings[1])  # the catalogue keeps the entry, marked disposed
    assert tombstone.disposed_at == clock.now() and tombstone.sha256 == gone.sha256
    check = verify_store(station, custodian)
    assert check.ok, check.problems
    assert check.checked == 2  # the live twin and the untouched third recording
    second = propose_disposal(custodian, [twin_id], reason="副本")
    last = approve_disposal(people["director2"], second.proposal_id)
    assert last.disposed[0].blob == "removed" and not station.vault.has_blob(first.sha256)
    assert verify_store(station, custodian).ok
    assert verify_audit(station, None).ok
    actions = [e.action for e in _actions("disposal.")]
    assert actions == ["disposal.propose", "disposal.approve", "disposal.blobs", "disposal.certificate"] * 2
    copy = disposal_certificate(people["clerk"], done.proposal_id)  # kept at the station, handed out by id
    assert copy.content.startswith(b"%PDF") and copy.file_name == f"disposal-{done.proposal_id:06d}.pdf"
    assert hashlib.sha256(copy.content).hexdigest() == done.certificate_sha256
    assert [e.action for e in _actions("disposal.")][-1] == "disposal.certificate_copy"


def test_certificate_lists_hashes_people_and_is_signed(
    people: dict[str, ServiceContext], recordings: list[int], clock: FrozenClock, tmp_path: Path
) -> None:
    clock.advance(ONE_YEAR_AND_A_DAY)
    proposal = propose_disposal(people["custodian"], recordings, reason="保存期满，依第十六条销毁")
    done = approve_disposal(people["director"], proposal.proposal_id)
    path = tmp_path / "certificate.pdf"
    path.write_bytes(disposal_certificate(people["director"], done.proposal_id).content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "执法音像记录销毁证明" in text and "Custodian" in text and "Director" in text
    for item in done.disposed:
        assert item.sha256 in text and item.sm3 in text
    assert "现场询问录音_李四.WAV" in text and "保存期满，依第十六条销毁" in text
    ok, message = validate_pdf_signature(path, people["director"].station.certificate)
    assert ok, message
    assert hashlib.sha256(path.read_bytes()).hexdigest() == done.certificate_sha256
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Helvetica" not in fonts


def test_a_failed_blob_removal_is_finished_by_approving_again(
    people: dict[str, ServiceContext], recordings: list[int], clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evidence_station.vault.errors import VaultWriteError

    vault = people["director"].station.vault
    clock.advance(ONE_YEAR_AND_A_DAY)
    proposal = propose_disposal(people["custodian"], [recordings[0]], reason="保存期满")

    def broken(sha256: str) -> None:
        raise VaultWriteError("disk is read-only")

    monkeypatch.setattr(vault, "remove_blob", broken)
    with pytest.raises(IntegrityProblemError, match="again to finish"):
        approve_disposal(people["director"], proposal.proposal_id)
    item = DisposalItem.get(DisposalItem.recording == recordings[0])
    assert item.blob == "pending" and item.status == "disposed"
    monkeypatch.undo()
    done = approve_disposal(people["director"], proposal.proposal_id)
    assert done.disposed[0].blob == "removed" and done.completed_at is not None
    with pytest.raises(InvalidInputError, match="already approved"):
        approve_disposal(people["director"], proposal.proposal_id)


def test_holds_need_a_reason_a_role_and_a_live_recording(
    people: dict[str, ServiceContext], recordings: list[int], clock: FrozenClock
) -> None:
    with pytest.raises(PermissionDeniedError):
        place_hold(people["clerk"], [recordings[0]], reason="x")
    with pytest.raises(InvalidInputError, match="reason"):
        place_hold(people["custodian"], [recordings[0]], reason=" ")
    (hold,) = place_hold(people["custodian"], [recordings[0]], reason="诉讼保全")
    clock.advance(timedelta(days=365 * 5))
    view = retention_of(people["custodian"], recordings[0])
    assert view.held and [h.hold_id for h in view.holds] == [hold.hold_id]
    release_hold(people["director"], hold.hold_id, reason="判决生效")
    with pytest.raises(InvalidInputError, match="already released"):
        release_hold(people["director"], hold.hold_id, reason="again")
    proposal = propose_disposal(people["custodian"], [recordings[0]], reason="期满")
    approve_disposal(people["director"], proposal.proposal_id)
    with pytest.raises(InvalidInputError, match="disposed of"):
        place_hold(people["custodian"], [recordings[0]], reason="too late")
    with pytest.raises(DisposalBlockedError, match="already disposed"):
        propose_disposal(people["custodian"], [recordings[0]], reason="again")


def test_a_certificate_is_handed_out_only_once_made_and_only_as_signed(
    people: dict[str, ServiceContext], recordings: list[int], clock: FrozenClock
) -> None:
    clock.advance(ONE_YEAR_AND_A_DAY)
    proposal = propose_disposal(people["custodian"], [recordings[0]], reason="保存期满")
    with pytest.raises(NotFoundError, match="no certificate"):
        disposal_certificate(people["director"], proposal.proposal_id)
    with pytest.raises(NotFoundError):
        disposal_certificate(people["director"], 999_999)
    done = approve_disposal(people["director"], proposal.proposal_id)
    kept = people["director"].station.home.exports_dir / "disposal" / f"disposal-{done.proposal_id:06d}.pdf"
    kept.chmod(0o600)
    kept.write_bytes(kept.read_bytes() + b"%% appended")
    with pytest.raises(IntegrityProblemError, match="not the one signed"):
        disposal_certificate(people["director"], done.proposal_id)


def _evidence_export(clerk: ServiceContext, case_id: int, recording_ids: list[int], status: str = "completed") -> int:
    """An evidence export of the case whose one disc holds ``recording_ids`` (rows as a finished export leaves them)."""
    from evidence_station.catalogue.cases import Export, ExportDisc, ExportFile

    now = clerk.now()
    with write_transaction():
        export = Export.create(case=case_id, station_uid=clerk.station.station_uid, created_by=clerk.actor.user_id,
                               started_at=now, finished_at=now, status=status, producer="clerk", extractor="李四",
                               extraction_time=now, purpose="证据", for_evidence=True, media="dvd", media_bytes=1,
                               disc_count=1, verified=status == "completed")
        disc = ExportDisc.create(export=export, index=1, image_path="x.iso", image_sha256="0" * 64, image_size=1,
                                 volume_id="V", manifest_sha256="0" * 64)
        for rid in recording_ids:
            rec = Recording.get_by_id(rid)
            ExportFile.create(disc=disc, recording=rec, disc_path=rec.file_name, size=rec.size, sha256=rec.sha256,
                              sm3=rec.sm3)
    return export.id


def test_a_recording_on_an_evidence_disc_stays_with_its_case(
    people: dict[str, ServiceContext], recordings: list[int], clock: FrozenClock
) -> None:
    """Art. 16: detaching a recording already on a completed evidence export of the case is refused, naming the
    export; one on a failed export may go; `retention show` says the export keeps it — even for a link removed
    behind the service's back (or before the refusal existed)."""
    from evidence_station.catalogue.cases import CaseRecording
    from evidence_station.services.case_service import OnEvidenceDiscError, detach_recordings

    clerk = people["clerk"]
    case = add_case(clerk, title="甲", number="明人社监〔2026〕12号")
    attach_recordings(clerk, case.case_id, recordings)
    failed = _evidence_export(clerk, case.case_id, recordings[:2], status="failed")
    done = _evidence_export(clerk, case.case_id, [recordings[0]])
    with pytest.raises(OnEvidenceDiscError, match=f"recording {recordings[0]} is on evidence export #{done}") as err:
        detach_recordings(clerk, case.case_id, [recordings[0], recordings[1]])
    assert err.value.exit_code == 2 and f"证据导出 #{done}" in (err.value.message_zh or "")
    assert CaseRecording.select().where(CaseRecording.case == case.case_id).count() == 3
    assert detach_recordings(clerk, case.case_id, [recordings[1]]).recording_ids == (recordings[0], recordings[2])
    assert failed != done
    shown = retention_of(clerk, recordings[0])
    assert shown.held and shown.reasons[0].basis is RetentionBasis.OPEN_CASE
    assert f"evidence export #{done}" in shown.reasons[0].detail and f"#{done}" in shown.reasons[0].said.render("zh_CN")
    close_case(clerk, case.case_id, retention="30y")
    CaseRecording.delete().where(CaseRecording.recording == recordings[0]).execute()  # behind the service's back
    kept = retention_of(clerk, recordings[0])
    assert kept.reasons[0].basis is RetentionBasis.CLOSED_CASE and f"evidence export #{done}" in kept.reasons[0].detail
    assert kept.keep_until is not None and kept.keep_until.year == 2056
    assert retention_of(clerk, recordings[1]).reasons[0].basis is RetentionBasis.MINIMUM


def test_reason_sentences_are_rendered_once_and_kept_apart() -> None:
    """A long due list repeats a few sentences: each is rendered once; different arguments stay different."""
    from evidence_station.domain import retention as domain_retention

    start = datetime(2020, 1, 1, tzinfo=UTC)
    domain_retention._rendered_pair.cache_clear()
    first = domain_retention.keep_until(start, holds=[domain_retention.Hold(1, "lawsuit A")])
    second = domain_retention.keep_until(start, holds=[domain_retention.Hold(2, "lawsuit B")])
    again = domain_retention.keep_until(start, holds=[domain_retention.Hold(1, "lawsuit A")])
    details = [r.detail for r in first.reasons + second.reasons if r.basis.value == "legal_hold"]
    assert details == ["Legal hold #1: lawsuit A", "Legal hold #2: lawsuit B"]
    assert again.reasons == first.reasons
    assert domain_retention._rendered_pair.cache_info().hits >= 3  # the floor twice, hold #1 once
