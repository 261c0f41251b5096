"""Importing cards whose file names are not plain UTF-8 text, and imports that meet unexpected errors.

The reproduction of issue #16: a FAT card written by a camera in GBK gives a video named
``b'\\xd5\\xc5\\xc8\\xfd.MP4'`` on Linux. It crashed the probe (``UnicodeEncodeError``), left the import
``running`` and an orphan blob in the vault, so ``verify`` failed on that home for ever.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.recordings import ImportFile, ImportSession, Recording
from evidence_station.cli.commands.import_commands import import_json
from evidence_station.cli.output import to_jsonable
from evidence_station.importing.errors import ImportFailedError
from evidence_station.importing.publish_journal import journal_files
from evidence_station.media.demo_card import write_demo_card
from evidence_station.media.probe_session import ProbePool
from evidence_station.services import import_catalogue, import_service
from evidence_station.services.audit_service import verify_audit
from evidence_station.services.context import ServiceContext
from evidence_station.services.import_receipt import import_receipt
from evidence_station.services.import_service import import_card
from evidence_station.services.station import Station
from evidence_station.services.verify_service import verify_store

GBK_NAME = b"\xd5\xc5\xc8\xfd.MP4"  # 张三.MP4 written in GBK
GBK_SHOWN = "DCIM/\\xd5\\xc5\\xc8\\xfd.MP4"


@pytest.fixture(scope="module")
def video_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a real, playable MP4 from the demo card."""
    card = tmp_path_factory.mktemp("demo") / "card"
    write_demo_card(card, seed=3, day=date(2026, 11, 24))
    return max(card.rglob("*_0001.MP4"), key=lambda p: p.stat().st_size).read_bytes()


def write_raw(card: Path, relative: bytes, data: bytes) -> bytes:
    """Write ``data`` at the card path ``relative`` given as bytes (folders made); return the path's bytes."""
    target = os.fsencode(card) + b"/" + relative
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as handle:
        handle.write(data)
    return relative


def raw_card_paths(card: Path) -> set[bytes]:
    """Every file's path on the card, relative, as bytes."""
    root = os.fsencode(card)
    return {os.path.relpath(os.path.join(folder, name), root)
            for folder, _dirs, names in os.walk(root) for name in names}


def assert_home_intact(station: Station) -> None:
    """Catalogue, vault and audit chain (with its checkpoint file) all verify; no journal or temp file is left."""
    result = verify_store(station)
    assert result.ok, [p.message for p in result.problems]
    assert verify_audit(station).ok
    assert not [p for p in (station.vault_dir / "tmp").iterdir()]
    assert journal_files(station.vault_dir) == []
    assert not ImportSession.select().where(ImportSession.status == "running").exists()


def test_gbk_video_name_is_stored_kept_as_bytes_and_shown_escaped(
    station: Station, people: dict[str, ServiceContext], tmp_path: Path, video_bytes: bytes
) -> None:
    card = tmp_path / "card"
    write_raw(card, b"DCIM/" + GBK_NAME, video_bytes)
    result = import_card(people["custodian"], card)
    assert result.status == "completed" and result.counts["failed"] == 0
    [file] = result.files
    assert (file.card_path, file.status, file.kind, file.playable) == (GBK_SHOWN, "stored", "video", True)
    assert file.sha256 == hashlib.sha256(video_bytes).hexdigest()
    assert station.vault.blob_path(file.sha256).read_bytes() == video_bytes
    rec = Recording.get_by_id(file.recording_id)
    assert rec.card_path == GBK_SHOWN and rec.file_name == "\\xd5\\xc5\\xc8\\xfd.MP4"
    assert rec.card_path_bytes == b"DCIM/" + GBK_NAME  # the raw name round-trips from the catalogue
    with open(os.fsencode(card) + b"/" + rec.card_path_bytes, "rb") as original:
        assert original.read() == video_bytes
    assert ImportFile.get(ImportFile.recording == rec).card_path_bytes == b"DCIM/" + GBK_NAME
    text = json.dumps(to_jsonable(import_json(result)), ensure_ascii=False)
    text.encode("utf-8")  # the JSON the CLI prints is valid UTF-8
    assert json.loads(text)["files"][0]["card_path"] == GBK_SHOWN
    stored = AuditEvent.get((AuditEvent.action == "recording.stored") & (AuditEvent.object_id == str(rec.id)))
    assert bytes.fromhex(stored.details["card_path_bytes"]) == b"DCIM/" + GBK_NAME
    assert_home_intact(station)


