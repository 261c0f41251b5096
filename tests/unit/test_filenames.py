"""Camera file-name parsing: every registered pattern, the rejects, and robustness on arbitrary text."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence_station.domain.filenames import NAME_PATTERNS, ParsedName, parse_recording_name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "Z8A0001_010203_20261124093000_0001.MP4",
            ParsedName("Z8A0001", "010203", datetime(2026, 11, 24, 9, 30, 0), 1, "gat947"),
        ),
        (
            "DCIM/100DSJ/z8b0107_020018_20261124235959_0042.mp4",
            ParsedName("z8b0107", "020018", datetime(2026, 11, 24, 23, 59, 59), 42, "gat947"),
        ),
        (
            "Z8B0107_020018_20261124092327_0003_IMG.JPG",
            ParsedName("Z8B0107", "020018", datetime(2026, 11, 24, 9, 23, 27), 3, "gat947"),
        ),
        ("REC_20261124_093000.MP4", ParsedName(None, None, datetime(2026, 11, 24, 9, 30), None, "rec")),
        ("rec_20261124_093000_007.wav", ParsedName(None, None, datetime(2026, 11, 24, 9, 30), 7, "rec")),
        ("VID_20260229_000000.mp4", None),  # 2026 is not a leap year
        ("VID_20280229_000000.mp4", ParsedName(None, None, datetime(2028, 2, 29), None, "vid")),
        ("IMG_20261124_101112.jpeg", ParsedName(None, None, datetime(2026, 11, 24, 10, 11, 12), None, "img")),
        (
            "C:\\card\\IMG_20261124_101112.JPG",
            ParsedName(None, None, datetime(2026, 11, 24, 10, 11, 12), None, "img"),
        ),
        (
            "2026_1124_093000_001.MOV",
            ParsedName(None, None, datetime(2026, 11, 24, 9, 30), 1, "dashcam"),
        ),
        (
            "20261124_093000_0001.mp4",
            ParsedName(None, None, datetime(2026, 11, 24, 9, 30), 1, "date_time"),
        ),
        (
            "20261124_093000_front.mp4",
            ParsedName(None, None, datetime(2026, 11, 24, 9, 30), None, "date_time"),
        ),
        ("20261124093000.AVI", ParsedName(None, None, datetime(2026, 11, 24, 9, 30), None, "compact")),
        ("20261124093000123_A.mp4", ParsedName(None, None, datetime(2026, 11, 24, 9, 30), None, "compact")),
        ("20261124093000", ParsedName(None, None, datetime(2026, 11, 24, 9, 30), None, "compact")),
    ],
)
def test_known_names_parse(name: str, expected: ParsedName | None) -> None:
    assert parse_recording_name(name) == expected


@pytest.mark.parametrize(
    "name",
    [
        "Z8A0001_010203_20261324093000_0001.MP4",  # month 13
        "Z8A0001_010203_20260230093000_0001.MP4",  # 30 February
        "Z8A0001_010203_20261124250000_0001.MP4",  # 25 o'clock
        "Z8A0001_010203_20261124096000_0001.MP4",  # minute 60
        "REC_20261100_093000.MP4",  # day 0
        "2026_1332_093000_001.MOV",
        "20261124_093061.mp4",
        "00000000000000.mp4",
        "补充说明_20261124.txt",
        "现场补录_20261124.MP4",
        "._Z8A0001_010203_20261124093000_0001.MP4",
        "Thumbs.db",
        "IndexerVolumeGuid",
        "",
        "2026112409300.mp4",  # 13 digits
        "Z8A0001_ABC_20261124093000_0001.MP4",  # officer must be digits
        "Z8A0001_010203_20261124093000.MP4",  # GA/T 947 needs the sequence
        "REC20261124_093000.MP4",
        "２０２６１１２４０９３０００.mp4",  # full-width digits are not camera digits
    ],
)
def test_rejects(name: str) -> None:
    assert parse_recording_name(name) is None


def test_every_registered_pattern_parses_its_example() -> None:
    for entry in NAME_PATTERNS:
        parsed = parse_recording_name(entry.example)
        assert parsed is not None, entry.pattern_id
        assert parsed.pattern == entry.pattern_id


def test_gat947_officer_keeps_leading_zeros_and_start_is_naive() -> None:
    parsed = parse_recording_name("Z8A0002_010377_20261124082952_0002.MP4")
    assert parsed is not None
    assert parsed.officer == "010377"
    assert parsed.start_local.tzinfo is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    result = parse_recording_name(text)
    assert result is None or isinstance(result, ParsedName)


@settings(max_examples=100, deadline=None)
@given(st.from_regex(r"\A[A-Z0-9]{1,8}_[0-9]{1,6}_[0-9]{14}_[0-9]{1,4}\.(MP4|mp4|JPG)\Z"))
def test_gat947_shaped_names_parse_or_reject_cleanly(name: str) -> None:
    result = parse_recording_name(name)
    if result is not None:
        first = name.split("_")[0]
        # A device number holds a digit; a first token of letters only is a word before the officer number.
        assert result.pattern == ("gat947" if any(c.isdigit() for c in first) else "gat947_prefixed")
        assert result.device in {first, None}
        assert f"{result.start_local:%Y%m%d%H%M%S}" in name
