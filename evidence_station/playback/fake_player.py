"""A deterministic in-memory :class:`~evidence_station.playback.player.Player` for tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from evidence_station.playback.player import (
    DEFAULT_FPS,
    FootageStream,
    PlayerState,
    Source,
    clamp_rate,
    clamp_volume,
    is_stream,
)


class FakePlayer:
    """Plays an imaginary file of ``length_ms``; time moves only when the test moves it.

    Time advances either through ``clock`` (a callable returning seconds, e.g. a list-backed fake) or by
    :meth:`advance`. With ``fail_message`` set, :meth:`load` puts the player in ``"error"`` like a damaged
    file would. Calls made by the GUI are recorded in public attributes (``window_handle``, ``watermark``,
    ``snapshots``, ``loaded_source`` — a file path or a stream URL as a string, or the footage stream object
    given —, ``closed``).
    """

    def __init__(
        self,
        length_ms: int = 60_000,
        fps: float = DEFAULT_FPS,
        clock: Callable[[], float] | None = None,
        fail_message: str | None = None,
        fail_message_zh: str | None = None,
    ) -> None:
        self._length_ms = int(length_ms)
        self._fps = float(fps)
        self._clock = clock
        self._fail_message = fail_message
        self._fail_message_zh = fail_message_zh
        self._state: PlayerState = "idle"
        self._error: str | None = None
        self._anchor_pos = 0.0
        self._anchor_time = self._now()
        self._rate = 1.0
        self._volume = 100
        self._muted = False
        self.window_handle: int | None = None
        self.watermark: str | None = None
        self.snapshots: list[Path] = []
        self.loaded_source: str | FootageStream | None = None
        self.closed = False

    # -- time ------------------------------------------------------------------------------------
    def _now(self) -> float:
        return self._clock() if self._clock is not None else 0.0

    def _current(self) -> float:
        pos = self._anchor_pos
        if self._state == "playing":
            pos += (self._now() - self._anchor_time) * 1000.0 * self._rate
        return pos

    def _rebase(self, pos: float) -> None:
        self._anchor_pos = max(0.0, min(float(self._length_ms), pos))
        self._anchor_time = self._now()

    def _check_end(self) -> None:
        if self._state == "playing" and self._current() >= self._length_ms:
            self._rebase(self._length_ms)
            self._state = "ended"

    def advance(self, ms: int) -> None:
        """Let ``ms`` of wall time pass (scaled by the rate while playing)."""
        if self._state == "playing":
            self._rebase(self._current() + ms * self._rate)
            self._check_end()

    # -- Player protocol -------------------------------------------------------------------------
    @property
    def loaded_path(self) -> Path | None:
        """The file loaded (None when nothing, or a stream URL, was loaded)."""
        if self.loaded_source is None or is_stream(self.loaded_source):
            return None
        return Path(self.loaded_source)

    def load(self, source: Source) -> None:
        """Pretend to open ``source`` (a file, a stream URL or footage from the station client)."""
        self.loaded_source = source if isinstance(source, FootageStream) else str(source)
        self._rebase(0)
        if self._fail_message:
            self._state, self._error = "error", self._fail_message
        else:
            self._state, self._error = "idle", None

    def play(self) -> None:
        """Start or resume; after the end, start again from 0."""
        if self._state == "error" or self.loaded_source is None:
            return
        if self._state == "ended":
            self._rebase(0)
        self._rebase(self._current())
        self._state = "playing"

    def pause(self) -> None:
        """Pause when playing."""
        if self._state == "playing":
            self._rebase(self._current())
            self._state = "paused"

    def toggle_pause(self) -> None:
        """Pause when playing, play otherwise."""
        if self.state == "playing":
            self.pause()
        else:
            self.play()

    def stop(self) -> None:
        """Stop and rewind."""
        if self._state != "error":
            self._state = "idle"
            self._rebase(0)

    @property
    def position_ms(self) -> int:
        """Current position."""
        self._check_end()
        return int(self._current())

    @property
    def length_ms(self) -> int:
        """The imaginary file's length."""
        return self._length_ms if self.loaded_source is not None else 0

    def seek_ms(self, ms: int) -> None:
        """Jump to ``ms``; seeking after the end pauses there."""
        if self._state == "error":
            return
        if self._state == "ended":
            self._state = "paused"
        self._rebase(ms)

    @property
    def fps(self) -> float:
        """The imaginary frame rate."""
        return self._fps

    @property
    def rate(self) -> float:
        """Playback speed."""
        return self._rate

    @rate.setter
    def rate(self, value: float) -> None:
        self._rebase(self._current())
        self._rate = clamp_rate(value)

    @property
    def volume(self) -> int:
        """Volume 0–100."""
        return self._volume

    @volume.setter
    def volume(self, value: int) -> None:
        self._volume = clamp_volume(value)

    @property
    def muted(self) -> bool:
        """Whether muted."""
        return self._muted

    @muted.setter
    def muted(self, value: bool) -> None:
        self._muted = bool(value)

    def next_frame(self) -> None:
        """Pause and step one frame forward."""
        self.pause()
        self._rebase(self._current() + 1000.0 / self._fps)

    def previous_frame(self) -> None:
        """Pause and step one frame back."""
        self.pause()
        self._rebase(self._current() - 1000.0 / self._fps)

    def snapshot(self, png_path: str | Path) -> bool:
        """Record the request and write a tiny placeholder file."""
        if self.loaded_source is None or self._state == "error":
            return False
        path = Path(png_path)
        path.write_bytes(b"\x89PNG\r\n\x1a\n")
        self.snapshots.append(path)
        return True

    @property
    def state(self) -> PlayerState:
        """Current state."""
        self._check_end()
        return self._state

    @property
    def error_message(self) -> str | None:
        """The configured failure message once loaded."""
        return self._error

    @property
    def error_message_zh(self) -> str | None:
        """The configured Chinese failure message once loaded."""
        return self._fail_message_zh if self._error else None

    def set_window(self, handle: int) -> None:
        """Remember the window handle."""
        self.window_handle = int(handle)

    def set_watermark(self, text: str | None) -> None:
        """Remember the watermark text."""
        self.watermark = text

    def close(self) -> None:
        """Mark closed."""
        self._state = "idle"
        self.closed = True
