"""The Viewing page, a client of the station: request through the dialog → director's inbox and badge → approve →
my grants and Watch (under the grant chosen); no deciding one's own request; refusing needs a reason; the register
lists and exports sessions; secret recordings carry the red banner; tabs and buttons follow the role; the Library's
"request viewing" entry point.

The page of each person drives a real :class:`StationClient` over the in-process transport to the embedded
service (the ``clients`` fixture); the test sets the scene with the services directly."""

from __future__ import annotations

import subprocess
import sys
import types
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget

from evidence_station.client.station_client import StationClient
from evidence_station.domain.clock import FrozenClock
from evidence_station.gui.main_window import MainWindow
from evidence_station.gui.pages import PAGES
from evidence_station.gui.pages.viewing_page import TAB_KEYS, ViewingPage, create_page
from evidence_station.gui.viewing.common import say
from evidence_station.gui.viewing.decision_dialogs import ApproveDialog, ReasonDialog
from evidence_station.gui.viewing.request_dialog import ViewingRequestDialog, parse_recording_ids, request_viewing
from evidence_station.gui.viewing.request_table import RequestTable
from evidence_station.services import viewing_service as vs
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from tests.gui.conftest import ModalDialogGuard
from tests.helpers.people import add_person
from tests.helpers.recordings import add_recording

PLAYER_MODULE = "evidence_station.gui.player_window"


@pytest.fixture
def desks(clients: dict[str, StationClient], clock: FrozenClock) -> dict[str, StationClient]:
    """The people's desk clients; their clock follows the station's frozen one (a live desk's follows the
    station's clock from its log-in on)."""
    for client in clients.values():
        client.now = clock.now  # type: ignore[method-assign]
    return clients


def make_page(qtbot: Any, client: StationClient) -> ViewingPage:
    page = create_page(client)
    assert isinstance(page, ViewingPage)
    qtbot.addWidget(page)
    page.show()
    return page


def cell(table: RequestTable, row: int, key: str) -> str:
    return table.cell(row, key).text()


def viewing_window(qtbot: Any, client: StationClient) -> MainWindow:
    window = MainWindow(client, pages=[spec for spec in PAGES if spec.key == "viewing"])
    qtbot.addWidget(window)
    return window


@pytest.fixture
def fake_player(monkeypatch: pytest.MonkeyPatch) -> list[tuple[StationClient, list[int], QWidget, int | None]]:
    """Replace the player module by one whose ``open_player`` records its calls."""
    calls: list[tuple[StationClient, list[int], QWidget, int | None]] = []

    def open_player(client: StationClient, recording_ids: list[int], parent: QWidget, *,
                    request_id: int | None = None) -> QWidget:
        calls.append((client, recording_ids, parent, request_id))
        return QWidget()

    module = types.ModuleType(PLAYER_MODULE)
    module.open_player = open_player  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, PLAYER_MODULE, module)
    return calls


