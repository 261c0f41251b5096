"""Use cases of viewing control (Art. 18–20): requests, decisions, grants, viewing sessions, snapshots and
approvals for external provision.

The rules an auditor relies on, all enforced here (not in the GUI):

* nobody decides a request they made or that is for them; every request, decision and revocation is
  audited;
* footage opens only under a live approved grant for that user and that recording, with enough clearance,
  at this station when the grant is on-site only; refusals are audited and change nothing else;
* a grant approved while a recording had a lower classification no longer covers it once raised;
* every opening is a :class:`ViewingSession` (the register) under one grant — the one named, else the newest
  live one — with the ranges watched and any snapshot; the session ends with *its* grant (another grant of the
  same user does not keep it alive), so the register always names the grant and reason it was opened under.

Footage itself leaves the station service only as a stream bound to one session (``server/viewing_streams.py``);
pictures (snapshots, previews, list icons) are made by ``viewing_pictures``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from evidence_station.api.viewing import (
    GrantView,
    SessionSummary,
    ViewingRequestResult,
    ViewingSessionView,
    WatchedRangeResult,
)
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.people import User
from evidence_station.catalogue.recordings import Recording
from evidence_station.catalogue.viewing import (
    Snapshot,
    ViewingRequest,
    ViewingRequestRecording,
    ViewingSession,
    WatchedRange,
)
from evidence_station.domain.cases import account_label
from evidence_station.domain.choices import input_error, parse_choice
from evidence_station.domain.errors import IntegrityProblemError, InvalidInputError, NotFoundError
from evidence_station.domain.messages import Items, Msg
from evidence_station.domain.roles import Operation, Role, allowed
from evidence_station.domain.viewing import (
    Classification,
    GrantWindow,
    RequestKind,
    RequestStatus,
    ViewingPurpose,
    banner_text,
    effective_state,
    grant_window,
    may_open,
    self_decision_problems,
)
from evidence_station.services.classification_service import (
    can_see,
    classification_of,
    get_visible_recording,
)
from evidence_station.services.classified_streams import highest, require_desk_may_stream
from evidence_station.services.context import ServiceContext
from evidence_station.services.deciding_rows import require_true_approval, require_true_grant

#: Longest plausible watched range (a camera file is far shorter); anything longer is a caller bug.
MAX_RANGE_MS = 48 * 3600 * 1000

#: A request's stored status or current state (for messages).
STATE_LABELS: dict[str, Msg] = {
    "pending": Msg("pending"),
    "approved": Msg("approved"),
    "refused": Msg("refused"),
    "revoked": Msg("revoked"),
    "live": Msg("live"),
    "expired": Msg("expired"),
}


def _state(state: str) -> Msg | str:
    """The label of a request's status or state (the value itself when it has none)."""
    return STATE_LABELS.get(state, state)


# ----------------------------------------------------------------------------------------- results
@dataclass(frozen=True)
class ProvisionApproval:
    """Live, unused approvals (Art. 19 / Art. 20) covering a set of recordings for the acting user."""

    kind: str
    request_ids: list[int]
    recording_ids: list[int]
    recipients: list[str]
    valid_until: datetime


# ----------------------------------------------------------------------------------------- helpers
def _window(req: ViewingRequest) -> GrantWindow | None:
    if req.valid_from is None or req.valid_until is None:
        return None
    return GrantWindow(req.valid_from, req.valid_until)


def _name(user_id: int | None) -> str | None:
    if user_id is None:
        return None
    user = User.get_or_none(User.id == user_id)
    return user.name if user else f"#{user_id}"


def _label(user: User) -> str:
    return account_label(user.display_name or "", user.name)


def _label_of(user_id: int | None) -> str | None:
    """:func:`_label` of the user ``user_id`` (None for none, ``#id`` for a user no longer there)."""
    if user_id is None:
        return None
    user = User.get_or_none(User.id == user_id)
    return _label(user) if user else f"#{user_id}"


def request_result(ctx: ServiceContext, req: ViewingRequest) -> ViewingRequestResult:
    """The frozen view of a request row, as of the context's clock."""
    now = ctx.now()
    window = _window(req)
    state = effective_state(req.status, window, now)
    return ViewingRequestResult(
        request_id=req.id, kind=req.kind, status=req.status, state=state,
        requested_by=_name(req.requested_by_id) or "", viewer=req.viewer.name, viewer_label=_label(req.viewer),
        reason=req.reason, purpose=req.purpose, recipient=req.recipient,
        recording_ids=sorted(link.recording_id for link in req.recording_links),
        on_site_only=req.on_site_only, station_uid=req.station_uid, requested_at=req.requested_at,
        decided_by=_name(req.decided_by_id), decided_at=req.decided_at, decision_reason=req.decision_reason,
        valid_from=req.valid_from, valid_until=req.valid_until,
        seconds_left=window.seconds_left(now) if window and state == "live" else 0.0,
        revoked_by=_name(req.revoked_by_id), revoked_at=req.revoked_at, revoke_reason=req.revoke_reason,
        used_at=req.used_at, requested_by_label=_label_of(req.requested_by_id) or "",
        decided_by_label=_label_of(req.decided_by_id), revoked_by_label=_label_of(req.revoked_by_id),
    )


