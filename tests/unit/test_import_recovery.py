"""The publish journal and the recovery of imports whose process died (in-process; the kill -9 test is in
tests/reliability/test_crash_import_journal.py)."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import subprocess
from pathlib import Path

import pytest

from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.people import User
from evidence_station.catalogue.recordings import ImportFile, ImportSession
from evidence_station.domain.clock import FrozenClock
from evidence_station.domain.progress import Progress, Stage
from evidence_station.importing import publish_journal
from evidence_station.importing.publish_journal import ImportJournal, journal_dir, journal_files
from evidence_station.services import import_service
from evidence_station.services.audit_service import verify_audit
from evidence_station.services.context import ServiceContext
from evidence_station.services.import_recovery import recover_interrupted_imports
from evidence_station.services.import_service import import_card
from evidence_station.services.station import Station
from evidence_station.services.verify_service import verify_store
from evidence_station.vault.blob_store import HOST_TAG, Vault, VaultOS
from evidence_station.vault.errors import VaultWriteError


def dead_pid() -> int:
    """The id of a process that has ended."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def write_journal(vault_root: Path, station_uid: str, import_id: int | None, pid: int, digests: list[str],
                  host: str = HOST_TAG) -> Path:
    """A journal as an import process leaves it (``import_id`` None: still pending)."""
    folder = journal_dir(vault_root)
    folder.mkdir(exist_ok=True)
    owner = f"import{import_id}" if import_id is not None else "pending"
    path = folder / f"{owner}-{station_uid}-pid{pid}@{host}.journal"
    path.write_text("".join(f"{d}\n" for d in digests) + "0123")  # a last line cut short by the crash
    return path


def running_import(station: Station, station_uid: str | None = None) -> int:
    """An import row left ``running`` (its process died before it ended)."""
    custodian = User.get(User.name == "custodian")
    session = ImportSession.create(custodian=custodian, station_uid=station_uid or station.station_uid,
                                   card_root="/media/card", started_at=station.clock.now(), files_total=3)
    return session.id


def reopen(station: Station, clock: FrozenClock) -> Station:
    station.close()
    return Station.open(station.home.root, clock=clock)


@pytest.fixture
def catalogued(people: dict[str, ServiceContext], tmp_path: Path) -> str:
    """The SHA-256 of a recording imported normally (its blob belongs to the catalogue)."""
    card = tmp_path / "card"
    (card / "DCIM").mkdir(parents=True)
    (card / "DCIM" / "owned.MP4").write_bytes(b"owned bytes")
    [file] = import_card(people["custodian"], card).files
    return file.sha256


def test_a_dead_import_is_interrupted_and_only_its_orphans_are_removed(
    station: Station, people: dict[str, ServiceContext], catalogued: str, clock: FrozenClock
) -> None:
    orphan = station.vault.store_bytes(b"published, never catalogued").sha256
    never_published = hashlib.sha256(b"failed before publishing").hexdigest()
    dead = running_import(station)
    ImportFile.create(import_session=dead, card_path="DCIM/a.MP4", status="stored", size=10)
    ImportFile.create(import_session=dead, card_path="DCIM/b.MP4", status="failed", size=7)
    journal = write_journal(station.vault_dir, station.station_uid, dead, dead_pid(),
                            [catalogued, orphan, never_published])
    checkpoints = (station.home.root / "checkpoints" / "audit-checkpoints.jsonl").read_bytes()
    station = reopen(station, clock)
    try:
        row = ImportSession.get_by_id(dead)
        assert row.status == "interrupted" and row.finished_at is not None and "interrupted" in row.note
        assert (row.files_stored, row.files_failed, row.bytes_stored) == (1, 1, 10)
        interrupted = AuditEvent.get(AuditEvent.action == "import.interrupted")
        assert (interrupted.actor, interrupted.object_id, interrupted.outcome) == ("station", str(dead), "interrupted")
        said = interrupted.details
        assert said["message_zh"].startswith("导入被中断：") and said["message"].startswith("The import was")
        removed = list(AuditEvent.select().where(AuditEvent.action == "import.blob_removed"))
        assert [(e.actor, e.object_id, e.details["sha256"], e.details["size"]) for e in removed] == [
            ("station", str(dead), orphan, len(b"published, never catalogued"))]
        assert removed[0].seq > interrupted.seq
        assert not station.vault.has_blob(orphan)
        assert station.vault.has_blob(catalogued)  # another recording owns these bytes
        assert not journal.exists()
        assert verify_store(station).ok and verify_audit(station).ok
        after = (station.home.root / "checkpoints" / "audit-checkpoints.jsonl").read_bytes()
        assert after.startswith(checkpoints)
    finally:
        station.close()


def test_a_running_import_and_what_live_journals_list_are_left_alone(
    station: Station, people: dict[str, ServiceContext], clock: FrozenClock
) -> None:
    orphan = station.vault.store_bytes(b"being adopted by a live import").sha256
    live = running_import(station)
    other_station = running_import(station, station_uid="ES-SOMEWHERE-ELSE")
    mine = write_journal(station.vault_dir, station.station_uid, live, os.getpid(), [orphan])
    dead = write_journal(station.vault_dir, station.station_uid, 999, dead_pid(), [orphan])
    theirs = write_journal(station.vault_dir, "ES-SOMEWHERE-ELSE", other_station, dead_pid(), [])
    station = reopen(station, clock)
    try:
        assert ImportSession.get_by_id(live).status == "running"  # its process (this one) runs
        assert ImportSession.get_by_id(other_station).status == "running"  # not ours to judge
        assert station.vault.has_blob(orphan)  # the live journal lists it
        assert mine.exists() and theirs.exists() and not dead.exists()
        assert not AuditEvent.select().where(AuditEvent.action == "import.blob_removed").exists()
    finally:
        station.close()


