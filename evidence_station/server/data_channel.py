"""The data channel of a local desk: card bytes through a pipe instead of an HTTP request body.

Receiving an HTTP body costs the service about a CPU-second per gigabyte in the event loop (measured here: 1.1 s/GiB
with uvicorn, against 0.2 s for the sender) — on a two-core station that is a third of an import. A desk on the
same machine therefore hands the service the read end of a pipe instead, over a second Unix socket beside the
service's own (``station.sock.data``, same mode and group), with one JSON line naming its session and the file
(``socket.send_fds``). The desk still reads each card file once, computes the XXH3-128 of what it read and writes the
bytes followed by that checksum into the pipe; the service reads them straight into the vault's hashing buffers
and answers with one JSON line: the :class:`~evidence_station.api.imports.StoredFile`, or the error. Remote desks
(TLS) and Windows use the HTTP upload (``PUT /v1/imports/…``), which carries the same bytes and checksum.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import stat
import threading
from pathlib import Path
from typing import Any

from evidence_station.api import codec
from evidence_station.api.errors import error_payload, internal_error_payload
from evidence_station.cards.errors import TransferInterruptedError
from evidence_station.cards.source import CHECKSUM_SIZE
from evidence_station.domain.errors import EvidenceStationError, InvalidInputError
from evidence_station.domain.messages import Msg
from evidence_station.server.dispatch import Dispatcher
from evidence_station.server.listen import unix_socket

log = logging.getLogger(__name__)

#: Suffix of the data channel's socket next to the service's socket.
DATA_SUFFIX = ".data"
_HEADER_LIMIT = 4096


def data_socket_path(service_socket: Path) -> Path:
    """Where the data channel of the service listening on ``service_socket`` is."""
    return service_socket.with_name(service_socket.name + DATA_SUFFIX)


class PipeSource:
    """A card file arriving through a pipe: ``size`` bytes, then the desk's checksum."""

    def __init__(self, fd: int, size: int, item: str) -> None:
        self._file = os.fdopen(fd, "rb", buffering=0)
        self._left = size
        self.size = size
        self.item = item

    def _interrupted(self) -> TransferInterruptedError:
        got = self.size - self._left
        return TransferInterruptedError(
            Msg(
                "the transfer of {item} from the desk broke off after {got} of {size} bytes",
                item=self.item,
                got=got,
                size=self.size,
            ),
        )

    def readinto(self, buffer: bytearray | memoryview) -> int:
        """The next bytes of the file straight into ``buffer`` (0 at its end)."""
        if self._left == 0:
            return 0
        view = memoryview(buffer)[: min(len(buffer), self._left)]
        count = self._file.readinto(view) or 0
        if count == 0:
            raise self._interrupted()
        self._left -= count
        return count

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes of the file."""
        buffer = bytearray(min(size if size >= 0 else 1 << 20, self._left))
        count = self.readinto(buffer) if buffer else 0
        return bytes(buffer[:count])

    def sent_checksum(self) -> bytes:
        """The desk's checksum, which follows the file's bytes in the pipe."""
        trailer = b""
        while len(trailer) < CHECKSUM_SIZE:
            chunk = self._file.read(CHECKSUM_SIZE - len(trailer))
            if not chunk:
                raise self._interrupted()
            trailer += chunk
        return trailer

    def close(self) -> None:
        """Close the pipe's read end (the desk's next write fails at once)."""
        self._file.close()


class DataChannel:
    """Accepts desks' pipes on a Unix socket and stores the files they carry (one thread per transfer)."""

    def __init__(self, dispatcher: Dispatcher, path: Path, *, group: str | None = None) -> None:
        self.dispatcher = dispatcher
        self.path = path
        self._socket = unix_socket(path, group=group)
        self._thread = threading.Thread(target=self._accept, name="data-channel", daemon=True)
        self._stopping = threading.Event()

    def start(self) -> DataChannel:
        """Start accepting."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting and remove the socket."""
        self._stopping.set()
        try:
            self._socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._socket.close()
        self._thread.join(5)
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                connection, _ = self._socket.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(connection,), name="data-transfer", daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        with connection:
            try:
                answer: dict[str, Any] = {"result": self._transfer(connection)}
            except EvidenceStationError as exc:
                answer = {"error": error_payload(exc)}
            except Exception:
                log.exception("a data-channel transfer failed unexpectedly")
                answer = {"error": internal_error_payload()}
            try:
                connection.sendall(codec.encode(answer) + b"\n")
            except OSError:
                pass  # the desk went away; what was stored is recorded

    def _transfer(self, connection: socket.socket) -> Any:
        message, fds, _flags, _address = socket.recv_fds(connection, _HEADER_LIMIT, 1)
        if len(fds) != 1:
            for fd in fds:
                os.close(fd)
            raise InvalidInputError(Msg("The data channel expects one pipe with each transfer."))
        fd = fds[0]
        try:
            if not stat.S_ISFIFO(os.fstat(fd).st_mode):
                raise InvalidInputError(Msg("The data channel accepts pipes only."))
            header = json.loads(message.split(b"\n", 1)[0])
            token, import_id, index, size = header["token"], int(header["import_id"]), int(header["index"]), \
                int(header["size"])
        except (ValueError, KeyError, TypeError) as exc:
            os.close(fd)
            raise InvalidInputError(Msg("The data channel's request is malformed ({exc}).", exc=exc)) from None
        except BaseException:
            os.close(fd)
            raise
        source = PipeSource(fd, size, f"file {index}")
        try:
            return codec.decode(self.dispatcher.upload_import_file(token, import_id, index, source,
                                                                   source.sent_checksum), Any)
        finally:
            source.close()
