"""A viewing session's footage read by the desk through its connection to the station, with HTTP ranges.

The desk's player does not hand libvlc a URL: it reads the stream itself, over the same connection its calls use
(the station's Unix socket, or TLS to a remote station, with the session's bearer token), and feeds libvlc through
media callbacks (:mod:`evidence_station.playback.vlc_backend`). So a remote desk plays footage as a local one does,
no loopback port is involved at the desk, and only the log-in session that opened the viewing session can read it.

:class:`RangeStream` is what the player is given (libvlc may open a media more than once: each opening is a
:class:`RangeReader`). A reader reads ranged answers (``GET`` with ``Range: bytes=N-``) as libvlc asks for bytes.
Playing an MP4 whose index (``moov``) sits after the media data takes three hops before the first picture — the
start, the index at the end, back to the media data — so a reader spares two of them:

* on opening, it reads the file's top-level boxes in the first bytes and, when the media data is followed by
  boxes at the end of the file (the index), asks for those at once on a second connection, in parallel;
* the answer from the start stays open and keeps what has arrived of the first :data:`HEAD_KEPT` bytes, so going
  back from the index to the media data continues that answer instead of asking again.

Any other seek drops the answer in use (or skips forward inside what has arrived) and asks from the new offset.
The station answers 403 once the grant is over: the read fails, and libvlc stops with an error.
"""

from __future__ import annotations

import struct
import threading
from collections import deque
from collections.abc import Iterator, Mapping
from typing import Any

#: Bytes asked of the connection at a time, and the longest forward seek served by reading on.
CHUNK = 256 * 1024
SKIP_LIMIT = 512 * 1024
#: Bytes from the start of the file kept as they arrive (the way back from the index to the media data).
HEAD_KEPT = 8 * 1024 * 1024
#: The largest end of file (what follows the media data: the index) asked for in parallel on opening.
TAIL_LIMIT = 8 * 1024 * 1024
#: Chunks of any other answer kept behind the reading position (short backward seeks).
CHUNKS_BEHIND = 2
#: Seconds to wait for the station to connect and to send the next bytes (libvlc waits in the read meanwhile).
CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 15.0


class StreamReadError(OSError):
    """The station did not serve the stream (the grant ended, the session is gone, the connection broke)."""


def index_offset(head: bytes, size: int) -> int | None:
    """Where the boxes after an MP4's media data begin (its index, as cameras write it), read from the file's
    first bytes ``head``; ``None`` when the file does not look like an MP4 or the index is not after the media."""
    offset, seen_mdat = 0, False
    while offset + 8 <= len(head):
        box_size, kind = struct.unpack_from(">I4s", head, offset)
        if box_size == 1:
            if offset + 16 > len(head):
                return None
            box_size = struct.unpack_from(">Q", head, offset + 8)[0]
        elif box_size == 0:  # the box runs to the end of the file: nothing after it
            return None
        if box_size < 8 or not all(32 <= c < 127 for c in kind):
            return None  # not a box: not an MP4
        if kind == b"moov":
            return None  # the index comes first: nothing to ask for in advance
        seen_mdat = seen_mdat or kind == b"mdat"
        offset += box_size
    return offset if seen_mdat and offset < size else None


class _Answer:
    """One ranged answer of the station: the bytes from ``start`` as they arrive, some kept for going back."""

    def __init__(self, http: Any, url: str, headers: Mapping[str, str], start: int, end: int | None = None,
                 keep_up_to: int = 0) -> None:
        import httpx

        wanted = f"bytes={start}-{'' if end is None else end - 1}"
        request = http.build_request("GET", url, headers={**headers, "range": wanted},
                                     timeout=httpx.Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S))
        try:
            response = http.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise StreamReadError(f"the station's stream cannot be reached: {exc}") from None
        if response.status_code not in (200, 206):
            response.close()
            raise StreamReadError(f"the station answered HTTP {response.status_code} for the stream")
        total = response.headers.get("content-range", "").rpartition("/")[2]
        self.size = int(total) if total.isdigit() else start + int(response.headers.get("content-length", 0))
        self.start = self.arrived = start
        self.end = self.size if end is None else min(end, self.size)
        self._response: Any = response
        self._chunks: Iterator[bytes] | None = response.iter_raw(CHUNK)
        #: What is kept: (offset, bytes) in order; everything up to ``keep_up_to``, else the last few chunks.
        self.kept: deque[tuple[int, bytes]] = deque()
        self._keep_up_to = keep_up_to

    @property
    def kept_from(self) -> int:
        """The first offset still kept (``arrived`` when nothing is)."""
        return self.kept[0][0] if self.kept else self.arrived

    def pull(self) -> None:
        """Receive the next chunk (StreamReadError when the answer breaks off or ends before ``end``)."""
        import httpx

        if self._chunks is None:
            raise StreamReadError("the station's stream was closed")
        try:
            chunk = next(self._chunks)
        except StopIteration:
            raise StreamReadError("the station's stream ended early (the grant may have ended)") from None
        except httpx.HTTPError as exc:
            raise StreamReadError(f"the station's stream broke off: {exc}") from None
        self.kept.append((self.arrived, chunk))
        self.arrived += len(chunk)
        if self.arrived > self._keep_up_to:
            while len(self.kept) > CHUNKS_BEHIND + 1:
                self.kept.popleft()
        if self.arrived >= self.end:
            self.close(keep=True)

    def covers(self, offset: int) -> bool:
        """Whether ``offset`` can be served by what is kept or by reading on a little."""
        return self.kept_from <= offset < self.end and (offset < self.arrived or
                                                        (self._chunks is not None and
                                                         offset - self.arrived <= SKIP_LIMIT))

    def readinto(self, offset: int, target: memoryview) -> int:
        """Copy bytes from ``offset`` into ``target``; how many (it must be :meth:`covers`)."""
        while offset >= self.arrived:
            self.pull()
        for chunk_at, chunk in reversed(self.kept):
            if chunk_at <= offset:
                part = memoryview(chunk)[offset - chunk_at:offset - chunk_at + len(target)]
                target[:len(part)] = part
                return len(part)
        raise StreamReadError("the stream's bytes were not kept")  # pragma: no cover - covers() rules it out

    def close(self, keep: bool = False) -> None:
        """Hang up (the station stops sending at once); ``keep``: what arrived may still be read."""
        if self._response is not None:
            self._response.close()
        self._response = self._chunks = None
        if not keep:
            self.kept.clear()


