"""Checkpoints cannot quietly vanish (issue #18, item 3): a missing or shorter checkpoint file, a chain with events
but no checkpoint, or a catalogue older than the newest checkpoint known is a problem of ``audit verify`` and
``verify``. Before, deleting ``checkpoints/audit-checkpoints.jsonl`` and restoring an older catalogue passed
``audit verify`` (118 events instead of 210), and so did a rewritten chain with every checkpoint deleted.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from evidence_station.audit.chain import GENESIS_HASH, event_hash
from evidence_station.audit.checkpoints import CHECKPOINT_FILE
from evidence_station.services.audit_service import verify_audit
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from evidence_station.services.users import add_user, login
from evidence_station.services.verify_service import verify_store
from tests.conftest import PASSWORD

pytestmark = pytest.mark.sqlite_only("copies and edits the catalogue file, as the insider did")


def _work(admin: ServiceContext, start: int, count: int) -> None:
    """Some audited work, then a session end (a signed checkpoint)."""
    for n in range(start, start + count):
        add_user(admin, name=f"clerk{n}", roles=["clerk"], password=PASSWORD)
    admin.end_session()


def _checkpoint_file(station: Station) -> Path:
    return station.home.checkpoints_dir / CHECKPOINT_FILE


def _kinds(station: Station) -> dict[str, str]:
    result = verify_audit(station)
    return {p.kind: p.message for p in result.problems}


def _reopen(station: Station) -> Station:
    station.close()
    return Station.open(station.home.root)


def test_a_fresh_station_has_its_file_and_its_checkpoint(station: Station, admin: ServiceContext) -> None:
    _work(admin, 1, 3)
    assert verify_audit(station).ok


def test_the_checkpoint_file_deleted_and_an_older_catalogue_restored(station: Station, admin: ServiceContext,
                                                                     tmp_path: Path) -> None:
    _work(admin, 1, 3)
    station.db.close()
    shutil.copy(station.home.catalogue_file, tmp_path / "older.sqlite3")
    station = _reopen(station)
    _work(login(station, "admin", PASSWORD), 4, 5)
    before = verify_audit(station).events
    station.close()
    _checkpoint_file(station).unlink()
    shutil.copy(tmp_path / "older.sqlite3", station.home.catalogue_file)
    station = Station.open(station.home.root)
    result = verify_audit(station)
    assert result.events < before and not result.ok
    assert [p.kind for p in result.problems] == ["checkpoint_file_missing"]
    assert CHECKPOINT_FILE in result.problems[0].message and "检查点文件" in result.problems[0].message_zh
    store = verify_store(station)
    assert not store.ok and any(p.kind == "audit" and "checkpoint file" in p.message for p in store.problems)


def test_a_shortened_checkpoint_file(station: Station, admin: ServiceContext) -> None:
    _work(admin, 1, 2)
    _work(admin, 3, 2)
    path = _checkpoint_file(station)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(lines) >= 3
    path.write_text("".join(lines[:-2]), encoding="utf-8")  # the two newest checkpoints cut off
    kinds = _kinds(station)
    assert list(kinds) == ["checkpoint_file_truncated"]
    assert "(2 checkpoints)" in kinds["checkpoint_file_truncated"]


def _rewrite_chain(con: sqlite3.Connection, seq: int, details: dict) -> None:
    """Change event ``seq`` and recompute every hash after it, as someone with the database (no key) can."""
    con.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    con.execute("UPDATE audit_event SET details=? WHERE seq=?", (json.dumps(details, sort_keys=True), seq))
    prev = GENESIS_HASH
    for row in con.execute("SELECT seq, at, station_uid, actor, action, object_type, object_id, outcome, details "
                           "FROM audit_event ORDER BY seq").fetchall():
        number, at, uid, actor, action, otype, oid, outcome, text = row
        digest = event_hash(seq=number, at=datetime.fromisoformat(at).replace(tzinfo=UTC), station_uid=uid,
                            actor=actor, action=action, object_type=otype, object_id=oid, outcome=outcome,
                            details=json.loads(text), prev_hash=prev)
        con.execute("UPDATE audit_event SET prev_hash=?, hash=? WHERE seq=?", (prev, digest, number))
        prev = digest


def test_a_rewritten_chain_with_every_checkpoint_deleted(station: Station, admin: ServiceContext) -> None:
    _work(admin, 1, 3)
    station.db.close()
    con = sqlite3.connect(station.home.catalogue_file)
    _rewrite_chain(con, 3, {"roles": ["admin"], "display_name": "", "clearance": 0})
    con.execute("DROP TRIGGER IF EXISTS audit_checkpoint_no_delete")
    con.execute("DELETE FROM audit_checkpoint")
    con.commit()
    con.close()
    _checkpoint_file(station).unlink()
    result = verify_audit(_reopen(station))
    assert result.checkpoints == 0 and not result.ok
    assert {p.kind for p in result.problems} == {"no_checkpoint", "checkpoint_file_missing"}


def test_checkpoints_deleted_from_the_catalogue_only(station: Station, admin: ServiceContext) -> None:
    _work(admin, 1, 2)
    station.db.close()
    con = sqlite3.connect(station.home.catalogue_file)
    con.execute("DROP TRIGGER IF EXISTS audit_checkpoint_no_delete")
    con.execute("DELETE FROM audit_checkpoint")
    con.commit()
    con.close()
    kinds = _kinds(_reopen(station))
    assert {"no_checkpoint", "checkpoint_missing"} <= set(kinds)
