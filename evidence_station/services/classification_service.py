"""Use cases: classify recordings (Art. 20) and hide secret ones from users without clearance.

Secret recordings (commercial or state secret) are invisible to a user whose clearance is too low: lists
leave them out and a look-up by id answers exactly as for an id that does not exist — but the attempt is
audited, so the auditor sees who tried to reach what.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from peewee import Expression, ModelSelect, fn

from evidence_station.api.viewing import ClassificationResult
from evidence_station.catalogue.cases import Export, ExportDisc, ExportFile
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.recordings import Finding, FindingRecording, Recording
from evidence_station.catalogue.viewing import ClassificationChange
from evidence_station.domain.choices import input_error
from evidence_station.domain.errors import InvalidInputError, NotFoundError
from evidence_station.domain.messages import Msg
from evidence_station.domain.roles import Operation
from evidence_station.domain.viewing import (
    Classification,
    may_know_of,
    parse_classification,
    stored_classification,
    visible_classifications,
)
from evidence_station.services.context import ServiceContext
from evidence_station.services.keep_until_store import restamp


def classification_of(value: str | Recording | None) -> Classification:
    """A recording's class; an unreadable stored value counts as the most secret one (fail closed)."""
    return stored_classification(value.classification if isinstance(value, Recording) else value)


def can_see(ctx: ServiceContext, recording: Recording | str) -> bool:
    """True when the acting user may know that ``recording`` (a row, or its classification) exists."""
    return may_know_of(classification_of(recording), ctx.actor.clearance)


def visible_recording_filter(ctx: ServiceContext) -> Expression:
    """A ``where`` clause keeping only the recordings the acting user may know of."""
    return Recording.classification.in_([c.value for c in visible_classifications(ctx.actor.clearance)])


def hidden_recordings(ctx: ServiceContext) -> ModelSelect[Recording]:
    """A sub-query of the ids of the recordings the acting user may not know of (secrets above their clearance)."""
    return Recording.select(Recording.id).where(~visible_recording_filter(ctx))


def visible_finding_filter(ctx: ServiceContext) -> Expression:
    """A ``where`` clause on findings: leaves out every finding about a recording the acting user may not know of
    (its message names the file, its times, its device)."""
    # Correlated (per finding, by the finding_recording index): never a pass over every recording (#22).
    hidden_link = (FindingRecording.select(FindingRecording.id).join(Recording)
                   .where((FindingRecording.finding == Finding.id) & ~visible_recording_filter(ctx)))
    return cast(Expression, ~fn.EXISTS(hidden_link))


def visible_export_filter(ctx: ServiceContext) -> Expression:
    """A ``where`` clause on exports: leaves out every export whose discs hold a recording the acting user may not
    know of (such a disc is a classified carrier of that class, Art. 20)."""
    holding = (ExportDisc.select(ExportDisc.export).join(ExportFile)
               .where(ExportFile.recording.in_(hidden_recordings(ctx))))
    return Export.id.not_in(holding)


def missing_recording_error(recording_id: int) -> NotFoundError:
    """The one message for a recording that does not exist — or that the user may not know of."""
    return NotFoundError(Msg("No recording with id {recording_id}.", recording_id=recording_id))


def refuse_hidden(ctx: ServiceContext, recording_ids: Iterable[int], action: str) -> None:
    """Answer a recording above the user's clearance as one that does not exist (Art. 20), the attempt audited —
    called before the caller's transaction, so the audit event stays even though the operation is refused."""
    wanted = list(dict.fromkeys(int(r) for r in recording_ids))
    for rec in Recording.select(Recording.id, Recording.classification).where(Recording.id.in_(wanted)):
        if not can_see(ctx, rec):
            raise hidden_recording_error(ctx, rec.id, action)


def hidden_recording_error(ctx: ServiceContext, recording_id: int, action: str) -> NotFoundError:
    """Audit an attempt to reach a recording above the user's clearance; return the not-found error."""
    ctx.audit(
        "recording.hidden_access", "recording", recording_id,
        {"attempted": action, "clearance": ctx.actor.clearance}, outcome="refused",
    )
    return missing_recording_error(recording_id)


def get_visible_recording(ctx: ServiceContext, recording_id: int, action: str) -> Recording:
    """The recording row, or :class:`NotFoundError` when it does not exist or is hidden (audited)."""
    rec = Recording.get_or_none(Recording.id == recording_id)
    if rec is None:
        raise missing_recording_error(recording_id)
    if not can_see(ctx, rec):
        raise hidden_recording_error(ctx, recording_id, action)
    return rec


def set_classification(
    ctx: ServiceContext, recording_id: int, classification: str | Classification, *, reason: str
) -> ClassificationResult:
    """Set a recording's class (director only; raising and lowering alike, with a reason, audited).

    The director needs clearance for both the old and the new class. Grants approved under a lower
    class stop covering the recording once it is raised (see ``viewing_service``).
    """
    ctx.require(Operation.CLASSIFY_RECORDING, "recording", recording_id)
    try:
        new = parse_classification(str(classification))
    except ValueError as exc:
        raise input_error(exc) from None
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInputError(Msg("Give the reason for the classification change (--reason)."))
    rec = get_visible_recording(ctx, recording_id, "classify")
    old = classification_of(rec)
    needed = max(old.level, new.level)
    if ctx.actor.clearance < needed:
        raise ctx.refuse(
            Msg(
                "Changing recording {recording_id} from {old_label} to {new_label} needs clearance {needed}; "
                "{name!r} has clearance {clearance}.",
                recording_id=recording_id,
                old_label=old.label,
                new_label=new.label,
                needed=needed,
                name=ctx.actor.name,
                clearance=ctx.actor.clearance,
            ),
            "refused.classify_recording", "recording", recording_id, old=old.value, new=new.value,
        )
    if new is old and rec.classification == new.value:
        raise InvalidInputError(Msg(
            "Recording {recording_id} is already classified {value} ({label_zh}).",
            recording_id=recording_id,
            value=new.value,
            label_zh=new.label,
        ))
    direction = "raised" if new.level >= old.level else "lowered"
    now = ctx.now()
    with write_transaction():
        Recording.update(classification=new.value).where(Recording.id == recording_id).execute()
        restamp([recording_id])  # a classification rule may apply
        ClassificationChange.create(recording=recording_id, old=rec.classification, new=new.value,
                                    changed_by=ctx.actor.user_id, changed_at=now, reason=reason)
        ctx.audit("recording.classify", "recording", recording_id,
                  {"old": rec.classification, "new": new.value, "direction": direction, "reason": reason})
    return ClassificationResult(recording_id, rec.classification, new.value, new.label_zh, direction,
                                ctx.actor.name, now, reason)
