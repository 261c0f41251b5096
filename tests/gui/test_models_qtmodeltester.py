"""pytest-qt's ``qtmodeltester`` on every custom item model of the GUI, filled with realistic rows.

``qtmodeltester.check`` runs Qt's own ``QAbstractItemModelTester``, which reports a broken rule as a
"FAIL!" warning; pytest-qt fails the test on such a warning at teardown, and :func:`assert_no_complaints`
fails it at once, where the rule was broken. (pytest-qt's Python tester, ``force_py=True``, is not used:
it rejects the ``int`` check states PySide gives back from ``QTableWidget``'s own model.)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from evidence_station.catalogue.recordings import Recording
from evidence_station.client.station_client import StationClient
from evidence_station.domain.findings import FindingKind
from evidence_station.domain.roles import Role
from evidence_station.gui.object_table import Fit, ObjectTable
from evidence_station.gui.pages.audit_page import AuditPage
from evidence_station.gui.recording_model import RecordingModel
from evidence_station.media.demo_card import DemoCardResult, write_demo_card
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from tests.helpers.findings import add_finding
from tests.helpers.import_page import page_after_import
from tests.helpers.recordings import fill_catalogue


def assert_no_complaints(qtlog: Any) -> None:
    """Fail when Qt's model tester complained."""
    complaints = [record.message for record in qtlog.records if "FAIL!" in record.message]
    assert complaints == []


def test_recording_model_with_pages_and_findings(
    qtbot: Any, qtmodeltester: Any, qtlog: Any, station: Station, admin: ServiceContext,
    client_of: Callable[[ServiceContext], StationClient],
) -> None:
    fill_catalogue(station, admin, 250)
    add_finding(admin, FindingKind.GAP, list(Recording.select().limit(2)), seconds=90)
    model = RecordingModel(client_of(admin), page_size=100)
    qtmodeltester.check(model)
    model.reload()
    model.fetch_all()  # each page is checked as it is inserted
    assert model.rowCount() == 250
    assert any(model.findings_of(model.recording_at(row).id) for row in range(model.rowCount()))
    model.reload()  # a reset is checked too
    assert model.rowCount() >= 100  # the tester itself fetches more on a reset
    assert_no_complaints(qtlog)



@pytest.fixture(scope="module")
def demo_card(tmp_path_factory: pytest.TempPathFactory) -> DemoCardResult:
    return write_demo_card(tmp_path_factory.mktemp("card") / "card", seed=1, day=date(2026, 11, 24))


def test_card_preview_model_after_a_real_import(
    qtbot: Any, qtmodeltester: Any, qtlog: Any, user_with_role: Callable[[Role], StationClient],
    demo_card: DemoCardResult,
) -> None:
    page = page_after_import(qtbot, user_with_role(Role.CUSTODIAN), demo_card.path)
    model = page.preview_model
    assert model.rowCount() == len(demo_card.files)
    qtmodeltester.check(model)
    model.set_entries(model.entries[:3])  # a reset under the tester
    assert model.rowCount() == 3
    assert_no_complaints(qtlog)



def test_import_result_model_after_a_real_import(
    qtbot: Any, qtmodeltester: Any, qtlog: Any, user_with_role: Callable[[Role], StationClient],
    demo_card: DemoCardResult,
) -> None:
    page = page_after_import(qtbot, user_with_role(Role.CUSTODIAN), demo_card.path)
    model = page.result_model
    assert model.rowCount() == len(demo_card.files)
    assert any(model.findings_of_row(row) for row in range(model.rowCount()))  # some rows are coloured
    qtmodeltester.check(model)
    model.set_result(None)  # a reset under the tester
    assert model.rowCount() == 0
    assert_no_complaints(qtlog)



def test_audit_event_model_pages_lazily_under_the_tester(
    qtbot: Any, qtmodeltester: Any, qtlog: Any, admin: ServiceContext,
    client_of: Callable[[ServiceContext], StationClient],
    station: Station,
) -> None:
    fill_catalogue(station, admin, 5)  # audit events of a catalogue being filled
    page = AuditPage(client_of(admin))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.model.loading, timeout=10_000)
    assert page.model.rowCount() > 0
    qtmodeltester.check(page.model)
    page.apply_filter()  # a reload under the tester
    qtbot.waitUntil(lambda: not page.model.loading, timeout=10_000)
    assert page.model.rowCount() > 0
    assert_no_complaints(qtlog)



@pytest.mark.parametrize("fit", list(Fit))
def test_the_object_table_model_with_named_ticked_and_styled_rows(
    qtbot: Any, qtmodeltester: Any, qtlog: Any, fit: Fit
) -> None:
    table = ObjectTable(["#", "File", "Device"], names=["id", "file", "device"], fit=fit, checkable=True,
                        key=lambda row: row[0], max_rows=40)
    qtbot.addWidget(table)
    qtmodeltester.check(table.model())
    rows = [((n, f"FILE{n:04}.MP4"), [str(n), f"20261124_0930{n:02}_Z8A0001_{n:04}.MP4", "Z8A0001"])
            for n in range(60)]
    table.set_rows(rows)
    table.selectRow(5)
    table.style_cell(3, "device", bold=True, tooltip="camera")
    table.mark_row(4, background=table.palette().base().color())
    table.set_all_checked(True)
    table.set_rows(rows[:10])  # refilled: selection kept by key
    assert table.capped is False and table.current_object() == (5, "FILE0005.MP4")
    assert table.checked_objects() == [] and table.cell(2, "file").text().endswith("_0002.MP4")
    assert_no_complaints(qtlog)