def test_request_inbox_badge_approve_grant_and_watch(
    qtbot: Any, people: dict[str, ServiceContext], desks: dict[str, StationClient], clock: FrozenClock,
    fake_player: list[Any], modal_dialogs: ModalDialogGuard,
) -> None:
    ids = [add_recording(people["custodian"]).id, add_recording(people["custodian"]).id]
    investigator = make_page(qtbot, desks["investigator"])
    assert investigator.tabs.currentIndex() == TAB_KEYS.index("requests")

    def fill_request(dialog: ViewingRequestDialog) -> None:
        assert not dialog.buttons.buttons()[0].isEnabled()  # no recordings, no reason yet
        dialog.ids_edit.setText(f"{ids[0]}, #{ids[1]}")
        dialog.reason_edit.setPlainText("案件 2026-118 取证")
        dialog.purpose_box.setCurrentIndex(dialog.purpose_box.findData("complaint_petition"))
        dialog.on_site_check.setChecked(True)
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)

    modal_dialogs.answer_next(fill_request)
    sent = investigator.requests.new_request()
    assert sent is not None and sent.recording_ids == ids and sent.on_site_only and sent.purpose == "complaint_petition"
    table = investigator.requests.table
    assert table.rowCount() == 1 and cell(table, 0, "state") == "Waiting for a decision"
    assert f"#{sent.request_id}" in investigator.requests.status.text()

    window = viewing_window(qtbot, desks["director"])
    assert window.badge("viewing") == 1
    assert window.navigation.item(0).text().endswith("(1)")
    director = window.show_page("viewing")
    assert isinstance(director, ViewingPage) and director.tabs.currentIndex() == TAB_KEYS.index("inbox")
    assert director.tabs.tabText(TAB_KEYS.index("inbox")).endswith("(1)")
    inbox = director.inbox
    assert [r.request_id for r in inbox.table.requests()] == [sent.request_id]
    assert cell(inbox.table, 0, "requested_by") == "Investigator (investigator)"  # the person, not just a login
    assert "案件 2026-118 取证" in cell(inbox.table, 0, "reason")
    inbox.table.selectRow(0)
    assert inbox.approve_button.isEnabled() and not inbox.revoke_button.isEnabled()

    def fill_approval(dialog: ApproveDialog) -> None:
        assert dialog.hours == 4.0  # the station's default
        assert dialog.on_site_only and not dialog.on_site_check.isEnabled()  # asked on site: cannot widen
        lines = dialog.summary.text().split("\n")  # one recording a line: "#2" never wraps from its file
        for rid in ids:
            assert any(line.startswith(f"#{rid} ") and line.upper().endswith(".MP4") for line in lines), lines
        dialog.hours_spin.setValue(2)
        dialog.accept()

    modal_dialogs.answer_next(fill_approval)
    approved = inbox.approve_selected()
    assert approved is not None and approved.state == "live"
    assert window.badge("viewing") == 0 and inbox.table.rowCount() == 0
    assert not director.tabs.tabText(TAB_KEYS.index("inbox")).endswith(")")

    grants = investigator.show_tab("grants")
    assert grants is investigator.grants
    assert grants.table.rowCount() == 1 and cell(grants.table, 0, "time_left") == "2 h 00 min"
    assert cell(grants.table, 0, "decided_by") == "Director (director)"  # the approver by name
    clock.advance(timedelta(minutes=95))
    grants.table.refresh_time_left()  # what the minute timer does
    assert cell(grants.table, 0, "time_left") == "25 min"
    assert not grants.watch_button.isEnabled()  # nothing selected yet
    grants.table.selectRow(0)
    assert grants.watch_button.isEnabled()
    chooser = grants.watch_selected()  # two recordings: their list, to play one or both side by side
    qtbot.addWidget(chooser)
    assert chooser.table.rowCount() == 2 and fake_player == []
    for row in range(2):
        chooser.table.item(row, 0).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(chooser.side_by_side_button, Qt.MouseButton.LeftButton)
    assert fake_player == [(desks["investigator"], ids, grants, sent.request_id)]  # under the grant chosen
    assert chooser.isVisible()
    qtbot.mouseClick(chooser.close_button, Qt.MouseButton.LeftButton)  # a window of its own: it says how to close
    assert not chooser.isVisible()

    inbox.set_mode("live")
    assert inbox.select_request(sent.request_id) and inbox.revoke_button.isEnabled()
    revoked = inbox.revoke(sent.request_id, reason="调查已结束")
    assert revoked is not None and revoked.status == "revoked"
    grants.refresh()
    assert grants.table.rowCount() == 0
    investigator.show_tab("requests")
    assert cell(investigator.requests.table, 0, "state") == "Revoked"
    assert cell(investigator.requests.table, 0, "decision") == "调查已结束"


