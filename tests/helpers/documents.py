"""Signed documents made for tests."""

from __future__ import annotations

from pathlib import Path

from evidence_station.services.context import ServiceContext
from evidence_station.services.import_receipt import import_receipt
from tests.helpers.recordings import make_recordings


def receipt_pdf(custodian: ServiceContext, folder: Path) -> Path:
    (rid,) = make_recordings(custodian, sizes=(2_000,))
    from evidence_station.catalogue.recordings import Recording

    document = import_receipt(custodian, Recording.get_by_id(rid).import_session_id)
    path = folder / document.file_name
    path.write_bytes(document.content)
    return path
