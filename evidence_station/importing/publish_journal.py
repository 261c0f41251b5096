"""The publish journal of a running import: the blobs it may have published but not yet catalogued.

:meth:`Vault.ingest <evidence_station.vault.blob_store.Vault.ingest>` publishes a blob (``link``) before the
import commits the recording row that names it. A process killed in between (SIGKILL, a power cut) would leave
a blob that no catalogue row accounts for, and ``verify`` would fail on that home for ever. So every import keeps
a journal file in ``<vault>/journal/`` and notes each SHA-256 in it *before* publishing that blob:

    import<ID>-<STATION>-pid<PID>@<HOST>.journal      (``pending-<STATION>-…`` until the import's row exists)

The name is also the import's "I am running" marker, like an export's (:mod:`~evidence_station.services.
export_recovery`): a journal whose process no longer runs on this machine belongs to a dead import. At the next
start the station marks that import ``interrupted`` and removes every blob its journal lists that no catalogue
row references and no live journal lists (:mod:`~evidence_station.services.import_recovery`); the import itself
does the same check when it ends, and then deletes its journal. The journals live in the vault, not the home, so
every station sharing a vault folder sees every import that may be publishing into it.

**Durability without a per-file fsync on the critical path.** A note must be on the disk before the blob it names
is published. A note is written as soon as the file's digest is known — *before* the copy's own fsync and
read-back — and a flusher thread makes it durable (``fdatasync``) while those run; ``sync`` just before
``link`` then finds it done. Notes written while a flush runs are covered by the next one (group commit), so
several files in flight share one flush. The alternative of journaling in the per-batch catalogue commit would
need the digest before the batch commits, i.e. a second commit per batch between read-back and publishing; and a
journal write without its own flush ordered only by the blob folder's fsync is not guaranteed by POSIX (the link
may reach the disk first). Measured here: an append + ``fdatasync`` costs ~0.2 ms, overlapped with the copy's
fsync of megabytes.

**Locking.** A note is written under a shared ``flock`` of ``<vault>/journal/.lock``; whoever removes
uncatalogued blobs reads the journals and removes under the exclusive lock. So an import that is about to
publish (or to adopt as "already stored") a blob an earlier import left behind has either noted it before the
check — and the blob is kept — or notes it after the removal and publishes the bytes anew. (No ``flock`` on
Windows: there the check and the note are not serialised.)
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from evidence_station.domain.messages import Msg
from evidence_station.vault.blob_store import HOST_TAG, process_alive
from evidence_station.vault.errors import VaultWriteError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

JOURNAL_DIR = "journal"
LOCK_NAME = ".lock"
_SUFFIX = ".journal"
_NAME = re.compile(r"^(?:import(?P<import_id>\d+)|pending)-(?P<station>[A-Za-z0-9_.-]+)-pid(?P<pid>\d+)"
                   r"@(?P<host>[0-9a-f]+)\.journal$")
_SHA256_LINE = re.compile(r"[0-9a-f]{64}")
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_datasync = getattr(os, "fdatasync", os.fsync)


def journal_dir(vault_root: Path) -> Path:
    """Where the journals of running imports are kept."""
    return Path(vault_root) / JOURNAL_DIR


def _station_tag(station_uid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", station_uid) or "station"


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY | _CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _journal_error(vault_root: Path, exc: OSError) -> VaultWriteError:
    reason = exc.strerror or exc
    return VaultWriteError(
        Msg(
            "Could not write the import journal in the vault {vault_root}: {reason}. Nothing more is stored "
            "until it can be written; check the vault disk, then import again.",
            vault_root=vault_root,
            reason=reason,
        ),
    )


@dataclass(frozen=True)
class JournalFile:
    """One journal found in the vault, as its name describes it."""

    path: Path
    import_id: int | None  # None: the import's row did not exist yet ("pending")
    station: str
    pid: int
    host: str

    @property
    def alive(self) -> bool:
        """False only when its process surely no longer runs (another machine's journal is always alive)."""
        return self.host != HOST_TAG or process_alive(self.pid)

    def belongs_to(self, station_uid: str) -> bool:
        """True when the journal was written by the station ``station_uid``."""
        return self.station == _station_tag(station_uid)

    def noted(self) -> set[str]:
        """The SHA-256 digests noted so far (a line still being written is ignored)."""
        try:
            text = self.path.read_bytes().decode("ascii", "replace")
        except FileNotFoundError:
            return set()
        return {line for line in text.split("\n")[:-1] if _SHA256_LINE.fullmatch(line)}


def journal_files(vault_root: Path) -> list[JournalFile]:
    """Every import journal in the vault, sorted by name."""
    folder = journal_dir(vault_root)
    found = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        match = _NAME.match(path.name)
        if match is not None:
            import_id = match["import_id"]
            found.append(JournalFile(path, int(import_id) if import_id else None, match["station"],
                                     int(match["pid"]), match["host"]))
    return found


def _lock_fd(vault_root: Path) -> int:
    folder = journal_dir(vault_root)
    folder.mkdir(mode=0o700, exist_ok=True)
    return os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | _CLOEXEC, 0o600)


