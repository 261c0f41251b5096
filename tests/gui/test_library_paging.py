"""The Library's lazy model on a larger catalogue: keyset paging and the capped count ("10,000+")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex

from evidence_station.api.recordings import RecordingCount, RecordingCursor
from evidence_station.client.station_client import StationClient
from evidence_station.gui import recording_model
from evidence_station.gui.pages.library_page import LibraryPage
from evidence_station.gui.recording_model import RecordingModel
from evidence_station.services import recordings_service
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from tests.helpers.recordings import fill_catalogue


def test_pages_continue_after_the_last_row_loaded(
    qtbot: Any, station: Station, admin: ServiceContext, monkeypatch: pytest.MonkeyPatch,
    client_of: Callable[[ServiceContext], StationClient],
) -> None:
    fill_catalogue(station, admin, 1100)
    calls: list[dict[str, Any]] = []

    client = client_of(admin)
    listed = client.list_recordings

    def spy(**kwargs: Any) -> list[Any]:
        calls.append(kwargs)
        return listed(**kwargs)

    monkeypatch.setattr(client, "list_recordings", spy)
    model = RecordingModel(client)
    model.reload()
    model.fetch_all()
    assert [model.recording_at(row).id for row in range(model.rowCount())] == [
        r.id for r in recordings_service.list_recordings(admin)]
    assert calls[0]["after"] is None and all("offset" not in call for call in calls)
    assert calls[1]["after"] == RecordingCursor.of(model.recording_at(199))
    assert len(calls) == 6  # 5 full pages and a short one, then nothing more is asked
    assert not model.canFetchMore(QModelIndex())


def test_count_is_capped_and_shown_as_at_least(
    qtbot: Any, station: Station, admin: ServiceContext, monkeypatch: pytest.MonkeyPatch,
    client_of: Callable[[ServiceContext], StationClient],
) -> None:
    fill_catalogue(station, admin, 1100)
    monkeypatch.setattr(recording_model, "LIBRARY_COUNT_CAP", 1000)
    page = LibraryPage(client_of(admin))
    qtbot.addWidget(page)
    assert page.model.match_count() == RecordingCount(1000, True)
    assert page.count_label.text() == "200 of 1,000+ recordings loaded; scroll for more."
    page.model.fetchMore(QModelIndex())
    assert page.count_label.text() == "400 of 1,000+ recordings loaded; scroll for more."

    page.device_edit.setText("NO-SUCH-CAMERA")
    page.apply_filter()
    assert page.count_label.text() == "0 recordings."
    monkeypatch.setattr(recording_model, "LIBRARY_COUNT_CAP", 2000)
    page.clear_filter()
    assert page.model.match_count() == RecordingCount(1100, False)
    assert page.count_label.text() == "200 of 1,100 recordings loaded; scroll for more."
    page.model.fetch_all()
    assert page.count_label.text() == "1,100 recordings."


def test_the_count_is_made_once_per_load(
    qtbot: Any, station: Station, admin: ServiceContext, monkeypatch: pytest.MonkeyPatch,
    client_of: Callable[[ServiceContext], StationClient],
) -> None:
    fill_catalogue(station, admin, 450)
    counted: list[int | None] = []

    client = client_of(admin)
    count = client.count_recordings

    def spy(**kwargs: Any) -> RecordingCount:
        counted.append(kwargs["cap"])
        return count(**kwargs)

    monkeypatch.setattr(client, "count_recordings", spy)
    model = RecordingModel(client)
    model.reload()
    assert counted == []  # pickers that never ask pay nothing
    assert model.match_count() == model.match_count() == RecordingCount(450, False)
    model.fetchMore(QModelIndex())
    model.match_count()
    assert counted == [recording_model.LIBRARY_COUNT_CAP]
    model.reload()
    model.match_count()
    assert len(counted) == 2
