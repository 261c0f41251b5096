"""Issue #19 through the real command line: what the regulation asks, article by article (Art. 20 secrets in cases,
Art. 16 evidence discs keep their recordings, Art. 11 breaches stay breaches, Art. 7 pre-use checks, Art. 9 an
activity recorded from start to end, Art. 6/12 devices out of service, Art. 19 export purposes)."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from evidence_station.media.demo_card import write_demo_card
from tests.e2e.conftest import Cli

pytestmark = pytest.mark.timeout(600)


def _import_demo(cli: Cli, tmp_path: Path, seed: int = 1) -> dict:
    card = tmp_path / f"card-{seed}"
    write_demo_card(card, seed=seed, day=date(2026, 11, 24))
    done = cli.as_("custodian", "--json", "import", str(card), "--no-thumbnails")
    assert done.returncode in (0, 1), done.stderr
    return done.json


def _stored(imported: dict) -> list[dict]:
    return [f for f in imported["files"] if f.get("status") == "stored" and f.get("recording_id")]


def test_art20_a_state_secret_is_not_in_a_case_for_a_clerk_without_clearance(cli: Cli, tmp_path: Path) -> None:
    """A clerk with clearance 0 never learns a state secret's name, hash or times through a case, and cannot attach
    it (answered as a recording that does not exist, exit 4, audited); raising the clerk's clearance (two people)
    shows it; a deactivated clerk can no longer log in."""
    cli.add_user("chief", "director", tmp_path, "--clearance", "3")
    cli.add_user("clerk", "clerk", tmp_path)
    cli.add_user("senior", "clerk", tmp_path, "--clearance", "3")
    files = _stored(_import_demo(cli, tmp_path))
    ids = [f["recording_id"] for f in files]
    secret = files[0]
    classified = cli.as_("chief", "--json", "classify", str(secret["recording_id"]), "state_secret", "--reason", "涉密")
    assert classified.returncode == 0, classified.stderr

    case = cli.as_("clerk", "--json", "case", "add", "某公司拖欠工资案").json["case_id"]
    refused = cli.as_("clerk", "--json", "case", "attach", str(case), str(secret["recording_id"]))
    assert refused.returncode == 4, refused.stdout + refused.stderr
    error = refused.json["error"]
    assert error["message"] == f"No recording with id {secret['recording_id']}."
    assert error["message_zh"] == f"找不到编号为 {secret['recording_id']} 的录像。"
    assert cli.as_("senior", "--json", "case", "attach", str(case), *map(str, ids)).returncode == 0

    shown = cli.as_("clerk", "--json", "case", "show", str(case))
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout
    assert secret["sha256"] not in text and Path(secret["card_path"]).name not in text
    assert secret["recording_id"] not in shown.json["recording_ids"]
    assert len(shown.json["recording_ids"]) == len(ids) - 1
    listed = cli.as_("clerk", "--json", "case", "list").json["cases"]
    assert [len(c["recording_ids"]) for c in listed] == [len(ids) - 1]
    findings = cli.as_("clerk", "--json", "finding", "list", "--all").stdout
    assert secret["sha256"] not in findings and Path(secret["card_path"]).name not in findings
    assert secret["recording_id"] in cli.as_("senior", "--json", "case", "show", str(case)).json["recording_ids"]
    audit = cli.as_admin("--json", "audit", "list", "--action", "recording.hidden_access").json["events"]
    assert [(e["actor"], e["details"]["attempted"]) for e in audit] == [("clerk", "attach_recordings")]

    raised = cli.as_admin("--json", "user", "clearance", "clerk", "3")
    assert raised.json["status"] == "pending"  # raising a clearance takes a second person
    assert cli.as_("chief", "--json", "user", "confirm", str(raised.json["confirmation_id"])).returncode == 0
    assert secret["recording_id"] in cli.as_("clerk", "--json", "case", "show", str(case)).json["recording_ids"]
    gone = cli.as_admin("--json", "user", "deactivate", "clerk")
    assert gone.returncode == 0 and gone.json["active"] is False
    assert cli.as_("clerk", "--json", "case", "list").returncode == 3
    assert json.loads(cli.as_("senior", "--json", "case", "list").stdout)["cases"]


def test_art16_a_recording_on_an_evidence_disc_cannot_be_detached(cli: Cli, tmp_path: Path) -> None:
    """A recording already on a completed evidence export is kept with its case: `case detach` is refused (exit 2)
    naming the export, and `retention show` says the export keeps it; one not on the disc may still be detached."""
    cli.add_user("clerk", "clerk", tmp_path)
    ids = [f["recording_id"] for f in _stored(_import_demo(cli, tmp_path))]
    case = str(cli.as_("clerk", "--json", "case", "add", "某公司拖欠工资案").json["case_id"])
    assert cli.as_("clerk", "--json", "case", "attach", case, *map(str, ids)).returncode == 0
    exported = cli.as_("clerk", "--json", "export", case, "--recordings", str(ids[0]), "--producer", "clerk",
                       "--extractor", "李四（执法证 33010001）", "--out", str(tmp_path / "case.iso"))
    assert exported.returncode == 0, exported.stderr
    export_id = exported.json["export_id"]

    refused = cli.as_("clerk", "--json", "case", "detach", case, str(ids[0]))
    assert refused.returncode == 2, refused.stdout + refused.stderr
    error = refused.json["error"]
    assert error["code"] == "on_evidence_disc" and f"evidence export #{export_id}" in error["message"]
    assert f"证据导出 #{export_id}" in error["message_zh"] and "第十六条" in error["message_zh"]
    assert ids[0] in cli.as_("clerk", "--json", "case", "show", case).json["recording_ids"]
    kept = cli.as_("clerk", "--json", "retention", "show", str(ids[0])).json
    assert kept["held"] is True and kept["reasons"][0]["basis"] == "open_case"
    assert f"evidence export #{export_id}" in kept["reasons"][0]["detail"]
    detached = cli.as_("clerk", "--json", "case", "detach", case, str(ids[1]))
    assert detached.returncode == 0 and ids[1] not in detached.json["recording_ids"]


def _pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return re.sub(r"\s+", "", done.stdout)


def test_art11_breaches_stay_breaches_and_the_monthly_report_lists_the_new_findings(cli: Cli, tmp_path: Path) -> None:
    """A gap explained without `--spoken` stays open (an Art. 11 breach) until a director decides; possible inserted
    footage (`time_overlap`) closes only with a director's decision (others: exit 3); the demo card's `现场补录_…` clip
    (no camera in its name) raises `after_the_fact` and `no_device`, and the monthly report lists them."""
    cli.add_user("boss", "director", tmp_path)
    findings = _import_demo(cli, tmp_path)["findings"]
    by_kind: dict[str, list[dict]] = {}
    for finding in findings:
        by_kind.setdefault(finding["kind"], []).append(finding)
    assert len(by_kind["after_the_fact"]) == 1 and len(by_kind["no_device"]) == 1
    assert by_kind["after_the_fact"][0]["recording_ids"] == by_kind["no_device"][0]["recording_ids"]

    gap = str(by_kind["gap"][0]["id"])
    explained = cli.as_("custodian", "--json", "finding", "explain-gap", gap, "--reason", "battery")
    assert explained.returncode == 0, explained.stderr
    result = explained.json
    assert result["finding"]["status"] == "open" and result["breach"] is True
    assert result["resolved_at"] is None and result["resolved_by"] is None
    assert int(gap) in [f["id"] for f in cli.as_("custodian", "--json", "finding", "list").json["findings"]]
    refused = cli.as_("custodian", "--json", "finding", "resolve", gap, "--note", "已说明")
    assert refused.returncode == 3 and refused.json["error"]["code"] == "director_decision_required"
    assert "语音说明" in refused.json["error"]["message_zh"]

    overlap = str(by_kind["time_overlap"][0]["id"])
    refused = cli.as_("custodian", "--json", "finding", "resolve", overlap, "--note", "时钟问题")
    assert refused.returncode == 3 and "inserted" in refused.json["error"]["message"]
    decided = cli.as_("boss", "--json", "finding", "resolve", overlap, "--note", "经核查非插入画面")
    assert decided.returncode == 0 and decided.json["finding"]["status"] == "resolved"
    assert decided.json["director_decision"] is True

    month = datetime.now().strftime("%Y-%m")
    report = tmp_path / "report.pdf"
    made = cli.as_("boss", "--json", "report", "monthly", "--month", month, "--out", str(report))
    assert made.returncode == 0, made.stderr
    text = _pdf_text(report)
    assert "疑似事后补录" in text and "无法确定记录仪" in text and "录像中断" in text
    closed = cli.as_("boss", "--json", "finding", "resolve", gap, "--note", "已批评教育，记入考核")
    assert closed.returncode == 0 and closed.json["finding"]["status"] == "resolved"


def test_art7_failed_and_late_checks_count_for_nothing(cli: Cli, tmp_path: Path) -> None:
    """A failed pre-use check raises `failed_check` and the day stays unchecked; a check after the day's recordings
    does not count; a check entered later with an earlier `--at` closes no newer clock_offset finding, a later one
    does; a later passed check closes the failed-check finding."""
    yesterday = (datetime.now(ZoneInfo("Asia/Shanghai")) - timedelta(days=1)).date().isoformat()

    def ok(*args: str) -> dict:
        done = cli.as_("custodian", "--json", *args)
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done.json

    def status(finding_id: int) -> str:
        return next(f["status"] for f in ok("finding", "list", "--all")["findings"] if f["id"] == finding_id)

    for serial in ("Z8A0001", "Z8A0002", "Z8B0107"):
        ok("device", "add", serial, "--model", "DSJ-V9", "--group", "一组", "--responsible", "王组长")
    failed = ok("check", "add", "Z8A0001", "--at", f"{yesterday}T07:00", "--not-working", "--battery-low")["check"]
    assert failed["passed"] is False and failed["failed_finding_id"]
    listed = ok("finding", "list", "--kind", "failed_check")["findings"]
    assert [f["id"] for f in listed] == [failed["failed_finding_id"]] and "电池电量不足" in listed[0]["message_zh"]
    assert ok("check", "add", "Z8A0002", "--at", f"{yesterday}T23:00")["check"]["passed"] is True  # after use
    card = tmp_path / "card"
    write_demo_card(card, seed=1, day=date.fromisoformat(yesterday))
    assert cli.as_("custodian", "--json", "import", str(card), "--no-thumbnails").returncode in (0, 1)
    board = ok("dashboard", "--day", yesterday)
    unchecked = {(u["device"], u["day"]) for u in board["unchecked_days"]}
    assert {("Z8A0001", yesterday), ("Z8A0002", yesterday)} <= unchecked

    offset = ok("check", "add", "Z8B0107", "--offset", "120", "--at", f"{yesterday}T22:00")["check"]["finding_id"]
    assert offset and status(offset) == "open"
    ok("check", "add", "Z8B0107", "--offset", "0", "--at", f"{yesterday}T21:00")  # entered later, made earlier
    assert status(offset) == "open"
    ok("check", "add", "Z8B0107", "--offset", "0.5", "--at", f"{yesterday}T23:30")
    assert status(offset) == "resolved"
    assert status(failed["failed_finding_id"]) == "open"
    ok("check", "add", "Z8A0001", "--at", f"{yesterday}T23:50")
    assert status(failed["failed_finding_id"]) == "resolved"


def test_art9_an_activity_not_covered_from_start_to_end_raises_findings(cli: Cli, tmp_path: Path) -> None:
    """An activity 07:30–12:00 whose footage (every camera, corrected times) starts after 08:00 and ends before 11:00
    raises `incomplete_coverage` for the late start, the gaps inside and the early stop when its card is imported
    into it; assigning again raises nothing new; the monthly report lists them."""
    cli.add_user("boss", "director", tmp_path)
    day = date(2026, 11, 24)
    card = tmp_path / "card"
    write_demo_card(card, seed=1, day=day)
    activity = cli.as_("custodian", "--json", "activity", "add", "--kind", "ordinary_inspection", "--place", "某公司",
                       "--start", f"{day}T07:30", "--end", f"{day}T12:00")
    assert activity.returncode == 0, activity.stderr
    activity_id = str(activity.json["activity_id"])
    done = cli.as_("custodian", "--json", "import", str(card), "--no-thumbnails", "--activity", activity_id)
    assert done.returncode in (0, 1), done.stderr
    coverage = [f for f in done.json["findings"] if f["kind"] == "incomplete_coverage"]
    listed = cli.as_("custodian", "--json", "finding", "list", "--kind", "incomplete_coverage").json["findings"]
    assert sorted(f["id"] for f in listed) == sorted(f["id"] for f in coverage)
    by_part = {f["message"].split(": ", 1)[1].split(" — ")[0] for f in listed}
    assert {"recording started late", "recording stopped early", "recording interrupted"} <= by_part
    late = next(f for f in listed if "started late" in f["message"])
    assert "07:30:00" in late["message"] and "开始录制晚于执法活动开始" in late["message_zh"]

    one = str(_stored(done.json)[0]["recording_id"])
    again = cli.as_("custodian", "--json", "activity", "assign", activity_id, one)
    assert again.returncode == 0 and again.json["findings"] == []  # idempotent re-evaluation
    assert len(cli.as_("custodian", "--json", "finding", "list", "--kind", "incomplete_coverage").json["findings"]) \
        == len(listed)
    report = tmp_path / "report.pdf"
    made = cli.as_("boss", "--json", "report", "monthly", "--month", datetime.now().strftime("%Y-%m"),
                   "--out", str(report))
    assert made.returncode == 0, made.stderr
    assert "录像未覆盖执法全程" in _pdf_text(report)


def test_art6_footage_from_a_device_out_of_service_is_flagged_and_retired_devices_do_no_activity(
    cli: Cli, tmp_path: Path,
) -> None:
    """Footage of a retired and of an under-repair camera raises `device_not_in_service` at import; an activity
    naming the retired camera, or assigning its footage, is refused (exit 2, code `device_retired`)."""
    for serial, status in (("Z8A0001", "retired"), ("Z8A0002", "under_repair")):
        added = cli.as_("custodian", "--json", "device", "add", serial, "--model", "DSJ-V9", "--group", "一组",
                        "--responsible", "王组长", "--status", status)
        assert added.returncode == 0, added.stderr
    imported = _import_demo(cli, tmp_path)
    flagged = [f for f in imported["findings"] if f["kind"] == "device_not_in_service"]
    files = {f["recording_id"]: f["card_path"] for f in _stored(imported)}
    named = {files[r] for f in flagged for r in f["recording_ids"]}
    assert named and all(("Z8A0001" in n or "Z8A0002" in n) for n in named)
    assert any("Z8A0002" in n for n in named) and any("已停用" in f["message_zh"] for f in flagged)

    refused = cli.as_("custodian", "--json", "activity", "add", "--kind", "ordinary_inspection", "--place", "某处",
                      "--date", "2026-11-24", "--device", "Z8A0001")
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert refused.json["error"]["code"] == "device_retired" and "Z8A0001" in refused.json["error"]["message_zh"]
    activity = cli.as_("custodian", "--json", "activity", "add", "--kind", "ordinary_inspection", "--place", "某处",
                       "--date", "2026-11-24").json["activity_id"]
    retired = next(r for r, n in files.items() if "Z8A0001" in n)
    refused = cli.as_("custodian", "--json", "activity", "assign", str(activity), str(retired))
    assert refused.returncode == 2 and refused.json["error"]["code"] == "device_retired"


def test_art19_the_export_purpose_is_a_choice_and_an_external_provision_needs_an_approval(
    cli: Cli, tmp_path: Path,
) -> None:
    """`--purpose` is evidence or external_provision — free text is refused (exit 2), not printed; an external
    provision (by `--purpose` or `--external-provision`) without the director's approval is refused (exit 3), with
    it made; the director's export register (`exports`) lists evidence and provision exports with their purpose."""
    cli.add_user("boss", "director", tmp_path)
    cli.add_user("clerk", "clerk", tmp_path)
    ids = [f["recording_id"] for f in _stored(_import_demo(cli, tmp_path))][:1]
    case = str(cli.as_("clerk", "--json", "case", "add", "某公司拖欠工资案").json["case_id"])
    assert cli.as_("clerk", "--json", "case", "attach", case, *map(str, ids)).returncode == 0
    common = ("--recordings", *map(str, ids), "--producer", "clerk", "--extractor", "李四（执法证 33010001）")

    def export(name: str, *extra: str):
        return cli.as_("clerk", "--json", "export", case, *common, "--out", str(tmp_path / name), *extra)

    free = export("a.iso", "--purpose", "提供给保险公司")
    assert free.returncode == 2 and "external_provision" in free.json["error"]["message"]
    assert "经批准对外提供" in free.json["error"]["message_zh"]
    assert export("b.iso", "--purpose", "evidence", "--external-provision").returncode == 2
    for extra in (("--purpose", "external_provision"), ("--external-provision",)):
        refused = export("c.iso", *extra)
        assert refused.returncode == 3 and "Art. 19" in refused.json["error"]["message"], refused.stdout
    evidence = export("d.iso")
    assert evidence.returncode == 0, evidence.stderr
    assert evidence.json["purpose"] == "evidence" and evidence.json["for_evidence"] is True
    assert export("legacy.iso", "--purpose", "case evidence").json["purpose"] == "evidence"  # the old default

    asked = cli.as_("clerk", "--json", "view", "request", *map(str, ids), "--kind", "external_provision",
                    "--recipient", "区信访局", "--reason", "信访件核查")
    assert asked.returncode == 0, asked.stderr
    assert cli.as_("boss", "--json", "view", "approve", str(asked.json["request_id"])).returncode == 0
    provided = export("e.iso", "--purpose", "external_provision")
    assert provided.returncode == 0, provided.stderr
    assert provided.json["purpose"] == "external_provision" and provided.json["for_evidence"] is False

    register = cli.as_("boss", "--json", "exports")
    assert register.returncode == 0, register.stderr
    shown = {e["export_id"]: (e["for_evidence"], e["purpose_zh"]) for e in register.json["exports"]}
    assert shown[evidence.json["export_id"]] == (True, "作为本案证据附卷")
    assert shown[provided.json["export_id"]] == (False, "经批准对外提供")


