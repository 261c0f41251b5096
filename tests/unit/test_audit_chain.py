"""The audit chain detects edited, deleted, inserted and reordered events, and catalogue roll-back."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from evidence_station.audit import verify
from evidence_station.audit.chain import GENESIS_HASH, event_hash
from evidence_station.services.audit_service import verify_audit
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from tests.conftest import PASSWORD


@pytest.fixture(autouse=True, params=[2, verify.PAGE_EVENTS], ids=["pages-of-2", "default-pages"])
def chain_page(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Every check runs with the chain walked in pages of 2 events too: a problem at a page boundary is named."""
    monkeypatch.setattr(verify, "PAGE_EVENTS", request.param)
    return int(request.param)


def _raw(station: Station) -> sqlite3.Connection:
    station.db.close()
    con = sqlite3.connect(station.home.catalogue_file)
    con.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    con.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    return con


def _reopen(station: Station) -> Station:
    return Station.open(station.home.root, clock=station.clock)


def _add_events(ctx: ServiceContext, n: int) -> None:
    for i in range(n):
        ctx.audit("test.event", "thing", i, {"n": i, "text": "证据"})


def test_intact_chain_verifies(station: Station, admin: ServiceContext) -> None:
    _add_events(admin, 5)
    admin.checkpoint("test")
    result = verify_audit(station)
    assert result.ok, result.problems
    assert result.events >= 7
    assert result.checkpoints >= 2


@pytest.mark.sqlite_only("works on the SQLite catalogue file directly")
def test_update_and_delete_are_refused_by_triggers(station: Station, admin: ServiceContext) -> None:
    _add_events(admin, 1)
    con = sqlite3.connect(station.home.catalogue_file)
    for sql in ("UPDATE audit_event SET actor='x' WHERE seq=1", "DELETE FROM audit_event WHERE seq=1"):
        try:
            con.execute(sql)
        except sqlite3.DatabaseError as exc:
            assert "append-only" in str(exc)
        else:  # pragma: no cover - the assertion is the point
            raise AssertionError(f"{sql} was allowed")
    con.close()


@pytest.mark.sqlite_only("works on the SQLite catalogue file directly")
def test_edited_event_is_named(station: Station, admin: ServiceContext) -> None:
    _add_events(admin, 6)
    con = _raw(station)
    con.execute("""UPDATE audit_event SET details='{"n":99}' WHERE seq=5""")
    con.commit()
    con.close()
    result = verify_audit(_reopen(station))
    assert not result.ok
    assert any(p.seq == 5 and p.kind == "altered" for p in result.problems)
    assert any("#5" in p.message for p in result.problems)


@pytest.mark.sqlite_only("works on the SQLite catalogue file directly")
def test_deleted_event_is_named(station: Station, admin: ServiceContext) -> None:
    _add_events(admin, 6)
    con = _raw(station)
    con.execute("DELETE FROM audit_event WHERE seq=4")
    con.commit()
    con.close()
    result = verify_audit(_reopen(station))
    assert not result.ok
    assert any(p.kind == "missing" and p.seq == 4 for p in result.problems)


@pytest.mark.sqlite_only("works on the SQLite catalogue file directly")
def test_swapped_events_are_named(station: Station, admin: ServiceContext) -> None:
    _add_events(admin, 6)
    con = _raw(station)
    con.execute("UPDATE audit_event SET seq=-1 WHERE seq=4")
    con.execute("UPDATE audit_event SET seq=4 WHERE seq=5")
    con.execute("UPDATE audit_event SET seq=5 WHERE seq=-1")
    con.commit()
    con.close()
    result = verify_audit(_reopen(station))
    assert not result.ok
    named = {p.seq for p in result.problems}
    assert {4, 5} & named


@pytest.mark.sqlite_only("works on the SQLite catalogue file directly")
def test_recomputed_chain_is_caught_by_signed_checkpoint(station: Station, admin: ServiceContext) -> None:
    """Someone who rewrites an event AND recomputes every later hash still breaks the signed checkpoint."""
    _add_events(admin, 4)
    admin.checkpoint("before tamper")
    con = _raw(station)
    rows = con.execute("SELECT seq, at, station_uid, actor, action, object_type, object_id, outcome, details "
                       "FROM audit_event ORDER BY seq").fetchall()
    prev = GENESIS_HASH
    import json
    from datetime import UTC, datetime
    for seq, at, uid, actor, action, otype, oid, outcome, details in rows:
        details = json.loads(details)
        if seq == 3:
            details = {"n": "rewritten"}
        when = datetime.fromisoformat(at).replace(tzinfo=UTC)
        digest = event_hash(seq=seq, at=when, station_uid=uid, actor=actor, action=action, object_type=otype,
                            object_id=oid, outcome=outcome, details=details, prev_hash=prev)
        con.execute("UPDATE audit_event SET details=?, prev_hash=?, hash=? WHERE seq=?",
                    (json.dumps(details), prev, digest, seq))
        prev = digest
    con.commit()
    con.close()
    result = verify_audit(_reopen(station))
    assert not result.ok
    assert any(p.kind == "rewritten" for p in result.problems)


@pytest.mark.sqlite_only("works on the SQLite catalogue file directly")
def test_rollback_to_older_copy_is_detected(station: Station, admin: ServiceContext, tmp_path: Path) -> None:
    admin.checkpoint("old")
    station.db.close()
    backup = tmp_path / "old.sqlite3"
    shutil.copy(station.home.catalogue_file, backup)
    reopened = _reopen(station)
    from evidence_station.services.users import login

    ctx = login(reopened, "admin", PASSWORD)
    _add_events(ctx, 3)
    ctx.checkpoint("newer")
    reopened.db.close()
    for suffix in ("-wal", "-shm"):
        Path(str(station.home.catalogue_file) + suffix).unlink(missing_ok=True)
    shutil.copy(backup, station.home.catalogue_file)
    result = verify_audit(_reopen(station))
    assert not result.ok
    assert any(p.kind in {"rolled_back", "checkpoint_missing"} for p in result.problems)


def test_swapped_certificate_is_detected(station: Station, admin: ServiceContext, tmp_path: Path) -> None:
    from evidence_station.identity.signer import KeyFileSigner
    other = KeyFileSigner.create(tmp_path / "other", station_name="Rogue", station_uid="ES-ROGUE", protected=False)
    assert other.certificate
    shutil.copy(tmp_path / "other" / "station-cert.pem", station.home.identity_dir / "station-cert.pem")
    result = verify_audit(_reopen(station))
    assert not result.ok
    kinds = {p.kind for p in result.problems}
    assert "certificate_swapped" in kinds
    assert "bad_signature" in kinds


def test_event_hash_depends_on_every_field() -> None:
    from datetime import UTC, datetime
    base = dict(seq=1, at=datetime(2026, 1, 1, tzinfo=UTC), station_uid="S", actor="a", action="x",
                object_type="t", object_id="1", outcome="ok", details={"k": 1}, prev_hash=GENESIS_HASH)
    reference = event_hash(**base)
    for key, value in [("seq", 2), ("actor", "b"), ("action", "y"), ("object_id", "2"), ("outcome", "refused"),
                       ("details", {"k": 2}), ("prev_hash", "1" * 64)]:
        assert event_hash(**{**base, key: value}) != reference, key
