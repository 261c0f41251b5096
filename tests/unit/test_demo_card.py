"""The synthetic camera card: required contents, real playable MP4s with a burned clock, determinism."""

from __future__ import annotations

import hashlib
import os
from datetime import date, datetime, timedelta
from pathlib import Path

import cv2
import numpy as np
import pytest

from evidence_station.domain.clock import local_to_utc
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.filenames import parse_recording_name
from evidence_station.media.demo_card import DemoCardResult, DemoRecording, write_demo_card
from evidence_station.media.demo_frames import CLOCK_BOX, FPS, clock_text, draw_clock_banner
from evidence_station.media.kinds import MediaKind, classify_kind
from evidence_station.media.probe import probe_media_inprocess

DAY = date(2026, 11, 24)
JUNK = {
    "System Volume Information/IndexerVolumeGuid",
    ".Trashes/501/x",
    "DCIM/100DSJ/Thumbs.db",
    ".DS_Store",
}


@pytest.fixture(scope="module")
def card(tmp_path_factory: pytest.TempPathFactory) -> DemoCardResult:
    return write_demo_card(tmp_path_factory.mktemp("cards") / "card", seed=1, day=DAY)


def by_note(card: DemoCardResult, note: str) -> list[DemoRecording]:
    return [r for r in card.recordings if r.note == note]


def digest(root: Path, files: list[str]) -> dict[str, str]:
    return {name: hashlib.sha256((root / name).read_bytes()).hexdigest() for name in files}


def test_files_list_is_everything_on_the_card(card: DemoCardResult) -> None:
    on_disk = sorted(p.relative_to(card.path).as_posix() for p in card.path.rglob("*") if p.is_file())
    assert card.files == on_disk
    assert set(card.files) >= JUNK
    assert any(name.startswith("DCIM/100DSJ/._") and name.endswith(".MP4") for name in card.files)
    assert sum((card.path / name).stat().st_size for name in card.files) < 5_000_000


def test_required_kinds_and_names(card: DemoCardResult) -> None:
    kinds = {name: classify_kind(card.path / name) for name in card.files}
    wavs = [n for n in card.files if n.startswith("RECORD/") and n.endswith(".WAV")]
    assert len(wavs) == 1 and kinds[wavs[0]] is MediaKind.AUDIO
    jpgs = [n for n in card.files if n.endswith(".JPG")]
    assert len(jpgs) == 1 and kinds[jpgs[0]] is MediaKind.PHOTO
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in name) for name in card.files)
    devices = {parse_recording_name(n).device for n in card.files if parse_recording_name(n)}
    assert devices == {"Z8A0001", "Z8A0002", "Z8B0107"}
    for recording in card.recordings:
        parsed = parse_recording_name(recording.card_path)
        if recording.note != "renamed":
            assert parsed is not None
            assert (parsed.device, parsed.officer, parsed.start_local) == (
                recording.device, recording.officer, recording.start_local,
            )


def test_timeline_has_continuity_gap_and_overlap(card: DemoCardResult) -> None:
    def previous(recording: DemoRecording) -> DemoRecording:
        same = [r for r in card.recordings if r.device == recording.device and r.kind == "video"]
        return same[same.index(recording) - 1]

    (continuous,) = by_note(card, "continuous")
    assert continuous.start_local == previous(continuous).end_local
    (gap,) = by_note(card, "gap")
    assert timedelta(minutes=2) < gap.start_local - previous(gap).end_local < timedelta(minutes=10)
    (overlap,) = by_note(card, "overlap")
    assert overlap.start_local < previous(overlap).end_local


def test_every_file_mtime_is_its_recording_end(card: DemoCardResult) -> None:
    for recording in card.recordings:
        mtime = os.stat(card.path / recording.card_path).st_mtime
        assert mtime == local_to_utc(recording.end_local).timestamp(), recording.card_path
        assert recording.start_local.date() == DAY and recording.start_local.hour < 12


