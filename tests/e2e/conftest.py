"""End-to-end helpers: run the real CLI in a subprocess on a temporary home."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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


class Cli:
    """Runs ``python -m evidence_station --home HOME …`` as a given user."""

    def __init__(self, home: Path) -> None:
        self.home = home

    def run(self, *args: str, user: str | None = None, password: str | None = None, timeout: float = 300,
            env: dict[str, str] | None = None) -> CliRun:
        """Run one command; ``--json`` is not added automatically."""
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_STATION_")}
        full_env["QT_QPA_PLATFORM"] = "offscreen"
        if password is not None:
            full_env["EVIDENCE_STATION_PASSWORD"] = password
        full_env.update(env or {})
        command = [sys.executable, "-m", "evidence_station", "--home", str(self.home)]
        if user:
            command += ["--user", user]
        done = subprocess.run([*command, *args], capture_output=True, text=True, timeout=timeout, env=full_env,
                              cwd=REPO, stdin=subprocess.DEVNULL)
        return CliRun(done.returncode, done.stdout, done.stderr)

    def as_admin(self, *args: str, **kw: Any) -> CliRun:
        """Run as the administrator."""
        return self.run(*args, user="admin", password=ADMIN_PASSWORD, **kw)

    def as_(self, user: str, *args: str, **kw: Any) -> CliRun:
        """Run as a user created by :meth:`add_user`."""
        return self.run(*args, user=user, password=USER_PASSWORD, **kw)

    def add_user(self, name: str, role: str, tmp: Path, *extra: str) -> None:
        """Create a user with :data:`USER_PASSWORD`."""
        pw = tmp / f"{name}.pw"
        pw.write_text(USER_PASSWORD + "\n")
        done = self.as_admin("--json", "user", "add", name, "--role", role, "--password-file", str(pw), *extra)
        assert done.returncode == 0, done.stderr


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """A new station home (admin + custodian) driven through the CLI."""
    home = tmp_path / "home"
    c = Cli(home)
    done = c.run("--json", "init", "--admin", "admin", password=ADMIN_PASSWORD)
    assert done.returncode == 0, done.stderr
    c.add_user("custodian", "custodian", tmp_path)
    return c
