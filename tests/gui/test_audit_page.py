"""The Audit page: lazy events table, filters, details, and the chain verification (OK, then tampered)."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from evidence_station.domain.roles import Role
from evidence_station.gui.pages.audit_page import PROBLEM_COLOUR, AuditEventModel, AuditFilter, AuditPage
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station


def _loaded(qtbot: Any, model: AuditEventModel) -> AuditEventModel:
    """Wait until the page in flight (if any) has arrived."""
    qtbot.waitUntil(lambda: not model.loading, timeout=10_000)
    return model


@pytest.fixture
def page(qtbot: Any, admin: ServiceContext, client_of: Any) -> AuditPage:
    widget = AuditPage(client_of(admin))
    qtbot.addWidget(widget)
    widget.show()
    _loaded(qtbot, widget.model)
    return widget


def _apply(qtbot: Any, page: AuditPage) -> AuditEventModel:
    page.apply_filter()
    return _loaded(qtbot, page.model)


def _actions(model: AuditEventModel) -> list[str]:
    return [model.event_at(row).action for row in range(model.rowCount())]


def _verify(qtbot: Any, page: AuditPage) -> list[str]:
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    assert page.last_operation is not None
    qtbot.waitUntil(lambda: page.last_operation.done, timeout=10_000)
    return page.result_texts()


def test_lists_the_events_of_a_fresh_station_newest_first(page: AuditPage) -> None:
    actions = _actions(page.model)
    assert actions[-1] == "station.init"
    assert "auth.login" in actions
    seqs = [page.model.event_at(row).seq for row in range(page.model.rowCount())]
    assert seqs == sorted(seqs, reverse=True)
    first = page.model.index(page.model.rowCount() - 1, 1)
    assert page.model.data(first) == "2026-11-24 10:00:00"  # shown in the station zone


def test_model_pages_lazily_and_passes_the_model_tester(qtbot: Any, admin: ServiceContext, client_of: Any) -> None:
    for n in range(7):
        admin.audit("test.event", "thing", n)
    model = AuditEventModel(client_of(admin), page_size=3)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.reload()
    assert model.loading and not model.canFetchMore(QModelIndex())  # one page in flight at a time
    _loaded(qtbot, model)
    assert model.rowCount() == 3 and model.canFetchMore(QModelIndex())
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        _loaded(qtbot, model)
    assert model.rowCount() == 9  # station.init, auth.login and the seven test events
    assert _actions(model)[:7] == ["test.event"] * 7


def test_filters_by_action_actor_and_dates(qtbot: Any, page: AuditPage, admin: ServiceContext) -> None:
    admin.audit("test.event", "thing", 1)
    page.action_edit.setText("init")
    _apply(qtbot, page)
    assert _actions(page.model) == ["station.init"]
    page.clear_filter()
    page.actor_edit.setText("nobody")
    _apply(qtbot, page)
    assert page.model.rowCount() == 0
    assert page.hint_label.isVisible() and "Clear" in page.hint_label.text()  # the empty table says why
    page.actor_edit.setText("admin")
    page.from_check.setChecked(True)
    page.from_date.setDate(date(2026, 11, 25))  # the day after everything happened
    _apply(qtbot, page)
    assert page.model.rowCount() == 0
    page.from_date.setDate(date(2026, 11, 24))
    page.to_check.setChecked(True)
    page.to_date.setDate(date(2026, 11, 24))
    _apply(qtbot, page)
    assert not page.hint_label.isVisible()
    assert page.model.audit_filter == AuditFilter("admin", "", date(2026, 11, 24), date(2026, 11, 24))
    assert "test.event" in _actions(page.model)


def test_selecting_an_event_shows_details_and_hash(page: AuditPage) -> None:
    row = page.model.rowCount() - 1  # station.init
    page.table.selectRow(row)
    text = page.details.toPlainText()
    event = page.model.event_at(row)
    assert event.hash in text
    assert "Station initialised (station.init)" in text  # the stored name stays for auditors
    assert f"certificate SHA-256: {event.details['certificate_sha256']}" in text
    assert "{" not in text and '"' not in text  # readable lines, not JSON


def test_actions_objects_and_details_are_shown_in_chinese(
    qtbot: Any, admin: ServiceContext, client_of: Any, chinese: None
) -> None:
    admin.audit("recording.stored", "recording", 12, {"file_name": "A.MP4", "ok": True, "new": {"reason": "x"}})
    widget = AuditPage(client_of(admin))
    qtbot.addWidget(widget)
    _loaded(qtbot, widget.model)
    model = widget.model
    assert [model.data(model.index(0, column)) for column in (3, 4)] == ["录像入库", "录像 12"]
    assert model.data(model.index(0, 3), Qt.ItemDataRole.ToolTipRole) == "recording.stored"
    login_row = _actions(model).index("auth.login")
    assert model.data(model.index(login_row, 3)) == "登录"
    assert model.data(model.index(login_row, 4)) == "用户 admin"
    widget.table.selectRow(0)
    text = widget.details.toPlainText()
    assert "录像入库 (recording.stored)" in text and "对象：录像 12" in text
    assert "文件名：A.MP4" in text and "正常：是" in text and "新值：" in text and "原因：x" in text
    assert "{" not in text


@pytest.fixture
def chinese(qapp: Any) -> Any:
    from PySide6.QtCore import QLocale

    from evidence_station.gui.i18n import install_translators, remove_translators

    before = QLocale()
    install_translators("zh_CN")
    yield
    remove_translators()
    QLocale.setDefault(before)


def test_verify_reports_ok_on_a_fresh_station(qtbot: Any, page: AuditPage) -> None:
    texts = _verify(qtbot, page)
    assert len(texts) == 1 and texts[0].startswith("Audit chain OK")
    assert page.verify_button.isEnabled()
    _loaded(qtbot, page.model)
    assert page.model.event_at(0).action == "audit.verify"  # the table reloaded with the new event


def test_verify_reports_tampering_in_red(qtbot: Any, page: AuditPage, station: Station) -> None:
    con = sqlite3.connect(station.home.catalogue_file)
    con.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    con.execute("""UPDATE audit_event SET details='{"station_name":"forged"}' WHERE seq=1""")
    con.commit()
    con.close()
    texts = _verify(qtbot, page)
    assert texts[0].startswith("The audit chain has")
    assert any("#1" in text and "altered" in text for text in texts[1:])
    colours = {page.results.item(i).foreground().color().name() for i in range(page.results.count())}
    assert colours == {PROBLEM_COLOUR.name()}


def test_a_role_without_audit_access_is_told_and_may_still_verify(qtbot: Any, user_with_role: Any) -> None:
    investigator = user_with_role(Role.INVESTIGATOR)
    widget = AuditPage(investigator)
    qtbot.addWidget(widget)
    widget.show()  # the view asks the model for rows when shown: it must not try (and be refused, audited)
    qtbot.wait(100)
    assert not widget.model.loading and widget.model.rowCount() == 0
    assert "do not allow reading the audit log" in widget.status_label.text()
    assert _verify(qtbot, widget)[0].startswith("Audit chain OK")


def test_a_slow_page_never_blocks_the_gui_thread_and_a_reload_drops_it(
    qtbot: Any, admin: ServiceContext, monkeypatch: pytest.MonkeyPatch, client_of: Any
) -> None:
    """Reading a page of a huge log (a LIKE filter over 500,000 events) happens on a worker thread."""
    client = client_of(admin)
    release = threading.Event()
    real = client.list_audit_events

    def slow(**kw: Any) -> list[Any]:
        if kw.get("action_contains") == "slow":
            release.wait(10)
        return real(**kw)

    monkeypatch.setattr(client, "list_audit_events", slow)
    page = AuditPage(client)
    qtbot.addWidget(page)
    _loaded(qtbot, page.model)
    page.action_edit.setText("slow")
    started = time.monotonic()
    page.apply_filter()
    assert time.monotonic() - started < 0.2  # returned at once: the query waits on a worker
    assert page.model.loading and page.hint_label.text() == "Reading the audit log…"
    page.action_edit.setText("init")  # the user changes their mind before the slow page arrived
    _apply(qtbot, page)
    release.set()
    qtbot.wait(200)  # the slow page arrives now and must be dropped
    assert _actions(page.model) == ["station.init"]


def test_deleting_the_page_while_a_page_loads_is_safe(
    qtbot: Any, admin: ServiceContext, monkeypatch: pytest.MonkeyPatch, client_of: Any
) -> None:
    client = client_of(admin)
    release = threading.Event()
    real = client.list_audit_events
    monkeypatch.setattr(client, "list_audit_events", lambda **kw: release.wait(10) and real(**kw))
    page = AuditPage(client)
    operation = page.model._in_flight
    assert operation is not None
    page.deleteLater()
    qtbot.waitUntil(lambda: operation.parent_gone, timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: operation.done, timeout=5000)  # arrived, nothing touched the deleted model


def test_opening_the_page_without_audit_access_logs_no_refusal(
    qtbot: Any, user_with_role: Any, admin: ServiceContext
) -> None:
    from evidence_station.services.audit_service import list_audit_events

    widget = AuditPage(user_with_role(Role.CLERK))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.wait(100)
    assert list_audit_events(admin, action_contains="refused.read_audit") == []
    assert "do not allow reading the audit log" in widget.status_label.text()
