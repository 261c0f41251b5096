"""Use case: check the signed audit checkpoint carried on an evidence disc against this station's live
audit chain — proof, from any disc in any case file, that the station's history was not rewritten since.

The desk reads the disc (:func:`evidence_station.disc.checkpoint.read_disc_checkpoint`: the checkpoint, the
station certificate, the extraction time) and sends what it read; the station checks it against its own
certificate, its retired keys and its chain.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from cryptography import x509

from evidence_station.api.audit import AuditProblem
from evidence_station.api.exports import DiscCheckpointCheck, DiscCheckpointEvidence
from evidence_station.audit.checkpoints import SignedCheckpoint
from evidence_station.audit.verify import verify_external_checkpoint
from evidence_station.catalogue.people import RetiredCertificate
from evidence_station.disc.checkpoint import read_disc_checkpoint
from evidence_station.disc.layout import AUDIT_CHECKPOINT_NAME
from evidence_station.disc.signatures import certificate_sha256
from evidence_station.domain.clock import ensure_utc
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station


def _retired_key_problem(extracted: datetime | None, retired: RetiredCertificate) -> AuditProblem | None:
    """A problem when a disc signed with a retired key of this station was extracted after its retirement."""
    retired_at = ensure_utc(retired.retired_at)
    extracted = ensure_utc(extracted) if extracted is not None else None
    if extracted is not None and extracted <= retired_at:
        return None
    when = retired_at.strftime("%Y-%m-%d %H:%M:%S UTC")
    shown = extracted.strftime("%Y-%m-%d %H:%M:%S UTC") if extracted else Msg("an unreadable time")
    return AuditProblem.of("retired_key", Msg(
        "The disc is signed with this station's retired key (certificate SHA-256 {fingerprint}…, retired {when}) "
        "but says it was extracted at {shown}, after the retirement: it was made with a copy of the old key, not "
        "by the station.", fingerprint=retired.certificate_sha256[:16], when=when, shown=shown))


def _read(evidence: DiscCheckpointEvidence) -> tuple[dict[str, object] | None, x509.Certificate | None,
                                                     list[AuditProblem]]:
    disc = evidence.disc
    if evidence.checkpoint_json is None and not evidence.read_error:
        return None, None, [AuditProblem.of(
            "no_checkpoint", Msg(
                "{disc} carries no {AUDIT_CHECKPOINT_NAME}; there is nothing to check.",
                disc=disc,
                AUDIT_CHECKPOINT_NAME=AUDIT_CHECKPOINT_NAME,
            ))]
    try:
        if evidence.checkpoint_json is None:
            raise ValueError(evidence.read_error)
        data = json.loads(evidence.checkpoint_json)
        SignedCheckpoint.from_dict(data)
    except (ValueError, KeyError, TypeError, InvalidInputError) as exc:
        return None, None, [AuditProblem.of(
            "unreadable_checkpoint", Msg(
                "{AUDIT_CHECKPOINT_NAME} on {disc} is not a signed checkpoint ({exc}).",
                AUDIT_CHECKPOINT_NAME=AUDIT_CHECKPOINT_NAME,
                disc=disc,
                exc=exc,
            ))]
    cert = None
    if evidence.certificate_pem:
        try:
            cert = x509.load_pem_x509_certificate(evidence.certificate_pem.encode("ascii"))
        except ValueError:
            cert = None
    return data, cert, []


def check_checkpoint_evidence(
    station: Station, evidence: DiscCheckpointEvidence, ctx: ServiceContext | None = None
) -> DiscCheckpointCheck:
    """Check what a desk read from a disc (its ``AUDIT-CHECKPOINT.json``, certificate and extraction time) against
    this station's certificate, retired keys and audit chain.

    Needs no user (like ``audit verify``); with ``ctx`` the check itself is audited (``audit.check_disc``).
    """
    data, disc_cert, problems = _read(evidence)
    checkpoint = SignedCheckpoint.from_dict(data) if data is not None else None
    if checkpoint is not None:
        ours = certificate_sha256(station.certificate)
        disc_sha256 = certificate_sha256(disc_cert) if disc_cert is not None else None
        retired = (RetiredCertificate.get_or_none((RetiredCertificate.certificate_sha256 == disc_sha256)
                                                  & (RetiredCertificate.station_uid == station.station_uid))
                   if disc_sha256 not in (None, ours) else None)
        late = _retired_key_problem(evidence.extraction_time, retired) if retired is not None else None
        if late is not None:
            problems.append(late)
        elif disc_cert is not None and retired is None and disc_sha256 != ours:
            problems.append(AuditProblem.of(
                "other_station",
                Msg(
                    "The disc was signed with another certificate than this station's: it was made by another "
                    "station, so this station's log cannot vouch for it.",
                ),
            ))
        elif checkpoint.payload.get("station_uid") not in (None, station.station_uid):
            problems.append(AuditProblem.of(
                "other_station",
                Msg(
                    "The disc's checkpoint belongs to station {station_uid}, not this station ({this_station}).",
                    station_uid=checkpoint.payload.get('station_uid'),
                    this_station=station.station_uid,
                ),
            ))
        else:
            problems.extend(verify_external_checkpoint(data, station.certificate))  # type: ignore[arg-type]
    result = DiscCheckpointCheck(
        ok=not problems,
        checkpoint_id=checkpoint.checkpoint_id if checkpoint else None,
        event_count=int(checkpoint.payload["event_count"]) if checkpoint else None,
        signed_at=str(checkpoint.payload.get("signed_at", "")) if checkpoint else "",
        problems=tuple(problems),
    )
    if ctx is not None:
        ctx.audit("audit.check_disc", "disc", evidence.disc,
                  {"checkpoint_id": result.checkpoint_id, "problems": [p.to_dict() for p in problems]},
                  outcome="ok" if result.ok else "failed")
    return result


def check_disc_at(station: Station, disc_path: Path, ctx: ServiceContext | None = None) -> DiscCheckpointCheck:
    """Read the disc at ``disc_path`` (on this machine) and check it (:func:`check_checkpoint_evidence`)."""
    return check_checkpoint_evidence(station, read_disc_checkpoint(disc_path), ctx)


def check_disc_checkpoint(ctx: ServiceContext, evidence: DiscCheckpointEvidence) -> DiscCheckpointCheck:
    """Check a disc's audit checkpoint, as a desk read it, against this station's chain (audited; anyone logged
    in may, as anyone may verify a disc)."""
    return check_checkpoint_evidence(ctx.station, evidence, ctx)
