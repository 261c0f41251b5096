"""The shell: log-in dialog, main window with every page, status bar, session end, smoke test, settings."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from evidence_station.client.connect import StationTarget
from evidence_station.client.station_client import StationClient
from evidence_station.client.transport import InProcessTransport
from evidence_station.domain.roles import Role
from evidence_station.gui import pages
from evidence_station.gui.app import SMOKE_ACTOR, run_gui
from evidence_station.gui.i18n import install_translators, remove_translators
from evidence_station.gui.login_dialog import LoginDialog
from evidence_station.gui.main_window import MainWindow
from evidence_station.gui.pages import PageSpec
from evidence_station.gui.pages.placeholder import PlaceholderPage
from evidence_station.gui.pages.settings_page import SettingsPage
from evidence_station.server.dispatch import Dispatcher
from evidence_station.services.audit_service import list_audit_events, verify_audit
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from evidence_station.services.users import init_station
from tests.conftest import PASSWORD

PAGE_KEYS = ["import", "library", "viewing", "cases", "compliance", "audit", "settings"]
ZH_TITLES = ["导入", "资料库", "查阅", "案件与导出", "设备与合规", "审计", "设置"]


@pytest.fixture
def chinese(qapp: Any) -> Iterator[None]:
    """The interface in Simplified Chinese for one test."""
    assert install_translators("zh_CN")
    yield
    remove_translators()


@pytest.fixture
def admin_client(admin: ServiceContext, client_of: Any) -> StationClient:
    """The administrator's desktop client."""
    return client_of(admin)


@pytest.fixture
def window(qtbot: Any, admin_client: StationClient) -> MainWindow:
    main = MainWindow(admin_client)
    qtbot.addWidget(main)
    main.show()
    return main


def test_main_window_opens_every_page(qtbot: Any, window: MainWindow) -> None:
    assert window.page_keys() == PAGE_KEYS
    assert window.navigation.count() == len(PAGE_KEYS)
    for key in PAGE_KEYS:
        page = window.show_page(key)
        assert window.stack.currentWidget() is page
        assert window.current_key() == key
    assert not isinstance(window.page("audit"), PlaceholderPage)
    assert not isinstance(window.page("settings"), PlaceholderPage)


def test_the_import_page_is_listed_only_for_roles_that_may_import(qtbot: Any, user_with_role: Any) -> None:
    for role, sees_import in ((Role.CUSTODIAN, True), (Role.INVESTIGATOR, False), (Role.CLERK, False)):
        main = MainWindow(user_with_role(role))
        qtbot.addWidget(main)
        keys = main.page_keys()
        assert ("import" in keys) is sees_import, role
        assert keys == [key for key in PAGE_KEYS if key != "import" or sees_import]
        assert main.navigation.count() == len(keys)


def test_navigation_list_switches_pages(window: MainWindow) -> None:
    window.navigation.setCurrentRow(PAGE_KEYS.index("settings"))
    assert isinstance(window.stack.currentWidget(), SettingsPage)
    window.navigation.setCurrentRow(PAGE_KEYS.index("audit"))
    assert window.current_key() == "audit"


def test_status_bar_names_station_user_and_station_time(window: MainWindow, station: Station) -> None:
    assert station.station_uid in window.station_label.text()
    assert "admin" in window.user_label.text() and "Administrator" in window.user_label.text()
    # the frozen clock says 02:00 UTC, which is 10:00 in Asia/Shanghai
    assert window.clock_label.text() == "2026-11-24 10:00:00 (Asia/Shanghai)"


def test_closing_the_window_signs_a_session_end_checkpoint(
    qtbot: Any, station: Station, admin_client: StationClient
) -> None:
    before = verify_audit(station).checkpoints
    main = MainWindow(admin_client)
    qtbot.addWidget(main)
    main.show()
    main.close()
    after = verify_audit(station)
    assert after.ok, after.problems
    assert after.checkpoints == before + 1
    main.close()  # a second close does not sign again
    assert verify_audit(station).checkpoints == before + 1


def test_navigation_and_placeholder_speak_chinese(qtbot: Any, admin_client: StationClient, chinese: None) -> None:
    main = MainWindow(admin_client)
    qtbot.addWidget(main)
    titles = [main.navigation.item(row).text() for row in range(main.navigation.count())]
    assert titles == ZH_TITLES
    assert "系统管理员" in main.user_label.text()
    placeholder = PlaceholderPage("demo", "what it will do", main)
    qtbot.addWidget(placeholder)
    assert placeholder.notice_text == "本版本的工作站尚未提供此功能。"


def _login_dialog(qtbot: Any, dispatcher: Dispatcher, password: str) -> LoginDialog:
    transport = InProcessTransport(dispatcher)
    dialog = LoginDialog(transport, transport.station_info(), user="admin", language="en")
    qtbot.addWidget(dialog)
    dialog.password_edit.setText(password)
    dialog.accept()
    return dialog