def _get_request(request_id: int) -> ViewingRequest:
    req = ViewingRequest.get_or_none(ViewingRequest.id == request_id)
    if req is None:
        raise NotFoundError(Msg("No viewing request with id {request_id}.", request_id=request_id))
    return req


def _required_clearance(req: ViewingRequest) -> int:
    """The clearance needed to decide a request: that of its most secret recording (secret classes only;
    deciding on restricted footage does not open it)."""
    levels = (classification_of(link.recording) for link in req.recording_links)
    return max((c.level for c in levels if c.is_secret), default=0)


def _require_decider_clearance(ctx: ServiceContext, req: ViewingRequest, action: str) -> None:
    """Deciding or revoking a request needs clearance for every recording it covers (audited refusal)."""
    needed = _required_clearance(req)
    if ctx.actor.clearance < needed:
        raise ctx.refuse(
            Msg(
                "Request {id} covers recordings that need clearance {needed}; {name!r} has clearance "
                "{clearance}. A director with enough clearance must decide it.",
                id=req.id,
                needed=needed,
                name=ctx.actor.name,
                clearance=ctx.actor.clearance,
            ),
            action, "viewing_request", req.id,
        )


def _clean_text(value: str | None, what: Msg) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInputError(Msg("Give the {what}; it is written into the register.", what=what))
    return text


def _parse_kind(kind: str | RequestKind) -> RequestKind:
    try:
        return RequestKind(parse_choice(RequestKind, str(kind), Msg("request kind")))
    except ValueError as exc:
        raise input_error(exc) from None


# ----------------------------------------------------------------------------------------- requests
def _resolve_viewer(ctx: ServiceContext, on_behalf_of: str | None, kind: RequestKind) -> User:
    me = User.get_by_id(ctx.actor.user_id)
    if not on_behalf_of or on_behalf_of == ctx.actor.name:
        return me
    if kind is not RequestKind.VIEWING:
        raise InvalidInputError(Msg("Only viewing requests can be made on someone's behalf."))
    if not ctx.actor.has(Role.CUSTODIAN):
        raise ctx.refuse(
            Msg(
                "Only the custodian may ask on someone else's behalf; {name!r} may ask only for themselves.",
                name=ctx.actor.name,
            ), "refused.request_viewing", "user", on_behalf_of,
        )
    viewer = User.get_or_none(User.name == on_behalf_of)
    if viewer is None or not viewer.active:
        raise NotFoundError(Msg(
            "No active user named {on_behalf_of!r} to ask on behalf of.",
            on_behalf_of=on_behalf_of,
        ))
    if not allowed({Role(r.role) for r in viewer.role_rows}, Operation.OPEN_RECORDING):
        raise InvalidInputError(Msg(
            "{on_behalf_of!r} has no role that may view footage, so a grant would be useless.",
            on_behalf_of=on_behalf_of,
        ))
    return viewer


def _resolve_recordings(
    ctx: ServiceContext, recording_ids: Iterable[int], activity_id: int | None
) -> list[Recording]:
    recs: dict[int, Recording] = {}
    for rid in recording_ids:
        recs[int(rid)] = get_visible_recording(ctx, int(rid), "request_viewing")
    if activity_id is not None:
        for rec in Recording.select().where(Recording.activity_id == activity_id).order_by(Recording.id):
            if can_see(ctx, rec):  # hidden recordings are left out as if they did not exist
                recs.setdefault(rec.id, rec)
    if not recs:
        raise InvalidInputError(Msg("Name at least one recording (or an activity that has recordings) to view."))
    disposed = [r.id for r in recs.values() if r.disposed_at is not None]
    if disposed:
        raise InvalidInputError(Msg("Recording(s) {ids} were disposed of; there is no footage left to view.",
                                    ids=Items(disposed)))
    return [recs[k] for k in sorted(recs)]


def request_viewing(
    ctx: ServiceContext,
    *,
    recording_ids: Sequence[int],
    reason: str,
    purpose: str = "case_handling",
    on_behalf_of: str | None = None,
    on_site_only: bool = False,
    kind: str = "viewing",
    activity_id: int | None = None,
    recipient: str = "",
) -> ViewingRequestResult:
    """Ask to view recordings (or all of an activity's), or for approval to provide or export them.

    A custodian may ask on someone's behalf (``on_behalf_of``); such grants are on-site only.
    ``kind`` ``external_provision`` (Art. 19) needs ``recipient``; ``secret_export`` is the separate
    approval secret recordings need before any export (Art. 20).
    """
    ctx.require(Operation.REQUEST_VIEWING, "recording", ",".join(str(r) for r in recording_ids))
    parsed_kind = _parse_kind(kind)
    try:
        parsed_purpose = ViewingPurpose(parse_choice(ViewingPurpose, purpose, Msg("viewing purpose")))
    except ValueError as exc:
        raise input_error(exc) from None
    reason = _clean_text(reason, Msg("reason for the request (--reason)"))
    recipient = (recipient or "").strip()
    if parsed_kind is RequestKind.EXTERNAL_PROVISION and not recipient:
        raise InvalidInputError(Msg("Name who receives the copies (--recipient) for an external provision request."))
    viewer = _resolve_viewer(ctx, on_behalf_of, parsed_kind)
    on_behalf = viewer.id != ctx.actor.user_id
    recs = _resolve_recordings(ctx, recording_ids, activity_id)
    if parsed_kind is RequestKind.VIEWING:
        _check_viewer_clearance(ctx, viewer, recs)
    now = ctx.now()
    with write_transaction():
        req = ViewingRequest.create(
            kind=parsed_kind.value, requested_by=ctx.actor.user_id, viewer=viewer.id, reason=reason,
            purpose=parsed_purpose.value, recipient=recipient, activity_id=activity_id,
            station_uid=ctx.station.station_uid, on_site_only=bool(on_site_only or on_behalf),
            requested_at=now, status=RequestStatus.PENDING.value,
        )
        for rec in recs:
            ViewingRequestRecording.create(request=req, recording=rec, classification=classification_of(rec).value)
        ctx.audit("viewing.request", "viewing_request", req.id, {
            "kind": parsed_kind.value, "purpose": parsed_purpose.value, "reason": reason, "viewer": viewer.name,
            "recording_ids": [r.id for r in recs], "on_site_only": req.on_site_only, "recipient": recipient,
            "activity_id": activity_id,
        })
    return request_result(ctx, req)


