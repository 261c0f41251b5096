"""Recordings made for tests straight into the catalogue (and the vault), without a card import or media probing."""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path

from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.recordings import Device, ImportSession, Recording
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station

_serial = count(1)
CLIP_FPS = 10.0


CLIP_SIZE = (160, 120)


@functools.cache
def clip_bytes(frames: int = 45) -> bytes:
    """A real MP4 (``CLIP_SIZE``, ``CLIP_FPS``) whose frame *n* is a flat grey of level 5·n."""
    import cv2
    import numpy as np

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "clip.MP4"
        writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), CLIP_FPS, CLIP_SIZE)
        for index in range(frames):
            writer.write(np.full((CLIP_SIZE[1], CLIP_SIZE[0], 3), index * 5 % 255, dtype=np.uint8))
        writer.release()
        return path.read_bytes()


def make_recording(ctx: ServiceContext, classification: str = "ordinary", activity_id: int | None = None,
                   data: bytes | None = None) -> int:
    """Catalogue a small original (bytes really in the vault) without the cost of a card import."""
    n = next(_serial)
    stored = ctx.station.vault.store_bytes(data or f"original footage {n}".encode() * 50)
    now = ctx.now()
    session = ImportSession.create(custodian=ctx.actor.user_id, station_uid=ctx.station.station_uid,
                                   card_root="/card", started_at=now, finished_at=now, status="completed")
    rec = Recording.create(import_session=session, card_path=f"DCIM/100DSJ/Z8A0001_010203_{n:04d}.MP4",
                           file_name=f"Z8A0001_010203_{n:04d}.MP4", size=stored.size, sha256=stored.sha256,
                           sm3=stored.sm3, kind="video", playable=True, officer="010203", start_at=now,
                           end_at=now + timedelta(seconds=20), imported_at=now, classification=classification,
                           activity_id=activity_id)
    ctx.audit("recording.stored", "recording", rec.id,  # what verify checks the catalogue row against
              {"sha256": stored.sha256, "sm3": stored.sm3, "size": stored.size, "import_id": session.id,
               "start": now.isoformat(), "end": (now + timedelta(seconds=20)).isoformat(),
               "imported_at": now.isoformat()})
    if classification != "ordinary":  # as a director's classification would have recorded it
        ctx.audit("recording.classify", "recording", rec.id, {"old": "ordinary", "new": classification})
    return rec.id


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


def utc(hour: int, minute: int = 0, day: int = 24) -> datetime:
    """2026-11-<day> hour:minute UTC (local time is 8 hours later)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def device(serial: str, when: datetime) -> Device:
    """The device row, auto-created as an import would."""
    return Device.get_or_none(Device.serial == serial) or Device.create(serial=serial, created_at=when)


def add_recording(
    ctx: ServiceContext, serial: str | None, start: datetime, seconds: float = 60, *, officer: str = "010203",
    imported_at: datetime | None = None, kind: str = "video",
) -> Recording:
    """A catalogued recording (no blob) of ``serial`` starting at camera time ``start``."""
    imported = imported_at or ctx.now()
    with write_transaction():
        session = ImportSession.create(custodian=ctx.actor.user_id, station_uid=ctx.station.station_uid,
                                       card_root="/media/card", started_at=imported, finished_at=imported,
                                       status="completed")
        end = start + timedelta(seconds=seconds)
        name = f"{serial or 'X'}_{officer}_{start:%Y%m%d%H%M%S}.MP4"
        return Recording.create(
            import_session=session, card_path=f"DCIM/{name}", file_name=name, size=1000,
            sha256=hashlib.sha256(name.encode()).hexdigest(), sm3="0" * 64, kind=kind, playable=True,
            device=device(serial, imported) if serial else None, officer=officer, start_at=start, end_at=end,
            imported_at=imported, import_delay_s=(imported - end).total_seconds())




def fill_catalogue(station: Station, admin: ServiceContext, count: int) -> None:
    start = datetime(2026, 11, 1, tzinfo=UTC)
    with write_transaction():
        session = ImportSession.create(custodian=admin.actor.user_id, station_uid=station.station_uid,
                                       card_root="/bulk", started_at=start)
        rows = [
            {"import_session": session.id, "card_path": f"DCIM/{n:05d}.MP4", "file_name": f"{n:05d}.MP4",
             "size": 1000 + n, "sha256": f"{n:064x}", "sm3": f"{n:064x}", "kind": "video",
             "start_at": start + timedelta(seconds=30 * n), "end_at": start + timedelta(seconds=30 * n + 20),
             "imported_at": start}
            for n in range(count)
        ]
        for first in range(0, count, 500):
            Recording.insert_many(rows[first:first + 500]).execute()
