"""The import receipt (导入回执) on the Import page (#20 item 4): after every import the station opened — also one
that failed half-way — the signed receipt can be previewed in the program, printed, and saved and opened; a place
inside the station home is refused with a message."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QDialog, QFileDialog

from evidence_station.client import card_import
from evidence_station.domain.roles import Role
from evidence_station.gui.import_receipt_bar import ImportReceiptBar
from evidence_station.media.demo_card import DemoCardResult, write_demo_card
from evidence_station.services.station import Station
from tests.helpers.import_page import page_after_import


@pytest.fixture(scope="module")
def demo_card(tmp_path_factory: pytest.TempPathFactory) -> DemoCardResult:
    return write_demo_card(tmp_path_factory.mktemp("card") / "card", seed=3, day=date(2026, 11, 24))


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files handed to the desktop's viewer (nothing is really opened)."""
    urls: list[str] = []

    def open_url(url: QUrl) -> bool:
        urls.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return urls




def _fetched(qtbot: Any, bar: ImportReceiptBar) -> None:
    qtbot.waitUntil(lambda: bar.document is not None or "could not" in bar.status_label.text(), timeout=60_000)
    assert bar.document is not None, bar.status_label.text()


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_after_an_import_the_receipt_is_previewed_saved_and_opened(
    qtbot: Any, user_with_role: Any, demo_card: DemoCardResult, station: Station, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, opened: list[str]
) -> None:
    page = page_after_import(qtbot, user_with_role(Role.CUSTODIAN), demo_card.path)
    result = page.last_result
    assert result is not None and result.status == "completed"
    bar = page.receipt_bar
    assert bar.isVisible() and bar.import_id == result.import_id
    assert str(result.import_id) in bar.title_label.text()

    bar.preview_button.click()
    _fetched(qtbot, bar)
    dialog = bar.preview_dialog
    assert dialog is not None and dialog.isVisible() and dialog.preview.page_count() >= 1
    assert not dialog.preview.open_button.isVisible()  # the temporary copy is not offered: save it first
    local = bar.local_copy
    assert local is not None and station.home.root not in local.parents
    text = _pdf_text(local)
    assert "导入回执" in text and f"导入编号 {result.import_id}" in text
    hashes = [f.sha256 for f in result.files if f.sha256]
    assert hashes and all(sha256 in text for sha256 in hashes)

    target = tmp_path / "desk" / "receipt.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), "")))
    bar.save_button.click()
    assert target.read_bytes() == bar.document.content  # the signed file, unchanged
    assert opened == [str(target)] and bar.saved == target
    assert str(target) in bar.status_label.text()


def test_a_receipt_inside_the_station_home_is_refused_with_a_message(
    qtbot: Any, user_with_role: Any, demo_card: DemoCardResult, station: Station, monkeypatch: pytest.MonkeyPatch,
    opened: list[str]
) -> None:
    page = page_after_import(qtbot, user_with_role(Role.CUSTODIAN), demo_card.path)
    bar = page.receipt_bar
    inside = station.home.root / "exports" / "mine.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(inside), "")))
    assert bar.save_and_open() is None
    assert not inside.exists() and opened == []
    assert "not saved" in bar.status_label.text() and "station" in bar.status_label.text()


def test_print_sends_every_page_to_the_chosen_printer(
    qtbot: Any, user_with_role: Any, demo_card: DemoCardResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = page_after_import(qtbot, user_with_role(Role.CUSTODIAN), demo_card.path)
    bar = page.receipt_bar
    printed = tmp_path / "printer-output.pdf"

    def choose_printer(dialog: QPrintDialog, *_args: Any) -> int:
        dialog.printer().setOutputFileName(str(printed))  # a "printer" that writes a PDF
        return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(QPrintDialog, "exec", choose_printer)
    bar.print_button.click()
    qtbot.waitUntil(lambda: printed.exists() and "printer" in bar.status_label.text(), timeout=60_000)
    assert printed.stat().st_size > 0


def test_an_import_that_failed_half_way_still_offers_its_receipt(
    qtbot: Any, user_with_role: Any, demo_card: DemoCardResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_store(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("the network went away")

    monkeypatch.setattr(card_import.ClientImportSink, "store", broken_store)
    page = page_after_import(qtbot, user_with_role(Role.CUSTODIAN), demo_card.path)
    assert page.last_result is None and "failed" in page.message_label.text()
    bar = page.receipt_bar
    assert bar.isVisible() and bar.import_id is not None
    bar.preview()
    _fetched(qtbot, bar)
    assert bar.preview_dialog is not None
    assert bar.local_copy is not None and "cancelled" in _pdf_text(bar.local_copy)