#: Latin words a Chinese document may carry because they are names: of files and folders on the disc, digests, the
#: station's zone and id, the case number, cameras and the producer's user name; everything else is Chinese.
_NAMES = re.compile(r"SHA-256|SM3|MANIFEST\.json|STATION-CERT\.pem|README\.txt|VERIFY\.html|Asia/Shanghai|"
                    r"originals/|[A-Za-z0-9_./-]*\.MP4|[0-9a-f]{16,}|Z8[AB]\d{4}|CASE-\d{4}-\d{4}|ES-[0-9A-F]+|clerk")


def test_the_chinese_provenance_sheet_is_in_chinese(cli: Cli, tmp_path: Path) -> None:
    """PROVENANCE.pdf on an evidence disc says purpose, classification, source storage and signing station in
    Chinese — no "case evidence", "普通 ordinary", "只写一次 vault" or other English words beside the names."""
    from evidence_station.disc.disc_reader import IsoReader

    cli.add_user("clerk", "clerk", tmp_path)
    ids = [f["recording_id"] for f in _stored(_import_demo(cli, tmp_path))][:2]
    case = str(cli.as_("clerk", "--json", "case", "add", "某公司拖欠工资案").json["case_id"])
    assert cli.as_("clerk", "--json", "case", "attach", case, *map(str, ids)).returncode == 0
    image = tmp_path / "case.iso"
    done = cli.as_("clerk", "--json", "export", case, "--recordings", *map(str, ids), "--producer", "clerk",
                   "--extractor", "李四（执法证 33010001）", "--out", str(image))
    assert done.returncode == 0, done.stderr
    sheet = tmp_path / "PROVENANCE.pdf"
    reader = IsoReader(image)
    try:
        with reader.open("PROVENANCE.pdf") as stream:
            sheet.write_bytes(stream.read())
    finally:
        reader.close()
    text = subprocess.run(["pdftotext", str(sheet), "-"], capture_output=True, text=True, timeout=60,
                          check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert "作为本案证据附卷" in flat and "证据工作站只写一次存储库" in flat and "密级普通" in flat
    for english in ("case evidence", "ordinary", "vault", "station service", "embedded"):
        assert english not in text
    leftover = re.findall(r"[A-Za-z]{2,}", _NAMES.sub(" ", text))
    assert leftover == [], (leftover, text)


def _monthly_report_text(cli: Cli, tmp_path: Path, user: str = "boss") -> str:
    report = tmp_path / f"report-{user}.pdf"
    made = cli.as_(user, "--json", "report", "monthly", "--month", datetime.now().strftime("%Y-%m"),
                   "--out", str(report), "--force")
    assert made.returncode == 0, made.stderr
    return _pdf_text(report)


def _activity_with_demo_footage(cli: Cli, tmp_path: Path, kind: str = "major_case") -> tuple[str, dict]:
    """A mandatory activity 07:30–12:00 on the demo card's day with the card imported into it."""
    day = date(2026, 11, 24)
    card = tmp_path / "card"
    write_demo_card(card, seed=1, day=day)
    activity = cli.as_("custodian", "--json", "activity", "add", "--kind", kind, "--place", "某公司",
                       "--start", f"{day}T07:30", "--end", f"{day}T12:00")
    assert activity.returncode == 0, activity.stderr
    activity_id = str(activity.json["activity_id"])
    done = cli.as_("custodian", "--json", "import", str(card), "--no-thumbnails", "--activity", activity_id)
    assert done.returncode in (0, 1), done.stderr
    return activity_id, done.json


def test_art8_a_mandatory_activity_without_the_notification_mark_is_a_finding_and_shows_its_checklist(
    cli: Cli, tmp_path: Path,
) -> None:
    """A mandatory activity whose footage carries no `notification_given` bookmark raises `no_notification` on
    review (once); `activity show` gives its Art. 10 checklist; the monthly report lists the finding and the
    activity's checklist; marking the notification closes the finding."""
    cli.add_user("boss", "director", tmp_path)
    cli.add_user("zhang", "investigator", tmp_path)
    activity_id, imported = _activity_with_demo_footage(cli, tmp_path)
    reviewed = cli.as_("custodian", "--json", "activity", "review")
    assert reviewed.returncode == 0, reviewed.stderr
    raised = [f for f in reviewed.json["findings"] if f["kind"] == "no_notification"]
    assert len(raised) == 1 and f"Activity {activity_id} " in raised[0]["message"]
    assert "第八条" in raised[0]["message_zh"]
    assert cli.as_("custodian", "--json", "activity", "review").json["findings"] == []  # once per activity

    shown = cli.as_("custodian", "--json", "activity", "show", activity_id)
    assert shown.returncode == 0, shown.stderr
    view = shown.json["activity"]
    assert view["notification_given"] is False
    assert set(view["checklist"]) >= {"notification_given", "party_name_sign", "questioning", "re_inspection"}
    assert not any(view["checklist"].values())
    text = _monthly_report_text(cli, tmp_path)
    assert "未标记告知当事人" in text and "执法活动的登记、告知与记录要素（第三条、第八条、第十条）" in text

    rec = str(next(f["recording_id"] for f in _stored(imported) if f.get("kind") == "video"))
    asked = cli.as_("zhang", "--json", "view", "request", rec, "--reason", "核查告知")
    assert cli.as_("boss", "--json", "view", "approve", str(asked.json["request_id"])).returncode == 0
    for category in ("notification_given", "questioning"):
        marked = cli.as_("zhang", "--json", "bookmark", "add", rec, "--at", "1", "--category", category)
        assert marked.returncode == 0, marked.stderr
    cli.as_("custodian", "--json", "activity", "review")
    finding = next(f for f in cli.as_("custodian", "--json", "finding", "list", "--all").json["findings"]
                   if f["id"] == raised[0]["id"])
    assert finding["status"] == "resolved"
    view = cli.as_("custodian", "--json", "activity", "show", activity_id).json["activity"]
    assert view["notification_given"] is True and view["checklist"]["questioning"] is True
    assert view["checklist"]["party_name_sign"] is False
    listed = cli.as_("custodian", "--json", "activity", "list").json["activities"]
    assert listed[0]["checklist"] == view["checklist"]


def test_art3_an_activity_registered_after_its_footage_was_imported_is_marked_registered_afterwards(
    cli: Cli, tmp_path: Path,
) -> None:
    """An activity registered after the import of footage it then holds is `registered_afterwards` (补登记) in
    `activity show` and `activity list`; one registered before the import is not; the monthly report says 补登记."""
    cli.add_user("boss", "director", tmp_path)

    def add(place: str) -> str:
        added = cli.as_("custodian", "--json", "activity", "add", "--kind", "ordinary_inspection", "--place", place,
                        "--date", "2026-11-24")
        assert added.returncode == 0, added.stderr
        assert added.json["activity"]["registered_afterwards"] is False
        return str(added.json["activity_id"])

    before = add("事前登记的检查")
    ids = [str(f["recording_id"]) for f in _stored(_import_demo(cli, tmp_path))]
    after = add("事后补登记的检查")
    for activity, recording in ((before, ids[0]), (after, ids[1])):
        assert cli.as_("custodian", "--json", "activity", "assign", activity, recording).returncode == 0
    shown = cli.as_("boss", "--json", "activity", "show", after)
    assert shown.returncode == 0, shown.stderr
    assert shown.json["activity"]["registered_afterwards"] is True and shown.json["activity"]["registered_at"]
    listed = {str(a["id"]): a["registered_afterwards"] for a in
              cli.as_("boss", "--json", "activity", "list").json["activities"]}
    assert listed == {before: False, after: True}
    text = _monthly_report_text(cli, tmp_path)
    assert "补登记的执法活动（第三条、第十二条）" in text and "事后补登记的检查" in text and "补登记" in text


def test_art14_complaint_and_conduct_notes_are_recorded_and_listed_in_the_monthly_report(
    cli: Cli, tmp_path: Path,
) -> None:
    """`conduct add` records a complaint on an activity and a conduct note on a bookmark category (one of the two
    is needed: exit 2; a clerk may not: exit 3); `conduct list` gives both; the monthly report lists them."""
    cli.add_user("boss", "director", tmp_path)
    cli.add_user("clerk", "clerk", tmp_path)
    activity = cli.as_("custodian", "--json", "activity", "add", "--kind", "ordinary_inspection", "--place", "某餐馆",
                       "--date", "2026-11-24").json["activity_id"]
    complaint = cli.as_("custodian", "--json", "conduct", "add", "--kind", "complaint", "--activity", str(activity),
                        "--text", "当事人投诉执法人员语气生硬", "--source", "餐馆负责人")
    assert complaint.returncode == 0, complaint.stderr
    note = complaint.json["note"]
    assert (note["kind"], note["kind_label"], note["activity_id"], note["source"]) == (
        "complaint", "投诉", activity, "餐馆负责人")
    seen = cli.as_("boss", "--json", "conduct", "add", "--kind", "conduct", "--category", "questioning",
                   "--text", "询问时未着制服", "--date", "2026-11-24")
    assert seen.returncode == 0, seen.stderr
    assert seen.json["note"]["bookmark_category_label"] == "询问有关人员"
    nowhere = cli.as_("custodian", "--json", "conduct", "add", "--kind", "complaint", "--text", "无")
    assert nowhere.returncode == 2 and "书签类别" in nowhere.json["error"]["message_zh"]
    refused = cli.as_("clerk", "--json", "conduct", "add", "--kind", "complaint", "--activity", str(activity),
                      "--text", "x")
    assert refused.returncode == 3, refused.stdout
    listed = cli.as_("clerk", "--json", "conduct", "list").json["notes"]
    assert [n["text"] for n in listed] == ["询问时未着制服", "当事人投诉执法人员语气生硬"]
    assert [n["id"] for n in cli.as_("clerk", "--json", "conduct", "list", "--activity", str(activity))
            .json["notes"]] == [note["id"]]
    text = _monthly_report_text(cli, tmp_path)
    assert "投诉与执法仪容、语言行为情况（第十四条）" in text and "当事人投诉执法人员语气生硬" in text


def test_art5_the_head_confirms_a_non_recording_record_in_time_or_it_is_a_finding(
    cli: Cli, tmp_path: Path,
) -> None:
    """Only a director confirms an Art. 5 record (`non-recording acknowledge`, others exit 3, twice exit 2); a
    record left unconfirmed past `head_acknowledgement_days` (default 3) raises `late_acknowledgement` on review, a
    confirmation after it is marked late; the setting is configurable; each record prints as a signed form; the
    monthly report lists the finding."""
    cli.add_user("boss", "director", tmp_path)
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()

    def record(day: date) -> str:
        added = cli.as_("custodian", "--json", "non-recording", "add", "--reason", "emergency", "--basis", "现场突发",
                        "--reporter", "张三", "--head", "李局长", "--date", day.isoformat())
        assert added.returncode == 0, added.stderr
        assert added.json["record"]["acknowledgement_due"] == (day + timedelta(days=3)).isoformat()
        return str(added.json["record_id"])

    old, fresh = record(today - timedelta(days=10)), record(today)
    refused = cli.as_("custodian", "--json", "non-recording", "acknowledge", fresh)
    assert refused.returncode == 3, refused.stdout
    raised = [f for f in cli.as_("custodian", "--json", "activity", "review").json["findings"]
              if f["kind"] == "late_acknowledgement"]
    assert len(raised) == 1 and f"record #{old} " in raised[0]["message"] and "负责人未在" in raised[0]["message_zh"]

    late = cli.as_("boss", "--json", "non-recording", "acknowledge", old)
    assert late.returncode == 0, late.stderr
    assert late.json["record"]["acknowledged_by"] == "boss" and late.json["record"]["acknowledgement_late"] is True
    assert late.json["findings"] == []  # raised once, on review
    in_time = cli.as_("boss", "--json", "non-recording", "acknowledge", fresh).json["record"]
    assert in_time["acknowledgement_late"] is False and in_time["acknowledged_at"]
    again = cli.as_("boss", "--json", "non-recording", "acknowledge", fresh)
    assert again.returncode == 2 and again.json["error"]["code"] == "already_acknowledged"
    assert "已由 boss" in again.json["error"]["message_zh"]
    listed = {str(r["id"]): r["acknowledged_by"] for r in
              cli.as_("custodian", "--json", "non-recording", "list").json["records"]}
    assert listed == {old: "boss", fresh: "boss"}

    changed = cli.as_admin("--json", "settings", "set", "head_acknowledgement_days", "30", "--reason", "局务会决定")
    assert changed.returncode == 0, changed.stderr
    added = cli.as_("custodian", "--json", "non-recording", "add", "--reason", "emergency", "--basis", "现场突发",
                    "--reporter", "张三", "--head", "李局长", "--date", (today - timedelta(days=10)).isoformat())
    assert added.json["record"]["acknowledgement_due"] == (today + timedelta(days=20)).isoformat()
    assert cli.as_("boss", "--json", "non-recording", "acknowledge", str(added.json["record_id"])) \
        .json["record"]["acknowledgement_late"] is False

    form = tmp_path / "form.pdf"
    printed = cli.as_("custodian", "--json", "non-recording", "form", old, "--out", str(form))
    assert printed.returncode == 0, printed.stderr
    text = _pdf_text(form)
    assert "不进行现场执法记录工作记录" in text and "boss" in text and "超过期限" in text and "李局长" in text
    assert "负责人未及时确认" in _monthly_report_text(cli, tmp_path)


def test_art11_the_spoken_explanation_is_the_bookmark_at_the_restart_with_report_and_written_statement(
    cli: Cli, tmp_path: Path,
) -> None:
    """`explain-gap --spoken` ties the `interruption_explained` bookmark on the resuming recording (its moment becomes
    the spoken explanation's); a bookmark elsewhere is refused (exit 2); whom it was reported to and when, and the
    written statement, are kept — the statement in the vault as derived evidence, read back by `finding statement`
    byte for byte, and `verify` finds no stray blob."""
    cli.add_user("boss", "director", tmp_path)
    cli.add_user("zhang", "investigator", tmp_path)
    findings = _import_demo(cli, tmp_path)["findings"]
    gaps = [f for f in findings if f["kind"] == "gap"]
    starts = {r["id"]: r["start"] for r in cli.as_("custodian", "--json", "recordings").json["recordings"]}

    def resuming(gap: dict) -> int:
        return max(gap["recording_ids"], key=lambda r: (starts[r], r))

    first, second = gaps[0], gaps[1]
    wanted = sorted({resuming(first), resuming(second), *first["recording_ids"]})
    asked = cli.as_("zhang", "--json", "view", "request", *map(str, wanted), "--reason", "核查中断说明")
    assert cli.as_("boss", "--json", "view", "approve", str(asked.json["request_id"])).returncode == 0

    def mark(recording: int, at: str) -> int:
        added = cli.as_("zhang", "--json", "bookmark", "add", str(recording), "--at", at, "--category",
                        "interruption_explained", "--note", "恢复录制时语音说明中断原因")
        assert added.returncode == 0, added.stderr
        return added.json["bookmark_id"]

    at_restart = mark(resuming(first), "2")
    statement = tmp_path / "书面说明.pdf"
    statement.write_bytes(b"%PDF-1.4 written statement of officer 33010001\n%%EOF\n")
    explained = cli.as_("custodian", "--json", "finding", "explain-gap", str(first["id"]), "--reason", "battery",
                        "--spoken", "--reported-to", "王队长", "--reported-at", "2026-11-24T18:00",
                        "--statement", str(statement))
    assert explained.returncode == 0, explained.stderr
    result = explained.json
    assert result["finding"]["status"] == "resolved" and result["spoken_bookmark_id"] == at_restart
    assert result["spoken_recording_id"] == resuming(first) and result["spoken_offset_s"] == 2.0
    assert result["reported_to"] == "王队长" and result["reported_at"].startswith("2026-11-24T10:00")
    assert result["statement_name"] == "书面说明.pdf" and result["statement_size"] == statement.stat().st_size

    elsewhere = mark(min(first["recording_ids"], key=lambda r: (starts[r], r)), "1")
    refused = cli.as_("custodian", "--json", "finding", "explain-gap", str(second["id"]), "--reason", "battery",
                      "--spoken-bookmark", str(elsewhere))
    assert refused.returncode == 2 and "中断说明" in refused.json["error"]["message_zh"], refused.stdout
    again = cli.as_("custodian", "--json", "finding", "explain-gap", str(second["id"]), "--reason", "battery",
                    "--reported-at", "2026-11-24T18:00")
    assert again.returncode == 2 and "--reported-to" in again.json["error"]["message"]

    copy = tmp_path / "copy.pdf"
    read = cli.as_("boss", "--json", "finding", "statement", str(first["id"]), "--out", str(copy))
    assert read.returncode == 0, read.stderr
    assert copy.read_bytes() == statement.read_bytes() and read.json["sha256"] == result["statement_sha256"]
    assert cli.as_("boss", "--json", "finding", "statement", str(second["id"]), "--out",
                   str(tmp_path / "none.pdf")).returncode == 4
    checked = cli.as_("custodian", "--json", "verify", "--quick")
    assert "extra_blob" not in checked.stdout, checked.stdout


def test_art13_black_and_frozen_stretches_in_video_are_findings_with_their_times(cli: Cli, tmp_path: Path) -> None:
    """A card with a normal clip, one black from 0:10 to 0:28 and one frozen from 0:05 to 0:25: the import's probe
    (sampled pictures) raises `picture_obscured` for the two, naming the stretch in the file and on the camera's
    clock; the normal clip raises nothing; the monthly report lists them."""
    from tests.helpers.videos import black_from_10_to_28, frozen_from_5_to_25, scene, write_video

    cli.add_user("boss", "director", tmp_path)
    folder = tmp_path / "card" / "DCIM" / "100DSJ"
    clips = {"normal": ("083000_0001", scene), "black": ("090000_0002", black_from_10_to_28),
             "frozen": ("093000_0003", frozen_from_5_to_25)}
    for when, picture in clips.values():
        write_video(folder / f"Z8A0001_33010001_20261124{when}.MP4", picture)
    done = cli.as_("custodian", "--json", "import", str(tmp_path / "card"), "--no-thumbnails")
    assert done.returncode in (0, 1), done.stderr
    names = {f["recording_id"]: Path(f["card_path"]).name for f in _stored(done.json)}
    flagged = {names[f["recording_ids"][0]]: f for f in done.json["findings"] if f["kind"] == "picture_obscured"}
    assert sorted(flagged) == ["Z8A0001_33010001_20261124090000_0002.MP4", "Z8A0001_33010001_20261124093000_0003.MP4"]
    black = flagged["Z8A0001_33010001_20261124090000_0002.MP4"]
    assert "black picture 0:00:10–0:00:2" in black["message"] and "(09:00:10–09:00:2" in black["message"]
    assert "黑屏" in black["message_zh"] and "第十三条" in black["message_zh"]
    frozen = flagged["Z8A0001_33010001_20261124093000_0003.MP4"]
    assert "frozen picture 0:00:0" in frozen["message"] and "画面静止不变" in frozen["message_zh"]
    assert 15 <= frozen["seconds"] <= 22
    listed = cli.as_("boss", "--json", "finding", "list", "--kind", "picture_obscured").json["findings"]
    assert sorted(f["id"] for f in listed) == sorted(f["id"] for f in flagged.values())
    assert "画面黑屏、遮挡或静止" in _monthly_report_text(cli, tmp_path)
