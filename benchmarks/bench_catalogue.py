"""Library query speed on a large catalogue: ``list_recordings`` pages of 200 and counts of the same filters.

Builds a real station home (``init``, real models, real schema) holding ``--rows`` synthetic recordings
(default 1,000,000) spread over two years, 200 devices and 400 officers, with import sessions, a few
secret recordings and findings — inserted with peewee ``insert_many`` in batches inside transactions.
Then it runs about a dozen filter combinations the way the Library page does, as an investigator without
clearance: ``recordings_service.list_recordings(ctx, since=, until=, device=, officer=, kind=, finding_kind=,
limit=200, after=cursor)`` (later pages by keyset, as the Library scrolls; the cursor of the page before is
found untimed) plus ``recordings_service.count_recordings(…, cap=10000)`` of the same filter (the Library's
"10,000+"), each ``--runs`` times (default 20) with random parameters, and prints p50/p95 per query and
overall. The target is p95 < 50 ms. ``--explain`` prints SQLite's query plan of every query.

``--station`` also runs the very same queries (same random parameters) through the API: a real station
service process (``serve`` on a Unix socket, started on the built home) and a :class:`StationClient` over
HTTP in this process, as the desk's Library asks — and reports both figures and their ratio (station p95 /
in-process p95) measured in the same run. The target p95 < 50 ms then holds through the API (issue #17
item 10). The home is made for a service (``init --service``); ``--home`` with ``--station`` needs one kept
from a ``--station --keep`` run.

Run: ``.venv/bin/python benchmarks/bench_catalogue.py [--rows 1000000] [--keep DIR | --home DIR] [--station]
[--json]``.
``--keep DIR`` leaves the built home in DIR; ``--home DIR`` reuses it (opening it migrates the schema and
refreshes SQLite's statistics, as the station does). ``--count-cap 0`` counts exactly; ``--no-statistics``
times without SQLite's ``ANALYZE`` statistics.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from common import PASSWORD, BenchStation, fresh_station, machine_facts, percentile, remove_tree  # benchmarks/
from peewee import Field, Model, fn

from evidence_station.api.recordings import LIBRARY_COUNT_CAP, RecordingCount, RecordingCursor, RecordingView
from evidence_station.catalogue import schema
from evidence_station.catalogue.database import is_postgres
from evidence_station.catalogue.recordings import Device, Finding, FindingRecording, ImportSession, Recording
from evidence_station.domain.roles import Role
from evidence_station.services.context import ServiceContext
from evidence_station.services.recordings_service import count_recordings, list_recordings
from evidence_station.services.station import Station
from evidence_station.services.users import add_user, login

TARGET_MS = 50.0
SERVE_START_S = 120.0  # opening a big catalogue may run ANALYZE first
PAGE = 200
DEVICES = 200
OFFICERS = 400
FIRST_DAY = datetime(2025, 1, 1, tzinfo=UTC)
DAYS = 730
LOCAL_OFFSET = timedelta(hours=8)  # shifts are in Asia/Shanghai daytime
KINDS = (("video", 0.85), ("audio", 0.07), ("photo", 0.07), ("other", 0.01))
CLASSES = (("ordinary", 0.97), ("restricted", 0.015), ("commercial_secret", 0.01), ("state_secret", 0.005))
FINDING_SHARE = 0.03  # recordings that get a finding
FINDING_KINDS = (("gap", 0.35), ("late_import", 0.3), ("time_overlap", 0.1), ("damaged", 0.1),
                 ("duplicate", 0.1), ("empty", 0.05))
TRANSACTION = 50_000  # rows per transaction


def serial_of(index: int) -> str:
    """The serial of synthetic device ``index``."""
    return f"Z8A{index:04d}"


def officer_of(index: int) -> str:
    """The police number of synthetic officer ``index``."""
    return f"{10001 + index:06d}"


def _choose(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    roll = rng.random()
    for value, share in weighted:
        roll -= share
        if roll < 0:
            return value
    return weighted[-1][0]


# --------------------------------------------------------------------------------------------- building


@dataclass
class Built:
    """What was inserted (for the report)."""

    recordings: int = 0
    sessions: int = 0
    findings: int = 0
    links: int = 0
    seconds: float = 0.0


def _start_times(rows: int, rng: random.Random) -> list[int]:
    """Sorted start times (seconds after FIRST_DAY, UTC) of ``rows`` recordings during local day shifts."""
    starts = []
    for _ in range(rows):
        day = rng.randrange(DAYS)
        local_second = rng.randint(7 * 3600, 21 * 3600)
        starts.append(day * 86400 + local_second - int(LOCAL_OFFSET.total_seconds()))
    starts.sort()
    return starts


def bulk_insert(model: type[Model], fields: list[Field], rows: list[tuple]) -> None:
    """``model.insert_many(rows, fields=fields)``, fast: one prepared statement over every row on SQLite, ``COPY``
    on PostgreSQL.

    peewee's ``insert_many`` builds SQL value by value (about 1 ms per recording row on this machine, far
    too slow for a million), so it builds the statement for one row and the rows go to ``executemany``,
    each value converted by its model field (``db_value``: UTC datetimes, JSON, booleans) as peewee would.
    On PostgreSQL the converted rows are streamed to ``COPY … FROM STDIN`` (psycopg2's ``copy_expert``); the
    caller sets the id sequences afterwards (:func:`reset_sequences`), as ids are given.
    """
    if not rows:
        return
    given = {f.name for f in fields}  # (Field == Field builds an SQL expression, so no ``in`` on fields)
    defaulted = [f for f in model._meta.sorted_fields if f.name not in given and f.default is not None]
    defaults = tuple(f.default() if callable(f.default) else f.default for f in defaulted)
    fields = fields + defaulted
    converters = [f.db_value for f in fields]
    database = model._meta.database.obj
    converted = ([convert(v) for convert, v in zip(converters, row + defaults, strict=True)] for row in rows)
    if is_postgres(database):
        columns = ", ".join(f'"{f.column_name}"' for f in fields)
        text = io.StringIO("".join("\t".join(map(_copy_text, values)) + "\n" for values in converted))
        database.cursor().copy_expert(f'COPY "{model._meta.table_name}" ({columns}) FROM STDIN', text)
        return
    sql, params = model.insert_many([rows[0] + defaults], fields=fields).sql()
    if len(params) != len(fields):
        raise AssertionError(f"unexpected INSERT for {model.__name__}: {sql}")
    database.cursor().executemany(sql, list(converted))


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: Any) -> str:
    """One value in ``COPY``'s text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat(" ")
    return str(value).translate(_COPY_ESCAPES)


def reset_sequences(*models: type[Model]) -> None:
    """On PostgreSQL, move each model's id sequence past the ids a bulk fill gave (a no-op on SQLite)."""
    database = models[0]._meta.database.obj
    if not is_postgres(database):
        return
    for model in models:
        table = model._meta.table_name
        database.execute_sql(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                             f'COALESCE((SELECT MAX(id) FROM "{table}"), 0) + 1, false)')


def build_catalogue(bench: BenchStation, rows: int, seed: int, say: Callable[[str], None]) -> Built:
    """Insert devices, import sessions, ``rows`` recordings and findings through the real models."""
    rng = random.Random(seed)
    db = bench.station.db
    built = Built()
    started = time.perf_counter()
    custodian_id = bench.custodian.actor.user_id
    now = datetime.now(UTC)
    with db.atomic():
        bulk_insert(Device, [Device.id, Device.serial, Device.model, Device.group_name, Device.responsible_person,
                             Device.issued_to, Device.status, Device.needs_completion, Device.created_at],
                    [(i + 1, serial_of(i), "DSJ-Z8", f"Team {i % 20}", "", "", "in_service", False, FIRST_DAY)
                     for i in range(DEVICES)])
    starts = _start_times(rows, rng)
    sessions: dict[tuple[int, int], int] = {}
    sequence: dict[int, int] = {}
    recording_fields = [
        Recording.id, Recording.import_session, Recording.card_path, Recording.file_name, Recording.size,
        Recording.sha256, Recording.sm3, Recording.kind, Recording.playable, Recording.media, Recording.device,
        Recording.officer, Recording.start_at, Recording.end_at, Recording.time_source, Recording.classification,
        Recording.imported_at, Recording.import_delay_s,
    ]
    session_fields = [ImportSession.id, ImportSession.custodian, ImportSession.station_uid, ImportSession.card_root,
                      ImportSession.card_label, ImportSession.started_at, ImportSession.finished_at,
                      ImportSession.status, ImportSession.files_total, ImportSession.files_stored]
    station_uid = bench.station.station_uid
    flagged: list[int] = []
    for first in range(0, rows, TRANSACTION):
        recordings, new_sessions = [], []
        for offset, start_s in enumerate(starts[first:first + TRANSACTION]):
            rid = first + offset + 1
            device = rng.randrange(DEVICES)
            officer = (device * 2 + rng.randrange(3)) % OFFICERS if rng.random() < 0.95 else rng.randrange(OFFICERS)
            start = FIRST_DAY + timedelta(seconds=start_s)
            kind = _choose(rng, KINDS)
            duration = rng.randint(30, 1800) if kind in ("video", "audio") else 0
            end = start + timedelta(seconds=duration)
            delay = rng.uniform(2 * 3600, 20 * 3600) if rng.random() < 0.97 else rng.uniform(24 * 3600, 96 * 3600)
            imported = end + timedelta(seconds=delay)
            key = (device, (start + LOCAL_OFFSET).toordinal())
            if key not in sessions:
                sessions[key] = len(sessions) + 1
                new_sessions.append((sessions[key], custodian_id, station_uid, f"/media/card{device}",
                                     serial_of(device), imported, imported + timedelta(minutes=5), "completed", 0, 0))
            sequence[device] = sequence.get(device, 0) + 1
            extension = {"video": "MP4", "audio": "WAV", "photo": "JPG"}.get(kind, "TXT")
            name = f"{serial_of(device)}_{officer_of(officer)}_{start + LOCAL_OFFSET:%Y%m%d%H%M%S}_" \
                   f"{sequence[device] % 10000:04d}.{extension}"
            media = {"duration_s": duration, "width": 1920, "height": 1080, "codec": "h264"} \
                if kind == "video" else {"duration_s": duration} if kind == "audio" else {}
            recordings.append((
                rid, sessions[key], f"DCIM/100DSJ/{name}", name, rng.randint(1 << 20, 600 << 20),
                f"{rng.getrandbits(256):064x}", f"{rng.getrandbits(256):064x}", kind, True, media, device + 1,
                officer_of(officer), start, end, "file_name", _choose(rng, CLASSES), imported, delay,
            ))
            if rng.random() < FINDING_SHARE:
                flagged.append(rid)
        with db.atomic():
            bulk_insert(ImportSession, session_fields, new_sessions)
            bulk_insert(Recording, recording_fields, recordings)
        built.recordings += len(recordings)
        built.sessions += len(new_sessions)
        say(f"  {built.recordings:>9,} recordings inserted ({time.perf_counter() - started:5.1f} s)")
    built.findings, built.links = _insert_findings(flagged, rows, rng, now)
    reset_sequences(Device, ImportSession, Recording, Finding)
    built.seconds = time.perf_counter() - started
    return built


def _insert_findings(flagged: list[int], rows: int, rng: random.Random, now: datetime) -> tuple[int, int]:
    """One finding per flagged recording (gaps and overlaps also link the next recording); 20 % resolved."""
    findings, links = [], []
    for number, rid in enumerate(flagged, start=1):
        kind = _choose(rng, FINDING_KINDS)
        status = "resolved" if rng.random() < 0.2 else "open"
        findings.append((number, kind, status, f"synthetic {kind} finding", None, {}, now))
        links.append((number, rid))
        if kind in ("gap", "time_overlap", "duplicate"):
            links.append((number, rid + 1 if rid < rows else rid - 1))
    db = Recording._meta.database
    with db.atomic():
        bulk_insert(Finding, [Finding.id, Finding.kind, Finding.status, Finding.message, Finding.seconds,
                              Finding.details, Finding.created_at], findings)
        bulk_insert(FindingRecording, [FindingRecording.finding, FindingRecording.recording], links)
    return len(findings), len(links)


def investigator(station: Station, admin: ServiceContext) -> ServiceContext:
    """A logged-in investigator without clearance (sees ordinary and restricted recordings only)."""
    add_user(admin, name="investigator", roles=[Role.INVESTIGATOR], password=PASSWORD, clearance=0)
    return login(station, "investigator", PASSWORD)


# --------------------------------------------------------------------------------------------- querying


Filters = dict[str, Any]


class Library(Protocol):
    """What the Library page calls: the service functions in-process, or the same operations of a
    :class:`StationClient` through a station service."""

    def list_recordings(self, **filters: Any) -> list[RecordingView]:
        """A page of recordings."""
        ...

    def count_recordings(self, **filters: Any) -> RecordingCount:
        """How many match, up to ``cap``."""
        ...


@dataclass
class ServiceLibrary:
    """The recordings service called in-process with a logged-in context (no boundary)."""

    ctx: ServiceContext

    def list_recordings(self, **filters: Any) -> list[RecordingView]:
        """``recordings_service.list_recordings(ctx, …)``."""
        return list_recordings(self.ctx, **filters)

    def count_recordings(self, **filters: Any) -> RecordingCount:
        """``recordings_service.count_recordings(ctx, …)``."""
        return count_recordings(self.ctx, **filters)


@dataclass
class Combination:
    """One Library filter: a name and a maker of random parameters (the filters plus an ``offset``).

    A page at an ``offset`` is read the way the Library scrolls to it: after the cursor of the row before
    (found untimed), or with ``OFFSET`` when ``by_offset``.
    """

    name: str
    make: Callable[[random.Random], Filters]
    informational: bool = False  # shown, but not held to the target
    by_offset: bool = False

    def page_args(self, library: Library, params: Filters) -> Filters:
        """``list_recordings`` arguments for one run's page (pops ``offset`` from ``params``)."""
        offset = params.pop("offset", 0)
        if not offset:
            return {}
        if self.by_offset:
            return {"offset": offset}
        before = library.list_recordings(**params, limit=1, offset=offset - 1)  # untimed
        return {"after": RecordingCursor.of(before[0])} if before else {"offset": offset}


def _day(rng: random.Random) -> datetime:
    """Midnight (Asia/Shanghai, as UTC) of a random day in the catalogue."""
    return FIRST_DAY - LOCAL_OFFSET + timedelta(days=rng.randrange(DAYS))


def _pages(rng: random.Random, pages: int) -> int:
    return PAGE * rng.randrange(pages)


def combinations(rows: int) -> list[Combination]:
    """The filter combinations the Library offers (about ten), with random parameters."""
    device = lambda r: serial_of(r.randrange(DEVICES))  # noqa: E731
    officer = lambda r: officer_of(r.randrange(OFFICERS))  # noqa: E731

    def window(r: random.Random, days: int) -> Filters:
        since = _day(r)
        return {"since": since, "until": since + timedelta(days=days)}

    return [
        Combination("everything, page 1", lambda r: {}),
        Combination("everything, pages 2-50", lambda r: {"offset": PAGE * r.randint(1, 49)}),
        Combination("one day", lambda r: window(r, 1)),
        Combination("one month, pages 1-5", lambda r: {**window(r, 30), "offset": _pages(r, 5)}),
        Combination("device", lambda r: {"device": device(r)}),
        Combination("device + month", lambda r: {**window(r, 30), "device": device(r)}),
        Combination("officer, pages 1-5", lambda r: {"officer": officer(r), "offset": _pages(r, 5)}),
        Combination("officer + 3 months", lambda r: {**window(r, 90), "officer": officer(r)}),
        Combination("kind audio + month", lambda r: {**window(r, 30), "kind": "audio"}),
        Combination("kind photo", lambda r: {"kind": "photo"}),
        Combination("device + kind audio", lambda r: {"device": device(r), "kind": "audio"}),
        Combination("open gap findings", lambda r: {"finding_kind": "gap"}),
        Combination("late imports + device", lambda r: {"finding_kind": "late_import", "device": device(r)}),
        Combination("everything, a page in the middle", lambda r: {"offset": _pages(r, max(1, rows // PAGE))}),
        Combination("a page in the middle, by OFFSET",
                    lambda r: {"offset": _pages(r, max(1, rows // PAGE))}, informational=True, by_offset=True),
    ]


@dataclass
class Timing:
    """Milliseconds of one combination's runs."""

    name: str
    informational: bool
    list_ms: list[float] = field(default_factory=list)
    count_ms: list[float] = field(default_factory=list)
    rows_seen: list[int] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """p50/p95 of the page and of the count, and the typical result size."""
        return {
            "name": self.name, "informational": self.informational,
            "list_p50_ms": percentile(self.list_ms, 0.5), "list_p95_ms": percentile(self.list_ms, 0.95),
            "count_p50_ms": percentile(self.count_ms, 0.5), "count_p95_ms": percentile(self.count_ms, 0.95),
            "page_rows_p50": percentile([float(n) for n in self.rows_seen], 0.5),
            "count_p50": percentile([float(n) for n in self.counts], 0.5),
        }


def time_queries(
    library: Library, combos: list[Combination], runs: int, seed: int, cap: int | None = None
) -> list[Timing]:
    """Run every combination ``runs`` times (random parameters, combinations interleaved); the same ``seed``
    gives the same parameters, in-process and through the station."""
    rng = random.Random(seed)
    timings = {c.name: Timing(c.name, c.informational) for c in combos}
    for _ in range(runs):
        for combo in combos:
            params = combo.make(rng)
            paging = combo.page_args(library, params)
            started = time.perf_counter()
            page = library.list_recordings(**params, **paging, limit=PAGE)
            middle = time.perf_counter()
            total, _capped = library.count_recordings(**params, cap=cap)
            finished = time.perf_counter()
            timing = timings[combo.name]
            timing.list_ms.append((middle - started) * 1000)
            timing.count_ms.append((finished - middle) * 1000)
            timing.rows_seen.append(len(page))
            timing.counts.append(total)
    return list(timings.values())


def explain(ctx: ServiceContext, combos: list[Combination], seed: int, cap: int | None = None) -> Iterator[str]:
    """SQLite's plan for each combination's page query and count (parameters of one random run)."""
    rng = random.Random(seed)
    db = ctx.station.db
    captured: list[tuple[str, Any]] = []
    original = db.execute_sql

    def capture(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        if sql.lstrip().upper().startswith("SELECT") and '"recording"' in sql:
            captured.append((sql, params))
        return original(sql, params, *args, **kwargs)

    db.execute_sql = capture  # type: ignore[method-assign]
    try:
        for combo in combos:
            params = combo.make(rng)
            paging = combo.page_args(ServiceLibrary(ctx), params)
            captured.clear()
            list_recordings(ctx, **params, **paging, limit=PAGE)
            count_recordings(ctx, **params, cap=cap)
            statements = list(captured)
            yield f"-- {combo.name} {params} {paging}"
            for label, (sql, sql_params) in zip(("page", "count"), statements, strict=False):
                plan = original(f"EXPLAIN QUERY PLAN {sql}", sql_params).fetchall()
                yield f"   {label}: " + " | ".join(row[-1] for row in plan)
    finally:
        db.execute_sql = original  # type: ignore[method-assign]


@contextmanager
def station_service(home: Path) -> Iterator[Path]:
    """A real ``serve`` process on ``home``, listening on a Unix socket (its path); SIGTERM at the end."""
    folder = Path(tempfile.mkdtemp(prefix="bench-catalogue-sock-"))
    socket_path, log = folder / "station.sock", folder / "serve.log"
    with log.open("wb") as output:
        service = subprocess.Popen([sys.executable, "-m", "evidence_station", "--home", str(home), "serve",
                                    "--listen", f"unix:{socket_path}"], stdout=output, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + SERVE_START_S
        while not socket_path.exists():
            if service.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the station service did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.05)
        yield socket_path
    finally:
        service.terminate()
        try:
            service.wait(60)
        except subprocess.TimeoutExpired:
            service.kill()
            service.wait()
        shutil.rmtree(folder, ignore_errors=True)


def time_through_station(home: Path, combos: list[Combination], runs: int, seed: int,
                         cap: int | None) -> list[Timing]:
    """The same queries as the investigator's desk asks them: a :class:`StationClient` over HTTP on the Unix
    socket of a real station service process."""
    from evidence_station.client.station_client import StationClient
    from evidence_station.client.transport import HttpTransport

    with station_service(home) as socket_path:
        transport = HttpTransport(f"unix:{socket_path}")
        try:
            client = StationClient.login(transport, "investigator", PASSWORD, client="gui")
            try:
                return time_queries(client, combos, runs, seed, cap)
            finally:
                client.logout()
        finally:
            transport.close()


def ratios(in_process: list[Timing], station: list[Timing]) -> dict[str, Any]:
    """Station p95 / in-process p95, overall and per query (page and count)."""
    def ratio(a: float, b: float) -> float:
        return a / b if b > 0 else float("inf")

    here, there = overall_figures(in_process), overall_figures(station)
    per_query = []
    for mine, theirs in zip(in_process, station, strict=True):
        a, b = mine.summary(), theirs.summary()
        per_query.append({"name": mine.name, "page_p95_ratio": ratio(b["list_p95_ms"], a["list_p95_ms"]),
                          "count_p95_ratio": ratio(b["count_p95_ms"], a["count_p95_ms"])})
    return {"page_p95_ratio": ratio(there["list_p95_ms"], here["list_p95_ms"]),
            "count_p95_ratio": ratio(there["count_p95_ms"], here["count_p95_ms"]),
            "page_p50_extra_ms": there["list_p50_ms"] - here["list_p50_ms"],
            "count_p50_extra_ms": there["count_p50_ms"] - here["count_p50_ms"],
            "queries": per_query}


# --------------------------------------------------------------------------------------------- report


def print_report(
    built: Built | None, rows: int, timings: list[Timing], machine: dict[str, str], cap: int | None, statistics: str,
    title: str = "in-process (recordings_service called directly)",
) -> None:
    """The human summary table."""
    print()
    print(f"== {title}")
    print(f"machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory']}, {machine['filesystem']}, "
          f"SQLite {machine['sqlite']}, load average {machine.get('load', '?')}")
    if built is not None:
        print(f"built: {built.recordings:,} recordings, {built.sessions:,} import sessions, {built.findings:,} "
              f"findings ({built.links:,} links) in {built.seconds:.0f} s "
              f"({built.recordings / built.seconds:,.0f} rows/s)")
    else:
        print(f"reused catalogue: {rows:,} recordings")
    print(f"counts: {'exact' if cap is None else f'capped at {cap:,} matches'}; page = list_recordings(limit=200), "
          f"later pages after a cursor; SQLite statistics: {statistics}")
    print(f"{'query':34s} {'page p50':>9s} {'page p95':>9s} {'count p50':>10s} {'count p95':>10s} "
          f"{'rows':>5s} {'matches':>9s}")
    for t in timings:
        s = t.summary()
        flag = " (informational)" if t.informational else ""
        miss = " MISS" if not t.informational and max(s["list_p95_ms"], s["count_p95_ms"]) >= TARGET_MS else ""
        print(f"{t.name:34s} {s['list_p50_ms']:7.1f}ms {s['list_p95_ms']:7.1f}ms {s['count_p50_ms']:8.1f}ms "
              f"{s['count_p95_ms']:8.1f}ms {s['page_rows_p50']:5.0f} {s['count_p50']:9,.0f}{miss}{flag}")
    overall = overall_figures(timings)
    print(f"overall (target queries): page p50 {overall['list_p50_ms']:.1f} ms, p95 {overall['list_p95_ms']:.1f} ms; "
          f"count p50 {overall['count_p50_ms']:.1f} ms, p95 {overall['count_p95_ms']:.1f} ms; target p95 < "
          f"{TARGET_MS:.0f} ms: {'MET' if overall['target_met'] else 'NOT MET'}")


def print_ratios(figures: dict[str, Any]) -> None:
    """Station p95 over in-process p95, per query and overall."""
    print()
    print("== through the station / in-process (p95 ratio)")
    for query in figures["queries"]:
        print(f"{query['name']:34s} page {query['page_p95_ratio']:5.2f}x   count {query['count_p95_ratio']:5.2f}x")
    print(f"overall: page p95 {figures['page_p95_ratio']:.2f}x (p50 +{figures['page_p50_extra_ms']:.1f} ms), "
          f"count p95 {figures['count_p95_ratio']:.2f}x (p50 +{figures['count_p50_extra_ms']:.1f} ms)")


def overall_figures(timings: list[Timing]) -> dict[str, Any]:
    """p50/p95 over every run of the combinations held to the target."""
    pages = [ms for t in timings if not t.informational for ms in t.list_ms]
    counts = [ms for t in timings if not t.informational for ms in t.count_ms]
    figures = {"list_p50_ms": percentile(pages, 0.5), "list_p95_ms": percentile(pages, 0.95),
               "count_p50_ms": percentile(counts, 0.5), "count_p95_ms": percentile(counts, 0.95)}
    figures["target_met"] = figures["list_p95_ms"] < TARGET_MS and figures["count_p95_ms"] < TARGET_MS
    return figures


def _run(
    args: argparse.Namespace, home: Path, say: Callable[[str], None]
) -> tuple[Built | None, int, list[Timing], list[Timing] | None, dict[str, str]]:
    """Build the catalogue in ``home`` (or reuse it with ``--home``), then time the queries (in-process, and with
    ``--station`` through a station service process afterwards)."""
    built = None
    if args.no_statistics:
        schema.STATISTICS_MIN_RECORDINGS = 1 << 62  # opening the station must not analyse
    if args.home:
        started = time.perf_counter()
        station = Station.open(home)  # migrates an older schema; analyses when the catalogue has doubled
        say(f"opened {home} in {time.perf_counter() - started:.1f} s")
        ctx = login(station, "investigator", PASSWORD)
        rows = Recording.select(fn.COUNT(Recording.id)).scalar()
    else:
        say(f"building a catalogue of {args.rows:,} recordings in {home} …")
        bench = fresh_station(home, service=args.station)
        station = bench.station
        built = build_catalogue(bench, args.rows, args.seed, say)
        if not args.no_statistics:
            schema.refresh_statistics(station.db)  # what the next opening of the station would do
        ctx = investigator(station, bench.admin)
        rows = args.rows
    if args.no_statistics and station.db.table_exists("sqlite_stat1"):
        station.db.execute_sql("DELETE FROM sqlite_stat1")
        station.db.execute_sql("ANALYZE sqlite_schema")  # makes the planner reload the (now empty) statistics
    args.statistics = f"{schema.analysed_recordings(station.db):,} recordings analysed"
    try:
        combos = combinations(rows)
        if args.explain:
            for line in explain(ctx, combos, args.seed, args.count_cap):
                say(line)
        say("timing in-process …")
        timings = time_queries(ServiceLibrary(ctx), combos, args.runs, args.seed, args.count_cap)
        ctx.end_session()
    finally:
        station.close()
    through = None
    if args.station:  # the service opens the home alone (this process's connection is closed)
        say("timing through a station service process …")
        through = time_through_station(home, combos, args.runs, args.seed, args.count_cap)
    return built, rows, timings, through, machine_facts(home)


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) the catalogue, time the queries, print the report."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="recordings to insert (default 1,000,000)")
    parser.add_argument("--runs", type=int, default=20, help="random runs per filter combination")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="build the home in this (new) folder and leave it there")
    parser.add_argument("--home", type=Path, help="reuse a home built earlier with --keep")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN QUERY PLAN of every query")
    parser.add_argument("--count-cap", type=int, default=LIBRARY_COUNT_CAP,
                        help=f"count at most this many matches (default {LIBRARY_COUNT_CAP:,}: \"10,000+\" in the "
                             "Library); 0 counts exactly")
    parser.add_argument("--no-statistics", action="store_true", help="time without SQLite's ANALYZE statistics")
    parser.add_argument("--station", action="store_true",
                        help="also time the queries through a real station service process (serve on a Unix "
                             "socket, StationClient over HTTP) and report the ratio to the in-process figures")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--dir", type=Path, help="parent of the temporary home")
    args = parser.parse_args(argv)
    args.count_cap = args.count_cap or None
    say: Callable[[str], None] = (lambda text: print(text, file=sys.stderr)) if args.json else print
    home = args.home or args.keep or Path(tempfile.mkdtemp(prefix="bench-catalogue-", dir=args.dir)) / "home"
    scratch = None if args.home or args.keep else home.parent
    load_before = os.getloadavg()
    try:
        built, rows, timings, through, machine = _run(args, home, say)
    finally:
        if scratch is not None:
            remove_tree(scratch)
    machine["load"] = (f"{' / '.join(f'{x:.1f}' for x in load_before)} at the start, "
                       f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())} at the end (1/5/15 min)")
    if args.json:
        report: dict[str, Any] = {
            "rows": rows, "count_cap": args.count_cap, "statistics": args.statistics,
            "built": built.__dict__ if built else None, "machine": machine, "target_ms": TARGET_MS,
            "queries": [t.summary() for t in timings], "overall": overall_figures(timings)}
        if through is not None:
            report["station"] = {"queries": [t.summary() for t in through], "overall": overall_figures(through)}
            report["station_ratio"] = ratios(timings, through)
        print(json.dumps(report, indent=2))
    else:
        print_report(built, rows, timings, machine, args.count_cap, args.statistics)
        if through is not None:
            print_report(built, rows, through, machine, args.count_cap, args.statistics,
                         title="through the station service (serve on a Unix socket, StationClient over HTTP)")
            print_ratios(ratios(timings, through))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
