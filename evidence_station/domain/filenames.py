"""Camera file names: what a recording's name says about its device, officer, start time and sequence.

Body cameras name files after their own clock. The names follow a few families, kept here as a small
registry of :class:`NamePattern` entries (a compiled regex and a builder). Add a family by appending to
:data:`NAME_PATTERNS`; the first pattern that matches *and* yields a real date and time wins.

The parser never raises: a name it does not recognise, or one whose date is impossible (month 13,
30 February, 25 o'clock, a year outside 2000–2099), gives ``None``. Times are naive camera wall-clock times;
converting them to UTC (and noticing that the camera clock was wrong) is the importer's job.

Suffixes after the recognised fields are kept out of the fields:

* ``_A``/``_B``, ``_F``/``_R``, a letter glued to a dash camera's counter (``…-000123F``) and the like name a
  parallel stream of one camera (:func:`recording_channel`).
* ``-1``, ``-2`` (a dash and one digit, after the last field) mark a further file under the *same* name:
  read here as a part of one recording that the camera split (at the card's file-size limit, FAT32: 4 GiB)
  and named after the first part's start; a copy tool de-duplicating a name looks the same. The digit is a
  part number, never a sequence, device or channel letter; so in families whose sequence is optional a ``-``
  is only read as a sequence separator before two or more digits (``20261127-093000-0001`` has sequence 1,
  ``20261127_093000-1`` has none). The name's time is the start of the *first* part, not of part N.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import cast

_FLAGS = re.IGNORECASE | re.ASCII
# Whatever follows the recognised part: nothing, or a separator and anything (suffixes, extensions).
_REST = r"(?:[._\- ].*)?"
#: Camera clocks are set in this century; a 14-digit run outside it is a serial number, not a time.
_FIRST_YEAR, _LAST_YEAR = 2000, 2099


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
    """``YYYYMMDD`` + ``hhmmss`` as a datetime, or None when it is not a real moment of 2000–2099."""
    year = int(date8[0:4])
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        return None
    try:
        return datetime(
            year, int(date8[4:6]), int(date8[6:8]),
            int(time6[0:2]), int(time6[2:4]), int(time6[4:6]),
        )
    except ValueError:
        return None


def _optional_int(text: str | None) -> int | None:
    return int(text) if text else None


def _moment(groups: dict[str, str | None]) -> datetime | None:
    """The camera time from named groups: ``date`` (or ``year``/``yy`` (20YY) + ``monthday``, or ``year`` +
    ``month`` + ``day``), ``time`` (or ``hour`` + ``minute`` + ``second``) and an optional 12-hour ``ampm``."""
    date8 = groups.get("date") or groups.get("date2")
    if not date8:
        year = groups.get("year") or f"20{groups['yy']}"
        # each pattern names month and day where it has no monthday, and hour where it has no time
        date8 = f"{year}{groups.get('monthday') or cast(str, groups['month']) + cast(str, groups['day'])}"
    time6 = (groups.get("time") or groups.get("time2")
             or f"{int(cast(str, groups['hour'])):02d}{groups['minute']}{groups['second']}")
    ampm = (groups.get("ampm") or "").upper()
    if ampm:
        hour = int(time6[:2])
        if not 1 <= hour <= 12:
            return None
        time6 = f"{hour % 12 + (12 if ampm == 'PM' else 0):02d}{time6[2:]}"
    return _datetime(date8, time6)


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


#: Words that start tokens which look like a device number but are not one (``ch001``, ``FHD1080``).
_NOT_DEVICE_WORDS = re.compile(r"(?:CH|CAM|CAMERA|PART|CLIP|SEG|COPY|TAKE|TRACK|HD|FHD|UHD|QHD|SD)\d", _FLAGS)


def _plausible_trailing_device(token: str | None) -> bool:
    """Whether a token after the sequence (``…_0001_Z8A0001``) is a device number: at least two letters and
    three digits, and not a channel, part, copy or resolution word followed by a number."""
    if not token:
        return False
    letters = sum(c.isalpha() for c in token)
    digits = sum(c.isdigit() for c in token)
    return letters >= 2 and digits >= 3 and _NOT_DEVICE_WORDS.match(token) is None


def _ids(groups: dict[str, str | None]) -> tuple[str | None, str | None] | None:
    """``(device, officer)`` from the ``device``, ``officer``, ``ident`` and ``tail_device`` groups, or None
    when a field that must be a number is a word.

    ``ident`` is the one id before the time: the device when an ``officer`` follows it, else the officer
    when all digits, else the device. Device numbers hold a digit (``DSJ``, ``REC`` are words); a
    ``tail_device`` is only taken when :func:`_plausible_trailing_device`."""
    device, officer, ident = groups.get("device"), groups.get("officer"), groups.get("ident")
    if device is not None and not _has_digit(device):
        return None  # "DSJ_010203_…": a word, not a device number
    if ident is not None:
        if not _has_digit(ident):
            return None  # "REC_…", "VID_…": a word, not a device or officer number
        if officer is not None:
            device = ident
        elif ident.isdigit():
            officer = ident
        else:
            device = ident
    tail = groups.get("tail_device")
    if device is None and _plausible_trailing_device(tail):
        device = tail
    return device, officer


def _standard_builder(pattern_id: str) -> Builder:
    """A builder for regexes with the date/time groups of :func:`_moment`, the id groups of :func:`_ids` and
    optionally ``seq`` (or ``seq2``)."""

    def build(match: re.Match[str]) -> ParsedName | None:
        groups = match.groupdict()
        start = _moment(groups)
        if start is None:
            return None
        ids = _ids(groups)
        if ids is None:
            return None
        return ParsedName(
            device=ids[0],
            officer=ids[1],
            start_local=start,
            sequence=_optional_int(groups.get("seq") or groups.get("seq2")),
            pattern=pattern_id,
        )

    return build


def _pattern(pattern_id: str, regex: str, example: str, rest: str = _REST) -> NamePattern:
    return NamePattern(pattern_id, re.compile(regex + rest, _FLAGS), _standard_builder(pattern_id), example)


_OPTIONAL_SEQ = r"(?:_(?P<seq>\d{1,6}))?"


def _word_stamp(word: str, example: str) -> NamePattern:
    """``<WORD>_YYYYMMDD_hhmmss[_seq]`` or ``<WORD>_YYYYMMDDhhmmss[_seq]``; the pattern id is the word in
    lower case (``REC_`` recorders, ``VID_``/``IMG_`` cameras)."""
    return _pattern(word.lower(), word + r"_(?P<date>\d{8})_?(?P<time>\d{6})" + _OPTIONAL_SEQ, example)


# A device or officer number: letters, digits and "-" (HK-DSJ-K2), shortest first.
_ID = r"[A-Z0-9](?:[A-Z0-9-]{0,31}?)"
# Separators between fields of GA/T 947 names: vendors use "_", "-" or "@" (the same one throughout).
_GAT_SEP = r"(?P<sep>[_\-@])"
_GAT_DATE_TIME = r"(?P<date>\d{8})(?:(?P=sep))?(?P<time>\d{6})"
# A word before the ids of a GA/T 947 name: "DSJ", "ZFY", "执法仪" (letters only, or CJK ideographs).
_PREFIX_WORD = r"(?:[A-Z]{2,12}|[\u4e00-\u9fff]{1,12})"
# A dash camera's lens letter glued to its counter or time: front, rear, back (inside).
_LENS = r"(?P<channel>[FRB])?"
# YYYY-MM-DD then hh.mm.ss / hh-mm-ss / hh:mm:ss / hh_mm_ss, optional milliseconds and AM/PM (12-hour clock).
_DASHED_DATE_TIME = (
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?:[ _T\-]|[ _]at[ _])"
    r"(?P<hour>\d{1,2})[.:\-_](?P<minute>\d{2})[.:\-_](?P<second>\d{2})(?:[.\-_]\d{1,3})?(?:[ _]?(?P<ampm>[AP]M))?"
)

NAME_PATTERNS: list[NamePattern] = [
    # GA/T 947 body cameras: <device>_<officer>_<YYYYMMDDhhmmss>_<seq>; some vendors separate with "-" or "@"
    # (and device numbers may contain "-"), some split date and time with the separator too.
    _pattern(
        "gat947",
        r"(?P<device>" + _ID + r")" + _GAT_SEP + r"(?P<officer>\d{1,20})(?P=sep)" + _GAT_DATE_TIME
        + r"(?P=sep)(?P<seq>\d{1,6})",
        "Z8A0001_010203_20261124093000_0001.MP4",
    ),
    # GA/T 947 without one of the two ids: <device or officer>_<YYYYMMDDhhmmss>_<seq> (all digits: officer,
    # so officer-first cameras' <officer>_<YYYYMMDDhhmmss>_<seq> land here).
    _pattern(
        "gat947_short",
        r"(?P<ident>" + _ID + r")" + _GAT_SEP + r"(?P<date>\d{8})(?P<time>\d{6})(?P=sep)(?P<seq>\d{1,6})",
        "DSJ8A001_20261124093000_0001.MP4",
    ),
    _word_stamp("REC", "REC_20261124_093000.MP4"),
    _word_stamp("VID", "VID_20261124_093000.mp4"),
    _word_stamp("IMG", "IMG_20261124_093000.jpg"),
    # Phones: PXL_20261124_093000123.mp4, MVIMG_20261124_093000.jpg, VID20261124093000.mp4, IMG20261124093000.jpg
    _pattern(
        "phone",
        r"[A-Z]{2,12}(?:_(?P<date>\d{8})_(?P<time>\d{6})|(?P<date2>\d{8})(?P<time2>\d{6}))(?:\d{1,3})?"
        + _OPTIONAL_SEQ,
        "PXL_20261124_093000123.mp4",
    ),
    # GA/T 947 after a word: <word>_[<device>_[<officer>_]]<YYYYMMDDhhmmss>_<seq> — "DSJ_Z8A0001_…",
    # "执法仪_010203_…", "ZFY@Z8A0001@010203@…" (one separator throughout).
    _pattern(
        "gat947_prefixed",
        _PREFIX_WORD + _GAT_SEP + r"(?:(?P<ident>" + _ID + r")(?P=sep)(?:(?P<officer>\d{1,20})(?P=sep))?)?"
        + _GAT_DATE_TIME + r"(?P=sep)(?P<seq>\d{1,6})",
        "DSJ_Z8A0001_20261124093000_0001.MP4",
    ),
    # Dash cameras: YYYY_MMDD_hhmmss_NNN, optionally with the lens letter (2026_1124_093000_001F.MP4)
    _pattern(
        "dashcam",
        r"(?P<year>\d{4})_(?P<monthday>\d{4})_(?P<time>\d{6})_(?P<seq>\d{1,6})" + _LENS,
        "2026_1124_093000_001.MOV",
    ),
    # Dash cameras with a word, a 2-digit (20YY) or 4-digit year, a dashed time, an optional counter and the
    # lens letter: FILE261124-093000F.MP4, FILE261124-093000-000123R.MP4, NO20261124-093000-000123F.MP4.
    _pattern(
        "dashcam_file",
        r"[A-Z]{2,6}(?:(?P<year>\d{4})|(?P<yy>\d{2}))(?P<monthday>\d{4})-(?P<time>\d{6})(?:-(?P<seq>\d{2,6}))?"
        + _LENS,
        "FILE261124-093000F.MP4",
    ),
    # YYYYMMDD_hhmmss or YYYYMMDD-hhmmss, optional sequence ("_1", "-0001"; "-1" is a part suffix), then
    # optionally the device (20261124_093000_0001_Z8A0001.MP4).
    _pattern(
        "date_time",
        r"(?P<date>\d{8})[_\-](?P<time>\d{6})(?:(?:_(?P<seq>\d{1,6})|-(?P<seq2>\d{2,6}))"
        r"(?:[_\-](?P<tail_device>[A-Z][A-Z0-9]{4,19}))?)?",
        "20261124_093000_0001.mp4",
    ),
    # YYYYMMDDhhmmss, optionally with milliseconds, a sequence and a lens letter (20261124093000_000123F.MP4),
    # then anything that does not start with a digit
    _pattern(
        "compact",
        r"(?P<date>\d{8})(?P<time>\d{6})(?:\d{3})?(?:_(?P<seq>\d{1,6})" + _LENS + ")?",
        "20261124093000.AVI",
        rest=r"(?:\D.*)?",
    ),
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
#: Parallel streams of one camera (front/rear lens, main/sub stream; a dash camera's mode letter — Normal,
#: Event, Parking, Manual — may precede its lens letter: ``_NF``, ``_ER``) and the parts ``-1``, ``-2`` of one
#: start (see the module docstring).
_CHANNEL = re.compile(
    r".*?[_\-](?:[NEPM](?=[FR]))?(?P<channel>[A-D]|[FR]|front|rear|main|sub|ch\d{1,2}|\d)"
    r"(?:\.[A-Z0-9]{1,5})?",
    _FLAGS,
)


def base_name(name: str) -> str:
    """The last component of a path written with ``/`` or ``\\`` separators."""
    return re.split(r"[\\/]", name)[-1]


def _match_name(name: object) -> tuple[ParsedName, re.Match[str]] | None:
    """The first registered pattern that reads ``name``'s base name, with its match; None when none does."""
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
            return parsed, match
    return None


