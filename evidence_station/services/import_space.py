"""Before an import copies anything: will the card fit on the vault disk?

A custodian at the end of the day should hear "the vault disk is too full for this card" before the first
byte is copied, not after an hour when the import stops half-way. Files that look already stored (same
name and size as a catalogued recording — a re-inserted card) are left out of the estimate; they are
never skipped on that guess, only hashed and reported ``already_stored``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import cast

from evidence_station.api.imports import CardFileInfo, CardRoom
from evidence_station.cards.scan import CardEntry, card_entry
from evidence_station.catalogue.recordings import Recording
from evidence_station.domain.messages import Msg
from evidence_station.domain.roles import Operation
from evidence_station.services.context import ServiceContext
from evidence_station.vault.blob_store import Vault

_BATCH = 500


def bytes_probably_new(candidates: list[CardEntry]) -> int:
    """Bytes of the candidates that do not look like already catalogued recordings (name and size)."""
    known: set[tuple[str, int]] = set()
    sizes = sorted({entry.size for entry in candidates if entry.size})
    for start in range(0, len(sizes), _BATCH):
        batch = sizes[start:start + _BATCH]
        rows = Recording.select(Recording.file_name, Recording.size).where(Recording.size.in_(batch)).tuples()
        known.update((name, size) for name, size in cast(Iterable[tuple[str, int]], rows))
    return sum(entry.size for entry in candidates if (PurePosixPath(entry.card_path).name, entry.size) not in known)


def room_for_card(vault: Vault, candidates: list[CardEntry]) -> CardRoom:
    """How the card's files compare with the vault disk's free space.

    The catalogue is asked which files look already stored only when the whole card does not fit: that
    query has no index to use (name and size), and most cards fit anyway.
    """
    free, spare = vault.free_bytes(), vault.min_free_bytes
    total = sum(entry.size for entry in candidates)
    needed = total if total + spare <= free else bytes_probably_new(candidates)
    return CardRoom(needed, free, spare)


def require_room_for_card(vault: Vault, candidates: list[CardEntry]) -> None:
    """Raise :class:`~evidence_station.vault.errors.VaultFullError` when the card's new files cannot fit."""
    room = room_for_card(vault, candidates)
    if not room.fits:
        vault.require_space(room.needed, Msg("importing this card"))


def card_room(ctx: ServiceContext, entries: list[CardFileInfo]) -> CardRoom:
    """The import preview's estimate for a card's files (as the desk's scan saw them) on this station's vault."""
    ctx.require(Operation.IMPORT_CARD, "card", "")
    candidates = [card_entry(info) for info in entries if info.status == "candidate"]
    return room_for_card(ctx.station.vault, candidates)
