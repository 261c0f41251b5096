"""Replaying the audit log (what ``verify`` does to check the catalogue against it): events per second.

Builds a real station home (``init``) and appends ``--events`` synthetic events (default 1,000,000) straight into
``audit_event`` — the replay reads events, it does not check their hashes (``audit verify`` does), so the hashes
are not computed here. The mix is what a busy station writes: log-ins and sessions, watched ranges, viewing
requests and decisions, stored recordings, classifications, holds, cases, disposals, user changes.

Then, ``--repeat`` times (default 3), alternating the order:

* **baseline** — plain streaming of the log: the same columns in the same order (``SELECT seq, at, station_uid,
  actor, action, object_id, details FROM audit_event ORDER BY seq``), every row fetched and touched, nothing parsed
  (sqlite3 directly);
* **replay** — ``evidence_station.audit.replay.replay_audit_log()``: the whole log walked in keyset pages, the
  events that change the security state (about half of this mix) filtered by the database, their details decoded
  and folded in. Its events/s count every event of the log, as the baseline does.

It prints events/s of each (best and median), the ratio, and the peak memory (``ru_maxrss``) before and after the
replay. Target: the replay ≥ 200,000 events/s. Exit code 1 when the target is missed.

Run: ``.venv/bin/python benchmarks/bench_audit_replay.py [--events 1000000] [--repeat 3] [--json] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import fresh_station, machine_facts, median, remove_tree  # benchmarks/

from evidence_station.audit.chain import canonical_json
from evidence_station.audit.replay import replay_audit_log

TARGET = 200_000
BATCH = 50_000
START = datetime(2025, 1, 1, tzinfo=UTC)


def event_details(action: str, n: int, rng: random.Random, state: dict[str, int]) -> tuple[str, str, dict]:
    """(object_type, object_id, details) of a synthetic event of ``action``."""
    if action == "recording.stored":
        state["recordings"] += 1
        rid = state["recordings"]
        start = START + timedelta(seconds=n)
        return "recording", str(rid), {
            "card_path": f"DCIM/100DSJ/Z8A{rid % 200:04d}_{rid:06d}.MP4", "size": rng.randrange(10**6, 10**9),
            "sha256": f"{rng.getrandbits(256):064x}", "sm3": f"{rng.getrandbits(256):064x}", "import_id": rid // 50,
            "newly_stored": True, "duplicate_of": None, "start": start.isoformat(),
            "end": (start + timedelta(minutes=5)).isoformat(), "imported_at": (start + timedelta(hours=3)).isoformat()}
    if action == "viewing.request":
        state["requests"] += 1
        return "viewing_request", str(state["requests"]), {
            "kind": "viewing", "purpose": "case_handling", "reason": "案件调查", "viewer": f"inv{n % 40}",
            "recording_ids": [rng.randrange(1, state["recordings"] + 2) for _ in range(3)], "on_site_only": False,
            "recipient": "", "activity_id": None}
    if action in ("viewing.approve", "viewing.revoke"):
        at = START + timedelta(seconds=n)
        return "viewing_request", str(rng.randrange(1, state["requests"] + 2)), {
            "kind": "viewing", "viewer": f"inv{n % 40}", "hours": 4.0, "on_site_only": False, "recording_ids": [1],
            "valid_from": at.isoformat(), "valid_until": (at + timedelta(hours=4)).isoformat(),
            "classifications": {"1": "ordinary"}, "revoked_at": at.isoformat(), "reason": "结束"}
    if action == "recording.classify":
        return "recording", str(rng.randrange(1, state["recordings"] + 2)), {
            "old": "ordinary", "new": "restricted", "direction": "raised", "reason": "涉及个人信息"}
    if action == "retention.hold":
        state["holds"] += 1
        return "recording", str(rng.randrange(1, state["recordings"] + 2)), {
            "hold_id": state["holds"], "reason": "诉讼中", "sha256": "0" * 64, "file_name": "x.MP4"}
    if action == "case.attach":
        return "case", str(n % 500 + 1), {"number": f"案{n % 500}", "recordings": [
            {"id": rng.randrange(1, state["recordings"] + 2), "sha256": "0" * 64, "file_name": "x.MP4"}]}
    if action == "user.add":
        state["users"] += 1
        return "user", f"user{state['users']}", {"roles": ["investigator"], "display_name": "", "clearance": 0,
                                                 "password_sha256": f"{rng.getrandbits(256):064x}"}
    if action == "viewing.watched":
        return "viewing_session", str(n % 9000), {"recording_id": n % 5000, "start_ms": 0, "end_ms": 60_000,
                                                  "session": "s" * 22}
    if action in ("auth.login", "session.open", "session.close"):
        return "user" if action == "auth.login" else "session", f"inv{n % 40}", {"session": "s" * 22}
    return "vault", "", {"ok": True, "checked": 10, "problems": 0}


#: The mix of actions (weights): mostly what viewing and signing in write, a good share of imports.
MIX = (("viewing.watched", 30), ("auth.login", 12), ("session.open", 6), ("session.close", 6),
       ("recording.stored", 20), ("viewing.request", 6), ("viewing.approve", 5), ("viewing.revoke", 1),
       ("recording.classify", 2), ("retention.hold", 1), ("case.attach", 3), ("user.add", 1), ("store.verify", 7))


def fill(catalogue: Path, events: int, seed: int = 1) -> None:
    """Append ``events`` synthetic events after the home's own (fake hashes: the replay does not check them)."""
    rng = random.Random(seed)
    actions, weights = zip(*MIX, strict=True)
    state = {"recordings": 0, "requests": 0, "holds": 0, "users": 0}
    con = sqlite3.connect(catalogue)
    first = con.execute("SELECT COALESCE(MAX(seq), 0) FROM audit_event").fetchone()[0] + 1
    for base in range(0, events, BATCH):
        rows = []
        for n in range(base, min(events, base + BATCH)):
            action = rng.choices(actions, weights)[0]
            object_type, object_id, details = event_details(action, n, rng, state)
            at = (START + timedelta(seconds=n)).replace(tzinfo=None)
            rows.append((first + n, str(at), "ES-BENCH", "bench", action, object_type, object_id, "ok",
                         canonical_json(details), "0" * 64, "0" * 64))
        con.executemany("INSERT INTO audit_event (seq, at, station_uid, actor, action, object_type, object_id, "
                        "outcome, details, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
        con.commit()
    con.close()


def baseline(catalogue: Path) -> tuple[float, int]:
    """Plain streaming of the log: (seconds, rows)."""
    con = sqlite3.connect(catalogue)
    started = time.perf_counter()
    rows = 0
    length = 0
    cursor = con.execute("SELECT seq, at, station_uid, actor, action, object_id, details FROM audit_event "
                         "ORDER BY seq")
    while batch := cursor.fetchmany(2_000):
        for row in batch:
            rows += 1
            length += len(row[6])  # touch the details
    seconds = time.perf_counter() - started
    con.close()
    return seconds, rows


def replay() -> tuple[float, int]:
    """The replay (through the open station's connection): (seconds, events folded in)."""
    started = time.perf_counter()
    state = replay_audit_log()
    return time.perf_counter() - started, state.events


def main() -> int:
    """Run the benchmark; exit 1 when the replay is slower than the target."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", type=Path, help="build the home in this folder and leave it there")
    args = parser.parse_args()
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="bench-replay-"))
    home = scratch / "home"
    try:
        bench = fresh_station(home)
        built = time.perf_counter()
        fill(bench.station.home.catalogue_file, args.events)
        fill_seconds = time.perf_counter() - built
        with sqlite3.connect(bench.station.home.catalogue_file) as con:
            total = con.execute("SELECT COUNT(*) FROM audit_event").fetchone()[0]
        memory_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        base_runs, replay_runs = [], []
        count, folded = total, 0
        for round_ in range(args.repeat):
            order = (baseline, replay) if round_ % 2 == 0 else (replay, baseline)
            for run in order:
                if run is baseline:
                    seconds, count = baseline(bench.station.home.catalogue_file)
                    base_runs.append(count / seconds)
                else:
                    seconds, folded = replay()
                    replay_runs.append(total / seconds)  # the whole log was walked
        memory_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        bench.close()
        report = {
            "events": count, "events_folded": folded, "fill_seconds": round(fill_seconds, 1),
            "baseline_events_per_s": {"best": round(max(base_runs)), "median": round(median(base_runs))},
            "replay_events_per_s": {"best": round(max(replay_runs)), "median": round(median(replay_runs))},
            "replay_vs_baseline": round(median(replay_runs) / median(base_runs), 3),
            "target_events_per_s": TARGET, "ok": median(replay_runs) >= TARGET,
            "max_rss_mib": {"before_replays": round(memory_before / 1024), "after": round(memory_after / 1024)},
            "machine": machine_facts(scratch),
        }
        if args.json:
            print(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            print(f"{count:,} events in the log (filled in {fill_seconds:.1f} s), {folded:,} of them change the "
                  "security state")
            print(f"baseline (plain streaming): {report['baseline_events_per_s']['median']:>10,} events/s median, "
                  f"{report['baseline_events_per_s']['best']:,} best")
            print(f"replay:                     {report['replay_events_per_s']['median']:>10,} events/s median, "
                  f"{report['replay_events_per_s']['best']:,} best "
                  f"({report['replay_vs_baseline']:.2f}× the baseline)")
            print(f"target ≥ {TARGET:,} events/s: {'met' if report['ok'] else 'MISSED'}; peak memory "
                  f"{report['max_rss_mib']['before_replays']} MiB before the replays, "
                  f"{report['max_rss_mib']['after']} MiB after")
        return 0 if report["ok"] else 1
    finally:
        if args.keep is None:
            remove_tree(scratch)


if __name__ == "__main__":
    sys.exit(main())