def test_a_director_cannot_approve_their_own_request(
    qtbot: Any, people: dict[str, ServiceContext], desks: dict[str, StationClient]
) -> None:
    rec = add_recording(people["custodian"]).id
    page = make_page(qtbot, desks["director"])
    own = page.requests.send_request(recording_ids=[rec], reason="自查", purpose="supervision")
    assert own is not None
    inbox = page.show_tab("inbox")
    assert inbox.table.rowCount() == 0  # not waiting for *my* decision
    page.inbox.set_mode("pending")
    assert page.inbox.select_request(own.request_id)
    assert not page.inbox.approve_button.isEnabled() and not page.inbox.refuse_button.isEnabled()
    assert "another director" in page.inbox.approve_button.toolTip()
    assert page.inbox.approve(own.request_id) is None  # forced anyway: the service refuses, the page says so
    status = page.inbox.status.text()  # the service's sentence, in the interface's language
    assert "Nobody may decide their own request" in status or "不得审批自己提出的申请" in status
    assert vs.get_request(people["director"], own.request_id).status == "pending"
    other = make_page(qtbot, desks["director2"])
    assert [r.request_id for r in other.inbox.table.requests()] == [own.request_id]


def test_refusing_needs_a_reason_and_the_requester_sees_it(
    qtbot: Any, people: dict[str, ServiceContext], desks: dict[str, StationClient], modal_dialogs: ModalDialogGuard,
) -> None:
    rec = add_recording(people["custodian"]).id
    sent = vs.request_viewing(people["clerk"], recording_ids=[rec], reason="卷宗整理")
    page = make_page(qtbot, desks["director"])
    page.inbox.table.selectRow(0)
    seen: dict[str, bool] = {}

    def fill_refusal(dialog: ReasonDialog) -> None:
        seen["disabled_when_empty"] = not dialog.ok_button.isEnabled()
        dialog.accept()  # Enter with an empty reason does not close the dialog
        seen["still_open"] = dialog.isVisible()
        dialog.reason_edit.setPlainText("   ")
        seen["blank_refused"] = not dialog.ok_button.isEnabled()
        dialog.reason_edit.setPlainText("与案件无关")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    modal_dialogs.answer_next(fill_refusal)
    refused = page.inbox.refuse_selected()
    assert seen == {"disabled_when_empty": True, "still_open": True, "blank_refused": True}
    assert refused is not None and refused.status == "refused" and refused.decision_reason == "与案件无关"
    clerk = make_page(qtbot, desks["clerk"])
    row = clerk.requests.table.requests().index(next(r for r in clerk.requests.table.requests()
                                                     if r.request_id == sent.request_id))
    assert cell(clerk.requests.table, row, "state") == "Refused"
    assert cell(clerk.requests.table, row, "decision") == "与案件无关"
    assert cell(clerk.requests.table, row, "decided_by") == "Director (director)"


