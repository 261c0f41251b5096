"""The write-once vault: one read per source, both digests right, nothing half-written on any failure."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import stat
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from evidence_station.cards.errors import SourceChangedError, SourceReadError
from evidence_station.domain.errors import InvalidInputError, OperationCancelledError
from evidence_station.domain.progress import CancelToken, Progress
from evidence_station.vault.blob_store import Vault, VaultOS
from evidence_station.vault.errors import (
    BlobNotFoundError,
    ExistingBlobMismatchError,
    FsyncFailedError,
    ReadBackMismatchError,
    VaultFullError,
    VaultWriteError,
)
from evidence_station.vault.hashing import CHUNK_SIZE

MIB = 1 << 20


def payload(size: int, seed: int = 1) -> bytes:
    """Deterministic, non-repeating test bytes."""
    return hashlib.shake_256(seed.to_bytes(4, "big")).digest(size)


class CountingReader(io.RawIOBase):
    """A forward-only source that counts every byte handed out and can fail part-way."""

    def __init__(self, data: bytes, *, fail_after: int | None = None) -> None:
        self._data = memoryview(data)
        self._pos = 0
        self.bytes_read = 0
        self.fail_after = fail_after

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self.fail_after is not None and self._pos >= self.fail_after:
            raise OSError(errno.EIO, "Input/output error")
        count = min(len(buffer), len(self._data) - self._pos)
        buffer[:count] = self._data[self._pos:self._pos + count]
        self._pos += count
        self.bytes_read += count
        return count


class FaultyOS(VaultOS):
    """Injects one fault into the vault's OS calls and counts them."""

    def __init__(self, *, write_fails_at: int | None = None, fsync_fails: bool = False,
                 corrupt_write: bool = False, free: int | None = None) -> None:
        self.write_calls = 0
        self.fsync_calls = 0
        self.write_fails_at = write_fails_at
        self.fsync_fails = fsync_fails
        self.corrupt_write = corrupt_write
        self.free = free

    def write(self, fd: int, data: memoryview) -> int:
        self.write_calls += 1
        if self.write_fails_at is not None and self.write_calls >= self.write_fails_at:
            raise OSError(errno.ENOSPC, "No space left on device")
        if self.corrupt_write and self.write_calls == 2:
            damaged = bytearray(data)
            damaged[100] ^= 0xFF
            return os.write(fd, damaged)
        return super().write(fd, data)

    def fsync(self, fd: int) -> None:
        self.fsync_calls += 1
        if self.fsync_fails:
            raise OSError(errno.EIO, "Input/output error")
        super().fsync(fd)

    def free_bytes(self, path: Path) -> int:
        return self.free if self.free is not None else super().free_bytes(path)


def stored_files(vault: Vault) -> list[Path]:
    return sorted(p for p in vault.objects_dir.rglob("*") if p.is_file())


def temp_files(vault: Vault) -> list[Path]:
    return sorted(vault.tmp_dir.iterdir())


def assert_nothing_left(vault: Vault) -> None:
    assert temp_files(vault) == []
    assert stored_files(vault) == []


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    return Vault(tmp_path / "vault")


def test_new_vault_folders_are_private(tmp_path: Path) -> None:
    vault = Vault(tmp_path / "a" / "vault")
    for folder in (vault.root, vault.objects_dir, vault.tmp_dir):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_ingest_reads_source_once_and_digests_match_hashlib_and_openssl(vault: Vault, tmp_path: Path) -> None:
    data = payload(9 * MIB + 12345)  # several chunks: exercises the reused buffer ring
    reader = CountingReader(data)
    result = vault.ingest(reader, expected_size=len(data))

    assert reader.bytes_read == len(data)
    assert result.size == len(data)
    assert result.newly_stored
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    reference = tmp_path / "reference.bin"
    reference.write_bytes(data)
    openssl = subprocess.run(["openssl", "dgst", "-sm3", "-r", str(reference)],
                             capture_output=True, text=True, check=True)
    assert result.sm3 == openssl.stdout.split()[0]
    assert vault.blob_path(result.sha256).read_bytes() == data
    assert temp_files(vault) == []


def test_empty_file_is_stored_with_known_digests(vault: Vault) -> None:
    result = vault.store_bytes(b"")
    assert result.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert result.sm3 == "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"
    assert vault.has_blob(result.sha256)


def test_blob_is_read_only_and_under_fanout_folder(vault: Vault) -> None:
    result = vault.store_bytes(b"evidence")
    path = vault.blob_path(result.sha256)
    assert path == vault.objects_dir / result.sha256[:2] / result.sha256
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_same_bytes_twice_make_one_blob(vault: Vault) -> None:
    data = payload(3 * MIB)
    first = vault.ingest(io.BytesIO(data))
    second = vault.ingest(io.BytesIO(data), expected_size=len(data))
    assert (first.newly_stored, second.newly_stored) == (True, False)
    assert first.sha256 == second.sha256 and first.sm3 == second.sm3
    assert list(vault.iter_blob_hashes()) == [first.sha256]
    assert temp_files(vault) == []


