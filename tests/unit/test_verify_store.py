"""`verify`: blobs re-hashed several at a time, with one honest progress total and a working cancel."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest

from evidence_station.domain.errors import OperationCancelledError
from evidence_station.domain.progress import CancelToken, Progress
from evidence_station.media.demo_card import write_demo_card
from evidence_station.services.context import ServiceContext
from evidence_station.services.import_service import import_card
from evidence_station.services.station import Station
from evidence_station.services.verify_service import verify_store


@pytest.fixture
def imported(station: Station, people: dict[str, ServiceContext], tmp_path: Path) -> Station:
    card = tmp_path / "card"
    write_demo_card(card, seed=3, day=date(2026, 11, 24))
    assert import_card(people["custodian"], card).status == "completed"
    return station


def test_progress_of_a_parallel_verify_only_goes_forward_to_the_total(imported: Station) -> None:
    reports: list[Progress] = []
    lock = threading.Lock()

    def progress(report: Progress) -> None:
        with lock:
            reports.append(report)

    result = verify_store(imported, progress=progress)
    assert result.ok and result.checked > 5
    blob_bytes = sum(imported.vault.blob_path(d).stat().st_size for d in imported.vault.iter_blob_hashes())
    assert {r.total for r in reports} == {blob_bytes}
    done = [r.done for r in reports]
    assert done == sorted(done) and done[-1] == blob_bytes


def test_cancelling_a_verify_stops_it_with_a_clear_error(imported: Station) -> None:
    token = CancelToken()

    def progress(report: Progress) -> None:
        token.cancel()

    with pytest.raises(OperationCancelledError):
        verify_store(imported, progress=progress, cancel=token)
