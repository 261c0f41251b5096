"""Deciding a recording's camera start/end times and device/officer from its name, container and mtime."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from evidence_station.domain.clock import local_to_utc
from evidence_station.domain.filenames import ids_from_folders, parse_recording_path
from evidence_station.media.info import MediaInfo


@dataclass(frozen=True)
class RecordingTimes:
    """Camera times in UTC, where they came from, and the ids the file name (or its folders) carry."""

    start: datetime | None
    end: datetime | None
    source: str  # file_name | container | mtime | unknown
    device: str | None
    officer: str | None
    name_pattern: str | None


def recording_times(
    card_path: str, info: MediaInfo | None, mtime: float | None, zone_name: str, *, mtime_is_local: bool = False
) -> RecordingTimes:
    """Start from the file name (or a time-only name in a date folder), else the container's creation time
    (MP4/MOV ``mvhd``; a photo's EXIF ``DateTimeOriginal``, camera time read in ``zone_name`` unless it
    names its offset), else the file's mtime (as the end). Device and officer come from the name, missing
    ones from a ``<device>_<officer>`` folder.

    ``mtime_is_local``: the mtime is the camera's wall-clock time read as UTC (a FAT/exFAT card on Linux,
    :func:`~evidence_station.cards.card_filesystem.card_times`), so it is read in ``zone_name``."""
    parsed = parse_recording_path(card_path)
    duration = timedelta(seconds=info.duration_s) if info and info.duration_s else timedelta(0)
    folder_device, folder_officer = ids_from_folders(card_path)
    device = (parsed.device if parsed else None) or folder_device
    officer = (parsed.officer if parsed else None) or folder_officer
    pattern = parsed.pattern if parsed else None
    if parsed is not None:
        start = local_to_utc(parsed.start_local, zone_name)
        return RecordingTimes(start, start + duration, "file_name", device, officer, pattern)
    if info is not None and (info.creation_time is not None or info.taken_local is not None):
        start = info.creation_time or local_to_utc(info.taken_local, zone_name)  # type: ignore[arg-type]
        return RecordingTimes(start, start + duration, "container", device, officer, pattern)
    if mtime is not None:
        end = datetime.fromtimestamp(mtime, UTC)
        if mtime_is_local:
            end = local_to_utc(end.replace(tzinfo=None), zone_name)
        return RecordingTimes(end - duration, end, "mtime", device, officer, pattern)
    return RecordingTimes(None, None, "unknown", device, officer, pattern)
