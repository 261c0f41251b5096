"""A city's catalogue (issue #22): the dashboard, `retention due`, the monthly report and `gui --smoke-test` on a
home of ``--rows`` recordings (default 1,000,000).

Builds a real station home (``init --service``, real schema) with the fast fill of ``bench_catalogue.py``
(``executemany`` of prepared INSERTs: recordings over two years, 200 devices, import sessions, 3 % with findings),
stamps every recording's keep-until date the way a catalogue from before schema version 7 gets it
(``keep_until_store.stamp_unknown``, timed), and marks as disposed what a station disposing of its due recordings
every ``--disposed-every`` days would have disposed of (tombstones stay in the catalogue, as they do).

Then it measures, on the real clock:

- in-process (services called with a logged-in custodian, warm, median of ``--runs``): ``build_dashboard``,
  ``retention_summary``, ``due_for_disposal``, ``monthly_figures`` (the monthly report's counts);
- through the station service (``serve`` on a Unix socket; a fresh CLI process each, wall time, the way a desk
  runs them): ``dashboard --json``, ``retention due --json``, ``report monthly``;
- ``gui --smoke-test`` on the home (it needs an embedded station): cold start to every page opened, wall time
  and peak resident memory (``wait4``), offscreen.

The must-show of #22: smoke test < 5 s and < 400 MB, ``dashboard --json`` < 1 s.

Run: ``.venv/bin/python benchmarks/bench_scale.py [--rows 1000000] [--keep DIR | --home DIR] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bench_audit_replay import event_details as audit_details  # benchmarks/
from bench_catalogue import LOCAL_OFFSET, build_catalogue, bulk_insert  # benchmarks/
from common import MB, PASSWORD, fresh_station, machine_facts, remove_tree  # benchmarks/

from evidence_station.audit.chain import GENESIS_HASH, event_hash
from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.compliance import PreUseCheck
from evidence_station.catalogue.database import is_postgres, write_transaction
from evidence_station.catalogue.recordings import Recording
from evidence_station.services.compliance_report import monthly_figures
from evidence_station.services.dashboard_service import build_dashboard
from evidence_station.services.keep_until_store import STATE_DATE, STATE_DISPOSED, stamp_unknown
from evidence_station.services.retention_service import due_for_disposal, retention_summary
from evidence_station.services.station import Station
from evidence_station.services.users import login
from evidence_station.vault.blob_store import Vault

TARGETS_S = {"dashboard --json": 1.0, "retention due --json": 1.0, "report monthly": 10.0, "gui --smoke-test": 5.0}
RSS_TARGET_MB = 400
SERVE_START_S = 600.0
REPO = Path(__file__).resolve().parent.parent
AUDIT_BATCH = 50_000


def say(text: str) -> None:
    """Progress on stderr (the figures go to stdout)."""
    print(text, file=sys.stderr, flush=True)


def add_pre_use_checks(custodian_id: int, days: int = 70, share: float = 0.97, seed: int = 22) -> int:
    """A passed pre-use check (Art. 7) 10 minutes before the first recording of ``share`` of the device-days of the
    last ``days`` days (Asia/Shanghai days), as a station that checks its cameras has: without them every device-day
    of the dashboard's eight weeks would be listed as unchecked. The days are grouped here (any backend)."""
    rng = random.Random(seed)
    since = datetime.now(UTC) - timedelta(days=days)
    firsts: dict[tuple[int, int], datetime] = {}
    recent = (Recording.select(Recording.device, Recording.start_at)
              .where((Recording.start_at >= since) & Recording.device.is_null(False))
              .order_by(Recording.start_at, Recording.id))
    for row in recent:
        firsts.setdefault((row.device_id, (row.start_at + LOCAL_OFFSET).toordinal()), row.start_at)
    now = datetime.now(UTC)
    rows = [(device_id, first - timedelta(minutes=10), True, True, True, custodian_id, now)
            for (device_id, _day), first in firsts.items() if rng.random() < share]
    with write_transaction():
        bulk_insert(PreUseCheck, [PreUseCheck.device, PreUseCheck.checked_at, PreUseCheck.works,
                                  PreUseCheck.battery_ok, PreUseCheck.storage_ok, PreUseCheck.recorded_by,
                                  PreUseCheck.recorded_at], rows)
    return len(rows)


