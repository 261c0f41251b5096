"""The evidence discs as things: the disc register (Art. 17 附卷) and classified carriers (Art. 20 涉密载体).

Each disc of a completed export is registered: the export enters it when it completes (its number, 第 N 张 of the
export, volume id, image SHA-256, one copy) and a clerk confirms the entry with how many copies were burned
(:meth:`DiscsApi.register_discs`). A disc holding a classified recording (commercial or
state secret) is a classified carrier: it carries its 密级 (the highest class on it) and 保密期限, and each of its
numbered copies is registered to a person. Where each copy went — into the case file (附卷), to a court, to another
agency — and who received it when is recorded per copy (:meth:`DiscsApi.record_disc_transfer`); the label text for
the disc face is printable (:meth:`DiscsApi.disc_labels`, :meth:`DiscsApi.disc_label_sheet`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, ClassVar, Protocol

import msgspec

from evidence_station.api.documents import Document
from evidence_station.api.types import RowId
from evidence_station.domain.messages import Msg

#: How many copies of one disc may be burned and registered.
CopyCount = Annotated[int, msgspec.Meta(ge=1, le=50)]
#: A copy's number (1 … copies).
CopyNumber = Annotated[int, msgspec.Meta(ge=1, le=50)]
#: A short text a person typed.
Text = Annotated[str, msgspec.Meta(max_length=500)]

#: Where a copy may go.
DESTINATION_KINDS = ("case_file", "court", "agency", "other")
DESTINATION_LABELS: dict[str, Msg] = {
    "case_file": Msg("case file"), "court": Msg("court"), "agency": Msg("another agency"),
    "other": Msg("elsewhere"),
}


@dataclass(frozen=True)
class DiscTransferView:
    """One move of a copy: where it went, who received it and when, who recorded it."""

    transfer_id: int
    copy_number: int
    destination_kind: str
    destination: str
    received_by: str
    received_at: datetime
    recorded_by: str
    recorded_at: datetime
    note: str = ""


@dataclass(frozen=True)
class DiscCopyView:
    """Copy ``number`` of a disc: the person it is registered to (classified discs) and where it went
    (``transfers``, oldest first; the last one says where it is)."""

    number: int
    holder: str | None
    holder_name: str | None
    transfers: list[DiscTransferView]


@dataclass(frozen=True)
class DiscRecordView:
    """A registered disc (第 ``disc_index`` 张，共 ``disc_count`` 张 of export ``export_id``)."""

    disc_id: int
    export_id: int
    case_id: int
    case_number: str
    disc_index: int
    disc_count: int
    volume_id: str
    image_sha256: str
    image_size: int
    copies: int
    classification: str
    classification_zh: str
    classified: bool
    secrecy_period: str
    producer: str
    extractor: str
    extraction_time: datetime
    registered_by: str
    registered_at: datetime
    copy_records: list[DiscCopyView]
    #: Entered by its export when the export completed (else registered by a clerk with ``disc register``).
    entered_by_export: bool = False
    #: Who confirmed the entry with ``disc register`` (copies, holders, 保密期限), and when; None while an entry the
    #: export made waits for a clerk.
    confirmed_by: str | None = None
    confirmed_at: datetime | None = None


@dataclass(frozen=True)
class DiscLabel:
    """The text printed on the face of one copy of a disc (one line per item)."""

    disc_id: int
    copy_number: int
    lines: list[str]


class DiscsApi(Protocol):
    """The disc register through the station service (``services/disc_register.py``)."""

    #: The service modules implementing this area (read by the server's operation registry on newer mains).
    SERVICES: ClassVar[tuple[str, ...]] = ("disc_register",)

    def register_discs(self, export_id: RowId, *, copies: CopyCount = 1, holders: list[Text] | None = None,
                       secrecy_period: Text = "") -> list[DiscRecordView]:
        """Register every disc of completed export ``export_id``, or confirm the entries the export made
        (``holders``: the person each numbered copy is registered to, needed for a classified disc, as is its
        ``secrecy_period`` unless the export gave it)."""
        ...

    def record_disc_transfer(self, disc_id: RowId, copy_number: CopyNumber, *, destination_kind: str,
                             destination: Text, received_by: Text, received_at: datetime | None = None,
                             note: Text = "") -> DiscCopyView:
        """Record where copy ``copy_number`` of a disc went (附卷: ``case_file`` and the case file's number) and who
        received it when."""
        ...

    def list_discs(self, *, case_id: RowId | None = None, export_id: RowId | None = None) -> list[DiscRecordView]:
        """The registered discs (of a case, or of an export), in order."""
        ...

    def disc_labels(self, disc_id: RowId) -> list[DiscLabel]:
        """The label text of every copy of a disc."""
        ...

    def disc_label_sheet(self, disc_id: RowId) -> Document:
        """A printable PDF with the label of every copy of a disc."""
        ...
