"""Pure hash-chain arithmetic for audit events (no database access)."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from evidence_station.domain.clock import ensure_utc

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    """The one JSON spelling used for hashing and signing: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def normalise_details(details: dict[str, Any] | None) -> dict[str, Any]:
    """Details as they will read back from the database (tuples → lists, etc.)."""
    return json.loads(canonical_json(details or {}))


def event_time_text(at: datetime) -> str:
    """The event time as hashed: UTC, microseconds, ``Z``."""
    return ensure_utc(at).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    *,
    seq: int,
    at: datetime,
    station_uid: str,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    outcome: str,
    details: dict[str, Any],
    prev_hash: str,
) -> str:
    """SHA-256 over the canonical form of one event, including its sequence number and predecessor."""
    body = {
        "seq": seq,
        "at": event_time_text(at),
        "station": station_uid,
        "actor": actor,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "outcome": outcome,
        "details": details,
        "prev": prev_hash,
    }
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()
