"""The disc register in the Cases page (#24 item 3): the selected case's discs in a table, a clerk confirms the
copies and holders, records where a copy went (附卷), and prints or saves the label for the disc face."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel
from pytestqt.qtbot import QtBot

from evidence_station.client.station_client import StationClient
from evidence_station.gui import disc_register_panel
from evidence_station.gui.disc_register_panel import RegisterDiscsDialog, TransferDialog
from evidence_station.gui.i18n import install_translators, remove_translators
from evidence_station.gui.pages.cases_page import CasesPage
from evidence_station.services.case_service import add_case, attach_recordings
from evidence_station.services.context import ServiceContext
from tests.helpers.recordings import make_recordings

CASE_NUMBER = "明人社监〔2026〕12号"


@pytest.fixture
def exported(people: dict[str, ServiceContext]) -> int:
    """A case whose recordings went out on a three-disc export (the export entered its discs)."""
    from evidence_station.export.staging import DEFAULT_DISC_OVERHEAD
    from evidence_station.services.export_service import export_evidence

    clerk = people["clerk"]
    case = add_case(clerk, title="某建筑公司拖欠工资案", number=CASE_NUMBER)
    attach_recordings(clerk, case.case_id, make_recordings(people["custodian"]))
    result = export_evidence(clerk, case.case_id, producer="clerk", extractor="李四（执法证 33010001）",
                             media_bytes=DEFAULT_DISC_OVERHEAD + 158_000)
    assert result.verified and len(result.images) == 3
    return case.case_id


def _page(qtbot: QtBot, client: StationClient) -> CasesPage:
    page = CasesPage(client)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.loading and page.disc_register.table.rowCount() > 0, timeout=20_000)
    page.history_tabs.setCurrentWidget(page.disc_register)
    return page


def _cell(panel: Any, row: int, column: str) -> str:
    return panel.table.cell(row, column).text()


def test_the_clerk_confirms_copies_records_a_transfer_and_saves_the_label(
    qtbot: QtBot, people: dict[str, ServiceContext], clients: dict[str, StationClient], exported: int,
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    panel = _page(qtbot, clients["clerk"]).disc_register
    assert [_cell(panel, row, "disc") for row in range(3)] == ["1 of 3", "2 of 3", "3 of 3"]
    assert all(_cell(panel, row, "confirmed") == "waiting" for row in range(3))  # entered by the export, not confirmed
    assert not panel.register_button.isEnabled()  # nothing selected yet
    panel.select_disc(panel.discs[1].disc_id)
    assert panel.register_button.isEnabled()
    assert "第 2 张，共 3 张" in panel.label_text.toPlainText()

    def register_exec(dialog: RegisterDiscsDialog) -> int:
        dialog.copies.setValue(2)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RegisterDiscsDialog, "exec", register_exec)
    entries = panel.register_with_dialog()
    assert [e.copies for e in entries] == [2, 2, 2]
    qtbot.waitUntil(lambda: not panel.loading and _cell(panel, 0, "copies") == "2", timeout=10_000)
    assert all(_cell(panel, row, "confirmed") == "by clerk" for row in range(3))
    assert panel.selected_disc() is not None and panel.selected_disc().disc_index == 2  # kept selected

    def transfer_exec(dialog: TransferDialog) -> int:
        dialog.copy_number.setValue(2)
        dialog.kind.setCurrentIndex(dialog.kind.findData("court"))
        dialog.destination.setText("明山区人民法院")
        dialog.received_by.setText("书记员 赵六")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TransferDialog, "exec", transfer_exec)
    copy = panel.transfer_with_dialog()
    assert copy is not None and copy.transfers[-1].destination == "明山区人民法院"
    qtbot.waitUntil(lambda: not panel.loading and "明山区人民法院" in _cell(panel, 1, "where"), timeout=10_000)
    assert "书记员 赵六" in _cell(panel, 1, "where") and "明山区人民法院" not in _cell(panel, 0, "where")

    target = tmp_path / "label.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), "")))
    assert panel.save_label() == target
    text = subprocess.run(["pdftotext", "-raw", str(target), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "第 2 张，共 3 张" in text and panel.discs[1].image_sha256[:16] in text

    printed: list[Path] = []

    def fake_print(pdf: Path, _parent: Any, _title: str) -> bool:
        printed.append(pdf)
        return pdf.read_bytes().startswith(b"%PDF")

    monkeypatch.setattr(disc_register_panel, "print_with_dialog", fake_print)
    assert panel.print_label() and printed


def test_an_investigator_sees_the_register_but_cannot_change_it(
    qtbot: QtBot, people: dict[str, ServiceContext], clients: dict[str, StationClient], exported: int
) -> None:
    panel = _page(qtbot, clients["investigator"]).disc_register
    assert panel.table.rowCount() == 3
    panel.select_disc(panel.discs[0].disc_id)
    assert not panel.register_button.isEnabled() and not panel.transfer_button.isEnabled()
    assert "clerk" in panel.register_button.toolTip()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_confirm_dialog_says_what_it_is_for_and_shows_its_hints_whole(
    qtbot: QtBot, clients: dict[str, StationClient], exported: int, language: str
) -> None:
    """The walk-through found a 213-px dialog with two bare fields and a cut hint: it says what it records, and
    the holder hint reads whole."""
    assert language == "en" or install_translators(language)
    try:
        panel = _page(qtbot, clients["clerk"]).disc_register
        dialog = RegisterDiscsDialog(panel.discs[0], panel)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        field = dialog.holders
        assert field.width() >= field.fontMetrics().horizontalAdvance(field.placeholderText())
        said = " ".join(label.text() for label in dialog.findChildren(QLabel))
        assert ("每份由谁持有" if language == "zh_CN" else "who holds each copy") in said
        assert dialog.width() <= 1366
    finally:
        remove_translators()
