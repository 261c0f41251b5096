"""The Findings tab reads on a worker through the station client, asks for no more findings than its table
shows, and says when it shows only the newest of them."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.recordings import Finding, FindingRecording, ImportSession, Recording
from evidence_station.client.station_client import StationClient
from evidence_station.gui.compliance.findings_widget import FindingsWidget
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station

START = datetime(2026, 3, 1, tzinfo=UTC)


@pytest.fixture
def finding_ids(station: Station, admin: ServiceContext) -> list[int]:
    """12 findings (4 of them resolved), each concerning one or two recordings."""
    with write_transaction():
        session = ImportSession.create(custodian=admin.actor.user_id, station_uid=station.station_uid,
                                       card_root="/cards", started_at=START)
        recordings = [Recording.create(
            import_session=session, card_path=f"DCIM/{n:04d}.MP4", file_name=f"{n:04d}.MP4", size=n,
            sha256=f"{n:064x}", sm3=f"{n:064x}", kind="video", imported_at=START).id for n in range(6)]
        ids = []
        for n in range(12):
            finding = Finding.create(kind="gap" if n % 2 else "damaged", status="resolved" if n % 3 == 0 else "open",
                                     message=f"finding {n}", created_at=START)
            for rid in recordings[n % 6:n % 6 + 1 + n % 2]:
                FindingRecording.create(finding=finding, recording=rid)
            ids.append(finding.id)
    return ids


@pytest.fixture
def desk(admin: ServiceContext, client_of: Callable[[ServiceContext], StationClient]) -> StationClient:
    """The administrator's desktop client."""
    return client_of(admin)


@pytest.fixture
def reads(desk: StationClient, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Each list_findings call of the widget: its arguments and whether it ran on the GUI thread."""
    calls: list[dict[str, Any]] = []
    real = desk.list_findings

    def recording(**kwargs: Any) -> Any:
        calls.append({**kwargs, "gui_thread": threading.current_thread() is threading.main_thread()})
        return real(**kwargs)

    monkeypatch.setattr(desk, "list_findings", recording)
    return calls


def _widget(qtbot: Any, client: StationClient) -> FindingsWidget:
    widget = FindingsWidget(client)
    qtbot.addWidget(widget)
    return widget


def test_the_table_fills_from_a_background_read_capped_to_the_newest(
    qtbot: Any, desk: StationClient, finding_ids: list[int], reads: list[dict[str, Any]]
) -> None:
    widget = _widget(qtbot, desk)
    widget.table.max_rows = 5
    widget.set_filter("", "")  # any kind, any status: 12 findings
    assert widget.loading and widget.count_label.text() == "Reading the findings…"
    qtbot.waitUntil(lambda: not widget.loading, timeout=10_000)
    assert [f.id for f in widget.findings()] == sorted(finding_ids, reverse=True)[:5]
    assert widget.table.capped and widget.table.total_rows == 12
    assert widget.count_label.text() == "Showing the newest 5 of 12 findings."
    assert reads[-1]["limit"] == 5 and not reads[-1]["gui_thread"]
    assert all(f.recording_ids for f in widget.findings())


def test_an_uncapped_read_counts_what_it_shows(
    qtbot: Any, desk: StationClient, finding_ids: list[int], reads: list[dict[str, Any]]
) -> None:
    widget = _widget(qtbot, desk)
    widget.set_filter("gap", "open")
    qtbot.waitUntil(lambda: not widget.loading, timeout=10_000)
    shown = widget.findings()
    assert shown and {(f.kind, f.status) for f in shown} == {("gap", "open")}
    assert not widget.table.capped and widget.count_label.text() == f"{len(shown)} finding(s)"
    assert reads[-1]["limit"] == widget.table.max_rows == 500


def test_a_newer_filter_supersedes_a_read_in_flight(
    qtbot: Any, desk: StationClient, finding_ids: list[int]
) -> None:
    widget = _widget(qtbot, desk)
    widget.set_filter("", "")
    widget.set_filter("damaged", "resolved")
    qtbot.waitUntil(lambda: not widget.loading, timeout=10_000)
    qtbot.wait(50)  # an older answer arriving late must not replace the newer one
    assert {(f.kind, f.status) for f in widget.findings()} == {("damaged", "resolved")}
