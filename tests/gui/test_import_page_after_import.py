"""After an import the Import page tells the truth about the card: its summary counts the files as stored (it said
"12 files to import; 0 already stored" next to "Stored 12"), a wipe shows the card as it is now, and choosing
another card hides the previous card's receipt (it offered "Hand-over record #1" for a card not yet imported)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from evidence_station.domain.roles import Role
from evidence_station.media.demo_card import DemoCardResult, write_demo_card
from tests.helpers.import_page import page_after_import


@pytest.fixture(scope="module")
def demo_card(tmp_path_factory: pytest.TempPathFactory) -> DemoCardResult:
    return write_demo_card(tmp_path_factory.mktemp("card") / "card", seed=6, day=date(2026, 11, 24))


@pytest.fixture
def card(demo_card: DemoCardResult, tmp_path: Path) -> Path:
    return Path(shutil.copytree(demo_card.path, tmp_path / "card"))


def test_the_summary_counts_the_imported_files_as_stored(qtbot: Any, user_with_role: Any, card: Path) -> None:
    page = page_after_import(qtbot, user_with_role(Role.CUSTODIAN), card)
    result = page.last_result
    assert result is not None and result.status == "completed"
    stored = result.counts["stored"]
    assert page.preview_summary.text().startswith("0 files")
    assert f"{stored} already stored" in page.preview_summary.text()
    assert page.tabs.currentIndex() == 1  # the result stays in front


def test_after_a_wipe_the_list_shows_the_card_as_it_is(
    qtbot: Any, user_with_role: Any, card: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_a: QMessageBox.StandardButton.Yes))
    page = page_after_import(qtbot, user_with_role(Role.CUSTODIAN), card)
    before = len(page.entries)
    page.wipe_bar.wipe_button.click()
    operation = page.wipe_bar.operation
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done, timeout=60_000)
    assert page.wipe_bar.result is not None
    on_card = [p for p in card.rglob("*") if p.is_file()]
    assert len(page.entries) == len(on_card) < before
    assert page.tabs.currentIndex() == 1


def test_another_card_hides_the_previous_card_s_receipt(
    qtbot: Any, user_with_role: Any, card: Path, tmp_path: Path
) -> None:
    page = page_after_import(qtbot, user_with_role(Role.CUSTODIAN), card)
    assert page.receipt_bar.import_id is not None
    other = write_demo_card(tmp_path / "other", seed=7, day=date(2026, 11, 25)).path
    assert page.set_card(other)
    assert page.receipt_bar.import_id is None and not page.receipt_bar.isVisible()
    assert page.set_card(card) and page.receipt_bar.import_id is None  # shown again only by the next import
