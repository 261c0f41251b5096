"""Pictures for the synthetic camera card: a simple moving street scene with the camera's burned-in
clock (``YYYY-MM-DD hh:mm:ss``) on a black banner at the top and device/officer at the bottom.

Tests re-render :func:`draw_clock_banner` to check that decoded frames really carry the clock.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

import cv2
import numpy as np

WIDTH, HEIGHT, FPS = 320, 240, 10
BANNER_HEIGHT = 22
CLOCK_BOX = (0, 0, 200, BANNER_HEIGHT)  # x0, y0, x1, y1 of the clock banner
_FONT = cv2.FONT_HERSHEY_SIMPLEX


def clock_text(moment: datetime) -> str:
    """The camera clock as burned into the picture."""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def draw_clock_banner(frame: np.ndarray, text: str) -> None:
    """Draw the black clock banner with ``text`` (white) into the top left of ``frame``, in place."""
    x0, y0, x1, y1 = CLOCK_BOX
    frame[y0:y1, x0:x1] = 0
    cv2.putText(frame, text, (6, 16), _FONT, 0.5, (255, 255, 255), 1, cv2.LINE_8)


def draw_caption(frame: np.ndarray, text: str) -> None:
    """Draw the device/officer caption on a black banner at the bottom of ``frame``, in place."""
    frame[HEIGHT - BANNER_HEIGHT :, :] = 0
    cv2.putText(frame, text, (6, HEIGHT - 6), _FONT, 0.45, (200, 255, 200), 1, cv2.LINE_8)


@dataclass(frozen=True)
class Scene:
    """A deterministic little scene: a tinted background with a few blocks that pans past, as a body camera's view
    moves with its wearer, and a walking figure (a still scene would be flagged as a frozen picture, Art. 13)."""

    background: np.ndarray
    start: tuple[float, float]
    velocity: tuple[float, float]
    colour: tuple[int, int, int]

    @classmethod
    def make(cls, rng: random.Random) -> Scene:
        """A new scene drawn from ``rng``."""
        tint = np.array([rng.randint(40, 160) for _ in range(3)], dtype=np.float32)
        ramp = np.linspace(0.6, 1.2, HEIGHT, dtype=np.float32)[:, None, None]
        background = np.clip(ramp * tint[None, None, :], 0, 255).astype(np.uint8).repeat(WIDTH, axis=1)
        for _ in range(4):
            x, w = rng.randint(0, WIDTH - 60), rng.randint(30, 80)
            h = rng.randint(40, 120)
            shade = tuple(rng.randint(60, 220) for _ in range(3))
            ground = HEIGHT - BANNER_HEIGHT
            cv2.rectangle(background, (x, ground - h), (x + w, ground), shade, -1)
        return cls(
            background=background,
            start=(rng.uniform(20, WIDTH - 20), rng.uniform(60, HEIGHT - 60)),
            velocity=(rng.uniform(-6, 6), rng.uniform(-2, 2)),
            colour=(rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)),
        )

    def render(self, index: int, clock: str, caption: str) -> np.ndarray:
        """Frame number ``index`` with the burned-in ``clock`` and ``caption``."""
        pan = 2.0 + abs(self.velocity[0]) / 2  # pixels per frame, from the figure's pace (no extra random draw)
        frame = np.roll(self.background, -int(pan * index) % WIDTH, axis=1)
        x = int(self.start[0] + self.velocity[0] * index) % WIDTH
        y = int(self.start[1] + self.velocity[1] * index) % (HEIGHT - 2 * BANNER_HEIGHT) + BANNER_HEIGHT
        cv2.circle(frame, (x, y), 12, self.colour, -1)
        cv2.rectangle(frame, (x - 6, y + 12), (x + 6, min(HEIGHT - 1, y + 40)), self.colour, -1)
        draw_clock_banner(frame, clock)
        draw_caption(frame, caption)
        return frame
