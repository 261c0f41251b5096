"""Shared helper for the case and export tests (no tests here): catalogued recordings made fast, straight
into the vault and the catalogue, without probing media."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.recordings import Device, ImportSession, Recording
from evidence_station.services.context import ServiceContext

NAMES = ("Z8A0001_010203_20261124093000_0001.MP4", "现场询问录音_李四.WAV", "Z8A0001_010203_20261124093100_0002.MP4")


def make_recordings(ctx: ServiceContext, sizes: tuple[int, ...] = (150_000, 60_000, 90_000)) -> list[int]:
    """Store random originals in the vault and catalogue them as one import by ``ctx``; their ids."""
    now = ctx.now()
    ids = []
    with write_transaction():
        device = Device.get_or_none(Device.serial == "Z8A0001") or Device.create(serial="Z8A0001", created_at=now)
        session = ImportSession.create(custodian=ctx.actor.user_id, station_uid=ctx.station.station_uid,
                                       card_root="/media/card", started_at=now, finished_at=now, status="completed")
        for number, size in enumerate(sizes):
            stored = ctx.station.vault.store_bytes(os.urandom(size))
            name = NAMES[number % len(NAMES)] if number < len(NAMES) else f"EXTRA_{number:04d}.MP4"
            start = datetime(2026, 11, 24, 1, 30, tzinfo=UTC) + timedelta(minutes=number)
            rec = Recording.create(
                import_session=session, card_path=f"DCIM/100DSJ/{name}", file_name=name, size=stored.size,
                sha256=stored.sha256, sm3=stored.sm3, kind="video", device=device, officer="010203",
                start_at=start, end_at=start + timedelta(seconds=30), imported_at=now,
            )
            ctx.audit("recording.stored", "recording", rec.id,  # what verify checks the catalogue row against
                      {"sha256": stored.sha256, "sm3": stored.sm3, "size": stored.size, "import_id": session.id,
                       "start": start.isoformat(), "end": (start + timedelta(seconds=30)).isoformat(),
                       "imported_at": now.isoformat()})
            ids.append(rec.id)
    return ids