def test_register_lists_a_session_and_exports_pdf_and_csv(
    qtbot: Any, people: dict[str, ServiceContext], desks: dict[str, StationClient], clock: FrozenClock,
    tmp_path: Path,
) -> None:
    rec = add_recording(people["custodian"]).id
    req = vs.request_viewing(people["investigator"], recording_ids=[rec], reason="投诉核查",
                             purpose="complaint_petition")
    vs.approve_request(people["director"], req.request_id)
    clock.advance(timedelta(minutes=10))
    session = vs.open_viewing_session(people["investigator"], rec)
    vs.record_watched_range(people["investigator"], session.session_id, 0, 65_000)
    clock.advance(timedelta(minutes=5))
    vs.close_viewing_session(people["investigator"], session.session_id)

    page = make_page(qtbot, desks["auditor"])
    assert page.tabs.currentIndex() == TAB_KEYS.index("register")
    register = page.register
    qtbot.waitUntil(lambda: not register.loading, timeout=10_000)  # read on a worker
    assert register.table.rowCount() == 1
    texts = [register.table.item(0, column).text() for column in range(register.table.columnCount())]
    assert texts[0] == "Investigator (investigator)" and texts[1] == "B-INV"
    assert "投诉核查" in texts[2] and texts[3] == "Director (director)"
    assert texts[4] == "2026-11-24 10:00:00" and texts[5] == "2026-11-24 10:10:00" and texts[6] == "2026-11-24 10:15:00"
    assert texts[9] == "0:00–1:05"
    register.viewer_edit.setText("clerk")
    register.refresh()
    qtbot.waitUntil(lambda: not register.loading, timeout=10_000)
    assert register.table.rowCount() == 0 and register.table.guide.showing_empty_text()
    register.viewer_edit.setText("investigator")
    register.from_check.setChecked(True)
    register.refresh()
    qtbot.waitUntil(lambda: not register.loading, timeout=10_000)
    assert register.table.rowCount() == 1 and not register.table.guide.showing_empty_text()

    operation = register.export_pdf(tmp_path / "register.pdf")
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done, timeout=20_000)
    assert operation.error is None and register.last_export == tmp_path / "register.pdf"
    text = subprocess.run(["pdftotext", str(tmp_path / "register.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "investigator" in text and "投诉核查" in text
    csv_operation = register.export_csv(tmp_path / "register.csv")
    assert csv_operation is not None
    qtbot.waitUntil(lambda: csv_operation.done, timeout=10_000)
    assert "investigator" in (tmp_path / "register.csv").read_text(encoding="utf-8-sig")


def test_secret_recordings_carry_the_red_banner(
    qtbot: Any, station: Station, admin: ServiceContext, people: dict[str, ServiceContext],
    desks: dict[str, StationClient], client_of: Any,
) -> None:
    cleared = add_person(station, admin, "agent", "investigator", clearance=3)
    boss = add_person(station, admin, "boss", "director", clearance=3)
    secret = add_recording(people["custodian"], classification="state_secret").id
    vs.request_viewing(cleared, recording_ids=[secret], reason="专项核查")
    page = make_page(qtbot, client_of(boss))
    table = page.inbox.table
    assert table.rowCount() == 1
    column = table.column("classification")
    assert table.item(0, column).text().startswith("SECRET")
    assert table.item(0, column).background().color().name() == "#c00000"
    table.selectRow(0)
    assert page.inbox.banner.isVisible() and "涉密" in page.inbox.banner.text()
    assert make_page(qtbot, desks["director"]).inbox.table.rowCount() == 0  # no clearance: not even listed


def test_tabs_and_buttons_follow_the_role(qtbot: Any, desks: dict[str, StationClient]) -> None:
    auditor = make_page(qtbot, desks["auditor"])
    for key in ("requests", "inbox", "grants"):
        assert not auditor.tabs.isTabEnabled(TAB_KEYS.index(key)), key
        assert auditor.tabs.tabToolTip(TAB_KEYS.index(key))
    assert not auditor.requests.new_button.isEnabled() and "do not allow" in auditor.requests.new_button.toolTip()
    investigator = make_page(qtbot, desks["investigator"])
    assert not investigator.tabs.isTabEnabled(TAB_KEYS.index("inbox"))
    assert not investigator.tabs.isTabEnabled(TAB_KEYS.index("register"))
    assert not investigator.inbox.approve_button.isEnabled()
    assert "Only a director" in investigator.inbox.approve_button.toolTip()
    assert investigator.requests.new_button.isEnabled()


def test_watch_says_so_when_the_player_is_missing(
    qtbot: Any, people: dict[str, ServiceContext], desks: dict[str, StationClient], monkeypatch: pytest.MonkeyPatch,
) -> None:
    rec = add_recording(people["custodian"]).id
    req = vs.request_viewing(people["investigator"], recording_ids=[rec], reason="核查")
    vs.approve_request(people["director"], req.request_id)
    monkeypatch.setitem(sys.modules, PLAYER_MODULE, None)  # importing it now fails like a missing module
    page = make_page(qtbot, desks["investigator"])
    grants = page.show_tab("grants")
    grants.table.selectRow(0)
    assert grants.watch_selected() is None
    assert "player is not part" in grants.status.text()


def test_the_request_dialog_checks_ids_and_recipient(qtbot: Any, desks: dict[str, StationClient]) -> None:
    assert parse_recording_ids("12, 13 #20-22，7") == [12, 13, 20, 21, 22, 7]
    assert parse_recording_ids("") == [] and parse_recording_ids("12, x") is None
    assert parse_recording_ids("5-3") is None and parse_recording_ids("1-100000") is None
    dialog = ViewingRequestDialog([3], client=desks["investigator"])
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    dialog.reason_edit.setPlainText("对外提供")
    assert ok.isEnabled() and dialog.recording_ids == [3]
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("external_provision"))
    assert not ok.isEnabled() and "receives" in dialog.problem_label.text()
    dialog.recipient_edit.setText("区人民法院 王法官")
    assert ok.isEnabled() and not dialog.on_site_check.isEnabled()
    assert dialog.request_arguments() == {
        "recording_ids": [3], "reason": "对外提供", "purpose": "case_handling", "kind": "external_provision",
        "recipient": "区人民法院 王法官", "on_site_only": False}
    dialog.ids_edit.setText("3, abc")
    assert not ok.isEnabled() and "numbers" in dialog.problem_label.text()


def test_the_library_asks_for_a_viewing_request_through_the_client(
    qtbot: Any, people: dict[str, ServiceContext], desks: dict[str, StationClient], modal_dialogs: ModalDialogGuard,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``request_viewing(client, ids, parent)``: the Library's entry point (fixed recordings, reason, purpose)."""
    ids = [add_recording(people["custodian"]).id, add_recording(people["custodian"]).id]
    parent = QWidget()
    qtbot.addWidget(parent)

    def fill(dialog: ViewingRequestDialog) -> None:
        assert dialog.ids_edit is None and dialog.recording_ids == ids  # the selection is fixed
        dialog.reason_edit.setPlainText("复核执法过程")
        dialog.purpose_box.setCurrentIndex(dialog.purpose_box.findData("supervision"))
        dialog.accept()

    modal_dialogs.answer_next(fill)
    sent = request_viewing(desks["investigator"], ids, parent)
    assert sent is not None and sent.recording_ids == ids and sent.purpose == "supervision"
    stored = vs.get_request(people["director"], sent.request_id)
    assert stored.requested_by == "investigator" and stored.reason == "复核执法过程"

    modal_dialogs.answer_next(lambda dialog: dialog.reject())
    assert request_viewing(desks["investigator"], ids, parent) is None  # cancelled: nothing is sent
    assert len(vs.list_requests(people["director"])) == 1

    shown: list[str] = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.critical", lambda _parent, _title, text: shown.append(text))

    def fill_reason(dialog: ViewingRequestDialog) -> None:
        dialog.reason_edit.setPlainText("查看")
        dialog.accept()

    modal_dialogs.answer_next(fill_reason)
    assert request_viewing(desks["auditor"], ids, parent) is None  # the station refuses an auditor
    assert len(shown) == 1 and "auditor" in shown[0]
    assert len(vs.list_requests(people["director"])) == 1


def test_a_status_does_not_move_the_viewing_tables(qtbot: Any, desks: dict[str, StationClient]) -> None:
    """The next click lands on the row it was aimed at: a status above a viewing table never pushes it down."""
    page = make_page(qtbot, desks["director"])
    page.resize(1300, 700)
    for widget in (page.requests, page.inbox, page.grants, page.register):
        page.tabs.setCurrentWidget(widget)
        qtbot.wait(20)
        before = widget.table.mapTo(widget, QPoint(0, 0)).y()
        say(widget.status, "申请未发送：" + "理由不能为空。" * 20, error=True)
        qtbot.wait(20)
        assert widget.table.mapTo(widget, QPoint(0, 0)).y() == before, widget


def test_the_investigator_is_told_of_a_new_approval_until_my_grants_shows_it(
    qtbot: Any, people: dict[str, ServiceContext], desks: dict[str, StationClient]
) -> None:
    ids = [add_recording(people["custodian"]).id]
    window = viewing_window(qtbot, desks["investigator"])
    assert window.badge("viewing") == 0
    asked = vs.request_viewing(people["investigator"], recording_ids=ids, reason="案件 2026-118 取证")
    vs.approve_request(people["director"], asked.request_id)
    window.refresh_badges()  # what the badge timer does
    assert window.badge("viewing") == 1 and window.navigation.item(0).text().endswith("(1)")
    page = window.show_page("viewing")
    assert isinstance(page, ViewingPage)
    window.show()
    assert "(1" in page.tabs.tabText(TAB_KEYS.index("grants"))
    page.show_tab("grants")
    assert page.grants.table.rowCount() == 1
    assert window.badge("viewing") == 0 and page.tabs.tabText(TAB_KEYS.index("grants")) == page.tr("My grants")
