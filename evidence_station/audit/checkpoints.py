"""Signed audit checkpoints: "the chain had N events and ended in hash H", signed by the station key.

Each checkpoint is stored in the catalogue and appended to ``checkpoints/audit-checkpoints.jsonl`` in the
station home — outside the database, so rolling the catalogue back to an older copy is detectable — and
travels on every evidence disc.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography import x509

from evidence_station.audit.chain import canonical_json, event_time_text
from evidence_station.audit.log import lock_audit_chain
from evidence_station.catalogue.audit_tables import AuditCheckpoint, AuditEvent
from evidence_station.catalogue.database import write_transaction
from evidence_station.identity.signer import StationSigner
from evidence_station.identity.station_key import certificate_sha256, verify_bytes

CHECKPOINT_FILE = "audit-checkpoints.jsonl"


@dataclass(frozen=True)
class SignedCheckpoint:
    """A checkpoint as it travels: the canonical payload text and its signature."""

    checkpoint_id: int
    payload: dict[str, Any]
    payload_text: str
    signature: bytes

    def to_dict(self) -> dict[str, Any]:
        """The portable form (JSON-able): payload plus base64 signature."""
        return {
            "payload": self.payload,
            "payload_text": self.payload_text,
            "signature_b64": base64.b64encode(self.signature).decode("ascii"),
            "algorithm": "ECDSA-P256-SHA256",
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SignedCheckpoint:
        """Parse the portable form."""
        payload_text = data["payload_text"]
        payload = json.loads(payload_text)
        return cls(
            checkpoint_id=int(payload["checkpoint_id"]),
            payload=payload,
            payload_text=payload_text,
            signature=base64.b64decode(data["signature_b64"]),
        )

    def verify(self, cert: x509.Certificate) -> bool:
        """True when the signature is the certificate's key's."""
        return verify_bytes(cert, self.payload_text.encode("utf-8"), self.signature)


def create_checkpoint(
    *,
    at: datetime,
    station_uid: str,
    signer: StationSigner,
    checkpoints_dir: Path,
    reason: str,
) -> SignedCheckpoint | None:
    """Sign the current chain head with the station's signer; None when the chain is empty or already
    checkpointed at its head."""
    cert = signer.certificate
    with write_transaction():
        lock_audit_chain()  # checkpoint ids are numbered per catalogue, shared by every station
        head = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
        if head is None:
            return None
        last = AuditCheckpoint.select().order_by(AuditCheckpoint.id.desc()).first()
        if last is not None and last.event_count == head.seq:
            return None
        checkpoint_id = (last.id + 1) if last else 1
        payload = {
            "checkpoint_id": checkpoint_id,
            "station_uid": station_uid,
            "event_count": head.seq,
            "head_hash": head.hash,
            "signed_at": event_time_text(at),
            "certificate_sha256": certificate_sha256(cert),
            "reason": reason,
        }
        text = canonical_json(payload)
        signature = signer.sign_bytes(text.encode("utf-8"))
        AuditCheckpoint.create(
            id=checkpoint_id,
            at=at,
            station_uid=station_uid,
            event_count=head.seq,
            head_hash=head.hash,
            reason=reason,
            payload=text,
            signature=signature,
        )
    signed = SignedCheckpoint(checkpoint_id, payload, text, signature)
    _append_to_file(checkpoints_dir, signed)
    return signed


def _append_to_file(checkpoints_dir: Path, signed: SignedCheckpoint) -> None:
    checkpoints_dir.mkdir(parents=True, exist_ok=True)
    path = checkpoints_dir / CHECKPOINT_FILE
    line = json.dumps(signed.to_dict(), ensure_ascii=False, sort_keys=True) + "\n"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def latest_checkpoint() -> SignedCheckpoint | None:
    """The newest checkpoint in the catalogue."""
    row = AuditCheckpoint.select().order_by(AuditCheckpoint.id.desc()).first()
    if row is None:
        return None
    return SignedCheckpoint(row.id, json.loads(row.payload), row.payload, bytes(row.signature))


def catalogue_checkpoints() -> list[SignedCheckpoint]:
    """Every checkpoint in the catalogue, oldest first."""
    return [
        SignedCheckpoint(row.id, json.loads(row.payload), row.payload, bytes(row.signature))
        for row in AuditCheckpoint.select().order_by(AuditCheckpoint.id)
    ]


def file_checkpoints(checkpoints_dir: Path) -> tuple[list[SignedCheckpoint], list[tuple[str, str]]]:
    """Checkpoints kept outside the catalogue, and the unreadable lines as problems (English, Chinese)."""
    path = checkpoints_dir / CHECKPOINT_FILE
    if not path.exists():
        return [], []
    found: list[SignedCheckpoint] = []
    bad: list[tuple[str, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            found.append(SignedCheckpoint.from_dict(json.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            bad.append((f"line {number} of {path.name} is not a readable checkpoint ({exc})",
                        f"{path.name} 第 {number} 行不是可读取的检查点（{exc}）。"))
    return found, bad
