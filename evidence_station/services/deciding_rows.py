"""Deciding rows are checked at the moment of use: a decision compares the catalogue rows it relies on with their
audit events before it acts (issue #18, item 2).

``verify`` finds every altered row eventually; these checks make sure nothing is *done* on one meanwhile. Each
reads the events of the few rows it needs in one indexed look-up (:func:`~evidence_station.audit.replay.
replay_subjects`, ``audit_event(object_type, object_id, action)``), folds them with the same code as the full replay
and compares with the same code as ``verify`` (:mod:`evidence_station.audit.catalogue_check`). A disagreement is
refused with :class:`~evidence_station.domain.errors.CatalogueAlteredError` (exit 1, English and Chinese, naming the
rows and fields), audited as ``refused.catalogue_altered``; nothing else happens.

* :func:`require_true_approval` — approving a viewing request: the approver's roles and clearance (rows and
  session), the request (who asked, for whom, what), the classes of its recordings;
* :func:`require_true_grant` — opening footage under a grant: the grant (status, window, revocation, recordings
  and classes covered) and the viewer's roles and clearance — for a viewing session, a preview strip, a snapshot
  taken or shown, a bookmark added or edited; the stream port asks :func:`grant_rows_true` when a stream opens and
  whenever its cached liveness refreshes;
* :func:`require_true_retention` — approving a disposal: the recordings' camera and import times and classes,
  their legal holds, their case attachments and those cases' retention, the retention rules, the approver;
* :func:`require_true_originals` — exporting originals: each one's hashes and size against its import record, and
  the clerk's roles.

What the log does not record (the activity a recording belongs to, which may carry a retention rule; fields older
events lack) is not checked here; ``verify`` says so in its notes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from evidence_station.api.session import Actor
from evidence_station.audit.catalogue_check import (
    Alteration,
    Difference,
    case_alterations,
    hold_alterations,
    recording_alterations,
    request_alterations,
    rule_alterations,
    shown,
    user_alterations,
)
from evidence_station.audit.replay import USER_ACTIONS, SecurityState, Subject, replay_subjects
from evidence_station.catalogue.recordings import Recording
from evidence_station.catalogue.retention import DisposalItem
from evidence_station.catalogue.viewing import ViewingRequestRecording
from evidence_station.domain.errors import CatalogueAlteredError
from evidence_station.domain.messages import Items, Msg
from evidence_station.services.context import ServiceContext

#: The events that make or change a recording's classification, and its import record.
_RECORDING_ACTIONS = ("recording.stored", "recording.classify")


def _actor_subject(actor: Actor) -> Subject:
    return Subject("user", [actor.name], USER_ACTIONS)


def session_alterations(state: SecurityState, actor: Actor) -> list[Alteration]:
    """The acting session's roles and clearance (read from the catalogue at log-in) against the log."""
    logged = state.users.get(actor.name)
    label = Msg("session of user {name}", name=actor.name)
    if logged is None:
        return [Alteration("user", actor.name, label, "added")]
    differences = []
    roles = frozenset(role.value for role in actor.roles)
    if roles != logged.roles:
        differences.append(Difference("roles", shown(roles), shown(logged.roles)))
    if actor.clearance != logged.clearance:
        differences.append(Difference("clearance", str(actor.clearance), str(logged.clearance)))
    return [Alteration("user", actor.name, label, differences=tuple(differences))] if differences else []


def _actor_alterations(state: SecurityState, actor: Actor) -> list[Alteration]:
    return [*user_alterations(state, [actor.name]), *session_alterations(state, actor)]


def _refuse(ctx: ServiceContext, what: Msg, found: Sequence[Alteration]) -> None:
    """Nothing when ``found`` is empty; else audit the refusal and raise :class:`CatalogueAlteredError`."""
    if not found:
        return
    ctx.audit("refused.catalogue_altered", found[0].table, found[0].row_id,
              {"operation": str(what), "alterations": [a.to_dict() for a in found]}, outcome="refused")
    raise CatalogueAlteredError(Msg(
        "Refused: {what} relies on catalogue rows that disagree with the audit log. {alterations} Nothing was "
        "done. Tell the auditor and run `evidence-station verify`.", what=what,
        alterations=Items((a.said for a in found), sentences=True)))


def _request_recordings(request_id: int) -> list[int]:
    rows: Iterable[tuple[int]] = cast(Any, ViewingRequestRecording.select(ViewingRequestRecording.recording)
                                      .where(ViewingRequestRecording.request == request_id).tuples())
    return [rid for (rid,) in rows]