def _check_viewer_clearance(ctx: ServiceContext, viewer: User, recs: list[Recording]) -> None:
    for rec in recs:
        cls = classification_of(rec)
        if not may_open(cls, viewer.clearance):
            raise ctx.refuse(
                Msg(
                    "{name!r} has clearance {clearance}, but recording {id} is classified {label_zh} and "
                    "needs clearance {level}; an administrator must grant the clearance first.",
                    name=viewer.name,
                    clearance=viewer.clearance,
                    id=rec.id,
                    label_zh=cls.label,
                    level=cls.level,
                ),
                "refused.request_viewing", "recording", rec.id, viewer=viewer.name,
            )


def _pending_request_for_decision(ctx: ServiceContext, request_id: int, action: str) -> ViewingRequest:
    ctx.require(Operation.DECIDE_VIEWING, "viewing_request", request_id)
    req = _get_request(request_id)
    _require_decider_clearance(ctx, req, action)
    problem = self_decision_problems(ctx.actor.user_id, req.requested_by_id, req.viewer_id)
    if problem:
        raise ctx.refuse(problem, action, "viewing_request", request_id)
    if req.status != RequestStatus.PENDING:
        raise InvalidInputError(Msg("Request {request_id} was already {state}; only pending requests are decided.",
                                    request_id=request_id, state=_state(req.status)))
    return req


def _claim_pending(request_id: int, **changes: object) -> None:
    """Apply a decision only if the request is still pending (two directors deciding at once)."""
    updated = (ViewingRequest.update(**changes)
               .where((ViewingRequest.id == request_id) & (ViewingRequest.status == RequestStatus.PENDING.value))
               .execute())
    if updated != 1:
        raise InvalidInputError(Msg(
            "Request {request_id} was decided by someone else meanwhile.",
            request_id=request_id,
        ))


def approve_request(
    ctx: ServiceContext, request_id: int, *, hours: float | None = None, on_site_only: bool | None = None
) -> ViewingRequestResult:
    """Approve a pending request (director, never one's own): the grant is valid for ``hours`` from now
    (default: the station setting) and, with ``on_site_only``, only at this station."""
    req = _pending_request_for_decision(ctx, request_id, "refused.decide_viewing")
    require_true_approval(ctx, request_id)  # the approver, the request and its classes are what the log says
    hours = ctx.station.settings.viewing_default_hours if hours is None else float(hours)
    now = ctx.now()
    try:
        window = grant_window(now, hours)
    except ValueError as exc:
        raise input_error(exc) from None
    on_site = bool(req.on_site_only or on_site_only)
    with write_transaction():
        _claim_pending(request_id, status=RequestStatus.APPROVED.value, decided_by=ctx.actor.user_id,
                       decided_at=now, valid_from=window.valid_from, valid_until=window.valid_until,
                       on_site_only=on_site)
        for link in req.recording_links:  # the grant covers each recording at its class as approved now
            ViewingRequestRecording.update(classification=classification_of(link.recording).value).where(
                ViewingRequestRecording.id == link.id).execute()
        ctx.audit("viewing.approve", "viewing_request", request_id, {
            "kind": req.kind, "viewer": req.viewer.name, "hours": hours, "valid_until": window.valid_until.isoformat(),
            "on_site_only": on_site, "recording_ids": sorted(link.recording_id for link in req.recording_links),
            "valid_from": window.valid_from.isoformat(),
            "classifications": {str(link.recording_id): classification_of(link.recording).value
                                for link in req.recording_links},
        })
    return request_result(ctx, _get_request(request_id))


def refuse_request(ctx: ServiceContext, request_id: int, *, reason: str) -> ViewingRequestResult:
    """Refuse a pending request with a reason (director, never one's own)."""
    req = _pending_request_for_decision(ctx, request_id, "refused.decide_viewing")
    reason = _clean_text(reason, Msg("reason for refusing (--reason)"))
    now = ctx.now()
    with write_transaction():
        _claim_pending(request_id, status=RequestStatus.REFUSED.value, decided_by=ctx.actor.user_id,
                       decided_at=now, decision_reason=reason)
        ctx.audit("viewing.refuse", "viewing_request", request_id,
                  {"kind": req.kind, "viewer": req.viewer.name, "reason": reason, "decided_at": now.isoformat()})
    return request_result(ctx, _get_request(request_id))


