"""The catalogue on PostgreSQL: append-only triggers, and one linear audit chain under concurrent writers.

These tests always use PostgreSQL (whatever ``--backend`` says) and are skipped, with the reason, only when
no server can be reached (tools/run-tests.sh starts one).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg2
import pytest

from evidence_station.audit.checkpoints import catalogue_checkpoints
from evidence_station.audit.log import append_event
from evidence_station.audit.verify import verify_chain
from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.database import connection_settings, open_database, write_transaction
from evidence_station.catalogue.people import Station as StationRow
from evidence_station.catalogue.schema import CURRENT_VERSION, applied_version
from evidence_station.domain.clock import FrozenClock
from evidence_station.services.audit_service import verify_audit
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from evidence_station.services.users import add_user, login
from tests.conftest import PASSWORD

WRITERS = 4
EVENTS_EACH = 25


@pytest.fixture
def pg_station(tmp_path: Path, clock: FrozenClock, postgres_database: str) -> Iterator[Station]:
    """A station whose catalogue is a fresh PostgreSQL database (created by the station's own migrations)."""
    from evidence_station.services.users import init_station

    init_station(tmp_path / "home", admin_name="admin", admin_password=PASSWORD, clock=clock,
                 catalogue_url=postgres_database)
    station = Station.open(tmp_path / "home", clock=clock)
    yield station
    station.close()


def test_station_runs_on_postgres_with_its_own_migrations(pg_station: Station) -> None:
    assert connection_settings(pg_station.db)["backend"] == "PostgresqlDatabase"
    assert applied_version(pg_station.db) == CURRENT_VERSION
    assert pg_station.registered_certificate_sha256()
    assert verify_audit(pg_station).ok


@pytest.mark.parametrize("table", ["audit_event", "audit_checkpoint"])
@pytest.mark.parametrize("statement", ["UPDATE {t} SET station_uid = 'x'", "DELETE FROM {t}"])
def test_audit_tables_are_append_only(pg_station: Station, postgres_database: str, table: str,
                                      statement: str) -> None:
    assert catalogue_checkpoints(), "init signs a checkpoint, so both tables have rows"
    con = psycopg2.connect(postgres_database)
    try:
        with pytest.raises(psycopg2.errors.RaiseException, match=f"{table} is append-only"), con.cursor() as cur:
            cur.execute(statement.format(t=table))
    finally:
        con.close()
    assert verify_audit(pg_station).ok


def test_tampering_with_triggers_disabled_is_named(pg_station: Station, postgres_database: str) -> None:
    admin = login(pg_station, "admin", PASSWORD)
    for n in range(3):
        admin.audit("test.event", "thing", n, {"n": n})
    con = psycopg2.connect(postgres_database)
    with con, con.cursor() as cur:  # what a forger with superuser rights does
        cur.execute("SET session_replication_role = replica")
        cur.execute("""UPDATE audit_event SET details = '{"n":99}' WHERE action = 'test.event' AND object_id = '1'""")
    con.close()
    seq = AuditEvent.get((AuditEvent.action == "test.event") & (AuditEvent.object_id == "1")).seq
    problems = verify_audit(pg_station).problems
    assert any(p.kind == "altered" and p.seq == seq for p in problems), problems


def _append_many(url: str, writer: int) -> None:
    """One station's process: append events one transaction at a time, interleaved with the others."""
    open_database(url)
    for n in range(EVENTS_EACH):
        with write_transaction():
            append_event(at=datetime(2026, 11, 24, 2, 0, tzinfo=UTC), station_uid=f"ES-WRITER{writer}",
                         actor=f"writer{writer}", action="test.concurrent", object_id=n, details={"n": n})


def test_concurrent_writers_keep_one_linear_chain(pg_station: Station, postgres_database: str) -> None:
    before = AuditEvent.select().count()
    pg_station.close()  # no connection of ours is shared with the children
    spawn = multiprocessing.get_context("spawn")
    workers = [spawn.Process(target=_append_many, args=(postgres_database, w)) for w in range(WRITERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0] * WRITERS
    pg_station.db.connect(reuse_if_open=True)
    events, hashes, problems = verify_chain()
    assert problems == []
    assert events == before + WRITERS * EVENTS_EACH
    assert hashes.get(events) == AuditEvent.select(AuditEvent.hash).order_by(AuditEvent.seq.desc()).scalar()
    assert [e.seq for e in AuditEvent.select(AuditEvent.seq).order_by(AuditEvent.seq)] == list(range(1, events + 1))
    ordered = AuditEvent.select().order_by(AuditEvent.seq)
    per_writer = {w: [e.details["n"] for e in ordered if e.actor == f"writer{w}"] for w in range(WRITERS)}
    assert per_writer == {w: list(range(EVENTS_EACH)) for w in range(WRITERS)}


def _increment_many(url: str, station_uid: str, times: int) -> None:
    """Read-then-modify in write transactions: lost updates unless writers are serialised as on SQLite."""
    open_database(url)
    for _ in range(times):
        with write_transaction():
            row = StationRow.get(StationRow.station_uid == station_uid)
            row.name = str(int(row.name) + 1)
            row.save()


def test_write_transactions_are_serialised_across_stations(pg_station: Station, postgres_database: str) -> None:
    StationRow.create(station_uid="ES-COUNTER", name="0", certificate_pem="", certificate_sha256="",
                      created_at=datetime(2026, 11, 24, 2, 0, tzinfo=UTC))
    pg_station.close()
    spawn = multiprocessing.get_context("spawn")
    workers = [spawn.Process(target=_increment_many, args=(postgres_database, "ES-COUNTER", 40)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0, 0, 0]
    pg_station.db.connect(reuse_if_open=True)
    assert StationRow.get(StationRow.station_uid == "ES-COUNTER").name == "120"


def _checkpoint_many(home: str, url: str, rounds: int) -> None:
    """Add an event and sign a checkpoint, again and again (checkpoint ids are per catalogue)."""
    station = Station.open(Path(home), catalogue_url=url)
    ctx = login(station, "custodian", PASSWORD)
    for n in range(rounds):
        ctx.audit("test.checkpointed", "thing", n)
        ctx.checkpoint("test")
    station.close()


def test_concurrent_checkpoints_get_distinct_ids_and_verify(pg_station: Station, admin_pg: ServiceContext,
                                                           postgres_database: str) -> None:
    pg_station.close()
    spawn = multiprocessing.get_context("spawn")
    workers = [spawn.Process(target=_checkpoint_many, args=(str(pg_station.home.root), postgres_database, 8))
               for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0, 0, 0]
    pg_station.db.connect(reuse_if_open=True)
    ids = [c.checkpoint_id for c in catalogue_checkpoints()]
    assert ids == list(range(1, len(ids) + 1)) and len(ids) > 3
    result = verify_audit(pg_station)
    assert result.ok, result.problems


@pytest.fixture
def admin_pg(pg_station: Station) -> ServiceContext:
    """The administrator of the PostgreSQL station, with a custodian added (fast password hashing)."""
    admin = login(pg_station, "admin", PASSWORD)
    add_user(admin, name="custodian", roles=["custodian"], password=PASSWORD)
    return admin


def test_dashboard_counts_group_by_local_period_on_postgres(admin_pg: ServiceContext) -> None:
    """The one-query day and week counts (``bucket_of``, grouped by its alias) run on PostgreSQL too."""
    from evidence_station.services.dashboard_service import import_weeks, unchecked_days
    from tests.helpers.recordings import add_recording

    zone = "Asia/Shanghai"
    for day in (2, 3, 10):
        add_recording(admin_pg, "Z1", datetime(2026, 11, day, 2, 0, tzinfo=UTC),
                      imported_at=datetime(2026, 11, day, 6, 0, tzinfo=UTC), in_vault=False)
    since, until = datetime(2026, 11, 1, 16, 0, tzinfo=UTC), datetime(2026, 11, 15, 16, 0, tzinfo=UTC)
    assert [(u.day.day, u.recordings) for u in unchecked_days(since, until, zone)] == [(2, 1), (3, 1), (10, 1)]
    assert [w.recordings for w in import_weeks(since, until, zone, 24)] == [2, 1]
