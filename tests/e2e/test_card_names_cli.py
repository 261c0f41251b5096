"""Issue #16 through the real CLI: a card whose video name is not UTF-8 (GBK from a FAT camera card) imports
(exit 0), verifies, and exports to a disc that ``verify-disc`` and ``sha256sum -c`` accept."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
from datetime import date
from pathlib import Path

import pytest

from evidence_station.media.demo_card import write_demo_card
from tests.e2e.conftest import Cli

GBK_NAME = b"\xd5\xc5\xc8\xfd.MP4"  # 张三.MP4 in GBK
pytestmark = pytest.mark.timeout(300)


def test_gbk_named_video_imports_verifies_and_exports(cli: Cli, tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    write_demo_card(demo, seed=2, day=date(2026, 11, 24))
    video = max(demo.rglob("*_0001.MP4"), key=lambda p: p.stat().st_size).read_bytes()
    card = tmp_path / "card"
    (card / "DCIM").mkdir(parents=True)
    with open(os.fsencode(card / "DCIM") + b"/" + GBK_NAME, "wb") as handle:
        handle.write(video)
    (card / "DCIM" / "line\nbreak.MP4").write_bytes(video + b"\n")

    done = cli.as_("custodian", "--json", "import", str(card), "--no-thumbnails")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    files = {f["card_path"]: f for f in done.json["files"]}
    assert set(files) == {"DCIM/\\xd5\\xc5\\xc8\\xfd.MP4", "DCIM/line\\nbreak.MP4"}
    gbk = files["DCIM/\\xd5\\xc5\\xc8\\xfd.MP4"]
    assert (gbk["status"], gbk["kind"], gbk["playable"]) == ("stored", "video", True)
    assert gbk["sha256"] == hashlib.sha256(video).hexdigest() and gbk["size"] == len(video)
    human = cli.as_("custodian", "recordings")
    assert human.returncode == 0 and "DCIM/\\xd5\\xc5\\xc8\\xfd.MP4" in human.stdout

    catalogue = sqlite3.connect(f"file:{cli.home / 'catalogue.sqlite3'}?mode=ro", uri=True)
    try:
        rows = dict(catalogue.execute("SELECT card_path, card_path_raw FROM recording").fetchall())
        status = catalogue.execute("SELECT status FROM import_session").fetchall()
    finally:
        catalogue.close()
    assert rows["DCIM/\\xd5\\xc5\\xc8\\xfd.MP4"] == b"DCIM/" + GBK_NAME  # the raw name round-trips
    assert rows["DCIM/line\\nbreak.MP4"] == b"DCIM/line\nbreak.MP4"
    assert status == [("completed",)]
    verified = cli.as_admin("--json", "verify")
    assert verified.returncode == 0 and verified.json["ok"], verified.stdout

    cli.add_user("clerk", "clerk", tmp_path)
    case = cli.as_("clerk", "--json", "case", "add", "张三案", "--number", "X-1").json["case_id"]
    ids = [str(f["recording_id"]) for f in files.values()]
    assert cli.as_("clerk", "--json", "case", "attach", str(case), *ids).returncode == 0
    image = tmp_path / "case.iso"
    exported = cli.as_("clerk", "--json", "export", str(case), "--producer", "clerk", "--extractor",
                       "李四 (执法证 33010001)", "--out", str(image))
    assert exported.returncode == 0, exported.stdout + exported.stderr
    checked = cli.run("--json", "verify-disc", str(image))
    assert checked.returncode == 0 and checked.json["ok"], checked.stdout

    extracted = tmp_path / "extracted"
    done = subprocess.run(["xorriso", "-osirrox", "on", "-indev", str(image), "-extract", "/", str(extracted)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    sums = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=extracted, capture_output=True, text=True,
                          timeout=120)
    assert sums.returncode == 0, sums.stdout + sums.stderr
    originals = sorted(p.relative_to(extracted).as_posix() for p in (extracted / "originals").rglob("*")
                       if p.is_file())
    assert originals == ["originals/unknown-device/_xd5_xc5_xc8_xfd.MP4", "originals/unknown-device/line_nbreak.MP4"]
    assert (extracted / originals[0]).read_bytes() == video
    manifest = json.loads((extracted / "MANIFEST.json").read_text(encoding="utf-8"))
    assert {f["recording"]["metadata"]["card_path"] for f in manifest["files"]} == set(files)
    assert cli.as_admin("--json", "audit", "verify").returncode == 0
