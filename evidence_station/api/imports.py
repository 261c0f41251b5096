"""Imports as the service reports them, and the operations a desk uses to stream a card to the station.

A desk client scans the card, tells the service what is on it (:func:`ImportsApi.begin_import`, one
:class:`CardFileInfo` per file, every file once), then sends each candidate file's bytes followed by their
XXH3-128 checksum (``client.upload_import_file``; the service hashes, stores, reads back and compares), reports the
files it could not read (:func:`ImportsApi.fail_import_file`) and ends with :func:`ImportsApi.finish_import`, which
raises the findings and returns the :class:`ImportResult` — the same object an import on the station itself gives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Annotated, ClassVar, Protocol

import msgspec

from evidence_station.api.custody import HandoverRequest, HandoverView
from evidence_station.api.documents import Document
from evidence_station.api.errors import ErrorPayload
from evidence_station.api.findings import FindingView
from evidence_station.api.types import RowId
from evidence_station.domain.progress import CancelToken, ProgressCallback

#: A file's position in the list sent to ``begin_import``.
FileIndex = Annotated[int, msgspec.Meta(ge=0, le=10_000_000)]


@dataclass(frozen=True)
class ImportedFile:
    """One card file in the import result (the ``files[]`` entries of the CLI contract)."""

    card_path: str
    status: str  # stored | already_stored | skipped
    reason: str | None = None
    error: bool = False
    recording_id: int | None = None
    kind: str | None = None
    size: int | None = None
    sha256: str | None = None
    sm3: str | None = None
    device: str | None = None
    officer: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    playable: bool | None = None
    time_source: str | None = None
    reason_zh: str | None = None  # the reason of a failed or stopped file in Chinese (None: see ``reason``)


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    import_id: int
    status: str  # completed | cancelled | stopped
    card: Path
    files: list[ImportedFile]
    findings: list[FindingView]
    bytes_stored: int
    message: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    message_zh: str = ""  # ``message`` in Chinese
    handover: HandoverView | None = None  # who handed the card over (recorded at the start of the import)

    @property
    def text_zh(self) -> str:
        """The Chinese sentence when there is one, else the English message."""
        return self.message_zh or self.message


@dataclass(frozen=True)
class CardFileInfo:
    """One thing found on the card, as the desk's scan saw it (every file once).

    ``card_path`` is the path relative to the card root, escaped where it is not plain text (see
    :mod:`evidence_station.cards.names`); ``card_path_raw`` holds the exact bytes when the name is not valid UTF-8
    (else None). ``status`` is ``candidate`` (to be sent) or ``skipped`` with ``reason`` (junk, link, …).
    """

    card_path: str
    size: Annotated[int, msgspec.Meta(ge=0)]
    mtime: float
    status: str = "candidate"
    reason: str | None = None
    card_path_raw: bytes | None = None


@dataclass(frozen=True)
class ImportPlan:
    """The service's answer to ``begin_import``: the import's id, which files to send in which order (largest
    first), and how many to send at once."""

    import_id: int
    send: list[int]
    parallel: int


@dataclass(frozen=True)
class StoredFile:
    """The outcome of one file sent (or reported unreadable); ``stop_import`` when the import cannot go on
    (the vault is full or unwritable): send nothing more and finish."""

    file: ImportedFile
    stop_import: bool = False


@dataclass(frozen=True)
class CardRoom:
    """The space estimate of an import: bytes needed, free bytes on the vault disk, spare kept."""

    needed: int
    free: int
    spare: int

    @property
    def fits(self) -> bool:
        """True when the new files fit with the spare margin kept."""
        return self.needed + self.spare <= self.free


@dataclass(frozen=True)
class KnownCardFile:
    """A card file the import preview found already stored: imported earlier from this card (same path on the card
    and size) as recording ``recording_id`` by import ``import_id`` (the last such import)."""

    index: int  # its position in the entries asked about
    recording_id: int
    import_id: int


class ImportsApi(Protocol):
    """Importing a card through the station service (``services/import_service.py``, ``import_receipt.py``,
    ``thumbnail_service.py``, ``import_space.py``, ``import_preview.py``)."""

    SERVICES: ClassVar[tuple[str, ...]] = ("import_service", "import_receipt", "thumbnail_service",
                                           "import_space", "import_preview")

    def begin_import(
        self, card_label: str, card_root: str, entries: list[CardFileInfo], *, activity_id: RowId | None = None,
        file_times_local: bool = False, handover: HandoverRequest | None = None,
    ) -> ImportPlan:
        """Start an import of the card whose files are ``entries`` (``handover``: who handed the card over);
        returns what to send."""
        ...

    def fail_import_file(self, import_id: RowId, index: FileIndex, *, code: str = "", message: str = "",
                         message_zh: str = "", error: ErrorPayload | None = None) -> StoredFile:
        """Record that the desk could not read file ``index``: ``error`` (its code and sentence in English and
        Chinese); an older desk sends the same as ``code``, ``message`` and ``message_zh``."""
        ...

    def finish_import(self, import_id: RowId, *, cancelled: bool = False) -> ImportResult:
        """End the import: findings, final status, every card file's outcome."""
        ...

    def card_room(self, entries: list[CardFileInfo]) -> CardRoom:
        """Will the card's new files fit on the vault disk (the import preview's estimate)?"""
        ...

    def stored_card_files(self, card_label: str, card_root: str,
                          entries: list[CardFileInfo]) -> list[KnownCardFile]:
        """Which of the card's files an earlier import of the same card already stored (same path and size; the
        re-import preview — the import still decides by SHA-256)."""
        ...

    def import_receipt(self, import_id: RowId) -> Document:
        """The signed receipt of an import (made once, kept at the station)."""
        ...

    def make_thumbnails(
        self, recording_ids: list[RowId], progress: ProgressCallback | None = None, cancel: CancelToken | None = None
    ) -> int:
        """Make the missing thumbnail strips of the given videos (after an import); returns how many."""
        ...
