"""A small, defensive reader of ISO base media (MP4/MOV/3GP) boxes.

It reads only box headers at the top level (``mdat`` can be gigabytes) and the ``moov`` box into memory
(if it is of sane size), and copes with 64-bit sizes, "to end of file" sizes, truncated files and
garbage: every problem becomes a sentence in :attr:`Mp4Layout.problem` (and its Chinese twin
:attr:`Mp4Layout.problem_zh`), never an exception. Box names and numbers stay as they are in both languages.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

MAC_EPOCH = datetime(1904, 1, 1, tzinfo=UTC)
MAX_MOOV_BYTES = 64 * 1024 * 1024
MAX_TOP_LEVEL_BOXES = 10_000
MAX_DEPTH = 10
_CONTAINERS = frozenset({b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf", b"udta"})


@dataclass(frozen=True)
class Damage:
    """What is wrong with a file's box structure: an English clause and the same in Chinese."""

    text: str
    text_zh: str

    def and_(self, other: Damage) -> Damage:
        """Both clauses joined (``a; b`` / ``a；b``)."""
        return Damage(f"{self.text}; {other.text}", f"{self.text_zh}；{other.text_zh}")


MISSING_MOOV = Damage("the index of the recording (the 'moov' box) is missing",
                      "缺少录像的索引（'moov' 盒）")


@dataclass(frozen=True)
class Box:
    """One box: its four-character type, where it starts, its whole size and its header length."""

    type: bytes
    offset: int
    size: int
    header: int

    @property
    def end(self) -> int:
        """Offset just past the box."""
        return self.offset + self.size

    @property
    def name(self) -> str:
        """The box type as text (undecodable bytes escaped)."""
        return self.type.decode("latin-1")


@dataclass(frozen=True)
class MovieHeader:
    """The fields of ``mvhd`` that matter: times are seconds since 1904-01-01 UTC (0 = not set)."""

    version: int
    creation: int
    modification: int
    timescale: int
    duration: int
    payload_offset: int  # file offset of the version byte, just after the box header

    @property
    def duration_s(self) -> float | None:
        """Movie duration in seconds, or None when unknown."""
        unknown = 0xFFFFFFFF if self.version == 0 else 0xFFFFFFFFFFFFFFFF
        if self.timescale <= 0 or self.duration <= 0 or self.duration == unknown:
            return None
        return self.duration / self.timescale

    @property
    def creation_time(self) -> datetime | None:
        """The creation time as an aware UTC datetime, or None when not set or absurd."""
        return mac_time_to_datetime(self.creation)


@dataclass
class Mp4Layout:
    """What the boxes of one file say. ``damage`` says what is wrong when the structure is damaged."""

    top_level: list[Box] = field(default_factory=list)
    movie: MovieHeader | None = None
    video_sample_entry: str | None = None
    damage: Damage | None = None

    @property
    def problem(self) -> str | None:
        """What is wrong, in English (None when the structure is sound)."""
        return self.damage.text if self.damage else None

    @property
    def problem_zh(self) -> str | None:
        """What is wrong, in Chinese (None when the structure is sound)."""
        return self.damage.text_zh if self.damage else None

    @property
    def has_moov(self) -> bool:
        """True when a ``moov`` (the index every player needs) is present."""
        return any(box.type == b"moov" for box in self.top_level)


def mac_time_to_datetime(seconds: int) -> datetime | None:
    """Seconds since 1904-01-01 UTC as an aware datetime; None for 0 or values outside 1970..2200."""
    if seconds <= 0:
        return None
    try:
        value = MAC_EPOCH + timedelta(seconds=seconds)
    except OverflowError:
        return None
    return value if 1970 <= value.year <= 2200 else None


def datetime_to_mac_time(value: datetime) -> int:
    """An aware datetime as whole seconds since 1904-01-01 UTC."""
    return int((value.astimezone(UTC) - MAC_EPOCH).total_seconds())


def _valid_type(box_type: bytes) -> bool:
    return len(box_type) == 4 and all(32 <= c < 127 or c == 0xA9 for c in box_type)


def _read_header(data: bytes, offset: int, limit: int) -> Box | Damage:
    """Parse the box header at ``offset`` of ``data`` (``limit`` = end of the enclosing space)."""
    if limit - offset < 8:
        stray = limit - offset
        return Damage(f"{stray} stray bytes where a box header was expected at offset {offset}",
                      f"偏移 {offset} 处应为盒头，却只有 {stray} 个多余字节")
    size, box_type = struct.unpack(">I4s", data[:8])
    header = 8
    if not _valid_type(box_type):
        return Damage(f"no valid box at offset {offset} (the bytes are not an MP4/MOV structure)",
                      f"偏移 {offset} 处没有有效的盒（这些字节不是 MP4/MOV 结构）")
    name = box_type.decode("latin-1")
    if size == 1:
        if len(data) < 16:
            return Damage(f"the box {name!r} at offset {offset} is cut off in its header",
                          f"偏移 {offset} 处的 {name!r} 盒在盒头处被截断")
        size = struct.unpack(">Q", data[8:16])[0]
        header = 16
    elif size == 0:
        size = limit - offset
    if size < header:
        return Damage(f"the box {name!r} at offset {offset} has an impossible size {size}",
                      f"偏移 {offset} 处的 {name!r} 盒大小 {size} 不可能成立")
    return Box(box_type, offset, size, header)


