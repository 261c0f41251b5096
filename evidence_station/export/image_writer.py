"""The disc image file as pycdlib writes it: its SHA-256 computed on the way, write-back to the disk started.

pycdlib writes an image's structures at scattered offsets and in pieces (the UDF anchor near the very
end first, then descriptors, path tables, directory records …), then the files' data in order, leaving
most of each file's last sector unwritten (a hole: zeros). :class:`ImageWriter` hashes the writes in
file order in a helper thread (SHA-256 releases the GIL, so it runs on the other core while pycdlib
copies): writes wait in memory until they continue the hashed part; once :data:`SETTLE_BYTES` wait
below the current position, the writer has moved on and the gaps among them are taken as holes.

That is a guess that is checked, never trusted: a later write into bytes already hashed (or taken as a
hole), or one overlapping a waiting write, makes :meth:`ImageWriter.finish` return ``None`` and the
caller hashes the file by reading it. The digest returned always describes exactly the bytes written.
"""

from __future__ import annotations

import bisect
import ctypes
import hashlib
import os
import queue
import sys
import threading
from collections.abc import Callable
from typing import BinaryIO

from evidence_station.disc.digests import CHUNK_SIZE

#: After this many bytes written, write-back of the image to the disk is started.
FLUSH_BEHIND_WINDOW = 32 * 1024 * 1024
#: Bytes waiting below the write position after which the gaps among them are taken as holes.
SETTLE_BYTES = 32 * 1024 * 1024
_SYNC_FILE_RANGE_WRITE = 2
_QUEUE_DEPTH = 8
_ZEROS = bytes(CHUNK_SIZE)


def _sync_file_range() -> Callable[[int, int, int, int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).sync_file_range
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function  # type: ignore[no-any-return]


#: ``sync_file_range`` (Linux), used to start write-back without waiting; None elsewhere.
START_WRITEBACK = _sync_file_range()


class ImageWriter:
    """A binary file for pycdlib's ``write_fp`` (``write``/``seek``/``tell``) that hashes and flushes behind.

    Every :data:`FLUSH_BEHIND_WINDOW` bytes Linux is asked to start writing the file's dirty pages to the
    disk (``sync_file_range(SYNC_FILE_RANGE_WRITE)``: asynchronous, the pages stay cached for the read-back
    that follows), so the final fsync finds little left. Call :meth:`finish` after the last write, or
    :meth:`close` on failure, so the hashing thread ends.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._pos = stream.tell()
        self._end = 0
        self._unflushed = 0
        self._frontier = 0
        self._waiting: list[tuple[int, bytes]] = []
        self._waiting_bytes = 0
        self._broken = False
        self._sha256 = hashlib.sha256()
        self._queue: queue.Queue[bytes | int | None] = queue.Queue(maxsize=_QUEUE_DEPTH)
        self._thread = threading.Thread(target=self._run, name="image-sha256", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if isinstance(item, int):  # a hole of that many zero bytes
                while item > 0:
                    step = min(item, len(_ZEROS))
                    self._sha256.update(_ZEROS[:step] if step < len(_ZEROS) else _ZEROS)
                    item -= step
            else:
                self._sha256.update(item)

    def write(self, data: bytes) -> int:
        """Write ``data`` at the current position (what pycdlib calls)."""
        chunk = data if isinstance(data, bytes) else bytes(data)
        written = self._stream.write(chunk)
        if not self._broken:
            self._take(self._pos, chunk)
        self._pos += len(chunk)
        self._end = max(self._end, self._pos)
        self._unflushed += len(chunk)
        if self._unflushed >= FLUSH_BEHIND_WINDOW and START_WRITEBACK is not None:
            self._unflushed = 0
            self._stream.flush()
            START_WRITEBACK(self._stream.fileno(), 0, 0, _SYNC_FILE_RANGE_WRITE)
        return written

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        """Move the position (what pycdlib calls)."""
        self._pos = self._stream.seek(offset, whence)
        return self._pos

    def tell(self) -> int:
        """The current position."""
        return self._pos

    def _hash_at_frontier(self, offset: int, chunk: bytes) -> None:
        if offset > self._frontier:
            self._queue.put(offset - self._frontier)  # a hole
        self._queue.put(chunk)
        self._frontier = offset + len(chunk)

    def _settle(self, below: int) -> None:
        """Hash the waiting writes that start below ``below``, taking the gaps among them as holes."""
        count = bisect.bisect_left(self._waiting, below, key=lambda item: item[0])
        for offset, chunk in self._waiting[:count]:
            self._waiting_bytes -= len(chunk)
            self._hash_at_frontier(offset, chunk)
        del self._waiting[:count]

    def _take(self, offset: int, chunk: bytes) -> None:
        if not chunk:
            return
        end = offset + len(chunk)
        index = bisect.bisect_left(self._waiting, offset, key=lambda item: item[0])
        overlaps = (index > 0 and self._waiting[index - 1][0] + len(self._waiting[index - 1][1]) > offset) or (
            index < len(self._waiting) and self._waiting[index][0] < end
        )
        if offset < self._frontier or overlaps:
            self._broken = True  # bytes hashed, taken as a hole or waiting change: read the file instead
            self._waiting.clear()
            return
        if offset == self._frontier:
            self._hash_at_frontier(offset, chunk)
            while self._waiting and self._waiting[0][0] == self._frontier:
                waiting_offset, waiting = self._waiting.pop(0)
                self._waiting_bytes -= len(waiting)
                self._hash_at_frontier(waiting_offset, waiting)
            return
        self._waiting.insert(index, (offset, chunk))
        self._waiting_bytes += len(chunk)
        if self._waiting_bytes > SETTLE_BYTES:
            self._settle(end)

    def finish(self) -> str | None:
        """Flush the file and return its SHA-256 as written, or None if it must be read to be hashed."""
        self._stream.flush()
        size = os.fstat(self._stream.fileno()).st_size
        if not self._broken:
            self._settle(size)
            if self._waiting or size < self._frontier:
                self._broken = True
            elif size > self._frontier:
                self._queue.put(size - self._frontier)
        self._stop()
        return None if self._broken else self._sha256.hexdigest()

    def close(self) -> None:
        """Stop hashing without a result (after a failure); harmless after :meth:`finish`."""
        self._broken = True
        self._stop()

    def _stop(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
