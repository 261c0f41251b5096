"""Thumbnail strips are made in a child process and either written whole or not at all."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from evidence_station.media import isolation
from evidence_station.media.thumbnails import make_thumbnail_strip


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("thumbs") / "clip.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 10.0, (160, 120))
    for index in range(60):
        # Each second has its own brightness, so the strip shows pictures from different moments.
        writer.write(np.full((120, 160, 3), 20 + 40 * (index // 10), dtype=np.uint8))
    writer.release()
    return path


def test_strip_has_count_pictures_spread_over_the_video(video: Path, tmp_path: Path) -> None:
    out = tmp_path / "strip.png"
    assert make_thumbnail_strip(video, out, count=6, height=72)
    strip = cv2.imread(str(out))
    assert strip.shape == (72, 6 * 96, 3)
    levels = [int(strip[:, i * 96 : (i + 1) * 96].mean()) for i in range(6)]
    assert levels == sorted(levels)
    assert levels[-1] - levels[0] > 150  # first and last second, not six copies of frame 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["strip.png"]


@pytest.mark.parametrize("content", [b"", b"\x00\x00\x00\x18ftypisom" + b"\x07" * 4000])
def test_failure_writes_nothing(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.MP4"
    bad.write_bytes(content)
    out = tmp_path / "strip.png"
    assert not make_thumbnail_strip(bad, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.MP4"]


def test_timeout_writes_nothing(video: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolation, "worker_command", lambda *args: ["sleep", "30"])
    out = tmp_path / "strip.png"
    assert not make_thumbnail_strip(video, out, timeout=0.5)
    assert list(tmp_path.iterdir()) == []


def test_rejects_nonsense_arguments(video: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        make_thumbnail_strip(video, tmp_path / "x.png", count=0)
