"""Devices, checks, activities, findings, Art. 5 records, dashboard and the monthly report through the CLI."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from cryptography import x509

from evidence_station.disc.signatures import validate_pdf_signature
from tests.e2e.conftest import Cli


def test_compliance_workflow(cli: Cli, tmp_path: Path) -> None:
    now = datetime.now(ZoneInfo("Asia/Shanghai"))
    today, yesterday = now.date(), (now - timedelta(days=1)).date()

    def ok(*args: str) -> dict:
        done = cli.as_("custodian", "--json", *args)
        assert done.returncode == 0, (args, done.stderr)
        return done.json

    card = tmp_path / "card"
    assert cli.run("demo-card", str(card), "--seed", "2", "--day", today.isoformat()).returncode == 0
    dev = ok("device", "add", "Z8A0001", "--model", "DSJ-V9", "--group", "一组", "--responsible", "王组长")
    assert dev["device"]["needs_completion"] is False
    check = ok("check", "add", "Z8A0001", "--offset", "42", "--at", f"{yesterday}T20:00")["check"]
    assert check["clock_offset_s"] == 42.0 and check["finding_id"]

    imported = ok("import", str(card), "--no-thumbnails")
    kinds = {f["kind"] for f in imported["findings"]}
    assert {"clock_offset", "unassigned", "gap"} <= kinds
    recs = ok("recordings", "--device", "Z8A0001")["recordings"]
    first = recs[0]
    assert first["clock_offset_s"] == 42.0
    shift = datetime.fromisoformat(first["start"]) - datetime.fromisoformat(first["corrected_start"])
    assert shift == timedelta(seconds=42)
    devices = {d["serial"]: d for d in ok("device", "list")["devices"]}
    assert devices["Z8A0002"]["needs_completion"] is True  # auto-created by the import

    act = ok("activity", "add", "--kind", "obstruction", "--place", "某工地", "--date", today.isoformat(),
             "--device", "Z8A0001", "--officer", "010203", "--case", "明人社监〔2026〕3号")
    activity_id = act["activity_id"]
    suggestions = ok("activity", "suggest", str(activity_id))["suggestions"]
    assert suggestions and {s["device"] for s in suggestions} == {"Z8A0001"}
    assigned = ok("activity", "assign", str(activity_id), "--suggested")
    assert sorted(assigned["assigned"]) == sorted(s["recording_id"] for s in suggestions)

    gaps = ok("finding", "list", "--kind", "gap")["findings"]
    gap = gaps[0]
    refused = cli.as_("custodian", "--json", "finding", "resolve", str(gap["id"]), "--note", "ok")
    assert refused.returncode == 2 and "explain" in refused.json["error"]["message"]
    explained = ok("finding", "explain-gap", str(gap["id"]), "--reason", "battery", "--spoken", "--spoken-at", "3")
    assert explained["finding"]["status"] == "resolved" and explained["spoken_explanation"] is True

    seizure = ok("activity", "add", "--kind", "sealing_seizure", "--place", "仓库", "--start",
                 f"{yesterday}T09:00", "--end", f"{yesterday}T10:00")["activity_id"]
    record = ok("non-recording", "add", "--reason", "secret_or_privacy", "--basis", "涉及商业秘密",
                "--reporter", "张三", "--head", "李队长", "--date", yesterday.isoformat(),
                "--activity", str(seizure))
    assert record["record"]["reason"] == "secret_or_privacy"
    assert ok("non-recording", "list")["records"][0]["occurred_on"] == yesterday.isoformat()

    board = ok("dashboard")
    assert board["open_findings"].get("gap", 0) == len(gaps) - 1
    assert any(t["device"] == "Z8A0001" for t in board["timelines"])

    out = tmp_path / "monthly.pdf"
    report = ok("report", "monthly", "--month", f"{today:%Y-%m}", "--out", str(out))
    assert report["path"] == str(out) and report["open_findings"] >= 1
    cert = x509.load_pem_x509_certificate((cli.home / "identity" / "station-cert.pem").read_bytes())
    valid, message = validate_pdf_signature(out, cert)
    assert valid, message
    bad_month = cli.as_("custodian", "--json", "report", "monthly", "--month", "2026-13", "--out", str(out))
    assert bad_month.returncode == 2 and "YYYY-MM" in bad_month.json["error"]["message"]