@contextmanager
def catalogue_database(backend: str, server_url: str | None, keep: bool) -> Iterator[str | None]:
    """The catalogue URL of a new home: None on SQLite (the home's file); on PostgreSQL a new database on the
    server ``server_url`` (default: the one ``tools/postgres-ci.sh`` starts for the tests), dropped afterwards
    unless ``keep``."""
    if backend == "sqlite":
        yield None
        return
    import psycopg2  # the project's PostgreSQL driver (the ``postgres`` extra)

    server = server_url or subprocess.run(["bash", str(REPO / "tools" / "postgres-ci.sh")], check=True,
                                          capture_output=True, text=True).stdout.strip()
    name = f"bench_scale_{os.getpid()}"
    admin = psycopg2.connect(server)
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
        say(f"  PostgreSQL database {name} on {server}")
        yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    finally:
        if not keep:
            with admin.cursor() as cur:
                cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _analyze() -> None:
    """On PostgreSQL, ``VACUUM (ANALYZE)`` after the bulk fill and the mass updates: planner statistics, and the
    visibility map the counts need to be index-only (autovacuum takes minutes to get there: measured before it,
    ``retention_summary`` took 1.5 s instead of 27 ms). SQLite's station runs ANALYZE itself when it opens a grown
    catalogue."""
    db = Recording._meta.database.obj
    if is_postgres(db):
        db.execute_sql("VACUUM (ANALYZE)")


#: Audit actions of the synthetic log: what viewing, signing in and checking write, none of which changes the
#: security state ``verify`` replays (those would name every synthetic recording as altered).
AUDIT_MIX = (("viewing.watched", 50), ("auth.login", 20), ("session.open", 10), ("session.close", 10),
             ("store.verify", 10))


def add_audit_events(count: int, seed: int = 22) -> float:
    """Append ``count`` events to the home's audit log as a valid chain (each hashed as the station hashes it,
    ``event_hash``), through ``bulk_insert`` (COPY on PostgreSQL); return the seconds taken."""
    rng = random.Random(seed)
    started = time.perf_counter()
    actions, weights = zip(*AUDIT_MIX, strict=True)
    state = {"recordings": 0, "requests": 0, "holds": 0, "users": 0}
    fields = [AuditEvent.seq, AuditEvent.at, AuditEvent.station_uid, AuditEvent.actor, AuditEvent.action,
              AuditEvent.object_type, AuditEvent.object_id, AuditEvent.outcome, AuditEvent.details,
              AuditEvent.prev_hash, AuditEvent.hash]
    with write_transaction():
        head = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
    seq, prev = (head.seq, head.hash) if head is not None else (0, GENESIS_HASH)
    first_at = datetime.now(UTC) - timedelta(seconds=count)
    for base in range(0, count, AUDIT_BATCH):
        rows = []
        for n in range(base, min(count, base + AUDIT_BATCH)):
            seq += 1
            action = rng.choices(actions, weights)[0]
            object_type, object_id, details = audit_details(action, n, rng, state)
            at = first_at + timedelta(seconds=n)
            digest = event_hash(seq=seq, at=at, station_uid="ES-BENCH", actor=f"inv{n % 40}", action=action,
                                object_type=object_type, object_id=object_id, outcome="ok", details=details,
                                prev_hash=prev)
            rows.append((seq, at, "ES-BENCH", f"inv{n % 40}", action, object_type, object_id, "ok", details, prev,
                         digest))
            prev = digest
        with write_transaction():
            bulk_insert(AuditEvent, fields, rows)
        say(f"  {seq:>11,} audit events ({time.perf_counter() - started:6.1f} s)")
    return time.perf_counter() - started


def add_sparse_blobs(vault: Vault) -> int:
    """A read-only sparse file of the catalogued size for every live recording, where the vault keeps its blob:
    ``verify --quick`` then finds the store whole (it checks sizes and permissions, not the bytes) instead of
    listing every recording as missing. Return how many."""
    made = 0
    last = 0
    while page := list(Recording.select(Recording.id, Recording.sha256, Recording.size)
                       .where(Recording.disposed_at.is_null() & (Recording.id > last))
                       .order_by(Recording.id).limit(50_000).tuples()):
        for _rid, sha256, size in page:
            path = vault.blob_path(sha256)
            path.parent.mkdir(mode=0o700, exist_ok=True)
            with open(path, "wb") as blob:
                blob.truncate(size)
            path.chmod(0o444)
            made += 1
        last = page[-1][0]
    return made


