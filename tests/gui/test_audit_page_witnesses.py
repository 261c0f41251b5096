"""The Audit page checks the catalogue against witness files (``audit verify --witness`` in the GUI, issue #18
item 4): a real import receipt agrees with the station; after a rollback the station's own files no longer show,
the same receipt turns the result red."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from evidence_station.client.station_client import StationClient
from evidence_station.client.transport import InProcessTransport
from evidence_station.gui.pages.audit_page import OK_COLOUR, PROBLEM_COLOUR, AuditPage
from evidence_station.server.dispatch import Dispatcher
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from tests.conftest import PASSWORD
from tests.helpers.documents import receipt_pdf
from tests.helpers.witnesses import roll_back_after_a_receipt


def _colours(page: AuditPage) -> list[str]:
    return [page.results.item(i).foreground().color().name() for i in range(page.results.count())]


def _checked(qtbot: Any, page: AuditPage, paths: list[str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def choose(*args: Any, **kwargs: Any) -> tuple[list[str], str]:
        asked.append(args[1])
        return paths, ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(choose))
    qtbot.mouseClick(page.witness_button, Qt.MouseButton.LeftButton)
    assert asked, "the witness files are chosen in a file dialog"
    assert page.last_operation is not None
    qtbot.waitUntil(lambda: page.last_operation.done, timeout=20_000)
    return page.result_texts()


def test_a_receipt_agrees_with_the_station(qtbot: Any, people: dict[str, ServiceContext], client_of: Any,
                                           tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    receipt = receipt_pdf(people["custodian"], tmp_path)
    page = AuditPage(client_of(people["admin"]))
    qtbot.addWidget(page)
    texts = _checked(qtbot, page, [str(receipt)], monkeypatch)
    assert texts[0].startswith("Audit chain OK")
    assert str(receipt) in texts[1] and "import receipt" in texts[1] and "agrees" in texts[1]
    assert set(_colours(page)) == {OK_COLOUR.name()}


@pytest.mark.sqlite_only("the rollback restores the SQLite catalogue file")
def test_a_rollback_is_shown_in_red(qtbot: Any, station: Station, people: dict[str, ServiceContext],
                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    older, receipt = roll_back_after_a_receipt(station, people["custodian"], tmp_path)
    dispatcher = Dispatcher(older)
    try:
        page = AuditPage(StationClient.login(InProcessTransport(dispatcher), "admin", PASSWORD))
        qtbot.addWidget(page)
        qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.last_operation.done, timeout=20_000)
        assert page.result_texts()[0].startswith("Audit chain OK")  # the station's own files no longer show it
        texts = _checked(qtbot, page, [str(receipt)], monkeypatch)
        assert texts[0].startswith("The audit chain has 1 problem")
        assert any(str(receipt) in text and "import receipt" in text for text in texts[1:-1])
        assert str(receipt) in texts[-1] and "DISAGREES" in texts[-1]
        assert set(_colours(page)) == {PROBLEM_COLOUR.name()}
    finally:
        dispatcher.streams.stop()
        older.close()


def test_a_file_that_is_no_witness_is_named_and_nothing_runs(
        qtbot: Any, people: dict[str, ServiceContext], client_of: Any, tmp_path: Path) -> None:
    plain = tmp_path / "notes.pdf"
    plain.write_bytes(b"not a pdf at all")
    page = AuditPage(client_of(people["admin"]))
    qtbot.addWidget(page)
    assert page.verify_with_witnesses([str(plain), str(tmp_path / "missing.pdf")]) is None
    texts = page.result_texts()
    assert len(texts) == 2 and "notes.pdf" in texts[0] and "missing.pdf" in texts[1]
    assert set(_colours(page)) == {PROBLEM_COLOUR.name()}
