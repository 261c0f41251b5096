"""Sending a card file to a station service on this machine through a pipe (see
:mod:`evidence_station.server.data_channel`): the desk reads the file once, computing its XXH3-128, writes the
bytes and then the checksum into the pipe whose read end it handed the service; the service answers with one JSON
line."""

from __future__ import annotations

import contextlib
import json
import os
import socket
from pathlib import Path

import msgspec

from evidence_station.api import codec
from evidence_station.api.errors import ErrorPayload, error_from_payload
from evidence_station.cards.errors import SourceChangedError
from evidence_station.cards.source import ChecksummedReader
from evidence_station.domain.errors import StationUnreachableError
from evidence_station.domain.messages import Msg

#: Bytes of a card file read and written into the pipe at a time; the pipe's own buffer.
CHUNK = 1 << 20
_F_SETPIPE_SZ = 1031  # fcntl.F_SETPIPE_SZ (Linux)


def send_through_pipe(data_socket: Path, token: str, import_id: int, index: int, reader: ChecksummedReader) -> bytes:
    """Send one card file; returns the service's answer (a ``StoredFile`` as JSON), or raises its error."""
    read_end, write_end = os.pipe()
    with contextlib.suppress(OSError):
        import fcntl

        fcntl.fcntl(write_end, _F_SETPIPE_SZ, CHUNK)
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        try:
            connection.connect(str(data_socket))
            header = json.dumps({"token": token, "import_id": import_id, "index": index, "size": reader.size})
            socket.send_fds(connection, [header.encode() + b"\n"], [read_end])
        except OSError as exc:
            os.close(write_end)
            raise StationUnreachableError(
                Msg(
                    "Cannot reach the station service's data channel at {data_socket} ({exc}).",
                    data_socket=data_socket,
                    exc=exc,
                ),
            ) from None
        finally:
            os.close(read_end)
        _write_file(write_end, reader)  # closes the write end
        return _answer(connection)
    finally:
        connection.close()


def _write_file(write_end: int, reader: ChecksummedReader) -> None:
    """The file's bytes, then its checksum; stops quietly when the service stopped reading (it says why)."""
    left = reader.size
    buffer = memoryview(bytearray(CHUNK))  # one buffer, filled again for each chunk: no allocation per chunk
    try:
        while left > 0:
            count = reader.readinto(buffer[:min(CHUNK, left)])
            if not count:
                got = reader.size - left
                raise SourceChangedError(
                    Msg(
                        "{item} ended after {got} of {size} bytes while it was read.",
                        item=reader.item,
                        got=got,
                        size=reader.size,
                    ),
                )
            view = buffer[:count]
            while view:
                view = view[os.write(write_end, view):]
            left -= count
        os.write(write_end, reader.checksum())
    except BrokenPipeError:
        return  # the service refused or stopped the file: its answer follows
    finally:
        os.close(write_end)


def _answer(connection: socket.socket) -> bytes:
    line = b""
    while not line.endswith(b"\n"):
        chunk = connection.recv(65536)
        if not chunk:
            break
        line += chunk
    if not line:
        raise StationUnreachableError(Msg("The station service closed the data channel without an answer."))
    answer = msgspec.json.decode(line, type=dict[str, msgspec.Raw])
    if "error" in answer:
        raise error_from_payload(codec.decode(bytes(answer["error"]), ErrorPayload))
    return bytes(answer["result"])