def iter_children(data: bytes, start: int, end: int, base: int = 0) -> Iterator[Box | Damage]:
    """Boxes inside ``data[start:end]``; yields the damage and stops at the first one.

    ``base`` is the file offset of ``data[0]`` (so reported offsets are file offsets).
    """
    offset = start
    while offset < end:
        parsed = _read_header(data[offset : offset + 16], base + offset, base + end)
        if isinstance(parsed, Damage):
            yield parsed
            return
        if parsed.end > base + end:
            yield Damage(f"the box {parsed.name!r} at offset {parsed.offset} runs past the end of its parent",
                         f"偏移 {parsed.offset} 处的 {parsed.name!r} 盒超出了其上级盒的末尾")
            return
        yield parsed
        offset = parsed.end - base


def read_top_level(handle: BinaryIO, file_size: int) -> tuple[list[Box], Damage | None]:
    """Top-level boxes of an open file, reading headers only; the second value names the first damage."""
    boxes: list[Box] = []
    offset = 0
    while offset < file_size:
        if len(boxes) >= MAX_TOP_LEVEL_BOXES:
            return boxes, Damage("the file has an implausible number of top-level boxes",
                                 "文件的顶层盒数量多得不合常理")
        handle.seek(offset)
        parsed = _read_header(handle.read(16), offset, file_size)
        if isinstance(parsed, Damage):
            return boxes, parsed
        if parsed.end > file_size:
            missing = parsed.end - file_size
            return boxes, Damage(
                f"the file is cut short: the box {parsed.name!r} at offset {offset} needs "
                f"{parsed.size} bytes but the file ends {missing} bytes too early",
                f"文件被截断：偏移 {offset} 处的 {parsed.name!r} 盒需要 {parsed.size} 字节，"
                f"但文件提前 {missing} 字节结束",
            )
        boxes.append(parsed)
        offset = parsed.end
    return boxes, None


def _parse_mvhd(payload: bytes, file_offset: int) -> MovieHeader | None:
    if len(payload) < 4:
        return None
    version = payload[0]
    if version == 1 and len(payload) >= 4 + 28:
        creation, modification, timescale, duration = struct.unpack(">QQIQ", payload[4:32])
    elif version == 0 and len(payload) >= 4 + 16:
        creation, modification, timescale, duration = struct.unpack(">IIII", payload[4:20])
    else:
        return None
    return MovieHeader(version, creation, modification, timescale, duration, file_offset)


def _walk(data: bytes, start: int, end: int, base: int, depth: int) -> Iterator[tuple[Box, int]]:
    """Every box under ``data[start:end]`` (depth-first) with its depth; stops silently at damage."""
    if depth > MAX_DEPTH:
        return
    for item in iter_children(data, start, end, base):
        if isinstance(item, Damage):
            return
        yield item, depth
        if item.type in _CONTAINERS:
            yield from _walk(data, item.offset - base + item.header, item.end - base, base, depth + 1)


def _inspect_moov(data: bytes, moov: Box, layout: Mp4Layout) -> None:
    """Fill ``layout.movie`` and ``layout.video_sample_entry`` from the bytes of ``moov``."""
    handler: bytes | None = None
    for box, _depth in _walk(data, moov.header, moov.size, moov.offset, 0):
        payload = data[box.offset - moov.offset + box.header : box.end - moov.offset]
        if box.type == b"mvhd" and layout.movie is None:
            layout.movie = _parse_mvhd(payload, box.offset + box.header)
        elif box.type == b"hdlr" and len(payload) >= 12:
            handler = payload[8:12]
        elif box.type == b"stsd" and handler == b"vide" and layout.video_sample_entry is None:
            entry = payload[8:16]
            if len(entry) == 8 and _valid_type(entry[4:8]):
                layout.video_sample_entry = entry[4:8].decode("latin-1").strip()


def read_mp4_layout(path: Path) -> Mp4Layout:
    """Read the box structure of an MP4/MOV file; damage is reported in ``problem``, never raised.

    OSError from opening or reading the file is the only exception that can escape.
    """
    layout = Mp4Layout()
    with path.open("rb") as handle:
        handle.seek(0, 2)
        file_size = handle.tell()
        layout.top_level, layout.damage = read_top_level(handle, file_size)
        moov = next((box for box in layout.top_level if box.type == b"moov"), None)
        if moov is None:
            layout.damage = MISSING_MOOV if layout.damage is None else layout.damage.and_(MISSING_MOOV)
            return layout
        if moov.size <= MAX_MOOV_BYTES:
            handle.seek(moov.offset)
            _inspect_moov(handle.read(moov.size), moov, layout)
    return layout


def set_movie_times(path: Path, created: datetime) -> bool:
    """Write ``created`` into the creation and modification times of ``mvhd`` in place.

    Used by the demo-card generator (OpenCV leaves them at 0). Returns False when there is no ``mvhd``.
    """
    layout = read_mp4_layout(path)
    if layout.movie is None:
        return False
    stamp = datetime_to_mac_time(created)
    fmt = ">QQ" if layout.movie.version == 1 else ">II"
    times = struct.pack(fmt, stamp, stamp)
    with path.open("r+b") as handle:
        handle.seek(layout.movie.payload_offset + 4)  # after version (1 byte) and flags (3 bytes)
        handle.write(times)
    return True