def test_concurrent_ingest_of_same_bytes_from_two_threads(tmp_path: Path) -> None:
    barrier = threading.Barrier(2, timeout=10)

    class RacingOS(VaultOS):
        def link(self, source: Path, target: Path) -> None:
            barrier.wait()  # both threads publish at the same moment
            super().link(source, target)

    vault = Vault(tmp_path / "vault", os_ops=RacingOS())
    data = payload(2 * MIB + 7)
    results: list[object] = []

    def work() -> None:
        try:
            results.append(vault.ingest(io.BytesIO(data), expected_size=len(data)))
        except BaseException as exc:  # surfaced by the assertion below
            results.append(exc)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(r.newly_stored for r in results) == [False, True]  # type: ignore[attr-defined]
    assert len(stored_files(vault)) == 1
    assert vault.blob_path(hashlib.sha256(data).hexdigest()).read_bytes() == data
    assert temp_files(vault) == []


def test_concurrent_ingest_of_same_bytes_from_two_processes(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    Vault(root)
    script = textwrap.dedent(
        f"""
        import hashlib, sys
        from evidence_station.vault.blob_store import Vault
        data = hashlib.shake_256(b"same").digest(8 * 1024 * 1024)
        sys.stdin.readline()  # start together
        print(Vault({str(root)!r}).store_bytes(data).newly_stored)
        """
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         text=True)
        for _ in range(2)
    ]
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    outputs = sorted(process.communicate(timeout=60)[0].strip() for process in processes)
    assert [process.returncode for process in processes] == [0, 0]
    assert outputs == ["False", "True"]
    vault = Vault(root)
    assert len(stored_files(vault)) == 1
    assert temp_files(vault) == []


def test_source_read_error_mid_file_leaves_nothing(vault: Vault) -> None:
    reader = CountingReader(payload(5 * MIB), fail_after=2 * MIB)
    with pytest.raises(SourceReadError, match="card"):
        vault.ingest(reader, expected_size=5 * MIB)
    assert_nothing_left(vault)


def test_disk_full_on_write_raises_vault_full_and_leaves_nothing(tmp_path: Path) -> None:
    faulty = FaultyOS(write_fails_at=2)
    vault = Vault(tmp_path / "vault", os_ops=faulty)
    with pytest.raises(VaultFullError, match="full") as caught:
        vault.ingest(io.BytesIO(payload(4 * MIB)))
    assert "已满" in caught.value.text_zh() and str(vault.root) in caught.value.text_zh()
    assert faulty.write_calls == 2
    assert_nothing_left(vault)


def test_too_little_free_space_is_refused_before_reading(tmp_path: Path) -> None:
    vault = Vault(tmp_path / "vault", os_ops=FaultyOS(free=10 * MIB), min_free_bytes=MIB)
    reader = CountingReader(payload(10 * MIB))
    with pytest.raises(VaultFullError, match="free") as caught:
        vault.ingest(reader, expected_size=10 * MIB)
    assert "保存此文件需要 10.0 MiB" in caught.value.text_zh()
    assert reader.bytes_read == 0
    assert_nothing_left(vault)


def test_failed_fsync_is_fatal_and_never_retried(tmp_path: Path) -> None:
    faulty = FaultyOS(fsync_fails=True)
    vault = Vault(tmp_path / "vault", os_ops=faulty)
    with pytest.raises(FsyncFailedError, match="could not confirm"):
        vault.ingest(io.BytesIO(payload(2 * MIB)))
    assert faulty.fsync_calls == 1
    assert_nothing_left(vault)


def test_read_back_mismatch_is_detected_and_discarded(tmp_path: Path) -> None:
    vault = Vault(tmp_path / "vault", os_ops=FaultyOS(corrupt_write=True))
    with pytest.raises(ReadBackMismatchError) as caught:
        vault.ingest(io.BytesIO(payload(3 * MIB)))
    assert "回读" in caught.value.text_zh()
    assert_nothing_left(vault)


def test_cancel_mid_file_leaves_nothing(vault: Vault) -> None:
    token = CancelToken()
    reports: list[Progress] = []

    def progress(report: Progress) -> None:
        reports.append(report)
        if report.done >= CHUNK_SIZE:
            token.cancel()

    with pytest.raises(OperationCancelledError):
        vault.ingest(io.BytesIO(payload(6 * MIB)), progress=progress, cancel=token)
    assert reports[-1].done == CHUNK_SIZE
    assert_nothing_left(vault)