def revoke_request(ctx: ServiceContext, request_id: int, *, reason: str) -> ViewingRequestResult:
    """Revoke an approval (director): footage stops opening under it at once and open sessions can no
    longer take snapshots; the player learns it from :func:`record_watched_range`."""
    ctx.require(Operation.REVOKE_VIEWING, "viewing_request", request_id)
    req = _get_request(request_id)
    _require_decider_clearance(ctx, req, "refused.revoke_viewing")
    reason = _clean_text(reason, Msg("reason for revoking (--reason)"))
    if req.status != RequestStatus.APPROVED:
        raise InvalidInputError(Msg("Request {request_id} is {state}; only approved requests can be revoked.",
                                    request_id=request_id, state=_state(req.status)))
    now = ctx.now()
    with write_transaction():
        updated = (ViewingRequest.update(status=RequestStatus.REVOKED.value, revoked_by=ctx.actor.user_id,
                                         revoked_at=now, revoke_reason=reason)
                   .where((ViewingRequest.id == request_id)
                          & (ViewingRequest.status == RequestStatus.APPROVED.value)).execute())
        if updated != 1:
            raise InvalidInputError(Msg(
                "Request {request_id} changed meanwhile; look at it again.",
                request_id=request_id,
            ))
        open_sessions = [s.id for s in req.sessions.where(ViewingSession.closed_at.is_null())]
        ctx.audit("viewing.revoke", "viewing_request", request_id,
                  {"kind": req.kind, "viewer": req.viewer.name, "reason": reason, "open_sessions": open_sessions,
                   "revoked_at": now.isoformat()})
    return request_result(ctx, _get_request(request_id))


def _visible_request(ctx: ServiceContext, req: ViewingRequest) -> bool:
    return all(can_see(ctx, link.recording) for link in req.recording_links)


def list_requests(
    ctx: ServiceContext,
    *,
    status: str | None = None,
    mine: bool = False,
    pending_for_me: bool = False,
    kind: str | None = None,
) -> list[ViewingRequestResult]:
    """Requests, newest first.

    Directors and register readers see everyone's; others only those they made or that are for them.
    ``status`` is a stored status or ``live``/``expired``; ``pending_for_me`` lists what this director
    may decide. Requests covering recordings the user may not know of are left out.
    """
    sees_all = allowed(ctx.actor.roles, Operation.DECIDE_VIEWING) or allowed(
        ctx.actor.roles, Operation.READ_VIEWING_REGISTER)
    if pending_for_me:
        ctx.require(Operation.DECIDE_VIEWING)
    elif not sees_all:
        ctx.require(Operation.REQUEST_VIEWING)
    query = ViewingRequest.select().order_by(ViewingRequest.id.desc())
    me = ctx.actor.user_id
    if mine or not sees_all:
        query = query.where((ViewingRequest.requested_by == me) | (ViewingRequest.viewer == me))
    if kind:
        query = query.where(ViewingRequest.kind == _parse_kind(kind).value)
    if pending_for_me:
        query = query.where((ViewingRequest.status == RequestStatus.PENDING.value)
                            & (ViewingRequest.requested_by != me) & (ViewingRequest.viewer != me))
    results = []
    for req in query:
        if not _visible_request(ctx, req):
            continue
        if pending_for_me and _required_clearance(req) > ctx.actor.clearance:
            continue
        result = request_result(ctx, req)
        if status and status not in (result.status, result.state):
            continue
        results.append(result)
    return results


def get_request(ctx: ServiceContext, request_id: int) -> ViewingRequestResult:
    """One request (the same visibility as :func:`list_requests`)."""
    req = _get_request(request_id)
    sees_all = allowed(ctx.actor.roles, Operation.DECIDE_VIEWING) or allowed(
        ctx.actor.roles, Operation.READ_VIEWING_REGISTER)
    own = ctx.actor.user_id in (req.requested_by_id, req.viewer_id)
    if not (sees_all or own) or not _visible_request(ctx, req):
        raise NotFoundError(Msg("No viewing request with id {request_id}.", request_id=request_id))
    return request_result(ctx, req)


def my_grants(ctx: ServiceContext) -> list[ViewingRequestResult]:
    """The acting user's live approvals (every kind), soonest to expire first, with the time left."""
    now = ctx.now()
    query = (ViewingRequest.select()
             .where((ViewingRequest.viewer == ctx.actor.user_id)
                    & (ViewingRequest.status == RequestStatus.APPROVED.value)
                    & (ViewingRequest.valid_from <= now) & (ViewingRequest.valid_until > now))
             .order_by(ViewingRequest.valid_until, ViewingRequest.id))
    return [request_result(ctx, req) for req in query if _visible_request(ctx, req)]


