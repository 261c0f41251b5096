"""Art. 13: find long stretches of a video where the camera recorded nothing of the scene — a black picture
(lens covered by something dark, camera in a pocket), a covered lens (a flat, featureless picture) or a frozen
picture (the same frame on and on) — by sampling one picture every few seconds, so probing stays fast.

Runs inside the media worker (it decodes): :func:`picture_stretches` takes an opened ``cv2.VideoCapture``.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

#: One sampled picture every this many seconds (``SAMPLE_EVERY_S``), at most ``MAX_SAMPLES`` per file (longer
#: files are sampled more sparsely).
SAMPLE_EVERY_S = 2.0
MAX_SAMPLES = 1800
#: Wall-clock seconds the check may spend on one file (the whole probe is killed after 30 s): a long file whose
#: pictures are slow to reach is checked up to where the budget ran out (``checked_s``).
BUDGET_S = 10.0
#: A stretch shorter than this is not reported (a hand passing the lens, a cut between scenes).
MIN_STRETCH_S = 10.0
#: The tiny grey picture each sample is reduced to (noise and compression average out).
_SIZE = (64, 36)
_BLACK_MEAN, _BLACK_STD = 20.0, 10.0  # dark and flat
_FLAT_STD = 3.0  # featureless: a covered lens (a real scene, even a dim one, has far more contrast)
_FROZEN_DIFF = 1.5  # mean absolute difference between two samples of the same frame (compression refines)


@dataclass(frozen=True)
class PictureStretch:
    """A stretch of the video (seconds from its start) whose picture is ``kind``: black, covered or frozen."""

    kind: str
    start_s: float
    end_s: float

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"kind": self.kind, "start_s": round(self.start_s, 1), "end_s": round(self.end_s, 1)}


def classify_sample(gray: np.ndarray, previous: np.ndarray | None) -> str | None:
    """``black``, ``covered`` or ``frozen`` for one small grey sample (against the previous one), else None."""
    mean, std = float(gray.mean()), float(gray.std())
    if mean < _BLACK_MEAN and std < _BLACK_STD:
        return "black"
    if std < _FLAT_STD:
        return "covered"
    if previous is not None and float(cv2.absdiff(gray, previous).mean()) < _FROZEN_DIFF:
        return "frozen"
    return None


def sample_times(duration_s: float) -> list[float]:
    """When to look: every ``SAMPLE_EVERY_S`` seconds, at most ``MAX_SAMPLES`` pictures."""
    if not duration_s or not math.isfinite(duration_s) or duration_s <= 0:
        return []
    step = max(SAMPLE_EVERY_S, duration_s / MAX_SAMPLES)
    return [i * step for i in range(int(duration_s / step) + 1) if i * step < duration_s]


@dataclass(frozen=True)
class PictureCheck:
    """What the check found, and up to which second of the video it looked (the budget may end it early)."""

    stretches: list[PictureStretch]
    checked_s: float


def picture_stretches(capture: cv2.VideoCapture, fps: float | None, duration_s: float | None,
                      budget_s: float = BUDGET_S) -> PictureCheck:
    """The black, covered and frozen stretches of at least ``MIN_STRETCH_S`` in the opened video, looking at one
    picture every ``SAMPLE_EVERY_S`` for at most ``budget_s`` seconds."""
    if not fps or not duration_s:
        return PictureCheck([], 0.0)
    states: list[tuple[float, str | None]] = []
    previous: np.ndarray | None = None
    deadline = time.monotonic() + budget_s
    checked = 0.0
    for at in sample_times(duration_s):
        if time.monotonic() > deadline:
            break
        capture.set(cv2.CAP_PROP_POS_FRAMES, round(at * fps))
        ok, frame = capture.read()
        if not ok or frame is None:
            break
        gray = cv2.resize(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY), _SIZE, interpolation=cv2.INTER_AREA)
        states.append((at, classify_sample(gray, previous)))
        previous = gray
        checked = min(duration_s, at + max(SAMPLE_EVERY_S, duration_s / MAX_SAMPLES))
    return PictureCheck(_runs(states), round(checked, 1))


def _runs(states: list[tuple[float, str | None]]) -> list[PictureStretch]:
    """Runs of one state, long enough; a frozen run starts at the sample before it (the first of the same frame)."""
    found: list[PictureStretch] = []
    index = 0
    while index < len(states):
        kind = states[index][1]
        end = index
        while end + 1 < len(states) and states[end + 1][1] == kind:
            end += 1
        if kind is not None:
            start_s = states[index - 1][0] if kind == "frozen" and index > 0 else states[index][0]
            end_s = states[end][0]
            if end_s - start_s >= MIN_STRETCH_S:
                found.append(PictureStretch(kind, start_s, end_s))
        index = end + 1
    return found
