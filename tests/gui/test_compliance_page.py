"""The Devices & Compliance page on a station holding a real demo import, driven through the station client:
overview counts and charts, the gap-explanation dialog, the device registry, a pre-use check raising
clock_offset, activities, roles — and the whole page through a station service over HTTP."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from evidence_station.client.station_client import StationClient
from evidence_station.domain.roles import Role
from evidence_station.gui.compliance.charts import DayTimelineWidget
from evidence_station.gui.compliance.findings_widget import FindingsWidget
from evidence_station.gui.compliance.gap_explanation_dialog import GapExplanationDialog
from evidence_station.gui.compliance.pre_use_check_dialog import PreUseCheckDialog
from evidence_station.gui.compliance.resolve_dialog import ResolveFindingDialog
from evidence_station.gui.compliance.table_helpers import ATTENTION_BACKGROUND
from evidence_station.gui.i18n import install_translators, remove_translators
from evidence_station.gui.pages.compliance_page import CompliancePage, create_page
from evidence_station.services.station import Station
from tests.gui.demo_home import DemoUser, build_imported_home, desk_client, open_copy

DEVICES = ["Z8A0001", "Z8A0002", "Z8B0107"]


@pytest.fixture(scope="module")
def imported_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A station home with the demo card (seed 1) imported once by the custodian (copied by each test)."""
    users = [DemoUser(role.value, role.value) for role in (Role.CUSTODIAN, Role.AUDITOR, Role.DIRECTOR)]
    return build_imported_home(tmp_path_factory.mktemp("compliance_page"), users)


@pytest.fixture
def demo_station(imported_home: Path, tmp_path: Path) -> Iterator[Station]:
    station = open_copy(imported_home, tmp_path)
    yield station
    station.close()


@contextmanager
def _opened_page(qtbot: Any, client: StationClient,
                 factory: Callable[[StationClient, QWidget | None], QWidget] = create_page) -> Iterator[CompliancePage]:
    """The page ``factory`` makes, shown with its overview loaded; closed only once no worker runs (not via
    qtbot.addWidget, which closes widgets before fixtures end, while a background refresh may still run)."""
    page = factory(client, None)
    assert isinstance(page, CompliancePage)
    page.resize(1300, 850)
    page.show()
    _wait_for_dashboard(qtbot, page)
    try:
        yield page
    finally:
        _wait_for_dashboard(qtbot, page)
        _wait_for_findings(qtbot, page.findings)
        _wait_for_activities(qtbot, page)
        page.close()
        page.deleteLater()


def _wait_for_dashboard(qtbot: Any, page: CompliancePage) -> None:
    qtbot.waitUntil(lambda: page.dashboard.operation is not None and page.dashboard.operation.done
                    and not page.dashboard._refresh_again, timeout=15000)


def _wait_for_findings(qtbot: Any, findings: FindingsWidget) -> None:
    qtbot.waitUntil(lambda: not findings.loading, timeout=10_000)  # read on a worker


def _wait_for_activities(qtbot: Any, page: CompliancePage) -> None:
    qtbot.waitUntil(lambda: not page.activities.loading, timeout=10_000)  # read on a worker


@pytest.fixture
def custodian(demo_station: Station) -> StationClient:
    """The custodian's desktop client (the embedded service of the desk)."""
    return desk_client(demo_station, "custodian")


@pytest.fixture
def page(qtbot: Any, custodian: StationClient) -> Iterator[CompliancePage]:
    with _opened_page(qtbot, custodian) as widget:
        yield widget


def test_overview_counts_findings_and_a_card_opens_them_filtered(qtbot: Any, page: CompliancePage) -> None:
    dashboard = page.dashboard
    assert dashboard.dashboard is not None
    assert dashboard.card_count("gap") == 3 and dashboard.card_count("damaged") == 1
    assert dashboard.card_count("clock_offset") == 0
    assert [t.device for t in dashboard.timeline.timelines] == DEVICES
    week = dashboard.imports_chart.weeks[-1]
    assert (week.recordings, week.on_time, week.late) == (12, 12, 0)
    assert dashboard.unchecked_list.count() == 3  # nobody checked the cameras before use
    qtbot.mouseClick(dashboard.cards["gap"], Qt.MouseButton.LeftButton)
    assert page.tabs.currentWidget() is page.findings
    _wait_for_findings(qtbot, page.findings)
    shown = page.findings.findings()
    assert len(shown) == 3 and {f.kind for f in shown} == {"gap"} and {f.status for f in shown} == {"open"}


