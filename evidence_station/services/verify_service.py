"""Use case: verify the store — every original re-hashed against the catalogue, plus the audit chain."""

from __future__ import annotations

from dataclasses import dataclass, field

from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.recordings import Recording
from evidence_station.catalogue.viewing import Snapshot
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.domain.progress import CancelToken, Progress, ProgressCallback, check_cancel
from evidence_station.domain.roles import Operation
from evidence_station.services.audit_service import verify_audit
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station


@dataclass(frozen=True)
class StoreProblem:
    """One problem found by ``verify``; ``recording_id`` is None for vault- or audit-level problems."""

    recording_id: int | None
    kind: str  # missing_blob | size_mismatch | sha256_mismatch | sm3_mismatch | unreadable | extra_blob | audit
    # | catalogue_altered (the catalogue's hashes differ from what the audit log recorded at import)
    message: str


@dataclass(frozen=True)
class StoreVerification:
    """Result of :func:`verify_store`."""

    ok: bool
    checked: int
    quick: bool
    problems: list[StoreProblem] = field(default_factory=list)


def verify_store(
    station: Station,
    ctx: ServiceContext | None = None,
    *,
    quick: bool = False,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> StoreVerification:
    """Re-hash every stored original (SHA-256 and SM3; sizes only with ``quick``) and check the audit chain.

    Also reports blobs in the vault that no catalogue entry accounts for. Disposed recordings (tombstones)
    are expected to have no blob.
    """
    if ctx is not None:
        ctx.require(Operation.VERIFY_STORE)
    vault = station.vault
    problems: list[StoreProblem] = []
    live = list(Recording.select().where(Recording.disposed_at.is_null()).order_by(Recording.id))
    known = {r.sha256 for r in Recording.select(Recording.sha256)}
    known |= {s.sha256 for s in Snapshot.select(Snapshot.sha256)}  # stills taken while viewing
    total = sum(r.size for r in live) if not quick else len(live)
    done = 0
    hashed: dict[str, tuple[str, str, int] | EvidenceStationError] = {}
    imported = _import_records()
    for rec in live:
        check_cancel(cancel)
        label = f"recording {rec.id} ({rec.card_path})"
        altered = _catalogue_alteration(rec, label, imported.get(str(rec.id)))
        if altered is not None:
            problems.append(altered)
        if not vault.has_blob(rec.sha256):
            problems.append(StoreProblem(rec.id, "missing_blob", f"The vault copy of {label} is missing."))
            continue
        size = vault.blob_path(rec.sha256).stat().st_size
        if size != rec.size:
            problems.append(StoreProblem(rec.id, "size_mismatch",
                                         f"The vault copy of {label} has {size} bytes, the catalogue says {rec.size}."))
            continue
        if quick:
            done += 1
            if progress:
                progress(Progress(done, total, "files", rec.card_path))
            continue
        if rec.sha256 not in hashed:
            base = done

            def step(p: Progress, base: int = base, item: str = rec.card_path) -> None:
                if progress:
                    progress(Progress(base + p.done, total, "bytes", item))
            try:
                hashed[rec.sha256] = vault.hash_blob(rec.sha256, progress=step, cancel=cancel)
            except EvidenceStationError as exc:
                hashed[rec.sha256] = exc
        done += rec.size
        result = hashed[rec.sha256]
        if isinstance(result, EvidenceStationError):
            problems.append(StoreProblem(rec.id, "unreadable", f"The vault copy of {label} cannot be read: "
                                                               f"{result.message}"))
            continue
        sha256, sm3, _ = result
        if sha256 != rec.sha256:
            problems.append(StoreProblem(rec.id, "sha256_mismatch",
                                         f"The vault copy of {label} no longer has its SHA-256 {rec.sha256}: "
                                         f"it was altered (now {sha256})."))
        if sm3 != rec.sm3:
            problems.append(StoreProblem(rec.id, "sm3_mismatch",
                                         f"The vault copy of {label} no longer has its SM3 {rec.sm3}: "
                                         f"it was altered (now {sm3})."))
    for digest in vault.iter_blob_hashes():
        if digest not in known:
            problems.append(StoreProblem(None, "extra_blob",
                                         f"The vault holds a blob {digest} that no catalogue entry accounts for."))
    audit = verify_audit(station, None, cancel=cancel)
    problems.extend(StoreProblem(None, "audit", p.message) for p in audit.problems)
    result_ok = not problems
    if ctx is not None:
        ctx.audit("store.verify", "vault", "", {"ok": result_ok, "checked": len(live), "quick": quick,
                                                 "problems": len(problems)})
    return StoreVerification(result_ok, len(live), quick, problems)


def _import_records() -> dict[str, dict]:
    """What the audit log recorded for every recording when it was stored (object id -> details)."""
    events = AuditEvent.select(AuditEvent.object_id, AuditEvent.details).where(AuditEvent.action == "recording.stored")
    return {e.object_id: e.details for e in events}


def _catalogue_alteration(rec: Recording, label: str, record: dict | None) -> StoreProblem | None:
    """A problem when the catalogue row no longer says what the (hash-chained) audit log recorded at import.

    Without this, someone who swaps a blob AND rewrites the row's hashes to match would pass verification.
    """
    if record is None:
        return StoreProblem(rec.id, "catalogue_altered", f"The catalogue holds {label} but the audit log has no "
                                                         "record of it being stored: it was added outside the station.")
    for key, name in (("sha256", "SHA-256"), ("sm3", "SM3"), ("size", "size")):
        if record.get(key) != getattr(rec, key):
            return StoreProblem(rec.id, "catalogue_altered",
                                f"The catalogue gives {label} the {name} {getattr(rec, key)}, but the audit log "
                                f"recorded {record.get(key)} when it was stored: the catalogue was altered.")
    return None