def build(home: Path, rows: int, disposed_every: int, catalogue_url: str | None = None, *, events: int = 0,
          blobs: bool = False) -> dict[str, Any]:
    """A new home with ``rows`` recordings (its catalogue at ``catalogue_url``, default its SQLite file), keep-until
    stamped, the long-due ones disposed of; ``events`` audit events appended (a valid chain); with ``blobs`` a
    sparse vault file for every live recording."""
    bench = fresh_station(home, service=True, catalogue_url=catalogue_url)
    built = build_catalogue(bench, rows, seed=22, say=say)
    _analyze()
    started = time.perf_counter()
    stamped = stamp_unknown()
    stamp_s = time.perf_counter() - started
    say(f"  keep-until stamped on {stamped:,} recordings in {stamp_s:.1f} s")
    now = datetime.now(UTC)
    with write_transaction():
        cutoff = now - timedelta(days=disposed_every)
        long_due = (Recording.retention_state == STATE_DATE) & (Recording.keep_until < cutoff)
        disposed = Recording.update(disposed_at=Recording.keep_until, retention_state=STATE_DISPOSED).where(
            long_due).execute()
    checks = add_pre_use_checks(bench.custodian.actor.user_id)
    audit_s = add_audit_events(events) if events else 0.0
    sparse = add_sparse_blobs(bench.station.vault) if blobs else 0
    _analyze()
    bench.close()
    return {"recordings": built.recordings, "findings": built.findings, "fill_s": round(built.seconds, 1),
            "keep_until_stamp_s": round(stamp_s, 1), "disposed": disposed, "pre_use_checks": checks,
            "audit_events": events, "audit_fill_s": round(audit_s, 1), "sparse_blobs": sparse}


def _median_s(call: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def in_process(home: Path, runs: int) -> dict[str, float]:
    """Service calls in this process (warm), median seconds."""
    started = time.perf_counter()
    station = Station.open(home)
    open_s = time.perf_counter() - started
    ctx = login(station, "custodian", PASSWORD)
    month = f"{(datetime.now(UTC).replace(day=1) - timedelta(days=1)):%Y-%m}"
    figures = {
        "open station": open_s,
        "build_dashboard": _median_s(lambda: build_dashboard(ctx), runs),
        "retention_summary": _median_s(lambda: retention_summary(ctx), runs),
        "due_for_disposal": _median_s(lambda: due_for_disposal(ctx), runs),
        "monthly_figures": _median_s(lambda: monthly_figures(ctx, month=month), runs),
    }
    figures["due now"] = len(due_for_disposal(ctx))
    station.close()
    return figures


#: Runs a command and prints its wall seconds, peak RSS (KiB) and exit code. A small process starts it: a child
#: forked from this (large) benchmark process would count this process's pages in its peak.
_MEASURE = ("import os, subprocess, sys, time\n"
            "t = time.perf_counter(); p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, "
            "stderr=subprocess.PIPE)\n"
            "err = p.stderr.read(); _, status, usage = os.wait4(p.pid, 0)\n"
            "sys.stderr.buffer.write(err[-2000:])\n"
            "print(time.perf_counter() - t, usage.ru_maxrss, os.waitstatus_to_exitcode(status))\n")


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) and exit code of one fresh process running ``command``."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, *command], env=env, capture_output=True, text=True,
                          check=True)
    seconds, kib, code = done.stdout.split()
    if int(code) != 0:
        say(f"  {' '.join(command[3:])} exited {code}: {done.stderr}")
    return float(seconds), int(kib) * 1024 / MB, int(code)


#: Commands run once (no warm-up run): they take minutes on a big home.
ONCE = ("report monthly", "recordings --json (streamed)", "verify --quick", "audit verify")


