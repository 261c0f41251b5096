"""Helpers for the kill -9 suites: a forking launcher, small cards, and the checks after every crash."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidence_station.domain.roles import Role
from evidence_station.services.audit_service import verify_audit
from evidence_station.services.station import Station
from evidence_station.services.users import init_station, login
from evidence_station.services.verify_service import verify_store
from tests.conftest import add_user_confirmed

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "crash-pass-123"


def sha256_of(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_home(home: Path) -> None:
    """A station with ``admin``, ``custodian`` and ``clerk`` (cheap password hashes: see tests/conftest.py)."""
    init_station(home, admin_name="admin", admin_password=PASSWORD)
    station = Station.open(home)
    try:
        admin = login(station, "admin", PASSWORD)
        for name, role in (("custodian", Role.CUSTODIAN), ("clerk", Role.CLERK)):
            add_user_confirmed(admin, name=name, roles=[role], password=PASSWORD, display_name=name.title(),
                     badge_number=f"B-{name[:3].upper()}", clearance=0)
    finally:
        station.close()


def write_card(root: Path, seed: int, files: int = 5, first: int = 0) -> dict[str, str]:
    """Camera-named files with random bytes on a (new or existing) card; returns their card path -> SHA-256.

    ``first`` numbers the files, so a card can be given more files later.
    """
    rng = random.Random(seed * 1000 + first)
    folder = root / "DCIM" / "100DSJ"
    folder.mkdir(parents=True, exist_ok=True)
    digests = {}
    for i in range(first, first + files):
        name = f"Z8A{seed % 10000:04d}_010203_20261124{(9 + i // 60) % 24:02d}{i % 60:02d}00_{i + 1:04d}.MP4"
        data = rng.randbytes(rng.randint(32 * 1024, 400 * 1024))
        (folder / name).write_bytes(data)
        digests[f"DCIM/100DSJ/{name}"] = hashlib.sha256(data).hexdigest()
    (root / "DCIM" / "Thumbs.db").write_bytes(b"junk")
    return digests


class Zygote:
    """Drives ``tests/reliability/zygote.py``: forks one CLI run at a time, can SIGKILL it."""

    def __init__(self, home: Path, password: str = PASSWORD) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_STATION_")}
        env["EVIDENCE_STATION_PASSWORD"] = password
        self.home = home
        self.helpers: set[int] = set()
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.reliability.zygote"], cwd=REPO, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        assert self._line() == "ready"

    def _line(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the crash launcher died")
        return line.strip()

    def run(self, args: list[str], stdout: Path, kill_after: float | None = None,
            stop_at: StopAt | None = None) -> RunOutcome:
        """Run ``evidence-station --home HOME --user ARGS[0] ARGS[1:]`` and let it end, or SIGKILL it.

        ``kill_after``: kill it after that many seconds (a random moment, possibly between two progress
        reports; it may also come after the run ended). ``stop_at``: kill it while it is frozen at that
        progress report (a known step, whatever the machine's speed); the run is not killed if it ends
        without reaching that report. Every progress report of the run is in the outcome's ``events``.
        """
        assert self.proc.stdin is not None
        argv = ["--home", str(self.home), "--user", args[0], *args[1:]]
        events = stdout.with_name(stdout.name + ".events")
        events.unlink(missing_ok=True)
        request = {"argv": argv, "stdout": str(stdout), "events": str(events),
                   "stop_at": None if stop_at is None else {"message": stop_at.message, "nth": stop_at.nth}}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        pid = int(self._line().split()[1])
        started = time.monotonic()
        helpers: set[int] = set()
        if stop_at is not None:
            while (state := _state(pid)) not in {None, "Z", "T"}:
                helpers |= descendants(pid)
                time.sleep(0.005)
            helpers |= descendants(pid)
            if state == "T":
                _kill(pid)
        elif kill_after is not None:
            while time.monotonic() - started < kill_after:
                helpers |= descendants(pid)
                time.sleep(0.01)
            helpers |= descendants(pid)
            _kill(pid)
        _, _, code = self._line().split()
        elapsed = time.monotonic() - started
        self.helpers |= helpers
        reports = [json.loads(line) for line in events.read_text(encoding="utf-8").splitlines()] \
            if events.exists() else []
        return RunOutcome(pid, int(code), elapsed, tuple(reports))

    def lingering_helpers(self, timeout: float = 20) -> list[int]:
        """Helper processes (probe workers) of killed runs still alive after ``timeout`` (then killed)."""
        return sorted(wait_gone(self.helpers, timeout))

    def close(self) -> None:
        """Stop the launcher."""
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


@dataclass(frozen=True)
class StopAt:
    """A kill point: the ``nth`` progress report (from 1) whose message contains ``message``."""

    message: str
    nth: int = 1


@dataclass(frozen=True)
class RunOutcome:
    """One forked CLI run: its exit code (-9 when killed), how long it ran and its progress reports."""

    pid: int
    code: int
    seconds: float
    events: tuple[dict[str, Any], ...] = ()

    @property
    def killed(self) -> bool:
        """True when SIGKILL ended the run."""
        return self.code == -signal.SIGKILL

    @property
    def stopped_at(self) -> dict[str, Any] | None:
        """The progress report the run was frozen (and then killed) at, if any."""
        return next((e for e in self.events if e["stopped"]), None)

    @property
    def last_step(self) -> str:
        """The message of the last progress report the run made ("" if none): roughly where it ended."""
        return self.events[-1]["message"] if self.events else ""


def progress_steps(events: tuple[dict[str, Any], ...]) -> dict[str, int]:
    """How many progress reports a run made per message, in the order the messages first appeared."""
    steps: dict[str, int] = {}
    for event in events:
        steps[event["message"]] = steps.get(event["message"], 0) + 1
    return steps


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` right now (Linux /proc)."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                children = Path(f"/proc/{current}/task/{task}/children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                if child not in found:
                    found.add(child)
                    todo.append(child)
    return found


def _state(pid: int) -> str | None:
    """The process's state letter (``R``, ``S``, ``T`` stopped, ``Z`` zombie, …), None when it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def _alive(pid: int) -> bool:
    return _state(pid) not in {None, "Z"}


def wait_gone(pids: set[int], timeout: float) -> set[int]:
    """Wait until the helper processes exit on their own; kill and return those that did not."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.05)
    left = {p for p in pids if _alive(p)}
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return left


def catalogued(home: Path) -> list[tuple[int, str, str, int]]:
    """(id, card_path, sha256, size) of every live recording, read straight from the catalogue file."""
    con = sqlite3.connect(f"file:{home / 'catalogue.sqlite3'}?mode=ro", uri=True, timeout=30)
    try:
        return con.execute("SELECT id, card_path, sha256, size FROM recording WHERE disposed_at IS NULL").fetchall()
    finally:
        con.close()


def blobs(home: Path) -> dict[str, Path]:
    """Every file under vault/objects by name."""
    objects = home / "vault" / "objects"
    return {p.name: p for p in objects.glob("*/*")} if objects.is_dir() else {}


def problems_after_crash(home: Path, card_digests: dict[str, str]) -> list[str]:
    """What a killed run may never leave behind, checked on the raw files and then through a restart.

    * every catalogued recording has its blob, of the catalogued size, hashing to the catalogued SHA-256;
    * every blob in the vault hashes to its own name and is read-only (none half-written);
    * after a restart (``Station.open``) no temporary file is left in vault/tmp;
    * ``verify`` finds nothing except blobs of card files not yet catalogued (a re-import adopts them),
      and ``audit verify`` is clean;
    * no export is left ``running`` (a killed export is ``interrupted`` after the restart).
    """
    found: list[str] = []
    stored = blobs(home)
    for rec_id, card_path, digest, size in catalogued(home):
        blob = stored.get(digest)
        if blob is None:
            found.append(f"recording {rec_id} ({card_path}) is catalogued without a blob")
        elif blob.stat().st_size != size or sha256_of(blob) != digest:
            found.append(f"recording {rec_id} ({card_path}) has a blob that does not match the catalogue")
    for name, blob in stored.items():
        if sha256_of(blob) != name:
            found.append(f"blob {name} is not what its name says (half-written?)")
        if blob.stat().st_mode & 0o222:
            found.append(f"blob {name} is writable")
    station = Station.open(home)
    try:
        leftovers = sorted(p.name for p in (home / "vault" / "tmp").iterdir())
        if leftovers:
            found.append(f"temporary files left after restart: {leftovers}")
        expected_orphans = set(card_digests.values())
        for problem in verify_store(station).problems:
            orphan = problem.kind == "extra_blob" and any(d in problem.message for d in expected_orphans)
            if not orphan:
                found.append(f"verify: {problem.kind}: {problem.message}")
        audit = verify_audit(station)
        found += [f"audit verify: {p.kind}: {p.message}" for p in audit.problems]
        from evidence_station.catalogue.cases import Export

        running = [e.id for e in Export.select(Export.id).where(Export.status == "running")]
        if running:
            found.append(f"exports still 'running' after a restart although their process died: {running}")
    finally:
        station.close()
    return found


def originals_lost(home: Path, card_digests: dict[str, str]) -> list[str]:
    """Card files whose bytes are not in the vault under a live recording for that card path."""
    rows = {(card_path, digest) for _, card_path, digest, _ in catalogued(home)}
    stored = blobs(home)
    return sorted(path for path, digest in card_digests.items()
                  if digest not in stored or (path, digest) not in rows or sha256_of(stored[digest]) != digest)


def fully_clean(home: Path) -> list[str]:
    """``verify`` and ``audit verify`` with no problem at all, and no temporary file."""
    station = Station.open(home)
    try:
        found = [f"verify: {p.kind}: {p.message}" for p in verify_store(station).problems]
        found += [f"temporary file {p.name}" for p in (home / "vault" / "tmp").iterdir()]
    finally:
        station.close()
    return found


class FailingReader(io.RawIOBase):
    """A source that fails with EIO once ``fail_at`` bytes were read."""

    def __init__(self, data: bytes, fail_at: int) -> None:
        self.data, self.fail_at, self.pos = data, fail_at, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:
        if self.pos >= self.fail_at:
            raise OSError(errno.EIO, "Input/output error")
        count = min(len(buffer), self.fail_at - self.pos, len(self.data) - self.pos)
        buffer[:count] = self.data[self.pos:self.pos + count]
        self.pos += count
        return count
