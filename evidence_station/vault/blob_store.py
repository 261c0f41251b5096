"""The content-addressed, write-once blob store (see the package docstring for the layout).

Storing one file is a single pass over its source: each 1 MiB chunk is read once, hashed (SHA-256 here,
SM3 in a helper thread, at the same time) and written to a temporary file in ``tmp/``. Then the
temporary file is fsynced, dropped from the page cache, read back from the disk and its SHA-256 compared,
made read-only and published with ``os.link`` to ``objects/<sha256[:2]>/<sha256>``, which never
overwrites: if that name exists the bytes are already stored. Finally the directory is fsynced. Any
failure removes the temporary file and raises a specific :mod:`~evidence_station.vault.errors` error.

An importer may pass a :class:`PublishJournal`: the digest is noted in it as soon as it is known, and the
blob is published only once that note is on the disk, so a process killed after publishing but before
cataloguing leaves a record of the blob to check (see :mod:`evidence_station.importing.publish_journal`).
"""

from __future__ import annotations

import errno
import hashlib
import io
import mmap
import os
import re
import shutil
import socket
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from evidence_station.cards.errors import SourceChangedError, SourceReadError
from evidence_station.cards.source import new_checksum
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg
from evidence_station.domain.progress import CancelToken, ProgressCallback, Stage, check_cancel, report
from evidence_station.vault.errors import (
    BlobNotFoundError,
    BlobReadError,
    ExistingBlobMismatchError,
    FsyncFailedError,
    ReadBackMismatchError,
    VaultFullError,
    VaultWriteError,
)
from evidence_station.vault.hashing import DualHasher, hash_stream, iter_chunks

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_TEMP_PREFIX = "ingest-"
_TEMP_SUFFIX = ".part"
_STALE_TEMP_SECONDS = 24 * 3600
_FLUSH_BEHIND_WINDOW = 32 * 1024 * 1024
_NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_BINARY = getattr(os, "O_BINARY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_DIRECT = getattr(os, "O_DIRECT", 0)
_DIRECT_CHUNK = 4 * 1024 * 1024
"""Bytes per direct read-back (a multiple of every block size O_DIRECT may demand)."""
_ACTIVE_TEMPS: set[str] = set()
"""Temporary files being written by this process (any Vault instance); cleanup_temp leaves them."""
_ACTIVE_LOCK = threading.Lock()
HOST_TAG = hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:12]
"""This machine, in temporary file names: on a vault folder shared by several stations a pid only means
something to the machine that wrote the file."""
DEFAULT_MIN_FREE_BYTES = 64 * 1024 * 1024
"""Space kept free on the vault disk (for the catalogue and the system) when an import checks space."""


@dataclass(frozen=True)
class IngestResult:
    """What :meth:`Vault.ingest` stored: both digests, the size, and whether the bytes were new."""

    sha256: str
    sm3: str
    size: int
    newly_stored: bool


class PublishJournal(Protocol):
    """Where an importer notes the blobs it is about to publish (a crash may leave them uncatalogued)."""

    def note(self, sha256: str) -> None:
        """Record that the blob ``sha256`` may be published soon (the record may still be on its way to disk)."""

    def sync(self, sha256: str) -> None:
        """Return once the note of ``sha256`` is on the disk (raise a VaultError when it cannot be)."""


