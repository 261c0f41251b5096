"""The libvlc backend of :class:`~evidence_station.playback.player.Player` (python-vlc).

Only this module and :mod:`~evidence_station.playback.libvlc` (which loads libvlc) touch ``vlc``, and only inside
functions, so importing them never fails on a machine without libvlc.

It plays files, stream URLs and — what a desk does — a viewing session's footage read through the station client
(:class:`~evidence_station.playback.player.FootageStream`): libvlc's media callbacks (:class:`FootageMedia`) read
it over the desk's own connection to the station, which seeks with HTTP ranges. A stream's URL carries its secret
ticket, so no message names it.
"""

from __future__ import annotations

import ctypes
import itertools
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from evidence_station.domain.errors import EvidenceStationError
from evidence_station.playback.libvlc import (  # noqa: F401 - create_instance, instance_args: the backend's API
    BASE_ARGS,
    HEADLESS_ARGS,
    _vlc,
    create_instance,
    instance_args,
    is_headless_environment,
    probe_libvlc,
)
from evidence_station.playback.player import (
    DEFAULT_FPS,
    FootageReader,
    FootageStream,
    PlayerState,
    Source,
    clamp_rate,
    clamp_volume,
    is_stream,
)

OPEN_TIMEOUT_S = 10.0
"""A file that has shown neither length nor picture this long after ``play()`` counts as unplayable."""
NETWORK_CACHING_MS = 150
"""How much of a stream libvlc buffers before it shows the first picture (its default for network media is
1 s; the station's stream comes from this machine or the local network)."""


class PlaybackUnavailableError(EvidenceStationError):
    """libvlc is missing or could not start; the message says what to install."""

    exit_code = 1
    code = "playback_unavailable"
    headline_zh = "无法播放视频（libvlc 缺失或无法启动）"


STALE_TIME_S = 0.75
"""libvlc moves a playing stream's time on at least every half second; a time standing still longer than this while
playing is carried on by :class:`PlayingTime`."""


def stream_media(instance: Any, url: str) -> Any:
    """A ``vlc.Media`` for a station stream URL, with the options the player uses (a short network cache)."""
    media = instance.media_new_location(url)
    media.add_option(f":network-caching={NETWORK_CACHING_MS}")
    return media


class FootageMedia:
    """A ``vlc.Media`` reading a :class:`FootageStream` through libvlc's media callbacks.

    libvlc calls the callbacks on its input thread (each opening of the media gets its own reader); a reader's
    failure (the station ended the stream: the grant is over) is a read error, and libvlc stops with an error.
    The object keeps the callbacks alive: hold it as long as the media is in use.
    """

    def __init__(self, vlc: Any, instance: Any, footage: FootageStream) -> None:
        self._footage = footage
        self._readers: dict[int, FootageReader] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        callbacks = vlc.CallbackDecorators
        self._callbacks = (callbacks.MediaOpenCb(self._open), callbacks.MediaReadCb(self._read),
                           callbacks.MediaSeekCb(self._seek), callbacks.MediaCloseCb(self._close))
        self.media = instance.media_new_callbacks(*self._callbacks, None)

    def _reader(self, opaque: int | None) -> FootageReader | None:
        with self._lock:
            return self._readers.get(opaque or 0)

    def _open(self, _opaque: Any, datap: Any, sizep: Any) -> int:
        try:
            reader = self._footage.open()
        except Exception:
            return -1
        with self._lock:
            key = next(self._ids)
            self._readers[key] = reader
        datap.contents.value = key
        sizep.contents.value = reader.size
        return 0

    def _read(self, opaque: int | None, buffer: Any, length: int) -> int:
        reader = self._reader(opaque)
        if reader is None:
            return -1
        try:
            readinto = getattr(reader, "readinto", None)
            if readinto is not None:  # straight into libvlc's buffer: no copy in between
                address = ctypes.cast(buffer, ctypes.c_void_p).value
                return int(readinto(memoryview((ctypes.c_ubyte * length).from_address(address)).cast("B")))
            data = reader.read(length)
        except Exception:
            return -1
        ctypes.memmove(buffer, data, len(data))
        return len(data)

    def _seek(self, opaque: int | None, offset: int) -> int:
        reader = self._reader(opaque)
        if reader is None:
            return -1
        try:
            reader.seek(offset)
        except Exception:
            return -1
        return 0

    def _close(self, opaque: int | None) -> None:
        with self._lock:
            reader = self._readers.pop(opaque or 0, None)
        if reader is not None:
            try:
                reader.close()
            except Exception:
                pass


