"""Importing camera cards: every file once, exact hashes, findings, duplicates, failures leave nothing half done."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from evidence_station.audit.log import event_count
from evidence_station.cards.errors import SourceReadError
from evidence_station.catalogue.recordings import ImportFile, Recording
from evidence_station.domain.errors import NotFoundError, PermissionDeniedError
from evidence_station.domain.progress import CancelToken, Progress, Stage
from evidence_station.media.demo_card import write_demo_card
from evidence_station.services import import_service
from evidence_station.services.context import ServiceContext
from evidence_station.services.import_service import import_card
from evidence_station.services.station import Station
from evidence_station.services.verify_service import verify_store
from evidence_station.vault.blob_store import Vault
from evidence_station.vault.errors import VaultFullError

DAY = date(2026, 11, 24)


@pytest.fixture(scope="session")
def demo_card_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    card = tmp_path_factory.mktemp("master") / "card"
    write_demo_card(card, seed=7, day=DAY)
    return card


@pytest.fixture
def card(tmp_path: Path, demo_card_master: Path) -> Path:
    target = tmp_path / "card"
    shutil.copytree(demo_card_master, target, symlinks=True)
    return target


def _all_card_files(card: Path) -> set[str]:
    return {p.relative_to(card).as_posix() for p in card.rglob("*") if p.is_file() or p.is_symlink()}


def _sm3_openssl(path: Path) -> str:
    done = subprocess.run(["openssl", "dgst", "-sm3", str(path)], capture_output=True, text=True, check=True)
    return done.stdout.strip().rsplit(" ", 1)[-1]


def test_every_file_once_with_exact_hashes(station: Station, people: dict[str, ServiceContext], card: Path) -> None:
    result = import_card(people["custodian"], card)
    assert result.status == "completed"
    paths = [f.card_path for f in result.files]
    assert len(paths) == len(set(paths))
    assert set(paths) == _all_card_files(card)
    stored = [f for f in result.files if f.status == "stored"]
    assert stored, "nothing stored"
    for f in stored:
        source = card / f.card_path
        data = source.read_bytes()
        assert f.sha256 == hashlib.sha256(data).hexdigest()
        blob = station.vault.blob_path(f.sha256)
        assert blob.read_bytes() == data
        assert f.sm3 == _sm3_openssl(source) == _sm3_openssl(blob)
    skipped = {f.card_path: f.reason for f in result.files if f.status == "skipped"}
    assert any(p.startswith("System Volume Information") for p in skipped)
    assert any(Path(p).name.startswith("._") for p in skipped)
    assert any("补" in f.card_path for f in stored), "Chinese-named file not stored"
    assert verify_store(station).ok


def test_findings_of_the_demo_card(station: Station, people: dict[str, ServiceContext], card: Path) -> None:
    result = import_card(people["custodian"], card)
    kinds = {f.kind for f in result.findings}
    assert {"gap", "time_overlap", "damaged", "empty"} <= kinds
    damaged = next(f for f in result.findings if f.kind == "damaged")
    rec = Recording.get_by_id(damaged.recording_ids[0])
    assert not rec.playable and rec.size > 0
    by_path = {f.card_path: f for f in result.files}
    assert by_path[rec.card_path].playable is False
    # The Chinese sentence is Chinese throughout: the probe's reason too (only the path and box names stay Latin).
    reason_zh = damaged.message_zh.removeprefix(rec.card_path)
    assert "已损坏" in reason_zh and rec.media["error_zh"].rstrip("。") in reason_zh
    assert not re.findall(r"(?<!')\b[A-Za-z]{2,}\b(?!')", reason_zh), reason_zh
    gap = next(f for f in result.findings if f.kind == "gap")
    assert gap.seconds and gap.seconds > 5 and len(gap.recording_ids) == 2


def test_reimport_reports_already_stored_and_adds_no_rows(
    station: Station, people: dict[str, ServiceContext], card: Path
) -> None:
    first = import_card(people["custodian"], card)
    rows = Recording.select().count()
    second = import_card(people["custodian"], card)
    assert Recording.select().count() == rows
    assert {f.status for f in second.files if f.recording_id} == {"already_stored"}
    assert not second.findings
    assert [f.recording_id for f in first.files] == [f.recording_id for f in second.files]


def test_same_bytes_elsewhere_is_a_duplicate_stored_once(
    station: Station, people: dict[str, ServiceContext], card: Path, tmp_path: Path
) -> None:
    import_card(people["custodian"], card)
    other = tmp_path / "other"
    (other / "DCIM").mkdir(parents=True)
    video = next(p for p in sorted(card.rglob("Z8A0001*.MP4")))
    shutil.copy(video, other / "DCIM" / "copy_of_clip.MP4")
    blobs_before = sorted(station.vault.iter_blob_hashes())
    result = import_card(people["custodian"], other)
    assert sorted(station.vault.iter_blob_hashes()) == blobs_before
    (entry,) = result.files
    assert entry.status == "already_stored"
    assert [f.kind for f in result.findings] == ["duplicate"]
    assert Recording.get_by_id(entry.recording_id).duplicate_of_id is not None


def test_late_import_is_flagged(station: Station, people: dict[str, ServiceContext], card: Path, clock) -> None:
    clock.advance(timedelta(days=3))
    result = import_card(people["custodian"], card)
    late = [f for f in result.findings if f.kind == "late_import"]
    assert late and all(f.seconds > 24 * 3600 for f in late)


def test_on_time_import_has_no_late_finding(station: Station, people: dict[str, ServiceContext], card: Path) -> None:
    result = import_card(people["custodian"], card)
    assert not [f for f in result.findings if f.kind == "late_import"]


def test_clerk_may_not_import_and_nothing_changes(
    station: Station, people: dict[str, ServiceContext], card: Path
) -> None:
    before = event_count()
    with pytest.raises(PermissionDeniedError):
        import_card(people["clerk"], card)
    assert Recording.select().count() == 0
    assert event_count() == before + 1
    assert not list(station.vault.iter_blob_hashes())


def test_missing_card_is_not_found(people: dict[str, ServiceContext], tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="mounted"):
        import_card(people["custodian"], tmp_path / "no-card")


def _temp_files(station: Station) -> list[Path]:
    return [p for p in (station.home.vault_dir / "tmp").rglob("*") if p.is_file()]


def test_card_pulled_mid_file_skips_that_file_only(
    station: Station, people: dict[str, ServiceContext], card: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = import_service.copy_card_file
    victim = "Z8A0002_010377"

    def flaky(vault, entry, progress=None, cancel=None, **options):
        if victim in entry.card_path and entry.card_path.endswith("0001.MP4"):
            raise SourceReadError(f"Reading {entry.card_path} failed at byte 4096 (card removed?).")
        return real(vault, entry, progress, cancel, **options)

    monkeypatch.setattr(import_service, "copy_card_file", flaky)
    result = import_card(people["custodian"], card)
    failed = [f for f in result.files if f.error]
    assert len(failed) == 1 and victim in failed[0].card_path and "byte 4096" in failed[0].reason
    assert not Recording.select().where(Recording.card_path == failed[0].card_path).exists()
    assert ImportFile.get(ImportFile.card_path == failed[0].card_path).status == "failed"
    assert result.counts["stored"] >= 8
    assert not _temp_files(station)
    assert verify_store(station).ok
    # Re-running completes the card.
    monkeypatch.setattr(import_service, "copy_card_file", real)
    again = import_card(people["custodian"], card)
    redo = next(f for f in again.files if f.card_path == failed[0].card_path)
    assert redo.status == "stored"


def test_full_vault_stops_cleanly(
    station: Station, people: dict[str, ServiceContext], card: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = import_service.copy_card_file
    calls = {"n": 0, "stored": 0}
    lock, two_stored = threading.Lock(), threading.Event()

    def filling(vault, entry, progress=None, cancel=None, **options):
        with lock:
            calls["n"] += 1
            n = calls["n"]
        if n >= 3:  # the disk fills up once two files are in (files are copied several at a time)
            assert two_stored.wait(30)
            raise VaultFullError("The vault disk is full (needs 1 MB more); free space or move the vault.")
        stored = real(vault, entry, progress, cancel, **options)
        with lock:
            calls["stored"] += 1
            if calls["stored"] == 2:
                two_stored.set()
        return stored

    monkeypatch.setattr(import_service, "copy_card_file", filling)
    result = import_card(people["custodian"], card, workers=1)
    assert result.status == "stopped"
    assert "full" in result.message
    assert set(f.card_path for f in result.files) == _all_card_files(card)
    assert result.counts["stored"] == 2
    assert Recording.select().count() == 2
    assert not _temp_files(station)
    assert verify_store(station).ok


def test_cancel_lists_every_file_and_keeps_nothing_half_done(
    station: Station, people: dict[str, ServiceContext], card: Path
) -> None:
    token = CancelToken()
    seen = {"files": set()}

    def progress(p):
        seen["files"].add(p.item)
        if len(seen["files"]) >= 3:
            token.cancel()

    result = import_card(people["custodian"], card, progress=progress, cancel=token, workers=1)
    assert result.status == "cancelled"
    assert set(f.card_path for f in result.files) == _all_card_files(card)
    assert Recording.select().count() < len([f for f in result.files if f.kind != "skipped"])
    assert not _temp_files(station)
    for rec in Recording.select():
        assert station.vault.has_blob(rec.sha256)
    assert verify_store(station).ok


def test_only_workers_files_are_hashed_at_once(
    station: Station, people: dict[str, ServiceContext], card: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More files are in flight (fsync, read-back, probe) than are read and hashed, which stays at ``workers``."""
    real = Vault._copy_and_hash
    lock = threading.Lock()
    state = {"now": 0, "most": 0}

    def counted(self, *args, **kwargs):
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        try:
            time.sleep(0.05)  # long enough for the other threads to try to start their copies
            return real(self, *args, **kwargs)
        finally:
            with lock:
                state["now"] -= 1

    monkeypatch.setattr(Vault, "_copy_and_hash", counted)
    result = import_card(people["custodian"], card, workers=2)
    assert result.status == "completed"
    assert state["most"] == 2
    assert verify_store(station).ok


