"""Camera file names: what a recording's name says about its device, officer, start time and sequence.

Body cameras name files after their own clock. The names follow a few families, kept here as a small
registry of :class:`NamePattern` entries (a compiled regex and a builder). Add a family by appending to
:data:`NAME_PATTERNS`; the first pattern that matches *and* yields a real date and time wins.

The parser never raises: a name it does not recognise, or one whose date is impossible (month 13,
30 February, 25 o'clock), gives ``None``. Times are naive camera wall-clock times; converting them to UTC
(and noticing that the camera clock was wrong) is the importer's job.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

_FLAGS = re.IGNORECASE | re.ASCII
# Whatever follows the recognised part: nothing, or a separator and anything (suffixes, extensions).
_REST = r"(?:[._\- ].*)?"


@dataclass(frozen=True)
class ParsedName:
    """What a camera file name says. ``start_local`` is the camera's own (naive) wall-clock time."""

    device: str | None
    officer: str | None
    start_local: datetime
    sequence: int | None
    pattern: str


Builder = Callable[[re.Match[str]], ParsedName | None]


@dataclass(frozen=True)
class NamePattern:
    """One naming family: ``regex`` is matched (``fullmatch``) against the base name, extension included."""

    pattern_id: str
    regex: re.Pattern[str]
    build: Builder
    example: str


def _datetime(date8: str, time6: str) -> datetime | None:
    """``YYYYMMDD`` + ``hhmmss`` as a datetime, or None when it is not a real moment."""
    try:
        return datetime(
            int(date8[0:4]), int(date8[4:6]), int(date8[6:8]),
            int(time6[0:2]), int(time6[2:4]), int(time6[4:6]),
        )
    except ValueError:
        return None


def _optional_int(text: str | None) -> int | None:
    return int(text) if text else None


def _standard_builder(pattern_id: str) -> Builder:
    """A builder for regexes with groups ``date`` (or ``year`` + ``monthday``), ``time`` and optionally
    ``device``, ``officer`` and ``seq``."""

    def build(match: re.Match[str]) -> ParsedName | None:
        groups = match.groupdict()
        date8 = groups.get("date") or f"{groups['year']}{groups['monthday']}"
        start = _datetime(date8, groups["time"])
        if start is None:
            return None
        return ParsedName(
            device=groups.get("device"),
            officer=groups.get("officer"),
            start_local=start,
            sequence=_optional_int(groups.get("seq")),
            pattern=pattern_id,
        )

    return build


def _pattern(pattern_id: str, regex: str, example: str, rest: str = _REST) -> NamePattern:
    return NamePattern(pattern_id, re.compile(regex + rest, _FLAGS), _standard_builder(pattern_id), example)


_OPTIONAL_SEQ = r"(?:_(?P<seq>\d{1,6}))?"

NAME_PATTERNS: list[NamePattern] = [
    # GA/T 947 body cameras: <device>_<officer>_<YYYYMMDDhhmmss>_<seq>
    _pattern(
        "gat947",
        r"(?P<device>[A-Z0-9]{1,32})_(?P<officer>\d{1,20})_(?P<date>\d{8})(?P<time>\d{6})_(?P<seq>\d{1,6})",
        "Z8A0001_010203_20261124093000_0001.MP4",
    ),
    _pattern("rec", r"REC_(?P<date>\d{8})_(?P<time>\d{6})" + _OPTIONAL_SEQ, "REC_20261124_093000.MP4"),
    _pattern("vid", r"VID_(?P<date>\d{8})_(?P<time>\d{6})" + _OPTIONAL_SEQ, "VID_20261124_093000.mp4"),
    _pattern("img", r"IMG_(?P<date>\d{8})_(?P<time>\d{6})" + _OPTIONAL_SEQ, "IMG_20261124_093000.jpg"),
    # Dash cameras: YYYY_MMDD_hhmmss_NNN
    _pattern(
        "dashcam",
        r"(?P<year>\d{4})_(?P<monthday>\d{4})_(?P<time>\d{6})_(?P<seq>\d{1,6})",
        "2026_1124_093000_001.MOV",
    ),
    _pattern("date_time", r"(?P<date>\d{8})_(?P<time>\d{6})" + _OPTIONAL_SEQ, "20261124_093000_0001.mp4"),
    # YYYYMMDDhhmmss, optionally with milliseconds, then anything that does not start with a digit
    _pattern("compact", r"(?P<date>\d{8})(?P<time>\d{6})(?:\d{3})?", "20261124093000.AVI", rest=r"(?:\D.*)?"),
]


def base_name(name: str) -> str:
    """The last component of a path written with ``/`` or ``\\`` separators."""
    return re.split(r"[\\/]", name)[-1]


def parse_recording_name(name: str) -> ParsedName | None:
    """Parse a camera file name (or path) into device, officer, camera start time and sequence.

    Works on the base name with any extension and in any letter case. Returns None for names that follow
    no known pattern and for impossible dates or times; it never raises on any text.
    """
    if not isinstance(name, str):
        return None
    base = base_name(name).strip()
    if not base or len(base) > 255:
        return None
    for entry in NAME_PATTERNS:
        match = entry.regex.fullmatch(base)
        if match is None:
            continue
        parsed = entry.build(match)
        if parsed is not None:
            return parsed
    return None