def require_true_approval(ctx: ServiceContext, request_id: int) -> None:
    """Before approving request ``request_id``: the approver, the request and its recordings' classes are what the
    log says (else :class:`CatalogueAlteredError`, audited)."""
    recordings = _request_recordings(request_id)
    state = replay_subjects([_actor_subject(ctx.actor), Subject("viewing_request", [str(request_id)]),
                             Subject("recording", [str(r) for r in recordings], _RECORDING_ACTIONS)], with_init=True)
    _refuse(ctx, Msg("approving viewing request {request_id}", request_id=request_id), [
        *_actor_alterations(state, ctx.actor), *request_alterations(state, [request_id]),
        *recording_alterations(state, recordings, fields={"classification"})])


def require_true_confirmer(ctx: ServiceContext) -> None:
    """Before confirming or refusing an account change (two-person administration): the deciding administrator or
    director is what the log says (else :class:`CatalogueAlteredError`, audited)."""
    state = replay_subjects([_actor_subject(ctx.actor)], with_init=True)
    _refuse(ctx, Msg("deciding an account change"), _actor_alterations(state, ctx.actor))


def require_true_grant(ctx: ServiceContext, request_id: int) -> None:
    """Before opening footage under grant ``request_id``: the grant (status, window, revocation, what it covers and
    at which class) and the viewer are what the log says (else :class:`CatalogueAlteredError`, audited)."""
    state = replay_subjects([_actor_subject(ctx.actor), Subject("viewing_request", [str(request_id)])],
                            with_init=True)
    _refuse(ctx, Msg("opening footage under grant {request_id}", request_id=request_id), [
        *_actor_alterations(state, ctx.actor), *request_alterations(state, [request_id])])


def grant_rows_true(ctx: ServiceContext, request_id: int) -> bool:
    """Whether grant ``request_id`` and the acting viewer are what the audit log says (:func:`require_true_grant`
    without raising: a disagreement is audited as ``refused.catalogue_altered`` and answers False). The stream
    port asks it when a stream opens and each time its cached liveness refreshes."""
    try:
        require_true_grant(ctx, request_id)
    except CatalogueAlteredError:
        return False
    return True


def require_true_retention(ctx: ServiceContext, proposal_id: int) -> None:
    """Before carrying out disposal proposal ``proposal_id``: every input of its recordings' retention — camera and
    import times, classes, legal holds, case attachments and the cases' retention, the rules — and the approver are
    what the log says (else :class:`CatalogueAlteredError`, audited)."""
    rows: Iterable[tuple[int]] = cast(Any, DisposalItem.select(DisposalItem.recording)
                                      .where(DisposalItem.proposal == proposal_id).tuples())
    ids = sorted({rid for (rid,) in rows})
    what = Msg("disposal proposal {proposal_id}", proposal_id=proposal_id)
    state = replay_subjects([_actor_subject(ctx.actor), Subject("recording", [str(r) for r in ids]),
                             Subject("case"), Subject("retention_rule")], with_init=True)
    _refuse(ctx, what, [
        *_actor_alterations(state, ctx.actor),
        *recording_alterations(state, ids, fields={"start_at", "end_at", "imported_at", "classification"}),
        *hold_alterations(state, ids), *case_alterations(state, ids), *rule_alterations(state)])


def require_true_originals(ctx: ServiceContext, recordings: Sequence[Recording]) -> None:
    """Before copying ``recordings`` out (an export): each one's SHA-256, SM3 and size are those of its import record
    in the log, and the clerk is what the log says (else :class:`CatalogueAlteredError`, audited). The export then
    copies and checks the bytes against exactly these rows."""
    ids = sorted({rec.id for rec in recordings})
    what = Msg("exporting recordings {ids}", ids=Items(ids))
    state = replay_subjects([_actor_subject(ctx.actor),
                             Subject("recording", [str(r) for r in ids], ("recording.stored",))], with_init=True)
    found = [*_actor_alterations(state, ctx.actor),
             *recording_alterations(state, ids, fields={"sha256", "sm3", "size"})]
    # The rows read at the start of the export must be those checked: a row changed meanwhile is refused too.
    logged = state.recordings
    for rec in recordings:
        entry = logged.get(rec.id)
        if entry is not None and (rec.sha256, rec.sm3, rec.size) != (entry.sha256, entry.sm3, entry.size) and not any(
                a.recording_id == rec.id for a in found):
            found.append(Alteration("recording", str(rec.id),
                                    Msg("recording {id} ({path})", id=rec.id, path=rec.card_path), recording_id=rec.id,
                                    differences=(Difference("sha256", rec.sha256, entry.sha256),)))
    _refuse(ctx, what, found)