def parse_recording_name(name: str) -> ParsedName | None:
    """Parse a camera file name (or path) into device, officer, camera start time and sequence.

    Works on the base name with any extension and in any letter case. Returns None for names that follow
    no known pattern and for impossible dates or times; it never raises on any text.
    """
    found = _match_name(name)
    return found[0] if found else None


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


def devices_on_card(card_paths: Iterable[str]) -> str:
    """The camera serials the card's file names (or folders) carry, in order of appearance, joined with 、 (the
    default device of a card's hand-over)."""
    found: list[str] = []
    for card_path in card_paths:
        parsed = parse_recording_path(card_path)
        serial = (parsed.device if parsed else None) or ids_from_folders(card_path)[0]
        if serial and serial not in found:
            found.append(serial)
    return "、".join(found)


def recording_channel(name: str) -> str:
    """The parallel stream a file belongs to, from a name suffix after its time: ``_A``/``_B``, ``_F``/``_R``
    (also after a dash camera's mode letter: ``_NF``), a lens letter glued to a dash camera's counter or time
    (``…-000123F``, ``…_001R``; ``B`` for back), ``front``/``rear``, ``main``/``sub``, ``ch1`` (upper-cased);
    ``""`` for the ordinary stream.

    Files of different channels of one camera run at the same time and are not compared for gaps or overlaps.
    A part suffix ``-1``/``-2`` (one recording split by the camera, every part named after the first part's
    start) also gives a channel of its own (``"1"``, ``"2"``), so the parts, which all carry the same name
    time, are not reported as overlapping each other. Only names whose time the registry reads have channels.
    """
    found = _match_name(name)
    if found is None:
        return ""
    parsed, match = found
    lens = match.groupdict().get("channel")
    if lens:
        return lens.upper()
    base = base_name(name).strip()
    stamp = f"{parsed.start_local:%H%M%S}"
    tail = base[base.find(stamp) + len(stamp):] if stamp in base else base
    if parsed.sequence is not None:
        seq_at = re.search(rf"[_\-@]0*{parsed.sequence}(?=[_\-.]|$)", tail)
        tail = tail[seq_at.end():] if seq_at else tail
    channel = _CHANNEL.fullmatch(tail)
    return channel.group("channel").upper() if channel else ""


#: Words in a file name that say the footage was recorded afterwards (补录 / 补拍: Art. 11 forbids after-the-fact
#: recording), e.g. ``现场补录_20261124.MP4``.
AFTER_THE_FACT_WORDS: tuple[str, ...] = ("补录", "补拍")


def names_after_the_fact(name: str) -> str | None:
    """The word of :data:`AFTER_THE_FACT_WORDS` that ``name`` (its last path part) carries, or None."""
    base = base_name(name)
    return next((word for word in AFTER_THE_FACT_WORDS if word in base), None)