class _Prefetch:
    """An answer asked for on a thread of its own and read to its end (the index, while the start is read)."""

    def __init__(self, open_answer: Any) -> None:
        self.answer: _Answer | None = None
        self._open_answer = open_answer
        self._done = threading.Event()
        self._cancelled = False
        threading.Thread(target=self._run, name="stream-prefetch", daemon=True).start()

    def _run(self) -> None:
        try:
            answer = self._open_answer()
            while answer.arrived < answer.end and not self._cancelled:
                answer.pull()
            self.answer = answer
        except Exception:  # the reader asks again in the ordinary way
            self.answer = None
        finally:
            self._done.set()

    def result(self) -> _Answer | None:
        """The answer read to its end, or None when it failed (waits for it)."""
        self._done.wait(READ_TIMEOUT_S + CONNECT_TIMEOUT_S)
        return self.answer if self._done.is_set() else None

    def cancel(self) -> None:
        """Forget it (its thread ends after the chunk it is receiving)."""
        self._cancelled = True
        if self._done.is_set() and self.answer is not None:
            self.answer.close()


class RangeReader:
    """One opening of a stream: reads from ``position``, seeks by asking again (or by what was kept)."""

    def __init__(self, http: Any, url: str, headers: Mapping[str, str]) -> None:
        self._http, self._url, self._headers = http, url, dict(headers)
        self.size = 0
        self.position = 0
        self._head: _Answer | None = None  # the answer from the start, while it keeps what arrives
        self._current: _Answer | None = None  # any other answer being read
        self._tail: _Prefetch | None = None
        self._tail_from: int | None = None

    def open(self) -> int:
        """Start reading at the beginning (and ask for an index at the end in parallel); returns the size."""
        self._head = _Answer(self._http, self._url, self._headers, 0, keep_up_to=HEAD_KEPT)
        self.size, self.position = self._head.size, 0
        if self.size > 0:
            self._head.pull()
            first = self._head.kept[0][1] if self._head.kept else b""
            tail_from = index_offset(first, self.size)
            if tail_from is not None and self.size - tail_from <= TAIL_LIMIT:
                self._tail_from = tail_from
                self._tail = _Prefetch(lambda: _Answer(self._http, self._url, self._headers, tail_from,
                                                       keep_up_to=self.size))
        return self.size

    def _answer_for(self, offset: int) -> _Answer:
        """The answer to read ``offset`` from: the start's, the index's, the one in use, or a new one."""
        if self._tail is not None and self._tail_from is not None and offset >= self._tail_from:
            tail = self._tail.result()
            if tail is not None and tail.covers(offset):
                return tail
        for answer in (self._current, self._head):
            if answer is not None and answer.covers(offset):
                return answer
        if self._current is not None:
            self._current.close()
        self._current = _Answer(self._http, self._url, self._headers, offset)
        if self._head is not None and self._head.arrived > HEAD_KEPT:
            self._head.close()  # it no longer keeps what arrives: going back asks again anyway
            self._head = None
        return self._current

    def readinto(self, target: memoryview) -> int:
        """Fill ``target`` (up to its length) from the current position; how many bytes (0 at the end)."""
        if self.position >= self.size or len(target) == 0:
            return 0
        count = self._answer_for(self.position).readinto(self.position, target[:self.size - self.position])
        self.position += count
        return count

    def read(self, size: int) -> bytes:
        """Up to ``size`` bytes from the current position (``b""`` at the end)."""
        buffer = bytearray(max(0, min(size, CHUNK, self.size - self.position)))
        count = self.readinto(memoryview(buffer))
        return bytes(buffer[:count])

    def seek(self, offset: int) -> None:
        """Go to byte ``offset`` (the next read finds the answer that has it, or asks again)."""
        self.position = offset

    def close(self) -> None:
        """Hang up (the station stops sending at once)."""
        for answer in (self._head, self._current):
            if answer is not None:
                answer.close()
        if self._tail is not None:
            self._tail.cancel()
        self._head = self._current = self._tail = None


class RangeStream:
    """A viewing session's stream as the player opens it: ``url`` on ``http`` (an ``httpx.Client``) with
    ``headers`` (the session's bearer token)."""

    def __init__(self, http: Any, url: str, headers: Mapping[str, str] | None = None) -> None:
        self._http, self.url, self._headers = http, url, dict(headers or {})

    def open(self) -> RangeReader:
        """A new reader at the beginning (:meth:`RangeReader.open` already asked for the first bytes)."""
        reader = RangeReader(self._http, self.url, self._headers)
        reader.open()
        return reader

    def __repr__(self) -> str:  # never the token: it is the stream's key
        return "RangeStream(<station stream>)"


def stream_token(stream_url: str) -> str:
    """The stream's token: the last part of a viewing session's ``stream_url``."""
    return stream_url.rstrip("/").rpartition("/")[2]