class VaultOS:
    """The operating-system calls the vault makes while storing; tests override them to inject faults."""

    def write(self, fd: int, data: memoryview) -> int:
        """Write some of ``data`` to ``fd`` and return how many bytes were written."""
        return os.write(fd, data)

    def fsync(self, fd: int) -> None:
        """Flush a file's data to the disk."""
        os.fsync(fd)

    def fsync_dir(self, path: Path) -> None:
        """Make a directory's entries durable (a no-op where directories cannot be opened, e.g. Windows)."""
        if os.name != "posix":
            return
        fd = os.open(path, os.O_RDONLY | _CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def drop_cache(self, fd: int, offset: int = 0, length: int = 0) -> None:
        """Ask the kernel to forget the file's cached pages (``length`` 0: to the end of the file)."""
        if hasattr(os, "posix_fadvise"):
            try:
                os.posix_fadvise(fd, offset, length, os.POSIX_FADV_DONTNEED)
            except OSError:
                pass

    def flush_behind(self, fd: int, offset: int, length: int) -> None:
        """Start writing a range of the file to the disk now and drop what is already written from the cache.

        On Linux ``POSIX_FADV_DONTNEED`` starts asynchronous write-back of dirty pages in the range and
        evicts clean ones. Without it the kernel would keep gigabytes dirty and the final fsync would
        write them all while the CPU waits; with it writing overlaps hashing.
        """
        self.drop_cache(fd, offset, length)

    def read_from_disk(self, path: Path) -> Iterator[memoryview]:
        """Yield the file's bytes as read from the disk, not from the page cache, where the OS allows.

        Linux: ``O_DIRECT`` into a page-aligned buffer (the disk's data lands in our buffer; the cache is
        neither read nor filled, and no kernel copy is spent). Where a filesystem refuses direct I/O
        (tmpfs, some FUSE mounts) or the OS has no ``O_DIRECT``, a plain read after :meth:`drop_cache`.
        Each view is valid until the next one is taken.
        """
        if _DIRECT:
            try:
                fd = os.open(path, os.O_RDONLY | _DIRECT | _CLOEXEC)
            except OSError as exc:
                if exc.errno != errno.EINVAL:
                    raise
            else:
                try:
                    yield from _read_direct(fd)
                    return
                except _DirectIORefused:
                    pass
                finally:
                    os.close(fd)
        with open(path, "rb", buffering=0) as stream:
            yield from iter_chunks(stream, buffers=1)

    def link(self, source: Path, target: Path) -> None:
        """Create ``target`` as a hard link to ``source``; fails with FileExistsError, never overwrites."""
        os.link(source, target)

    def free_bytes(self, path: Path) -> int:
        """Free bytes on the filesystem holding ``path``."""
        return shutil.disk_usage(path).free


class _DirectIORefused(Exception):
    """The filesystem accepted ``O_DIRECT`` at open but refused the first direct read."""


def _read_direct(fd: int) -> Iterator[memoryview]:
    """Yield a file's bytes read with ``O_DIRECT``, the next chunk already being read while one is hashed.

    Two page-aligned buffers take turns: while the caller works on the view of one, a helper thread reads
    the next chunk into the other (sequential ``readv`` on the file position, one read in flight), so the
    disk never waits for the hashing nor the hashing for the disk. A view is valid until the next one is
    taken; the buffers are left to the garbage collector, since the caller may still hold the last view.
    """
    buffers = [mmap.mmap(-1, _DIRECT_CHUNK) for _ in range(2)]
    views = [memoryview(buffer) for buffer in buffers]
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="vault-read-back") as reader:
        pending = reader.submit(os.readv, fd, [buffers[0]])
        index = 0
        first = True
        while True:
            try:
                count = pending.result()
            except OSError as exc:
                if first and exc.errno == errno.EINVAL:
                    raise _DirectIORefused from exc
                raise
            first = False
            if count == 0:
                return
            pending = reader.submit(os.readv, fd, [buffers[1 - index]])
            yield views[index][:count]
            index = 1 - index