class PlayingTime:
    """The playing time of a stream, carried on where libvlc's stands still.

    Over HTTP libvlc reads a stream to its end ahead of playback and from then on no longer moves its playing time
    (a short clip stays at 0.25 s, a long one in its last seconds) although the pictures go on — the watched ranges
    and a snapshot's moment would be wrong. (FFmpeg's demuxer keeps the time, but probing a stream with it costs an
    H.264 clip ~100 ms more to its first frame.) So while playing, a time unchanged for :data:`STALE_TIME_S` is
    carried on by the wall clock at the playback rate, up to the length; a pause holds it, playing on continues
    it. Any new time from libvlc, a seek or a new file starts afresh from libvlc's.
    """

    def __init__(self) -> None:
        self.restart()

    def restart(self) -> None:
        """Take libvlc's next time as it is (a seek, a stop, a new file)."""
        self._raw: int | None = None
        self._base = 0
        self._since = 0.0
        self._carrying = False
        self._last = 0

    def rebase(self, now: float) -> None:
        """Keep the position reached and go on from ``now`` (the playback rate changed)."""
        self._base, self._since = self._last, now

    def position(self, raw: int, *, playing: bool, rate: float, length: int, now: float) -> int:
        """The position for libvlc's time ``raw`` read at monotonic ``now``."""
        if raw != self._raw:  # libvlc moved its time: trust it
            self._raw, self._base, self._since, self._carrying = raw, raw, now, False
        elif not playing or raw <= 0:  # paused (or not started): hold the position reached
            self._base, self._since = self._last, now
        else:
            standing = now - self._since
            if self._carrying or standing >= STALE_TIME_S:
                self._carrying = True
                carried = self._base + int(standing * 1000 * rate)
                self._last = min(carried, length) if length > 0 else carried
                return self._last
        self._last = self._base
        return self._last