@contextmanager
def exclusive_lock(vault_root: Path) -> Iterator[None]:
    """Hold the journals' exclusive lock: no import notes a blob meanwhile (see the module docstring)."""
    fd = _lock_fd(vault_root)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


class ImportJournal:
    """The journal of one running import (see the module docstring); a :class:`~evidence_station.vault.
    blob_store.PublishJournal`. Thread-safe. Create with :meth:`start`, then :meth:`claim` it once the import's
    row exists; :meth:`close` stops its flusher, :meth:`remove` deletes it once every noted blob is settled."""

    def __init__(self, vault_root: Path, path: Path, fd: int, lock_fd: int) -> None:
        self.vault_root = Path(vault_root)
        self.path = path
        self._fd = fd
        self._lock_fd = lock_fd
        self._cond = threading.Condition()
        self._written = 0  # notes written
        self._synced = 0  # notes known to be on the disk
        self._tickets: dict[str, int] = {}
        self._error: VaultWriteError | None = None
        self._closing = False
        self._flusher: threading.Thread | None = None

    @classmethod
    def start(cls, vault_root: Path, station_uid: str) -> ImportJournal:
        """Create the pending journal of an import about to be recorded (its name already durable)."""
        folder = journal_dir(vault_root)
        path = folder / f"pending-{_station_tag(station_uid)}-pid{os.getpid()}@{HOST_TAG}{_SUFFIX}"
        try:
            lock_fd = _lock_fd(vault_root)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | _CLOEXEC, 0o600)
            except BaseException:
                os.close(lock_fd)
                raise
            _fsync_dir(folder)
        except OSError as exc:
            raise _journal_error(vault_root, exc) from exc
        return cls(vault_root, path, fd, lock_fd)

    def claim(self, import_id: int) -> None:
        """Name the journal after import ``import_id`` (durably, before anything is noted)."""
        target = self.path.with_name(self.path.name.replace("pending-", f"import{import_id}-", 1))
        try:
            os.replace(self.path, target)
            _fsync_dir(target.parent)
        except OSError as exc:
            raise _journal_error(self.vault_root, exc) from exc
        self.path = target

    @property
    def noted(self) -> set[str]:
        """Every SHA-256 noted so far."""
        with self._cond:
            return set(self._tickets)

    def note(self, sha256: str) -> None:
        """Write ``sha256`` to the journal; the flusher makes it durable in the background."""
        line = f"{sha256}\n".encode("ascii")
        with self._cond:
            if self._error is not None:
                raise self._error
            if sha256 in self._tickets:
                return  # the same bytes twice on one card: one note covers both
            try:
                if fcntl is not None:
                    fcntl.flock(self._lock_fd, fcntl.LOCK_SH)
                try:
                    written = os.write(self._fd, line)  # O_APPEND, one small write: never interleaved
                finally:
                    if fcntl is not None:
                        fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
                if written != len(line):
                    raise OSError(0, "short write")
            except OSError as exc:
                self._error = _journal_error(self.vault_root, exc)
                raise self._error from exc
            self._written += 1
            self._tickets[sha256] = self._written
            if self._flusher is None:
                self._flusher = threading.Thread(target=self._flush_loop, name="import-journal", daemon=True)
                self._flusher.start()
            self._cond.notify_all()

    def sync(self, sha256: str) -> None:
        """Return once the note of ``sha256`` is on the disk."""
        with self._cond:
            ticket = self._tickets[sha256]
            while self._synced < ticket and self._error is None:
                self._cond.wait()
            if self._synced < ticket:
                assert self._error is not None
                raise self._error

    def _flush_loop(self) -> None:
        with self._cond:
            while True:
                while self._synced >= self._written and not self._closing:
                    self._cond.wait()
                if self._synced >= self._written:
                    return
                target = self._written
                self._cond.release()
                failure: OSError | None = None
                try:
                    _datasync(self._fd)
                except OSError as exc:
                    failure = exc
                finally:
                    self._cond.acquire()
                if failure is not None:
                    # A failed flush is final (the kernel may have dropped the pages): refuse every later note.
                    self._error = _journal_error(self.vault_root, failure)
                    self._cond.notify_all()
                    return
                self._synced = target
                self._cond.notify_all()

    def close(self) -> None:
        """Flush what is noted and stop the flusher (the file stays until :meth:`remove`)."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()
            flusher = self._flusher
        if flusher is not None:
            flusher.join()
        with self._cond:
            for fd in (self._fd, self._lock_fd):
                if fd >= 0:
                    os.close(fd)
            self._fd = self._lock_fd = -1

    def remove(self) -> None:
        """Close and delete the journal: every blob it noted is catalogued or gone."""
        self.close()
        self.path.unlink(missing_ok=True)
