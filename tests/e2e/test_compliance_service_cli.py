"""Devices, checks, activities, findings, the dashboard, the monthly report, retention and disposal through a real
station service process (``serve``): the same JSON as an embedded station, permissions refused by the service
(exit 3), ids out of range refused before any service runs (exit 2), documents written by the desk under the output
rules (a refused ``--certificate`` path disposes of nothing), and no output naming a path inside the station's home."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.conftest import Cli, CliRun

TOO_BIG = "99999999999999999999999"


def _no_home_path(cli: Cli, *runs: CliRun) -> None:
    for run in runs:
        assert str(cli.home) not in run.stdout and str(cli.home) not in run.stderr, run.stdout


def _signature_valid(pdf: Path) -> bool:
    done = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True, timeout=60)
    return "Signature is Valid" in done.stdout


def _ok(cli: Cli, user: str, *args: str) -> dict:
    done = cli.as_(user, "--json", *args)
    assert done.returncode == 0, (args, done.stderr)
    _no_home_path(cli, done)
    return done.json


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="needs pdfsig (poppler-utils)")
def test_compliance_commands_through_the_service(cli: Cli, service_cli: Cli, tmp_path: Path) -> None:
    now = datetime.now(ZoneInfo("Asia/Shanghai"))
    today, yesterday = now.date(), (now - timedelta(days=1)).date()
    cli.add_user("clerk", "clerk", tmp_path)
    card = tmp_path / "card"
    assert cli.run("demo-card", str(card), "--seed", "2", "--day", today.isoformat()).returncode == 0

    device = _ok(service_cli, "custodian", "device", "add", "Z8A0001", "--model", "DSJ-V9", "--group", "一组",
                 "--responsible", "王组长")["device"]
    assert device["serial"] == "Z8A0001" and device["needs_completion"] is False
    check = _ok(service_cli, "custodian", "check", "add", "Z8A0001", "--offset", "42", "--at",
                f"{yesterday}T20:00")["check"]
    assert check["clock_offset_s"] == 42.0 and check["finding_id"]
    by_clerk = service_cli.as_("clerk", "--json", "device", "add", "Z9")
    assert by_clerk.returncode == 3, by_clerk.stderr  # the service refuses: clerks do not manage devices
    shown = _ok(service_cli, "clerk", "device", "show", "Z8A0001")  # reading is allowed
    assert [c["id"] for c in shown["checks"]] == [check["id"]] and shown["offsets"][0]["offset_s"] == 42.0

    imported = service_cli.as_("custodian", "--json", "import", str(card), "--no-thumbnails")
    assert imported.returncode in (0, 1), imported.stderr
    act = _ok(service_cli, "custodian", "activity", "add", "--kind", "obstruction", "--place", "某工地", "--date",
              today.isoformat(), "--device", "Z8A0001", "--officer", "010203")
    activity_id = act["activity_id"]
    suggestions = _ok(service_cli, "custodian", "activity", "suggest", str(activity_id))["suggestions"]
    assert suggestions and {s["device"] for s in suggestions} == {"Z8A0001"}
    assigned = _ok(service_cli, "custodian", "activity", "assign", str(activity_id), "--suggested")
    assert sorted(assigned["assigned"]) == sorted(s["recording_id"] for s in suggestions)
    listed = _ok(service_cli, "custodian", "activity", "list")["activities"]
    assert [a["recordings"] for a in listed if a["id"] == activity_id] == [len(suggestions)]

    resolved = _ok(service_cli, "custodian", "finding", "resolve", str(check["finding_id"]), "--note", "已校时")
    assert resolved["finding"]["status"] == "resolved" and resolved["resolution"] == "已校时"
    again = service_cli.as_("custodian", "--json", "finding", "resolve", str(check["finding_id"]), "--note", "x")
    assert again.returncode == 2 and "already resolved" in again.json["error"]["message"]
    gap = _ok(service_cli, "custodian", "finding", "list", "--kind", "gap")["findings"][0]
    not_by_note = service_cli.as_("custodian", "--json", "finding", "resolve", str(gap["id"]), "--note", "ok")
    assert not_by_note.returncode == 2 and "explain" in not_by_note.json["error"]["message"]
    explained = _ok(service_cli, "custodian", "finding", "explain-gap", str(gap["id"]), "--reason", "battery",
                    "--spoken", "--spoken-at", "3")
    assert explained["finding"]["status"] == "resolved" and explained["spoken_explanation"] is True
    for args in (("finding", "resolve", TOO_BIG, "--note", "x"), ("activity", "assign", "0", "1"),
                 ("dashboard", "--weeks", "0")):
        refused = service_cli.as_("custodian", "--json", *args)
        assert refused.returncode == 2, (args, refused.stdout, refused.stderr)

    served = _ok(service_cli, "custodian", "dashboard")
    embedded = _ok(Cli(cli.home), "custodian", "dashboard")
    assert served.pop("generated_at") and embedded.pop("generated_at")
    assert served == embedded
    assert any(t["device"] == "Z8A0001" for t in served["timelines"])

    out = tmp_path / "desk" / "monthly.pdf"
    out.parent.mkdir()
    report = _ok(service_cli, "clerk", "report", "monthly", "--month", f"{today:%Y-%m}", "--out", str(out))
    assert report["path"] == str(out) and report["month"] == f"{today:%Y-%m}"
    assert hashlib.sha256(out.read_bytes()).hexdigest() == report["sha256"]
    assert _signature_valid(out)
    exists = service_cli.as_("clerk", "--json", "report", "monthly", "--month", f"{today:%Y-%m}", "--out", str(out))
    assert exists.returncode == 2 and "already exists" in exists.json["error"]["message"]
    inside = service_cli.as_("clerk", "--json", "report", "monthly", "--month", f"{today:%Y-%m}", "--out",
                             str(cli.home / "report.pdf"), "--force")
    assert inside.returncode == 2 and not (cli.home / "report.pdf").exists()
    forced = _ok(service_cli, "clerk", "report", "monthly", "--month", f"{today:%Y-%m}", "--out", str(out), "--force")
    assert _signature_valid(out) and hashlib.sha256(out.read_bytes()).hexdigest() == forced["sha256"]


def _backdate(home: Path, ids: list[int]) -> None:
    with sqlite3.connect(home / "catalogue.sqlite3") as db:
        # rows edited behind the station's back carry no stored keep-until: it computes them again (schema v8)
        db.execute(f"UPDATE recording SET start_at = '2024-01-02 01:00:00', imported_at = '2024-01-02 09:00:00', "
                   f"keep_until = NULL, retention_state = '' WHERE id IN ({','.join('?' * len(ids))})", ids)


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="needs pdfsig (poppler-utils)")
def test_a_disposal_through_the_service_with_its_certificate_written_at_the_desk(
    cli: Cli, service_cli: Cli, tmp_path: Path
) -> None:
    card = tmp_path / "card"
    assert cli.run("demo-card", str(card), "--seed", "2").returncode == 0
    imported = service_cli.as_("custodian", "--json", "import", str(card), "--no-thumbnails")
    assert imported.returncode in (0, 1), imported.stderr
    ids = sorted({f["recording_id"] for f in imported.json["files"] if f.get("status") == "stored"})[:2]
    cli.add_user("wang", "director", tmp_path)
    cli.add_user("clerk", "clerk", tmp_path)
    _backdate(cli.home, ids)

    due = _ok(service_cli, "custodian", "retention", "due")["recordings"]
    assert [d["recording_id"] for d in due] == ids
    hold = _ok(service_cli, "wang", "retention", "hold", str(ids[1]), "--reason", "投诉调查")["holds"][0]
    assert _ok(service_cli, "custodian", "retention", "show", str(ids[1]))["held"] is True
    proposal = _ok(service_cli, "custodian", "dispose", "propose", str(ids[0]), "--reason", "保存期满")
    proposal_id = str(proposal["proposal_id"])
    assert proposal["status"] == "pending" and proposal["certificate_id"] is None

    by_clerk = service_cli.as_("clerk", "--json", "dispose", "approve", proposal_id)
    assert by_clerk.returncode == 3, by_clerk.stderr  # the service refuses: only a director approves
    for bad in (TOO_BIG, "0"):
        assert service_cli.as_("wang", "--json", "dispose", "approve", bad).returncode == 2
    existing = tmp_path / "desk" / "old.pdf"
    existing.parent.mkdir()
    existing.write_bytes(b"an earlier certificate")
    refused = [service_cli.as_("wang", "--json", "dispose", "approve", proposal_id, "--certificate", str(existing)),
               service_cli.as_("wang", "--json", "dispose", "approve", proposal_id, "--certificate",
                               str(cli.home / "exports" / "c.pdf"), "--force")]
    assert [r.returncode for r in refused] == [2, 2], [r.stderr for r in refused]
    assert existing.read_bytes() == b"an earlier certificate" and not (cli.home / "exports" / "c.pdf").exists()
    still = _ok(service_cli, "custodian", "dispose", "show", proposal_id)
    assert still["status"] == "pending" and [i["blob"] for i in still["items"]] == [None]  # nothing disposed of

    # The recordings were backdated in the catalogue (the service runs on the real clock): the approval checks the
    # rows it relies on against the audit log and refuses; the approved path, its certificate and `dispose
    # certificate` are tested on a frozen clock in tests/unit/test_retention.py.
    certificate = tmp_path / "desk" / "销毁证明.pdf"
    altered = service_cli.as_("wang", "--json", "dispose", "approve", proposal_id, "--certificate", str(certificate))
    assert altered.returncode == 1 and altered.json["error"]["code"] == "catalogue_altered", altered.stdout
    assert not certificate.exists()
    _no_home_path(service_cli, altered)
    missing = service_cli.as_("clerk", "--json", "dispose", "certificate", proposal_id, "--out",
                              str(tmp_path / "desk" / "later.pdf"))
    assert missing.returncode == 4, missing.stdout  # no certificate before the proposal is carried out
    released = _ok(service_cli, "wang", "retention", "release", str(hold["hold_id"]), "--reason", "调查结束")
    assert released["active"] is False
    verified = service_cli.as_("custodian", "--json", "verify", "--quick")
    assert verified.returncode == 1 and not verified.json["ok"], verified.stdout  # the backdating is found
