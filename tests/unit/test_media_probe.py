"""Media kinds, the MP4 box reader and the isolated probe, on real files written here."""

from __future__ import annotations

import re
import struct
import sys
import time
import wave
from datetime import UTC, datetime
from pathlib import Path

import cv2
import numpy as np
import pytest

from evidence_station.media import isolation
from evidence_station.media.boxes import datetime_to_mac_time, read_mp4_layout, set_movie_times
from evidence_station.media.info import EMPTY_FILE_ERROR, MediaInfo
from evidence_station.media.kinds import MediaKind, classify_bytes, classify_kind
from evidence_station.media.probe import probe_media, probe_media_inprocess


def write_mp4(path: Path, frames: int = 45, fps: float = 10.0, size: tuple[int, int] = (160, 120)) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, size)
    assert writer.isOpened()
    for index in range(frames):
        frame = np.full((size[1], size[0], 3), index * 5 % 255, dtype=np.uint8)
        writer.write(frame)
    writer.release()
    return path


def write_wav(path: Path, seconds: float = 2.0, rate: int = 8000) -> Path:
    samples = (np.sin(np.arange(int(seconds * rate)) * 0.3) * 8000).astype("<i2")
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(samples.tobytes())
    return path


@pytest.fixture(scope="module")
def mp4(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_mp4(tmp_path_factory.mktemp("probe") / "clip.MP4")


def box(box_type: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), box_type) + payload


# -- kinds ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "head", "kind"),
    [
        ("a.MP4", b"\x00\x00\x00\x1cftypisom" + b"\x00" * 16, MediaKind.VIDEO),
        ("a.m4a", b"\x00\x00\x00\x1cftypM4A " + b"\x00" * 16, MediaKind.AUDIO),
        ("a.bin", b"\x00\x00\x00\x14ftypqt  " + b"\x00" * 8, MediaKind.VIDEO),
        ("a.mp4", b"\xff\xd8\xff\xe0\x00\x10JFIF", MediaKind.PHOTO),  # magic beats the extension
        ("a.dat", b"\x89PNG\r\n\x1a\n....", MediaKind.PHOTO),
        ("a.dat", b"RIFF\x00\x00\x00\x00WAVEfmt ", MediaKind.AUDIO),
        ("a.dat", b"RIFF\x00\x00\x00\x00AVI LIST", MediaKind.VIDEO),
        ("a.dat", b"ID3\x03\x00", MediaKind.AUDIO),
        ("a.dat", b"\xff\xfb\x90\x00", MediaKind.AUDIO),  # MP3 frame sync
        ("a.dat", b"\xff\xf1\x50\x80", MediaKind.AUDIO),  # AAC ADTS
        ("a.dat", b"#!AMR\n\x3c", MediaKind.AUDIO),
        ("a.MP4", b"", MediaKind.VIDEO),  # empty: the extension decides
        ("a.WAV", b"\x01\x02garbage", MediaKind.AUDIO),
        ("a.txt", b"hello", MediaKind.OTHER),
        ("Thumbs.db", b"\xd0\xcf\x11\xe0", MediaKind.OTHER),
    ],
)
def test_classify_bytes(name: str, head: bytes, kind: MediaKind) -> None:
    assert classify_bytes(name, head) is kind


def test_classify_kind_reads_the_file(mp4: Path) -> None:
    assert classify_kind(mp4) is MediaKind.VIDEO


# -- box reader -----------------------------------------------------------------------------------------


def test_box_reader_handles_64_bit_sizes_and_version_1_mvhd(tmp_path: Path) -> None:
    created = datetime(2026, 11, 24, 1, 30, tzinfo=UTC)
    fields = struct.pack(">QQIQ", datetime_to_mac_time(created), 0, 600, 1800)
    mvhd = box(b"mvhd", bytes([1, 0, 0, 0]) + fields)
    large_free = struct.pack(">I4sQ", 1, b"free", 16 + 4) + b"abcd"
    path = tmp_path / "v1.mov"
    path.write_bytes(box(b"ftyp", b"qt  \x00\x00\x00\x00") + large_free + box(b"moov", mvhd))
    layout = read_mp4_layout(path)
    assert layout.problem is None
    assert [b.name for b in layout.top_level] == ["ftyp", "free", "moov"]
    assert layout.movie is not None
    assert layout.movie.duration_s == 3.0
    assert layout.movie.creation_time == created


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        (struct.pack(">I4s", 1000, b"mdat") + b"x" * 10, "cut short"),
        (struct.pack(">I4s", 4, b"mdat"), "impossible size"),
        (b"\x00\x00\x00\x10\xff\xfe\x00\x01" + b"x" * 8, "not an MP4"),
        (b"\x00\x00", "stray bytes"),
        (struct.pack(">I4sQ", 1, b"mdat", 2**63), "cut short"),
    ],
)
def test_box_reader_reports_damage_without_raising(tmp_path: Path, tail: bytes, expected: str) -> None:
    path = tmp_path / "bad.mp4"
    path.write_bytes(box(b"ftyp", b"isom\x00\x00\x02\x00") + tail)
    layout = read_mp4_layout(path)
    assert layout.problem is not None
    assert expected in layout.problem
    assert "moov" in layout.problem


