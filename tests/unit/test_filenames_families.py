"""More camera file-name families: REC with a compact stamp, GA/T 947 after a word, dashed date-time,
dash cameras with 2-digit years and lens letters, a trailing device, "@" separators, part suffixes, and the
plausibility rules that keep serial numbers and words out."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence_station.domain.filenames import (
    NAME_PATTERNS,
    ParsedName,
    parse_recording_name,
    recording_channel,
)

T = datetime(2026, 11, 27, 9, 30)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # REC prefix + 14-digit stamp + sequence: the existing "rec" family, no device from the word.
        ("REC_20261127093000_0001.MP4", ParsedName(None, None, T, 1, "rec")),
        ("VID_20261127093000.mp4", ParsedName(None, None, T, None, "vid")),
        ("img_20261127093000_12.jpg", ParsedName(None, None, T, 12, "img")),
        # A literal word before the GA/T 947 ids.
        ("DSJ_Z8A0001_20261127093000_0001.MP4", ParsedName("Z8A0001", None, T, 1, "gat947_prefixed")),
        ("DSJ_Z8A0001_010203_20261127093000_0002.MP4",
         ParsedName("Z8A0001", "010203", T, 2, "gat947_prefixed")),
        ("ZFY_HK-K2_033012_20261127_093000_0003.mp4", ParsedName("HK-K2", "033012", T, 3, "gat947_prefixed")),
        # With "-" throughout, a word cannot be told from a dashed device number (HK-DSJ-K2 is one).
        ("ZFY-HK-K2-033012-20261127-093000-0003.mp4", ParsedName("ZFY-HK-K2", "033012", T, 3, "gat947")),
        ("执法仪_Z8A0001_20261127093000_0001.MP4", ParsedName("Z8A0001", None, T, 1, "gat947_prefixed")),
        ("执法记录仪_010203_20261127093000_0004.MP4", ParsedName(None, "010203", T, 4, "gat947_prefixed")),
        ("DSJ_20261127093000_0005.MP4", ParsedName(None, None, T, 5, "gat947_prefixed")),
        # A letters-only first token is a word, not a device: the officer number stays, no device "DSJ".
        ("DSJ_010203_20261127093000_0001.MP4", ParsedName(None, "010203", T, 1, "gat947_prefixed")),
        # Officer number first, no device.
        ("010203_20261127093000_0007.MP4", ParsedName(None, "010203", T, 7, "gat947_short")),
        # "@" separators, one throughout.
        ("Z8A0001@010203@20261127093000@0001.MP4", ParsedName("Z8A0001", "010203", T, 1, "gat947")),
        ("010203@20261127093000@0002.MP4", ParsedName(None, "010203", T, 2, "gat947_short")),
        ("ZFY@Z8A0001@20261127093000@0003.MP4", ParsedName("Z8A0001", None, T, 3, "gat947_prefixed")),
        # Dashed date-time-sequence and a device after the sequence.
        ("20261127-093000-0001.mp4", ParsedName(None, None, T, 1, "date_time")),
        ("20261127-093000.mp4", ParsedName(None, None, T, None, "date_time")),
        ("20261127_093000_0001_Z8A0001.MP4", ParsedName("Z8A0001", None, T, 1, "date_time")),
        ("20261127-093000-0001-DSJ8A001.MP4", ParsedName("DSJ8A001", None, T, 1, "date_time")),
        # Dash cameras: 2-digit years are 20YY; the lens letter is not part of the counter.
        ("FILE261127-093000F.MP4", ParsedName(None, None, T, None, "dashcam_file")),
        ("FILE261127-093000-000123F.MP4", ParsedName(None, None, T, 123, "dashcam_file")),
        ("EMER261127-093000-000124R.MOV", ParsedName(None, None, T, 124, "dashcam_file")),
        ("NO20261127-093000-000125B.mp4", ParsedName(None, None, T, 125, "dashcam_file")),
        ("2026_1127_093000_001F.MOV", ParsedName(None, None, T, 1, "dashcam")),
        ("20261127093000_000123R.MP4", ParsedName(None, None, T, 123, "compact")),
        ("20261127093000_0001.mp4", ParsedName(None, None, T, 1, "compact")),
        # Part suffixes: the sequence stays the sequence, the digit after "-" is not read as one.
        ("Z8A0001_010203_20261127093000_0001-1.MP4", ParsedName("Z8A0001", "010203", T, 1, "gat947")),
        ("HK-DSJ-K2-033012-20261127093000-0001-2.mp4", ParsedName("HK-DSJ-K2", "033012", T, 1, "gat947")),
        ("REC_20261127_093000-2.MP4", ParsedName(None, None, T, None, "rec")),
        ("20261127_093000-1.mp4", ParsedName(None, None, T, None, "date_time")),
        ("20261127-093000-1.mp4", ParsedName(None, None, T, None, "date_time")),
        ("20261127_093000_0001_Z8A0001-1.MP4", ParsedName("Z8A0001", None, T, 1, "date_time")),
    ],
)
def test_families_parse(name: str, expected: ParsedName) -> None:
    assert parse_recording_name(name) == expected


@pytest.mark.parametrize(
    "name",
    [
        "00012345678901.MP4",  # a serial number: year 1
        "10001231235959.mp4",  # year 1000
        "19991231235959.mp4",  # before 2000
        "21000101000000.mp4",  # after 2099
        "REC_19991231093000_0001.MP4",
        "Z8A0001_010203_21001127093000_0001.MP4",
        "DSJ_Z8A0001_20261327093000_0001.MP4",  # month 13
        "执法仪_Z8A0001_20260230093000_0001.MP4",  # 30 February
        "FILE261327-093000F.MP4",  # month 13
        "FILE260229-093000F.MP4",  # 2026 is no leap year
        "FILE261127-246000F.MP4",  # 24 o'clock
        "261127-093000F.MP4",  # a 2-digit year needs the camera's word in front
        "F261127-093000F.MP4",  # one letter is not a word
        "20261127-253000-0001.mp4",
        "DSJ_ABC_20261127093000_0001.MP4",  # two words, no number
        "DSJ_Z8A0001_20261127093000.MP4",  # GA/T 947 after a word still needs the sequence
        "DSJ-Z8A0001_20261127093000-0001.MP4",  # mixed separators
        "２０２６_Z8A0001_20261127093000_0001.MP4",  # full-width digits are not a word
    ],
)
def test_families_reject(name: str) -> None:
    assert parse_recording_name(name) is None


@pytest.mark.parametrize(
    "name",
    [
        "20261127_093000_0001_ch001.MP4",  # a channel number
        "20261127_093000_0001_CAM0001.MP4",
        "20261127_093000_0001_FHD1080.MP4",  # a resolution
        "20261127_093000_0001_HD1080.MP4",
        "20261127_093000_0001_v1080.MP4",  # one letter
        "20261127_093000_0001_IMP.MP4",  # no digits: a mark, not a device
        "20261127_093000_0001_PART001.MP4",
        "20261127_093000_0001_ZFA01.MP4",  # two digits only
        "20261127_093000_Z8A0001.MP4",  # a trailing device needs the sequence before it
    ],
)
def test_implausible_trailing_tokens_keep_the_time_but_give_no_device(name: str) -> None:
    parsed = parse_recording_name(name)
    assert parsed is not None and parsed.start_local == T and parsed.pattern == "date_time"
    assert parsed.device is None


@pytest.mark.parametrize(
    ("name", "channel"),
    [
        ("FILE261127-093000F.MP4", "F"),
        ("FILE261127-093000R.MP4", "R"),
        ("FILE261127-093000-000123B.MP4", "B"),
        ("FILE261127-093000-000123.MP4", ""),
        ("2026_1127_093000_001R.MOV", "R"),
        ("20261127093000_000123F.MP4", "F"),
        ("20261127_093000_NF.mp4", "F"),  # BlackVue-style mode letter + lens letter
        ("20261127_093000_ER.mp4", "R"),
        ("20261127_093000_main.mp4", "MAIN"),
        ("DSJ_Z8A0001_20261127093000_0001_B.MP4", "B"),
        ("DSJ_Z8A0001_20261127093000_0001.MP4", ""),
        ("20261127-093000-0001.mp4", ""),  # the sequence is not a part suffix
        ("Z8A0001_010203_20261127093000_0001-1.MP4", "1"),
        ("Z8A0001@010203@20261127093000@0001-2.MP4", "2"),
        ("20261127-093000-1.mp4", "1"),
        ("20261127_093000_0001_Z8A0001-2.MP4", "2"),
        ("20261127_093000_0001_Z8A0001.MP4", ""),  # the device is not a channel
    ],
)
def test_family_channels(name: str, channel: str) -> None:
    assert recording_channel(name) == channel


def test_new_families_are_registered_with_examples() -> None:
    ids = [entry.pattern_id for entry in NAME_PATTERNS]
    assert len(ids) == len(set(ids))
    for pattern_id in ("gat947_prefixed", "dashcam_file"):
        assert pattern_id in ids
    # The ids of the families that existed before stay as they were (they are stored with recordings).
    for pattern_id in ("gat947", "gat947_short", "rec", "vid", "img", "phone", "dashcam", "date_time",
                       "compact", "dashed"):
        assert pattern_id in ids


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"\A[0-9]{14}\Z"))
def test_fourteen_digit_runs_give_a_time_of_this_century_or_none(digits: str) -> None:
    parsed = parse_recording_name(digits + ".MP4")
    if parsed is not None:
        assert 2000 <= parsed.start_local.year <= 2099
        assert f"{parsed.start_local:%Y%m%d%H%M%S}" == digits
    elif 2000 <= int(digits[:4]) <= 2099:
        fields = [int(digits[i:j]) for i, j in ((0, 4), (4, 6), (6, 8), (8, 10), (10, 12), (12, 14))]
        with pytest.raises(ValueError):
            datetime(*fields)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"\A[A-Z]{2,6}[0-9]{6}-[0-9]{6}(-[0-9]{6})?[FRB]?\.MP4\Z"))
def test_dashcam_file_names_parse_to_their_own_digits_or_reject(name: str) -> None:
    parsed = parse_recording_name(name)
    if parsed is not None:
        assert parsed.pattern == "dashcam_file"
        assert f"{parsed.start_local:%y%m%d-%H%M%S}" in name