# ----------------------------------------------------------------------------------------- grants
def _covering_links(
    user_id: int, recording: Recording, kind: RequestKind, now: datetime, station_uid: str
) -> list[ViewingRequestRecording]:
    """Links of live approved requests of ``kind`` for ``user_id`` that still cover ``recording``."""
    level = classification_of(recording).level
    links = (ViewingRequestRecording.select(ViewingRequestRecording, ViewingRequest)
             .join(ViewingRequest)
             .where((ViewingRequestRecording.recording == recording.id)
                    & (ViewingRequest.viewer == user_id)
                    & (ViewingRequest.kind == kind.value)
                    & (ViewingRequest.status == RequestStatus.APPROVED.value)
                    & (ViewingRequest.valid_from <= now) & (ViewingRequest.valid_until > now))
             .order_by(ViewingRequest.valid_until.desc()))
    return [
        link for link in links
        if classification_of(link.classification).level >= level
        and (not link.request.on_site_only or link.request.station_uid == station_uid)
    ]


def _no_grant_message(ctx: ServiceContext, rec: Recording) -> Msg:
    """Why there is no live grant, in words that tell the user what to do."""
    latest = (ViewingRequest.select().join(ViewingRequestRecording)
              .where((ViewingRequestRecording.recording == rec.id) & (ViewingRequest.viewer == ctx.actor.user_id)
                     & (ViewingRequest.kind == RequestKind.VIEWING.value))
              .order_by(ViewingRequest.id.desc()).first())
    who = {"name": ctx.actor.name, "recording_id": rec.id, "file": rec.file_name}
    if latest is None:
        return Msg("{name!r} has no live approval to view recording {recording_id} ({file}); ask a director with: "
                   "view request {recording_id} --reason TEXT.", **who)
    state = effective_state(latest.status, _window(latest), ctx.now())
    if state == "pending":
        return Msg("{name!r} has no live approval to view recording {recording_id} ({file}): request {request_id} is "
                   "still waiting for a director's decision.", request_id=latest.id, **who)
    if state == "live":
        if latest.on_site_only and latest.station_uid != ctx.station.station_uid:
            return Msg("{name!r} has no live approval to view recording {recording_id} ({file}) here: request "
                       "{request_id} is approved for on-site viewing at station {station} only.",
                       request_id=latest.id, station=latest.station_uid, **who)
        return Msg("{name!r} has no live approval to view recording {recording_id} ({file}): the recording's "
                   "classification was raised after request {request_id} was approved; ask a director with: view "
                   "request {recording_id} --reason TEXT.", request_id=latest.id, **who)
    return Msg("{name!r} has no live approval to view recording {recording_id} ({file}): request {request_id} is "
               "{state}; ask a director with: view request {recording_id} --reason TEXT.",
               request_id=latest.id, state=STATE_LABELS.get(state, state), **who)


def _openable_recording(ctx: ServiceContext, recording_id: int) -> Recording:
    """The recording, when the acting user has the role and the clearance to see its footage (audited
    refusals); :class:`NotFoundError` for an unknown, disposed or hidden recording."""
    ctx.require(Operation.OPEN_RECORDING, "recording", recording_id)
    rec = get_visible_recording(ctx, recording_id, "open_recording")
    if rec.disposed_at is not None:
        raise NotFoundError(Msg(
            "Recording {recording_id} was disposed of; its footage no longer exists.",
            recording_id=recording_id,
        ))
    cls = classification_of(rec)
    if not may_open(cls, ctx.actor.clearance):
        raise ctx.refuse(
            Msg(
                "Recording {recording_id} is classified {label_zh} and needs clearance {level}; {name!r} has "
                "clearance {clearance}.",
                recording_id=recording_id,
                label_zh=cls.label,
                level=cls.level,
                name=ctx.actor.name,
                clearance=ctx.actor.clearance,
            ),
            "refused.open_recording", "recording", recording_id, classification=cls.value,
        )
    return rec


def _grant_view(ctx: ServiceContext, req: ViewingRequest, rec: Recording, now: datetime) -> GrantView:
    window = _window(req)
    assert window is not None  # approved requests always have a window
    cls = classification_of(rec)
    return GrantView(
        request_id=req.id, recording_id=rec.id, viewer=ctx.actor.name, approver=_name(req.decided_by_id) or "",
        approved_at=req.decided_at, valid_until=req.valid_until, seconds_left=window.seconds_left(now),
        on_site_only=req.on_site_only, reason=req.reason, purpose=req.purpose, classification=cls.value,
        classification_label=cls.label_zh,
    )


def require_viewing_grant(ctx: ServiceContext, recording_id: int) -> GrantView:
    """A live grant under which the acting user may see this recording's footage.

    Raises (audited) :class:`PermissionDeniedError` without the role, the clearance or a live grant,
    :class:`NotFoundError` for an unknown, disposed or hidden recording, and :class:`CatalogueAlteredError` when the
    grant's row or the viewer's disagree with the audit log. Everything that shows footage outside
    a viewing session (previews, bookmarks) calls this first; a session is bound to its own grant
    (:func:`require_session_grant`).
    """
    rec = _openable_recording(ctx, recording_id)
    now = ctx.now()
    links = _covering_links(ctx.actor.user_id, rec, RequestKind.VIEWING, now, ctx.station.station_uid)
    if not links:
        raise ctx.refuse(_no_grant_message(ctx, rec), "refused.open_recording", "recording", recording_id)
    require_true_grant(ctx, links[0].request_id)  # the grant and the viewer are what the audit log says
    return _grant_view(ctx, links[0].request, rec, now)


