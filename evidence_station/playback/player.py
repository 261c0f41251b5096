"""The Player protocol that every playback backend implements, and the shared constants."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Protocol, runtime_checkable

PlayerState = Literal["idle", "playing", "paused", "ended", "error"]

MIN_RATE = 0.25
MAX_RATE = 4.0
RATE_STEPS: tuple[float, ...] = (0.25, 0.5, 1.0, 1.5, 2.0, 4.0)
DEFAULT_FPS = 25.0
MAX_VOLUME = 100


class FootageReader(Protocol):
    """One opening of a footage stream: ``size`` bytes, read from a position that seeks move."""

    size: int

    def read(self, size: int) -> bytes:
        """Up to ``size`` bytes (``b""`` at the end); raises ``OSError`` when the stream cannot go on."""
        ...

    def seek(self, offset: int) -> None:
        """Go to byte ``offset``."""
        ...

    def close(self) -> None:
        """Stop reading."""
        ...


@runtime_checkable
class FootageStream(Protocol):
    """Footage the desk reads from the station itself (``StationClient.footage``): the player opens it as often
    as its engine needs; each opening is a :class:`FootageReader`."""

    def open(self) -> FootageReader:
        """A reader at the beginning; raises ``OSError`` when the station does not serve it."""
        ...


#: What a player can load: a file, a stream URL, or footage read through the station client.
Source = str | Path | FootageStream


def is_stream_url(source: Source) -> bool:
    """True when ``source`` is a stream (``http://`` or ``https://`` URL) rather than a file path."""
    return isinstance(source, str) and source.startswith(("http://", "https://"))


def is_stream(source: Source) -> bool:
    """True when ``source`` is footage from the station (a stream URL or a :class:`FootageStream`), not a file."""
    return is_stream_url(source) or isinstance(source, FootageStream)


def clamp_rate(rate: float) -> float:
    """Keep a playback rate within 0.25×–4×."""
    return max(MIN_RATE, min(MAX_RATE, float(rate)))


def clamp_volume(volume: int) -> int:
    """Keep a volume within 0–100."""
    return max(0, min(MAX_VOLUME, int(volume)))


def next_rate_step(rate: float, direction: int) -> float:
    """The next speed in :data:`RATE_STEPS` above (``direction`` > 0) or below (< 0) ``rate``."""
    if direction > 0:
        return next((step for step in RATE_STEPS if step > rate + 1e-9), RATE_STEPS[-1])
    return next((step for step in reversed(RATE_STEPS) if step < rate - 1e-9), RATE_STEPS[0])


@runtime_checkable
class Player(Protocol):
    """A media player that the GUI drives; positions and lengths are in milliseconds.

    ``state`` is one of ``"idle"`` (nothing loaded or stopped), ``"playing"``, ``"paused"``, ``"ended"``
    or ``"error"`` (then ``error_message`` says what went wrong in a plain sentence). Calls never block for
    long: a backend polls its engine when these properties are read.
    """

    def load(self, source: Source) -> None:
        """Open a file, a stream URL or footage read through the station client; does not start playing."""
        ...

    def play(self) -> None:
        """Start or resume playing (from the start again after the end)."""
        ...

    def pause(self) -> None:
        """Pause (no-op unless playing)."""
        ...

    def toggle_pause(self) -> None:
        """Pause when playing, play otherwise."""
        ...

    def stop(self) -> None:
        """Stop and go back to ``"idle"``."""
        ...

    @property
    def position_ms(self) -> int:
        """Current position into the file."""
        ...

    @property
    def length_ms(self) -> int:
        """Length of the file, 0 while unknown."""
        ...

    def seek_ms(self, ms: int) -> None:
        """Jump to ``ms`` (clamped to the file)."""
        ...

    @property
    def fps(self) -> float:
        """Frames per second of the video (a default when unknown)."""
        ...

    rate: float
    """Playback speed, 0.25–4.0."""

    volume: int
    """Volume, 0–100."""

    muted: bool
    """Whether sound is muted."""

    def next_frame(self) -> None:
        """Pause and show the next frame."""
        ...

    def previous_frame(self) -> None:
        """Pause and go back one frame (by the frame rate)."""
        ...

    def snapshot(self, png_path: str | Path) -> bool:
        """Write the current picture as PNG; True when the file was written."""
        ...

    @property
    def state(self) -> PlayerState:
        """The player state (see the class docstring)."""
        ...

    @property
    def error_message(self) -> str | None:
        """Why the state is ``"error"``, else None."""
        ...

    @property
    def error_message_zh(self) -> str | None:
        """The same sentence as :attr:`error_message` in Chinese (None when there is none)."""
        ...

    def set_window(self, handle: int) -> None:
        """Draw the video into the native window ``handle`` (X11 window id, HWND or NSView)."""
        ...

    def set_watermark(self, text: str | None) -> None:
        """Draw ``text`` into the picture (None removes it)."""
        ...

    def close(self) -> None:
        """Stop and release the engine; the player cannot be used afterwards."""
        ...
