"""A shared desk (#20 item 7): Log out ends the session and asks the next user to log in; after
``desk_idle_lock_minutes`` without input the window locks and only the same user's password (checked by the
station, counting toward the lock-out) opens it again; someone else logs the locked session out instead."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.people import User
from evidence_station.client.station_client import StationClient
from evidence_station.client.transport import InProcessTransport
from evidence_station.domain.errors import InvalidInputError, SessionExpiredError
from evidence_station.domain.roles import Role
from evidence_station.gui.desk_session import DeskSession
from evidence_station.gui.login_dialog import LoginDialog
from evidence_station.gui.main_window import MainWindow
from evidence_station.gui.pages import PageSpec
from evidence_station.server.dispatch import Dispatcher
from evidence_station.services.context import ServiceContext
from evidence_station.services.settings_service import set_setting
from evidence_station.services.station import Station
from tests.conftest import PASSWORD, add_user_confirmed

#: One light page: these tests are about the window, not the pages.
PAGES = [PageSpec("home", "Home", lambda _client, parent: QLabel("the pages", parent))]


def _window(client: StationClient) -> MainWindow:
    return MainWindow(client, pages=PAGES)


@pytest.fixture
def desk(qtbot: Any, dispatcher: Dispatcher, admin: ServiceContext) -> DeskSession:
    add_user_confirmed(admin, name="wangmin", roles=[Role.CUSTODIAN], password=PASSWORD, display_name="王敏")
    add_user_confirmed(admin, name="lina", roles=[Role.CLERK], password=PASSWORD, display_name="李娜")
    transport = InProcessTransport(dispatcher)
    session = DeskSession(transport, transport.station_info(), language="en", window_factory=_window)
    yield session
    for widget in (session.window, session.dialog):
        if widget is not None:
            widget.close()
            widget.deleteLater()


def _log_in(qtbot: Any, desk: DeskSession, name: str, password: str = PASSWORD) -> LoginDialog:
    dialog = desk.dialog if desk.dialog is not None else desk.start()
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    dialog.user_edit.setText(name)
    dialog.password_edit.setText(password)
    dialog.accept()
    return dialog


def _failed_attempts(name: str) -> int:
    return User.get(User.name == name).failed_attempts


def test_log_out_ends_the_session_and_the_next_user_logs_in(qtbot: Any, desk: DeskSession) -> None:
    finished: list[bool] = []
    desk.finished.connect(lambda: finished.append(True))
    _log_in(qtbot, desk, "wangmin")
    first = desk.window
    assert first is not None and first.isVisible() and first.client.actor.name == "wangmin"
    client = first.client

    qtbot.mouseClick(first.logout_button, Qt.MouseButton.LeftButton)
    assert not first.isVisible()
    with pytest.raises(SessionExpiredError):
        client.list_users()  # ended at the station, not only hidden
    assert desk.window is None and desk.dialog is not None and desk.dialog.isVisible()
    assert desk.dialog.user_edit.text() == ""  # the next person types their own name
    assert finished == []  # the program goes on

    _log_in(qtbot, desk, "lina")
    assert desk.window is not None and desk.window.client.actor.name == "lina"
    assert AuditEvent.select().where((AuditEvent.action == "session.close") & (AuditEvent.actor == "wangmin")).count()


def test_cancelling_the_log_in_or_closing_the_window_ends_the_program(qtbot: Any, desk: DeskSession) -> None:
    finished: list[bool] = []
    desk.finished.connect(lambda: finished.append(True))
    _log_in(qtbot, desk, "wangmin")
    assert desk.window is not None
    desk.window.close()
    assert finished == [True]


def test_idle_minutes_lock_the_window_and_only_the_right_password_unlocks(
    qtbot: Any, desk: DeskSession, station: Station
) -> None:
    _log_in(qtbot, desk, "wangmin")
    window = desk.window
    assert window is not None
    watcher = window.idle_watcher
    assert watcher.running and watcher.timer.interval() == 10 * 60_000  # the default setting
    other = QWidget()  # e.g. a player window: hidden while locked
    qtbot.addWidget(other)
    other.show()

    watcher.timer.timeout.emit()  # ten minutes without input
    assert window.locked and not window.contents.widget(0).isVisible() and window.lock_panel.isVisible()
    assert not window.navigation.isEnabled() and not other.isVisible() and not watcher.running

    before = _failed_attempts("wangmin")
    window.lock_panel.password_edit.setText("not-the-password")
    qtbot.mouseClick(window.lock_panel.unlock_button, Qt.MouseButton.LeftButton)
    assert window.locked and "Wrong password." in window.lock_panel.message
    assert _failed_attempts("wangmin") == before + 1  # counts toward the lock-out as a log-in does
    assert window.lock_panel.password_edit.text() == ""

    window.lock_panel.password_edit.setText(PASSWORD)
    qtbot.keyClick(window.lock_panel.password_edit, Qt.Key.Key_Return)
    assert not window.locked and window.contents.widget(0).isVisible() and other.isVisible()
    assert watcher.running and _failed_attempts("wangmin") == 0
    assert AuditEvent.select().where((AuditEvent.action == "auth.unlock") & (AuditEvent.actor == "wangmin")).count()


def test_input_restarts_the_idle_count(qtbot: Any, desk: DeskSession) -> None:
    _log_in(qtbot, desk, "wangmin")
    window = desk.window
    assert window is not None
    watcher = window.idle_watcher
    watcher.timer.setInterval(400)
    watcher.start()
    for _ in range(4):  # input every 200 ms for 800 ms: never idle
        qtbot.wait(200)
        move = QMouseEvent(QEvent.Type.MouseMove, QPointF(5, 5), QPointF(5, 5), Qt.MouseButton.NoButton,
                           Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(window.navigation.viewport(), move)
        assert not window.locked
    qtbot.waitUntil(lambda: window.locked, timeout=2000)  # then nothing: locked


def test_someone_else_logs_the_locked_session_out(qtbot: Any, desk: DeskSession) -> None:
    _log_in(qtbot, desk, "wangmin")
    window = desk.window
    assert window is not None and window.lock()
    client = window.client
    qtbot.mouseClick(window.lock_panel.logout_button, Qt.MouseButton.LeftButton)
    with pytest.raises(SessionExpiredError):
        client.list_users()
    _log_in(qtbot, desk, "lina")
    assert desk.window is not None and desk.window.client.actor.name == "lina" and not desk.window.locked


def test_too_many_wrong_passwords_lock_the_account_and_log_out(
    qtbot: Any, desk: DeskSession, station: Station
) -> None:
    _log_in(qtbot, desk, "wangmin")
    window = desk.window
    assert window is not None and window.lock()
    for _ in range(station.settings.lockout_attempts):
        window.unlock("not-the-password")
    assert User.get(User.name == "wangmin").locked
    assert window.unlock(PASSWORD) is False  # the right password of a locked account: refused, logged out
    assert desk.window is None and desk.dialog is not None
    assert "locked" in desk.dialog.message


def test_the_idle_minutes_are_an_audited_setting(
    qtbot: Any, desk: DeskSession, admin: ServiceContext, station: Station
) -> None:
    change = set_setting(admin, "desk_idle_lock_minutes", "15", "shared desk in the front office")
    assert change.changed and station.settings.desk_idle_lock_minutes == 15
    assert AuditEvent.select().where(AuditEvent.action == "settings.set").order_by(AuditEvent.seq.desc()).first() \
        .details["key"] == "desk_idle_lock_minutes"
    for wrong in ("0", "241"):
        with pytest.raises(InvalidInputError, match="1 to 240"):
            set_setting(admin, "desk_idle_lock_minutes", wrong, "policy")
    _log_in(qtbot, desk, "wangmin")
    assert desk.window is not None and desk.window.idle_watcher.timer.interval() == 15 * 60_000


class _CallsTheStationOnClose(QWidget):
    """A stand-in for a player window: closing it closes its viewing session at the station."""

    def __init__(self, client: StationClient) -> None:
        super().__init__()
        self.client = client
        self.outcome = ""

    def closeEvent(self, event: Any) -> None:
        try:
            self.client.list_devices()
            self.outcome = "answered"
        except SessionExpiredError:
            self.outcome = "session already ended"
        super().closeEvent(event)


def test_log_out_closes_the_players_while_the_session_still_holds(qtbot: Any, desk: DeskSession) -> None:
    _log_in(qtbot, desk, "wangmin")
    window = desk.window
    assert window is not None
    player = _CallsTheStationOnClose(window.client)
    qtbot.addWidget(player)
    player.show()

    qtbot.mouseClick(window.logout_button, Qt.MouseButton.LeftButton)
    assert not player.isVisible()
    assert player.outcome == "answered"  # its viewing session closed before the log-out ended the session