def test_timeline_draws_each_gap_where_it_is(qtbot: Any, page: CompliancePage) -> None:
    timeline: DayTimelineWidget = page.dashboard.timeline
    timeline.resize(900, timeline.minimumHeight())
    timeline.grab()  # paints, which records what is where
    gap = timeline.timelines[0].gaps[0]
    width = timeline.plot_width()
    x = (timeline._x(gap.start, width) + timeline._x(gap.end, width)) / 2
    tip = timeline.tooltip_at(x, timeline.AXIS_HEIGHT + 12)
    assert f"finding {gap.finding_id}" in tip and "not explained" in tip


def test_explaining_a_gap_through_the_dialog_closes_the_finding(
    qtbot: Any, page: CompliancePage, custodian: StationClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    findings = page.show_findings("gap")
    _wait_for_findings(qtbot, findings)
    target = findings.findings()[0]
    assert findings.select_finding(target.id)
    assert findings.gap_button.isEnabled() and not findings.resolve_button.isEnabled()
    dialog = findings.open_action_dialog()
    assert isinstance(dialog, GapExplanationDialog)
    dialog.reason_box.setCurrentIndex(dialog.reason_box.findData("other"))
    dialog.accept()  # 'other' needs a description: refused, dialog stays open, finding stays open
    assert dialog.isVisible() and "describe" in dialog.error_label.text()
    assert target.id in [f.id for f in custodian.list_findings(kind="gap")]
    dialog.reason_box.setCurrentIndex(dialog.reason_box.findData("battery"))
    dialog.spoken_check.setChecked(True)
    dialog.offset_spin.setValue(3.0)
    statement = tmp_path / "statement.pdf"
    statement.write_bytes(b"%PDF-1.4 statement\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(statement), ""))
    assert dialog.choose_statement() == statement and dialog.statement_label.text() == "statement.pdf"
    dialog.reported_to_edit.setText("王队长")  # Art. 11: reported to, with the written statement
    dialog.accept()
    assert not dialog.isVisible() and dialog.outcome.finding.status == "resolved"
    assert dialog.outcome.details["reported_to"] == "王队长" and dialog.outcome.details["statement_size"] == 19
    assert custodian.gap_statement(target.id).content == statement.read_bytes()
    assert target.id in [f.id for f in custodian.list_findings(status="resolved", kind="gap")]
    _wait_for_findings(qtbot, findings)
    assert target.id not in [f.id for f in findings.findings()]
    assert len(findings.findings()) == 2
    _wait_for_dashboard(qtbot, page)
    assert page.dashboard.card_count("gap") == 2


def test_device_tab_lists_the_auto_created_devices_as_incomplete(page: CompliancePage) -> None:
    devices = page.show_tab("devices")
    assert devices is page.devices
    assert [d.serial for d in page.devices.devices()] == DEVICES
    assert all(d.needs_completion for d in page.devices.devices())
    assert page.devices.table.item(0, 0).background().color() == ATTENTION_BACKGROUND
    assert "3" in page.devices.incomplete_label.text()


def test_pre_use_check_beyond_threshold_shows_a_clock_offset_finding(
    qtbot: Any, page: CompliancePage, custodian: StationClient
) -> None:
    page.show_tab("devices")
    assert page.devices.select_device("Z8A0001")
    dialog = page.devices.open_check_dialog()
    assert isinstance(dialog, PreUseCheckDialog)
    threshold = custodian.station.clock_offset_threshold_s
    dialog.set_offset(threshold + 25)
    dialog.accept()
    check = dialog.outcome
    assert check is not None and check.finding_id is not None and not dialog.isVisible()
    detail = page.devices.detail
    assert detail is not None and detail.device.serial == "Z8A0001"
    assert [m.offset_s for m in detail.offsets] == [threshold + 25]
    assert page.devices.checks_table.rowCount() == 1
    findings = page.show_findings("clock_offset")
    _wait_for_findings(qtbot, findings)
    assert [f.id for f in findings.findings()] == [check.finding_id]
    assert findings.select_finding(check.finding_id) and findings.resolve_button.isEnabled()
    _wait_for_dashboard(qtbot, page)
    assert page.dashboard.card_count("clock_offset") == 1


def test_registering_an_activity_and_confirming_its_suggested_recordings(
    qtbot: Any, page: CompliancePage
) -> None:
    activities = page.show_tab("activities")
    assert activities is page.activities and page.activities.loading  # read on a worker
    _wait_for_activities(qtbot, page)
    assert page.activities.suggestions() == []
    dialog = page.activities.open_activity_dialog()
    assert dialog is not None
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("obstruction"))
    dialog.place_edit.setText("某建筑工地")
    dialog.start_edit.setDateTime(dialog.start_edit.dateTime().addSecs(-4 * 3600))
    dialog.devices_edit.setText("Z8A0001")
    dialog.accept()
    assert not dialog.isVisible(), dialog.error_label.text()
    _wait_for_activities(qtbot, page)
    suggested = page.activities.suggestions()
    assert suggested and {s.device for s in suggested} == {"Z8A0001"}
    results = page.activities.confirm_suggestions()
    assert sorted(results[0].assigned) == sorted(s.recording_id for s in suggested)
    _wait_for_activities(qtbot, page)
    assert page.activities.activities()[0].recordings == len(suggested)
    # Art. 8/10: the activity's checklist — nothing marked yet, the notification first among the markers
    table = page.activities.activities_table
    assert table.item(0, table.columnCount() - 1).text() == page.activities.tr("not marked")
    table.selectRow(0)
    said = page.activities.checklist_label.text()
    assert "✗ 告知执法记录" in said and "✗ 询问有关人员" in said and "✓" not in said


def test_an_activity_registered_after_its_footage_was_imported_says_so(
    qtbot: Any, page: CompliancePage, custodian: StationClient, demo_station: Station
) -> None:
    """Art. 3/12: footage imported first, its activity registered afterwards — the row says 补登记 and the
    checklist line says when it was registered."""
    demo_station.clock.advance(timedelta(hours=2))  # the import happened at the frozen clock's time
    recording = custodian.list_recordings(kind="video", limit=1)[0]
    added = custodian.add_activity(kind="ordinary_inspection", place="某门店", start=recording.start,
                                   end=recording.start + timedelta(hours=1))
    custodian.assign_recordings(activity_id=added.id, recording_ids=[recording.id])
    page.show_tab("activities")
    _wait_for_activities(qtbot, page)
    table = page.activities.activities_table
    assert table.item(0, table.columnCount() - 2).text() == page.activities.tr("registered afterwards")
    table.selectRow(0)
    assert page.activities.tr("Registered afterwards (Art. 3/12): registered on {at}, after its footage had "
                              "been imported.").split("{at}")[0] in page.activities.checklist_label.text()


def test_a_complaint_note_is_recorded_on_the_selected_activity(
    qtbot: Any, page: CompliancePage, custodian: StationClient
) -> None:
    """Art. 14: the Activities tab's button opens the note dialog on the selected activity; the note is listed."""
    recording = custodian.list_recordings(kind="video", limit=1)[0]
    added = custodian.add_activity(kind="ordinary_inspection", place="某餐馆", start=recording.start,
                                   end=recording.start + timedelta(hours=1))
    page.show_tab("activities")
    _wait_for_activities(qtbot, page)
    page.activities.activities_table.selectRow(0)
    dialog = page.activities.open_conduct_dialog()
    assert dialog is not None and dialog.activity_box.currentData() == added.id
    dialog.text_edit.setPlainText("当事人投诉执法人员语气生硬")
    dialog.accept()
    assert not dialog.isVisible(), dialog.error_label.text()
    _wait_for_activities(qtbot, page)
    notes = page.activities.conduct_notes()
    assert [(n.kind, n.activity_id, n.text) for n in notes] == [("complaint", added.id, "当事人投诉执法人员语气生硬")]


def test_a_note_on_neither_activity_nor_category_is_refused_in_the_desk_s_words(
    qtbot: Any, page: CompliancePage
) -> None:
    """Art. 14: without an activity and a bookmark category the dialog says so without the CLI's option names."""
    page.show_tab("activities")
    _wait_for_activities(qtbot, page)
    dialog = page.activities.open_conduct_dialog()
    assert dialog is not None and dialog.activity_box.currentData() is None
    dialog.text_edit.setPlainText("当事人投诉执法人员未出示证件")
    dialog.accept()
    assert dialog.isVisible() and dialog.error_label.text()
    assert "--" not in dialog.error_label.text()
    assert page.activities.conduct_notes() == []
    dialog.reject()


def test_the_director_confirms_a_non_recording_record_and_saves_its_form(
    qtbot: Any, demo_station: Station, custodian: StationClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Art. 5: the custodian cannot confirm (button disabled); the director selects the record, confirms it (the
    table says by whom) and saves its signed form through the save dialog."""
    from datetime import date

    custodian.add_non_recording_record(reason="emergency", basis="现场突发", reporter="张三",
                                       head_acknowledged="李局长", occurred_on=date(2026, 11, 24))
    with _opened_page(qtbot, custodian) as page:
        page.show_tab("activities")
        _wait_for_activities(qtbot, page)
        assert not page.activities.acknowledge_button.isEnabled()
    director = desk_client(demo_station, "director")
    with _opened_page(qtbot, director) as page:
        page.show_tab("activities")
        _wait_for_activities(qtbot, page)
        widget = page.activities
        assert widget.records()[0].acknowledged_by is None
        assert not widget.acknowledge_button.isEnabled() and not widget.form_button.isEnabled()  # none selected
        widget.records_table.selectRow(0)
        assert widget.acknowledge_button.isEnabled() and widget.form_button.isEnabled()
        done = widget.acknowledge_selected_record()
        assert done is not None and done.acknowledged_by == "director"
        _wait_for_activities(qtbot, page)
        assert widget.records()[0].acknowledged_by == "director"
        assert widget.records_table.item(0, widget.records_table.columnCount() - 1).text().startswith("director")
        widget.records_table.selectRow(0)
        assert not widget.acknowledge_button.isEnabled()  # confirmed once
        target = tmp_path / "form.pdf"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
        assert widget.choose_form_file() == target and target.read_bytes().startswith(b"%PDF")


def test_monthly_report_is_written_on_a_worker_and_offered(
    qtbot: Any, page: CompliancePage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text)
                        or QMessageBox.StandardButton.No)
    out = tmp_path / "report.pdf"
    operation = page.dashboard.write_report("2026-11", out)
    qtbot.waitUntil(lambda: operation.done, timeout=30000)
    assert out.exists() and out.read_bytes().startswith(b"%PDF")
    assert page.dashboard.last_report is not None and str(out) in asked[0]


def test_roles_the_service_would_refuse_get_disabled_actions_with_a_reason(
    qtbot: Any, demo_station: Station
) -> None:
    with _opened_page(qtbot, desk_client(demo_station, "auditor")) as page:
        _check_auditor_page(qtbot, page)


def _check_auditor_page(qtbot: Any, page: CompliancePage) -> None:
    assert page.dashboard.card_count("gap") == 3  # reading is allowed
    page.show_tab("devices")
    assert not page.devices.add_button.isEnabled() and "devices" in page.devices.add_button.toolTip()
    assert page.devices.open_check_dialog() is None
    findings = page.show_findings("gap")
    _wait_for_findings(qtbot, findings)
    findings.select_finding(findings.findings()[0].id)
    assert not findings.gap_button.isEnabled() and "resolving findings" in findings.gap_button.toolTip()
    assert findings.open_action_dialog() is None
    page.show_tab("activities")
    assert not page.activities.add_button.isEnabled()


def test_the_page_works_through_a_station_service_over_http(
    qtbot: Any, demo_station: Station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page as the navigation builds it, on a client of a station service over HTTP (Unix socket): the
    overview, the devices, a pre-use check, a gap explained, the retention lists, and the signed monthly report
    written at the desk — every call goes through the service, and its audit events name the desk's session."""
    from evidence_station.catalogue.audit_tables import AuditEvent
    from evidence_station.client.transport import HttpTransport
    from evidence_station.gui.pages import PAGES
    from evidence_station.server.dispatch import Dispatcher
    from evidence_station.server.http_app import create_app
    from evidence_station.server.listen import unix_socket
    from evidence_station.server.runner import BackgroundServer, uvicorn_config
    from tests.conftest import PASSWORD

    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.No)
    before = AuditEvent.select().order_by(AuditEvent.seq.desc()).get().seq
    dispatcher = Dispatcher(demo_station)
    socket_path = tmp_path / "run" / "station.sock"
    server = BackgroundServer(uvicorn_config(create_app(dispatcher)), [unix_socket(socket_path)]).start()
    transport = HttpTransport(f"unix:{socket_path}")
    try:
        desk = StationClient.login(transport, "custodian", PASSWORD, client="gui")
        factory = next(spec.factory for spec in PAGES if spec.key == "compliance")
        with _opened_page(qtbot, desk, factory) as page:
            assert page.dashboard.card_count("gap") == 3 and page.dashboard.retention is not None
            page.show_tab("devices")
            assert [d.serial for d in page.devices.devices()] == DEVICES
            assert page.devices.select_device("Z8B0107")
            check = page.devices.open_check_dialog()
            assert check is not None
            check.set_offset(2.0)
            check.accept()
            assert not check.isVisible(), check.error_label.text()
            assert page.devices.checks_table.rowCount() == 1

            findings = page.show_findings("gap")
            _wait_for_findings(qtbot, findings)
            target = findings.findings()[0]
            assert findings.select_finding(target.id)
            dialog = findings.open_action_dialog()
            assert isinstance(dialog, GapExplanationDialog)
            assert "(" in dialog.recording_box.itemText(0)  # the recording's name and start, asked of the service
            dialog.reason_box.setCurrentIndex(dialog.reason_box.findData("battery"))
            dialog.accept()
            assert not dialog.isVisible(), dialog.error_label.text()
            _wait_for_findings(qtbot, findings)
            # Art. 11: no spoken explanation on resuming — the gap stays open, a breach for a director to decide.
            assert target.id in [f.id for f in findings.findings()]
            assert findings.select_finding(target.id)
            dialog = findings.open_action_dialog()
            assert isinstance(dialog, GapExplanationDialog)
            dialog.reason_box.setCurrentIndex(dialog.reason_box.findData("battery"))
            dialog.spoken_check.setChecked(True)
            dialog.accept()
            assert not dialog.isVisible(), dialog.error_label.text()
            _wait_for_findings(qtbot, findings)
            assert target.id not in [f.id for f in findings.findings()]

            page.show_tab("activities")
            _wait_for_activities(qtbot, page)
            assert page.activities.activities() == [] and page.activities.suggestions() == []

            retention = page.show_tab("retention")
            qtbot.waitUntil(lambda: not retention.loading, timeout=10_000)
            assert retention.due_recordings() == [] and "(0)" in retention.due_now_box.title()

            out = tmp_path / "desk" / "report.pdf"
            out.parent.mkdir()
            operation = page.dashboard.write_report("2026-11", out)
            assert operation is not None
            qtbot.waitUntil(lambda: operation.done, timeout=30_000)
            assert operation.error is None, operation.error
            assert out.read_bytes().startswith(b"%PDF") and page.dashboard.last_report_path == out
        session = desk.session.session_id
        for action in ("device.check", "finding.resolved", "report.compliance_monthly"):
            events = list(AuditEvent.select().where((AuditEvent.action == action) & (AuditEvent.seq > before)))
            assert events and all(e.details.get("session") == session for e in events), action
        desk.logout()
    finally:
        transport.close()
        server.stop()
        dispatcher.streams.stop()


def test_an_unassigned_finding_registers_its_activity_and_links_its_recordings(
    qtbot: Any, page: CompliancePage, custodian: StationClient
) -> None:
    findings = page.show_findings("unassigned")
    _wait_for_findings(qtbot, findings)
    target = next(f for f in findings.findings() if len(f.recording_ids) > 1)
    assert findings.select_finding(target.id) and findings.activity_button.isEnabled()
    dialog = findings.open_activity_dialog()
    assert dialog is not None and dialog.isVisible()
    recordings = [custodian.get_recording(i) for i in target.recording_ids]
    assert dialog.devices_edit.text() == ", ".join(sorted({r.device for r in recordings if r.device}))
    assert dialog.utc_of(dialog.start_edit) <= min(r.start for r in recordings if r.start)
    assert dialog.utc_of(dialog.end_edit) >= max(r.end or r.start for r in recordings if r.start)
    dialog.place_edit.setText("某建筑工地")
    dialog.accept()
    assert not dialog.isVisible(), dialog.error_label.text()
    assert target.id in [f.id for f in custodian.list_findings(status="resolved", kind="unassigned")]
    assert not custodian.suggest_assignments()  # its recordings belong to the new activity now
    _wait_for_findings(qtbot, findings)
    assert target.id not in [f.id for f in findings.findings()]


def test_activities_tab_agrees_with_the_open_unassigned_findings(
    qtbot: Any, page: CompliancePage, custodian: StationClient
) -> None:
    open_unassigned = custodian.count_findings(status="open", kind="unassigned")
    assert open_unassigned > 0
    page.show_tab("activities")
    _wait_for_activities(qtbot, page)
    assert page.activities.suggestions() == []  # no activity registered: nothing to suggest
    said = page.activities.suggestions_table.guide.empty_label.text()
    assert str(open_unassigned) in said and said != page.activities.tr(
        "No recordings waiting to be linked to an activity.")


def test_a_director_closes_a_gap_left_open_as_a_breach(
    qtbot: Any, page: CompliancePage, custodian: StationClient, demo_station: Station
) -> None:
    findings = page.show_findings("gap")
    _wait_for_findings(qtbot, findings)
    target = findings.findings()[0]
    kept = custodian.explain_gap(finding_id=target.id, reason="battery", spoken_explanation=False)
    assert kept.finding.status == "open"  # Art. 11: no spoken explanation, a breach a director decides
    findings.reload()
    _wait_for_findings(qtbot, findings)
    assert findings.select_finding(target.id) and target.id in findings.breaches
    assert not findings.resolve_button.isEnabled()  # the custodian may not decide it
    assert "director" in findings.hint_label.text()
    with _opened_page(qtbot, desk_client(demo_station, "director")) as director_page:
        theirs = director_page.show_findings("gap")
        _wait_for_findings(qtbot, theirs)
        assert theirs.select_finding(target.id) and theirs.resolve_button.isEnabled()
        dialog = theirs.open_resolve_dialog()
        assert isinstance(dialog, ResolveFindingDialog)
        dialog.note_edit.setPlainText("经核实，执法人员已书面说明中断原因，予以认可。")
        dialog.accept()
        assert not dialog.isVisible(), dialog.error_label.text()
        assert dialog.outcome.finding.status == "resolved"
        _wait_for_findings(qtbot, theirs)
        assert target.id not in [f.id for f in theirs.findings()]


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_activities_table_fits_the_desk_width_with_the_longest_kind(
    qtbot: Any, custodian: StationClient, language: str
) -> None:
    """At 1366×768 the page is ~1180 px wide: the Art. 4 kind with the longest name wraps inside its column and
    every column (the Art. 8 one last) stays on screen, without a horizontal scroll bar, in either language."""
    now = custodian.now()
    custodian.add_activity(kind="likely_dispute", place="某服装厂欠薪检查 — 明山区工业路 8 号",
                           start=now - timedelta(hours=3), end=now - timedelta(hours=2))
    assert language == "en" or install_translators(language)
    try:
        with _opened_page(qtbot, custodian) as page:
            page.resize(1180, 700)
            page.show_tab("activities")
            _wait_for_activities(qtbot, page)
            table = page.activities.activities_table
            assert table.rowCount() == 1
            qtbot.waitUntil(lambda: table.horizontalHeader().length() <= table.viewport().width(), timeout=3000)
            assert not table.horizontalScrollBar().isVisible()
            kind = table.item(0, 1).text()
            assert kind.startswith("易引起行政争议" if language == "zh_CN" else "Likely to cause a dispute")
            assert table.fontMetrics().horizontalAdvance(kind) > table.columnWidth(1)
            assert table.rowHeight(0) >= 2 * table.fontMetrics().height()  # wrapped, not cut
    finally:
        remove_translators()
