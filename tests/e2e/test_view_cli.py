"""Viewing control through the real command line: request, approve, open, register, classify, revoke."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import httpx

from tests.e2e.conftest import Cli


def test_viewing_workflow_through_the_cli(cli: Cli, tmp_path: Path) -> None:
    for name, role in (("inv", "investigator"), ("boss", "director")):
        cli.add_user(name, role, tmp_path)
    cli.add_user("chief", "director", tmp_path, "--clearance", "3")
    card = tmp_path / "card"
    assert cli.run("--json", "demo-card", str(card), "--seed", "3").returncode == 0
    imported = cli.as_("custodian", "--json", "import", str(card), "--no-thumbnails")
    rec = next(f["recording_id"] for f in imported.json["files"] if f.get("kind") == "video")

    denied = cli.as_("inv", "--json", "view", "open", str(rec))
    assert denied.returncode == 3, denied.stderr
    assert "view request" in denied.json["error"]["message"]

    asked = cli.as_("inv", "--json", "view", "request", str(rec), "--reason", "投诉核查", "--purpose",
                    "complaint_petition")
    assert asked.returncode == 0, asked.stderr
    request_id = asked.json["request_id"]
    assert asked.json["status"] == "pending"

    assert cli.as_("boss", "view", "approve", "9999").returncode == 4
    assert cli.as_("inv", "view", "request", "--reason", "x").returncode == 2  # no recording named
    approved = cli.as_("boss", "--json", "view", "approve", str(request_id), "--hours", "2")
    assert approved.returncode == 0, approved.stderr
    assert approved.json["status"] == "approved" and approved.json["valid_until"].endswith("+08:00")

    # An embedded station serves the stream from the command itself, until it is interrupted.
    with cli.start_as("inv", "--json", "view", "open", str(rec)) as opening:
        opened = opening.read_json()
        assert "path" not in opened and opened["grant"] == request_id
        assert opened["stream_url"].startswith("http://127.0.0.1:")
        streamed = httpx.get(opened["stream_url"], timeout=30).content
        assert hashlib.sha256(streamed).hexdigest() == opened["sha256"]
        assert str(cli.home) not in json.dumps(opened)
    assert opening.returncode == 0, opening.stderr  # SIGTERM closes the session (the register says when)

    pdf, csv_file = tmp_path / "register.pdf", tmp_path / "register.csv"
    register = cli.as_("custodian", "--json", "view", "register", "--pdf", str(pdf), "--csv", str(csv_file))
    assert register.returncode == 0, register.stderr
    [entry] = register.json["entries"]
    assert (entry["viewer"], entry["reason"], entry["approver"]) == ("inv", "投诉核查", "boss")
    assert entry["opened_at"].endswith("+08:00") and entry["closed_at"]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "投诉核查" in text and "inv" in text and "boss" in text
    assert "投诉核查" in csv_file.read_text(encoding="utf-8-sig")

    # Classifying a state secret needs a director with clearance 3; once secret, the uncleared cannot see it.
    assert cli.as_("boss", "classify", str(rec), "state_secret", "--reason", "涉密").returncode == 3
    classified = cli.as_("chief", "--json", "classify", str(rec), "state_secret", "--reason", "涉密")
    assert classified.returncode == 0 and classified.json["classification"] == "state_secret"
    hidden = cli.as_("inv", "--json", "view", "open", str(rec))
    assert hidden.returncode == 4
    listed = cli.as_("inv", "--json", "recordings")
    assert rec not in [r["id"] for r in listed.json["recordings"]]

    revoked = cli.as_("chief", "--json", "view", "revoke", str(request_id), "--reason", "案件办结")
    assert revoked.returncode == 0 and revoked.json["status"] == "revoked"
    audit = cli.as_("chief", "--json", "audit", "list", "--action", "refused", "--limit", "50")
    refused = [e["action"] for e in audit.json["events"]]
    assert "refused.open_recording" in refused and "refused.classify_recording" in refused
    assert cli.run("audit", "verify").returncode == 0
