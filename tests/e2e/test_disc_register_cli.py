"""The disc register on the command line: ``disc register`` after an export, ``disc transfer`` (附卷), ``case show``
listing the discs, ``disc label``; then the same register through a real station service, with its refusals."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.e2e.conftest import Cli, StationService

CASE_NUMBER = "明人社监〔2026〕12号"


def test_discs_registered_received_for_the_case_file_and_labelled(cli: Cli, tmp_path: Path) -> None:
    cli.add_user("chen", "clerk", tmp_path)
    cli.add_user("li", "investigator", tmp_path)
    card = tmp_path / "card"
    assert cli.run("--json", "demo-card", str(card), "--seed", "2").returncode == 0
    imported = cli.as_("custodian", "--json", "import", str(card), "--no-thumbnails").json
    ids = sorted({str(f["recording_id"]) for f in imported["files"] if f.get("recording_id")})
    added = cli.as_("chen", "--json", "case", "add", "某建筑公司拖欠工资案", "--number", CASE_NUMBER)
    case_id = str(added.json["case_id"])
    assert cli.as_("chen", "--json", "case", "attach", case_id, *ids).returncode == 0
    export = cli.as_("chen", "--json", "export", case_id, "--producer", "chen",
                     "--extractor", "李四（执法证 33010001）", "--out", str(tmp_path / "case.iso"))
    assert export.returncode == 0, export.stderr
    export_id = str(export.json["export_id"])
    [entered] = cli.as_("chen", "--json", "disc", "list", "--export", export_id).json["discs"]  # by the export
    assert (entered["entered_by_export"], entered["confirmed_by"], entered["copies"]) == (True, None, 1)
    assert entered["image_sha256"] == export.json["image_sha256"]
    refused = cli.as_("chen", "--json", "export", case_id, "--producer", "chen", "--extractor",
                      "李四（执法证 33010001）", "--out", str(tmp_path / "again.iso"), "--secrecy-period", "10年")
    assert refused.returncode == 2 and "classified" in refused.stderr  # nothing classified in it

    registered = cli.as_("chen", "--json", "disc", "register", export_id, "--copies", "2")
    assert registered.returncode == 0, registered.stderr
    [disc] = registered.json["discs"]
    assert (disc["disc_index"], disc["disc_count"], disc["copies"]) == (1, 1, 2)
    assert disc["disc_id"] == entered["disc_id"] and disc["confirmed_by"] == "chen"
    assert disc["image_sha256"] == export.json["image_sha256"] and disc["case_number"] == CASE_NUMBER
    disc_id = str(disc["disc_id"])
    moved = cli.as_("chen", "--json", "disc", "transfer", disc_id, "--copy", "1", "--to", "case_file",
                    "--destination", CASE_NUMBER, "--received-by", "档案员 王五", "--at", "2026-11-25T09:00")
    assert moved.returncode == 0, moved.stderr
    assert moved.json["location"]["received_at"].startswith("2026-11-25T09:00:00+08:00")
    shown = cli.as_("chen", "--json", "case", "show", case_id).json
    [listed] = shown["discs"]
    assert listed["disc_id"] == disc["disc_id"]
    assert listed["copy_records"][0]["location"]["destination_kind"] == "case_file"
    assert listed["copy_records"][1]["location"] is None

    done = cli.as_admin("--json", "station", "migrate", "--service")
    assert done.returncode == 0, done.stderr
    service = StationService(cli.home).start()
    try:
        remote = Cli(cli.home, service)
        labels = remote.as_("chen", "--json", "disc", "label", disc_id, "--out", str(tmp_path / "labels.pdf"))
        assert labels.returncode == 0, labels.stderr
        first = labels.json["labels"][0]["lines"]
        assert first[0] == f"案号：{CASE_NUMBER}" and first[1] == "第 1 张，共 1 张"
        assert first[5] == f"SHA-256：{disc['image_sha256'][:16]}…" and "第 1 份，共 2 份" in first
        text = subprocess.run(["pdftotext", "-raw", str(tmp_path / "labels.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert CASE_NUMBER in text
        listed = remote.as_("li", "--json", "disc", "list", "--case", case_id)
        assert [d["disc_id"] for d in listed.json["discs"]] == [disc["disc_id"]]
        assert remote.as_("li", "--json", "disc", "register", export_id).returncode == 3
        assert remote.as_("chen", "--json", "disc", "register", export_id).returncode == 2  # registered already
        assert remote.as_("chen", "--json", "disc", "label", "999999").returncode == 4
        assert remote.as_("chen", "--json", "disc", "label", "99999999999999999999999").returncode == 2
        assert remote.as_("chen", "--json", "disc", "label", disc_id, "--copy", "3").returncode == 4
        court = remote.as_("chen", "--json", "disc", "transfer", disc_id, "--copy", "2", "--to", "court",
                           "--destination", "明山区人民法院", "--received-by", "书记员 赵六")
        assert court.returncode == 0 and court.json["location"]["destination_kind"] == "court"
    finally:
        assert service.stop() == 0
