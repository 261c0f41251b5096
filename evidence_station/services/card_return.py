"""A card that comes back still holding recordings already stored: the officer kept footage (Art. 15).

An officer may not keep recordings: once a card's files are stored, the card is wiped (``card_wipe``) or the
officer deletes them. When a later import of a card finds files whose bytes an earlier, completed import stored,
and the card has plainly been out with an officer since — this import records a hand-over, or stores new footage
too, or the earlier import's card was wiped — the import raises one ``kept_on_card`` finding naming the
recordings, the earlier imports and the officer. (Importing a card again right after an import, or after an
interrupted one, finds its files already stored too: that is no finding.)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from evidence_station.api.findings import FindingView
from evidence_station.catalogue.custody import CardHandover, CardWipe
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.recordings import ImportFile, ImportSession, Recording
from evidence_station.domain.clock import to_local
from evidence_station.domain.findings import FindingKind
from evidence_station.domain.messages import Items, Msg
from evidence_station.services.context import ServiceContext
from evidence_station.services.import_findings import new_import_finding


def raise_kept_on_card(ctx: ServiceContext, session: ImportSession) -> list[FindingView]:
    """The ``kept_on_card`` finding of import ``session`` (empty when the card held nothing stored before)."""
    kept: dict[int, Recording] = {}  # earlier recording id → row
    for item in ImportFile.select().where((ImportFile.import_session == session)
                                          & (ImportFile.status == "already_stored")
                                          & ImportFile.recording.is_null(False)):
        earlier = _earlier_recording(cast(Recording, item.recording), session)  # the query keeps those with one
        if earlier is not None:
            kept[earlier.id] = earlier
    if not kept:
        return []
    earlier_imports = sorted({r.import_session_id for r in kept.values()})
    handover = CardHandover.get_or_none(CardHandover.import_session == session)
    stored_new = ImportFile.select().where((ImportFile.import_session == session)
                                           & (ImportFile.status == "stored")).exists()
    wiped = CardWipe.select().where(CardWipe.import_session.in_(earlier_imports)).exists()
    if handover is None and not stored_new and not wiped:
        return []  # the same card imported twice in a row: it never went back to an officer
    officer = _officer(handover, earlier_imports, kept.values())
    first = ImportSession.get_by_id(earlier_imports[0])
    when = f"{to_local(first.finished_at or first.started_at, ctx.station.settings.zone):%Y-%m-%d %H:%M}"
    listed = Items(earlier_imports)
    said = (Msg("The card came back still holding {files} files already stored by import {listed} ({when}): {officer} "
                "kept recordings on the card (Art. 15: officers may not keep recordings). Wipe the card after this "
                "import.", files=len(kept), listed=listed, when=when, officer=officer) if officer
            else Msg("The card came back still holding {files} files already stored by import {listed} ({when}): the "
                     "officer kept recordings on the card (Art. 15: officers may not keep recordings). Wipe the card "
                     "after this import.", files=len(kept), listed=listed, when=when))
    with write_transaction():
        return [new_import_finding(ctx, session, FindingKind.KEPT_ON_CARD, sorted(kept), said,
                                   details={"officer": officer, "earlier_imports": earlier_imports,
                                            "files": len(kept), "card_wiped_before": wiped})]


def _earlier_recording(recording: Recording, session: ImportSession) -> Recording | None:
    """The recording of an earlier, completed import whose bytes this import found again (None: none)."""
    for candidate in (recording, recording.duplicate_of):
        if candidate is None or candidate.import_session_id == session.id:
            continue
        if candidate.import_session.status == "completed":
            return candidate
    return None


def _officer(handover: CardHandover | None, earlier_imports: list[int], recordings: Iterable[Recording]) -> str:
    """Who kept the recordings: the officer who handed the card over now, else then, else the officers the
    recordings' names carry."""
    if handover is not None:
        return handover.officer_name
    before: CardHandover | None = (CardHandover.select().where(CardHandover.import_session.in_(earlier_imports))
              .order_by(CardHandover.id.desc()).first())
    if before is not None:
        return before.officer_name
    return "、".join(sorted({r.officer for r in recordings if r.officer}))