def _named_grant_problem(ctx: ServiceContext, req: ViewingRequest, rec: Recording, now: datetime) -> Msg:
    """Why grant ``req`` (the caller's own) does not open ``rec`` now."""
    covered = sorted(link.recording_id for link in req.recording_links)
    if req.kind != RequestKind.VIEWING.value:
        return Msg("Request {request_id} is a {kind} approval, not a grant to view footage.", request_id=req.id,
                   kind=_parse_kind(req.kind).label)
    if rec.id not in covered:
        return Msg("Grant {request_id} does not cover recording {recording_id}; it covers recordings {covered}.",
                   request_id=req.id, recording_id=rec.id, covered=Items(covered))
    state = effective_state(req.status, _window(req), now)
    if state != "live":
        return Msg("Grant {request_id} is {state}; it opens nothing. Ask a director with: view request "
                   "{recording_id} --reason TEXT.", request_id=req.id, state=STATE_LABELS.get(state, state),
                   recording_id=rec.id)
    if req.on_site_only and req.station_uid != ctx.station.station_uid:
        return Msg("Grant {request_id} is for on-site viewing at station {station} only.", request_id=req.id,
                   station=req.station_uid)
    return Msg("Grant {request_id} no longer covers recording {recording_id}: its classification was raised after "
               "the approval. Ask a director again.", request_id=req.id, recording_id=rec.id)


def _chosen_grant(ctx: ServiceContext, recording_id: int, request_id: int | None) -> tuple[Recording, GrantView]:
    """The grant a viewing session opens under: ``request_id`` when named (the caller's own, live, covering the
    recording — else an audited refusal), else the caller's newest live grant covering the recording."""
    rec = _openable_recording(ctx, recording_id)
    now = ctx.now()
    links = _covering_links(ctx.actor.user_id, rec, RequestKind.VIEWING, now, ctx.station.station_uid)
    if request_id is None:
        if not links:
            raise ctx.refuse(_no_grant_message(ctx, rec), "refused.open_recording", "recording", recording_id)
        newest = max((link.request for link in links), key=lambda r: (r.decided_at, r.id))
        return rec, _grant_view(ctx, newest, rec, now)
    req = _get_request(request_id)
    if req.viewer_id != ctx.actor.user_id:
        raise ctx.refuse(
            Msg(
                "Grant {request_id} is not {name!r}'s: footage opens only under one's own grant.",
                request_id=request_id,
                name=ctx.actor.name,
            ),
            "refused.open_recording", "recording", recording_id, request_id=request_id,
        )
    if not any(link.request_id == req.id for link in links):
        raise ctx.refuse(_named_grant_problem(ctx, req, rec, now), "refused.open_recording", "recording",
                         recording_id, request_id=request_id)
    return rec, _grant_view(ctx, req, rec, now)


# ----------------------------------------------------------------------------------------- sessions
def open_viewing_session(
    ctx: ServiceContext, recording_id: int, *, client: str = "gui", request_id: int | None = None
) -> ViewingSessionView:
    """Open a recording for viewing under the grant ``request_id`` (default: the acting user's newest live grant
    covering it); the opening is registered at once, and the session belongs to that grant: its register entry
    names the grant's reason, and it ends when that grant ends, whatever other grant the user holds.

    The view carries no path: the station service streams the footage (``stream_url``, filled in by the server).
    """
    if client not in {"gui", "cli"}:
        raise InvalidInputError(Msg("Unknown viewing client {client!r}: gui or cli.", client=client))
    rec, grant = _chosen_grant(ctx, recording_id, request_id)
    require_true_grant(ctx, grant.request_id)  # the grant and the viewer are what the audit log says
    require_desk_may_stream(ctx, highest(grant.classification, classification_of(rec)), rec.id)
    if not ctx.station.vault.has_blob(rec.sha256):
        raise IntegrityProblemError(
            Msg(
                "The vault copy of recording {recording_id} ({file_name}) is missing; run verify and tell the "
                "custodian.",
                recording_id=recording_id,
                file_name=rec.file_name,
            ),
        )
    cls = Classification(grant.classification)
    now = ctx.now()
    with write_transaction():
        session = ViewingSession.create(request=grant.request_id, recording=rec.id, viewer=ctx.actor.user_id,
                                        station_uid=ctx.station.station_uid, client=client,
                                        classification=cls.value, opened_at=now)
        ctx.audit("viewing.open", "recording", rec.id, {
            "session_id": session.id, "request_id": grant.request_id, "client": client,
            "classification": cls.value, "sha256": rec.sha256,
        })
    badge = ctx.actor.badge_number
    watermark = f"{ctx.actor.label}" + (f" 警号 {badge}" if badge else "") + f" · 审批 #{grant.request_id}"
    return ViewingSessionView(
        session_id=session.id, recording_id=rec.id, file_name=rec.file_name, sha256=rec.sha256, grant=grant,
        viewer_name=ctx.actor.display_name or ctx.actor.name, badge_number=badge, watermark_text=watermark,
        classification=cls.value, classification_label=cls.label_zh, banner_text=banner_text(cls),
        opened_at=now, camera_start=rec.start_at, clock_offset_s=rec.clock_offset_s,
    )