def _size_text(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def _unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _remove_temp(path: Path) -> None:
    """Delete a leftover temporary file WITHOUT touching its permissions first.

    A process killed between publishing (``link``) and unlinking its temp file leaves a temp that is a second
    name of the published blob: changing its mode would make the blob itself writable. Only a temp with no
    other name may be made writable, where the platform refuses to delete a read-only file.
    """
    try:
        path.unlink()
    except PermissionError:
        if path.lstat().st_nlink > 1:
            raise
        path.chmod(0o600)
        path.unlink()


def process_alive(pid: int) -> bool:
    """True unless process ``pid`` surely no longer runs on this machine (this process counts as alive)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # os.kill(pid, 0) would terminate the process on Windows; rely on the age rule
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


class Vault:
    """A write-once, content-addressed store of blobs under ``root`` (created with mode 0o700).

    Safe to use from several threads and several processes at once: each ingest writes its own
    temporary file and publishes with an atomic, non-overwriting hard link.
    """

    def __init__(
        self,
        root: Path | str,
        *,
        os_ops: VaultOS | None = None,
        min_free_bytes: int = DEFAULT_MIN_FREE_BYTES,
    ) -> None:
        self.root = Path(root)
        self.objects_dir = self.root / "objects"
        self.tmp_dir = self.root / "tmp"
        self._os = os_ops or VaultOS()
        self._min_free_bytes = min_free_bytes
        for folder in (self.root, self.objects_dir, self.tmp_dir):
            if not folder.is_dir():
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                os.chmod(folder, 0o700)

    # ----------------------------------------------------------------------------------------- storing

    def ingest(
        self,
        source: BinaryIO,
        *,
        expected_size: int | None = None,
        item: str = "",
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
        copy_slot: AbstractContextManager[object] | None = None,
        journal: PublishJournal | None = None,
        verify_source: Callable[[bytes], None] | None = None,
    ) -> IngestResult:
        """Store everything ``source`` yields, reading it exactly once, and return the digests.

        ``expected_size`` (when known) is checked against free space before copying and against the
        bytes actually read. Progress is reported per chunk as ``Progress(done, size, "bytes", item,
        "copying")`` and then ``"verifying"`` for the read-back. Raises a
        :class:`~evidence_station.vault.errors.SourceError` or
        :class:`~evidence_station.vault.errors.VaultError` subclass, or ``OperationCancelledError``;
        in every failure case no temporary file and no new blob are left behind.

        ``copy_slot`` (e.g. a shared :class:`threading.Semaphore`) is held only while the source is read
        and hashed — the CPU-bound part — and released before the fsync and the read-back, which mostly
        wait for the disk; several threads sharing one slot pool keep every core hashing.

        ``journal`` gets the digest as soon as it is known (:meth:`PublishJournal.note`: its write to the disk
        overlaps the fsync and the read-back of the copy) and must confirm it durable
        (:meth:`PublishJournal.sync`) before the blob is published.

        The copy pass also computes the XXH3-128 of the bytes (~0.07 CPU-s per GB): ``verify_source`` gets it
        before anything is made durable and raises when the source's own checksum differs (bytes streamed from a
        desk), and the read-back from the disk is compared by it — the SHA-256 of record is not computed twice.
        """
        check_cancel(cancel)
        if expected_size is not None:
            self.require_space(expected_size, Msg("storing this file"))
        fd, temp_path = self._new_temp()
        try:
            with copy_slot if copy_slot is not None else nullcontext():
                sha256, sm3, size, checksum = self._copy_and_hash(source, fd, expected_size, item, progress, cancel)
            if verify_source is not None:
                verify_source(checksum)
            if journal is not None:
                journal.note(sha256)
            self._fsync_temp(fd, item)
            self._os.drop_cache(fd)
            if os.name == "posix":
                os.fchmod(fd, 0o444)
            os.close(fd)
            fd = -1
            self._read_back(temp_path, checksum, size, item, progress, cancel)
            if journal is not None:
                journal.sync(sha256)
            newly_stored = self._publish(temp_path, sha256, size)
        except BaseException:
            if fd >= 0:
                os.close(fd)
            _unlink_quietly(temp_path)
            raise
        finally:
            with _ACTIVE_LOCK:
                _ACTIVE_TEMPS.discard(str(temp_path))
        _unlink_quietly(temp_path)
        if newly_stored:
            os.chmod(self.blob_path(sha256), 0o444)
        return IngestResult(sha256=sha256, sm3=sm3, size=size, newly_stored=newly_stored)

    def store_bytes(self, data: bytes) -> IngestResult:
        """Store ``data`` (a snapshot, a derived file) through the same safe path as :meth:`ingest`."""
        return self.ingest(io.BytesIO(data), expected_size=len(data))

    @property
    def min_free_bytes(self) -> int:
        """Bytes always kept free on the vault disk."""
        return self._min_free_bytes

    def free_bytes(self) -> int:
        """Free bytes on the vault disk now."""
        return self._os.free_bytes(self.root)

    def require_space(self, size: int, purpose: Msg | None = None) -> None:
        """Raise :class:`VaultFullError` unless ``size`` bytes plus the spare margin fit on the vault disk.

        ``purpose`` completes the message, e.g. ``Msg("storing this file")`` (default: this operation).
        """
        try:
            free = self._os.free_bytes(self.root)
        except OSError as exc:  # pragma: no cover - the vault root exists
            raise VaultWriteError(
                Msg("Could not read the free space of the vault disk {root}: {exc}.", root=self.root, exc=exc)
            ) from exc
        if free < size + self._min_free_bytes:
            raise VaultFullError(Msg(
                "The vault disk {root} has {free} free, but {purpose} needs {size} plus {spare} kept spare. "
                "Free some space or enlarge the vault disk, then import again.",
                root=self.root, free=_size_text(free), purpose=purpose or Msg("this operation"),
                size=_size_text(size), spare=_size_text(self._min_free_bytes),
            ))

    def _new_temp(self) -> tuple[int, Path]:
        try:
            fd, name = tempfile.mkstemp(prefix=f"{_TEMP_PREFIX}{os.getpid()}@{HOST_TAG}-", suffix=_TEMP_SUFFIX,
                                        dir=self.tmp_dir)
        except OSError as exc:
            raise self._write_error(exc, Msg("create a temporary file in the vault {vault}", vault=self.root)) from exc
        path = Path(name)
        with _ACTIVE_LOCK:
            _ACTIVE_TEMPS.add(str(path))
        return fd, path

    def _write_error(self, exc: OSError, doing: Msg) -> VaultFullError | VaultWriteError:
        """The error for a failed write; ``doing`` (``Msg("write to the vault {vault}", vault=…)``) names the
        step."""
        if exc.errno in _NO_SPACE:
            return VaultFullError(
                Msg(
                    "The vault disk {root} is full. Free some space or enlarge the vault disk, then import again.",
                    root=self.root,
                ),
            )
        return VaultWriteError(Msg("Could not {doing}: {reason}.", doing=doing, reason=exc.strerror or exc))

    def _copy_and_hash(
        self,
        source: BinaryIO,
        fd: int,
        expected_size: int | None,
        item: str,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
    ) -> tuple[str, str, int, bytes]:
        label = item or Msg("the source file")
        total = expected_size or 0
        flushed = 0
        checksum = new_checksum()
        with DualHasher() as hasher:
            chunks = iter_chunks(source)
            while True:
                check_cancel(cancel)
                try:
                    chunk = next(chunks, None)
                except OSError as exc:
                    raise SourceReadError(Msg(
                        "Reading {label} failed after {done}: {reason}. Check that the card is still inserted "
                        "and readable, then import again.",
                        label=label, done=_size_text(hasher.size), reason=exc.strerror or exc,
                    )) from exc
                if chunk is None:
                    break
                hasher.update(chunk)
                checksum.update(chunk)
                if expected_size is not None and hasher.size > expected_size:
                    raise self._changed_error(label, expected_size, Msg("more"))
                self._write_all(fd, chunk)
                if hasher.size >= flushed + _FLUSH_BEHIND_WINDOW:
                    start = max(0, flushed - _FLUSH_BEHIND_WINDOW)
                    self._os.flush_behind(fd, start, hasher.size - start)
                    flushed = hasher.size
                report(progress, hasher.size, total, "bytes", item, "copying", Stage.COPYING)
            sha256, sm3 = hasher.hexdigests()
            size = hasher.size
        if expected_size is not None and size != expected_size:
            raise self._changed_error(label, expected_size, Msg("only {size}", size=size))
        return sha256, sm3, size, checksum.digest()

    @staticmethod
    def _changed_error(label: str | Msg, expected_size: int, got: Msg) -> SourceChangedError:
        return SourceChangedError(Msg(
            "{label} was {expected_size} bytes long when the card was scanned, but {got} bytes were read: it "
            "changed during the import. Scan the card again.",
            label=label, expected_size=expected_size, got=got,
        ))

    def _write_all(self, fd: int, chunk: memoryview) -> None:
        while chunk:
            try:
                written = self._os.write(fd, chunk)
            except OSError as exc:
                raise self._write_error(exc, Msg("write to the vault {vault}", vault=self.root)) from exc
            if written <= 0:
                raise VaultWriteError(
                    Msg("Writing to the vault {root} made no progress.", root=self.root),
                )
            chunk = chunk[written:]

    def _fsync_temp(self, fd: int, item: str) -> None:
        # A failed fsync is final: the kernel may already have dropped the dirty pages, so a second
        # fsync could "succeed" without the data on disk. Never retry; the caller gets an error.
        try:
            self._os.fsync(fd)
        except OSError as exc:
            raise FsyncFailedError(Msg(
                "The vault disk {root} could not confirm that {item} was written ({reason}). The copy was "
                "discarded; check the disk, then import again.",
                root=self.root, item=item or Msg("the file"), reason=exc.strerror or exc,
            )) from exc

    def _read_back(
        self,
        temp_path: Path,
        checksum: bytes,
        size: int,
        item: str,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
    ) -> None:
        digest = new_checksum()
        done = 0
        try:
            for chunk in self._os.read_from_disk(temp_path):
                check_cancel(cancel)
                digest.update(chunk)
                done += len(chunk)
                report(progress, done, size, "bytes", item, "verifying", Stage.READING_BACK)
        except OSError as exc:
            raise VaultWriteError(Msg(
                "Could not read back {item} from the vault {root}: {reason}.",
                item=item or Msg("the file"), root=self.root, reason=exc.strerror or exc,
            )) from exc
        if done != size or digest.digest() != checksum:
            raise ReadBackMismatchError(Msg(
                "The copy of {item} read back from the vault disk {root} differs from the bytes written. The "
                "copy was discarded; the vault disk may be failing — check it before importing again.",
                item=item or Msg("the file"), root=self.root,
            ))

    def _publish(self, temp_path: Path, sha256: str, size: int) -> bool:
        final = self.blob_path(sha256)
        fanout = final.parent
        if not fanout.is_dir():
            try:
                fanout.mkdir(mode=0o700, exist_ok=True)
            except OSError as exc:
                raise self._write_error(exc, Msg("create a folder in the vault {vault}", vault=self.root)) from exc
            self._fsync_directory(self.objects_dir)
        try:
            self._os.link(temp_path, final)
            newly_stored = True
        except FileExistsError:
            newly_stored = False
            stored_size = final.stat().st_size
            if stored_size != size:
                raise ExistingBlobMismatchError(
                    Msg(
                        "The vault already holds a blob named {sha256} but it is {stored_size} bytes, not "
                        "{size}: the vault is damaged. Run a full verification.",
                        sha256=sha256,
                        stored_size=stored_size,
                        size=size,
                    ),
                ) from None
        except OSError as exc:
            raise self._write_error(exc, Msg("publish a blob in the vault {vault}", vault=self.root)) from exc
        self._fsync_directory(fanout)
        return newly_stored

    def _fsync_directory(self, path: Path) -> None:
        try:
            self._os.fsync_dir(path)
        except OSError as exc:
            raise FsyncFailedError(
                Msg(
                    "The vault disk could not confirm the folder {path} was written ({reason}). Check the "
                    "disk, then import again.",
                    path=path,
                    reason=exc.strerror or exc,
                ),
            ) from exc

    # ----------------------------------------------------------------------------------------- reading

    def blob_path(self, sha256: str) -> Path:
        """Where the blob with this SHA-256 lives (whether or not it exists)."""
        if not _SHA256_HEX.fullmatch(sha256):
            raise InvalidInputError(
                Msg("{sha256!r} is not a SHA-256 in lower-case hex (64 characters).", sha256=sha256),
            )
        return self.objects_dir / sha256[:2] / sha256

    def has_blob(self, sha256: str) -> bool:
        """True when a blob with this SHA-256 is stored."""
        return self.blob_path(sha256).is_file()

    def open_blob(self, sha256: str) -> BinaryIO:
        """Open a stored blob for reading (binary, read-only)."""
        path = self.blob_path(sha256)
        try:
            return open(path, "rb")
        except FileNotFoundError:
            raise BlobNotFoundError(
                Msg("The vault holds no blob {sha256}.", sha256=sha256)
            ) from None
        except OSError as exc:
            raise BlobReadError(
                Msg("The blob {sha256} could not be opened: {reason}.", sha256=sha256, reason=exc.strerror or exc),
            ) from exc

    def iter_blob_hashes(self) -> Iterator[str]:
        """Yield the SHA-256 of every stored blob, in sorted order."""
        for fanout in sorted(self.objects_dir.iterdir()):
            if not fanout.is_dir() or len(fanout.name) != 2:
                continue
            for blob in sorted(fanout.iterdir()):
                if _SHA256_HEX.fullmatch(blob.name) and blob.name.startswith(fanout.name):
                    yield blob.name

    def hash_blob(
        self,
        sha256: str,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> tuple[str, str, int]:
        """Read a stored blob once and return its actual ``(sha256, sm3, size)`` (for verification)."""
        with self.open_blob(sha256) as stream:
            try:
                total = os.fstat(stream.fileno()).st_size
                return hash_stream(stream, total=total, item=sha256, progress=progress, cancel=cancel)
            except OSError as exc:
                raise BlobReadError(
                    Msg(
                        "The blob {sha256} could not be read: {reason}. The vault disk may be failing.",
                        sha256=sha256,
                        reason=exc.strerror or exc,
                    ),
                ) from exc

    # ------------------------------------------------------------------------------------- maintenance

    def cleanup_temp(self) -> int:
        """Remove temporary files left by killed processes; return how many were removed.

        A temporary file is kept while the process that wrote it still runs (its pid is in the name),
        unless it is older than a day; this process's own files in progress are always kept.
        """
        removed = 0
        now = time.time()
        for path in self.tmp_dir.iterdir():
            with _ACTIVE_LOCK:
                if str(path) in _ACTIVE_TEMPS:
                    continue
            if not self._is_stale_temp(path, now):
                continue
            try:
                _remove_temp(path)
                removed += 1
            except FileNotFoundError:
                continue
        return removed

    @staticmethod
    def _is_stale_temp(path: Path, now: float) -> bool:
        try:
            if now - path.lstat().st_mtime > _STALE_TEMP_SECONDS:
                return True
        except FileNotFoundError:
            return False
        name = path.name
        if not (name.startswith(_TEMP_PREFIX) and name.endswith(_TEMP_SUFFIX)):
            return True
        pid_text, _, host = name[len(_TEMP_PREFIX):].split("-", 1)[0].partition("@")
        if not pid_text.isdigit():
            return True
        if host and host != HOST_TAG:
            return False  # another station's import on a shared vault: only the age rule applies
        pid = int(pid_text)
        # A temp of this very process that is not being written (not in _ACTIVE_TEMPS) is a leftover.
        return pid == os.getpid() or not process_alive(pid)

    def remove_blob(self, sha256: str) -> None:
        """Delete a blob. ONLY for an approved disposal, or for a blob an import published but never catalogued
        (no catalogue row names it); the caller records the approval or the check, and the audit event."""
        path = self.blob_path(sha256)
        try:
            mode = path.lstat().st_mode
        except FileNotFoundError:
            raise BlobNotFoundError(
                Msg("The vault holds no blob {sha256}.", sha256=sha256)
            ) from None
        if not stat.S_ISREG(mode):
            raise BlobReadError(
                Msg("The vault entry {path} is not a regular file; it was left untouched.", path=path),
            )
        os.chmod(path, 0o600)
        try:
            os.unlink(path)
        except OSError as exc:
            raise VaultWriteError(
                Msg("Could not remove the blob {sha256}: {reason}.", sha256=sha256, reason=exc.strerror or exc),
            ) from exc
        self._fsync_directory(path.parent)
