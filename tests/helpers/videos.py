"""Small generated videos for the Art. 13 picture check: a normal moving scene, one with a long black stretch, one
with a long frozen stretch, one whose lens is covered (OpenCV ``VideoWriter``, ``mp4v``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

FPS, SIZE, SECONDS = 5, (160, 96), 40


def scene(index: int) -> np.ndarray:
    """A textured picture that moves a little every frame (a normal scene)."""
    rng = np.random.default_rng(7)
    texture = cv2.GaussianBlur(rng.integers(30, 230, size=(SIZE[1], SIZE[0] * 2, 3), dtype=np.uint8), (5, 5), 0)
    shift = index % SIZE[0]
    return np.ascontiguousarray(texture[:, shift:shift + SIZE[0]])


def black_from_10_to_28(index: int) -> np.ndarray:
    """Black from 10 s to 28 s, a scene around it."""
    return np.zeros((SIZE[1], SIZE[0], 3), np.uint8) if 10 * FPS <= index < 28 * FPS else scene(index)


def frozen_from_5_to_25(index: int) -> np.ndarray:
    """The same picture from 5 s to 25 s, a moving scene around it."""
    return scene(5 * FPS) if 5 * FPS <= index < 25 * FPS else scene(index)


def covered_from_8(index: int) -> np.ndarray:
    """A flat brown picture (a hand or cloth over the lens) from 8 s on."""
    return np.full((SIZE[1], SIZE[0], 3), (40, 70, 110), np.uint8) if index >= 8 * FPS else scene(index)


def write_video(path: Path, picture: Callable[[int], np.ndarray], seconds: int = SECONDS) -> Path:
    """``seconds`` of video whose frame ``i`` is ``picture(i)``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), FPS, SIZE)
    assert writer.isOpened()
    for index in range(FPS * seconds):
        writer.write(picture(index))
    writer.release()
    return path