def _own_session(ctx: ServiceContext, session_id: int, action: str) -> ViewingSession:
    """The acting user's viewing session ``session_id`` (:class:`NotFoundError`; another user's: audited
    refusal)."""
    session = ViewingSession.get_or_none(ViewingSession.id == session_id)
    if session is None:
        raise NotFoundError(Msg("No viewing session with id {session_id}.", session_id=session_id))
    if session.viewer_id != ctx.actor.user_id:
        raise ctx.refuse(Msg("Viewing session {session_id} belongs to another user.", session_id=session_id), action,
                         "viewing_session", session_id)
    return session


def _require_open(session: ViewingSession) -> None:
    """:class:`InvalidInputError` when the session was closed."""
    if session.closed_at is not None:
        raise InvalidInputError(Msg(
            "Viewing session {id} is already closed; open the recording again.",
            id=session.id,
        ))


def session_grant_live(session_id: int, *, station_uid: str, now: datetime) -> bool:
    """Whether viewing session ``session_id`` is open and its own grant (the request it was opened under) still
    lets its viewer see its recording at ``station_uid``: approved, within its window, a viewing grant, not
    voided by a raised classification, on-site at this station if so limited, the recording not disposed of,
    the viewer active and cleared for it. One query (primary keys); no permission check and no audit — the
    stream port asks it about the tickets it serves."""
    link = ViewingRequestRecording.alias()
    row = (ViewingSession
           .select(ViewingSession.closed_at, ViewingRequest.status, ViewingRequest.kind, ViewingRequest.valid_from,
                   ViewingRequest.valid_until, ViewingRequest.on_site_only, ViewingRequest.station_uid,
                   link.classification, Recording.classification, Recording.disposed_at, User.active,
                   User.clearance)
           .join(ViewingRequest, on=(ViewingSession.request == ViewingRequest.id))
           .join(link, on=((link.request == ViewingRequest.id) & (link.recording == ViewingSession.recording)))
           .switch(ViewingSession).join(Recording, on=(ViewingSession.recording == Recording.id))
           .switch(ViewingSession).join(User, on=(ViewingSession.viewer == User.id))
           .where(ViewingSession.id == session_id)
           .tuples().first())
    if row is None:
        return False
    (closed_at, status, kind, valid_from, valid_until, on_site_only, request_station, granted_class, current_class,
     disposed_at, active, clearance) = row
    if closed_at is not None or disposed_at is not None or not active:
        return False
    if kind != RequestKind.VIEWING.value or valid_from is None or valid_until is None:
        return False
    if effective_state(status, GrantWindow(valid_from, valid_until), now) != "live":
        return False
    if on_site_only and request_station != station_uid:
        return False
    cls = classification_of(current_class)
    return classification_of(granted_class).level >= cls.level and may_open(cls, clearance)


def session_grant_in_force(ctx: ServiceContext, session_id: int, action: str) -> GrantView:
    """The grant of the acting user's open viewing session ``session_id`` while it is live, else an audited
    refusal (``action``) — another grant of the same user does not stand in for it; a grant or viewer row that
    disagrees with the audit log is refused too (:class:`CatalogueAlteredError`, audited)."""
    session = _own_session(ctx, session_id, action)
    _require_open(session)
    req, rec = session.request, session.recording
    now = ctx.now()
    if not session_grant_live(session_id, station_uid=ctx.station.station_uid, now=now):
        state = effective_state(req.status, _window(req), now)
        if state != "live":
            raise ctx.refuse(
                Msg("The grant of viewing session {session_id} (request {request_id}) is {state}; the session shows "
                    "nothing more. Ask a director with: view request {recording_id} --reason TEXT.",
                    session_id=session_id, request_id=req.id, state=_state(state), recording_id=rec.id),
                action, "viewing_session", session_id, request_id=req.id)
        raise ctx.refuse(
            Msg("The grant of viewing session {session_id} (request {request_id}) no longer covers its recording; the "
                "session shows nothing more. Ask a director with: view request {recording_id} --reason TEXT.",
                session_id=session_id, request_id=req.id, recording_id=rec.id),
            action, "viewing_session", session_id, request_id=req.id)
    require_true_grant(ctx, req.id)  # the grant and the viewer are what the audit log says
    return _grant_view(ctx, req, rec, now)


def require_session_grant(ctx: ServiceContext, session_id: int) -> GrantView:
    """The grant of the acting user's open viewing session ``session_id``, while it is live; an audited refusal
    once it expired, was revoked or stopped covering the recording (another grant does not stand in for it)."""
    ctx.require(Operation.OPEN_RECORDING, "viewing_session", session_id)
    return session_grant_in_force(ctx, session_id, "refused.open_recording")


