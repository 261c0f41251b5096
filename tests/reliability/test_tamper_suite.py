"""Tampering with the vault, the catalogue, the audit log, the checkpoints or the certificate is detected.

Each case changes one thing the way someone covering their tracks would, then runs ``verify`` /
``audit verify`` and asserts the SPECIFIC problem kind and a message naming what was touched.
(Flipped bytes, edited/deleted/reordered events and the recomputed chain are also covered in
tests/unit/test_audit_chain.py and tests/e2e/test_station_cli.py; here every kind is in one table.)
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from evidence_station.api.audit import StoreProblem
from evidence_station.audit.chain import event_hash
from evidence_station.catalogue.recordings import Recording
from evidence_station.media.boxes import set_movie_times
from evidence_station.media.probe import probe_media_inprocess
from evidence_station.services.audit_service import verify_audit
from evidence_station.services.station import Station
from evidence_station.services.users import login
from evidence_station.services.verify_service import verify_store
from evidence_station.vault.hashing import hash_stream
from tests.conftest import PASSWORD


def _videos(station: Station) -> list[Recording]:
    return list(Recording.select().where((Recording.kind == "video") & Recording.playable).order_by(Recording.id))


def _writable_blob(station: Station, digest: str) -> Path:
    path = station.vault.blob_path(digest)
    path.chmod(0o644)
    return path


def _raw(station: Station) -> sqlite3.Connection:
    station.db.close()
    con = sqlite3.connect(station.home.catalogue_file)
    con.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    con.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    return con


def _reopen(station: Station) -> Station:
    station.db.close()
    return Station.open(station.home.root)


def _store_problems(station: Station) -> list[StoreProblem]:
    result = verify_store(station)
    assert not result.ok
    return result.problems


def _audit_kinds(station: Station) -> dict[str, str]:
    result = verify_audit(station)
    assert not result.ok
    return {p.kind: p.message for p in result.problems}


def test_flipped_byte_in_a_blob(imported_station: Station) -> None:
    rec = _videos(imported_station)[0]
    blob = _writable_blob(imported_station, rec.sha256)
    raw = bytearray(blob.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    blob.write_bytes(bytes(raw))
    problems = _store_problems(imported_station)
    kinds = {(p.recording_id, p.kind) for p in problems}
    assert {(rec.id, "sha256_mismatch"), (rec.id, "sm3_mismatch")} <= kinds
    assert any(rec.card_path in p.message and "altered" in p.message for p in problems)


def test_blob_replaced_by_another_valid_video_of_other_size(imported_station: Station) -> None:
    videos = _videos(imported_station)
    victim, other = next((a, b) for a in videos for b in videos if a.size != b.size)
    blob = _writable_blob(imported_station, victim.sha256)
    blob.write_bytes(imported_station.vault.blob_path(other.sha256).read_bytes())
    problems = _store_problems(imported_station)
    mine = [p for p in problems if p.recording_id == victim.id]
    assert [p.kind for p in mine] == ["size_mismatch"]
    assert f"has {other.size} bytes, the catalogue says {victim.size}" in mine[0].message


def test_blob_replaced_by_another_valid_video_of_the_same_size(imported_station: Station, tmp_path: Path) -> None:
    victim = _videos(imported_station)[0]
    forged = tmp_path / "forged.mp4"
    shutil.copyfile(imported_station.vault.blob_path(victim.sha256), forged)
    assert set_movie_times(forged, datetime(2020, 1, 1, tzinfo=UTC))  # another, still valid, same-size video
    assert forged.stat().st_size == victim.size
    assert probe_media_inprocess(forged).playable
    blob = _writable_blob(imported_station, victim.sha256)
    blob.write_bytes(forged.read_bytes())
    blob.chmod(0o444)  # a careful forger puts the protection back
    problems = [p for p in _store_problems(imported_station) if p.recording_id == victim.id]
    assert {p.kind for p in problems} == {"sha256_mismatch", "sm3_mismatch"}
    assert hashlib.sha256(forged.read_bytes()).hexdigest() in problems[0].message
    quick = verify_store(imported_station, quick=True)
    assert quick.ok  # same size: only the full re-hash sees it — which is why `verify` is the default


def test_recording_hash_edited_in_the_catalogue(imported_station: Station) -> None:
    victim = _videos(imported_station)[0]
    fake = hashlib.sha256(b"forged").hexdigest()
    Recording.update(sha256=fake).where(Recording.id == victim.id).execute()
    problems = [p for p in _store_problems(imported_station) if p.recording_id == victim.id]
    assert [p.kind for p in problems] == ["catalogue_altered", "missing_blob"]
    assert f"recorded {victim.sha256}" in problems[0].message
    extra = [p for p in verify_store(imported_station).problems if p.kind == "extra_blob"]
    assert any(victim.sha256 in p.message for p in extra)  # the real blob is now unaccounted for


def test_recording_sm3_edited_in_the_catalogue(imported_station: Station) -> None:
    victim = _videos(imported_station)[0]
    Recording.update(sm3="0" * 64).where(Recording.id == victim.id).execute()
    problems = [p for p in _store_problems(imported_station) if p.recording_id == victim.id]
    assert [p.kind for p in problems] == ["catalogue_altered", "sm3_mismatch"]
    assert "the SM3 " + "0" * 64 in problems[0].message and f"recorded {victim.sm3}" in problems[0].message


def test_blob_and_catalogue_swapped_together_is_caught_by_the_audit(imported_station: Station,
                                                                     tmp_path: Path) -> None:
    """The thorough forger: a substitute video stored under its own hash and the catalogue row rewritten to it."""
    victim = _videos(imported_station)[0]
    forged = tmp_path / "forged.mp4"
    shutil.copyfile(imported_station.vault.blob_path(victim.sha256), forged)
    set_movie_times(forged, datetime(2020, 1, 1, tzinfo=UTC))
    with forged.open("rb") as stream:
        sha256, sm3, size = hash_stream(stream)
    imported_station.vault.ingest(forged.open("rb"), expected_size=size)
    _writable_blob(imported_station, victim.sha256).unlink()
    Recording.update(sha256=sha256, sm3=sm3, size=size).where(Recording.id == victim.id).execute()
    problems = [p for p in _store_problems(imported_station) if p.recording_id == victim.id]
    assert [p.kind for p in problems] == ["catalogue_altered"]
    assert victim.sha256 in problems[0].message and "audit log" in problems[0].message


def test_audit_event_edited(imported_station: Station) -> None:
    con = _raw(imported_station)
    con.execute("UPDATE audit_event SET actor='nobody' WHERE seq=5")
    con.commit()
    con.close()
    kinds = _audit_kinds(_reopen(imported_station))
    assert "altered" in kinds and "#5" in kinds["altered"]


def test_audit_event_deleted(imported_station: Station) -> None:
    con = _raw(imported_station)
    con.execute("DELETE FROM audit_event WHERE seq=7")
    con.commit()
    con.close()
    kinds = _audit_kinds(_reopen(imported_station))
    assert kinds["missing"] == "Audit event #7 is missing: it was deleted."


def _rows(con: sqlite3.Connection) -> list[tuple]:
    return con.execute("SELECT seq, at, station_uid, actor, action, object_type, object_id, outcome, details, "
                       "prev_hash, hash FROM audit_event ORDER BY seq").fetchall()


def _hash_row(row: tuple, prev: str) -> str:
    seq, at, uid, actor, action, otype, oid, outcome, details = row[:9]
    return event_hash(seq=seq, at=datetime.fromisoformat(at).replace(tzinfo=UTC), station_uid=uid, actor=actor,
                      action=action, object_type=otype, object_id=oid, outcome=outcome,
                      details=json.loads(details), prev_hash=prev)


def test_audit_event_inserted_naively(imported_station: Station) -> None:
    """An event slipped in after the last one with a made-up hash."""
    con = _raw(imported_station)
    last = _rows(con)[-1]
    con.execute("INSERT INTO audit_event (seq, at, station_uid, actor, action, object_type, object_id, outcome, "
                "details, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (last[0] + 1, last[1], last[2], "custodian", "recording.stored", "recording", "999", "ok", "{}",
                 last[10], "0" * 64))
    con.commit()
    con.close()
    kinds = _audit_kinds(_reopen(imported_station))
    assert "altered" in kinds and f"#{last[0] + 1}" in kinds["altered"]


def test_audit_event_inserted_with_recomputed_chain(imported_station: Station) -> None:
    """An event inserted in the middle, later events renumbered and every hash recomputed: the checkpoint says no."""
    login(imported_station, "admin", PASSWORD).checkpoint("before tamper")
    con = _raw(imported_station)
    rows = _rows(con)
    forged = (4, rows[3][1], rows[3][2], "admin", "user.delete", "user", "9", "ok", "{}")
    new_rows = [*rows[:3], forged, *[(r[0] + 1, *r[1:9]) for r in rows[3:]]]
    con.execute("DELETE FROM audit_event")
    prev = rows[2][10]
    for row in new_rows[:3]:
        con.execute("INSERT INTO audit_event VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    _ordered(con, row[:9], row[9] if len(row) > 9 else None, row[10] if len(row) > 10 else None))
    for row in new_rows[3:]:
        digest = _hash_row(row, prev)
        con.execute("INSERT INTO audit_event VALUES (?,?,?,?,?,?,?,?,?,?,?)", _ordered(con, row[:9], prev, digest))
        prev = digest
    con.commit()
    con.close()
    station = _reopen(imported_station)
    kinds = _audit_kinds(station)
    assert "rewritten" in kinds, kinds
    assert not {"altered", "broken_link", "missing"} & set(kinds)  # the forger did recompute the chain


def _ordered(con: sqlite3.Connection, fields: tuple, prev: str | None, digest: str | None) -> tuple:
    names = [c[1] for c in con.execute("PRAGMA table_info(audit_event)")]
    values = dict(zip(["seq", "at", "station_uid", "actor", "action", "object_type", "object_id", "outcome",
                       "details"], fields, strict=True))
    values |= {"prev_hash": prev, "hash": digest}
    return tuple(values[n] for n in names)


def test_catalogue_rolled_back_to_an_older_copy(imported_station: Station, tmp_path: Path) -> None:
    ctx = login(imported_station, "admin", PASSWORD)
    ctx.checkpoint("old")
    imported_station.db.close()
    backup = tmp_path / "old.sqlite3"
    shutil.copy(imported_station.home.catalogue_file, backup)
    station = Station.open(imported_station.home.root)
    ctx = login(station, "admin", PASSWORD)
    ctx.audit("test.event", "thing", 1, {})
    ctx.checkpoint("newer")
    station.db.close()
    for suffix in ("-wal", "-shm"):
        Path(str(station.home.catalogue_file) + suffix).unlink(missing_ok=True)
    shutil.copy(backup, station.home.catalogue_file)
    kinds = _audit_kinds(Station.open(station.home.root))
    assert "rolled_back" in kinds or "checkpoint_missing" in kinds, kinds


def test_station_certificate_swapped(imported_station: Station, tmp_path: Path) -> None:
    from evidence_station.identity.signer import KeyFileSigner

    KeyFileSigner.create(tmp_path / "rogue", station_name="Rogue", station_uid="ES-ROGUE", protected=False)
    shutil.copy(tmp_path / "rogue" / "station-cert.pem", imported_station.home.identity_dir / "station-cert.pem")
    kinds = _audit_kinds(_reopen(imported_station))
    assert "certificate_swapped" in kinds
    assert "bad_signature" in kinds  # the old checkpoints no longer verify with the swapped certificate


def test_an_original_made_writable_is_reported_even_by_the_quick_check(imported_station: Station) -> None:
    victim = _videos(imported_station)[0]
    _writable_blob(imported_station, victim.sha256)
    for quick in (True, False):
        result = verify_store(imported_station, quick=quick)
        assert not result.ok
        assert [(p.recording_id, p.kind) for p in result.problems] == [(victim.id, "writable_blob")]
        assert "writable (mode 644)" in result.problems[0].message
