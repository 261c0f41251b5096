"""Two stations, one PostgreSQL catalogue, one shared vault folder: concurrent imports end up exactly right.

Two real CLI processes import at the same moment — first two different cards, then the same card — into
one catalogue and one vault. Afterwards ``verify`` and ``audit verify`` pass at both stations, every card
file is catalogued exactly once, the vault holds exactly one blob per distinct content and no temporary
file, and each import's events name the station that made it. Skipped (with the reason) only when no
PostgreSQL server can be reached.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import psycopg2
import pytest

from evidence_station.cards.scan import scan_card
from evidence_station.media.demo_card import write_demo_card
from tests.e2e.conftest import ADMIN_PASSWORD, USER_PASSWORD, Cli, CliRun

DAY = date(2026, 11, 24)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _expected(card: Path) -> Counter[str]:
    """The content of every file on ``card`` that the import must catalogue."""
    return Counter(_sha256(e.path) for e in scan_card(card) if e.is_candidate)


def _both(first: tuple[Cli, tuple[str, ...]], second: tuple[Cli, tuple[str, ...]]) -> tuple[CliRun, CliRun]:
    """Run two CLI commands as the custodian at the same moment, in two processes."""
    with ThreadPoolExecutor(2) as pool:
        runs = [pool.submit(cli.as_, "custodian", *args) for cli, args in (first, second)]
        a, b = (run.result() for run in runs)
    return a, b


def _ok(run: CliRun) -> dict:
    assert run.returncode == 0, run.stderr + run.stdout
    return run.json


@pytest.fixture
def stations(tmp_path: Path, postgres_database: str) -> tuple[Cli, Cli, Path]:
    """Station A (init on PostgreSQL with a shared vault) and station B (joined), each with a custodian."""
    vault = tmp_path / "shared" / "vault"
    vault.mkdir(parents=True)
    url = postgres_database
    a, b = Cli(tmp_path / "a"), Cli(tmp_path / "b")
    _ok(a.run("--db-url", url, "--json", "init", "--admin", "admin", "--vault", str(vault),
              "--station-name", "一号工作站", password=ADMIN_PASSWORD))
    a.add_user("custodian", "custodian", tmp_path)
    joined = _ok(b.run("--db-url", url, "--json", "station", "join", "--admin", "admin", "--vault", str(vault),
                       "--station-name", "二号工作站", password=ADMIN_PASSWORD))
    assert joined["stations"] == 2
    pw = tmp_path / "custodian.pw"
    pw.write_text(USER_PASSWORD + "\n")
    _ok(b.as_admin("--json", "station", "grant-key", "custodian", "--password-file", str(pw)))
    return a, b, vault


def test_concurrent_imports_from_two_stations(stations: tuple[Cli, Cli, Path], tmp_path: Path,
                                              postgres_database: str) -> None:
    a, b, vault = stations
    cards = [tmp_path / f"card{n}" for n in (1, 2, 3)]
    for seed, card in enumerate(cards, 1):
        write_demo_card(card, seed=seed, day=DAY)
    expected = _expected(cards[0]) + _expected(cards[1]) + _expected(cards[2])
    assert len(expected) > 6

    # Different cards at the same moment, then the same card at the same moment.
    different = _both((a, ("--json", "import", str(cards[0]))), (b, ("--json", "import", str(cards[1]))))
    same = _both((a, ("--json", "import", str(cards[2]))), (b, ("--json", "import", str(cards[2]))))
    for run, card in zip((*different, *same), (cards[0], cards[1], cards[2], cards[2]), strict=True):
        kept = [f for f in _ok(run)["files"] if f["status"] != "skipped"]  # skipped: system junk, by design
        assert {f["status"] for f in kept} <= {"stored", "already_stored"}, kept
        assert Counter(f["sha256"] for f in kept) == _expected(card)
    same_ids = [sorted(f["recording_id"] for f in _ok(run)["files"] if f.get("recording_id")) for run in same]
    assert same_ids[0] == same_ids[1], "both stations' imports of the same card name the same recordings"

    # Every file catalogued exactly once, seen identically from both stations.
    listed = [_ok(cli.as_("custodian", "--json", "recordings"))["recordings"] for cli in (a, b)]
    assert listed[0] == listed[1]
    assert Counter(r["sha256"] for r in listed[0]) == expected
    # One blob per distinct content in the shared vault, nothing half-written left behind.
    blobs = sorted(p.name for p in (vault / "objects").glob("*/*"))
    assert blobs == sorted(expected)
    assert list((vault / "tmp").iterdir()) == []

    for cli in (a, b):
        verified = _ok(cli.as_("custodian", "--json", "verify"))
        assert verified["ok"] and verified["checked"] == len(listed[0]) and verified["problems"] == []
        audit = _ok(cli.as_admin("--json", "audit", "verify"))
        assert audit["ok"] and audit["problems"] == [], audit

    # Events name the station they happened at: each station started two imports.
    con = psycopg2.connect(postgres_database)
    with con, con.cursor() as cur:
        cur.execute("SELECT station_uid, count(*) FROM audit_event WHERE action = 'import.start' GROUP BY 1")
        per_station = dict(cur.fetchall())
        cur.execute("SELECT station_uid FROM station ORDER BY id")
        registered = [row[0] for row in cur.fetchall()]
    con.close()
    assert per_station == {registered[0]: 2, registered[1]: 2}