def test_videos_are_real_and_damaged_ones_are_damaged(card: DemoCardResult) -> None:
    for recording in card.recordings:
        info = probe_media_inprocess(card.path / recording.card_path)
        assert info.kind.value == recording.kind
        if recording.note == "truncated":
            assert not info.playable and "moov" in info.error
        elif recording.note == "empty":
            assert not info.playable and (card.path / recording.card_path).stat().st_size == 0
        else:
            assert info.playable, (recording.card_path, info.error)
            if recording.kind == "video":
                expected = (recording.end_local - recording.start_local).total_seconds()
                assert 6 <= expected <= 20
                assert info.duration_s == pytest.approx(expected, abs=0.01)
                assert (info.width, info.height, info.fps) == (320, 240, FPS)
                assert info.creation_time == local_to_utc(recording.start_local)
            if recording.kind == "audio":
                assert info.duration_s == pytest.approx(
                    (recording.end_local - recording.start_local).total_seconds()
                )


def banner(frame: np.ndarray) -> np.ndarray:
    x0, y0, x1, y1 = CLOCK_BOX
    return frame[y0:y1, x0:x1].astype(np.int16)


def expected_banner(moment: datetime) -> np.ndarray:
    canvas = np.zeros((CLOCK_BOX[3], CLOCK_BOX[2], 3), np.uint8)
    draw_clock_banner(canvas, clock_text(moment))
    return banner(canvas)


def test_burned_clock_is_in_the_decoded_frames(card: DemoCardResult) -> None:
    (recording,) = by_note(card, "gap")
    capture = cv2.VideoCapture(str(card.path / recording.card_path))
    try:
        for index in (0, FPS * 3 + 5):  # the first frame, and one in the fourth second
            capture.set(cv2.CAP_PROP_POS_FRAMES, index)
            ok, frame = capture.read()
            assert ok
            right = recording.start_local + timedelta(seconds=index // FPS)
            expected, wrong = expected_banner(right), expected_banner(right + timedelta(seconds=1))
            assert np.abs(banner(frame) - expected).mean() < 4.0
            # Where the right and the wrong second differ, the decoded picture must look like the right one.
            differs = (expected != wrong).any(axis=2)
            error_right = np.abs(banner(frame) - expected)[differs].mean()
            error_wrong = np.abs(banner(frame) - wrong)[differs].mean()
            assert error_wrong > 3 * error_right
    finally:
        capture.release()


def test_same_seed_and_day_give_identical_cards(card: DemoCardResult, tmp_path: Path) -> None:
    again = write_demo_card(tmp_path / "again", seed=1, day=DAY)
    assert again.files == card.files
    assert digest(again.path, again.files) == digest(card.path, card.files)
    other = write_demo_card(tmp_path / "other", seed=2, day=DAY)
    assert set(other.files) != set(card.files)
    assert {r.end_local - r.start_local for r in other.recordings} != {
        r.end_local - r.start_local for r in card.recordings
    }


def test_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(InvalidInputError, match="not empty"):
        write_demo_card(tmp_path, day=DAY)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_the_demo_videos_pass_the_art13_picture_check(card: DemoCardResult) -> None:
    """The demo's view pans as a worn camera's does: a first demo is not flagged "frozen picture" on every clip
    (only the deliberately damaged files carry findings of their own)."""
    from evidence_station.media.picture_check import picture_stretches

    checked = 0
    for recording in card.recordings:
        if recording.kind != "video" or recording.note in ("truncated", "empty"):
            continue
        capture = cv2.VideoCapture(str(card.path / recording.card_path))
        try:
            found = picture_stretches(capture, capture.get(cv2.CAP_PROP_FPS), capture.get(cv2.CAP_PROP_FRAME_COUNT)
                                      / capture.get(cv2.CAP_PROP_FPS))
        finally:
            capture.release()
        assert found.stretches == [], (recording.card_path, found.stretches)
        checked += 1
    assert checked >= 5
