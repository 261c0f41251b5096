"""End-to-end helpers: run the real CLI in a subprocess on a temporary home."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ADMIN_PASSWORD = "admin-pass-1"
USER_PASSWORD = "user-pass-12"
REPO = Path(__file__).resolve().parents[2]


@dataclass
class CliRun:
    """A finished CLI run."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def json(self) -> dict[str, Any]:
        """The single JSON object printed on stdout."""
        return json.loads(self.stdout)


#: Commands that work on a home (or on nothing) and never through a station service (``verify-disc`` asks the
#: station only with ``--against-station``).
HOME_COMMANDS = frozenset({"init", "demo-card", "verify-disc", "serve"})


def _clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_STATION_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra or {})
    return env


class StationService:
    """A real station service process (``serve``) on a home, listening on a private Unix socket."""

    def __init__(self, home: Path, *extra_args: str) -> None:
        self.home = home
        self.extra_args = extra_args  # more ``serve`` options (e.g. ``--stream-port N``)
        self.folder = Path(tempfile.mkdtemp(prefix="es-svc-"))  # short: a socket path has ~100 bytes at most
        self.socket = self.folder / "station.sock"
        self.log = self.folder / "serve.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The ``--station`` URL of this service."""
        return f"unix:{self.socket}"

    def start(self, timeout: float = 60) -> StationService:
        """Start ``serve`` and wait until it accepts connections."""
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "evidence_station", "--home", str(self.home), "serve", "--listen", self.url,
                 *self.extra_args],
                stdout=log, stderr=subprocess.STDOUT, env=_clean_env(), cwd=REPO, stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + timeout
        while not self.socket.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"serve did not start: {self.log.read_text(errors='replace')}")
            time.sleep(0.05)
        return self

    def stop(self, timeout: float = 60) -> int:
        """SIGTERM the service (it finishes or rolls back running work) and return its exit code."""
        code = 0
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            code = self.process.wait(timeout)
        elif self.process is not None:
            code = self.process.returncode
        shutil.rmtree(self.folder, ignore_errors=True)
        return code


class RunningCli:
    """A CLI command still running (e.g. ``view open`` serving a stream): read its JSON, then stop it with SIGTERM
    when the ``with`` block ends."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.returncode: int | None = None
        self.stderr = ""

    def read_json(self, timeout: float = 120) -> dict[str, Any]:
        """The first JSON object the command prints (it keeps running)."""
        assert self.process.stdout is not None
        text = ""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                raise AssertionError(f"the command ended before printing its JSON: {self.process.stderr.read()}")
            text += line
            try:
                return json.loads(text)
            except ValueError:
                continue
        raise AssertionError("no JSON object in time")

    def __enter__(self) -> RunningCli:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        _, self.stderr = self.process.communicate(timeout=60)
        self.returncode = self.process.returncode


class Cli:
    """Runs ``python -m evidence_station --home HOME …`` as a given user — or, with a :class:`StationService`,
    ``--station unix:SOCK …`` for every command that acts through the station."""

    def __init__(self, home: Path, service: StationService | None = None) -> None:
        self.home = home
        self.service = service
        self.people: dict[str, str] = {}  # the users add_user made here: name → role

    def _command(self, args: tuple[str, ...], user: str | None, password: str | None,
                 env: dict[str, str] | None) -> tuple[list[str], dict[str, str]]:
        full_env = _clean_env({"EVIDENCE_STATION_PASSWORD": password} if password is not None else None)
        full_env.update(env or {})
        words = [a for a in args if not a.startswith("-")]
        home_only = bool(words) and words[0] in HOME_COMMANDS and "--against-station" not in args
        through_service = self.service is not None and not home_only
        where = ["--station", self.service.url] if through_service and self.service else ["--home", str(self.home)]
        command = [sys.executable, "-m", "evidence_station", *where]
        if user:
            command += ["--user", user]
        return [*command, *args], full_env

    def run(self, *args: str, user: str | None = None, password: str | None = None, timeout: float = 300,
            env: dict[str, str] | None = None) -> CliRun:
        """Run one command; ``--json`` is not added automatically."""
        command, full_env = self._command(args, user, password, env)
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=full_env,
                              cwd=REPO, stdin=subprocess.DEVNULL)
        return CliRun(done.returncode, done.stdout, done.stderr)

    def start_as(self, user: str, *args: str, env: dict[str, str] | None = None) -> RunningCli:
        """Start a command as a user created by :meth:`add_user` and leave it running (see :class:`RunningCli`)."""
        command, full_env = self._command(args, user, USER_PASSWORD, env)
        return RunningCli(subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                           env=full_env, cwd=REPO, stdin=subprocess.DEVNULL))

    def as_admin(self, *args: str, **kw: Any) -> CliRun:
        """Run as the administrator."""
        return self.run(*args, user="admin", password=ADMIN_PASSWORD, **kw)

    def as_(self, user: str, *args: str, **kw: Any) -> CliRun:
        """Run as a user created by :meth:`add_user`."""
        return self.run(*args, user=user, password=USER_PASSWORD, **kw)

    def add_user(self, name: str, role: str, tmp: Path, *extra: str) -> None:
        """Create a user with :data:`USER_PASSWORD` — confirmed by a second person (a director or administrator
        made here before) when two-person administration makes it wait."""
        pw = tmp / f"{name}.pw"
        pw.write_text(USER_PASSWORD + "\n")
        done = self.as_admin("--json", "user", "add", name, "--role", role, "--password-file", str(pw), *extra)
        assert done.returncode == 0, done.stderr
        if done.json["status"] == "pending":
            second = next(n for n, r in self.people.items() if r in ("admin", "director"))
            confirmed = self.as_(second, "--json", "user", "confirm", str(done.json["confirmation_id"]))
            assert confirmed.returncode == 0, confirmed.stderr
        self.people[name] = role


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """A new station home (admin + custodian) driven through the CLI."""
    home = tmp_path / "home"
    c = Cli(home)
    done = c.run("--json", "init", "--admin", "admin", password=ADMIN_PASSWORD)
    assert done.returncode == 0, done.stderr
    c.add_user("custodian", "custodian", tmp_path)
    return c


@pytest.fixture
def service_cli(cli: Cli) -> Iterator[Cli]:
    """The same station as ``cli``, moved to the station service (``station migrate --service``: ``serve`` runs only
    a service home) and served by a real station service process; commands go through it."""
    done = cli.as_admin("--json", "station", "migrate", "--service")
    assert done.returncode == 0, done.stderr
    service = StationService(cli.home).start()
    try:
        yield Cli(cli.home, service)
    finally:
        assert service.stop() == 0, "serve must exit 0 on SIGTERM"
