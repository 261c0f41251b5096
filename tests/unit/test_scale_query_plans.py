"""Issue #22's smoke test: on a catalogue of some ten thousand recordings, the figures the dashboard and the
monthly report show and `retention due` read recordings through indexes — no statement they run makes SQLite
scan the recording table (EXPLAIN QUERY PLAN), so they stay fast on a city's ten million
(``benchmarks/bench_scale.py`` measures that)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from evidence_station.catalogue.database import is_sqlite, write_transaction
from evidence_station.catalogue.recordings import Device, ImportSession, Recording
from evidence_station.catalogue.schema import refresh_statistics
from evidence_station.services.compliance_report import monthly_figures
from evidence_station.services.context import ServiceContext
from evidence_station.services.dashboard_service import build_dashboard
from evidence_station.services.keep_until_store import stamp_unknown
from evidence_station.services.retention_service import due_for_disposal, retention_summary
from evidence_station.services.station import Station

RECORDINGS = 12_000  # above STATISTICS_MIN_RECORDINGS: the station keeps SQLite's statistics, as on a big home
DEVICES = 40
FIRST = datetime(2025, 1, 1, tzinfo=UTC)
DAYS = 700


def _fill(station: Station, ctx: ServiceContext) -> None:
    """``RECORDINGS`` recordings over ``DAYS`` days on ``DEVICES`` devices, inserted with one prepared statement."""
    rng = random.Random(22)
    db = station.db
    with write_transaction():
        for n in range(DEVICES):
            Device.create(id=n + 1, serial=f"Z8A{n:04d}", created_at=FIRST, needs_completion=False)
        session = ImportSession.create(custodian=ctx.actor.user_id, station_uid=station.station_uid,
                                       card_root="/bulk", started_at=FIRST, status="completed")
        fields = [Recording.import_session, Recording.card_path, Recording.file_name, Recording.size,
                  Recording.sha256, Recording.sm3, Recording.kind, Recording.device, Recording.officer,
                  Recording.start_at, Recording.end_at, Recording.imported_at, Recording.import_delay_s,
                  Recording.classification, Recording.media, Recording.playable, Recording.time_source,
                  Recording.retention_state]
        columns = ", ".join(f'"{f.column_name}"' for f in fields)
        sql = f'INSERT INTO "recording" ({columns}) VALUES ({", ".join([db.param] * len(fields))})'
        rows = []
        for n in range(RECORDINGS):
            start = FIRST + timedelta(seconds=rng.randrange(DAYS * 86400))
            delay = rng.uniform(3600, 40 * 3600)
            values = (session.id, f"DCIM/{n:06d}.MP4", f"{n:06d}.MP4", 1000 + n, f"{n:064x}", f"{n:064x}", "video",
                      rng.randrange(DEVICES) + 1, f"{rng.randrange(80):06d}", start, start + timedelta(minutes=5),
                      start + timedelta(seconds=delay), delay, "ordinary", {}, True, "file_name", "")
            rows.append([f.db_value(v) for f, v in zip(fields, values, strict=True)])
        db.cursor().executemany(sql, rows)
        stamp_unknown()
    refresh_statistics(db, force=True)


@contextmanager
def _statements(station: Station) -> Iterator[list[tuple[str, Any]]]:
    """Every SELECT the catalogue runs meanwhile, with its parameters."""
    seen: list[tuple[str, Any]] = []
    real = station.db.execute_sql

    def spy(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        if sql.lstrip().upper().startswith("SELECT"):
            seen.append((sql, params))
        return real(sql, params, *args, **kwargs)

    station.db.execute_sql = spy  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        del station.db.execute_sql


def _scans_of_recording(station: Station, sql: str, params: Any) -> list[str]:
    """The plan lines of ``sql`` that read the recording table (or its indexes) from end to end."""
    names = {"recording", *re.findall(r'"recording" AS "(\w+)"', sql)}  # peewee aliases tables: t1, t2 …
    plan = station.db.execute_sql("EXPLAIN QUERY PLAN " + sql, params or ()).fetchall()
    return [row[-1] for row in plan if (row[-1] + " ").split(" ")[:2][0] == "SCAN"
            and row[-1].split(" ")[1] in names]


LISTED: dict[str, Callable[[ServiceContext], Any]] = {
    "retention due": lambda ctx: due_for_disposal(ctx, within_days=30),
    "retention summary": lambda ctx: retention_summary(ctx, within_days=30),
    "dashboard": lambda ctx: build_dashboard(ctx),
    "monthly report counts": lambda ctx: monthly_figures(ctx, month="2026-10"),
}


@pytest.mark.parametrize("name", list(LISTED))
def test_no_listed_query_scans_the_recording_table(station: Station, people: dict[str, ServiceContext],
                                                   name: str) -> None:
    if not is_sqlite(station.db):
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's; PostgreSQL plans by its own statistics")
    custodian = people["custodian"]
    _fill(station, custodian)
    call = LISTED[name]
    call(custodian)  # anything done once (findings raised, rows stamped) is done before watching
    with _statements(station) as seen:
        call(custodian)
    on_recording = [(sql, params) for sql, params in seen if '"recording"' in sql]
    assert on_recording, f"{name} read no recording at all"
    scans = {sql: lines for sql, params in on_recording if (lines := _scans_of_recording(station, sql, params))}
    assert not scans, f"{name} scans the recording table:\n" + "\n".join(f"{lines}: {sql}" for sql, lines in
                                                                          scans.items())
