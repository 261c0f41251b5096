"""The stream port serves an original's bytes with ranges, only while its grant is live."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from evidence_station.server import streams
from evidence_station.server.streams import StreamRegistry, StreamServer, StreamTicket, parse_range


@pytest.fixture
def server() -> Iterator[StreamServer]:
    running = StreamServer(StreamRegistry())
    yield running
    running.stop()


@pytest.fixture
def original(tmp_path: Path) -> tuple[Path, bytes]:
    data = os.urandom(3 * streams.CHUNK + 1234)
    path = tmp_path / "blob"
    path.write_bytes(data)
    return path, data


def _ticket(server: StreamServer, path: Path, size: int, live: list[bool]) -> str:
    ticket = server.registry.add(StreamTicket(session_id=7, path=path, size=size, media_type="video/mp4",
                                              is_live=lambda: live[0]))
    return server.url_for(ticket)


def test_whole_file_and_ranges(server: StreamServer, original: tuple[Path, bytes]):
    path, data = original
    url = _ticket(server, path, len(data), [True])
    assert url.startswith("http://127.0.0.1:")
    whole = httpx.get(url)
    assert whole.status_code == 200 and whole.content == data and whole.headers["accept-ranges"] == "bytes"
    part = httpx.get(url, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == data[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(data)}"
    tail = httpx.get(url, headers={"Range": "bytes=-10"})
    assert tail.content == data[-10:]
    open_ended = httpx.get(url, headers={"Range": f"bytes={len(data) - 5}-"})
    assert open_ended.content == data[-5:]
    assert httpx.get(url, headers={"Range": f"bytes={len(data)}-"}).status_code == 416
    head = httpx.head(url)
    assert head.status_code == 200 and head.headers["content-length"] == str(len(data)) and head.content == b""


def test_unknown_token_and_other_methods_are_refused(server: StreamServer, original: tuple[Path, bytes]):
    path, data = original
    url = _ticket(server, path, len(data), [True])
    assert httpx.get(url + "x").status_code == 404
    assert httpx.get(url.rsplit("/", 2)[0] + "/other").status_code == 404
    assert httpx.post(url).status_code == 405


def test_a_dead_grant_answers_403_and_stops_a_transfer(server: StreamServer, original: tuple[Path, bytes],
                                                      monkeypatch: pytest.MonkeyPatch):
    data = os.urandom(64 * streams.CHUNK)  # far more than the socket buffers hold
    path = original[0].with_name("big")
    path.write_bytes(data)
    live = [True]
    monkeypatch.setattr(streams, "LIVENESS_TTL_S", 0.0)
    url = _ticket(server, path, len(data), live)
    received = b""
    with pytest.raises(httpx.RemoteProtocolError), httpx.stream("GET", url) as response:
        for chunk in response.iter_bytes(streams.CHUNK):
            received += chunk
            live[0] = False  # the grant ends while the player reads
    assert 0 < len(received) < len(data)
    assert httpx.get(url).status_code == 403


def test_closing_the_session_forgets_its_streams(server: StreamServer, original: tuple[Path, bytes]):
    path, data = original
    url = _ticket(server, path, len(data), [True])
    assert server.registry.close_session(7) == 1
    assert server.registry.get(url.rsplit("/", 1)[1]) is None
    assert httpx.get(url).status_code == 403  # a closed session's URL is refused, as a dead grant's is
    assert httpx.get(url + "x").status_code == 404


@pytest.mark.parametrize(("header", "expected"), [
    (None, None), ("bytes=0-0", (0, 0)), ("bytes=5-", (5, 99)), ("bytes=-5", (95, 99)), ("bytes=90-500", (90, 99)),
])
def test_parse_range(header, expected):
    assert parse_range(header, 100) == expected


@pytest.mark.parametrize("header", ["bytes=100-", "bytes=-", "bytes=5-1", "items=0-1", "bytes=0-1,3-4", "bytes=a-b"])
def test_parse_range_refuses(header):
    with pytest.raises(ValueError):
        parse_range(header, 100)


def test_a_player_that_goes_away_stops_the_reading(tmp_path: Path):
    """Players drop a connection as soon as they seek elsewhere (an MP4 with its index at the end: the first request
    asks for everything); the server must stop reading the file then, not pump the rest of it to nobody — on a
    two-core desk that work delays the first picture."""
    import anyio

    data = os.urandom(40 * streams.CHUNK)
    path = tmp_path / "blob"
    path.write_bytes(data)
    registry = StreamRegistry()
    ticket = registry.add(StreamTicket(session_id=7, path=path, size=len(data), media_type="video/mp4",
                                       is_live=lambda: True))
    app = streams.stream_app(registry)
    chunks: list[bytes] = []
    first_chunk = anyio.Event()

    async def receive() -> dict[str, object]:
        if not chunks and not first_chunk.is_set():
            await first_chunk.wait()
        return {"type": "http.disconnect"}  # the player hung up after the first chunk

    async def send(message: dict[str, object]) -> None:  # after a disconnect uvicorn drops bodies silently
        if message["type"] == "http.response.body" and message.get("body"):
            chunks.append(message["body"])  # type: ignore[arg-type]
            first_chunk.set()

    scope = {"type": "http", "method": "GET", "path": f"/stream/{ticket.token}", "headers": [(b"range", b"bytes=0-")]}
    anyio.run(app, scope, receive, send)
    assert chunks and chunks[0] == data[:streams.CHUNK]
    assert len(chunks) <= 2, f"{len(chunks)} of 40 chunks were read after the player went away"
