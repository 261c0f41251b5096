"""Which completed evidence exports hold which recordings (Art. 16: a recording used as evidence is kept with the
case file). Used by the case rules (detaching) and by the retention decision (``keep_until_store``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from peewee import ModelSelect

from evidence_station.catalogue.cases import Export, ExportDisc, ExportFile


def evidence_exports_of(
    recording_ids: Iterable[int] | ModelSelect, case_id: int | None = None
) -> dict[int, list[Export]]:
    """Recording id → the completed evidence exports (of ``case_id``, or of any case) whose discs hold it, oldest
    first (``recording_ids``: ids, or a sub-query of them)."""
    found: dict[int, list[Export]] = {}
    if isinstance(recording_ids, ModelSelect):  # a sub-query of ids
        ids: Any = recording_ids
    else:
        ids = list(dict.fromkeys(int(r) for r in recording_ids))
        if not ids:
            return found
    query = (ExportFile.select(ExportFile.recording, Export).join(ExportDisc).join(Export)
             .where(ExportFile.recording.in_(ids) & (Export.status == "completed") & (Export.for_evidence == True))  # noqa: E712
             .order_by(Export.id))
    if case_id is not None:
        query = query.where(Export.case == case_id)
    for row in query:
        export = row.disc.export
        exports = found.setdefault(row.recording_id, [])
        if all(e.id != export.id for e in exports):
            exports.append(export)
    return found


def evidence_recordings_of_case(case_id: int) -> list[int]:
    """Ids of the recordings on any completed evidence export of case ``case_id``."""
    query = (ExportFile.select(ExportFile.recording).join(ExportDisc).join(Export)
             .where((Export.case == case_id) & (Export.status == "completed") & (Export.for_evidence == True))  # noqa: E712
             .distinct())
    return [rid for (rid,) in cast(Iterable[tuple[int]], query.tuples())]


def recordings_of_export(export_id: int) -> list[int]:
    """Ids of the recordings on the discs of export ``export_id``."""
    query = ExportFile.select(ExportFile.recording).join(ExportDisc).where(ExportDisc.export == export_id).distinct()
    return [rid for (rid,) in cast(Iterable[tuple[int]], query.tuples())]
