"""The foundation and import through the real command line, as scripts and testers use it."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.e2e.conftest import ADMIN_PASSWORD, REPO, Cli


def test_init_reports_station_and_certificate(tmp_path: Path) -> None:
    c = Cli(tmp_path / "h")
    done = c.run("--json", "init", "--admin", "root", "--station-name", "测试工作站", password=ADMIN_PASSWORD)
    assert done.returncode == 0, done.stderr
    data = done.json
    assert set(data) >= {"home", "station_id", "certificate_sha256"}
    cert = (tmp_path / "h" / "identity" / "station-cert.pem").read_bytes()
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    der = x509.load_pem_x509_certificate(cert).public_bytes(Encoding.DER)
    assert hashlib.sha256(der).hexdigest() == data["certificate_sha256"]
    again = c.run("init", "--admin", "root", password=ADMIN_PASSWORD)
    assert again.returncode == 2 and "already" in again.stderr


def test_wrong_password_exits_3_and_lockout_is_audited(cli: Cli) -> None:
    for _attempt in range(5):
        done = cli.run("--json", "user", "list", user="admin", password="wrong-password")
        assert done.returncode == 3
        assert "password" in done.json["error"]["message"].lower()
    locked = cli.as_admin("user", "list")
    assert locked.returncode == 3 and "locked" in locked.stderr
    verify = cli.run("--json", "audit", "verify")
    assert verify.returncode == 0 and verify.json["ok"]
    db = sqlite3.connect(cli.home / "catalogue.sqlite3")
    actions = [r[0] for r in db.execute("SELECT action FROM audit_event WHERE actor='admin'")]
    assert actions.count("auth.failed") == 5 and "auth.locked" in actions and "auth.refused_locked" in actions


def test_permission_refused_exits_3(cli: Cli) -> None:
    done = cli.as_("custodian", "--json", "user", "add", "x", "--role", "admin", "--password-file", "/dev/null")
    assert done.returncode in (2, 3)
    pw = cli.home.parent / "pw"
    pw.write_text("longenough1")
    done = cli.as_("custodian", "--json", "user", "add", "x", "--role", "admin", "--password-file", str(pw))
    assert done.returncode == 3, done.stderr
    assert done.json["error"]["code"] == "permission_denied"


def _tamper(home: Path, sql: str) -> None:
    db = sqlite3.connect(home / "catalogue.sqlite3")
    db.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    db.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    db.executescript(sql)
    db.commit()
    db.close()


def test_audit_tampering_is_named(cli: Cli, tmp_path: Path) -> None:
    for name in ("a1", "a2", "a3"):
        cli.add_user(name, "auditor", tmp_path)
    assert cli.run("audit", "verify").returncode == 0
    _tamper(cli.home, "UPDATE audit_event SET details='{\"roles\":[\"admin\"]}' WHERE seq=6;")
    done = cli.run("--json", "audit", "verify")
    assert done.returncode == 1
    assert any(p["seq"] == 6 for p in done.json["problems"])
    assert "#6" in done.stdout


def test_audit_deletion_and_swap_are_named(cli: Cli, tmp_path: Path) -> None:
    for name in ("a1", "a2", "a3"):
        cli.add_user(name, "auditor", tmp_path)
    _tamper(cli.home, "DELETE FROM audit_event WHERE seq=5;")
    done = cli.run("--json", "audit", "verify")
    assert done.returncode == 1 and any(p["seq"] == 5 for p in done.json["problems"])


def test_import_verify_and_flipped_byte(cli: Cli, tmp_path: Path) -> None:
    card = tmp_path / "card"
    made = cli.run("--json", "demo-card", str(card), "--seed", "2")
    assert made.returncode == 0, made.stderr
    files = made.json["files"]
    done = cli.as_("custodian", "--json", "import", str(card))
    assert done.returncode == 0, done.stderr
    data = done.json
    assert sorted(f["card_path"] for f in data["files"]) == sorted(files)
    kinds = {f["kind"] for f in data["findings"]}
    assert {"gap", "damaged", "empty", "time_overlap"} <= kinds
    listing = cli.as_("custodian", "--json", "recordings")
    recs = listing.json["recordings"]
    assert {"id", "sha256", "sm3", "size", "kind", "device", "officer", "start", "end", "card_path"} <= set(recs[0])
    assert cli.run("verify").returncode == 0
    victim = next(r for r in recs if r["kind"] == "video" and r["size"] > 1000)
    blob = cli.home / "vault" / "objects" / victim["sha256"][:2] / victim["sha256"]
    blob.chmod(0o644)
    raw = bytearray(blob.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    blob.write_bytes(bytes(raw))
    writable = cli.run("--json", "verify", "--quick")
    assert writable.returncode == 1
    assert [p["kind"] for p in writable.json["problems"]] == ["writable_blob"]
    blob.chmod(0o444)  # a careful forger puts the protection back
    bad = cli.run("--json", "verify")
    assert bad.returncode == 1
    assert any(p["recording_id"] == victim["id"] for p in bad.json["problems"])
    quick = cli.run("--json", "verify", "--quick")
    assert quick.returncode == 0  # sizes unchanged: only the full re-hash can see a flipped byte


def test_kill_during_import_then_resume(cli: Cli, tmp_path: Path) -> None:
    card = tmp_path / "bigcard" / "DCIM" / "100DSJ"
    card.mkdir(parents=True)
    rng = os.urandom
    for i in range(6):
        (card / f"Z8A0009_010101_2026112409{i:02d}00_{i + 1:04d}.MP4").write_bytes(rng(24 * 1024 * 1024))
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_STATION_")}
    env["EVIDENCE_STATION_PASSWORD"] = "user-pass-12"
    proc = subprocess.Popen([sys.executable, "-m", "evidence_station", "--home", str(cli.home), "--user",
                             "custodian", "import", str(card.parents[1]), "--no-thumbnails"], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    tmp = cli.home / "vault" / "tmp"
    while time.monotonic() < deadline and not (tmp.exists() and any(tmp.iterdir())):
        time.sleep(0.02)
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    db = sqlite3.connect(cli.home / "catalogue.sqlite3")
    for (sha,) in db.execute("SELECT sha256 FROM recording"):
        assert (cli.home / "vault" / "objects" / sha[:2] / sha).exists()
    db.close()
    again = cli.as_("custodian", "--json", "import", str(card.parents[1]), "--no-thumbnails")
    assert again.returncode == 0, again.stderr
    assert not any((cli.home / "vault" / "tmp").iterdir())
    statuses = {f["status"] for f in again.json["files"]}
    assert statuses <= {"stored", "already_stored"}
    verify = cli.run("--json", "verify")
    assert verify.returncode == 0, verify.stdout
    count = len(json.loads(cli.as_("custodian", "--json", "recordings").stdout)["recordings"])
    assert count == 6
