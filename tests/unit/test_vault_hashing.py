"""The one-read SHA-256 + SM3 hasher shared by vault, verification and export."""

from __future__ import annotations

import hashlib
import io
import threading
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence_station.domain.errors import OperationCancelledError
from evidence_station.domain.progress import CancelToken
from evidence_station.vault.hashing import CHUNK_SIZE, DualHasher, hash_file, hash_stream, iter_chunks


def reference_sm3(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


@settings(max_examples=25, deadline=None)
@given(st.lists(st.binary(max_size=5000), max_size=8))
def test_dual_hasher_equals_independent_digests(chunks: list[bytes]) -> None:
    with DualHasher() as hasher:
        for chunk in chunks:
            hasher.update(chunk)
        sha256, sm3 = hasher.hexdigests()
    data = b"".join(chunks)
    assert sha256 == hashlib.sha256(data).hexdigest()
    assert sm3 == reference_sm3(data)
    assert hasher.size == len(data)


def test_hash_file_over_many_reused_buffers(tmp_path: Path) -> None:
    data = hashlib.shake_256(b"x").digest(DualHasher.BUFFERS_NEEDED * 2 * CHUNK_SIZE + 99)
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    assert hash_file(path) == (hashlib.sha256(data).hexdigest(), reference_sm3(data), len(data))


def test_iter_chunks_without_readinto_falls_back_to_read() -> None:
    class ReadOnly:
        def __init__(self) -> None:
            self.inner = io.BytesIO(b"a" * (CHUNK_SIZE + 1))

        def read(self, size: int) -> bytes:
            return self.inner.read(size)

    assert [len(c) for c in iter_chunks(ReadOnly())] == [CHUNK_SIZE, 1]  # type: ignore[arg-type]


def test_hash_stream_can_be_cancelled_and_its_thread_ends() -> None:
    token = CancelToken()
    token.cancel()
    before = threading.active_count()
    with pytest.raises(OperationCancelledError):
        hash_stream(io.BytesIO(b"a" * 3 * CHUNK_SIZE), cancel=token)
    assert threading.active_count() == before
