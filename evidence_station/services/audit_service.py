"""Use cases: verify the audit log, read it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from evidence_station.api.audit import AuditEventView, AuditVerification, CheckpointView, Witness
from evidence_station.audit.verify import verify_audit_log
from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.domain.progress import CancelToken, ProgressCallback
from evidence_station.domain.roles import Operation
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station


def verify_audit(
    station: Station,
    ctx: ServiceContext | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    *,
    witnesses: Sequence[Witness] = (),
) -> AuditVerification:
    """Check the chain, the checkpoints (catalogue and outside file), the station certificate and the chain head of
    every witness (an evidence disc or a signed document, read at the desk: ``audit verify --witness``).

    Anyone may verify; when a logged-in context is given, the verification itself is audited.
    """
    if ctx is not None:
        ctx.require(Operation.VERIFY_AUDIT)
    result = verify_audit_log(
        cert=station.certificate,
        expected_cert_sha256=station.registered_certificate_sha256(),
        checkpoints_dir=station.home.checkpoints_dir,
        progress=progress,
        cancel=cancel,
        witnesses=witnesses,
    )
    if ctx is not None:
        ctx.audit(
            "audit.verify", "audit", "", {"ok": result.ok, "events": result.events,
                                          "problems": len(result.problems),
                                          **({"witnesses": [w.to_dict() for w in result.witnesses]}
                                             if witnesses else {})},
        )
    return result


def list_audit_events(
    ctx: ServiceContext,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    actor: str | None = None,
    action_contains: str | None = None,
    limit: int = 500,
    offset: int = 0,
) -> list[AuditEventView]:
    """Audit events, newest first, filtered."""
    ctx.require(Operation.READ_AUDIT)
    query = AuditEvent.select().order_by(AuditEvent.seq.desc())
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if until is not None:
        query = query.where(AuditEvent.at < until)
    if actor:
        query = query.where(AuditEvent.actor == actor)
    if action_contains:
        query = query.where(AuditEvent.action.contains(action_contains))
    return [
        AuditEventView(e.seq, e.at, e.actor, e.action, e.object_type, e.object_id, e.outcome, e.details, e.hash)
        for e in query.limit(limit).offset(offset)
    ]


def verify_audit_chain(
    ctx: ServiceContext, progress: ProgressCallback | None = None, cancel: CancelToken | None = None, *,
    witnesses: list[Witness] | None = None,
) -> AuditVerification:
    """:func:`verify_audit` by a logged-in user (audited), for clients of the station service."""
    return verify_audit(ctx.station, ctx, progress, cancel, witnesses=witnesses or ())


def sign_audit_checkpoint(ctx: ServiceContext) -> CheckpointView | None:
    """Sign the chain head now (any logged-in user); None when it is checkpointed already."""
    signed = ctx.checkpoint("requested")
    if signed is None:
        return None
    portable = signed.to_dict()
    return CheckpointView(signed.checkpoint_id, signed.payload, signed.payload_text, portable["signature_b64"],
                          portable["algorithm"])
