"""The Audit page verifies the vault (issue 3, item 11): OK, a flipped byte named, quick mode, roles, Chinese."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt

from evidence_station.catalogue.recordings import Recording
from evidence_station.gui.i18n import install_translators, remove_translators
from evidence_station.gui.pages.audit_page import OK_COLOUR, PROBLEM_COLOUR, AuditPage
from evidence_station.services.station import Station
from tests.gui.demo_home import DemoUser, build_imported_home, desk_client, open_copy


@pytest.fixture(scope="module")
def imported_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with the demo card imported once (copied by each test)."""
    users = [DemoUser("custodian", "custodian"), DemoUser("investigator", "investigator")]
    return build_imported_home(tmp_path_factory.mktemp("vault-check"), users, seed=3)


@pytest.fixture
def station(imported_home: Path, tmp_path: Path) -> Iterator[Station]:
    opened = open_copy(imported_home, tmp_path)
    yield opened
    opened.close()


def _page(qtbot: Any, station: Station, user: str) -> AuditPage:
    widget = AuditPage(desk_client(station, user))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _verify_vault(qtbot: Any, page: AuditPage, quick: bool = False) -> list[str]:
    page.quick_check.setChecked(quick)
    qtbot.mouseClick(page.verify_vault_button, Qt.MouseButton.LeftButton)
    assert page.last_operation is not None
    qtbot.waitUntil(lambda: page.last_operation.done, timeout=60_000)
    return page.result_texts()


def _flip_one_byte(station: Station) -> Recording:
    recording = Recording.select().where(Recording.size > 1000).order_by(Recording.id).first()
    blob = station.vault.blob_path(recording.sha256)
    os.chmod(blob, 0o644)
    with open(blob, "r+b") as stream:
        stream.seek(500)
        byte = stream.read(1)
        stream.seek(500)
        stream.write(bytes([byte[0] ^ 0xFF]))
    os.chmod(blob, 0o444)
    return recording


def test_a_clean_vault_is_reported_ok_after_a_full_rehash(qtbot: Any, station: Station) -> None:
    page = _page(qtbot, station, "custodian")
    texts = _verify_vault(qtbot, page)
    count = Recording.select().count()
    assert texts == [f"Vault OK: {count} originals re-hashed, SHA-256 and SM3 match the catalogue; "
                     "the audit chain is intact."]
    assert page.results.item(0).foreground().color().name() == OK_COLOUR.name()
    assert page.verify_vault_button.isEnabled() and page.verify_button.isEnabled()


def test_a_flipped_byte_is_named_in_red_and_quick_mode_does_not_see_it(qtbot: Any, station: Station) -> None:
    recording = _flip_one_byte(station)
    page = _page(qtbot, station, "custodian")
    assert _verify_vault(qtbot, page, quick=True)[0].startswith("Vault OK")  # sizes only: same size
    texts = _verify_vault(qtbot, page)
    assert texts[0].startswith("The vault has")
    assert any(f"recording {recording.id} ({recording.card_path})" in text and "SHA-256" in text
               for text in texts[1:]), texts
    colours = {page.results.item(i).foreground().color().name() for i in range(page.results.count())}
    assert colours == {PROBLEM_COLOUR.name()}


def test_problems_are_shown_in_chinese_when_the_interface_speaks_chinese(qtbot: Any, station: Station) -> None:
    _flip_one_byte(station)
    before = QLocale()
    try:
        install_translators("zh_CN")
        page = _page(qtbot, station, "custodian")
        texts = _verify_vault(qtbot, page)
        assert any("SHA-256" in text and "副本" in text for text in texts[1:]), texts
    finally:
        remove_translators()
        QLocale.setDefault(before)


def test_a_role_that_may_not_verify_the_vault_sees_a_disabled_button(qtbot: Any, station: Station) -> None:
    page = _page(qtbot, station, "investigator")
    assert not page.verify_vault_button.isEnabled()
    assert "custodians, auditors and administrators" in page.verify_vault_button.toolTip()
    assert page.verify_button.isEnabled()  # anyone may verify the audit chain
