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


def test_a_quick_verify_walks_the_store_in_pages(imported: Station, monkeypatch: pytest.MonkeyPatch) -> None:
    """Recordings and vault blobs are read a page at a time (constant memory on a city's catalogue): every live
    recording is checked once, in order, and a blob no row accounts for is still found across page boundaries."""
    from evidence_station.catalogue.recordings import Recording
    from evidence_station.services import verify_service

    monkeypatch.setattr(verify_service, "_PAGE", 2)
    live = [r.id for r in Recording.select(Recording.id).where(Recording.disposed_at.is_null()).order_by(Recording.id)]
    assert len(live) > 5
    stray = "f" * 64
    path = imported.vault.blob_path(stray)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not catalogued")
    path.chmod(0o444)
    reports: list[Progress] = []
    result = verify_store(imported, quick=True, progress=reports.append)
    assert result.checked == len(live)
    assert [r.done for r in reports] == list(range(1, len(live) + 1)) and {r.total for r in reports} == {len(live)}
    assert [(p.kind, stray in p.message) for p in result.problems] == [("extra_blob", True)]
