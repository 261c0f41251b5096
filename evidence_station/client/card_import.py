"""Importing a card mounted at this desk through the station service: the desk reads each file once and streams
it with its checksum; the station hashes, stores, reads back and compares (see ``api/imports.py``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from evidence_station.api.custody import HandoverRequest
from evidence_station.api.errors import error_payload
from evidence_station.api.imports import CardFileInfo, ImportPlan, ImportResult, StoredFile
from evidence_station.cards.feeder import feed_card
from evidence_station.cards.source import ChecksummedReader
from evidence_station.client.station_client import StationClient
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.domain.progress import CancelToken, ProgressCallback


class ClientImportSink:
    """The four steps of an import, sent to the station service."""

    def __init__(self, client: StationClient, handover: HandoverRequest | None = None,
                 started: Callable[[int], None] | None = None) -> None:
        self.client = client
        self.handover = handover
        self._started = started

    def begin(self, card_label: str, card_root: str, entries: list[CardFileInfo], activity_id: int | None,
              file_times_local: bool) -> ImportPlan:
        """Tell the station what is on the card (and who handed it over)."""
        plan = self.client.begin_import(card_label, card_root, entries, activity_id=activity_id,
                                        file_times_local=file_times_local, handover=self.handover)
        if self._started is not None:
            self._started(plan.import_id)
        return plan

    def store(self, import_id: int, index: int, reader: ChecksummedReader,
              progress: ProgressCallback | None) -> StoredFile:
        """Stream one file (its bytes, then its checksum)."""
        return self.client.upload_import_file(import_id, index, reader, progress)

    def fail(self, import_id: int, index: int, error: EvidenceStationError) -> StoredFile:
        """Report a file this desk could not read."""
        return self.client.fail_import_file(import_id, index, error=error_payload(error))

    def finish(self, import_id: int, cancelled: bool) -> ImportResult:
        """End the import."""
        return self.client.finish_import(import_id, cancelled=cancelled)


def import_card(
    client: StationClient,
    card: Path,
    *,
    activity_id: int | None = None,
    handover: HandoverRequest | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    started: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import every file on ``card`` (mounted at this desk) into the station; the same result as an import run
    at the station. ``handover``: who handed the card over (recorded before any file is sent). ``started(import_id)``
    is called (on this thread) once the station has opened the import: the caller knows its id (and its receipt)
    even when the import then fails."""
    result = feed_card(Path(card), ClientImportSink(client, handover, started), activity_id=activity_id,
                       progress=progress,
                       cancel=cancel)
    return replace(result, card=Path(card).absolute())
