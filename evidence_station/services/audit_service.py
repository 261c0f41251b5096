"""Use cases: verify the audit log, read it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from evidence_station.audit.verify import AuditVerification, verify_audit_log
from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.domain.progress import CancelToken, ProgressCallback
from evidence_station.domain.roles import Operation
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station


@dataclass(frozen=True)
class AuditEventView:
    """One audit event for display."""

    seq: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    outcome: str
    details: dict[str, Any]
    hash: str


def verify_audit(
    station: Station,
    ctx: ServiceContext | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> AuditVerification:
    """Check the chain, the checkpoints (catalogue and outside file) and the station certificate.

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
    )
    if ctx is not None:
        ctx.audit(
            "audit.verify", "audit", "", {"ok": result.ok, "events": result.events,
                                          "problems": len(result.problems)},
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
