"""Wiping a card mounted at this desk after its import (see ``api/custody.py``): the desk reads each file the import
stored, the station says whether it equals the stored original, and the desk deletes that file only then."""

from __future__ import annotations

import os
from pathlib import Path

from evidence_station.api.custody import CardLeftFile, CardWipeResult
from evidence_station.api.errors import error_payload
from evidence_station.cards.names import display_name
from evidence_station.cards.scan import scan_card
from evidence_station.cards.wipe_file import delete_card_file, read_card_file
from evidence_station.client.station_client import StationClient
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.domain.progress import CancelToken, Progress, ProgressCallback, Stage


def wipe_card(
    client: StationClient,
    card: Path,
    import_id: int,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> CardWipeResult:
    """Delete from ``card`` exactly the files import ``import_id`` stored, each after the station confirmed its
    bytes; returns the wipe (what was deleted, what is left on the card and why)."""
    card = Path(os.path.abspath(card))
    plan = client.begin_card_wipe(import_id, display_name(str(card)))
    on_card = {entry.card_path_display: entry for entry in scan_card(card)}
    for done, candidate in enumerate(plan.files):
        if cancel is not None and cancel.cancelled:
            break  # what is not checked stays on the card; the station records it
        if progress is not None:
            progress(Progress(done, len(plan.files), "files", candidate.card_path, "checking", Stage.WORKING))
        entry = on_card.get(candidate.card_path)
        if entry is None or not entry.is_candidate:
            continue  # gone, or no longer a plain file: the station records it as missing or left
        try:
            read = read_card_file(entry, cancel)
        except EvidenceStationError:
            continue  # unreadable now: left on the card, recorded as unchecked
        verdict = client.check_card_file(plan.wipe_id, candidate.file_id, sha256=read.sha256, size=read.size)
        if not verdict.delete:
            continue
        try:
            delete_card_file(entry, read)
        except EvidenceStationError as exc:
            client.report_card_file_deleted(plan.wipe_id, candidate.file_id, deleted=False, error=error_payload(exc))
        else:
            client.report_card_file_deleted(plan.wipe_id, candidate.file_id, deleted=True)
    left = [CardLeftFile(entry.card_path_display, entry.size, entry.card_path_raw) for entry in scan_card(card)]
    if progress is not None:
        progress(Progress(len(plan.files), len(plan.files), "files", "", "done", Stage.WORKING))
    return client.finish_card_wipe(plan.wipe_id, left_on_card=left)
