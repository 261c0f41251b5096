"""A viewing session's footage read by the desk through its connection to the station, with HTTP ranges.

The desk's player does not hand libvlc a URL: it reads the stream itself, over the same connection its calls use
(the station's Unix socket, or TLS to a remote station, with the session's bearer token), and feeds libvlc through
media callbacks (:mod:`evidence_station.playback.vlc_backend`). So a remote desk plays footage as a local one does,
no loopback port is involved at the desk, and only the log-in session that opened the viewing session can read it.

:class:`RangeStream` is what the player is given (libvlc may open a media more than once: each opening is a
:class:`RangeReader`). A reader sends one ``GET`` with ``Range: bytes=N-`` and reads the answer as libvlc asks for
bytes; a seek drops that answer (or skips forward inside what has arrived) and the next read asks from the new
offset. The station answers 403 once the grant is over: the read fails, and libvlc stops with an error.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

#: Bytes asked of the connection at a time, and the longest forward seek served by reading on.
CHUNK = 256 * 1024
SKIP_LIMIT = 512 * 1024
#: Seconds to wait for the station to connect and to send the next bytes (libvlc waits in the read meanwhile).
CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 15.0


class StreamReadError(OSError):
    """The station did not serve the stream (the grant ended, the session is gone, the connection broke)."""


class RangeReader:
    """One opening of a stream: reads from ``position``, seeks by asking again."""

    def __init__(self, http: Any, url: str, headers: Mapping[str, str]) -> None:
        self._http, self._url, self._headers = http, url, dict(headers)
        self.size = 0
        self.position = 0
        self._response: Any = None
        self._chunks: Iterator[bytes] | None = None
        self._pending = memoryview(b"")

    def open(self) -> int:
        """Start reading at the beginning; returns the stream's size in bytes."""
        self._ask(0)
        return self.size

    def _ask(self, offset: int) -> None:
        import httpx

        self._drop()
        request = self._http.build_request("GET", self._url, headers={**self._headers, "range": f"bytes={offset}-"},
                                           timeout=httpx.Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S))
        try:
            response = self._http.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise StreamReadError(f"the station's stream cannot be reached: {exc}") from None
        if response.status_code not in (200, 206):
            response.close()
            raise StreamReadError(f"the station answered HTTP {response.status_code} for the stream")
        total = response.headers.get("content-range", "").rpartition("/")[2]
        self.size = int(total) if total.isdigit() else offset + int(response.headers.get("content-length", 0))
        self._response, self._chunks, self.position = response, response.iter_raw(CHUNK), offset

    def _drop(self) -> None:
        if self._response is not None:
            self._response.close()
        self._response = self._chunks = None
        self._pending = memoryview(b"")

    def read(self, size: int) -> bytes:
        """Up to ``size`` bytes from the current position (``b""`` at the end)."""
        import httpx

        if self.position >= self.size or size <= 0:
            return b""
        if self._chunks is None:
            self._ask(self.position)
        if not self._pending:
            try:
                self._pending = memoryview(next(self._chunks))  # type: ignore[arg-type]
            except StopIteration:
                raise StreamReadError("the station's stream ended early (the grant may have ended)") from None
            except httpx.HTTPError as exc:
                raise StreamReadError(f"the station's stream broke off: {exc}") from None
        data = bytes(self._pending[:size])
        self._pending = self._pending[len(data):]
        self.position += len(data)
        return data

    def seek(self, offset: int) -> None:
        """Go to byte ``offset`` (read on when it lies just ahead in what has arrived, else ask again)."""
        ahead = offset - self.position
        if ahead == 0:
            return
        if 0 < ahead <= min(len(self._pending), SKIP_LIMIT):
            self._pending = self._pending[ahead:]
            self.position = offset
            return
        self._drop()
        self.position = offset

    def close(self) -> None:
        """Hang up (the station stops sending at once)."""
        self._drop()


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
