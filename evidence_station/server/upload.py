"""A card file arriving in an HTTP request body: its bytes, then the desk's 16-byte checksum of them.

The request is read on the event loop and handed, in blocks of about a megabyte, to the thread that stores the
file (the vault reads with ``readinto``); a body that ends early, or a desk that hangs up, is a
:class:`~evidence_station.cards.errors.TransferInterruptedError` — nothing of it is stored.
"""

from __future__ import annotations

import queue
from collections import deque
from typing import Any

from evidence_station.cards.errors import TransferInterruptedError
from evidence_station.cards.source import CHECKSUM_SIZE
from evidence_station.domain.messages import Msg

#: Bytes gathered on the event loop before they are handed to the storing thread.
BLOCK = 1 << 20
_END = object()


class UploadBody:
    """The blocking reader of one uploaded file (``size`` bytes, then the checksum)."""

    def __init__(self, size: int, item: str = "the file") -> None:
        self.size = size
        self.item = item
        self._blocks: queue.Queue[Any] = queue.Queue(maxsize=8)
        self._block = memoryview(b"")
        self._chunks: deque[bytes] = deque()
        self._file_left = size
        self._received = 0
        self._ended = False
        self.abandoned = False  # the storing side stopped reading: the feeder drops what still arrives

    # -- the event-loop side ----------------------------------------------------------------------------------
    def put(self, block: list[bytes]) -> None:
        """Hand over a block: the request's chunks as they came (blocks while the storing side is behind)."""
        while not self.abandoned:
            try:
                self._blocks.put(block, timeout=0.5)
                return
            except queue.Full:
                continue

    def end(self, error: BaseException | None = None) -> None:
        """No more bytes (``error``: the desk hung up)."""
        while not self.abandoned:
            try:
                self._blocks.put(error if error is not None else _END, timeout=0.5)
                return
            except queue.Full:
                continue

    # -- the storing side -------------------------------------------------------------------------------------
    def _next_block(self) -> bool:
        while not self._chunks:
            if self._ended:
                return False
            item = self._blocks.get()
            if item is _END or isinstance(item, BaseException):
                self._ended = True
                return False
            self._chunks.extend(item)
        self._block = memoryview(self._chunks.popleft())
        return True

    def _interrupted(self) -> TransferInterruptedError:
        return TransferInterruptedError(
            Msg(
                "the transfer of {item} from the desk broke off after {received} of {size} bytes",
                item=self.item,
                received=self._received,
                size=self.size,
            ),
        )

    def readinto(self, buffer: bytearray | memoryview) -> int:
        """The next bytes of the file (0 at its end); raises when the body ends before the file does."""
        if self._file_left == 0:
            return 0
        while not self._block:
            if not self._next_block():
                raise self._interrupted()
        count = min(len(buffer), len(self._block), self._file_left)
        buffer[:count] = self._block[:count]
        self._block = self._block[count:]
        self._file_left -= count
        self._received += count
        return count

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes of the file."""
        chunk = bytearray(min(size if size >= 0 else BLOCK, max(self._file_left, 0)) or 1)
        count = self.readinto(chunk) if self._file_left else 0
        return bytes(chunk[:count])

    def sent_checksum(self) -> bytes:
        """The desk's checksum, which follows the file's bytes."""
        trailer = bytearray()
        while len(trailer) < CHECKSUM_SIZE:
            if not self._block and not self._next_block():
                raise self._interrupted()
            take = min(CHECKSUM_SIZE - len(trailer), len(self._block))
            trailer += self._block[:take]
            self._block = self._block[take:]
        return bytes(trailer)
