"""Wiping the card from the Import page (#24 item 2): after an import whose files are all stored, 清除存储卡… asks
first, wipes in the background with progress and Cancel, deletes exactly the stored files that still equal their
originals, reports deleted / kept / refused files, and offers the renewed receipt that prints the wipe."""

from __future__ import annotations

import shutil
import subprocess
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from evidence_station.domain.roles import Role
from evidence_station.gui.pages.import_page import ImportPage
from evidence_station.media.demo_card import DemoCardResult, write_demo_card
from evidence_station.services.station import Station
from tests.helpers.import_page import page_after_import


@pytest.fixture(scope="module")
def demo_card(tmp_path_factory: pytest.TempPathFactory) -> DemoCardResult:
    return write_demo_card(tmp_path_factory.mktemp("card") / "card", seed=5, day=date(2026, 11, 24))


@pytest.fixture
def card(demo_card: DemoCardResult, tmp_path: Path) -> Path:
    """A temporary copy of the card: the wipe deletes from it."""
    return Path(shutil.copytree(demo_card.path, tmp_path / "card"))


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The confirmations asked (answered Yes unless a test says otherwise)."""
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *_a: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def _imported(qtbot: Any, user_with_role: Any, card: Path) -> ImportPage:
    page = page_after_import(qtbot, user_with_role(Role.CUSTODIAN), card)
    assert page.last_result is not None and page.last_result.status == "completed"
    return page


def _files(card: Path) -> set[str]:
    return {p.relative_to(card).as_posix() for p in card.rglob("*") if p.is_file()}


def test_the_wipe_deletes_exactly_the_stored_files_and_refuses_one_that_differs(
    qtbot: Any, user_with_role: Any, card: Path, station: Station, answers: list[str]
) -> None:
    page = _imported(qtbot, user_with_role, card)
    bar = page.wipe_bar
    assert bar.isVisible() and bar.wipe_button.isEnabled() and bar.wipe_button.text() == "Wipe the card…"
    stored = sorted(f.card_path for f in page.last_result.files if f.recording_id is not None)
    assert len(stored) >= 2
    altered = stored[0]
    with (card / altered).open("r+b") as handle:  # the card's copy no longer equals the stored original
        handle.seek(100)
        handle.write(b"\x00altered\x00")
    before = _files(card)

    qtbot.mouseClick(bar.wipe_button, Qt.MouseButton.LeftButton)
    assert answers and str(card) in answers[0]
    assert bar.operation is not None and bar.cancel_button.isVisible()
    qtbot.waitUntil(lambda: bar.operation.done, timeout=60_000)

    result = bar.result
    assert result is not None, bar.status_label.text()
    after = _files(card)
    assert before - after == set(stored[1:])  # exactly the stored files that still equal their originals
    assert altered in after
    listed = dict((path, group) for group, path in bar.listed())
    assert listed[altered] == "refused" and all(listed[p] == "deleted" for p in stored[1:])
    assert {p for p, g in listed.items() if g == "kept"} == after - {altered}  # junk and the like stay, reported
    assert "Deleted" in bar.status_label.text() and "refused 1" in bar.status_label.text()
    assert not bar.wipe_button.isEnabled() and not bar.cancel_button.isVisible()
    # The receipt is offered again: the station signs a new one that prints the wipe.
    receipt = page.receipt_bar
    assert receipt.isVisible() and receipt.import_id == page.last_result.import_id and receipt.document is None
    operation = receipt.fetch()
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done, timeout=60_000)
    pdf = receipt.local_copy
    assert pdf is not None
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "已删除" in text


def test_declining_the_confirmation_deletes_nothing(
    qtbot: Any, user_with_role: Any, card: Path, station: Station, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _imported(qtbot, user_with_role, card)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_a: QMessageBox.StandardButton.No))
    before = _files(card)
    assert page.wipe_bar.start_wipe() is None
    assert _files(card) == before and page.wipe_bar.wipe_button.isEnabled()


def test_cancel_stops_the_wipe_and_what_is_not_checked_stays(
    qtbot: Any, user_with_role: Any, card: Path, station: Station, answers: list[str],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    from evidence_station.client import card_wipe

    page = _imported(qtbot, user_with_role, card)
    bar = page.wipe_bar
    real_read = card_wipe.read_card_file
    started: list[str] = []

    def slow_read(entry: Any, cancel: Any = None) -> Any:
        started.append(entry.card_path_display)
        while cancel is not None and not cancel.cancelled:
            time.sleep(0.01)
        return real_read(entry, cancel)

    monkeypatch.setattr(card_wipe, "read_card_file", slow_read)
    before = _files(card)
    operation = bar.start_wipe()
    assert operation is not None
    qtbot.waitUntil(lambda: bool(started), timeout=30_000)
    qtbot.mouseClick(bar.cancel_button, Qt.MouseButton.LeftButton)
    assert "Cancelling" in bar.status_label.text()
    qtbot.waitUntil(lambda: operation.done, timeout=30_000)
    # the file being read when Cancel came may be deleted; no other one is
    assert len(before - _files(card)) <= 1
    assert bar.result is not None and bar.result.status != "completed"
    assert "not wiped completely" in bar.status_label.text()
