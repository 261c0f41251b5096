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


def _moment(groups: dict[str, str | None]) -> datetime | None:
    """The camera time from named groups: ``date`` (or ``year`` + ``monthday``, or ``year`` + ``month`` +
    ``day``), ``time`` (or ``hour`` + ``minute`` + ``second``) and an optional 12-hour ``ampm``."""
    date8 = (groups.get("date") or groups.get("date2")
             or f"{groups['year']}{groups.get('monthday') or groups['month'] + groups['day']}")
    time6 = (groups.get("time") or groups.get("time2")
             or f"{int(groups['hour']):02d}{groups['minute']}{groups['second']}")
    ampm = (groups.get("ampm") or "").upper()
    if ampm:
        hour = int(time6[:2])
        if not 1 <= hour <= 12:
            return None
        time6 = f"{hour % 12 + (12 if ampm == 'PM' else 0):02d}{time6[2:]}"
    return _datetime(date8, time6)


def _standard_builder(pattern_id: str) -> Builder:
    """A builder for regexes with the date/time groups of :func:`_moment` and optionally ``device``,
    ``officer``, ``seq`` and ``ident`` (one id that is an officer number when all digits, else a device)."""

    def build(match: re.Match[str]) -> ParsedName | None:
        groups = match.groupdict()
        start = _moment(groups)
        if start is None:
            return None
        device, officer = groups.get("device"), groups.get("officer")
        ident = groups.get("ident")
        if ident is not None and not any(c.isdigit() for c in ident):
            return None  # "REC_…", "VID_…": a word, not a device or officer number
        if ident:
            officer, device = (ident, None) if ident.isdigit() else (None, ident)
        return ParsedName(
            device=device,
            officer=officer,
            start_local=start,
            sequence=_optional_int(groups.get("seq")),
            pattern=pattern_id,
        )

    return build


def _pattern(pattern_id: str, regex: str, example: str, rest: str = _REST) -> NamePattern:
    return NamePattern(pattern_id, re.compile(regex + rest, _FLAGS), _standard_builder(pattern_id), example)


_OPTIONAL_SEQ = r"(?:_(?P<seq>\d{1,6}))?"

# Separators between fields of GA/T 947 names: vendors use "_" or "-" (the same one throughout).
_GAT_DATE_TIME = r"(?P<date>\d{8})(?:(?P=sep))?(?P<time>\d{6})"
# YYYY-MM-DD then hh.mm.ss / hh-mm-ss / hh:mm:ss / hh_mm_ss, optional milliseconds and AM/PM (12-hour clock).
_DASHED_DATE_TIME = (
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?:[ _T\-]|[ _]at[ _])"
    r"(?P<hour>\d{1,2})[.:\-_](?P<minute>\d{2})[.:\-_](?P<second>\d{2})(?:[.\-_]\d{1,3})?(?:[ _]?(?P<ampm>[AP]M))?"
)

NAME_PATTERNS: list[NamePattern] = [
    # GA/T 947 body cameras: <device>_<officer>_<YYYYMMDDhhmmss>_<seq>; some vendors separate with "-" (and
    # device numbers may contain "-"), some split date and time with the separator too.
    _pattern(
        "gat947",
        r"(?P<device>[A-Z0-9](?:[A-Z0-9-]{0,31}?))(?P<sep>[_-])(?P<officer>\d{1,20})(?P=sep)" + _GAT_DATE_TIME
        + r"(?P=sep)(?P<seq>\d{1,6})",
        "Z8A0001_010203_20261124093000_0001.MP4",
    ),
    # GA/T 947 without one of the two ids: <device or officer>_<YYYYMMDDhhmmss>_<seq> (all digits: officer).
    _pattern(
        "gat947_short",
        r"(?P<ident>[A-Z0-9](?:[A-Z0-9-]{0,31}?))(?P<sep>[_-])(?P<date>\d{8})(?P<time>\d{6})(?P=sep)(?P<seq>\d{1,6})",
        "DSJ8A001_20261124093000_0001.MP4",
    ),
    _pattern("rec", r"REC_(?P<date>\d{8})_(?P<time>\d{6})" + _OPTIONAL_SEQ, "REC_20261124_093000.MP4"),
    _pattern("vid", r"VID_(?P<date>\d{8})_(?P<time>\d{6})" + _OPTIONAL_SEQ, "VID_20261124_093000.mp4"),
    _pattern("img", r"IMG_(?P<date>\d{8})_(?P<time>\d{6})" + _OPTIONAL_SEQ, "IMG_20261124_093000.jpg"),
    # Phones: PXL_20261124_093000123.mp4, MVIMG_20261124_093000.jpg, VID20261124093000.mp4, IMG20261124093000.jpg
    _pattern(
        "phone",
        r"[A-Z]{2,12}(?:_(?P<date>\d{8})_(?P<time>\d{6})|(?P<date2>\d{8})(?P<time2>\d{6}))(?:\d{1,3})?"
        + _OPTIONAL_SEQ,
        "PXL_20261124_093000123.mp4",
    ),
    # Dash cameras: YYYY_MMDD_hhmmss_NNN
    _pattern(
        "dashcam",
        r"(?P<year>\d{4})_(?P<monthday>\d{4})_(?P<time>\d{6})_(?P<seq>\d{1,6})",
        "2026_1124_093000_001.MOV",
    ),
    _pattern("date_time", r"(?P<date>\d{8})_(?P<time>\d{6})" + _OPTIONAL_SEQ, "20261124_093000_0001.mp4"),
    # YYYYMMDDhhmmss, optionally with milliseconds, then anything that does not start with a digit
    _pattern("compact", r"(?P<date>\d{8})(?P<time>\d{6})(?:\d{3})?", "20261124093000.AVI", rest=r"(?:\D.*)?"),
    # Recorders, screen recorders, computers: any words, then YYYY-MM-DD hh.mm.ss (12- or 24-hour clock):
    # "Recording 2026-11-24 at 2.05.09 PM.m4a", "录音 2026-11-24 15-00-00.wav", "2026-11-24 16.00.00.mov".
    _pattern("dashed", r"(?:.*?[ _\-])?" + _DASHED_DATE_TIME, "录音 2026-11-24 09-30-00.m4a"),
]