def test_odd_names_are_each_listed_once_and_kept_exactly(
    station: Station, people: dict[str, ServiceContext], tmp_path: Path, video_bytes: bytes
) -> None:
    card = tmp_path / "card"
    names = [b"DCIM/" + GBK_NAME, b"DCIM/line\nbreak.MP4", b"DCIM/ctrl\x01\x1b[31mred.MP4", b"DCIM/back\\slash.MP4",
             "DCIM/café.MP4".encode(), unicodedata.normalize("NFD", "DCIM/café.MP4").encode(),
             "DCIM/evil\u202egnp.MP4".encode(), b"DCIM/" + b"L" * 251 + b".MP4",
             ("DCIM/" + "长" * 80 + ".MP4").encode(), b"DCIM/\xb2\xe2\xca\xd4/Z8A0001_010203_20261124093000_0001.MP4",
             b"DCIM/\xff\xfe.MP4"]
    for number, name in enumerate(names):
        write_raw(card, name, video_bytes + bytes([number]))  # distinct bytes: no duplicate
    ctx = people["custodian"]
    result = import_card(ctx, card)
    assert result.status == "completed"
    shown = [f.card_path for f in result.files]
    assert len(shown) == len(set(shown)) == len(names)
    assert {f.status for f in result.files} == {"stored"}
    for f in result.files:
        f.card_path.encode("utf-8")
        assert not any(unicodedata.category(c) == "Cc" for c in f.card_path)
    recordings = list(Recording.select())
    assert {r.card_path_bytes for r in recordings} == raw_card_paths(card) == set(names)
    assert next(r for r in recordings if b"\xb2\xe2" in r.card_path_bytes).device.serial == "Z8A0001"
    for finding in result.findings:
        (finding.message + finding.message_zh).encode("utf-8")
    receipt = tmp_path / "receipt.pdf"
    receipt.write_bytes(import_receipt(ctx, result.import_id).content)
    text = subprocess.run(["pdftotext", "-raw", str(receipt), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "\\xd5\\xc5\\xc8\\xfd.MP4" in text and "line\\nbreak.MP4" in text
    assert_home_intact(station)


def test_an_unexpected_error_fails_that_file_only(
    station: Station, people: dict[str, ServiceContext], tmp_path: Path, video_bytes: bytes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    card = tmp_path / "card"
    for number in range(4):
        write_raw(card, f"DCIM/clip{number}.MP4".encode(), video_bytes + bytes([number]))
    real = import_service.copy_card_file

    def buggy(vault, entry, progress=None, cancel=None, **options):
        if entry.card_path.endswith("clip2.MP4"):
            raise RuntimeError("a bug in the copy")
        return real(vault, entry, progress, cancel, **options)

    monkeypatch.setattr(import_service, "copy_card_file", buggy)
    result = import_card(people["custodian"], card)
    assert result.status == "completed"
    failed = [f for f in result.files if f.error]
    assert [f.card_path for f in failed] == ["DCIM/clip2.MP4"] and failed[0].status == "skipped"
    assert "RuntimeError: a bug in the copy" in failed[0].reason and failed[0].reason_zh
    assert result.counts == {"stored": 3, "already_stored": 0, "skipped": 0, "failed": 1}
    assert_home_intact(station)


def test_a_probe_that_raises_keeps_the_original(
    station: Station, people: dict[str, ServiceContext], tmp_path: Path, video_bytes: bytes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    card = tmp_path / "card"
    write_raw(card, b"DCIM/clip.MP4", video_bytes)

    def broken(self, path, name=None):
        raise UnicodeEncodeError("utf-8", "\udcd5", 0, 1, "surrogates not allowed")

    monkeypatch.setattr(ProbePool, "probe", broken)
    result = import_card(people["custodian"], card)
    [file] = result.files
    assert file.status == "stored" and not file.playable and not file.error
    assert "could not be probed" in Recording.get_by_id(file.recording_id).media["error"]
    assert_home_intact(station)


def test_a_blob_published_but_not_catalogued_is_removed_at_the_end(
    station: Station, people: dict[str, ServiceContext], tmp_path: Path, video_bytes: bytes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    card = tmp_path / "card"
    write_raw(card, b"DCIM/keep.MP4", video_bytes + b"k")
    write_raw(card, b"DCIM/same-as-keep.MP4", video_bytes + b"k")  # the same bytes: one blob, two recordings
    write_raw(card, b"DCIM/victim.MP4", video_bytes + b"v")
    real = import_catalogue.catalogue_one

    def failing(ctx, session, copied, *args):
        if copied.entry.card_path.endswith(("victim.MP4", "same-as-keep.MP4")):
            raise RuntimeError("the catalogue refused this row")
        return real(ctx, session, copied, *args)

    monkeypatch.setattr(import_catalogue, "catalogue_one", failing)
    result = import_card(people["custodian"], card)
    assert result.status == "completed"
    by_path = {f.card_path: f for f in result.files}
    assert by_path["DCIM/keep.MP4"].recording_id is not None  # stored (or already stored by its twin's copy)
    assert by_path["DCIM/victim.MP4"].error and by_path["DCIM/same-as-keep.MP4"].error
    victim = hashlib.sha256(video_bytes + b"v").hexdigest()
    kept = hashlib.sha256(video_bytes + b"k").hexdigest()
    assert not station.vault.has_blob(victim)  # published, never catalogued: removed
    assert station.vault.has_blob(kept)  # "keep.MP4" owns these bytes: kept although same-as-keep failed
    removed = [e for e in AuditEvent.select().where(AuditEvent.action == "import.blob_removed")]
    assert [(e.details["sha256"], e.actor, e.object_id) for e in removed] == [
        (victim, "custodian", str(result.import_id))]
    assert_home_intact(station)


def test_an_import_that_cannot_go_on_ends_failed_without_debris(
    station: Station, people: dict[str, ServiceContext], tmp_path: Path, video_bytes: bytes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    card = tmp_path / "card"
    write_raw(card, b"DCIM/clip.MP4", video_bytes)

    def broken(*args, **kwargs):
        raise RuntimeError("findings exploded")

    monkeypatch.setattr(import_service, "_raise_findings", broken)
    with pytest.raises(ImportFailedError, match="findings exploded") as caught:
        import_card(people["custodian"], card)
    assert caught.value.exit_code == 1
    session = ImportSession.get()
    assert session.status == "failed" and "findings exploded" in session.note and session.finished_at
    assert session.files_stored == 1
    finish = AuditEvent.get(AuditEvent.action == "import.finish")
    assert finish.details["status"] == "failed"
    assert_home_intact(station)


def test_version_2_catalogue_gains_the_raw_name_columns(station: Station) -> None:
    from evidence_station.catalogue.schema import CURRENT_VERSION, SchemaVersion, applied_version, ensure_schema

    for table in ("recording", "import_file"):
        station.db.execute_sql(f'ALTER TABLE "{table}" DROP COLUMN "card_path_raw"')
    SchemaVersion.update(version=2).execute()
    assert ensure_schema(station.db) == CURRENT_VERSION == applied_version(station.db)
    for table in ("recording", "import_file"):
        assert "card_path_raw" in {c.name for c in station.db.get_columns(table)}
