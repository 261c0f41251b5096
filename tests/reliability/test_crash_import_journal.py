"""An import killed (SIGKILL) between publishing a blob and cataloguing it: the next start of the station marks
the import ``interrupted`` and removes the blob no catalogue row names — but never one another recording owns.

The kill lands at a chosen point, not after a guessed delay: the import runs under
``tests/reliability/pause_at_publish.py``, which holds the thread that has just published the chosen blob (linked
into the vault, folder fsynced) and signals the test, which then kills the process.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.recordings import ImportSession
from evidence_station.importing.publish_journal import journal_files
from evidence_station.services.audit_service import verify_audit
from evidence_station.services.station import Station
from tests.reliability.crash_support import (
    PASSWORD,
    REPO,
    blobs,
    catalogued,
    descendants,
    fully_clean,
    make_home,
    originals_lost,
    problems_after_crash,
    wait_gone,
    write_card,
)

pytestmark = pytest.mark.timeout(300)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_STATION_")}
    env["EVIDENCE_STATION_PASSWORD"] = PASSWORD
    return env


def _import_args(home: Path, card: Path) -> list[str]:
    return ["--home", str(home), "--user", "custodian", "--json", "import", str(card), "--no-thumbnails"]


def import_killed_after_publishing(home: Path, card: Path, which: str, tmp: Path) -> tuple[str, bool]:
    """Import ``card``, SIGKILL the process right after it published blob ``which``; return (sha256, newly stored)."""
    signal_file = tmp / "published"
    signal_file.unlink(missing_ok=True)
    with open(tmp / "paused.out", "wb") as out, open(tmp / "paused.err", "wb") as err:
        process = subprocess.Popen([sys.executable, "-m", "tests.reliability.pause_at_publish", str(signal_file),
                                    which, *_import_args(home, card)], cwd=REPO, env=_env(), stdout=out, stderr=err,
                                   stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 120  # a bound on a hang, not the moment of the kill
    while not signal_file.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"the import ended before publishing {which}: "
                                 f"{(tmp / 'paused.err').read_text(errors='replace')}")
        time.sleep(0.01)
    helpers = descendants(process.pid)
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    assert not wait_gone(helpers, 20), "probe workers outlived the killed import"
    sha256, newly_stored = signal_file.read_text(encoding="utf-8").split()
    return sha256, newly_stored == "True"


def import_to_the_end(home: Path, card: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "evidence_station", *_import_args(home, card)], cwd=REPO,
                          env=_env(), capture_output=True, text=True, timeout=240, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stdout + done.stderr


def _sessions(home: Path) -> list[tuple[int, str]]:
    con = sqlite3.connect(f"file:{home / 'catalogue.sqlite3'}?mode=ro", uri=True, timeout=30)
    try:
        return con.execute("SELECT id, status FROM import_session ORDER BY id").fetchall()
    finally:
        con.close()


def _integrity(home: Path) -> str:
    con = sqlite3.connect(f"file:{home / 'catalogue.sqlite3'}?mode=ro", uri=True, timeout=30)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def _checkpoints(home: Path) -> bytes:
    return (home / "checkpoints" / "audit-checkpoints.jsonl").read_bytes()


def assert_intact(home: Path, checkpoints_before: bytes) -> None:
    """The catalogue, the vault and the checkpoint file are intact; verify finds nothing at all."""
    assert _integrity(home) == "ok"
    assert problems_after_crash(home, {}) == []  # every row has its blob, every blob its name; no orphan tolerated
    assert fully_clean(home) == []
    assert journal_files(home / "vault") == []
    assert _checkpoints(home).startswith(checkpoints_before)  # appended to, never rewritten
    station = Station.open(home)
    try:
        assert verify_audit(station).ok
    finally:
        station.close()


def test_killed_between_publishing_and_cataloguing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    make_home(home)
    card = tmp_path / "card"
    digests = write_card(card, seed=3, files=6)
    checkpoints = _checkpoints(home)

    orphan, newly_stored = import_killed_after_publishing(home, card, "3", tmp_path)
    assert newly_stored
    [(import_id, status)] = _sessions(home)
    assert status == "running"  # the process died mid-way
    assert orphan in blobs(home) and orphan not in {digest for _, _, digest, _ in catalogued(home)}
    [journal] = journal_files(home / "vault")
    assert journal.import_id == import_id and not journal.alive and orphan in journal.noted()

    station = Station.open(home)
    try:
        assert ImportSession.get_by_id(import_id).status == "interrupted"
        interrupted = AuditEvent.get(AuditEvent.action == "import.interrupted")
        assert (interrupted.actor, interrupted.object_id) == ("station", str(import_id))
        removed = [e.details["sha256"] for e in AuditEvent.select().where(AuditEvent.action == "import.blob_removed")]
        assert orphan in removed
    finally:
        station.close()
    assert orphan not in blobs(home)
    assert_intact(home, checkpoints)

    import_to_the_end(home, card)  # the card is completed by importing it again
    assert originals_lost(home, digests) == []
    assert_intact(home, checkpoints)


def test_a_blob_another_recording_owns_is_never_removed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    make_home(home)
    first = tmp_path / "first"
    owned = write_card(first, seed=5, files=2)
    import_to_the_end(home, first)
    checkpoints = _checkpoints(home)
    card = tmp_path / "card"
    digests = write_card(card, seed=6, files=3)
    shared_path, shared = next(iter(owned.items()))
    (card / "DCIM" / "COPY_OF_FIRST.MP4").write_bytes((first / shared_path).read_bytes())  # dedupe: same bytes

    published, newly_stored = import_killed_after_publishing(home, card, f"sha256:{shared}", tmp_path)
    assert published == shared and not newly_stored  # the blob was there already: the killed import adopted it
    station = Station.open(home)
    try:
        assert [s.status for s in ImportSession.select().order_by(ImportSession.id)] == ["completed", "interrupted"]
        removed = [e.details["sha256"] for e in AuditEvent.select().where(AuditEvent.action == "import.blob_removed")]
        assert shared not in removed
    finally:
        station.close()
    assert shared in blobs(home)
    assert originals_lost(home, owned) == []
    assert_intact(home, checkpoints)

    import_to_the_end(home, card)
    assert originals_lost(home, digests) == []
    assert_intact(home, checkpoints)