def _peak_rss_mb(pid: int) -> float:
    """The peak resident memory of process ``pid`` so far (``VmHWM``), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024 / MB
    return float("nan")


def through_processes(home: Path, folder: Path, runs: int, *, report: bool = True,
                      store: bool = False) -> dict[str, dict[str, float]]:
    """The CLI through a station service, and the GUI smoke test on the home (fresh processes)."""
    python = sys.executable
    env = {**os.environ, "EVIDENCE_STATION_PASSWORD": PASSWORD, "EVIDENCE_STATION_USER": "custodian",
           "XDG_CONFIG_HOME": str(folder / "config"), "XDG_CACHE_HOME": str(folder / "cache"),
           "QT_QPA_PLATFORM": "offscreen"}
    # An installed station runs from compiled bytecode: a PYTHONDONTWRITEBYTECODE inherited from a test shell made
    # every measured command compile its ~350 modules again (0.3–0.6 s of each start). The warm-up run writes them.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    month = f"{(datetime.now(UTC).replace(day=1) - timedelta(days=1)):%Y-%m}"
    results: dict[str, dict[str, float]] = {}
    smoke = [python, "-m", "evidence_station", "--home", str(home), "gui", "--smoke-test"]
    _run(smoke, env)  # the page cache warm, as on a desk used every day
    samples = [_run(smoke, env) for _ in range(runs)]
    results["gui --smoke-test"] = {"s": statistics.median(s for s, _, _ in samples),
                                   "rss_mb": max(r for _, r, _ in samples),
                                   "failed": sum(1 for _, _, c in samples if c)}
    socket = folder / "station.sock"
    server = subprocess.Popen([python, "-m", "evidence_station", "--home", str(home), "serve", "--listen",
                               f"unix:{socket}"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + SERVE_START_S
        while not socket.exists():
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("serve did not start")
            time.sleep(0.1)
        station = [python, "-m", "evidence_station", "--station", f"unix:{socket}"]
        subprocess.run([*station, "login"], env=env, check=True, stdout=subprocess.DEVNULL)
        commands = {
            "dashboard --json": [*station, "--json", "dashboard"],
            "retention due --json": [*station, "--json", "retention", "due"],
            "report monthly": [*station, "report", "monthly", "--month", month, "--out",
                               str(folder / "monthly.pdf"), "--force"],
            "python -c pass (baseline)": [python, "-c", "pass"],
        }
        if not report:
            del commands["report monthly"]
        if store:
            commands.update({
                "recordings --json (streamed)": [*station, "--json", "recordings"],
                "verify --quick": [*station, "--json", "verify", "--quick"],
                "audit verify": [*station, "--json", "audit", "verify"],
            })
        for name, command in commands.items():
            once = name in ONCE  # minutes on a big home: one cold run is enough to see it
            if not once:
                _run(command, env)  # warm
            samples = [_run(command, env) for _ in range(1 if once else runs)]
            results[name] = {"s": statistics.median(s for s, _, _ in samples),
                             "rss_mb": max(r for _, r, _ in samples),
                             "failed": sum(1 for _, _, c in samples if c),
                             "server_peak_rss_mb": _peak_rss_mb(server.pid)}
    finally:
        server.terminate()
        server.wait(timeout=60)
    return results


def measure(home: Path, scratch: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Every figure of a built home (its catalogue must still exist)."""
    return {"in_process_s": in_process(home, args.runs),
            "processes": through_processes(home, scratch, args.runs, report=not args.no_report,
                                           store=args.store),
            "machine": {**machine_facts(home), "load": " ".join(f"{x:.1f}" for x in os.getloadavg())}}


def main() -> int:
    """Build (or reuse) the home, measure, print; exit 0 when every target is met."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", "--count", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite",
                        help="where the catalogue lives (postgres: a new database on --pg-url)")
    parser.add_argument("--pg-url", help="the PostgreSQL server (default: the one tools/postgres-ci.sh starts)")
    parser.add_argument("--disposed-every", type=int, default=7,
                        help="days between the station's disposals (what was due longer ago is disposed of)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the home here and leave it")
    parser.add_argument("--home", type=Path, help="reuse a home kept by --keep")
    parser.add_argument("--no-report", action="store_true", help="skip `report monthly` (minutes on a big home)")
    parser.add_argument("--events", type=int, default=0, help="audit events to append (a valid chain)")
    parser.add_argument("--store", action="store_true",
                        help="also time `recordings --json`, `verify --quick` and `audit verify` through the service "
                             "(the home gets a sparse vault file per live recording)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        home = args.home or args.keep or scratch / "home"
        report: dict[str, Any] = {"rows": args.rows, "backend": args.backend}
        if not args.home:
            say(f"building {args.rows:,} recordings in {home} ({args.backend}) …")
            with catalogue_database(args.backend, args.pg_url, keep=args.keep is not None) as url:
                report["built"] = build(home, args.rows, args.disposed_every, url, events=args.events,
                                        blobs=args.store)
                report.update(measure(home, scratch, args))
        else:
            report.update(measure(home, scratch, args))
    finally:
        remove_tree(scratch)
    met = all(report["processes"][name]["s"] <= target and not report["processes"][name]["failed"]
              for name, target in TARGETS_S.items() if name in report["processes"])
    met = met and report["processes"]["gui --smoke-test"]["rss_mb"] <= RSS_TARGET_MB
    if args.json:
        print(json.dumps(report, indent=2, default=str))
    else:
        machine = report["machine"]
        print(f"machine: {machine.get('cpu', '?')}, {os.cpu_count()} cores, load {machine['load']}; "
              f"{args.rows:,} recordings on {args.backend}")
        for key, value in report.get("built", {}).items():
            print(f"  built {key}: {value}")
        for key, value in report["in_process_s"].items():
            print(f"  in-process {key:<20} {value * 1000:9.1f} ms" if isinstance(value, float)
                  else f"  in-process {key:<20} {value}")
        for name, figures in report["processes"].items():
            target = TARGETS_S.get(name)
            verdict = "" if target is None else \
                f"  target {target:.0f} s: {'met' if figures['s'] <= target else 'NOT MET'}"
            print(f"  {name:<28} {figures['s']:7.2f} s  peak RSS {figures['rss_mb']:6.0f} MB"
                  f"  (service so far {figures.get('server_peak_rss_mb', float('nan')):6.0f} MB)"
                  f"{'  FAILED' if figures['failed'] else ''}{verdict}")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
