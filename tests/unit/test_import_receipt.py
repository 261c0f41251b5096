"""The import receipt PDF really lists the custodian, the files, their hashes and the findings."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from evidence_station.media.demo_card import write_demo_card
from evidence_station.services.context import ServiceContext
from evidence_station.services.import_receipt import import_receipt
from evidence_station.services.import_service import import_card
from evidence_station.services.recordings_service import list_findings


def test_receipt_contains_files_hashes_and_findings(people: dict[str, ServiceContext], tmp_path: Path) -> None:
    card = tmp_path / "card"
    write_demo_card(card, seed=4, day=date(2026, 11, 24))
    ctx = people["custodian"]
    result = import_card(ctx, card)
    receipt = tmp_path / "r.pdf"
    receipt.write_bytes(import_receipt(ctx, result.import_id).content)
    text = subprocess.run(["pdftotext", "-layout", str(receipt), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "导入回执" in text and "Custodian" in text  # display name of the custodian fixture user
    for f in result.files:
        if f.sha256:
            assert f.sha256 in text
    assert "录像中断" in text and "文件损坏" in text
    sig = subprocess.run(["pdfsig", str(receipt)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in sig


def test_findings_speak_chinese_on_the_receipt_and_in_the_views(
    people: dict[str, ServiceContext], tmp_path: Path
) -> None:
    card = tmp_path / "card"
    write_demo_card(card, seed=4, day=date(2026, 11, 24))
    ctx = people["custodian"]
    result = import_card(ctx, card)
    kinds = {f.kind for f in result.findings}
    assert {"gap", "time_overlap", "damaged", "empty", "unassigned"} <= kinds
    for finding in result.findings:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in finding.message_zh), finding
        assert finding.message_zh != finding.message
    gap = next(f for f in result.findings if f.kind == "gap")
    assert "中断录制" in gap.message_zh and "第九条" in gap.message_zh
    listed = {f.id: f for f in list_findings(people["auditor"], status=None)}
    assert listed[gap.id].message_zh == gap.message_zh  # stored, not only returned by the import
    receipt = tmp_path / "r.pdf"
    receipt.write_bytes(import_receipt(ctx, result.import_id).content)
    text = subprocess.run(["pdftotext", "-raw", str(receipt), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "中断录制" in text
    assert "recording stopped" not in text  # no English sentences in the Chinese document


def test_the_receipt_names_the_status_and_skip_reasons_in_chinese(
    people: dict[str, ServiceContext], tmp_path: Path
) -> None:
    card = tmp_path / "card"
    write_demo_card(card, seed=4, day=date(2026, 11, 24))
    ctx = people["custodian"]
    result = import_card(ctx, card)
    receipt = tmp_path / "r.pdf"
    receipt.write_bytes(import_receipt(ctx, result.import_id).content)
    text = subprocess.run(["pdftotext", "-raw", str(receipt), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "已完成" in text and "系统垃圾文件" in text
    assert "completed" not in text and "system junk" not in text
