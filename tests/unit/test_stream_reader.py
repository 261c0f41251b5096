"""The desk's reader of a viewing session's footage: ranges, the index asked for in parallel, the start kept."""

from __future__ import annotations

import struct
import threading

import httpx
import pytest

from evidence_station.client import stream_reader
from evidence_station.client.stream_reader import RangeStream, StreamReadError, index_offset

MDAT_SIZE = 3 * 1024 * 1024


def box(kind: bytes, body: bytes) -> bytes:
    """One MP4 box."""
    return struct.pack(">I4s", 8 + len(body), kind) + body


def mp4_with_index_at_end() -> bytes:
    """ftyp, a big mdat, then moov (the index) and a free box at the end, as cameras write it."""
    media = bytes(range(256)) * (MDAT_SIZE // 256)
    return box(b"ftyp", b"isom\x00\x00\x02\x00isommp41") + box(b"mdat", media) + box(b"moov", b"i" * 5000) \
        + box(b"free", b"")


class Station:
    """A stand-in for the station's stream route: serves ``data`` with ranges and records what was asked."""

    def __init__(self, data: bytes, status: int = 206) -> None:
        self.data, self.status = data, status
        self.ranges: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        wanted = request.headers["range"].removeprefix("bytes=")
        with self._lock:
            self.ranges.append(wanted)
        if self.status != 206:
            return httpx.Response(self.status)
        first, _, last = wanted.partition("-")
        start, end = int(first), int(last) if last else len(self.data) - 1
        return httpx.Response(206, content=iter([self.data[start:end + 1]]),
                              headers={"content-range": f"bytes {start}-{end}/{len(self.data)}"})


def read_at(reader: stream_reader.RangeReader, offset: int, size: int) -> bytes:
    reader.seek(offset)
    out = b""
    while len(out) < size:
        part = reader.read(size - len(out))
        if not part:
            break
        out += part
    return out


def test_index_offset_finds_what_follows_the_media_data() -> None:
    data = mp4_with_index_at_end()
    moov_at = len(data) - 5008 - 8
    assert index_offset(data[:4096], len(data)) == moov_at
    assert index_offset(box(b"ftyp", b"isom") + box(b"moov", b"x") + box(b"mdat", b"y" * 100), 200) is None
    assert index_offset(b"\x00" * 4096, 100_000) is None  # not an MP4
    assert index_offset(b"RIFF....AVI LIST" * 100, 100_000) is None


def test_mp4_plays_start_index_and_back_with_two_requests() -> None:
    data = mp4_with_index_at_end()
    station = Station(data)
    with httpx.Client(transport=httpx.MockTransport(station), base_url="http://station") as http:
        reader = RangeStream(http, "/v1/streams/t").open()
        assert reader.size == len(data)
        assert read_at(reader, 0, 40) == data[:40]
        moov_at = len(data) - 5016
        assert read_at(reader, moov_at, 5016) == data[moov_at:]  # the index: from the parallel answer
        assert read_at(reader, 32, 600_000) == data[32:600_032]  # back to the media: the start's answer goes on
        reader.close()
    assert station.ranges == ["0-", f"{moov_at}-"]


def test_far_seek_asks_again_and_returns_the_right_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stream_reader, "HEAD_KEPT", 300_000)
    data = bytes(range(251)) * 20_000  # not an MP4: nothing asked in advance
    station = Station(data)
    with httpx.Client(transport=httpx.MockTransport(station), base_url="http://station") as http:
        reader = RangeStream(http, "/s").open()
        assert read_at(reader, 10, 100) == data[10:110]
        assert read_at(reader, 4_000_000, 1000) == data[4_000_000:4_001_000]
        assert read_at(reader, 4_100_000, 10) == data[4_100_000:4_100_010]  # just ahead: read on
        assert read_at(reader, 5, 10) == data[5:15]  # the start's answer still keeps its first bytes
        assert read_at(reader, 2_000_000, 10) == data[2_000_000:2_000_010]
        reader.close()
    assert station.ranges == ["0-", "4000000-", "2000000-"]


def test_refused_stream_is_a_read_error() -> None:
    refusing = httpx.MockTransport(Station(b"x" * 100, status=403))
    with httpx.Client(transport=refusing, base_url="http://s") as http, pytest.raises(StreamReadError):
        RangeStream(http, "/s").open()


def test_failed_index_request_falls_back_to_asking_when_needed() -> None:
    data = mp4_with_index_at_end()
    moov_at = len(data) - 5016
    station = Station(data)

    def first_index_request_fails(request: httpx.Request) -> httpx.Response:
        if request.headers["range"] == f"bytes={moov_at}-" and f"{moov_at}- (failed)" not in station.ranges:
            station.ranges.append(f"{moov_at}- (failed)")
            return httpx.Response(503)
        return station(request)

    with httpx.Client(transport=httpx.MockTransport(first_index_request_fails), base_url="http://s") as http:
        reader = RangeStream(http, "/s").open()
        assert read_at(reader, moov_at, 5016) == data[moov_at:]
        assert read_at(reader, 32, 1000) == data[32:1032]
        reader.close()
    assert station.ranges == ["0-", f"{moov_at}- (failed)", f"{moov_at}-"]