class VlcPlayer:
    """A :class:`~evidence_station.playback.player.Player` on libvlc.

    ``headless`` (default: guessed from the environment) selects the dummy video/audio outputs; then
    :meth:`set_window` is remembered but not used. States are polled from libvlc when read, so the GUI's
    timer drives everything; the only libvlc callbacks running Python code are a :class:`FootageMedia`'s reads.
    """

    def __init__(self, headless: bool | None = None, extra_args: Sequence[str] = ()) -> None:
        from evidence_station.playback.availability import unavailable_message_zh, vlc_status

        ok, message = vlc_status()
        if not ok:
            raise PlaybackUnavailableError(message, message_zh=unavailable_message_zh(message))
        self._vlc = _vlc()
        self.headless = is_headless_environment() if headless is None else headless
        self._instance = create_instance(self.headless, extra_args)
        self._player = self._instance.media_player_new()
        self._player.video_set_key_input(False)
        self._player.video_set_mouse_input(False)
        self._media: Any = None
        self._path: Path | None = None
        self._stream = False
        self._footage: FootageMedia | None = None
        self._time = PlayingTime()
        self._error: str | None = None
        self._error_zh: str | None = None
        self._pending_seek: int | None = None
        self._pause_after_seek = False
        self._seen_content = False
        self._play_requested_at: float | None = None
        self._watermark: str | None = None
        self._volume = 100
        self.window_handle: int | None = None
        self._closed = False

    # -- loading and state -------------------------------------------------------------------------
    def load(self, source: Source) -> None:
        """Open a file, a stream URL or footage read through the station client; a missing file goes straight to
        ``"error"`` (a stream fails when played)."""
        self._reset_media()
        self._stream = is_stream(source)
        if isinstance(source, FootageStream):
            self._path = None
            self._footage = FootageMedia(self._vlc, self._instance, source)
            self._media = self._footage.media
        elif self._stream:
            self._path = None
            self._media = stream_media(self._instance, str(source))
        else:
            self._path = Path(source)
            if not self._path.is_file():
                self._error = f"The video file {self._path} does not exist or cannot be read."
                self._error_zh = f"视频文件 {self._path} 不存在或无法读取。"
                return
            self._media = self._instance.media_new_path(str(self._path))
        self._player.set_media(self._media)
        self._apply_watermark()

    def _reset_media(self) -> None:
        if self._media is not None:
            self._player.stop()
            self._media.release()
        self._media = None
        self._footage = None  # libvlc no longer calls its callbacks
        self._error = self._error_zh = None
        self._pending_seek = None
        self._pause_after_seek = False
        self._seen_content = False
        self._play_requested_at = None
        self._time.restart()

    def _note_content(self) -> None:
        if self._seen_content:
            return
        if self._player.get_length() > 0 or self._video_size() != (0, 0):
            self._seen_content = True

    def _video_size(self) -> tuple[int, int]:
        try:
            width, height = self._player.video_get_size(0)
        except Exception:  # no video output yet
            return (0, 0)
        return (int(width or 0), int(height or 0))

    def _fail(self, reason: str, reason_zh: str) -> PlayerState:
        if self._stream:  # never the URL: it carries the stream's ticket
            self._error = f"The recording's stream from the station cannot be played: {reason}"
            self._error_zh = f"无法播放工作站传来的录像流：{reason_zh}"
        else:
            name = self._path.name if self._path else ""
            self._error = f"The video file {name} cannot be played: {reason}"
            self._error_zh = f"无法播放视频文件 {name}：{reason_zh}"
        self._play_requested_at = None
        return "error"

    @property
    def state(self) -> PlayerState:
        """Poll libvlc and map its state; unplayable files become ``"error"`` with a message."""
        if self._error is not None:
            return "error"
        if self._media is None or self._closed:
            return "idle"
        self._note_content()
        states = self._vlc.State
        vlc_state = self._player.get_state()
        if vlc_state == states.Error:
            return self._fail("libvlc reported a decoding error. The file may be damaged.",
                              "libvlc 报告解码错误。文件可能已损坏。")
        if vlc_state == states.Ended:
            if not self._seen_content:
                return self._fail(
                    "it contains no readable audio or video. The file may be damaged or in an unknown format.",
                    "其中没有可读取的音频或视频。文件可能已损坏或格式未知。",
                )
            return "ended"
        if vlc_state in (states.Playing, states.Paused):
            self._apply_pending_seek()
            return "playing" if self._player.get_state() == states.Playing else "paused"
        if vlc_state in (states.Opening, states.Buffering):
            started = self._play_requested_at
            if not self._seen_content and started and time.monotonic() - started > OPEN_TIMEOUT_S:
                self._player.stop()
                return self._fail(f"it did not start within {OPEN_TIMEOUT_S:.0f} seconds.",
                                  f"未能在 {OPEN_TIMEOUT_S:.0f} 秒内开始播放。")
            return "playing"
        return "idle"

    @property
    def error_message(self) -> str | None:
        """Why the state is ``"error"``."""
        return self._error

    @property
    def error_message_zh(self) -> str | None:
        """Why the state is ``"error"``, in Chinese."""
        return self._error_zh

    # -- transport ---------------------------------------------------------------------------------
    def play(self) -> None:
        """Start, resume, or restart after the end."""
        if self._media is None or self._error is not None:
            return
        if self._player.get_state() == self._vlc.State.Ended:
            self._player.stop()
        if self._play_requested_at is None:
            self._play_requested_at = time.monotonic()
        self._pause_after_seek = False
        self._player.play()

    def pause(self) -> None:
        """Pause when playing."""
        if self._player.get_state() == self._vlc.State.Playing:
            self._player.set_pause(1)

    def toggle_pause(self) -> None:
        """Pause when playing, play otherwise."""
        if self.state == "playing":
            self.pause()
        else:
            self.play()

    def stop(self) -> None:
        """Stop playing (the file stays loaded)."""
        if self._media is not None:
            self._player.stop()
        self._pending_seek = None
        self._play_requested_at = None
        self._time.restart()

    @property
    def position_ms(self) -> int:
        """Current position (a pending seek counts as reached; a stream's time carried on, see
        :class:`PlayingTime`)."""
        if self._pending_seek is not None:
            return self._pending_seek
        if self._media is None:
            return 0
        vlc_state = self._player.get_state()
        if vlc_state == self._vlc.State.Ended:
            return self.length_ms
        raw = max(0, int(self._player.get_time()))
        if not self._stream:
            return raw
        return self._time.position(raw, playing=vlc_state == self._vlc.State.Playing, rate=self.rate,
                                   length=self.length_ms, now=time.monotonic())

    @property
    def length_ms(self) -> int:
        """Length from libvlc (0 while unknown)."""
        if self._media is None:
            return 0
        length = self._player.get_length()
        if length <= 0:
            length = self._media.get_duration()
        return max(0, int(length))

    def seek_ms(self, ms: int) -> None:
        """Jump to ``ms``; before the start or after the end this starts the player and pauses there."""
        if self._media is None or self._error is not None:
            return
        length = self.length_ms
        target = max(0, min(int(ms), length - 1 if length > 0 else int(ms)))
        states = self._vlc.State
        vlc_state = self._player.get_state()
        self._time.restart()
        if vlc_state in (states.Playing, states.Paused):
            self._player.set_time(target)
            return
        self._pending_seek = target
        if vlc_state in (states.Ended, states.Stopped, states.NothingSpecial):
            self._pause_after_seek = True
            if vlc_state == states.Ended:
                self._player.stop()
            self._player.play()

    def _apply_pending_seek(self) -> None:
        if self._pending_seek is None or not self._player.is_seekable():
            return
        self._player.set_time(self._pending_seek)
        self._pending_seek = None
        if self._pause_after_seek:
            self._pause_after_seek = False
            self._player.set_pause(1)

    @property
    def fps(self) -> float:
        """Frame rate reported by libvlc, or 25 while unknown."""
        fps = float(self._player.get_fps() or 0.0) if self._media is not None else 0.0
        return fps if fps > 0 else DEFAULT_FPS

    @property
    def rate(self) -> float:
        """Playback speed."""
        return float(self._player.get_rate() or 1.0)

    @rate.setter
    def rate(self, value: float) -> None:
        if self._stream:
            self.position_ms  # noqa: B018  (the position reached at the old rate)
            self._time.rebase(time.monotonic())
        self._player.set_rate(clamp_rate(value))

    @property
    def volume(self) -> int:
        """Volume 0–100 (libvlc reports -1 before audio starts; then the last set value counts)."""
        volume = self._player.audio_get_volume()
        return clamp_volume(volume) if volume >= 0 else self._volume

    @volume.setter
    def volume(self, value: int) -> None:
        self._volume = clamp_volume(value)
        self._player.audio_set_volume(self._volume)

    @property
    def muted(self) -> bool:
        """Whether sound is muted."""
        return bool(self._player.audio_get_mute() == 1)

    @muted.setter
    def muted(self, value: bool) -> None:
        self._player.audio_set_mute(bool(value))

    def next_frame(self) -> None:
        """Pause and seek forward one frame.

        libvlc's own ``next_frame`` leaves ``get_time`` behind and jumps on resume, so both directions
        seek by one frame duration instead.
        """
        self._step_frames(+1)

    def previous_frame(self) -> None:
        """Pause and seek back one frame."""
        self._step_frames(-1)

    def _step_frames(self, frames: int) -> None:
        if self.state not in ("playing", "paused"):
            return
        self.pause()
        target = self.position_ms + frames * round(1000.0 / self.fps)
        self._player.set_time(max(0, min(target, max(0, self.length_ms - 1))))

    def snapshot(self, png_path: str | Path) -> bool:
        """Write the current picture as PNG (needs a picture on screen or in the dummy output)."""
        if self.state not in ("playing", "paused"):
            return False
        path = Path(png_path)
        result = self._player.video_take_snapshot(0, str(path), 0, 0)
        return result == 0 and path.is_file() and path.stat().st_size > 0

    # -- window and watermark ----------------------------------------------------------------------
    def set_window(self, handle: int) -> None:
        """Draw into the native window ``handle`` (ignored with the headless dummy output)."""
        self.window_handle = int(handle)
        if self.headless:
            return
        if sys.platform.startswith("linux"):
            self._player.set_xwindow(self.window_handle)
        elif sys.platform == "win32":
            self._player.set_hwnd(self.window_handle)
        elif sys.platform == "darwin":
            self._player.set_nsobject(self.window_handle)

    def set_watermark(self, text: str | None) -> None:
        """Show ``text`` through the VLC marquee filter (centred, white, faint: it must not hide the camera's
        own burned-in clock and ids, which cameras put at the top or bottom edge)."""
        self._watermark = text
        self._apply_watermark()

    def _apply_watermark(self) -> None:
        option = self._vlc.VideoMarqueeOption
        if not self._watermark:
            self._player.video_set_marquee_int(option.Enable, 0)
            return
        self._player.video_set_marquee_int(option.Enable, 1)
        # the marquee expands strftime codes: escape % so names are shown as typed
        self._player.video_set_marquee_string(option.Text, self._watermark.replace("%", "%%"))
        self._player.video_set_marquee_int(option.Position, 0)  # centre (the Qt label is top right)
        self._player.video_set_marquee_int(option.Color, 0xFFFFFF)
        self._player.video_set_marquee_int(option.Opacity, 110)
        self._player.video_set_marquee_int(option.Size, 14)
        self._player.video_set_marquee_int(option.Timeout, 0)

    def close(self) -> None:
        """Stop and release libvlc."""
        if self._closed:
            return
        self._reset_media()
        self._player.release()
        self._instance.release()
        self._closed = True
