"""Art. 13 in the media probe: small generated videos — one with a long black stretch, one with a long frozen
stretch, a covered lens, one normal — probed as the import probes them (sampled pictures, OpenCV)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from evidence_station.media.decoding import probe_media_inprocess
from evidence_station.media.picture_check import sample_times
from tests.helpers.videos import black_from_10_to_28, covered_from_8, frozen_from_5_to_25, scene, write_video


@pytest.mark.parametrize(("picture", "expected"), [
    (scene, []),
    (black_from_10_to_28, [("black", 10.0, 28.0)]),
    (frozen_from_5_to_25, [("frozen", 5.0, 25.0)]),
    (covered_from_8, [("covered", 8.0, 40.0)]),
])
def test_long_black_covered_and_frozen_stretches_are_found_with_their_times(tmp_path: Path, picture,
                                                                             expected) -> None:
    info = probe_media_inprocess(write_video(tmp_path / "clip.mp4", picture))
    assert info.playable, info.error
    found = [(s["kind"], s["start_s"], s["end_s"]) for s in info.picture_stretches]
    assert [kind for kind, _s, _e in found] == [kind for kind, _s, _e in expected]
    for (_k, start, end), (_k2, want_start, want_end) in zip(found, expected, strict=True):
        assert abs(start - want_start) <= 2.5 and abs(end - want_end) <= 2.5  # one sample every 2 s
    assert type(info).from_dict(info.to_dict()) == info  # kept in the catalogue as the probe's JSON


def test_sampling_keeps_the_probe_fast() -> None:
    assert len(sample_times(30 * 60)) == 900  # half an hour: one picture every 2 s
    assert len(sample_times(10 * 3600)) <= 1800  # ten hours: sparser, never more than 1800 pictures
    assert sample_times(0) == []


def test_probing_a_clip_stays_quick(tmp_path: Path) -> None:
    clip = write_video(tmp_path / "clip.mp4", scene)
    began = time.perf_counter()
    probe_media_inprocess(clip)
    assert time.perf_counter() - began < 5.0


def test_a_time_budget_bounds_the_check_and_says_how_far_it_looked(tmp_path: Path) -> None:
    import cv2

    from evidence_station.media.picture_check import picture_stretches

    clip = write_video(tmp_path / "clip.mp4", black_from_10_to_28)
    assert probe_media_inprocess(clip).picture_checked_s == 40.0  # the whole clip
    capture = cv2.VideoCapture(str(clip))
    try:
        cut = picture_stretches(capture, 5.0, 40.0, budget_s=0.0)
    finally:
        capture.release()
    assert cut.checked_s < 40.0 and cut.stretches == []
