"""Realistic camera names and folders, EXIF photo times, sidecar kinds and the time-source order."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from evidence_station.domain.filenames import (
    ids_from_folders,
    parse_recording_name,
    parse_recording_path,
    recording_channel,
)
from evidence_station.media.exif import photo_time
from evidence_station.media.info import MediaInfo
from evidence_station.media.kinds import MediaKind, classify_bytes
from evidence_station.services.recording_times import recording_times

T = datetime(2026, 11, 27, 14, 30)


@pytest.mark.parametrize(
    ("name", "device", "officer", "start", "pattern"),
    [
        ("HK-DSJ-K2-033012-20261127143000-0001.mp4", "HK-DSJ-K2", "033012", T, "gat947"),
        ("DSJ8A001_010203_20261127_143000_0001.MP4", "DSJ8A001", "010203", T, "gat947"),
        ("DSJ8A001_010203_20261127143000_0001_A.MP4", "DSJ8A001", "010203", T, "gat947"),
        ("DSJ8A001_20261127143000_0001.MP4", "DSJ8A001", None, T, "gat947_short"),
        ("033012_20261127143000_0001.MP4", None, "033012", T, "gat947_short"),
        ("REC_20261127143000_0001.MP4", None, None, T, "rec"),  # "REC" is a word, not a device number
        ("PXL_20261127_143000123.mp4", None, None, T, "phone"),
        ("IMG20261127143000.jpg", None, None, T, "phone"),
        ("Screenshot_2026-11-27-14-30-00-123.png", None, None, T, "dashed"),
        ("Recording 2026-11-27 at 2.30.00 PM.m4a", None, None, T, "dashed"),
        ("Recording 2026-11-27 at 12.30.00 AM.m4a", None, None, T.replace(hour=0), "dashed"),
        ("录音 2026-11-27 14-30-00.amr", None, None, T, "dashed"),
        ("2026-11-27 14.30.00.MOV", None, None, T, "dashed"),
    ],
)
def test_realistic_names_parse(name: str, device: str | None, officer: str | None, start: datetime,
                               pattern: str) -> None:
    parsed = parse_recording_name(name)
    assert parsed is not None
    assert (parsed.device, parsed.officer, parsed.start_local, parsed.pattern) == (device, officer, start, pattern)


@pytest.mark.parametrize(
    "name",
    ["MAH00012.MP4", "C0001.MP4", "MVI_0042.MOV", "DSC00001.JPG", "新录音 1.wav", "现场 补录 (1).MP4",
     "Recording 2026-11-27 at 13.30.00 PM.m4a",  # no 13 o'clock on a 12-hour clock
     "2026-02-30 10.00.00.mov"],
)
def test_names_without_a_time(name: str) -> None:
    assert parse_recording_name(name) is None


def test_time_only_names_take_the_date_folder() -> None:
    for path in ("20261127/143000_A.MP4", "DCIM/2026-11-27/143000.MOV", "x/2026_11_27/14-30-00.MP4"):
        parsed = parse_recording_path(path)
        assert parsed is not None and parsed.start_local == T and parsed.pattern == "date_folder"
    assert parse_recording_path("DCIM/100MEDIA/143000.MP4") is None  # no date folder: a counter, not a time
    assert parse_recording_path("20261127/256000.MP4") is None


def test_device_and_officer_from_folders() -> None:
    assert ids_from_folders("VIDEO/ZFY0417_330501/20261127_143000_0001.MP4") == ("ZFY0417", "330501")
    assert ids_from_folders("ZFY0417_330501/DCIM/100MEDIA/C0001.MP4") == ("ZFY0417", "330501")
    for path in ("DCIM/100MEDIA/C0001.MP4", "2026-11-27/x.MP4", "VIDEO_2026/x.MP4", "x.MP4"):
        assert ids_from_folders(path) == (None, None)


@pytest.mark.parametrize(
    ("name", "channel"),
    [("DSJ8A001_010203_20261127143000_0005_A.MP4", "A"), ("DSJ8A001_010203_20261127143000_0005_B.MP4", "B"),
     ("20261127_143000_front.mp4", "FRONT"), ("REC_20261127_143000-2.MP4", "2"),
     ("DSJ8A001_010203_20261127143000_0005.MP4", ""), ("PXL_20261127_143000123.mp4", ""), ("C0001.MP4", "")],
)
def test_channels(name: str, channel: str) -> None:
    assert recording_channel(name) == channel


def _jpeg_with_exif(original: str | None, offset: str | None = None, modified: str | None = None) -> bytes:
    exif = Image.Exif()
    if modified:
        exif[0x0132] = modified
    if original:
        exif.get_ifd(0x8769)[0x9003] = original
    if offset:
        exif.get_ifd(0x8769)[0x9011] = offset
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_exif_photo_times() -> None:
    taken = photo_time(_jpeg_with_exif("2026:11:27 14:30:00", modified="2026:12:01 00:00:00"))
    assert taken is not None and taken.local == T and taken.aware is None
    zoned = photo_time(_jpeg_with_exif("2026:11:27 14:30:00", offset="+08:00"))
    assert zoned is not None and zoned.aware == T.replace(tzinfo=timezone(timedelta(hours=8)))
    fallback = photo_time(_jpeg_with_exif(None, modified="2026:11:27 14:30:00"))
    assert fallback is not None and fallback.local == T
    assert photo_time(_jpeg_with_exif("0000:00:00 00:00:00")) is None
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, format="JPEG")
    assert photo_time(out.getvalue()) is None


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200), st.integers(min_value=0, max_value=400))
def test_exif_reader_never_raises(noise: bytes, cut: int) -> None:
    real = _jpeg_with_exif("2026:11:27 14:30:00", offset="+08:00")
    photo_time(noise)
    photo_time(b"\xff\xd8\xff\xe1\x00\x40Exif\x00\x00" + noise)
    photo_time(real[:cut] + noise)


def test_sidecar_previews_are_other() -> None:
    mp4_head = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 20
    jpeg_head = b"\xff\xd8\xff\xe0" + b"\x00" * 20
    assert classify_bytes("X_0001.LRV", mp4_head) is MediaKind.OTHER
    assert classify_bytes("X_0001.thm", jpeg_head) is MediaKind.OTHER
    assert classify_bytes("FILE0000.CHK", mp4_head) is MediaKind.VIDEO


def test_time_source_order_and_zone() -> None:
    exif_photo = MediaInfo(MediaKind.PHOTO, True, taken_local=T)
    times = recording_times("DCIM/100MSDCF/DSC00001.JPG", exif_photo, 0.0, "Asia/Shanghai")
    assert (times.start, times.source) == (datetime(2026, 11, 27, 6, 30, tzinfo=UTC), "container")
    named = recording_times("DCIM/IMG_20261127_143000.JPG", exif_photo, 0.0, "Asia/Shanghai")
    assert named.source == "file_name"
    clip = MediaInfo(MediaKind.VIDEO, True, duration_s=10.0)
    by_mtime = recording_times("ZFY0417_330501/C0001.MP4", clip, datetime(2026, 11, 27, 6, 30, 10, tzinfo=UTC)
                               .timestamp(), "Asia/Shanghai")
    assert by_mtime.source == "mtime" and by_mtime.start == datetime(2026, 11, 27, 6, 30, tzinfo=UTC)
    assert (by_mtime.device, by_mtime.officer) == ("ZFY0417", "330501")
    assert MediaInfo.from_dict(exif_photo.to_dict()) == exif_photo
