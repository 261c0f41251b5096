"""The hand-over on the Import page (交接, #24 item 1): the custodian names who handed the card over before the import;
the station records it with the import (as ``import --officer …`` does), the receipt offered is the hand-over
record; a wrong officer password imports nothing and says why in Chinese."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from evidence_station.catalogue.recordings import ImportSession
from evidence_station.domain.roles import Role
from evidence_station.gui.i18n import install_translators, remove_translators
from evidence_station.gui.pages.import_page import ImportPage
from evidence_station.gui.volume_watcher import VolumeWatcher
from evidence_station.media.demo_card import DemoCardResult, write_demo_card
from tests.conftest import PASSWORD


@pytest.fixture(scope="module")
def demo_card(tmp_path_factory: pytest.TempPathFactory) -> DemoCardResult:
    return write_demo_card(tmp_path_factory.mktemp("card") / "card", seed=3, day=date(2026, 11, 24))


def _page(qtbot: Any, client: Any, card: Path) -> ImportPage:
    page = ImportPage(client, watcher=VolumeWatcher(source=list))
    qtbot.addWidget(page)
    page.show()
    assert page.set_card(card)
    return page


def _import(qtbot: Any, page: ImportPage) -> None:
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert page.import_operation is not None
    qtbot.waitUntil(lambda: page.import_operation.done, timeout=60_000)


def test_an_officer_confirms_the_hand_over_with_their_password_on_the_import_page(
    qtbot: Any, user_with_role: Any, demo_card: DemoCardResult
) -> None:
    user_with_role(Role.INVESTIGATOR)  # the officer's account
    custodian = user_with_role(Role.CUSTODIAN)
    page = _page(qtbot, custodian, demo_card.path)
    form = page.handover_form
    assert form.isVisible() and not form.isChecked()
    line = form.fontMetrics().height()  # unticked: a tick box, no empty frame under it
    assert not form.body.isVisible() and form.sizeHint().height() <= line + 8, form.sizeHint()
    assert "Z8A0001" in form.device_edit.placeholderText()  # the camera the card's names carry
    form.setChecked(True)
    assert form.body.isVisible() and form.sizeHint().height() > 2 * line  # ticked: the framed form
    form.officer_edit.setText("investigator")
    assert form.password_edit.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(form.password_edit, PASSWORD)  # the officer types it
    form.note_edit.setText("交接时卡壳完好")
    _import(qtbot, page)

    result = page.last_result
    assert result is not None and result.status == "completed"
    recorded = custodian.get_card_handover(result.import_id)  # what `card handover IMPORT_ID` shows
    assert recorded is not None and recorded == result.handover
    assert recorded.officer_user == "investigator" and recorded.confirmation == "password"
    assert recorded.received_by == "custodian" and "Z8A0001" in recorded.device and recorded.note == "交接时卡壳完好"
    assert form.password_edit.text() == ""  # never kept on the page
    assert page.receipt_bar.isVisible() and "Hand-over record" in page.receipt_bar.title_label.text()


def test_a_person_without_an_account_is_named_and_signs(
    qtbot: Any, user_with_role: Any, demo_card: DemoCardResult
) -> None:
    custodian = user_with_role(Role.CUSTODIAN)
    page = _page(qtbot, custodian, demo_card.path)
    form = page.handover_form
    form.setChecked(True)
    form.person_button.setChecked(True)
    assert form.who.currentIndex() == form.PERSON
    form.name_edit.setText("李四")
    form.badge_edit.setText("J-1234")
    form.device_edit.setText("CAM-9")
    _import(qtbot, page)
    result = page.last_result
    assert result is not None
    recorded = custodian.get_card_handover(result.import_id)
    assert recorded is not None and recorded.confirmation == "signature" and recorded.officer_user is None
    assert (recorded.officer_name, recorded.officer_badge, recorded.device) == ("李四", "J-1234", "CAM-9")


@pytest.mark.parametrize("officer, password, expected_zh", [
    ("investigator", "wrong-password-1", "交接未确认"),
    ("clerk", PASSWORD, "无权移交存储卡"),
    ("custodian", PASSWORD, "交接须由两人完成"),
])
def test_a_refused_hand_over_imports_nothing_and_says_why_in_chinese(
    qtbot: Any, user_with_role: Any, demo_card: DemoCardResult, officer: str, password: str, expected_zh: str
) -> None:
    user_with_role(Role.INVESTIGATOR)
    user_with_role(Role.CLERK)
    custodian = user_with_role(Role.CUSTODIAN)
    before = ImportSession.select().count()
    assert install_translators("zh_CN")
    try:
        page = _page(qtbot, custodian, demo_card.path)
        form = page.handover_form
        form.setChecked(True)
        form.officer_edit.setText(officer)
        form.password_edit.setText(password)
        _import(qtbot, page)
        message = page.message_label.text()
    finally:
        remove_translators()
    assert page.last_result is None and ImportSession.select().count() == before  # nothing imported
    assert page.message_label.isVisible() and "交接未登记，未导入任何文件" in message and expected_zh in message
    assert not page.receipt_bar.isVisible()
    assert form.password_edit.text() == ""