def test_set_movie_times_round_trips(tmp_path: Path) -> None:
    path = write_mp4(tmp_path / "t.mp4", frames=10)
    assert read_mp4_layout(path).movie.creation_time is None  # OpenCV leaves it unset
    when = datetime(2026, 11, 24, 0, 8, 36, tzinfo=UTC)
    assert set_movie_times(path, when)
    assert probe_media_inprocess(path).creation_time == when


# -- probing --------------------------------------------------------------------------------------------


def test_probe_of_a_written_mp4(mp4: Path) -> None:
    info = probe_media(mp4)
    assert info == probe_media_inprocess(mp4)
    assert info.kind is MediaKind.VIDEO
    assert info.playable and info.error is None
    assert info.duration_s == pytest.approx(4.5, abs=0.01)  # 45 frames at 10 fps
    assert (info.width, info.height) == (160, 120)
    assert info.fps == pytest.approx(10.0)
    assert info.frame_count == 45
    assert info.codec == "mp4v"


def test_truncated_mp4_is_not_playable(mp4: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.MP4"
    data = mp4.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    info = probe_media(cut)
    assert info.kind is MediaKind.VIDEO
    assert not info.playable
    assert "cut short" in info.error and "moov" in info.error
    assert info.error_zh and "文件被截断" in info.error_zh and "'moov'" in info.error_zh
    assert not _english_words(info.error_zh)  # box names and numbers only


def _english_words(text: str) -> list[str]:
    """Latin words in ``text`` other than quoted box names ('mdat') and known abbreviations."""
    return [word for word in re.findall(r"(?<!')\b[A-Za-z]{2,}\b(?!')", text) if word not in {"MP4", "MOV", "WAV"}]


@pytest.mark.parametrize("data", [
    b"",  # empty
    box(b"ftyp", b"isom\x00\x00\x02\x00") + b"\xff" * 5000,  # garbage after the header
    box(b"ftyp", b"isom\x00\x00\x02\x00") + b"\x00\x00\x10\x00mdat" + b"\x00" * 100,  # cut short, no moov
    b"\x00\x00\x00\x04junk",  # impossible size
])
def test_every_probe_reason_has_a_chinese_sentence(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bad.MP4"
    path.write_bytes(data)
    info = probe_media_inprocess(path)
    assert not info.playable and info.error
    assert info.error_zh and info.error_zh.endswith("。") and not _english_words(info.error_zh), info.error_zh
    assert MediaInfo.from_dict(info.to_dict()) == info


def test_worker_failures_have_chinese_sentences(mp4: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolation, "worker_command", lambda *args: [sys.executable, "-c", "import os; os.abort()"])
    info = probe_media(mp4)
    assert "crashed" in (info.error or "") and "崩溃" in (info.error_zh or "")


def test_zero_byte_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.MP4"
    empty.touch()
    info = probe_media(empty)
    assert (info.kind, info.playable, info.error) == (MediaKind.VIDEO, False, EMPTY_FILE_ERROR)


def test_garbage_named_mp4(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.MP4"
    garbage.write_bytes(np.random.default_rng(7).integers(0, 256, 50_000, dtype=np.uint8).tobytes())
    info = probe_media(garbage)
    assert info.kind is MediaKind.VIDEO
    assert not info.playable
    assert info.error


def test_mp4_header_with_garbage_after(tmp_path: Path) -> None:
    path = tmp_path / "junk.mp4"
    path.write_bytes(box(b"ftyp", b"isom\x00\x00\x02\x00") + b"\xff" * 5000)
    info = probe_media(path)
    assert not info.playable
    assert "moov" in info.error


def test_wav(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "a.WAV", seconds=2.0)
    info = probe_media(path)
    assert (info.kind, info.playable, info.codec) == (MediaKind.AUDIO, True, "pcm")
    assert info.duration_s == pytest.approx(2.0)
    cut = tmp_path / "cut.wav"
    cut.write_bytes(path.read_bytes()[:20_000])
    damaged = probe_media_inprocess(cut)
    assert not damaged.playable
    assert "cut short" in damaged.error


@pytest.mark.parametrize("extension", [".jpg", ".png"])
def test_photo(tmp_path: Path, extension: str) -> None:
    path = tmp_path / f"photo{extension.upper()}"
    ok, encoded = cv2.imencode(extension, np.zeros((48, 64, 3), np.uint8))
    assert ok
    path.write_bytes(encoded.tobytes())
    info = probe_media(path)
    assert (info.kind, info.playable, info.width, info.height) == (MediaKind.PHOTO, True, 64, 48)
    path.write_bytes(encoded.tobytes()[:30])
    assert not probe_media_inprocess(path).playable


def test_chinese_path(mp4: Path, tmp_path: Path) -> None:
    path = tmp_path / "现场补录.MP4"
    path.write_bytes(mp4.read_bytes())
    assert probe_media(path).playable


def test_other_files_are_not_sent_to_the_decoder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "note.txt"
    path.write_text("补充说明")
    monkeypatch.setattr(isolation, "worker_command", lambda *args: pytest.fail("worker started"))
    info = probe_media(path)
    assert (info.kind, info.playable) == (MediaKind.OTHER, False)


def test_missing_file(tmp_path: Path) -> None:
    info = probe_media(tmp_path / "gone.MP4")
    assert (info.kind, info.playable) == (MediaKind.VIDEO, False)
    assert "cannot be read" in info.error


def test_hanging_decoder_is_killed_on_timeout(mp4: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolation, "worker_command", lambda *args: ["sleep", "30"])
    started = time.monotonic()
    info = probe_media(mp4, timeout=1.0)
    assert time.monotonic() - started < 5.0
    assert not info.playable
    assert info.kind is MediaKind.VIDEO
    assert "did not finish within 1 seconds" in info.error


def test_crashing_decoder_is_reported(mp4: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        isolation, "worker_command", lambda *args: [sys.executable, "-c", "import os; os.abort()"]
    )
    info = probe_media(mp4)
    assert not info.playable
    assert "crashed" in info.error


def test_media_info_json_round_trip() -> None:
    info = MediaInfo(
        MediaKind.VIDEO, True, 6.0, 320, 240, 10.0, "mp4v", 60, datetime(2026, 11, 24, 1, 0, tzinfo=UTC)
    )
    assert MediaInfo.from_dict(info.to_dict()) == info


def test_vault_blob_without_extension_uses_the_original_name(mp4: Path, tmp_path: Path) -> None:
    empty_blob = tmp_path / "e3b0c442"
    empty_blob.touch()
    assert probe_media(empty_blob).kind is MediaKind.OTHER
    assert probe_media(empty_blob, name="Z8B0107_020018_20261124092232_0002.MP4").kind is MediaKind.VIDEO
    garbage_blob = tmp_path / "ab12cd"
    garbage_blob.write_bytes(b"\x13\x37" * 1000)
    info = probe_media(garbage_blob, name="DCIM/100DSJ/x.MP4")
    assert (info.kind, info.playable) == (MediaKind.VIDEO, False)
    video_blob = tmp_path / "9f86d081"
    video_blob.write_bytes(mp4.read_bytes())
    assert probe_media(video_blob).playable


def test_probe_session_reuses_one_worker_and_survives_a_hang(tmp_path, monkeypatch) -> None:
    """A long-lived prober answers many files; a hanging decoder is killed and the next file still works."""
    import sys

    from evidence_station.media import isolation
    from evidence_station.media.probe_session import ProbeSession

    good = tmp_path / "good.wav"
    import wave

    with wave.open(str(good), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x01" * 8000)
    with ProbeSession(timeout=20) as session:
        first = session.probe(good)
        pid = session._process.pid if session._process else None
        second = session.probe(good)
        assert first.playable and second.playable and first.duration_s == pytest.approx(1.0)
        assert session._process is not None and session._process.pid == pid
    hang = [sys.executable, "-c", "import time; time.sleep(60)"]
    monkeypatch.setattr(isolation, "worker_command", lambda *args: hang)
    with ProbeSession(timeout=1) as session:
        import time

        started = time.monotonic()
        info = session.probe(good)
        assert time.monotonic() - started < 10
        assert not info.playable and "did not finish" in (info.error or "")
