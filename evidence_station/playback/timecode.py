"""Formatting of playback positions and camera wall-clock times (Qt-free)."""

from __future__ import annotations

from datetime import datetime, timedelta

from evidence_station.domain.clock import to_local


def format_ms(ms: int) -> str:
    """``hh:mm:ss`` for a position or length in milliseconds (negative counts as 0)."""
    total = max(0, int(ms)) // 1000
    return f"{total // 3600:02d}:{total // 60 % 60:02d}:{total % 60:02d}"


def format_ms_precise(ms: int) -> str:
    """``hh:mm:ss.mmm`` for a playback position, so that a single frame step visibly changes it."""
    return f"{format_ms(ms)}.{max(0, int(ms)) % 1000:03d}"


def camera_times(
    camera_start: datetime | None, position_ms: int, clock_offset_s: float | None = None
) -> tuple[datetime | None, datetime | None]:
    """The camera's own clock time at ``position_ms`` and the corrected (true) time, both local.

    ``clock_offset_s`` is the camera clock minus the true time (positive: the camera runs fast), so the
    corrected time is the camera time minus the offset. Either value is None when unknown.
    """
    if camera_start is None:
        return None, None
    camera = to_local(camera_start) + timedelta(milliseconds=int(position_ms))
    corrected = camera - timedelta(seconds=clock_offset_s) if clock_offset_s is not None else None
    return camera, corrected