def test_total_progress_never_goes_back_while_copies_are_read_back(
    station: Station, people: dict[str, ServiceContext], card: Path
) -> None:
    reports: list[Progress] = []
    lock = threading.Lock()

    def progress(report: Progress) -> None:
        with lock:
            reports.append(report)

    result = import_card(people["custodian"], card, workers=1, progress=progress)
    stored_bytes = sum(f.size or 0 for f in result.files if f.status == "stored")
    assert reports[0].stage is Stage.SCANNING
    reports = [r for r in reports if r.unit == "bytes"]
    assert reports and {r.total for r in reports} == {stored_bytes}
    done = [r.done for r in reports]
    assert done == sorted(done), "the import's total progress went backwards"
    assert done[-1] == stored_bytes
    assert {"copying", "verifying"} <= {r.message for r in reports}
    assert {Stage.COPYING, Stage.READING_BACK} <= {r.stage for r in reports}


def test_a_card_that_cannot_fit_is_refused_before_anything_is_copied(
    station: Station, people: dict[str, ServiceContext], card: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evidence_station.catalogue.recordings import ImportSession
    from evidence_station.vault.blob_store import VaultOS

    card_bytes = sum(p.stat().st_size for p in card.rglob("*") if p.is_file() and not p.is_symlink())
    monkeypatch.setattr(VaultOS, "free_bytes", lambda self, path: card_bytes // 2)
    with pytest.raises(VaultFullError, match="importing this card needs"):
        import_card(people["custodian"], card)
    assert ImportSession.select().count() == 0
    assert Recording.select().count() == 0
    assert not list(station.vault.iter_blob_hashes())


def test_a_reinserted_card_is_not_refused_for_files_already_stored(
    station: Station, people: dict[str, ServiceContext], card: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evidence_station.vault.blob_store import DEFAULT_MIN_FREE_BYTES, VaultOS

    first = import_card(people["custodian"], card)
    sizes = [p.stat().st_size for p in card.rglob("*") if p.is_file() and not p.is_symlink()]
    room = DEFAULT_MIN_FREE_BYTES + max(sizes)  # one file at a time fits (a copy is needed to hash it), not the card
    assert sum(sizes) > max(sizes)
    monkeypatch.setattr(VaultOS, "free_bytes", lambda self, path: room)
    again = import_card(people["custodian"], card)
    assert again.status == "completed"
    assert again.counts["already_stored"] == first.counts["stored"]


def test_a_file_named_as_recorded_afterwards_and_one_without_a_camera_are_flagged(
    station: Station, people: dict[str, ServiceContext], card: Path
) -> None:
    """Art. 11: the demo card's ``现场补录_…`` clip (renamed on a computer: no camera in its name) raises an
    ``after_the_fact`` and a ``no_device`` finding; the camera's own files raise neither, the text note neither."""
    result = import_card(people["custodian"], card)
    by_path = {f.recording_id: f.card_path for f in result.files if f.recording_id}
    late = [f for f in result.findings if f.kind == "after_the_fact"]
    unknown = [f for f in result.findings if f.kind == "no_device"]
    assert [by_path[f.recording_ids[0]] for f in late] == [p for p in by_path.values() if "现场补录_" in p]
    assert "补录" in late[0].message and "第十一条" in late[0].message_zh
    assert [by_path[f.recording_ids[0]] for f in unknown] == [by_path[late[0].recording_ids[0]]]
    again = import_card(people["custodian"], card)
    assert not [f for f in again.findings if f.kind in ("after_the_fact", "no_device")]
