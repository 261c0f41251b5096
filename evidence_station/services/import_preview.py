"""Before an import: which of a card's files were already imported from this card (the re-import preview).

Re-inserting a card whose files are all in the vault used to preview "12 files to import". Hashing the card to
know would take as long as the import, so the preview asks the catalogue instead: the earlier imports of a card
with the same identity (its mount point or its label, as the desk names them in ``begin_import``) that stored a
file at the same path on the card with the same size, whose recording is still kept. The card file's
modification time is not catalogued, so it is not compared. This is a preview only: the import itself still
hashes every file and reports ``already_stored`` by SHA-256.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from evidence_station.api.imports import CardFileInfo, KnownCardFile
from evidence_station.catalogue.recordings import ImportFile, ImportSession, Recording
from evidence_station.domain.roles import Operation
from evidence_station.services.context import ServiceContext

_BATCH = 500


def stored_card_files(ctx: ServiceContext, card_label: str, card_root: str,
                      entries: list[CardFileInfo]) -> list[KnownCardFile]:
    """The ``entries`` (as the desk's scan saw the card) already stored by an earlier import of the same card:
    same card path and size, recording not disposed of; one answer per entry found, in ``entries`` order."""
    ctx.require(Operation.IMPORT_CARD, "card", card_root)
    same_card = ImportSession.select(ImportSession.id).where(
        (ImportSession.card_root == card_root) | (ImportSession.card_label == card_label))
    wanted: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        if entry.status == "candidate":
            wanted.setdefault(entry.card_path, []).append(index)
    paths = sorted(wanted)
    found: dict[int, KnownCardFile] = {}
    for start in range(0, len(paths), _BATCH):
        rows = (ImportFile.select(ImportFile.card_path, ImportFile.import_session, Recording.id, Recording.size)
                .join(Recording, on=(ImportFile.recording == Recording.id))
                .where(ImportFile.card_path.in_(paths[start:start + _BATCH])
                       & ImportFile.import_session.in_(same_card) & Recording.disposed_at.is_null())
                .order_by(ImportFile.id)
                .tuples())
        for card_path, import_id, recording_id, size in cast(Iterable[tuple[str, int, int, int]], rows):
            for index in wanted[card_path]:
                if entries[index].size == size:
                    found[index] = KnownCardFile(index=index, recording_id=recording_id, import_id=import_id)
    return [found[index] for index in sorted(found)]
