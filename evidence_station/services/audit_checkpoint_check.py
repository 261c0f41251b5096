"""Use case: check the signed audit checkpoint carried on an evidence disc against this station's live
audit chain — proof, from any disc in any case file, that the station's history was not rewritten since."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography import x509

from evidence_station.api.audit import AuditProblem
from evidence_station.audit.checkpoints import SignedCheckpoint
from evidence_station.audit.verify import verify_external_checkpoint
from evidence_station.catalogue.people import RetiredCertificate
from evidence_station.domain.clock import ensure_utc
from evidence_station.domain.errors import InvalidInputError
from evidence_station.export.disc_reader import open_disc, read_small
from evidence_station.export.layout import AUDIT_CHECKPOINT_NAME, MANIFEST_NAME, STATION_CERT_NAME
from evidence_station.export.manifest import certificate_sha256
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station


@dataclass(frozen=True)
class DiscCheckpointCheck:
    """The outcome: ``ok`` when the station's chain still holds exactly what the disc's checkpoint vouches for."""

    ok: bool
    checkpoint_id: int | None
    event_count: int | None
    signed_at: str
    problems: tuple[AuditProblem, ...]


def _extraction_time(disc_path: Path) -> datetime | None:
    """The extraction time the disc's MANIFEST.json states (None when it cannot be read)."""
    try:
        with open_disc(disc_path) as disc:
            manifest = json.loads(read_small(disc, MANIFEST_NAME).decode("utf-8"))
        return ensure_utc(datetime.fromisoformat(str(manifest["extraction_time"])))
    except (OSError, ValueError, KeyError, TypeError, InvalidInputError):
        return None


def _retired_key_problem(disc_path: Path, retired: RetiredCertificate) -> AuditProblem | None:
    """A problem when a disc signed with a retired key of this station was extracted after its retirement."""
    extracted = _extraction_time(disc_path)
    retired_at = ensure_utc(retired.retired_at)
    if extracted is not None and extracted <= retired_at:
        return None
    when = retired_at.strftime("%Y-%m-%d %H:%M:%S UTC")
    shown = extracted.strftime("%Y-%m-%d %H:%M:%S UTC") if extracted else "an unreadable time"
    shown_zh = extracted.strftime("%Y-%m-%d %H:%M:%S UTC") if extracted else "无法读取的时间"
    return AuditProblem(
        "retired_key",
        f"The disc is signed with this station's retired key (certificate SHA-256 {retired.certificate_sha256[:16]}…, "
        f"retired {when}) but says it was extracted at {shown}, after the retirement: it was made with a copy of "
        "the old key, not by the station.",
        message_zh=(f"该光盘由本工作站已停用的密钥签署（证书 SHA-256 {retired.certificate_sha256[:16]}…，"
                    f"停用于 {when}），但其提取时间为 {shown_zh}，晚于停用时间："
                    "光盘是用旧密钥的副本制作的，并非本工作站所制。"),
    )


def _read(disc_path: Path) -> tuple[dict[str, object] | None, x509.Certificate | None, list[AuditProblem]]:
    problems: list[AuditProblem] = []
    with open_disc(disc_path) as disc:
        names = disc.files()
        if AUDIT_CHECKPOINT_NAME not in names:
            problems.append(AuditProblem(
                "no_checkpoint", f"{disc_path} carries no {AUDIT_CHECKPOINT_NAME}; there is nothing to check.",
                message_zh=f"{disc_path} 上没有 {AUDIT_CHECKPOINT_NAME}，无可核对的检查点。"))
            return None, None, problems
        try:
            data = json.loads(read_small(disc, AUDIT_CHECKPOINT_NAME).decode("utf-8"))
            SignedCheckpoint.from_dict(data)
        except (OSError, ValueError, KeyError, TypeError, InvalidInputError) as exc:
            problems.append(AuditProblem(
                "unreadable_checkpoint", f"{AUDIT_CHECKPOINT_NAME} on {disc_path} is not a signed checkpoint ({exc}).",
                message_zh=f"{disc_path} 上的 {AUDIT_CHECKPOINT_NAME} 不是已签名的检查点（{exc}）。"))
            return None, None, problems
        cert = None
        if STATION_CERT_NAME in names:
            try:
                cert = x509.load_pem_x509_certificate(read_small(disc, STATION_CERT_NAME))
            except (OSError, ValueError, InvalidInputError):
                cert = None
    return data, cert, problems


def check_disc_checkpoint(station: Station, disc_path: Path, ctx: ServiceContext | None = None) -> DiscCheckpointCheck:
    """Check the disc's ``AUDIT-CHECKPOINT.json`` against this station's certificate and audit chain.

    Needs no user (like ``audit verify``); with ``ctx`` the check itself is audited.
    """
    data, disc_cert, problems = _read(Path(disc_path))
    checkpoint = SignedCheckpoint.from_dict(data) if data is not None else None  # type: ignore[arg-type]
    if checkpoint is not None:
        ours = certificate_sha256(station.certificate)
        disc_sha256 = certificate_sha256(disc_cert) if disc_cert is not None else None
        retired = (RetiredCertificate.get_or_none((RetiredCertificate.certificate_sha256 == disc_sha256)
                                                  & (RetiredCertificate.station_uid == station.station_uid))
                   if disc_sha256 not in (None, ours) else None)
        late = _retired_key_problem(Path(disc_path), retired) if retired is not None else None
        if late is not None:
            problems.append(late)
        elif disc_cert is not None and retired is None and disc_sha256 != ours:
            problems.append(AuditProblem(
                "other_station",
                "The disc was signed with another certificate than this station's: it was made by another "
                "station, so this station's log cannot vouch for it.",
                message_zh="该光盘的签名证书不是本工作站的证书：光盘由其他工作站制作，本工作站的审计日志无法为其作证。",
            ))
        elif checkpoint.payload.get("station_uid") not in (None, station.station_uid):
            problems.append(AuditProblem(
                "other_station",
                f"The disc's checkpoint belongs to station {checkpoint.payload.get('station_uid')}, not this "
                f"station ({station.station_uid}).",
                message_zh=f"光盘上的检查点属于工作站 {checkpoint.payload.get('station_uid')}，"
                f"而不是本工作站（{station.station_uid}）。",
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
        ctx.audit("audit.check_disc", "disc", str(disc_path),
                  {"checkpoint_id": result.checkpoint_id, "problems": [p.to_dict() for p in problems]},
                  outcome="ok" if result.ok else "failed")
    return result
