"""Custody of the card: who handed it over (交接), and its verified wipe after the import.

**Hand-over.** At the start of an import the custodian records who handed the card over
(:class:`HandoverRequest`, sent with ``begin_import``): an officer with a station account and a role that may hand
over a card confirms with their own password (``officer`` + ``officer_password``: confirmation ``password``), a
person without an account is named (``officer_name``, ``officer_badge``) and signs the printed record
(confirmation ``signature``). The import receipt then becomes a two-party hand-over record (交接记录).

**Wipe.** After an import whose every file was stored and verified, the custodian's desk — where the card is —
wipes it: :meth:`CustodyApi.begin_card_wipe` lists the card files that were imported; for each, the desk reads the
file, sends its SHA-256 (:meth:`CustodyApi.check_card_file`) and deletes it only when the station answers that it
equals the stored original (which the station re-hashes first), then says whether the deletion worked
(:meth:`CustodyApi.report_card_file_deleted`); :meth:`CustodyApi.finish_card_wipe` takes what is left on the card
(junk, files not imported, files refused) and ends the wipe. Every step is audited; the receipt prints the wipe.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, ClassVar, Protocol

import msgspec

from evidence_station.api.errors import ErrorPayload
from evidence_station.api.types import RowId

#: A SHA-256 as lowercase hex.
Sha256 = Annotated[str, msgspec.Meta(pattern="^[0-9a-f]{64}$")]
#: A file size in bytes.
ByteCount = Annotated[int, msgspec.Meta(ge=0, le=2**63 - 1)]
#: A short text a person typed (names, badge numbers, notes).
ShortText = Annotated[str, msgspec.Meta(max_length=500)]
#: A path on a card or the desk (relative to the card root, or the card's mount point).
PathText = Annotated[str, msgspec.Meta(max_length=4096)]


@dataclass(frozen=True)
class HandoverRequest:
    """Who hands a card over, as the custodian records it at the start of an import.

    Exactly one of ``officer`` (a station user name; ``officer_password`` is their password, typed by them at the
    desk) and ``officer_name`` (a person without an account, who signs the printed record; ``officer_badge`` their
    law-enforcement certificate number). ``device``: the camera's serial (default: the devices the card's file
    names carry). ``handed_at``: when the card was handed over (default: now).
    """

    officer: ShortText = ""
    officer_password: str = field(default="", repr=False)
    officer_name: ShortText = ""
    officer_badge: ShortText = ""
    device: ShortText = ""
    handed_at: datetime | None = None
    note: ShortText = ""


@dataclass(frozen=True)
class HandoverView:
    """A recorded hand-over. ``confirmation``: ``password`` (the officer's account, ``officer_user``, confirmed at
    the desk) or ``signature`` (a person without an account signs the printed record)."""

    handover_id: int
    import_id: int
    officer_name: str
    officer_badge: str
    officer_user: str | None
    confirmation: str
    device: str
    handed_at: datetime
    received_by: str
    received_by_name: str
    recorded_at: datetime
    note: str = ""


@dataclass(frozen=True)
class WipeCandidate:
    """A card file the import stored: the desk checks it with the station, then deletes it."""

    file_id: int
    card_path: str
    size: int
    card_path_raw: bytes | None = None


@dataclass(frozen=True)
class WipePlan:
    """The answer to ``begin_card_wipe``: the wipe's id and the imported files to check and delete."""

    wipe_id: int
    import_id: int
    files: list[WipeCandidate]


@dataclass(frozen=True)
class WipeVerdict:
    """The station's answer on one card file: ``delete`` only when its bytes equal the stored original.

    ``outcome``: ``confirmed``, ``mismatch`` (the card file differs: keep it), ``vault_damaged`` (the stored
    original no longer verifies: keep the card file), ``missing`` (the desk did not find it on the card)."""

    file_id: int
    card_path: str
    delete: bool
    outcome: str
    reason: str = ""
    reason_zh: str = ""


@dataclass(frozen=True)
class CardLeftFile:
    """A file the desk found on the card after deleting what the station confirmed."""

    card_path: PathText
    size: ByteCount = 0
    card_path_raw: bytes | None = None


@dataclass(frozen=True)
class WipedFile:
    """One file of a wipe. ``outcome``: ``deleted``, ``delete_failed``, ``mismatch``, ``vault_damaged``,
    ``missing``, ``kept`` (not imported: junk, a link, …), ``not_imported`` (on the card but not part of the
    import: import the card again), ``unchecked`` (the desk never sent it)."""

    card_path: str
    outcome: str
    size: int | None = None
    sha256: str | None = None
    recording_id: int | None = None
    reason: str = ""
    reason_zh: str = ""


@dataclass(frozen=True)
class CardWipeResult:
    """A wipe: ``status`` ``completed`` (every stored file deleted), ``incomplete`` or ``interrupted``/``running``;
    ``counts`` of each outcome."""

    wipe_id: int
    import_id: int
    status: str
    custodian: str
    card_root: str
    started_at: datetime
    finished_at: datetime | None
    files: list[WipedFile]
    counts: dict[str, int]
    message: str = ""
    message_zh: str = ""


class CustodyApi(Protocol):
    """The card's custody through the station service (``services/card_handover.py``, ``card_wipe.py``)."""

    #: The service modules implementing this area (read by the server's operation registry on newer mains).
    SERVICES: ClassVar[tuple[str, ...]] = ("card_handover", "card_wipe")

    def get_card_handover(self, import_id: RowId) -> HandoverView | None:
        """The hand-over recorded at the start of import ``import_id`` (None: none was recorded)."""
        ...

    def begin_card_wipe(self, import_id: RowId, card_root: PathText) -> WipePlan:
        """Start wiping the card of import ``import_id`` (mounted at the desk at ``card_root``): its stored files."""
        ...

    def check_card_file(self, wipe_id: RowId, file_id: RowId, *, sha256: Sha256, size: ByteCount) -> WipeVerdict:
        """Whether the card file ``file_id`` (its SHA-256 and size as the desk read it) equals the stored original."""
        ...

    def report_card_file_deleted(self, wipe_id: RowId, file_id: RowId, *, deleted: bool, message: ShortText = "",
                                 message_zh: ShortText = "", error: ErrorPayload | None = None) -> WipedFile:
        """Record that the desk deleted a confirmed card file (or could not, and why: ``error``; an older desk
        sends its sentence as ``message`` and ``message_zh``)."""
        ...

    def finish_card_wipe(self, wipe_id: RowId, *, left_on_card: list[CardLeftFile]) -> CardWipeResult:
        """End the wipe with what the desk found left on the card; returns every file's outcome."""
        ...

    def list_card_wipes(self, import_id: RowId) -> list[CardWipeResult]:
        """The wipes of import ``import_id``, oldest first."""
        ...
