"""The Audit page: lazy events table, filters, details, and the chain verification (OK, then tampered)."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from evidence_station.domain.roles import Role
from evidence_station.gui.pages.audit_page import PROBLEM_COLOUR, AuditEventModel, AuditFilter, AuditPage
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station


@pytest.fixture
def page(qtbot: Any, admin: ServiceContext) -> AuditPage:
    widget = AuditPage(admin)
    qtbot.addWidget(widget)
    widget.show()
    return widget


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


def test_model_pages_lazily_and_passes_the_model_tester(qtbot: Any, admin: ServiceContext) -> None:
    for n in range(7):
        admin.audit("test.event", "thing", n)
    model = AuditEventModel(admin, page_size=3)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.reload()
    assert model.rowCount() == 3 and model.canFetchMore(QModelIndex())
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 9  # station.init, auth.login and the seven test events
    assert _actions(model)[:7] == ["test.event"] * 7


def test_filters_by_action_actor_and_dates(page: AuditPage, admin: ServiceContext) -> None:
    admin.audit("test.event", "thing", 1)
    page.action_edit.setText("init")
    page.apply_filter()
    assert _actions(page.model) == ["station.init"]
    page.clear_filter()
    page.actor_edit.setText("nobody")
    page.apply_filter()
    assert page.model.rowCount() == 0
    page.actor_edit.setText("admin")
    page.from_check.setChecked(True)
    page.from_date.setDate(date(2026, 11, 25))  # the day after everything happened
    page.apply_filter()
    assert page.model.rowCount() == 0
    page.from_date.setDate(date(2026, 11, 24))
    page.to_check.setChecked(True)
    page.to_date.setDate(date(2026, 11, 24))
    page.apply_filter()
    assert page.model.audit_filter == AuditFilter("admin", "", date(2026, 11, 24), date(2026, 11, 24))
    assert "test.event" in _actions(page.model)


def test_selecting_an_event_shows_details_and_hash(page: AuditPage) -> None:
    row = page.model.rowCount() - 1  # station.init
    page.table.selectRow(row)
    text = page.details.toPlainText()
    event = page.model.event_at(row)
    assert event.hash in text
    assert "station.init" in text and '"certificate_sha256"' in text


def test_verify_reports_ok_on_a_fresh_station(qtbot: Any, page: AuditPage) -> None:
    texts = _verify(qtbot, page)
    assert len(texts) == 1 and texts[0].startswith("Audit chain OK")
    assert page.verify_button.isEnabled()
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
    widget = AuditPage(user_with_role(Role.INVESTIGATOR))
    qtbot.addWidget(widget)
    assert widget.model.rowCount() == 0
    assert "do not allow reading the audit log" in widget.status_label.text()
    assert _verify(qtbot, widget)[0].startswith("Audit chain OK")