#: A time-only name (``hhmmss``, ``hh-mm-ss``) is only read inside a date folder (``YYYYMMDD``, ``YYYY-MM-DD``).
_TIME_ONLY = re.compile(
    r"(?P<hour>\d{2})([-.]?)(?P<minute>\d{2})\2(?P<second>\d{2})" + _OPTIONAL_SEQ + _REST, _FLAGS
)
_DATE_FOLDER = re.compile(r"(?P<year>\d{4})([-_.]?)(?P<month>\d{2})\2(?P<day>\d{2})", _FLAGS)
#: A folder named after the camera and its officer: ``<device>_<officer>`` (device with a letter and a digit).
_ID_FOLDER = re.compile(r"(?P<device>[A-Z0-9][A-Z0-9-]{2,31})[_-](?P<officer>\d{4,20})", _FLAGS)
#: Parallel streams of one camera (front/rear lens, main/sub stream) and numbered copies of one start.
_CHANNEL = re.compile(
    r".*?[_\-](?P<channel>[A-D]|[FR]|front|rear|main|sub|ch\d{1,2}|\d)(?:\.[A-Z0-9]{1,5})?", _FLAGS
)


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


def _folders(card_path: str) -> list[str]:
    """The folder names of a card path, nearest first."""
    return [part for part in re.split(r"[\\/]", card_path)[:-1] if part][::-1]


def parse_recording_path(card_path: str) -> ParsedName | None:
    """Parse a file's card path: its name (:func:`parse_recording_name`) or, for a time-only name such as
    ``093000_0001.MP4``, the date of the nearest date folder (``20261124/``, ``2026-11-24/``)."""
    parsed = parse_recording_name(card_path)
    if parsed is not None or not isinstance(card_path, str):
        return parsed
    match = _TIME_ONLY.fullmatch(base_name(card_path).strip())
    if match is None:
        return None
    for folder in _folders(card_path):
        day = _DATE_FOLDER.fullmatch(folder)
        if day is not None:
            start = _moment({**match.groupdict(), **day.groupdict()})
            if start is None:
                return None
            return ParsedName(None, None, start, _optional_int(match.group("seq")), "date_folder")
    return None


def ids_from_folders(card_path: str) -> tuple[str | None, str | None]:
    """``(device, officer)`` from the nearest folder named ``<device>_<officer>`` (``ZFY0417_330501/``),
    or ``(None, None)``. The device part must hold a letter and a digit (``100MEDIA``, ``VIDEO_2026`` are
    not devices)."""
    if not isinstance(card_path, str):
        return None, None
    for folder in _folders(card_path):
        match = _ID_FOLDER.fullmatch(folder)
        if match is None:
            continue
        device = match.group("device")
        if re.search(r"[A-Z]", device, re.IGNORECASE) and re.search(r"\d", device):
            return device, match.group("officer")
    return None, None


def recording_channel(name: str) -> str:
    """The parallel stream a file belongs to, from a name suffix after its time: ``_A``/``_B``, ``_F``/``_R``,
    ``front``/``rear``, ``main``/``sub``, ``ch1``, ``-1``/``-2`` (upper-cased); ``""`` for the ordinary stream.

    Files of different channels of one camera run at the same time and are not compared for gaps or overlaps.
    Only names whose time the registry reads have channels.
    """
    parsed = parse_recording_name(name)
    if parsed is None:
        return ""
    base = base_name(name).strip()
    stamp = f"{parsed.start_local:%H%M%S}"
    tail = base[base.find(stamp) + len(stamp):] if stamp in base else base
    if parsed.sequence is not None:
        seq_at = re.search(rf"[_\-]0*{parsed.sequence}(?=[_\-.]|$)", tail)
        tail = tail[seq_at.end():] if seq_at else tail
    match = _CHANNEL.fullmatch(tail)
    return match.group("channel").upper() if match else ""
