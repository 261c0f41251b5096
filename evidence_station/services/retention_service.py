"""Use cases: retention (Art. 16) — each recording's keep-until date and why, legal holds, configured
rules, what is due, and the disposal workflow.

Nothing leaves the vault except through :func:`approve_disposal`: a custodian proposes recordings that
are past their date and not held, a director other than the proposer approves, every rule is checked
again with the clock of that moment, the catalogue keeps a tombstone of each recording (hashes, metadata,
who, when, why), and the bytes are removed only when no other catalogue entry still needs them. A signed
disposal certificate (PDF) is written and every step is in the audit chain. Nothing is ever disposed of
automatically.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, cast

from evidence_station.api.documents import Document
from evidence_station.api.retention import (
    DisposalItemView,
    DisposalView,
    DueRecording,
    HoldView,
    RetentionSummary,
    RetentionView,
    RuleView,
)
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.people import User
from evidence_station.catalogue.recordings import Device, Recording
from evidence_station.catalogue.retention import DisposalItem, DisposalProposal, LegalHold, RetentionRule
from evidence_station.catalogue.viewing import Snapshot
from evidence_station.domain.cases import clean_text
from evidence_station.domain.choices import input_error
from evidence_station.domain.clock import iso
from evidence_station.domain.compliance import ActivityKind, parse_choice
from evidence_station.domain.errors import (
    EvidenceStationError,
    IntegrityProblemError,
    InvalidInputError,
    NotFoundError,
)
from evidence_station.domain.messages import Clause, Items, Msg, Said
from evidence_station.domain.retention import (
    KeepUntil,
    RetentionReason,
    RuleScope,
    parse_period,
)
from evidence_station.domain.roles import Operation
from evidence_station.domain.viewing import parse_classification
from evidence_station.services.classification_service import (
    can_see,
    get_visible_recording,
    visible_recording_filter,
)
from evidence_station.services.context import ServiceContext
from evidence_station.services.deciding_rows import require_true_retention
from evidence_station.services.disposal_certificate import certificate_file, write_disposal_certificate
from evidence_station.services.keep_until_store import (
    DECISION_COLUMNS,
    STATE_DATE,
    STATE_DISPOSED,
    chunks,
    decisions_for,
    restamp,
    restamp_where,
    rule_scope_condition,
    stamp_unknown,
)
from evidence_station.services.thumbnail_service import thumbnail_path
from evidence_station.vault.errors import BlobNotFoundError

#: A rule scope in a sentence: its value in English, its name in Chinese.
_SCOPE_NAMES: dict[RuleScope, Msg] = {
    RuleScope.DEFAULT: Msg("default"),
    RuleScope.ACTIVITY_KIND: Msg("activity_kind"),
    RuleScope.CLASSIFICATION: Msg("classification"),
}
#: A proposal's status in a sentence.
_STATUS_NAMES: dict[str, Msg] = {"pending": Msg("pending"), "approved": Msg("approved"), "refused": Msg("refused")}


def _decided(proposal_id: int, status: str, at: datetime | None, *, again: bool = False) -> Msg:
    """A proposal already decided (``status`` approved, else refused) — one whole sentence per status."""
    when = iso(at)
    if again:
        if status == "approved":
            return Msg("Disposal proposal {proposal_id} was approved on {at}; propose the recordings again if still "
                       "wanted.", proposal_id=proposal_id, at=when)
        return Msg("Disposal proposal {proposal_id} was {status} on {at}; propose the recordings again if still "
                   "wanted.", proposal_id=proposal_id, status=status, at=when)
    if status == "approved":
        return Msg("Disposal proposal {proposal_id} was already approved on {at}.", proposal_id=proposal_id, at=when)
    return Msg("Disposal proposal {proposal_id} was already {status} on {at}.", proposal_id=proposal_id,
               status=status, at=when)


class DisposalBlockedError(InvalidInputError):
    """Some recordings of a proposal may not be disposed of (any more): the message names them and why."""

    code = "disposal_blocked"
    headline_zh = "部分记录不能（或不再能）销毁"


# -- views ------------------------------------------------------------------------------------------
















# -- loading the inputs of the rules -------------------------------------------------------------------


def _pending_proposals(recording_ids: Iterable[int]) -> dict[int, int]:
    ids = list(recording_ids)
    found: dict[int, int] = {}
    for chunk in chunks(ids):
        query = (DisposalItem.select(DisposalItem.recording, DisposalItem.proposal).join(DisposalProposal)
                 .where((DisposalProposal.status == "pending") & DisposalItem.recording.in_(chunk)))
        found.update({item.recording_id: item.proposal_id for item in query})
    return found


def _deciding(decision: KeepUntil) -> list[RetentionReason]:
    return [r for r in decision.reasons if r.held or r.until is None or r is decision.governing()]


def _not_due_message(rec: Recording, decision: KeepUntil) -> Msg:
    """Why ``rec`` may not be disposed of now."""
    why = Items([Clause(r.said) for r in _deciding(decision)], clauses=True)
    if decision.held:
        return Msg("recording {id} ({file_name}) is on hold: {why}", id=rec.id, file_name=rec.file_name, why=why)
    if decision.permanent:
        return Msg("recording {id} ({file_name}) is kept permanently: {why}", id=rec.id, file_name=rec.file_name,
                   why=why)
    return Msg("recording {id} ({file_name}) is kept until {until}: {why}", id=rec.id, file_name=rec.file_name,
               until=iso(decision.until), why=why)


def _reasons_json(decision: KeepUntil) -> list[dict[str, Any]]:
    return [{"basis": r.basis.value, "until": iso(r.until, "UTC"), "held": r.held, "detail": r.detail, "ref": r.ref}
            for r in decision.reasons]


# -- views of rows ------------------------------------------------------------------------------------


def _user_label(user: User | None) -> str | None:
    if user is None:
        return None
    return f"{user.display_name}（{user.name}）" if user.display_name else user.name


def _hold_view(hold: LegalHold) -> HoldView:
    return HoldView(hold.id, hold.recording_id, hold.reason, hold.placed_by.name, hold.placed_at,
                    hold.released_by.name if hold.released_by is not None else None, hold.released_at,
                    hold.release_reason)


def _item_view(item: DisposalItem) -> DisposalItemView:
    return DisposalItemView(
        recording_id=item.recording_id, status=item.status, sha256=item.sha256, sm3=item.sm3, size=item.size,
        kind=item.kind, file_name=item.file_name, card_path=item.card_path, device=item.device, officer=item.officer,
        start=item.start_at, end=item.end_at, imported_at=item.imported_at, classification=item.classification,
        keep_until=item.keep_until, reasons=tuple(item.reasons or ()), disposed_at=item.disposed_at, blob=item.blob,
        shared_with=tuple(item.shared_with or ()), blob_removed_at=item.blob_removed_at,
    )


def _disposal_view(proposal: DisposalProposal) -> DisposalView:
    items = DisposalItem.select().where(DisposalItem.proposal == proposal).order_by(DisposalItem.id)
    decider = proposal.decided_by if proposal.decided_by_id else None
    return DisposalView(
        proposal_id=proposal.id, status=proposal.status, reason=proposal.reason,
        proposed_by=proposal.proposed_by.name, proposed_by_label=_user_label(proposal.proposed_by) or "",
        proposed_at=proposal.proposed_at, decided_by=decider.name if decider else None,
        decided_by_label=_user_label(decider), decided_at=proposal.decided_at,
        decision_reason=proposal.decision_reason, completed_at=proposal.completed_at,
        certificate_sha256=proposal.certificate_sha256,
        approval_event_seq=proposal.approval_event_seq, station_uid=proposal.station_uid,
        items=tuple(_item_view(i) for i in items),
    )


def _load_proposal(proposal_id: int) -> DisposalProposal:
    proposal = DisposalProposal.get_or_none(DisposalProposal.id == proposal_id)
    if proposal is None:
        raise NotFoundError(Msg(
            "No disposal proposal with id {proposal_id}; list them with `evidence-station dispose list`.",
            proposal_id=proposal_id,
        ))
    return proposal


def _required_reason(reason: str, what: str) -> str:
    return clean_text(reason, what, limit=1000)


# -- reading ------------------------------------------------------------------------------------------


def retention_of(ctx: ServiceContext, recording_id: int) -> RetentionView:
    """Until when recording ``recording_id`` is kept, every rule that applies (deciding first) and its holds."""
    ctx.require(Operation.LIST_RECORDINGS, "recording", recording_id)
    rec = get_visible_recording(ctx, recording_id, "retention_show")
    decision = decisions_for([rec])[rec.id]
    holds = LegalHold.select().where(LegalHold.recording == rec).order_by(LegalHold.id)
    proposal_id = _pending_proposals([rec.id]).get(rec.id)
    if rec.disposed_at is not None:
        done = (DisposalItem.select().where((DisposalItem.recording == rec) & (DisposalItem.status == "disposed"))
                .first())
        proposal_id = done.proposal_id if done else None
    return RetentionView(
        recording_id=rec.id, file_name=rec.file_name, sha256=rec.sha256, keep_until=decision.until,
        permanent=decision.permanent, held=decision.held,
        due=rec.disposed_at is None and decision.is_due(ctx.now()), reasons=decision.reasons,
        holds=tuple(_hold_view(h) for h in holds), disposed_at=rec.disposed_at, proposal_id=proposal_id,
    )


def _due_by(ctx: ServiceContext, horizon: datetime) -> Any:
    """Live recordings visible to the actor whose stored keep-until date is at or before ``horizon`` (indexed)."""
    return (Recording.disposed_at.is_null() & visible_recording_filter(ctx) & (Recording.retention_state == STATE_DATE)
            & (Recording.keep_until <= horizon))


def due_for_disposal(ctx: ServiceContext, *, within_days: int = 0) -> list[DueRecording]:
    """Live recordings whose every rule runs out within ``within_days`` days from now (0: due now), soonest first.

    Held and permanent recordings never appear. Listing proposes nothing: disposal is always a decision. Reads only
    the recordings whose stored keep-until date is within the horizon (index), then computes their reasons.
    """
    ctx.require(Operation.LIST_RECORDINGS)
    if within_days < 0:
        raise InvalidInputError(Msg("The number of days ahead must be 0 or more."))
    stamp_unknown()
    now = ctx.now()
    horizon = now + timedelta(days=within_days)
    condition = _due_by(ctx, horizon)
    # Named tuples, not model instances: building a peewee model per row took most of the time of a long list.
    candidates = list(Recording.select(*DECISION_COLUMNS, Recording.file_name, Recording.card_path, Recording.sha256,
                                       Recording.size, Recording.device.alias("device_id")).where(condition)
                      .order_by(Recording.keep_until, Recording.id).namedtuples())
    decisions = decisions_for(candidates, among=Recording.select(Recording.id).where(condition))
    pending = {item.recording_id: item.proposal_id for item in
               DisposalItem.select(DisposalItem.recording, DisposalItem.proposal).join(DisposalProposal)
               .where(DisposalProposal.status == "pending")}
    serials: dict[int | None, str] = dict(cast(Iterable[tuple[int, str]],
                                              Device.select(Device.id, Device.serial).tuples()))
    due: list[DueRecording] = []
    for rec in candidates:
        decision = decisions[rec.id]
        if decision.until is None or decision.until > horizon:
            continue
        due.append(DueRecording(rec.id, rec.file_name, rec.card_path, rec.sha256, rec.size, rec.start_at,
                                decision.until, decision.is_due(now), decision.reasons, pending.get(rec.id),
                                serials.get(rec.device_id)))
    return sorted(due, key=lambda d: (d.keep_until, d.recording_id))


def retention_summary(ctx: ServiceContext, *, within_days: int = 30) -> RetentionSummary:
    """The dashboard's retention figures: due now, becoming due within ``within_days``, pending, holds (counted by
    the database on the stored keep-until dates, never by loading recordings)."""
    ctx.require(Operation.LIST_RECORDINGS)
    if within_days < 0:
        raise InvalidInputError(Msg("The number of days ahead must be 0 or more."))
    stamp_unknown()
    now = ctx.now()
    due_now = Recording.select().where(_due_by(ctx, now)).count()
    due_within = Recording.select().where(_due_by(ctx, now + timedelta(days=within_days))).count()
    return RetentionSummary(
        generated_at=now, within_days=within_days, due_now=due_now, due_soon=due_within - due_now,
        pending_proposals=DisposalProposal.select().where(DisposalProposal.status == "pending").count(),
        active_holds=LegalHold.select().where(LegalHold.released_at.is_null()).count(),
    )


def list_holds(ctx: ServiceContext, *, active_only: bool = True, recording_id: int | None = None) -> list[HoldView]:
    """Legal holds, newest first (only active ones unless ``active_only`` is False)."""
    ctx.require(Operation.LIST_RECORDINGS)
    query = (LegalHold.select().join(Recording).where(visible_recording_filter(ctx)).order_by(LegalHold.id.desc()))
    if active_only:
        query = query.where(LegalHold.released_at.is_null())
    if recording_id is not None:
        query = query.where(LegalHold.recording == recording_id)
    return [_hold_view(h) for h in query]


# -- holds ---------------------------------------------------------------------------------------------


def place_hold(ctx: ServiceContext, recording_ids: Iterable[int], *, reason: str) -> tuple[HoldView, ...]:
    """Put a legal hold on each recording (one hold per recording): none can be disposed of until released."""
    ids = list(dict.fromkeys(int(r) for r in recording_ids))
    ctx.require(Operation.MANAGE_HOLDS, "recording", ids[0] if len(ids) == 1 else "")
    if not ids:
        raise InvalidInputError(Msg("Name at least one recording (by its id) to hold."))
    reason = _required_reason(reason, "reason for the hold")
    recs = [get_visible_recording(ctx, rid, "retention_hold") for rid in ids]
    now = ctx.now()
    with write_transaction():
        holds = []
        for rec in recs:
            rec = Recording.get_by_id(rec.id)
            if rec.disposed_at is not None:
                raise InvalidInputError(Msg(
                    "Recording {id} ({file_name}) was disposed of on {disposed_at}; there is nothing left to hold.",
                    id=rec.id,
                    file_name=rec.file_name,
                    disposed_at=iso(rec.disposed_at),
                ))
            hold = LegalHold.create(recording=rec, reason=reason, placed_by=ctx.actor.user_id, placed_at=now)
            restamp([rec.id])
            ctx.audit("retention.hold", "recording", rec.id, {"hold_id": hold.id, "reason": reason,
                                                              "sha256": rec.sha256, "file_name": rec.file_name})
            holds.append(_hold_view(hold))
    return tuple(holds)


def release_hold(ctx: ServiceContext, hold_id: int, *, reason: str) -> HoldView:
    """Release a legal hold (with the reason); the recording then follows its other rules again."""
    ctx.require(Operation.MANAGE_HOLDS, "legal_hold", hold_id)
    reason = _required_reason(reason, "reason for releasing the hold")
    with write_transaction():
        hold = LegalHold.get_or_none(LegalHold.id == hold_id)
        if hold is None or not can_see(ctx, hold.recording):
            raise NotFoundError(Msg(
                "No legal hold with id {hold_id}; list them with `evidence-station retention holds`.",
                hold_id=hold_id,
            ))
        if hold.released_at is not None:
            released_by = cast(User, hold.released_by)  # set together with released_at
            raise InvalidInputError(Msg(
                "Legal hold {hold_id} was already released on {released_at} by {name}.",
                hold_id=hold_id,
                released_at=iso(hold.released_at),
                name=released_by.name,
            ))
        hold.released_at = ctx.now()
        hold.released_by_id = ctx.actor.user_id
        hold.release_reason = reason
        hold.save()
        restamp([hold.recording_id])
        ctx.audit("retention.release", "recording", hold.recording_id,
                  {"hold_id": hold.id, "reason": reason, "hold_reason": hold.reason})
        return _hold_view(LegalHold.get_by_id(hold.id))


# -- configured rules ------------------------------------------------------------------------------------


def _rule_key(scope: str, value: str) -> tuple[RuleScope, str]:
    try:
        parsed = RuleScope(scope.strip().lower())
    except ValueError:
        raise InvalidInputError(Msg("Unknown retention rule scope {scope!r}; use one of: {valid}.", scope=scope,
                                    valid=", ".join(s.value for s in RuleScope))) from None
    value = (value or "").strip()
    if parsed is RuleScope.DEFAULT:
        return parsed, ""
    if parsed is RuleScope.ACTIVITY_KIND:
        try:
            return parsed, parse_choice(ActivityKind, value, "activity kind").value
        except ValueError as exc:
            raise input_error(exc) from None
    try:
        return parsed, parse_classification(value).value
    except ValueError as exc:
        raise input_error(exc) from None


def _rule_view(rule: RetentionRule) -> RuleView:
    return RuleView(rule.scope, rule.value, rule.years, rule.reason, rule.set_by.name, rule.set_at)


def list_rules(ctx: ServiceContext) -> list[RuleView]:
    """The configured retention rules (the one-year floor is not one of them: it is fixed)."""
    ctx.require(Operation.LIST_RECORDINGS)
    return [_rule_view(r) for r in RetentionRule.select().order_by(RetentionRule.scope, RetentionRule.value)]


def set_rule(ctx: ServiceContext, *, scope: str, value: str = "", period: str, reason: str) -> RuleView:
    """Set the retention period of a scope (``10y``, ``30y``, ``permanent``); never below one year."""
    ctx.require(Operation.MANAGE_SETTINGS, "retention_rule", f"{scope}:{value}")
    key_scope, key_value = _rule_key(scope, value)
    years = parse_period(period)
    reason = _required_reason(reason, "reason for the retention rule")
    now = ctx.now()
    with write_transaction():
        rule = RetentionRule.get_or_none((RetentionRule.scope == key_scope.value) & (RetentionRule.value == key_value))
        old = (rule.years if rule.years is not None else "permanent") if rule else None
        if rule is None:
            rule = RetentionRule(scope=key_scope.value, value=key_value)
        rule.years, rule.reason, rule.set_by_id, rule.set_at = years, reason, ctx.actor.user_id, now
        rule.save()
        restamp_where(rule_scope_condition(key_scope, key_value))
        ctx.audit("retention.rule_set", "retention_rule", f"{key_scope.value}:{key_value}",
                  {"scope": key_scope.value, "value": key_value, "years": years if years is not None else "permanent",
                   "previous": old, "reason": reason})
        return _rule_view(RetentionRule.get_by_id(rule.id))


def clear_rule(ctx: ServiceContext, *, scope: str, value: str = "", reason: str) -> RuleView:
    """Remove a configured rule (recordings then follow the others and the one-year floor)."""
    ctx.require(Operation.MANAGE_SETTINGS, "retention_rule", f"{scope}:{value}")
    key_scope, key_value = _rule_key(scope, value)
    reason = _required_reason(reason, "reason for removing the retention rule")
    with write_transaction():
        rule = RetentionRule.get_or_none((RetentionRule.scope == key_scope.value) & (RetentionRule.value == key_value))
        if rule is None:
            raise NotFoundError(
                Msg("No retention rule for {scope} {value!r}.", scope=_SCOPE_NAMES[key_scope], value=key_value)
                if key_value else Msg("No retention rule for {scope}.", scope=_SCOPE_NAMES[key_scope]))
        view = _rule_view(rule)
        rule.delete_instance()
        restamp_where(rule_scope_condition(key_scope, key_value))
        ctx.audit("retention.rule_clear", "retention_rule", f"{key_scope.value}:{key_value}",
                  {"scope": key_scope.value, "value": key_value,
                   "years": view.years if view.years is not None else "permanent", "reason": reason})
        return view


# -- disposal --------------------------------------------------------------------------------------------


def _tombstone_fields(rec: Recording, decision: KeepUntil) -> dict[str, Any]:
    return {
        "sha256": rec.sha256, "sm3": rec.sm3, "size": rec.size, "kind": rec.kind, "file_name": rec.file_name,
        "card_path": rec.card_path, "device": rec.device.serial if rec.device is not None else "",
        "officer": rec.officer,
        "start_at": rec.start_at, "end_at": rec.end_at, "imported_at": rec.imported_at,
        "classification": rec.classification, "keep_until": decision.until, "reasons": _reasons_json(decision),
    }


def propose_disposal(ctx: ServiceContext, recording_ids: Iterable[int], *, reason: str) -> DisposalView:
    """Propose disposing of recordings that are past their retention and not held (custodian).

    Every recording must be due now and not already in a pending proposal; otherwise nothing is proposed
    and the error names each recording and what keeps it.
    """
    ids = list(dict.fromkeys(int(r) for r in recording_ids))
    ctx.require(Operation.PROPOSE_DISPOSAL, "recording", ids[0] if len(ids) == 1 else "")
    if not ids:
        raise InvalidInputError(Msg("Name at least one recording (by its id) to propose for disposal."))
    reason = _required_reason(reason, "reason for the disposal")
    for rid in ids:
        get_visible_recording(ctx, rid, "propose_disposal")
    now = ctx.now()
    with write_transaction():
        recs = list(Recording.select().where(Recording.id.in_(ids)))
        by_id = {r.id: r for r in recs}
        disposed = [Msg("recording {id} ({file_name}) was already disposed of on {at}", id=r.id,
                        file_name=r.file_name, at=iso(r.disposed_at))
                    for r in recs if r.disposed_at is not None]
        pending = _pending_proposals(ids)
        queued = [Msg("recording {id} is already in pending proposal {proposal_id}", id=rid, proposal_id=pid)
                  for rid, pid in pending.items()]
        decisions = decisions_for(recs)
        not_due = [_not_due_message(r, decisions[r.id]) for r in recs if not decisions[r.id].is_due(now)]
        problems = disposed + queued + not_due
        if problems:
            raise DisposalBlockedError(Msg("Nothing was proposed: {problems}.",
                                           problems=Items(problems, clauses=True)))
        proposal = DisposalProposal.create(station_uid=ctx.station.station_uid, reason=reason,
                                           proposed_by=ctx.actor.user_id, proposed_at=now)
        for rid in ids:
            DisposalItem.create(proposal=proposal, recording=rid, **_tombstone_fields(by_id[rid], decisions[rid]))
        ctx.audit("disposal.propose", "disposal", proposal.id, {
            "reason": reason,
            "recordings": [{"id": rid, "sha256": by_id[rid].sha256, "file_name": by_id[rid].file_name,
                            "keep_until": iso(decisions[rid].until, "UTC")} for rid in ids],
        })
        return _disposal_view(proposal)


def refuse_disposal(ctx: ServiceContext, proposal_id: int, *, reason: str) -> DisposalView:
    """Refuse a pending proposal (director): nothing is disposed of; the recordings may be proposed again."""
    ctx.require(Operation.APPROVE_DISPOSAL, "disposal", proposal_id)
    reason = _required_reason(reason, "reason for refusing")
    with write_transaction():
        proposal = _load_proposal(proposal_id)
        if proposal.status != "pending":
            raise InvalidInputError(_decided(proposal_id, proposal.status, proposal.decided_at))
        proposal.status, proposal.decided_by_id, proposal.decided_at = "refused", ctx.actor.user_id, ctx.now()
        proposal.decision_reason = reason
        proposal.save()
        ctx.audit("disposal.refuse", "disposal", proposal.id, {"reason": reason})
        return _disposal_view(proposal)


def _sharers(sha256: str, excluding: set[int]) -> list[int]:
    """Ids of live recordings (and ``-id`` of snapshots) that still need the blob ``sha256``."""
    live = [r.id for r in Recording.select(Recording.id).where(
        (Recording.sha256 == sha256) & Recording.disposed_at.is_null() & Recording.id.not_in(excluding or {0}))]
    stills = [-s.id for s in Snapshot.select(Snapshot.id).where(Snapshot.sha256 == sha256)]
    return sorted(live) + stills


def approve_disposal(
    ctx: ServiceContext,
    proposal_id: int,
    *,
    exclude_blocked: bool = False,
) -> DisposalView:
    """Approve a pending proposal (a director who did not propose it) and carry it out.

    Every rule is checked again with the clock of now: if a recording is no longer due (a hold, a case,
    a longer rule appeared) nothing happens and :class:`DisposalBlockedError` names it — unless
    ``exclude_blocked``, when such items are withheld (kept, listed on the certificate). Disposed
    recordings keep their catalogue row as a tombstone; a blob is removed only when no live catalogue
    entry shares it. Then the signed certificate is made and kept at the station (:func:`disposal_certificate`
    hands it out; a desk that wants a copy checks its output path before calling this). Called again on an
    approved proposal whose blob removals did not all finish, it finishes them.
    """
    ctx.require(Operation.APPROVE_DISPOSAL, "disposal", proposal_id)
    proposal = _load_proposal(proposal_id)
    if proposal.status == "approved":
        if proposal.completed_at is not None:
            raise InvalidInputError(Msg(
                "Disposal proposal {proposal_id} was already approved and carried out on {completed_at}; "
                "write its certificate with `evidence-station dispose certificate {proposal_id} --out FILE`.",
                proposal_id=proposal_id,
                completed_at=iso(proposal.completed_at),
            ))
        return _carry_out(ctx, proposal_id)
    if proposal.status != "pending":
        raise InvalidInputError(_decided(proposal_id, proposal.status, proposal.decided_at, again=True))
    if proposal.proposed_by_id == ctx.actor.user_id:
        raise ctx.refuse(Msg("Nobody may approve their own disposal proposal; another director must decide it."),
                         "refused.approve_disposal", "disposal", proposal_id)
    hidden = [i.recording_id for i in proposal.items if not can_see(ctx, i.recording)]
    if hidden:
        raise ctx.refuse(
            Msg("Disposal proposal {proposal_id} includes recordings above the clearance of {name!r}; a director "
                "cleared for them must decide it.", proposal_id=proposal_id, name=ctx.actor.name),
            "refused.approve_disposal", "disposal", proposal_id, clearance=ctx.actor.clearance)
    require_true_retention(ctx, proposal_id)  # times, holds, cases, rules and approver are what the log says
    now = ctx.now()
    with write_transaction():
        proposal = _load_proposal(proposal_id)
        if proposal.status != "pending":
            raise InvalidInputError(Msg("Disposal proposal {proposal_id} was decided meanwhile ({status}).",
                                        proposal_id=proposal_id,
                                        status=_STATUS_NAMES.get(proposal.status, proposal.status)))
        items = list(proposal.items.order_by(DisposalItem.id))
        recs = {r.id: r for r in Recording.select().where(Recording.id.in_([i.recording_id for i in items]))}
        decisions = decisions_for(list(recs.values()))
        blocked = [i for i in items
                   if recs[i.recording_id].disposed_at is not None or not decisions[i.recording_id].is_due(now)]
        if blocked and (not exclude_blocked or len(blocked) == len(items)):
            lines = [Msg("recording {id} was already disposed of", id=i.recording_id)
                     if recs[i.recording_id].disposed_at
                     else _not_due_message(recs[i.recording_id], decisions[i.recording_id]) for i in blocked]
            advice = (Msg("refuse the proposal") if len(blocked) == len(items)
                      else Msg("approve with --exclude-blocked to dispose of the others, or refuse the proposal"))
            raise DisposalBlockedError(Msg(
                "Disposal proposal {proposal_id} was not carried out: {problems}. Re-checked at {at}; {advice}.",
                proposal_id=proposal_id, problems=Items(lines, clauses=True), at=iso(now), advice=advice))
        blocked_ids = {i.id for i in blocked}
        disposing = {i.recording_id for i in items if i.id not in blocked_ids}
        for item in items:
            rec, decision = recs[item.recording_id], decisions[item.recording_id]
            fields = _tombstone_fields(rec, decision)
            if item.id in blocked_ids:
                fields["status"] = "withheld"
            else:
                shared = _sharers(rec.sha256, disposing)
                fields.update(status="disposed", disposed_at=now, blob="shared" if shared else "pending",
                              shared_with=shared)
            DisposalItem.update(**fields).where(DisposalItem.id == item.id).execute()
        Recording.update(disposed_at=now, retention_state=STATE_DISPOSED).where(Recording.id.in_(disposing)).execute()
        proposal.status, proposal.decided_by_id, proposal.decided_at = "approved", ctx.actor.user_id, now
        event = ctx.audit("disposal.approve", "disposal", proposal.id, {
            "proposed_by": proposal.proposed_by.name,
            "disposed": [{"id": i.recording_id, "sha256": i.sha256, "sm3": i.sm3, "file_name": i.file_name}
                         for i in items if i.id not in blocked_ids],
            "withheld": [{"id": i.recording_id, "sha256": i.sha256} for i in blocked],
        })
        proposal.approval_event_seq = event.seq
        proposal.save()
    return _carry_out(ctx, proposal_id)


def _remove_blob(ctx: ServiceContext, sha256: str) -> str:
    """Remove one blob and its cached thumbnail strip; ``removed`` or ``absent``."""
    thumbnail = thumbnail_path(ctx.station, sha256)
    thumbnail.unlink(missing_ok=True)
    try:
        ctx.station.vault.remove_blob(sha256)
    except BlobNotFoundError:
        return "absent"
    return "removed"




def _carry_out(ctx: ServiceContext, proposal_id: int) -> DisposalView:
    """Remove the blobs of an approved proposal that no live entry needs, then make the certificate."""
    pending = list(DisposalItem.select()
                   .where((DisposalItem.proposal == proposal_id) & (DisposalItem.blob == "pending"))
                   .order_by(DisposalItem.id))
    outcome: dict[str, tuple[str, list[int]]] = {}
    failures: list[str] = []
    failed: list[Msg] = []
    for sha256 in dict.fromkeys(i.sha256 for i in pending):
        shared = _sharers(sha256, set())  # checked again right before removing: an import may have come since
        if shared:
            outcome[sha256] = ("shared", shared)
            continue
        try:
            outcome[sha256] = (_remove_blob(ctx, sha256), [])
        except (EvidenceStationError, OSError) as exc:
            problem = exc.said if isinstance(exc, EvidenceStationError) else Said(str(exc))
            failures.append(f"{sha256}: {problem}")
            failed.append(Msg("{sha256}: {problem}", sha256=sha256, problem=problem))
    now = ctx.now()
    with write_transaction():
        for item in pending:
            if item.sha256 in outcome:
                state, shared = outcome[item.sha256]
                DisposalItem.update(blob=state, shared_with=shared,
                                    blob_removed_at=now if state != "shared" else None).where(
                    DisposalItem.id == item.id).execute()
        if outcome or failures:
            ctx.audit("disposal.blobs", "disposal", proposal_id, {
                "removed": [s for s, (state, _) in outcome.items() if state == "removed"],
                "absent": [s for s, (state, _) in outcome.items() if state == "absent"],
                "kept_shared": {s: ids for s, (state, ids) in outcome.items() if state == "shared"},
                "failed": failures,
            }, outcome="ok" if not failures else "failed")
    if failures:
        raise IntegrityProblemError(Msg(
            "Disposal {proposal_id} is approved and its recordings are disposed of in the catalogue, but {count} "
            "blob(s) could not be removed from the vault ({failures}). Fix the vault disk, then run "
            "`evidence-station dispose approve {proposal_id}` again to finish.",
            proposal_id=proposal_id, count=len(failed), failures=Items(failed, clauses=True)))
    proposal = _load_proposal(proposal_id)
    target = certificate_file(ctx, proposal_id)
    digest = write_disposal_certificate(ctx, _disposal_view(proposal), target)
    with write_transaction():
        DisposalProposal.update(certificate_path=str(target), certificate_sha256=digest, completed_at=ctx.now()).where(
            DisposalProposal.id == proposal_id).execute()
        ctx.audit("disposal.certificate", "disposal", proposal_id, {"file": target.name, "sha256": digest})
    return _disposal_view(_load_proposal(proposal_id))


def list_disposals(ctx: ServiceContext, *, status: str | None = None) -> list[DisposalView]:
    """Disposal proposals, newest first (``status``: pending, approved or refused)."""
    ctx.require(Operation.LIST_RECORDINGS)
    query = DisposalProposal.select().order_by(DisposalProposal.id.desc())
    if status:
        query = query.where(DisposalProposal.status == status)
    return [_disposal_view(p) for p in query]


def get_disposal(ctx: ServiceContext, proposal_id: int) -> DisposalView:
    """One disposal proposal with its items (tombstones once approved)."""
    ctx.require(Operation.LIST_RECORDINGS, "disposal", proposal_id)
    return _disposal_view(_load_proposal(proposal_id))


def disposal_certificate(ctx: ServiceContext, proposal_id: int) -> Document:
    """The signed certificate of carried-out disposal ``proposal_id``, as the station keeps it (checked against
    the SHA-256 recorded when it was made); the client writes it where the person asks. Audited."""
    ctx.require(Operation.LIST_RECORDINGS, "disposal", proposal_id)
    proposal = _load_proposal(proposal_id)
    if not proposal.certificate_sha256:
        raise NotFoundError(Msg("Disposal proposal {proposal_id} has no certificate: it is {status} and not "
                                "carried out.", proposal_id=proposal_id,
                                status=_STATUS_NAMES.get(proposal.status, proposal.status)))
    kept = certificate_file(ctx, proposal_id)
    try:
        content = kept.read_bytes()
    except FileNotFoundError:
        content = b""
    if hashlib.sha256(content).hexdigest() != proposal.certificate_sha256:
        raise IntegrityProblemError(
            Msg(
                "The certificate of disposal {proposal_id} kept at the station is missing or not the one "
                "signed (SHA-256 {certificate_sha256}); run `evidence-station verify` and `audit verify`.",
                proposal_id=proposal_id,
                certificate_sha256=proposal.certificate_sha256,
            ))
    with write_transaction():
        ctx.audit("disposal.certificate_copy", "disposal", proposal_id, {"sha256": proposal.certificate_sha256})
    return Document(file_name=kept.name, media_type="application/pdf", content=content)
