"""Appending events to the audit chain (inside the caller's transaction)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from evidence_station.audit.chain import GENESIS_HASH, event_hash, normalise_details
from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.database import database_proxy, lock_for_writing, write_transaction
from evidence_station.domain.clock import ensure_utc


def lock_audit_chain() -> None:
    """Serialise writers of the chain (events, checkpoints) across stations until the transaction ends.

    The catalogue's write lock (see :func:`~evidence_station.catalogue.database.write_transaction`): one
    lock, so appends inside or outside write transactions can never deadlock each other. SQLite's
    ``BEGIN IMMEDIATE`` already serialises every writer.
    """
    lock_for_writing()


def append_event(
    *,
    at: datetime,
    station_uid: str,
    actor: str,
    action: str,
    object_type: str = "",
    object_id: str | int = "",
    details: dict[str, Any] | None = None,
    outcome: str = "ok",
) -> AuditEvent:
    """Append one event to the chain and return it.

    Runs inside the caller's transaction when there is one (so the event commits or rolls back with the
    change it records); otherwise opens its own write transaction.
    """
    db = database_proxy.obj
    if db.in_transaction():
        return _append(at, station_uid, actor, action, object_type, str(object_id), details, outcome)
    with write_transaction(db):
        return _append(at, station_uid, actor, action, object_type, str(object_id), details, outcome)


def _append(
    at: datetime,
    station_uid: str,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    details: dict[str, Any] | None,
    outcome: str,
) -> AuditEvent:
    lock_audit_chain()
    last = AuditEvent.select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).first()
    seq = (last.seq + 1) if last else 1
    prev_hash = last.hash if last else GENESIS_HASH
    at = ensure_utc(at).replace(microsecond=at.microsecond)
    clean = normalise_details(details)
    digest = event_hash(
        seq=seq,
        at=at,
        station_uid=station_uid,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        outcome=outcome,
        details=clean,
        prev_hash=prev_hash,
    )
    return AuditEvent.create(
        seq=seq,
        at=at,
        station_uid=station_uid,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        outcome=outcome,
        details=clean,
        prev_hash=prev_hash,
        hash=digest,
    )


def event_count() -> int:
    """Number of events in the chain (the highest sequence number)."""
    last = AuditEvent.select(AuditEvent.seq).order_by(AuditEvent.seq.desc()).first()
    return last.seq if last else 0
