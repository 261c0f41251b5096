"""The moment a photo was taken, from its EXIF block (JPEG APP1 ``Exif``), read defensively.

Cameras write ``DateTimeOriginal`` as their own wall-clock time (``YYYY:MM:DD hh:mm:ss``, no zone); newer
ones add ``OffsetTimeOriginal`` (``+08:00``). Every malformed or hostile input gives None, never an exception.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

#: EXIF must sit in the first 64 KiB (one APP1 segment); nothing further is read.
MAX_EXIF_SCAN = 1 << 16
_EXIF_IFD_POINTER = 0x8769
_DATE_TIME = 0x0132
_DATE_TIME_ORIGINAL = 0x9003
_DATE_TIME_DIGITIZED = 0x9004
_OFFSET_TIME_ORIGINAL = 0x9011
_OFFSET = re.compile(r"([+-])(\d{2}):(\d{2})")


@dataclass(frozen=True)
class PhotoTime:
    """When a photo was taken: the camera's naive wall-clock time and, if the camera wrote it, its offset."""

    local: datetime
    offset: timezone | None = None

    @property
    def aware(self) -> datetime | None:
        """The moment as an aware datetime when the camera recorded its offset, else None."""
        return self.local.replace(tzinfo=self.offset) if self.offset is not None else None


def photo_time(head: bytes) -> PhotoTime | None:
    """``DateTimeOriginal`` (else ``DateTimeDigitized``, else ``DateTime``) of a JPEG whose first bytes are
    ``head``; None when there is no readable EXIF time."""
    tiff = _exif_tiff(head[:MAX_EXIF_SCAN])
    if tiff is None:
        return None
    try:
        return _read_times(tiff)
    except (struct.error, ValueError, IndexError, OverflowError):
        return None


def _exif_tiff(data: bytes) -> bytes | None:
    """The TIFF structure inside the JPEG's ``Exif`` APP1 segment."""
    if data[:2] != b"\xff\xd8":
        return None
    offset = 2
    while offset + 4 <= len(data) and data[offset] == 0xFF:
        marker = data[offset + 1]
        if marker in (0xD9, 0xDA):  # end of image, start of scan: no metadata after this
            return None
        length = struct.unpack(">H", data[offset + 2:offset + 4])[0]
        if length < 2:
            return None
        segment = data[offset + 4:offset + 2 + length]
        if marker == 0xE1 and segment[:6] == b"Exif\x00\x00":
            return segment[6:]
        offset += 2 + length
    return None


def _read_times(tiff: bytes) -> PhotoTime | None:
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None or struct.unpack(order + "H", tiff[2:4])[0] != 42:
        return None
    tags = _ifd(tiff, order, struct.unpack(order + "I", tiff[4:8])[0])
    pointer = tags.get(_EXIF_IFD_POINTER)
    exif = _ifd(tiff, order, pointer[1]) if pointer is not None and pointer[0] == 4 else {}
    offset = _offset(_ascii(tiff, order, exif.get(_OFFSET_TIME_ORIGINAL)))
    for tag, source in ((_DATE_TIME_ORIGINAL, exif), (_DATE_TIME_DIGITIZED, exif), (_DATE_TIME, tags)):
        text = _ascii(tiff, order, source.get(tag))
        if text:
            try:
                local = datetime.strptime(text.strip()[:19], "%Y:%m:%d %H:%M:%S")
            except ValueError:
                continue
            return PhotoTime(local, offset if tag == _DATE_TIME_ORIGINAL else None)
    return None


def _ifd(tiff: bytes, order: str, start: int) -> dict[int, tuple[int, int, int, bytes]]:
    """Tag → (type, value-or-offset, count, raw 4 value bytes) of the IFD at ``start``."""
    count = struct.unpack(order + "H", tiff[start:start + 2])[0]
    tags: dict[int, tuple[int, int, int, bytes]] = {}
    for index in range(min(count, 512)):
        entry = tiff[start + 2 + 12 * index:start + 14 + 12 * index]
        if len(entry) < 12:
            break
        tag, kind, number = struct.unpack(order + "HHI", entry[:8])
        tags[tag] = (kind, struct.unpack(order + "I", entry[8:12])[0], number, entry[8:12])
    return tags


def _ascii(tiff: bytes, order: str, entry: tuple[int, int, int, bytes] | None) -> str | None:
    if entry is None or entry[0] != 2:
        return None
    _kind, value, count, raw = entry
    data = raw[:count] if count <= 4 else tiff[value:value + min(count, 64)]
    return data.split(b"\x00", 1)[0].decode("ascii", errors="replace")


def _offset(text: str | None) -> timezone | None:
    match = _OFFSET.fullmatch(text.strip()) if text else None
    if match is None:
        return None
    minutes = int(match.group(2)) * 60 + int(match.group(3))
    if minutes > 14 * 60:
        return None
    return timezone((-1 if match.group(1) == "-" else 1) * timedelta(minutes=minutes))