@pytest.mark.parametrize("actual_size", [3 * MIB - 1, 3 * MIB + 1])
def test_source_of_other_size_than_expected_is_a_changed_source(vault: Vault, actual_size: int) -> None:
    with pytest.raises(SourceChangedError, match="changed"):
        vault.ingest(io.BytesIO(payload(actual_size)), expected_size=3 * MIB)
    assert_nothing_left(vault)


def test_progress_reports_copying_then_verifying(vault: Vault) -> None:
    reports: list[Progress] = []
    data = payload(2 * MIB + 5)
    vault.ingest(io.BytesIO(data), expected_size=len(data), item="DCIM/a.mp4", progress=reports.append)
    copying = [r for r in reports if r.message == "copying"]
    verifying = [r for r in reports if r.message == "verifying"]
    assert [r.done for r in copying] == [MIB, 2 * MIB, len(data)]
    assert verifying[-1].done == len(data) and verifying[-1].total == len(data)
    assert reports.index(copying[-1]) < reports.index(verifying[0])
    assert {r.item for r in reports} == {"DCIM/a.mp4"}


def test_existing_blob_of_wrong_size_is_reported_not_overwritten(vault: Vault) -> None:
    data = b"the real bytes"
    planted = vault.blob_path(hashlib.sha256(data).hexdigest())
    planted.parent.mkdir()
    planted.write_bytes(b"short")
    with pytest.raises(ExistingBlobMismatchError, match="damaged"):
        vault.store_bytes(data)
    assert planted.read_bytes() == b"short"
    assert temp_files(vault) == []


def test_hash_blob_reads_actual_content(vault: Vault) -> None:
    data = payload(MIB + 3)
    result = vault.store_bytes(data)
    assert vault.hash_blob(result.sha256) == (result.sha256, result.sm3, len(data))
    path = vault.blob_path(result.sha256)
    path.chmod(0o644)
    path.write_bytes(data[:-1] + b"X")  # tampering behind the vault's back
    assert vault.hash_blob(result.sha256)[0] != result.sha256


def test_open_blob_is_read_only_and_missing_blob_is_not_found(vault: Vault) -> None:
    result = vault.store_bytes(b"abc")
    with vault.open_blob(result.sha256) as stream:
        assert stream.read() == b"abc"
        assert not stream.writable()
    with pytest.raises(BlobNotFoundError):
        vault.open_blob("0" * 64)


@pytest.mark.parametrize("bad", ["../../etc/passwd", "AB" * 32, "a" * 63, ""])
def test_blob_names_must_be_sha256_hex(vault: Vault, bad: str) -> None:
    with pytest.raises(InvalidInputError):
        vault.blob_path(bad)


def test_iter_blob_hashes_lists_only_blobs_sorted(vault: Vault) -> None:
    hashes = {vault.store_bytes(bytes([i])).sha256 for i in range(5)}
    (vault.objects_dir / "stray.txt").write_text("not a blob")
    assert list(vault.iter_blob_hashes()) == sorted(hashes)


def test_remove_blob_only_removes_that_blob(vault: Vault) -> None:
    keep = vault.store_bytes(b"keep")
    drop = vault.store_bytes(b"drop")
    vault.remove_blob(drop.sha256)
    assert not vault.has_blob(drop.sha256)
    assert vault.has_blob(keep.sha256)
    with pytest.raises(BlobNotFoundError):
        vault.remove_blob(drop.sha256)


def test_cleanup_temp_removes_only_leftovers_of_dead_processes(vault: Vault) -> None:
    dead = vault.tmp_dir / "ingest-999999999-abc.part"  # beyond any pid_max: no such process
    own_leftover = vault.tmp_dir / f"ingest-{os.getpid()}-old.part"
    stranger = vault.tmp_dir / "something-else"
    alive = vault.tmp_dir / f"ingest-{os.getppid()}-busy.part"
    for path in (dead, own_leftover, stranger, alive):
        path.write_bytes(b"partial")
    assert vault.cleanup_temp() == 3
    assert temp_files(vault) == [alive]


def test_cleanup_of_a_temp_that_is_already_published_keeps_the_blob_read_only(tmp_path) -> None:
    """A kill between link() and unlink() leaves the temp as a second name of the blob: cleaning it up must
    not make the published blob writable (found by the kill -9 suite)."""
    import os
    import stat as stat_module

    from evidence_station.vault.blob_store import Vault

    vault = Vault(tmp_path / "vault")
    result = vault.store_bytes(b"evidence bytes")
    blob = vault.blob_path(result.sha256)
    leftover = vault.tmp_dir / "ingest-999999999-deadbeef.part"
    os.link(blob, leftover)
    assert vault.cleanup_temp() >= 1
    assert not leftover.exists()
    assert blob.read_bytes() == b"evidence bytes"
    assert stat_module.S_IMODE(blob.stat().st_mode) & 0o222 == 0


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 4 * MIB - 1, 4 * MIB, 9 * MIB + 17])
def test_read_back_from_disk_returns_exact_bytes(tmp_path: Path, size: int) -> None:
    path = tmp_path / "blob"
    data = payload(size)
    path.write_bytes(data)
    assert b"".join(bytes(chunk) for chunk in VaultOS().read_from_disk(path)) == data


