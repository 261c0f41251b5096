"""Viewing control (Art. 18–20) through the services: the permission matrix, grants with a frozen clock,
self-approval, clearance and secret recordings, sessions, snapshots and provision approvals.

Every refused action must leave exactly one audit event (outcome ``refused``) and change nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from evidence_station.audit.log import event_count
from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.recordings import Recording
from evidence_station.catalogue.viewing import MODELS as VIEWING_MODELS
from evidence_station.catalogue.viewing import ViewingRequest, ViewingRequestRecording
from evidence_station.domain.clock import FrozenClock
from evidence_station.domain.errors import (
    EvidenceStationError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from evidence_station.services import viewing_pictures as vp
from evidence_station.services import viewing_service as vs
from evidence_station.services.classification_service import set_classification
from evidence_station.services.context import ServiceContext
from evidence_station.services.recordings_service import get_recording, list_recordings
from evidence_station.services.station import Station
from evidence_station.services.verify_service import verify_store
from tests.helpers.people import add_person
from tests.helpers.recordings import CLIP_SIZE, add_recording, clip_bytes

ROLES = ["custodian", "investigator", "director", "clerk", "auditor", "admin"]


# ----------------------------------------------------------------------------------------- helpers








def state() -> tuple:
    """Everything viewing control and classification may change (to prove refusals change nothing)."""
    tables = tuple(tuple(tuple(row.values()) for row in model.select().dicts()) for model in VIEWING_MODELS)
    return tables, tuple(Recording.select(Recording.id, Recording.classification).tuples())


def last_event() -> AuditEvent:
    return AuditEvent.select().order_by(AuditEvent.seq.desc()).first()


def refused_cleanly(action: Callable[[], object], error: type[EvidenceStationError] = PermissionDeniedError,
                    audit_action: str | None = None) -> AuditEvent:
    """Run ``action``, expect ``error``, one new refused audit event, and no other change."""
    before, events = state(), event_count()
    with pytest.raises(error):
        action()
    assert event_count() == events + 1, "a refusal must leave exactly one audit event"
    event = last_event()
    assert event.outcome == "refused"
    if audit_action:
        assert event.action == audit_action
    assert state() == before, "a refusal must change nothing else"
    return event


@pytest.fixture
def rec(people: dict[str, ServiceContext]) -> int:
    return add_recording(people["custodian"]).id


def approved_for(people: dict[str, ServiceContext], who: str, rec_id: int, hours: float | None = None,
                 approver: str = "director") -> vs.ViewingRequestResult:
    req = vs.request_viewing(people[who], recording_ids=[rec_id], reason="核查投诉 2026-001")
    return vs.approve_request(people[approver], req.request_id, hours=hours)


# ----------------------------------------------------------------------------------------- matrix
@pytest.mark.parametrize("role", ROLES)
def test_matrix_request(people: dict[str, ServiceContext], rec: int, role: str) -> None:
    ctx = people[role]
    if role in {"custodian", "investigator", "director", "clerk"}:
        result = vs.request_viewing(ctx, recording_ids=[rec], reason="案件办理需要")
        assert result.status == "pending" and result.viewer == role and result.recording_ids == [rec]
        assert last_event().action == "viewing.request"
    else:
        refused_cleanly(lambda: vs.request_viewing(ctx, recording_ids=[rec], reason="peek"),
                        audit_action="refused.request_viewing")


@pytest.mark.parametrize("decision", ["approve", "refuse"])
@pytest.mark.parametrize("role", ROLES)
def test_matrix_decide(people: dict[str, ServiceContext], rec: int, role: str, decision: str) -> None:
    pending = vs.request_viewing(people["investigator2"], recording_ids=[rec], reason="复核")
    ctx = people[role]

    def decide() -> vs.ViewingRequestResult:
        if decision == "approve":
            return vs.approve_request(ctx, pending.request_id)
        return vs.refuse_request(ctx, pending.request_id, reason="理由不充分")

    if role == "director":
        result = decide()
        assert result.status == ("approved" if decision == "approve" else "refused")
        assert result.decided_by == "director"
        assert last_event().action == f"viewing.{decision}"
    else:
        refused_cleanly(decide, audit_action="refused.decide_viewing")
        assert ViewingRequest.get_by_id(pending.request_id).status == "pending"


@pytest.mark.parametrize("role", ROLES)
def test_matrix_revoke(people: dict[str, ServiceContext], rec: int, role: str) -> None:
    grant = approved_for(people, "investigator", rec, approver="director2")
    ctx = people[role]
    if role == "director":
        result = vs.revoke_request(ctx, grant.request_id, reason="案件已办结")
        assert result.status == "revoked" and result.state == "revoked" and result.revoked_by == "director"
        refused_cleanly(lambda: vs.require_viewing_grant(people["investigator"], rec))
    else:
        refused_cleanly(lambda: vs.revoke_request(ctx, grant.request_id, reason="x"),
                        audit_action="refused.revoke_viewing")
        assert vs.require_viewing_grant(people["investigator"], rec).request_id == grant.request_id


def _force_grant(ctx: ServiceContext, approver: ServiceContext, rec_id: int) -> None:
    """An approved grant written straight into the catalogue (for roles that may not even ask)."""
    now = ctx.now()
    req = ViewingRequest.create(requested_by=ctx.actor.user_id, viewer=ctx.actor.user_id, reason="forced",
                                station_uid=ctx.station.station_uid, requested_at=now, status="approved",
                                decided_by=approver.actor.user_id, decided_at=now, valid_from=now,
                                valid_until=now + timedelta(hours=1))
    ViewingRequestRecording.create(request=req, recording=rec_id)


@pytest.mark.parametrize("role", ROLES)
def test_matrix_open(people: dict[str, ServiceContext], rec: int, role: str) -> None:
    ctx = people[role]
    # Without a grant nobody opens footage, whatever their role.
    refused_cleanly(lambda: vs.open_viewing_session(ctx, rec), audit_action="refused.open_recording")
    if role in {"custodian", "investigator", "clerk"}:
        approved_for(people, role, rec)
    elif role == "director":
        approved_for(people, role, rec, approver="director2")
    else:  # auditor and admin may not open footage even with an approval in the catalogue
        _force_grant(ctx, people["director"], rec)
        refused_cleanly(lambda: vs.open_viewing_session(ctx, rec), audit_action="refused.open_recording")
        return
    session = vs.open_viewing_session(ctx, rec)
    assert session.recording_id == rec and session.sha256 == Recording.get_by_id(rec).sha256
    assert not hasattr(session, "path_to_blob") and session.stream_url == ""  # the server fills in the stream
    assert last_event().action == "viewing.open"
    # …and only their own grant counts: another user of the same role is still refused.
    other = "investigator2" if role == "investigator" else ("director2" if role == "director" else "investigator")
    refused_cleanly(lambda: vs.open_viewing_session(people[other], rec))


# ----------------------------------------------------------------------------------------- rules
def test_self_approval_refused(people: dict[str, ServiceContext], rec: int) -> None:
    own = vs.request_viewing(people["director"], recording_ids=[rec], reason="督查")
    event = refused_cleanly(lambda: vs.approve_request(people["director"], own.request_id))
    assert "own request" in event.details["reason"]
    refused_cleanly(lambda: vs.refuse_request(people["director"], own.request_id, reason="x"))
    assert vs.approve_request(people["director2"], own.request_id).status == "approved"


def test_custodian_on_behalf_cannot_be_approved_by_the_beneficiary(people: dict[str, ServiceContext],
                                                                   rec: int) -> None:
    req = vs.request_viewing(people["custodian"], recording_ids=[rec], reason="现场查阅", on_behalf_of="director")
    assert req.viewer == "director" and req.requested_by == "custodian" and req.on_site_only
    refused_cleanly(lambda: vs.approve_request(people["director"], req.request_id))
    vs.approve_request(people["director2"], req.request_id)
    assert vs.require_viewing_grant(people["director"], rec).request_id == req.request_id
    refused_cleanly(lambda: vs.require_viewing_grant(people["custodian"], rec))  # the grant is not theirs


def test_only_custodian_asks_on_behalf(people: dict[str, ServiceContext], rec: int) -> None:
    refused_cleanly(lambda: vs.request_viewing(people["investigator"], recording_ids=[rec], reason="x",
                                               on_behalf_of="investigator2"))


def test_grant_expires_with_the_clock(people: dict[str, ServiceContext], rec: int, clock: FrozenClock) -> None:
    grant = approved_for(people, "investigator", rec, hours=2)
    assert grant.valid_until == clock.now() + timedelta(hours=2)
    assert grant.seconds_left == 7200
    clock.advance(timedelta(hours=1, minutes=59))
    view = vs.require_viewing_grant(people["investigator"], rec)
    assert view.seconds_left == 60
    assert [g.request_id for g in vs.my_grants(people["investigator"])] == [grant.request_id]
    clock.advance(timedelta(minutes=1))
    event = refused_cleanly(lambda: vs.open_viewing_session(people["investigator"], rec))
    assert "expired" in event.details["reason"]
    assert vs.my_grants(people["investigator"]) == []
    assert [r.request_id for r in vs.list_requests(people["investigator"], status="expired")] == [grant.request_id]


def test_default_validity_and_limits(people: dict[str, ServiceContext], rec: int, clock: FrozenClock) -> None:
    grant = approved_for(people, "investigator", rec)
    assert grant.valid_until - clock.now() == timedelta(hours=people["director"].station.settings.viewing_default_hours)
    req = vs.request_viewing(people["clerk"], recording_ids=[rec], reason="x")
    for hours in (0, -1, 1000):
        with pytest.raises(InvalidInputError):
            vs.approve_request(people["director"], req.request_id, hours=hours)
    assert ViewingRequest.get_by_id(req.request_id).status == "pending"


def test_decisions_happen_once(people: dict[str, ServiceContext], rec: int) -> None:
    grant = approved_for(people, "investigator", rec)
    with pytest.raises(InvalidInputError):
        vs.refuse_request(people["director2"], grant.request_id, reason="too late")
    with pytest.raises(NotFoundError):
        vs.approve_request(people["director"], 9999)


def test_refused_request_grants_nothing(people: dict[str, ServiceContext], rec: int) -> None:
    req = vs.request_viewing(people["investigator"], recording_ids=[rec], reason="x")
    result = vs.refuse_request(people["director"], req.request_id, reason="与案件无关")
    assert (result.status, result.decision_reason) == ("refused", "与案件无关")
    event = refused_cleanly(lambda: vs.require_viewing_grant(people["investigator"], rec))
    assert "refused" in event.details["reason"]


def test_on_site_grant_only_at_its_station(people: dict[str, ServiceContext], rec: int) -> None:
    req = vs.request_viewing(people["investigator"], recording_ids=[rec], reason="x")
    vs.approve_request(people["director"], req.request_id, on_site_only=True)
    assert vs.require_viewing_grant(people["investigator"], rec).on_site_only
    ViewingRequest.update(station_uid="ES-OTHERSTATION").where(ViewingRequest.id == req.request_id).execute()
    event = refused_cleanly(lambda: vs.require_viewing_grant(people["investigator"], rec))
    assert "on-site" in event.details["reason"]


def test_request_validation(people: dict[str, ServiceContext], rec: int) -> None:
    inv = people["investigator"]
    for kwargs in ({"reason": "  "}, {"reason": "x", "purpose": "curiosity"}, {"reason": "x", "kind": "copy"}):
        with pytest.raises(InvalidInputError):
            vs.request_viewing(inv, recording_ids=[rec], **kwargs)
    with pytest.raises(InvalidInputError):
        vs.request_viewing(inv, recording_ids=[], reason="x")
    with pytest.raises(NotFoundError):
        vs.request_viewing(inv, recording_ids=[424242], reason="x")
    with pytest.raises(InvalidInputError):  # external provision names its recipient
        vs.request_viewing(inv, recording_ids=[rec], reason="x", kind="external_provision")
    assert ViewingRequest.select().count() == 0


def test_request_all_recordings_of_an_activity(people: dict[str, ServiceContext]) -> None:
    ids = [add_recording(people["custodian"], activity_id=7).id for _ in range(3)]
    add_recording(people["custodian"], activity_id=8)
    req = vs.request_viewing(people["investigator"], recording_ids=[], activity_id=7, reason="案件 7",
                             purpose="review_litigation")
    assert req.recording_ids == ids and req.purpose == "review_litigation"


def test_listing_requests_by_role(people: dict[str, ServiceContext], rec: int) -> None:
    a = vs.request_viewing(people["investigator"], recording_ids=[rec], reason="a")
    b = vs.request_viewing(people["director"], recording_ids=[rec], reason="b")
    assert [r.request_id for r in vs.list_requests(people["investigator"])] == [a.request_id]
    assert [r.request_id for r in vs.list_requests(people["investigator2"])] == []
    assert {r.request_id for r in vs.list_requests(people["auditor"])} == {a.request_id, b.request_id}
    assert [r.request_id for r in vs.list_requests(people["director"], pending_for_me=True)] == [a.request_id]
    assert {r.request_id for r in vs.list_requests(people["director2"], pending_for_me=True)} == {
        a.request_id, b.request_id}
    with pytest.raises(PermissionDeniedError):
        vs.list_requests(people["investigator"], pending_for_me=True)


# ----------------------------------------------------------------------------------------- sessions
def test_session_ranges_snapshot_and_close(people: dict[str, ServiceContext], clock: FrozenClock,
                                          station: Station) -> None:
    inv = people["investigator"]
    rec = add_recording(people["custodian"], data=clip_bytes()).id
    grant = approved_for(people, "investigator", rec)
    session = vs.open_viewing_session(inv, rec)
    assert session.grant.request_id == grant.request_id
    assert "Investigator" in session.watermark_text and "B-INV" in session.watermark_text
    assert session.banner_text == "" and session.classification == "ordinary"
    assert vs.record_watched_range(inv, session.session_id, 0, 5000).grant_live
    refused_cleanly(lambda: vs.record_watched_range(people["investigator2"], session.session_id, 0, 1))
    with pytest.raises(InvalidInputError):
        vs.record_watched_range(inv, session.session_id, 5000, 100)
    snap = vp.take_snapshot(inv, session.session_id, 2500)  # decoded by the station from the original
    png = station.vault.blob_path(snap.sha256).read_bytes()
    assert png.startswith(b"\x89PNG") and snap.recording_id == rec and snap.size == len(png)
    assert (snap.width, snap.height) == CLIP_SIZE and snap.offset_ms == 2500
    assert snap.sha256 != Recording.get_by_id(rec).sha256
    with pytest.raises(InvalidInputError):  # after the end of the recording
        vp.take_snapshot(inv, session.session_id, 60_000)
    with pytest.raises(InvalidInputError):  # within the catalogued 20 s, but the file holds no picture there
        vp.take_snapshot(inv, session.session_id, 10_000)
    clock.advance(timedelta(minutes=3))
    summary = vs.close_viewing_session(inv, session.session_id)
    assert summary.ranges == [(0, 5000)] and summary.snapshot_ids == [snap.snapshot_id]
    assert summary.closed_at - summary.opened_at == timedelta(minutes=3)
    events = event_count()
    assert vs.close_viewing_session(inv, session.session_id) == summary  # idempotent, no new event
    assert event_count() == events
    with pytest.raises(InvalidInputError):
        vs.record_watched_range(inv, session.session_id, 0, 1)
    # The snapshot is catalogued, so the store verifies without an "extra blob".
    assert verify_store(station, quick=True).problems == []


def test_revocation_stops_snapshots_and_tells_the_player(people: dict[str, ServiceContext], rec: int) -> None:
    inv = people["investigator"]
    grant = approved_for(people, "investigator", rec)
    session = vs.open_viewing_session(inv, rec)
    vs.revoke_request(people["director2"], grant.request_id, reason="撤销")
    assert vs.record_watched_range(inv, session.session_id, 0, 900).grant_live is False
    refused_cleanly(lambda: vp.take_snapshot(inv, session.session_id, 10), audit_action="refused.take_snapshot")


# ----------------------------------------------------------------------------------------- classification
@pytest.fixture
def cleared(station: Station, people: dict[str, ServiceContext]) -> dict[str, ServiceContext]:
    admin = people["admin"]
    return {
        "boss": add_person(station, admin, "boss", "director", clearance=3),
        "boss2": add_person(station, admin, "boss2", "director", clearance=3),
        "agent": add_person(station, admin, "agent", "investigator", clearance=3),
        "biz": add_person(station, admin, "biz", "investigator", clearance=2),
    }


def test_classification_needs_director_with_clearance(people: dict[str, ServiceContext],
                                                      cleared: dict[str, ServiceContext], rec: int) -> None:
    for role in ("custodian", "investigator", "clerk", "auditor", "admin"):
        refused_cleanly(lambda role=role: set_classification(people[role], rec, "restricted", reason="隐私"),
                        audit_action="refused.classify_recording")
    # A director without clearance 3 may not create (or later lower) a state secret.
    refused_cleanly(lambda: set_classification(people["director"], rec, "state_secret", reason="涉密"))
    result = set_classification(cleared["boss"], rec, "state_secret", reason="涉及国家秘密")
    assert (result.old, result.new, result.direction) == ("ordinary", "state_secret", "raised")
    assert last_event().action == "recording.classify"
    with pytest.raises(InvalidInputError):
        set_classification(cleared["boss"], rec, "state_secret", reason="again")
    with pytest.raises(InvalidInputError):
        set_classification(cleared["boss"], rec, "top_secret", reason="x")
    lowered = set_classification(cleared["boss2"], rec, "商业秘密", reason="降密")
    assert (lowered.new, lowered.direction) == ("commercial_secret", "lowered")


def test_secret_recordings_are_invisible_without_clearance(people: dict[str, ServiceContext],
                                                           cleared: dict[str, ServiceContext]) -> None:
    plain = add_recording(people["custodian"]).id
    secret = add_recording(people["custodian"], classification="commercial_secret").id
    inv = people["investigator"]
    assert [r.id for r in list_recordings(inv)] == [plain]
    assert {r.id for r in list_recordings(cleared["biz"])} == {plain, secret}
    for attempt in (lambda: get_recording(inv, secret),
                    lambda: vs.request_viewing(inv, recording_ids=[secret], reason="peek"),
                    lambda: vs.open_viewing_session(inv, secret)):
        event = refused_cleanly(attempt, NotFoundError)
        assert event.action == "recording.hidden_access"
    # …with exactly the answer an unknown id gets.
    with pytest.raises(NotFoundError) as hidden:
        get_recording(inv, secret)
    with pytest.raises(NotFoundError) as unknown:
        get_recording(inv, 987654)
    assert str(hidden.value).replace(str(secret), "N") == str(unknown.value).replace("987654", "N")


def test_secret_needs_clearance_and_grant(people: dict[str, ServiceContext], cleared: dict[str, ServiceContext],
                                          rec: int) -> None:
    req = vs.request_viewing(cleared["agent"], recording_ids=[rec], reason="专案")
    vs.approve_request(cleared["boss"], req.request_id)
    assert vs.require_viewing_grant(cleared["agent"], rec)
    # Raised to state secret after approval: the grant no longer covers it.
    set_classification(cleared["boss"], rec, "state_secret", reason="涉密")
    event = refused_cleanly(lambda: vs.open_viewing_session(cleared["agent"], rec))
    assert "classification was raised" in event.details["reason"]
    # A new request needs a director with clearance: one without it cannot decide it.
    req2 = vs.request_viewing(cleared["agent"], recording_ids=[rec], reason="专案 复核")
    refused_cleanly(lambda: vs.approve_request(people["director"], req2.request_id))
    assert vs.list_requests(people["director"], pending_for_me=True) == []
    vs.approve_request(cleared["boss2"], req2.request_id)
    session = vs.open_viewing_session(cleared["agent"], rec)
    assert session.classification == "state_secret" and "国家秘密" in session.banner_text
    # An investigator with commercial clearance only cannot even ask.
    refused_cleanly(lambda: vs.request_viewing(cleared["biz"], recording_ids=[rec], reason="x"), NotFoundError)


def test_restricted_is_visible_but_needs_clearance_to_open(people: dict[str, ServiceContext],
                                                           cleared: dict[str, ServiceContext]) -> None:
    rec = add_recording(people["custodian"], classification="restricted").id
    assert rec in [r.id for r in list_recordings(people["investigator"])]
    refused_cleanly(lambda: vs.request_viewing(people["investigator"], recording_ids=[rec], reason="x"))
    req = vs.request_viewing(cleared["biz"], recording_ids=[rec], reason="x")
    vs.approve_request(people["director"], req.request_id)
    assert "个人隐私" in vs.open_viewing_session(cleared["biz"], rec).banner_text


# ----------------------------------------------------------------------------------------- provision
def test_external_provision_and_secret_export_approvals(people: dict[str, ServiceContext],
                                                        cleared: dict[str, ServiceContext], rec: int) -> None:
    clerk = people["clerk"]
    other = add_recording(people["custodian"]).id
    assert not vs.has_provision_approval(clerk, [rec])
    refused_cleanly(lambda: vs.require_provision_approval(clerk, [rec]), audit_action="refused.external_provision")
    req = vs.request_viewing(clerk, recording_ids=[rec], reason="信访人申请", kind="external_provision",
                             recipient="区信访局", purpose="complaint_petition")
    assert not vs.has_provision_approval(clerk, [rec])  # pending
    vs.approve_request(people["director"], req.request_id)
    assert vs.has_provision_approval(clerk, [rec])
    assert not vs.has_provision_approval(clerk, [rec, other])
    assert not vs.has_provision_approval(people["investigator"], [rec])  # the approval is the clerk's
    assert not vs.has_provision_approval(clerk, [rec], kind="secret_export")
    # A viewing approval is not a provision approval, nor the other way round.
    refused_cleanly(lambda: vs.open_viewing_session(clerk, rec))
    approval = vs.require_provision_approval(clerk, [rec])
    assert approval.request_ids == [req.request_id] and approval.recipients == ["区信访局"]
    vs.mark_provision_used(clerk, approval.request_ids, reference="export 3")
    assert not vs.has_provision_approval(clerk, [rec])  # used once
    secret = add_recording(people["custodian"], classification="commercial_secret").id
    assert vs.secret_recording_ids([rec, secret]) == [secret]


def test_refusals_are_not_logged_as_sessions(people: dict[str, ServiceContext], rec: int) -> None:
    for _ in range(3):
        with pytest.raises(PermissionDeniedError):
            vs.open_viewing_session(people["investigator"], rec)
    refusals = AuditEvent.select().where(AuditEvent.action == "refused.open_recording").count()
    assert refusals == 3


def test_preview_needs_a_grant(people: dict[str, ServiceContext], rec: int) -> None:
    refused_cleanly(lambda: vp.open_preview(people["investigator"], rec), audit_action="refused.open_recording")
    approved_for(people, "investigator", rec)
    assert vp.open_preview(people["investigator"], rec) is None  # no strip was made for these bytes
    assert last_event().action == "viewing.preview"
