"""Save dialogs follow "Outputs never destroy evidence": the user's "replace" in Qt's overwrite prompt counts as
--force, but a file inside a station home or vault, or a hard-linked file, is refused with a clear (Chinese)
message and left untouched. Every file dialog and message box is patched: no real modal."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from evidence_station.client.station_client import StationClient
from evidence_station.gui import operations
from evidence_station.gui.compliance.dashboard_widget import DashboardWidget
from evidence_station.gui.pages.cases_page import CasesPage
from evidence_station.gui.viewing.register_widget import RegisterWidget
from evidence_station.services.case_service import add_case, attach_recordings
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from tests.helpers.export_wizard import to_medium_page
from tests.helpers.recordings import make_recordings


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _save_dialog_answers(monkeypatch: pytest.MonkeyPatch, *answers: Path) -> list[str]:
    """getSaveFileName answers ``answers`` in turn (as if the user confirmed any overwrite prompt)."""
    asked: list[str] = []
    queue = list(answers)

    def answer(_parent: object, title: str, *_args: object, **_kwargs: object) -> tuple[str, str]:
        asked.append(title)
        return str(queue.pop(0)), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return asked


@pytest.fixture
def register(qtbot: QtBot, clients: dict[str, StationClient]) -> RegisterWidget:
    widget = RegisterWidget(clients["auditor"])  # the desk's client of the embedded station
    qtbot.addWidget(widget)
    return widget


def test_register_export_refuses_the_catalogue_and_the_checkpoints_even_confirmed(
    qtbot: QtBot, register: RegisterWidget, station: Station, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(operations, "speaks_chinese", lambda: True)
    catalogue = station.home.catalogue_file
    checkpoints = next(station.home.checkpoints_dir.iterdir())
    before = {p: _digest(p) for p in (checkpoints, station.home.identity_dir / "station-cert.pem")}
    _save_dialog_answers(monkeypatch, catalogue, checkpoints)
    assert register.export_csv() is None
    assert "工作站数据文件夹" in register.status.text() and str(catalogue) in register.status.text()
    assert register.export_pdf() is None
    assert "使用 --force 也不行" in register.status.text()
    assert {p: _digest(p) for p in before} == before
    assert station.db.execute_sql("SELECT count(*) FROM audit_event").fetchone()[0] > 0  # the catalogue opens


def test_register_export_replaces_a_confirmed_file_but_not_a_hard_linked_one(
    qtbot: QtBot, register: RegisterWidget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    confirmed = tmp_path / "register.csv"
    confirmed.write_text("old")
    other = tmp_path / "kept.csv"
    other.write_text("kept")
    alias = tmp_path / "alias.csv"
    os.link(other, alias)
    (tmp_path / "named.csv").write_text("named")
    _save_dialog_answers(monkeypatch, confirmed, alias, tmp_path / "named")  # + ".csv": that file was not confirmed
    operation = register.export_csv()
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done, timeout=10_000)
    assert operation.error is None and confirmed.read_text(encoding="utf-8-sig").startswith("session_id,")
    assert register.export_csv() is None and "hard links" in register.status.text()
    assert register.export_csv() is None and "already exists" in register.status.text()
    assert other.read_text() == "kept" and alias.read_text() == "kept"
    assert (tmp_path / "named.csv").read_text() == "named"


def test_monthly_report_into_a_station_home_is_refused_with_the_error_box(
    qtbot: QtBot, clients: dict[str, StationClient], station: Station, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text, *a: shown.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: pytest.fail("nothing was written to offer"))
    dashboard = DashboardWidget(clients["custodian"])
    qtbot.addWidget(dashboard)
    target = station.home.exports_dir / "report.pdf"
    _save_dialog_answers(monkeypatch, target)
    dashboard.choose_report_file()
    assert shown and "inside the station folder" in shown[0] and not target.exists()
    assert dashboard.report_button.isEnabled()


def test_export_wizard_refuses_a_folder_inside_the_station_home(
    qtbot: QtBot, people: dict[str, ServiceContext], clients: dict[str, StationClient], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clerk = people["clerk"]
    home = clerk.station.home
    case = add_case(clerk, title="某建筑公司拖欠工资案", number="明人社监〔2026〕12号")
    attach_recordings(clerk, case.case_id, make_recordings(people["custodian"]))
    page = CasesPage(clients["clerk"])
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.case is not None and not page.loading, timeout=10_000)
    (tmp_path / "out").mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(home.exports_dir))
    wizard = page.open_export_wizard()
    assert wizard is not None
    qtbot.addWidget(wizard)
    to_medium_page(qtbot, wizard)
    monkeypatch.setattr(operations, "speaks_chinese", lambda: True)
    medium = wizard.medium_page
    medium._choose_folder()
    assert medium.folder_edit.text() == str(home.exports_dir)
    assert "工作站数据文件夹" in medium.problem() and not medium.isComplete()
    medium.folder_edit.setText(str(tmp_path / "out"))
    assert medium.isComplete()
    medium.burn_check.setChecked(True)
    medium.drive_box.setEditText(f"stdio:{home.checkpoints_dir / 'medium.iso'}")
    assert "工作站数据文件夹" in medium.problem() and not medium.isComplete()
    wizard.reject()