@pytest.mark.skipif(not hasattr(os, "O_DIRECT"), reason="no O_DIRECT on this OS")
def test_read_back_bypasses_the_page_cache_where_the_filesystem_allows(tmp_path: Path, monkeypatch) -> None:
    from evidence_station.vault import blob_store

    path = tmp_path / "blob"
    path.write_bytes(payload(3 * MIB))
    try:
        os.close(os.open(path, os.O_RDONLY | os.O_DIRECT))
    except OSError:
        pytest.skip("this filesystem refuses O_DIRECT")
    direct_reads: list[int] = []
    real = blob_store._read_direct

    def spy(fd: int):
        direct_reads.append(fd)
        yield from real(fd)

    monkeypatch.setattr(blob_store, "_read_direct", spy)
    vault = Vault(tmp_path / "vault")
    result = vault.ingest(io.BytesIO(payload(3 * MIB)))
    assert direct_reads, "the read-back did not use direct I/O"
    assert vault.blob_path(result.sha256).read_bytes() == payload(3 * MIB)


@pytest.mark.skipif(not hasattr(os, "O_DIRECT"), reason="no O_DIRECT on this OS")
@pytest.mark.parametrize("refused_at", ["open", "read"])
def test_read_back_falls_back_when_direct_io_is_refused(tmp_path: Path, monkeypatch, refused_at: str) -> None:
    """tmpfs refuses O_DIRECT at open; some FUSE filesystems only at the first read."""
    from evidence_station.vault import blob_store

    real_open, real_readv = os.open, os.readv
    direct_fds: set[int] = set()

    def fake_open(path, flags, *args, **kwargs):
        if flags & os.O_DIRECT and refused_at == "open":
            raise OSError(errno.EINVAL, "Invalid argument")
        fd = real_open(path, flags, *args, **kwargs)
        if flags & os.O_DIRECT:
            direct_fds.add(fd)
        return fd

    def fake_readv(fd, buffers):
        if fd in direct_fds:
            raise OSError(errno.EINVAL, "Invalid argument")
        return real_readv(fd, buffers)

    monkeypatch.setattr(blob_store.os, "open", fake_open)
    monkeypatch.setattr(blob_store.os, "readv", fake_readv)
    data = payload(5 * MIB + 3)
    vault = Vault(tmp_path / "vault")
    result = vault.ingest(io.BytesIO(data), expected_size=len(data))
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert vault.blob_path(result.sha256).read_bytes() == data


@pytest.mark.skipif(not hasattr(os, "O_DIRECT"), reason="no O_DIRECT on this OS")
def test_read_back_reads_ahead_and_stops_its_reader_when_abandoned_or_failing(tmp_path: Path, monkeypatch) -> None:
    """The next chunk is read while one is hashed; closing early or a disk error mid-file leaves no thread."""
    import threading

    from evidence_station.vault import blob_store

    path = tmp_path / "blob"
    path.write_bytes(payload(12 * MIB))
    try:
        os.close(os.open(path, os.O_RDONLY | os.O_DIRECT))
    except OSError:
        pytest.skip("this filesystem refuses O_DIRECT")

    def readers() -> list[str]:
        return [t.name for t in threading.enumerate() if t.name.startswith("vault-read-back")]

    chunks = VaultOS().read_from_disk(path)
    first = bytes(next(chunks))
    assert first == payload(12 * MIB)[: len(first)]
    assert readers(), "no read-ahead thread while the first chunk is in hand"
    chunks.close()
    assert readers() == []

    real_readv = os.readv
    calls = 0

    def failing_second_read(fd, buffers):
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError(errno.EIO, "Input/output error")
        return real_readv(fd, buffers)

    monkeypatch.setattr(blob_store.os, "readv", failing_second_read)
    with pytest.raises(OSError) as caught:
        for _ in VaultOS().read_from_disk(path):
            pass
    assert caught.value.errno == errno.EIO
    assert readers() == []


def test_a_disk_error_during_read_back_is_reported_and_nothing_is_kept(tmp_path: Path) -> None:
    class FailingReadBack(VaultOS):
        def read_from_disk(self, path: Path):
            yield memoryview(b"x")
            raise OSError(errno.EIO, "Input/output error")

    vault = Vault(tmp_path / "vault", os_ops=FailingReadBack())
    with pytest.raises(VaultWriteError, match="read back"):
        vault.ingest(io.BytesIO(payload(2 * MIB)))
    assert_nothing_left(vault)
