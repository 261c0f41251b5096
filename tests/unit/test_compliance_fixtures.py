"""Helpers for the compliance tests (no tests here): catalogue rows made directly, without media, so each
rule can be exercised in milliseconds under the frozen clock (2026-11-24 10:00 Asia/Shanghai)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.recordings import Device, ImportSession, Recording
from evidence_station.domain.findings import FindingKind
from evidence_station.services.context import ServiceContext
from evidence_station.services.finding_service import raise_finding


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


def add_finding(ctx: ServiceContext, kind: FindingKind, recordings: list[Recording], seconds: float | None = None):
    """An open finding of ``kind`` over ``recordings``."""
    with write_transaction():
        return raise_finding(ctx, kind, f"test {kind.value}", recording_ids=[r.id for r in recordings],
                             seconds=seconds)
