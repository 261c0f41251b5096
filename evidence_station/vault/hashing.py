"""One-read SHA-256 + SM3 hashing, shared by the vault, verification and export.

SHA-256 (hashlib, ~1.4 GB/s) runs in the caller's thread while SM3 (~0.22 GB/s) runs in one helper
thread per :class:`DualHasher`; both release the GIL, so the two digests are computed at the same time
from the same chunks and every byte is read once.
"""

from __future__ import annotations

import hashlib
import os
import queue
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from evidence_station.domain.progress import CancelToken, ProgressCallback, check_cancel, report

CHUNK_SIZE = 1 << 20
"""Bytes read, hashed and written per step (1 MiB)."""

_QUEUE_DEPTH = 4
_MAX_HASHING_WORKERS = 4

BytesLike = bytes | bytearray | memoryview
_STOP = None


def hashing_workers() -> int:
    """How many files to hash at once: one per core (each file's SM3 keeps one core busy), at most 4."""
    return max(1, min(_MAX_HASHING_WORKERS, os.cpu_count() or 1))


class _Hash(Protocol):
    def update(self, data: BytesLike, /) -> None: ...

    def hexdigest(self) -> str: ...


class _CryptographySm3:
    """SM3 from ``cryptography`` behind the hashlib ``update``/``hexdigest`` interface."""

    def __init__(self) -> None:
        from cryptography.hazmat.primitives import hashes

        self._hash = hashes.Hash(hashes.SM3())

    def update(self, data: BytesLike, /) -> None:
        self._hash.update(data)  # type: ignore[arg-type]

    def hexdigest(self) -> str:
        return self._hash.finalize().hex()


def new_sm3() -> _Hash:
    """A fresh SM3 hash object: hashlib's (OpenSSL) when available, else ``cryptography``'s."""
    try:
        return hashlib.new("sm3")
    except ValueError:
        return _CryptographySm3()


class DualHasher:
    """Computes SHA-256 and SM3 of one byte stream at once.

    :meth:`update` hashes SHA-256 immediately and hands the chunk to the SM3 thread. The chunk must stay
    unchanged until it is hashed: a caller that reuses buffers must cycle through at least
    :attr:`BUFFERS_NEEDED` of them (at most ``BUFFERS_NEEDED - 1`` chunks are held at any moment).
    Use as a context manager, or call :meth:`close`, so the helper thread always ends.
    """

    BUFFERS_NEEDED = _QUEUE_DEPTH + 2

    def __init__(self) -> None:
        self._sha256 = hashlib.sha256()
        self._sm3 = new_sm3()
        self._queue: queue.Queue[BytesLike | None] = queue.Queue(maxsize=_QUEUE_DEPTH)
        self._abandoned = False
        self._worker_error: BaseException | None = None
        self._digests: tuple[str, str] | None = None
        self.size = 0
        self._thread = threading.Thread(target=self._run_sm3, name="sm3-hasher", daemon=True)
        self._thread.start()

    def _run_sm3(self) -> None:
        while (chunk := self._queue.get()) is not _STOP:
            if self._abandoned or self._worker_error is not None:
                continue
            try:
                self._sm3.update(chunk)
            except BaseException as exc:  # reported by hexdigests()
                self._worker_error = exc

    def update(self, data: BytesLike) -> None:
        """Add the next chunk to both digests."""
        if self._digests is not None or self._abandoned:
            raise RuntimeError("DualHasher is finished; create a new one")
        self._queue.put(data)
        self._sha256.update(data)
        self.size += memoryview(data).nbytes

    def hexdigests(self) -> tuple[str, str]:
        """Finish and return ``(sha256_hex, sm3_hex)``; may be called more than once."""
        if self._digests is None:
            if self._abandoned:
                raise RuntimeError("DualHasher was closed before it finished")
            self._queue.put(_STOP)
            self._thread.join()
            if self._worker_error is not None:
                raise self._worker_error
            self._digests = (self._sha256.hexdigest(), self._sm3.hexdigest())
        return self._digests

    def close(self) -> None:
        """Stop the SM3 thread without finishing (after a failure); harmless after :meth:`hexdigests`."""
        if self._digests is None and not self._abandoned:
            self._abandoned = True
            self._queue.put(_STOP)
            self._thread.join()

    def __enter__(self) -> DualHasher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def iter_chunks(stream: BinaryIO, buffers: int = DualHasher.BUFFERS_NEEDED) -> Iterator[memoryview]:
    """Yield the stream's bytes as views into a ring of ``buffers`` reused 1 MiB buffers.

    Each view stays valid until ``buffers - 1`` further chunks were taken. OS errors of the stream
    propagate from ``next()``, so callers can tell a read failure from a failure of their own work.
    """
    readinto = getattr(stream, "readinto", None)
    if readinto is None:
        while chunk := stream.read(CHUNK_SIZE):
            yield memoryview(chunk)
        return
    ring = [bytearray(CHUNK_SIZE) for _ in range(buffers)]
    views = [memoryview(buffer) for buffer in ring]
    index = 0
    while True:
        count = readinto(ring[index])
        if count is None:
            raise BlockingIOError("the source gave no data (non-blocking stream)")
        if count == 0:
            return
        yield views[index][:count]
        index = (index + 1) % buffers


def hash_stream(
    stream: BinaryIO,
    *,
    total: int = 0,
    item: str = "",
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> tuple[str, str, int]:
    """Read ``stream`` once to its end and return ``(sha256_hex, sm3_hex, size)``.

    Reports ``Progress(done, total, "bytes", item, "hashing")`` per chunk and stops with
    :class:`~evidence_station.domain.errors.OperationCancelledError` when ``cancel`` is set.
    """
    with DualHasher() as hasher:
        for chunk in iter_chunks(stream):
            check_cancel(cancel)
            hasher.update(chunk)
            report(progress, hasher.size, total, "bytes", item, "hashing")
        sha256, sm3 = hasher.hexdigests()
        return sha256, sm3, hasher.size


def hash_file(
    path: Path | str,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> tuple[str, str, int]:
    """Return ``(sha256_hex, sm3_hex, size)`` of the file at ``path``, read once."""
    with open(path, "rb", buffering=0) as stream:
        total = Path(path).stat().st_size
        return hash_stream(stream, total=total, item=str(path), progress=progress, cancel=cancel)
