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




NAMES = ("Z8A0001_010203_20261124093000_0001.MP4", "现场询问录音_李四.WAV", "Z8A0001_010203_20261124093100_0002.MP4")




def utc(hour: int, minute: int = 0, day: int = 24) -> datetime:
    """2026-11-<day> hour:minute UTC (local time is 8 hours later)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def device(serial: str, when: datetime) -> Device:
    """The device row, auto-created as an import would."""
    return Device.get_or_none(Device.serial == serial) or Device.create(serial=serial, created_at=when)






def add_recording(
    ctx: ServiceContext, serial: str | None = None, start: datetime | None = None, seconds: float = 20, *,
    officer: str = "010203", imported_at: datetime | None = None, kind: str = "video", name: str | None = None,
    data: bytes | None = None, in_vault: bool = True, classification: str = "ordinary",
    activity_id: int | None = None, playable: bool = True, session: ImportSession | None = None,
) -> Recording:
    """One catalogued recording of device ``serial`` (none if ``None``) starting at camera time ``start`` (now if
    ``None``), imported by ``ctx`` at ``imported_at`` (now) in ``session`` (a new one if ``None``).

    With ``in_vault`` its bytes (``data``, or a few kilobytes of text) are really in the vault and the import's
    ``recording.stored`` audit event is written, so ``verify`` finds them; without, the row alone is made (what the
    compliance rules read). A classification other than ordinary is audited as a director's would be.
    """
    number = next(_serial)
    imported = imported_at or ctx.now()
    begin = start or ctx.now()
    end = begin + timedelta(seconds=seconds)
    name = name or f"{serial or 'Z8A0001'}_{officer}_{number:04d}.MP4"
    with write_transaction():
        if session is None:
            session = ImportSession.create(custodian=ctx.actor.user_id, station_uid=ctx.station.station_uid,
                                           card_root="/media/card", started_at=imported, finished_at=imported,
                                           status="completed")
        if in_vault:
            stored = ctx.station.vault.store_bytes(data or f"original footage {number}".encode() * 50)
            size, sha256, sm3 = stored.size, stored.sha256, stored.sm3
        else:
            size, sha256, sm3 = 1000, hashlib.sha256(name.encode()).hexdigest(), "0" * 64
        rec = Recording.create(
            import_session=session, card_path=f"DCIM/100DSJ/{name}", file_name=name, size=size, sha256=sha256,
            sm3=sm3, kind=kind, playable=playable, device=device(serial, imported) if serial else None,
            officer=officer, start_at=begin, end_at=end, imported_at=imported,
            import_delay_s=(imported - end).total_seconds(), classification=classification, activity_id=activity_id,
        )
        if in_vault:
            ctx.audit("recording.stored", "recording", rec.id,  # what verify checks the catalogue row against
                      {"sha256": sha256, "sm3": sm3, "size": size, "import_id": session.id,
                       "start": begin.isoformat(), "end": end.isoformat(), "imported_at": imported.isoformat()})
        if classification != "ordinary":  # as a director's classification would have recorded it
            ctx.audit("recording.classify", "recording", rec.id, {"old": "ordinary", "new": classification})
    return rec


def make_recordings(ctx: ServiceContext, sizes: tuple[int, ...] = (150_000, 60_000, 90_000)) -> list[int]:
    """Random originals of ``sizes`` bytes stored in the vault and catalogued as one import by ``ctx`` (named
    ``NAMES``, a minute apart from 2026-11-24 09:30 local time); their ids."""
    now = ctx.now()
    with write_transaction():
        session = ImportSession.create(custodian=ctx.actor.user_id, station_uid=ctx.station.station_uid,
                                       card_root="/media/card", started_at=now, finished_at=now, status="completed")
        return [
            add_recording(ctx, "Z8A0001", datetime(2026, 11, 24, 1, 30, tzinfo=UTC) + timedelta(minutes=number), 30,
                          name=NAMES[number] if number < len(NAMES) else f"EXTRA_{number:04d}.MP4",
                          data=os.urandom(size), playable=False, session=session).id
            for number, size in enumerate(sizes)
        ]


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
