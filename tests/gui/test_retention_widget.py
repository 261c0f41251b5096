"""The Retention tab on a frozen clock moved past one year, driven through the station client: the due lists,
proposing through the widget, the two-person approval on a worker with its certificate, holds taking recordings
off the list, and the retention line on the overview and in the Library details.

Each client is made after the clock moved (a session opened before would have expired meanwhile)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from evidence_station.client.station_client import StationClient
from evidence_station.domain.clock import FrozenClock
from evidence_station.domain.roles import Role
from evidence_station.gui.compliance.dashboard_widget import DashboardWidget
from evidence_station.gui.compliance.retention_widget import RetentionWidget
from evidence_station.gui.pages.library_page import LibraryPage
from evidence_station.services.context import ServiceContext
from evidence_station.services.recordings_service import get_recording
from evidence_station.services.retention_service import retention_of
from evidence_station.services.users import login
from tests.conftest import PASSWORD, add_user_confirmed
from tests.helpers.recordings import make_recordings


@pytest.fixture
def recordings(people: dict[str, ServiceContext], clock: FrozenClock) -> list[int]:
    """Three recordings of the clock's day; then the clock moves on 366 days, so all three are due."""
    ids = make_recordings(people["custodian"])
    clock.advance(timedelta(days=366))
    return ids


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every question box is answered (Yes to confirmations, No to opening the certificate) and recorded."""
    asked: list[str] = []

    def question(_parent: Any, title: str, text: str, *_args: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.No if "Open it now?" in text else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a: asked.append(text))
    return asked


def _loaded(qtbot: Any, widget: RetentionWidget) -> RetentionWidget:
    """Wait until the lists read in the background are shown."""
    qtbot.waitUntil(lambda: not widget.loading, timeout=10_000)
    return widget


def _widget(qtbot: Any, client: StationClient) -> RetentionWidget:
    widget = RetentionWidget(client)
    qtbot.addWidget(widget)
    widget.reload()
    return _loaded(qtbot, widget)


def _propose(qtbot: Any, widget: RetentionWidget, ids: list[int], reason: str = "保存期满，拟销毁") -> int:
    widget.select_recordings(ids)
    assert widget.propose_button.isEnabled()
    dialog = widget.open_propose_dialog()
    assert dialog is not None
    dialog.accept()  # no reason: refused by the service, the dialog names it and stays open
    assert dialog.isVisible() and "reason" in dialog.error_label.text()
    dialog.reason_edit.setPlainText(reason)
    dialog.accept()
    assert not dialog.isVisible()
    _loaded(qtbot, widget)
    return dialog.outcome.proposal_id


def test_due_lists_and_propose_then_another_director_approves(
    qtbot: Any, people: dict[str, ServiceContext], recordings: list[int], clock: FrozenClock, answers: list[str],
    client_of: Callable[[ServiceContext], StationClient],
) -> None:
    custodian = _widget(qtbot, client_of(people["custodian"]))
    assert [d.recording_id for d in custodian.due_recordings()] == recordings
    assert custodian.due_recordings(soon=True) == []
    assert custodian.due_now_table.item(0, 2).text() == "Z8A0001"  # the device column
    assert not custodian.approve_button.isEnabled() and "director" in custodian.approve_button.toolTip()
    assert not custodian.set_rule_button.isEnabled()

    proposal_id = _propose(qtbot, custodian, recordings[:2])
    assert [p.proposal_id for p in custodian.proposals()] == [proposal_id]
    assert custodian.proposals()[0].status == "pending"
    assert all(retention_of(people["custodian"], r).disposed_at is None for r in recordings)

    director = _widget(qtbot, client_of(people["director"]))
    assert not director.propose_button.isEnabled()
    assert director.select_proposal(proposal_id)
    assert director.approve_button.isEnabled() and director.refuse_button.isEnabled()
    director.approve_button.click()  # confirms (Yes), then runs on a worker
    operation = director.operation
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done, timeout=15000)
    assert operation.error is None, operation.error
    _loaded(qtbot, director)
    done = director.last_disposal
    assert done is not None and done.status == "approved" and len(done.disposed) == 2
    assert done.has_certificate
    assert any(done.certificate_sha256 in text and "Open it now?" in text for text in answers)
    assert not any(str(people["director"].station.home.root) in text for text in answers)  # no path in the home
    for rid in recordings[:2]:
        kept = retention_of(people["director"], rid)
        assert kept.disposed_at is not None and kept.proposal_id == proposal_id
    assert [d.recording_id for d in director.due_recordings()] == recordings[2:]
    assert not director.approve_button.isEnabled()  # decided: nothing more to approve
    assert director.certificate_button.isEnabled()
    opened = director.open_certificate()  # a copy of the certificate the station keeps, in a private folder
    assert opened is not None and opened.read_bytes().startswith(b"%PDF")
    assert hashlib.sha256(opened.read_bytes()).hexdigest() == done.certificate_sha256
    assert not opened.is_relative_to(people["director"].station.home.root)


def test_the_proposer_cannot_approve_their_own_proposal(
    qtbot: Any, people: dict[str, ServiceContext], recordings: list[int], station: Any,
    client_of: Callable[[ServiceContext], StationClient],
) -> None:
    add_user_confirmed(people["admin"], name="both", roles=[Role.CUSTODIAN, Role.DIRECTOR], password=PASSWORD)
    both = client_of(login(station, "both", PASSWORD))
    widget = _widget(qtbot, both)
    proposal_id = _propose(qtbot, widget, recordings)
    assert widget.select_proposal(proposal_id)
    assert not widget.approve_button.isEnabled()
    assert "another director" in widget.approve_button.toolTip()
    assert widget.approve_selected() is None
    assert widget.refuse_button.isEnabled()  # refusing one's own proposal (withdrawing it) stays possible
    assert both.list_disposals()[0].status == "pending"


def test_a_hold_takes_a_recording_off_the_due_list_and_releasing_it_brings_it_back(
    qtbot: Any, people: dict[str, ServiceContext], recordings: list[int],
    client_of: Callable[[ServiceContext], StationClient],
) -> None:
    widget = _widget(qtbot, client_of(people["custodian"]))
    widget.select_recordings([recordings[1]])
    dialog = widget.open_hold_dialog()
    assert dialog is not None and dialog.ids_edit.text() == str(recordings[1])
    dialog.reason_edit.setPlainText("涉诉，暂停销毁")
    dialog.accept()
    assert not dialog.isVisible(), dialog.error_label.text()
    _loaded(qtbot, widget)
    assert [d.recording_id for d in widget.due_recordings()] == [recordings[0], recordings[2]]
    assert [h.recording_id for h in widget.holds()] == [recordings[1]]
    assert retention_of(people["custodian"], recordings[1]).held

    widget.holds_table.selectRow(0)
    release = widget.open_release_dialog()
    assert release is not None
    release.reason_edit.setPlainText("诉讼已结束")
    release.accept()
    assert not release.isVisible(), release.error_label.text()
    _loaded(qtbot, widget)
    assert widget.holds() == []
    assert [d.recording_id for d in widget.due_recordings()] == recordings


def test_roles_disable_the_buttons_they_do_not_allow(
    qtbot: Any, people: dict[str, ServiceContext], recordings: list[int],
    client_of: Callable[[ServiceContext], StationClient],
) -> None:
    auditor = _widget(qtbot, client_of(people["auditor"]))
    auditor.select_recordings(recordings)
    for button in (auditor.propose_button, auditor.hold_button, auditor.approve_button, auditor.set_rule_button):
        assert not button.isEnabled() and button.toolTip()
    admin = _widget(qtbot, client_of(people["admin"]))
    assert admin.set_rule_button.isEnabled()
    dialog = admin.open_rule_dialog()
    assert dialog is not None
    dialog.period_edit.setText("30y")
    dialog.reason_edit.setPlainText("本单位规定")
    dialog.accept()
    assert not dialog.isVisible(), dialog.error_label.text()
    _loaded(qtbot, admin)
    assert [(r.scope, r.years) for r in admin.rules_table.objects()] == [("default", 30)]
    assert admin.due_recordings() == []  # a 30-year default keeps them


def test_overview_line_and_library_details_show_retention(
    qtbot: Any, people: dict[str, ServiceContext], clock: FrozenClock,
    client_of: Callable[[ServiceContext], StationClient],
) -> None:
    ids = make_recordings(people["custodian"])
    clock.advance(timedelta(days=350))  # due in 15 days, not yet
    dashboard = DashboardWidget(client_of(people["custodian"]))
    qtbot.addWidget(dashboard)
    operation = dashboard.refresh()
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done, timeout=15000)
    assert dashboard.retention is not None and dashboard.retention.due_soon == 3
    assert dashboard.retention_label.text().startswith("3 recording(s) become due for disposal in the next 30 days")

    library = LibraryPage(client_of(people["custodian"]))
    qtbot.addWidget(library)
    text = library.describe(get_recording(people["custodian"], ids[0]))
    assert "Kept until 2027-11-24 (Statutory minimum (Art. 16, one year))" in text


@pytest.fixture(autouse=True)
def _no_desktop_open(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: True)
    yield


def test_reading_the_lists_never_blocks_the_gui_thread(
    qtbot: Any, people: dict[str, ServiceContext], monkeypatch: pytest.MonkeyPatch,
    client_of: Callable[[ServiceContext], StationClient],
) -> None:
    """The due list scans every recording older than a year: it is read on a worker, the window stays live."""
    import threading
    import time

    release = threading.Event()
    client = client_of(people["custodian"])
    real = client.due_for_disposal
    monkeypatch.setattr(client, "due_for_disposal", lambda **kw: release.wait(10) and real(**kw))
    widget = RetentionWidget(client)
    qtbot.addWidget(widget)
    started = time.monotonic()
    widget.reload()
    assert time.monotonic() - started < 0.2 and widget.loading
    assert "reading" in widget.due_now_box.title()
    release.set()
    _loaded(qtbot, widget)
    assert widget.due_now_box.title() == "Due for disposal now (0)"
