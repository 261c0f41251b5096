"""Cataloguing the files of an import: the rows and audit event of each stored, skipped or failed card file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath

from evidence_station.api.imports import ImportedFile
from evidence_station.cards.scan import CardEntry
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.recordings import Device, ImportFile, ImportSession, Recording
from evidence_station.domain.clock import ensure_utc
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.domain.findings import import_delay
from evidence_station.media.info import MediaInfo
from evidence_station.services.context import ServiceContext
from evidence_station.services.keep_until_store import restamp
from evidence_station.services.recording_times import recording_times
from evidence_station.vault.blob_store import IngestResult


@dataclass
class CopiedFile:
    """A card file safely in the vault, probed, not yet catalogued."""

    entry: CardEntry
    ingest: IngestResult
    info: MediaInfo


def record_skip(session: ImportSession, entry: CardEntry, reason: str, reason_zh: str | None = None) -> ImportedFile:
    """Record a card file that was not imported (junk, link, cancelled, …) and return its outcome."""
    ImportFile.create(import_session=session, card_path=entry.card_path_display, card_path_raw=entry.card_path_raw,
                      status="skipped", reason=reason, size=entry.size)
    return ImportedFile(entry.card_path_display, "skipped", reason=reason, size=entry.size, reason_zh=reason_zh)


def record_failure(session: ImportSession, entry: CardEntry, error: EvidenceStationError) -> ImportedFile:
    """Record a card file that could not be imported because of ``error`` and return its outcome."""
    reason = f"not imported: {error.message}"
    ImportFile.create(import_session=session, card_path=entry.card_path_display, card_path_raw=entry.card_path_raw,
                      status="failed", reason=reason, size=entry.size)
    return ImportedFile(entry.card_path_display, "skipped", reason=reason, error=True, size=entry.size,
                        reason_zh=f"未导入：{error.text_zh()}")


def device_for(ctx: ServiceContext, serial: str | None, devices: dict[str, Device]) -> Device | None:
    """The device row of ``serial`` (created, audited and marked for completion when new); ``devices`` caches."""
    if not serial:
        return None
    device = devices.get(serial) or Device.get_or_none(Device.serial == serial)
    if device is None:
        device = Device.create(serial=serial, created_at=ctx.now(), needs_completion=True)
        ctx.audit("device.auto_created", "device", device.id, {"serial": serial})
    devices[serial] = device
    return device


def catalogue_files(
    ctx: ServiceContext, session: ImportSession, batch: list[CopiedFile], activity_id: int | None,
    devices: dict[str, Device], mtime_is_local: bool,
) -> list[tuple[CardEntry, ImportedFile, Recording | None, Recording | None]]:
    """Commit stored files: per file a recording row + import-file row + audit event, all in one transaction
    (each blob is already safe in the vault; one commit instead of one per file keeps cards of thousands
    of small files fast)."""
    if not batch:
        return []
    with write_transaction():
        return [(copied.entry, *catalogue_one(ctx, session, copied, activity_id, devices, mtime_is_local))
                for copied in batch]


def catalogue_one(
    ctx: ServiceContext, session: ImportSession, copied: CopiedFile, activity_id: int | None,
    devices: dict[str, Device], mtime_is_local: bool,
) -> tuple[ImportedFile, Recording | None, Recording | None]:
    """One stored file's rows and audit event (inside the caller's transaction)."""
    entry, ingest, info = copied.entry, copied.ingest, copied.info
    card_path, card_path_raw = entry.card_path_display, entry.card_path_raw
    times = recording_times(entry.card_path_text, info, entry.mtime, ctx.station.settings.zone,
                            mtime_is_local=mtime_is_local)
    imported_at = ctx.now()
    same_bytes = list(Recording.select().where((Recording.sha256 == ingest.sha256) & Recording.disposed_at.is_null())
                      .order_by(Recording.id))
    same = next((r for r in same_bytes if r.card_path == card_path), None)
    if same is not None:
        # The very same original, imported before (e.g. an import resumed after a crash).
        ImportFile.create(import_session=session, card_path=card_path, card_path_raw=card_path_raw,
                          status="already_stored", reason="this original is already catalogued", size=entry.size,
                          recording=same)
        ctx.audit("import.already_catalogued", "recording", same.id,
                  {"card_path": card_path, "sha256": ingest.sha256})
        return imported_view(same, "already_stored", "this original is already catalogued"), None, None
    original = same_bytes[0] if same_bytes else None
    delay = import_delay(times.end, imported_at)
    recording = Recording.create(
        import_session=session, card_path=card_path, card_path_raw=card_path_raw,
        file_name=PurePosixPath(card_path).name,
        size=ingest.size, sha256=ingest.sha256, sm3=ingest.sm3, kind=info.kind.value,
        playable=info.playable, media=info.to_dict(), device=device_for(ctx, times.device, devices),
        officer=times.officer or "", start_at=times.start, end_at=times.end, time_source=times.source,
        activity_id=activity_id, duplicate_of=original, imported_at=imported_at,
        import_delay_s=delay.total_seconds() if delay is not None else None,
    )
    restamp([recording.id])  # its keep-until date (a rule of its activity's kind may apply)
    status = "already_stored" if (original is not None or not ingest.newly_stored) else "stored"
    reason = (f"same bytes as recording {original.id} ({original.card_path})" if original is not None
              else None)
    ImportFile.create(import_session=session, card_path=card_path, card_path_raw=card_path_raw, status=status,
                      reason=reason or "", size=ingest.size, recording=recording)
    raw_name = {"card_path_bytes": card_path_raw.hex()} if card_path_raw is not None else {}
    ctx.audit("recording.stored", "recording", recording.id, {
        "card_path": card_path, **raw_name, "size": ingest.size, "sha256": ingest.sha256, "sm3": ingest.sm3,
        "import_id": session.id, "newly_stored": ingest.newly_stored,
        "duplicate_of": original.id if original is not None else None,
        # the dates retention counts from, as the replay of the log checks them (audit/replay.py)
        "start": _utc_text(times.start), "end": _utc_text(times.end), "imported_at": _utc_text(imported_at),
    })
    return imported_view(recording, status, reason), recording, original


def _utc_text(value: datetime | None) -> str | None:
    """A time as the import event records it (ISO 8601, UTC), or None."""
    return ensure_utc(value).isoformat() if value is not None else None


def imported_view(recording: Recording, status: str, reason: str | None) -> ImportedFile:
    """A catalogued recording as a file of the import result."""
    return ImportedFile(
        card_path=recording.card_path, status=status, reason=reason, recording_id=recording.id,
        kind=recording.kind, size=recording.size, sha256=recording.sha256, sm3=recording.sm3,
        device=recording.device.serial if recording.device is not None else None, officer=recording.officer or None,
        start=recording.start_at, end=recording.end_at, playable=recording.playable,
        time_source=recording.time_source,
    )


