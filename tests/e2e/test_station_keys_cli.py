"""``init --service``, ``serve`` and ``station migrate`` through the real CLI: ``serve`` runs only a service home."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.e2e.conftest import ADMIN_PASSWORD, REPO, Cli, StationService, _clean_env


def _serve(home: Path, socket: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "evidence_station", "--home", str(home), "serve", "--listen", f"unix:{socket}"],
        capture_output=True, text=True, timeout=120, env=_clean_env(), cwd=REPO, stdin=subprocess.DEVNULL)


def test_serve_refuses_an_embedded_home_until_it_is_migrated(cli: Cli, tmp_path: Path) -> None:
    refused = _serve(cli.home, tmp_path / "s.sock")
    assert refused.returncode == 2, refused.stderr
    assert "station migrate --service" in refused.stderr and not (tmp_path / "s.sock").exists()
    migrated = cli.as_admin("--json", "station", "migrate", "--service")
    assert migrated.returncode == 0, migrated.stderr
    assert migrated.json["protection"] == "protected" and migrated.json["service"] is True
    assert migrated.json["retired_certificate_sha256"] != migrated.json["certificate_sha256"]
    again = cli.as_admin("--json", "station", "migrate", "--service")
    assert again.returncode == 2 and "already" in again.json["error"]["message"]
    assert cli.run("--json", "audit", "verify").json["ok"]
    service = StationService(cli.home).start()
    assert service.stop() == 0


def _shared_with_others(home: Path) -> list[str]:
    """The files and folders of ``home`` that its group or other accounts may read, write or enter."""
    return [f"{path.relative_to(home)} {path.stat().st_mode & 0o777:o}" for path in [home, *home.rglob("*")]
            if path.stat().st_mode & 0o077]


def test_init_service_makes_a_home_serve_accepts(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home")
    previous = os.umask(0o022)  # what ``sudo -u evidence-station`` or ``runuser`` usually passes on
    try:
        made = cli.run("--json", "init", "--admin", "admin", "--service", password=ADMIN_PASSWORD)
    finally:
        os.umask(previous)
    assert _shared_with_others(cli.home) == []  # a service home is private to its account, whatever the umask
    assert made.returncode == 0, made.stderr
    assert made.json["service"] is True
    pem = (cli.home / "identity" / "station-cert.pem").read_text()
    shown = subprocess.run(["openssl", "x509", "-noout", "-ext", "certificatePolicies"], input=pem,
                           capture_output=True, text=True, check=False)
    assert "2.25.28192519471191406304783800028223767300.2" in shown.stdout, shown
    previous = os.umask(0o022)
    try:
        service = StationService(cli.home).start()
    finally:
        os.umask(previous)
    served = Cli(cli.home, service).as_admin("--json", "recordings")
    assert service.stop() == 0
    assert served.returncode == 0, served.stderr
    assert _shared_with_others(cli.home) == []  # nor does the service share what it wrote (sessions, checkpoints)


def test_a_stop_asked_for_while_the_service_starts_ends_it_cleanly(cli: Cli, tmp_path: Path) -> None:
    """A supervisor may stop the service the moment its socket appears (before uvicorn took the signals over):
    the stop is honoured once serving begins, with exit code 0 and the socket removed — never a kill by SIGTERM."""
    assert cli.as_admin("--json", "station", "migrate", "--service").returncode == 0
    socket = tmp_path / "s.sock"
    for _ in range(3):
        process = subprocess.Popen(
            [sys.executable, "-m", "evidence_station", "--home", str(cli.home), "serve", "--listen", f"unix:{socket}"],
            env=_clean_env(), cwd=REPO, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not socket.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 0, stderr
        assert not socket.exists()