def test_login_dialog_shows_wrong_password_and_stays_open(qtbot: Any, dispatcher: Dispatcher) -> None:
    dialog = _login_dialog(qtbot, dispatcher, "not-the-password")
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.client is None
    assert "Log-in refused." in dialog.message
    assert "Log-in refused for 'admin': unknown user name or wrong password" in dialog.message
    assert dialog.password_edit.text() == ""  # cleared for the next try


def test_login_dialog_says_when_the_account_is_locked(qtbot: Any, station: Station, dispatcher: Dispatcher) -> None:
    for _ in range(station.settings.lockout_attempts):
        dialog = _login_dialog(qtbot, dispatcher, "not-the-password")
    assert "Log-in refused." in dialog.message  # a wrong password never learns of the lock
    again = _login_dialog(qtbot, dispatcher, PASSWORD)  # even the right password is refused now
    assert again.client is None and "The account is locked." in again.message


def test_login_dialog_logs_in_with_the_right_password(qtbot: Any, station: Station, dispatcher: Dispatcher) -> None:
    dialog = _login_dialog(qtbot, dispatcher, PASSWORD)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.client is not None and dialog.client.actor.name == "admin"
    assert dialog.heading.text() == station.settings.station_name


def test_login_dialog_switches_language_live(qtbot: Any, dispatcher: Dispatcher) -> None:
    transport = InProcessTransport(dispatcher)
    dialog = LoginDialog(transport, transport.station_info(), language="en")
    qtbot.addWidget(dialog)
    try:
        assert dialog.windowTitle() == "Log in — Evidence Station"
        dialog.language_box.setCurrentIndex(dialog.language_box.findData("zh_CN"))
        assert dialog.windowTitle() == "登录 — 执法音像记录证据工作站"
        dialog.accept()
        assert dialog.message == "请输入用户名和密码。"
    finally:
        remove_translators()


def test_settings_page_shows_identity_and_saves_language(
    qtbot: Any, station: Station, admin_client: StationClient
) -> None:
    page = SettingsPage(admin_client)
    qtbot.addWidget(page)
    assert page.fields["station_id"].text() == station.station_uid
    assert page.fields["certificate_sha256"].text() == station.registered_certificate_sha256()
    assert page.fields["zone"].text() == "Asia/Shanghai"
    assert page.fields["kind"].text().startswith("Embedded station")
    assert not any(str(station.home.root) in field.text() for field in page.fields.values())  # no home path
    assert page.language_box.currentData() == "zh_CN"
    page.language_box.setCurrentIndex(page.language_box.findData("en"))
    page.save_language()
    assert json.loads(station.home.settings_file.read_text(encoding="utf-8"))["language"] == "en"


def test_settings_language_is_for_administrators_only(qtbot: Any, user_with_role: Any) -> None:
    page = SettingsPage(user_with_role(Role.CLERK))
    qtbot.addWidget(page)
    assert not page.language_box.isEnabled() and not page.save_language_button.isEnabled()


def test_smoke_test_opens_every_page_and_exits_0(qapp: Any, tmp_path: Path, capsys: Any) -> None:
    home = tmp_path / "home"
    init_station(home, admin_name="admin", admin_password=PASSWORD)
    assert run_gui(StationTarget(url=None, home=home), smoke_test=True) == 0
    assert "every page opened" in capsys.readouterr().out
    reopened = Station.open(home)
    try:  # the smoke actor only read: nothing was written to the audit log in its name
        reader = ServiceContext(reopened, SMOKE_ACTOR)
        assert all(e.actor != SMOKE_ACTOR.name for e in list_audit_events(reader))
    finally:
        reopened.close()


def test_smoke_test_without_a_station_creates_nothing_and_exits_2(tmp_path: Path, capsys: Any) -> None:
    home = tmp_path / "nothing-here"
    assert run_gui(StationTarget(url=None, home=home), smoke_test=True) == 2
    assert "init --admin" in capsys.readouterr().err
    assert not home.exists()


def test_smoke_test_fails_with_1_when_a_page_breaks(
    qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    home = tmp_path / "home"
    init_station(home, admin_name="admin", admin_password=PASSWORD)

    def broken(client: StationClient, parent: Any) -> Any:
        raise RuntimeError("the library page is broken")

    broken_registry = list(pages.PAGES)
    broken_registry[1] = PageSpec("library", "Library", broken)
    monkeypatch.setattr(pages, "PAGES", broken_registry)
    assert run_gui(StationTarget(url=None, home=home), smoke_test=True) == 1
    assert "the library page is broken" in capsys.readouterr().err


def test_missing_station_explains_how_to_create_one(
    qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    home = tmp_path / "empty"
    try:
        assert run_gui(StationTarget(url=None, home=home)) == 4
    finally:
        remove_translators()
    assert len(shown) == 1 and f"evidence-station --home {home} init --admin" in shown[0]
    assert not home.exists()