def test_an_import_being_recorded_holds_back_the_check(
    station: Station, people: dict[str, ServiceContext], clock: FrozenClock
) -> None:
    maybe_dead = running_import(station)
    pending = ImportJournal.start(station.vault_dir, station.station_uid)
    try:
        station = reopen(station, clock)
        assert ImportSession.get_by_id(maybe_dead).status == "running"  # looked at again next time
    finally:
        pending.remove()
    station = reopen(station, clock)
    try:
        assert ImportSession.get_by_id(maybe_dead).status == "interrupted"
    finally:
        station.close()


def test_an_import_keeps_a_journal_naming_it_and_its_process_while_it_runs(
    station: Station, people: dict[str, ServiceContext], tmp_path: Path
) -> None:
    card = tmp_path / "card"
    (card / "DCIM").mkdir(parents=True)
    for number in range(3):
        (card / "DCIM" / f"clip{number}.MP4").write_bytes(os.urandom(4096))
    seen: list[list[str]] = []

    def progress(report: Progress) -> None:
        if report.stage is not Stage.SCANNING:  # the card is scanned before the import (and its journal) begins
            seen.append([j.path.name for j in journal_files(station.vault_dir)])

    result = import_card(people["custodian"], card, progress=progress)
    expected = f"import{result.import_id}-{station.station_uid}-pid{os.getpid()}@{HOST_TAG}.journal"
    assert seen and all(names == [expected] for names in seen)
    assert journal_files(station.vault_dir) == []  # settled and deleted at the end


def test_an_import_finishing_its_findings_is_not_taken_for_dead(
    station: Station, people: dict[str, ServiceContext], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = tmp_path / "card"
    (card / "DCIM").mkdir(parents=True)
    (card / "DCIM" / "clip.MP4").write_bytes(os.urandom(4096))
    real = import_service._raise_findings
    marked_meanwhile: list[list[int]] = []

    def findings(ctx: ServiceContext, *args: object) -> object:
        # what a station opened by another program while this import finishes would do
        marked_meanwhile.append(recover_interrupted_imports(ctx.station.station_uid, ctx.station.vault, ctx.now()))
        return real(ctx, *args)

    monkeypatch.setattr(import_service, "_raise_findings", findings)
    result = import_card(people["custodian"], card)
    assert marked_meanwhile == [[]]
    assert ImportSession.get_by_id(result.import_id).status == "completed"
    assert not AuditEvent.select().where(AuditEvent.action == "import.interrupted").exists()


class RecordingOS(VaultOS):
    """Records the order of the vault's steps."""

    def __init__(self, events: list[str]) -> None:
        self.events = events

    def fsync(self, fd: int) -> None:
        self.events.append("fsync copy")
        super().fsync(fd)

    def link(self, source: Path, target: Path) -> None:
        self.events.append("publish")
        super().link(source, target)


class RecordingJournal:
    def __init__(self, events: list[str]) -> None:
        self.events = events

    def note(self, sha256: str) -> None:
        self.events.append("note")

    def sync(self, sha256: str) -> None:
        self.events.append("sync")


def test_the_vault_notes_before_flushing_the_copy_and_publishes_only_after_the_note_is_durable(
    tmp_path: Path,
) -> None:
    events: list[str] = []
    vault = Vault(tmp_path / "vault", os_ops=RecordingOS(events))
    vault.ingest(io.BytesIO(b"evidence"), journal=RecordingJournal(events))
    assert events == ["note", "fsync copy", "sync", "publish"]


def test_notes_are_durable_before_sync_returns_and_flushes_are_shared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flushes: list[int] = []
    real = publish_journal._datasync
    monkeypatch.setattr(publish_journal, "_datasync", lambda fd: (flushes.append(fd), real(fd)))
    journal = ImportJournal.start(tmp_path, "ES-TEST")
    journal.claim(7)
    digests = [hashlib.sha256(bytes([n])).hexdigest() for n in range(20)]
    for digest in digests:
        journal.note(digest)
    for digest in digests:
        journal.sync(digest)
    assert 1 <= len(flushes) <= len(digests)
    [found] = journal_files(tmp_path)
    assert (found.import_id, found.pid, found.alive) == (7, os.getpid(), True)
    assert found.noted() == set(digests) == journal.noted
    journal.remove()
    assert journal_files(tmp_path) == []


def test_a_journal_that_cannot_be_flushed_publishes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(publish_journal, "_datasync", failing)
    vault = Vault(tmp_path / "vault")
    journal = ImportJournal.start(vault.root, "ES-TEST")
    with pytest.raises(VaultWriteError, match="import journal"):
        vault.ingest(io.BytesIO(b"evidence"), journal=journal)
    assert list(vault.iter_blob_hashes()) == [] and not list(vault.tmp_dir.iterdir())
    with pytest.raises(VaultWriteError):  # a failed flush is final
        journal.note(hashlib.sha256(b"next").hexdigest())
    journal.remove()
