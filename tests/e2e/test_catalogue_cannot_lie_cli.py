"""The issue's first reproduction end to end: an insider gives an investigator the director role and clearance 3
with the ``sqlite3`` tool; ``view approve`` is refused with ``catalogue_altered`` (exit 1) and ``verify`` names the
row (table, id, fields)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from tests.e2e.conftest import Cli


def _sql(home: Path, statement: str) -> None:
    if shutil.which("sqlite3"):
        subprocess.run(["sqlite3", str(home / "catalogue.sqlite3"), statement], check=True)
    else:
        with sqlite3.connect(home / "catalogue.sqlite3") as db:
            db.execute(statement)


def test_a_director_made_with_sqlite3_cannot_approve(cli: Cli, tmp_path: Path) -> None:
    cli.add_user("inv", "investigator", tmp_path)
    cli.add_user("inv2", "investigator", tmp_path)
    card = tmp_path / "card"
    assert cli.run("--json", "demo-card", str(card), "--seed", "4").returncode == 0
    imported = cli.as_("custodian", "--json", "import", str(card), "--no-thumbnails")
    rec = next(f["recording_id"] for f in imported.json["files"] if f.get("kind") == "video")
    asked = cli.as_("inv2", "--json", "view", "request", str(rec), "--reason", "案件调查")
    assert asked.returncode == 0, asked.stderr
    _sql(cli.home, "INSERT INTO user_role (user_id, role) SELECT id, 'director' FROM user WHERE name='inv';")
    _sql(cli.home, "UPDATE user SET clearance=3 WHERE name='inv';")
    approved = cli.as_("inv", "--json", "view", "approve", str(asked.json["request_id"]))
    assert approved.returncode == 1, approved.stdout
    error = approved.json["error"]
    assert error["code"] == "catalogue_altered" and "user inv" in error["message"]
    assert "目录" in error["message_zh"]
    verified = cli.run("--json", "verify", "--quick")
    assert verified.returncode == 1
    (problem,) = [p for p in verified.json["problems"] if p["kind"] == "catalogue_altered"]
    assert (problem["table"], problem["row_id"], problem["fields"], problem["field"]) == (
        "user", "inv", ["roles", "clearance"], "roles")
