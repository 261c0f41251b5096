"""The Cases & Export page on the station client: create a case, attach (through the picker) and detach recordings,
close it with a retention period, and who may export."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from evidence_station.catalogue.cases import Case
from evidence_station.client.station_client import StationClient
from evidence_station.gui.pages.cases_page import CasesPage, CloseCaseDialog, RecordingPickerDialog
from evidence_station.services.case_service import add_case, attach_recordings
from evidence_station.services.context import ServiceContext
from tests.helpers.recordings import make_recordings


def _cell(page: CasesPage, row: int, column: int) -> str:
    return page.case_table.item(row, column).text()


def _settled(qtbot: QtBot, page: CasesPage) -> CasesPage:
    """Wait until the case list and the selected case, read on workers, are shown."""
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)
    return page


def test_clerk_creates_a_case_attaches_through_the_picker_detaches_and_closes(
    qtbot: QtBot, people: dict[str, ServiceContext], clients: dict[str, StationClient],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = make_recordings(people["custodian"])
    page = CasesPage(clients["clerk"])
    qtbot.addWidget(page)
    _settled(qtbot, page)
    assert page.case_table.rowCount() == 0
    assert page.cases_guide.showing_empty_text() and "New case" in page.cases_guide.empty_text

    case = page.new_case("明人社监〔2026〕12号", "某建筑公司拖欠工资案", "某建筑公司；张三等 12 人")
    assert case is not None
    _settled(qtbot, page)
    assert not page.cases_guide.showing_empty_text()
    assert page.recordings_guide.showing_empty_text() and "Attach recordings" in page.recordings_guide.empty_text
    assert page.exports_guide.showing_empty_text()
    assert [_cell(page, 0, c) for c in range(4)] == ["明人社监〔2026〕12号", "某建筑公司拖欠工资案",
                                                     "某建筑公司；张三等 12 人", "Open"]
    assert page.case is not None and page.case.case_id == case.case_id
    assert "by Clerk (clerk)." in page.case_header.text()  # the person by name, not a bare log-in

    # The picker lists the catalogue, filtered by device; what the user selects is attached.
    def pick(dialog: RecordingPickerDialog) -> int:
        dialog.device_edit.setText("Z8A0001")
        dialog.apply_filter()
        assert dialog.visible_ids() == ids
        dialog.select_ids(ids[:2])
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RecordingPickerDialog, "exec", pick)
    assert page.attach_with_picker() == ids[:2]
    _settled(qtbot, page)
    assert not page.recordings_guide.showing_empty_text()
    assert [page.recordings_table.item(r, 0).text() for r in range(page.recordings_table.rowCount())] == [
        str(i) for i in ids[:2]]
    assert page.recordings_table.item(0, 2).text() == "Z8A0001"
    assert _cell(page, 0, 4) == "2"

    # Already attached recordings are not offered again.
    picker = RecordingPickerDialog(clients["clerk"], page.case.recording_ids)  # type: ignore[union-attr]
    qtbot.addWidget(picker)
    assert picker.visible_ids() == ids[2:]

    page.recordings_table.selectRow(0)
    assert page.detach_button.isEnabled()
    assert page.detach_selected() == [ids[0]]
    _settled(qtbot, page)
    assert page.case.recording_ids == (ids[1],) and _cell(page, 0, 4) == "1"

    def keep_permanently(dialog: CloseCaseDialog) -> int:
        dialog.retention_box.setCurrentIndex(dialog.retention_box.findData("permanent"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(CloseCaseDialog, "exec", keep_permanently)
    closed = page.close_with_dialog()
    assert closed is not None and closed.status == "closed"
    _settled(qtbot, page)
    assert Case.get_by_id(case.case_id).retention == "permanent"
    assert _cell(page, 0, 3) == "Closed"
    assert not page.attach_button.isEnabled() and not page.close_button.isEnabled()


def test_a_case_number_taken_twice_is_refused_in_red(qtbot: QtBot, clients: dict[str, StationClient]) -> None:
    page = _settled(qtbot, CasesPage(clients["clerk"]))
    qtbot.addWidget(page)
    assert page.new_case("", "第一案", "") is not None  # numbered by the station
    _settled(qtbot, page)
    assert _cell(page, 0, 0).startswith("CASE-2026-")
    assert page.new_case(_cell(page, 0, 0), "第二案", "") is None
    _settled(qtbot, page)
    assert "already exists" in page.message.text() and "c00000" in page.message.styleSheet()
    assert page.case_table.rowCount() == 1


def test_close_dialog_offers_presets_and_other_years(qtbot: QtBot, people: dict[str, ServiceContext]) -> None:
    dialog = CloseCaseDialog(add_case(people["clerk"], title="某案"))
    qtbot.addWidget(dialog)
    assert dialog.retention() == "30y" and not dialog.years.isEnabled()
    dialog.retention_box.setCurrentIndex(dialog.retention_box.findData(""))
    assert dialog.years.isEnabled()
    dialog.years.setValue(12)
    assert dialog.retention() == "12y"


def test_only_a_clerk_may_start_an_export(
    qtbot: QtBot, people: dict[str, ServiceContext], clients: dict[str, StationClient]
) -> None:
    clerk = people["clerk"]
    case = add_case(clerk, title="某案", number="A-1")
    attach_recordings(clerk, case.case_id, make_recordings(people["custodian"]))

    investigator_page = CasesPage(clients["investigator"])
    qtbot.addWidget(investigator_page)
    _settled(qtbot, investigator_page)
    assert investigator_page.case is not None and investigator_page.case.number == "A-1"
    assert not investigator_page.export_button.isEnabled()
    assert "clerk" in investigator_page.export_button.toolTip()
    assert investigator_page.open_export_wizard() is None
    assert investigator_page.attach_button.isEnabled()  # investigators manage cases

    auditor_page = CasesPage(clients["auditor"])
    qtbot.addWidget(auditor_page)
    _settled(qtbot, auditor_page)
    assert not auditor_page.export_button.isEnabled() and not auditor_page.new_button.isEnabled()

    clerk_page = CasesPage(clients["clerk"])
    qtbot.addWidget(clerk_page)
    _settled(qtbot, clerk_page)
    assert clerk_page.export_button.isEnabled()


def test_a_message_does_not_move_the_tables(qtbot: QtBot, clients: dict[str, StationClient]) -> None:
    """The next click lands on the row it was aimed at: a message above the tables never pushes them down."""
    page = _settled(qtbot, CasesPage(clients["clerk"]))
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    qtbot.wait(20)
    before = page.case_table.mapTo(page, QPoint(0, 0)).y()
    page.say("案件编号已被占用。" * 20, problem=True)
    qtbot.wait(20)
    assert page.case_table.mapTo(page, QPoint(0, 0)).y() == before


def test_export_producer_and_extractor_names_show_whole(qtbot: QtBot, clients: dict[str, StationClient]) -> None:
    """"文书 陈静（执法证号 310104）" is not elided to "文书 陈…004）": the columns fit their names."""
    from datetime import UTC, datetime

    from evidence_station.api.exports import ExportView

    page = _settled(qtbot, CasesPage(clients["clerk"]))
    qtbot.addWidget(page)
    page.resize(1366 - 240, 700)
    page.show()
    producer, extractor = "文书 陈静（执法证号 31010400004）", "调查人员 欧阳明轩（执法证号 31010400117）"
    page.exports = [ExportView(
        export_id=7, case_id=1, case_number="2026-001", status="completed", producer=producer, extractor=extractor,
        extraction_time=datetime(2026, 3, 1, 2, 0, tzinfo=UTC), purpose="evidence", media="iso", disc_count=1,
        verified=True, created_by="clerk", message="", images=({"image_sha256": "ab" * 32},))]
    page._show_exports()
    qtbot.wait(20)
    metrics = page.exports_table.fontMetrics()
    for name, text in (("producer", producer), ("extractor", extractor)):
        column = page.exports_table.column(name)
        assert page.exports_table.item(0, column).text() == text
        assert page.exports_table.columnWidth(column) >= metrics.horizontalAdvance(text) + 6, text
