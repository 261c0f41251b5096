"""A station rolled back to an older catalogue and checkpoint file, and a witness issued before the rollback."""

from __future__ import annotations

import shutil
from pathlib import Path

from evidence_station.audit.checkpoints import CHECKPOINT_FILE
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from tests.helpers.documents import receipt_pdf


def roll_back_after_a_receipt(station: Station, custodian: ServiceContext, work: Path) -> tuple[Station, Path]:
    """Copy the (SQLite) catalogue and checkpoint file, have ``custodian`` issue an import receipt (it knows events
    the copy lacks), close ``station`` and put the copies back; returns the older station, opened, and the receipt."""
    home = station.home
    custodian.end_session()
    station.db.close()
    saved = work / "saved"
    saved.mkdir()
    shutil.copy(home.catalogue_file, saved / "catalogue.sqlite3")
    shutil.copy(home.checkpoints_dir / CHECKPOINT_FILE, saved / CHECKPOINT_FILE)
    receipt = receipt_pdf(custodian, work)
    station.close()
    shutil.copy(saved / "catalogue.sqlite3", home.catalogue_file)  # the older catalogue …
    shutil.copy(saved / CHECKPOINT_FILE, home.checkpoints_dir / CHECKPOINT_FILE)  # … and the older log put back
    return Station.open(home.root), receipt
