"""I/O faults during an import: every one ends in a clear error and a consistent store.

Faults are injected where the operating system answers: the source reader (read errors at random
offsets), the vault's system calls (``VaultOS``: write errors, ENOSPC, a failing fsync), a read-only vault
folder, and a catalogue locked by another program. After each: the error names the problem, nothing
half-written is kept (no temporary file, no blob that is not what its name says, no catalogue row without
its blob), and ``verify`` finds nothing wrong.
(Unit-level vault faults are in tests/unit/test_vault_blob_store.py; this adds the service level.)
"""

from __future__ import annotations

import errno
import io
import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidence_station.cards import open_file
from evidence_station.cards.errors import SourceReadError
from evidence_station.catalogue.recordings import Recording
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.services.import_service import import_card
from evidence_station.services.station import Station
from evidence_station.services.users import login
from evidence_station.services.verify_service import verify_store
from evidence_station.vault.blob_store import Vault, VaultOS
from evidence_station.vault.errors import FsyncFailedError, VaultFullError, VaultWriteError
from tests.conftest import PASSWORD
from tests.reliability.conftest import RecordCases
from tests.reliability.crash_support import FailingReader, sha256_of, write_card

READ_ERROR_OFFSETS = 40


class FaultyOS(VaultOS):
    """Fails one chosen call (``write`` or ``fsync``) with ``errno_``; counts the calls."""

    def __init__(self, call: str, errno_: int, after_bytes: int = 0) -> None:
        self.call, self.errno, self.after_bytes = call, errno_, after_bytes
        self.written = 0
        self.calls = {"write": 0, "fsync": 0}

    def write(self, fd: int, data: memoryview) -> int:
        self.calls["write"] += 1
        if self.call == "write" and self.written + len(data) > self.after_bytes:
            raise OSError(self.errno, __import__("os").strerror(self.errno))
        self.written += len(data)
        return super().write(fd, data)

    def fsync(self, fd: int) -> None:
        self.calls["fsync"] += 1
        if self.call == "fsync":
            raise OSError(self.errno, __import__("os").strerror(self.errno))
        super().fsync(fd)


def _consistent(station: Station) -> list[str]:
    found = [f"temporary file {p.name}" for p in station.vault.tmp_dir.iterdir()]
    stored = set(station.vault.iter_blob_hashes())
    found += [f"blob {d} is not what its name says" for d in stored if sha256_of(station.vault.blob_path(d)) != d]
    found += [f"recording {r.id} without blob" for r in Recording.select() if r.sha256 not in stored]
    found += [f"verify: {p.kind}: {p.message}" for p in verify_store(station).problems]
    return found


@pytest.fixture
def card(tmp_path: Path) -> Path:
    write_card(tmp_path / "card", seed=41, files=3)
    return tmp_path / "card"


@pytest.fixture
def custodian(imported_station: Station):
    return login(imported_station, "custodian", PASSWORD)


def test_read_errors_at_random_offsets_leave_nothing(tmp_path: Path, record_cases: RecordCases) -> None:
    vault = Vault(tmp_path / "vault")
    rng = random.Random(5)
    data = rng.randbytes(3 * 1024 * 1024 + 17)
    offsets = sorted({0, 1, len(data) - 1, *(rng.randrange(len(data)) for _ in range(READ_ERROR_OFFSETS - 3))})
    for offset in offsets:
        with pytest.raises(SourceReadError) as caught:
            vault.ingest(io.BufferedReader(FailingReader(data, offset)), expected_size=len(data), item="A.MP4")
        assert "Reading A.MP4 failed" in caught.value.message and "Input/output error" in caught.value.message
        assert not any(vault.tmp_dir.iterdir()) and not list(vault.iter_blob_hashes())
    record_cases("I/O faults", len(offsets))


def test_read_error_on_the_card_mid_import(custodian, card: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = open
    victim = sorted((card / "DCIM" / "100DSJ").iterdir())[1].name

    def failing_open(fd, *args, **kwargs):
        stream = original(fd, *args, **kwargs)
        name = Path(__import__("os").readlink(f"/proc/self/fd/{stream.fileno()}")).name
        return io.BufferedReader(FailingReader(stream.read(), 10_000)) if name == victim else stream

    monkeypatch.setattr(open_file, "open", failing_open, raising=False)
    result = import_card(custodian, card)
    failed = [f for f in result.files if f.error]
    assert [Path(f.card_path).name for f in failed] == [victim]
    assert "Input/output error" in (failed[0].reason or "")
    assert result.counts["stored"] == 2
    assert _consistent(custodian.station) == []


@pytest.mark.parametrize(("call", "code", "error", "words"), [
    ("fsync", errno.EIO, FsyncFailedError, "could not confirm"),
    ("write", errno.EIO, VaultWriteError, "Could not write to the vault"),
    ("write", errno.ENOSPC, VaultFullError, "is full"),
])
def test_vault_faults_stop_the_import_cleanly(custodian, card: Path, call: str, code: int,
                                              error: type[EvidenceStationError], words: str) -> None:
    station = custodian.station
    faulty = FaultyOS(call, code, after_bytes=50_000)
    station.vault._os = faulty
    before = Recording.select().count()
    result = import_card(custodian, card, workers=1)
    failed = [f for f in result.files if f.error]
    assert failed and all(words in (f.reason or "") for f in failed[:1]), [f.reason for f in failed]
    assert Recording.select().count() == before  # nothing catalogued without its blob
    if call == "fsync":
        assert faulty.calls["fsync"] == len(failed) == 3  # one fsync per file, a failed one never retried
    else:
        assert result.status == "stopped" and error.__name__  # a full or failing vault stops the import
    station.vault._os = VaultOS()
    assert _consistent(station) == []


@pytest.fixture
def read_only_vault(imported_station: Station, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The vault's tmp folder refuses new files (chmod 0500; as root, which ignores it, EROFS is injected)."""
    import os
    import tempfile

    tmp = imported_station.vault.tmp_dir
    tmp.chmod(0o500)
    if os.geteuid() == 0:
        real = tempfile.mkstemp

        def refuse(*args, **kwargs):
            if Path(kwargs.get("dir", "")) == tmp:
                raise OSError(errno.EROFS, "Read-only file system")
            return real(*args, **kwargs)

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    yield
    tmp.chmod(0o700)


def test_read_only_vault_folder(custodian, card: Path, read_only_vault: None) -> None:
    before = Recording.select().count()
    result = import_card(custodian, card, workers=1)
    assert result.status == "stopped"
    assert "Could not create a temporary file in the vault" in result.message
    assert Recording.select().count() == before
    assert all(f.status == "skipped" for f in result.files)


@pytest.mark.sqlite_only("locks the SQLite catalogue file from a second connection")
def test_catalogue_locked_by_another_program(custodian, card: Path) -> None:
    station = custodian.station
    station.db.execute_sql("PRAGMA busy_timeout = 300")
    counts = {t: station.db.execute_sql(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in station.db.get_tables()}
    blobs = set(station.vault.iter_blob_hashes())
    other = sqlite3.connect(station.home.catalogue_file, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(EvidenceStationError) as caught:
            import_card(custodian, card)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert type(caught.value).__name__ == "CatalogueBusyError"
    assert caught.value.message.startswith("The catalogue is busy") and "Nothing was changed" in caught.value.message
    after = {t: station.db.execute_sql(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in station.db.get_tables()}
    assert after == counts and set(station.vault.iter_blob_hashes()) == blobs  # nothing half done
    assert _consistent(station) == []