def record_watched_range(ctx: ServiceContext, session_id: int, start_ms: int, end_ms: int) -> WatchedRangeResult:
    """Register a stretch the viewer played. Recorded even after the grant ended (it was watched); the
    result tells the player whether the session's own grant is still live."""
    session = _own_session(ctx, session_id, "refused.record_watched_range")
    _require_open(session)
    start_ms, end_ms = int(start_ms), int(end_ms)
    if not 0 <= start_ms <= end_ms or end_ms - start_ms > MAX_RANGE_MS:
        raise InvalidInputError(Msg(
            "A watched range needs 0 ≤ start ≤ end (got {start_ms}–{end_ms} ms).",
            start_ms=start_ms,
            end_ms=end_ms,
        ))
    with write_transaction():
        WatchedRange.create(session=session, start_ms=start_ms, end_ms=end_ms, recorded_at=ctx.now())
        ctx.audit("viewing.watched", "viewing_session", session_id,
                  {"recording_id": session.recording_id, "start_ms": start_ms, "end_ms": end_ms})
    live = session_grant_live(session_id, station_uid=ctx.station.station_uid, now=ctx.now())
    return WatchedRangeResult(session_id, start_ms, end_ms, live)


def close_viewing_session(ctx: ServiceContext, session_id: int) -> SessionSummary:
    """Close a session (idempotent: closing a closed session changes nothing)."""
    session = _own_session(ctx, session_id, "refused.close_viewing_session")
    if session.closed_at is None:
        now = ctx.now()
        with write_transaction():
            ViewingSession.update(closed_at=now).where(ViewingSession.id == session_id).execute()
            ctx.audit("viewing.close", "viewing_session", session_id, {
                "recording_id": session.recording_id,
                "seconds_open": (now - session.opened_at).total_seconds(),
            })
        session = ViewingSession.get_by_id(session_id)
    return SessionSummary(
        session.id, session.recording_id, session.opened_at, session.closed_at,
        [(r.start_ms, r.end_ms) for r in session.ranges.order_by(WatchedRange.id)],
        [s.id for s in session.snapshots.order_by(Snapshot.id)],
    )


# ----------------------------------------------------------------------------------------- provision
def _provision_kind(kind: str) -> RequestKind:
    parsed = _parse_kind(kind)
    if parsed is RequestKind.VIEWING:
        raise InvalidInputError(Msg("Provision approvals are of kind external_provision or secret_export."))
    return parsed


def find_provision_approval(
    ctx: ServiceContext, recording_ids: Sequence[int], kind: str = "external_provision"
) -> ProvisionApproval | None:
    """Live, unused approvals of ``kind`` for the acting user covering every recording, or None."""
    parsed = _provision_kind(kind)
    now = ctx.now()
    request_ids: set[int] = set()
    recipients: list[str] = []
    until: list[datetime] = []
    for rid in sorted(set(int(r) for r in recording_ids)):
        rec = Recording.get_or_none(Recording.id == rid)
        if rec is None:
            return None
        links = [link for link in _covering_links(ctx.actor.user_id, rec, parsed, now, ctx.station.station_uid)
                 if link.request.used_at is None]
        if not links:
            return None
        req = links[0].request
        if req.id not in request_ids:
            request_ids.add(req.id)
            recipients.append(req.recipient)
            until.append(req.valid_until)
    if not request_ids:
        return None
    return ProvisionApproval(parsed.value, sorted(request_ids), sorted(set(int(r) for r in recording_ids)),
                             recipients, min(until))


def has_provision_approval(ctx: ServiceContext, recording_ids: Sequence[int], kind: str = "external_provision") -> bool:
    """True when live, unused approvals of ``kind`` cover every recording for the acting user."""
    return find_provision_approval(ctx, recording_ids, kind) is not None


def require_provision_approval(
    ctx: ServiceContext, recording_ids: Sequence[int], kind: str = "external_provision"
) -> ProvisionApproval:
    """Like :func:`has_provision_approval`, but raises an audited refusal naming what to ask for."""
    found = find_provision_approval(ctx, recording_ids, kind)
    if found is None:
        ids = sorted(set(int(r) for r in recording_ids))
        raise ctx.refuse(
            Msg("{name!r} has no live, unused {kind_label} approval covering recordings {ids}; ask a director with: "
                "view request {args} --kind {kind} --reason TEXT.", name=ctx.actor.name,
                kind_label=_provision_kind(kind).label, ids=Items(ids), args=" ".join(map(str, ids)), kind=kind),
            f"refused.{kind}", "recording", ",".join(map(str, ids)),
        )
    return found


def secret_recording_ids(recording_ids: Sequence[int]) -> list[int]:
    """Which of these recordings are commercial or state secrets (they need a ``secret_export`` approval)."""
    rows = Recording.select(Recording.id, Recording.classification).where(Recording.id.in_(list(recording_ids)))
    return sorted(r.id for r in rows if classification_of(r).is_secret)


def mark_provision_used(ctx: ServiceContext, request_ids: Sequence[int], *, reference: str) -> None:
    """Mark approvals as used (an export consumed them); call inside the export's own transaction."""
    now = ctx.now()
    with write_transaction():
        for request_id in request_ids:
            updated = (ViewingRequest.update(used_at=now, used_ref=reference)
                       .where((ViewingRequest.id == request_id) & ViewingRequest.used_at.is_null()
                              & (ViewingRequest.viewer == ctx.actor.user_id)
                              & (ViewingRequest.kind != RequestKind.VIEWING.value)).execute())
            if updated != 1:
                raise InvalidInputError(Msg(
                    "Approval {request_id} is not an unused provision approval of yours.",
                    request_id=request_id,
                ))
            ctx.audit("viewing.provision_used", "viewing_request", request_id, {"reference": reference})
