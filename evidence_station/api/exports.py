"""Evidence exports as the service reports them, and the operations a desk uses to make and fetch discs.

The station builds every disc of an export in its own home — originals copied out of the vault and checked,
signed manifest and provenance sheet, the image, the image read back and verified — and keeps the images,
named by export id and disc number (:func:`ExportsApi.export_evidence`, a job). The desk then downloads each
image (``client.download_export_image``; only the clerk who made the export may), writes it where the person
asked and checks that what it wrote has the SHA-256 the station reported; with a drive it burns the image at
the desk, reads the medium back, verifies it and reports the outcome (:func:`ExportsApi.record_burn`). No view
names a path inside the station's home: :attr:`DiscImageResult.image` is the file the desk wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal, Protocol

import msgspec

from evidence_station.api.audit import AuditProblem
from evidence_station.api.documents import Document
from evidence_station.api.types import MAX_INT64, RowId
from evidence_station.domain.cases import DEFAULT_PURPOSE
from evidence_station.domain.messages import Msg, Said
from evidence_station.domain.progress import CancelToken, ProgressCallback

#: A disc's number within its export (1 … n).
DiscNumber = Annotated[int, msgspec.Meta(ge=1, le=10_000)]

#: A medium's capacity in bytes.
MediaBytes = Annotated[int, msgspec.Meta(ge=1, le=MAX_INT64)]

#: Who a person named on a disc is: its producer (制作人) or extractor (提取人).
PersonRole = Literal["producer", "extractor"]

#: The disc media an export offers (``media=``), with how a person reads them.
MEDIA_LABELS = {"cd": "CD 700 MB", "dvd": "DVD 4.7 GB", "dvd-dl": "DVD DL 8.5 GB", "bd": "BD 25 GB"}


@dataclass(frozen=True)
class DiscPerson:
    """A station user who may be named on a disc as producer or extractor, as the wizard offers them."""

    user: str  # login name: what the export is given
    display_name: str
    badge_number: str
    printed: str  # how the disc names them: 张三（执法证 33010001）
    viewed_case: bool  # approved to view recordings of the case asked about (offered first)


@dataclass(frozen=True)
class DiscProblem:
    """One thing wrong with a disc; ``path`` names the file (relative to the disc root)."""

    path: str
    kind: str
    message: str
    message_zh: str = ""  # the same sentence in Chinese ("" when the problem has none)

    @classmethod
    def of(cls, path: str, kind: str, message: Msg) -> DiscProblem:
        """A problem whose sentence is a :class:`Msg`, rendered in English and Chinese for the wire."""
        return cls(path, kind, str(message), message.render("zh_CN") if message.translated("zh_CN") else "")

    @property
    def text_zh(self) -> str:
        """The Chinese sentence when there is one, else the English message."""
        return self.message_zh or self.message

    @property
    def said(self) -> Msg:
        """The sentence for the reader's language (as it was rendered where the problem was found)."""
        return Said(self.message, zh_CN=self.message_zh)


@dataclass(frozen=True)
class ExportedFile:
    """One original on one disc (the ``files[]`` entries of the CLI contract)."""

    recording_id: int
    disc: int
    path: str
    size: int
    sha256: str
    sm3: str


@dataclass(frozen=True)
class DiscImageResult:
    """One disc: its image's SHA-256 and size, what was verified and — when burned — the medium read back.

    ``image`` is the file the desk wrote the image to (empty as the station reports it: the station keeps its
    own copy, named by export id and disc number, and never names it).
    """

    index: int
    count: int
    image_sha256: str
    image_size: int
    volume_id: str
    manifest_sha256: str
    files: tuple[ExportedFile, ...]
    verified: bool
    burned: bool = False
    drive: str = ""
    medium_volume_id: str = ""
    problems: tuple[DiscProblem, ...] = ()
    #: Digests recomputed from every original read back: out of the image, then (burned) off the medium.
    verified_digests: tuple[str, ...] = ()
    image: str = ""


@dataclass(frozen=True)
class ExportResult:
    """What an export produced. ``verified`` is True only when every disc (and medium) verified."""

    export_id: int
    case_id: int
    case_number: str
    status: str  # completed | failed
    producer: str
    extractor: str
    extraction_time: datetime
    purpose: str
    media: str
    images: tuple[DiscImageResult, ...]
    checkpoint: dict[str, Any] | None = None
    problems: tuple[DiscProblem, ...] = field(default=())

    @property
    def verified(self) -> bool:
        """True when every image (and every burned medium) verified."""
        return bool(self.images) and all(disc.verified for disc in self.images)

    @property
    def image(self) -> str:
        """The file the desk wrote the first (or only) disc image to ("" when it wrote none)."""
        return self.images[0].image

    @property
    def image_sha256(self) -> str:
        """SHA-256 of the first (or only) disc image."""
        return self.images[0].image_sha256

    @property
    def files(self) -> list[ExportedFile]:
        """Every exported original, over all discs."""
        return [item for disc in self.images for item in disc.files]


@dataclass(frozen=True)
class ExportView:
    """One export as recorded in the catalogue; ``images`` has one entry per disc (``index``, ``image`` — where a
    desk wrote it for exports made before the station kept their images, else None: never a path in the home —,
    ``image_sha256``, ``image_size``, ``volume_id``, ``burned``, ``medium_volume_id``, ``verified``,
    ``problems``)."""

    export_id: int
    case_id: int
    case_number: str
    status: str
    producer: str
    extractor: str
    extraction_time: datetime
    purpose: str
    media: str
    disc_count: int
    verified: bool
    created_by: str
    message: str
    images: tuple[dict[str, Any], ...]
    for_evidence: bool = True  # Art. 19: evidence for the case; False: an approved external provision
    purpose_zh: str = ""  # the purpose's Chinese label (作为本案证据附卷 / 经批准对外提供)


@dataclass(frozen=True)
class BurnReport:
    """What a desk reports after burning a disc image: the drive, whether the medium read back verified, the
    medium's volume id, what was wrong and which digests were recomputed off the medium."""

    drive: str
    verified: bool
    medium_volume_id: str = ""
    problems: tuple[DiscProblem, ...] = ()
    verified_digests: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExportState:
    """An export's status as recorded after a burn report (``completed``, or ``failed`` when a disc or medium
    did not verify)."""

    export_id: int
    status: str
    verified: bool
    message: str = ""


@dataclass(frozen=True)
class DiscCheckpointEvidence:
    """What a desk read from a disc for ``verify-disc --against-station``: the disc's ``AUDIT-CHECKPOINT.json``
    (None when the disc has none), its ``STATION-CERT.pem``, the extraction time its manifest states.

    ``disc`` is how the desk names the disc (for messages and the audit); ``read_error`` says why the checkpoint
    file could not be read (then ``checkpoint_json`` is None).
    """

    disc: str
    checkpoint_json: str | None
    certificate_pem: str | None = None
    extraction_time: datetime | None = None
    read_error: str = ""


@dataclass(frozen=True)
class DiscCheckpointCheck:
    """The outcome: ``ok`` when the station's chain still holds exactly what the disc's checkpoint vouches for."""

    ok: bool
    checkpoint_id: int | None
    event_count: int | None
    signed_at: str
    problems: tuple[AuditProblem, ...]


class ExportsApi(Protocol):
    """Evidence exports (``services/export_service.py``, ``export_discs.py``, ``audit_checkpoint_check.py``)."""

    SERVICES: ClassVar[tuple[str, ...]] = ("export_service", "export_discs", "audit_checkpoint_check")

    def count_export_discs(
        self, case_id: RowId, *, recording_ids: list[RowId] | None = None, media: str = "dvd",
        media_bytes: MediaBytes | None = None,
    ) -> int:
        """How many discs an export of these recordings of the case needs (nothing is made)."""
        ...

    def person_on_disc(self, text: str, what: PersonRole) -> str:
        """How ``text`` (a station user's login name, or a name with an ID number) is printed on the disc as its
        ``what``; refused (exit 2) when an export would refuse it."""
        ...

    def people_for_disc(self, *, case_id: RowId | None = None) -> list[DiscPerson]:
        """The active station users who may be named on a disc (producer, extractor) with how they are printed;
        with ``case_id``, those approved to view the case's recordings come first."""
        ...

    def export_evidence(
        self,
        case_id: RowId,
        *,
        producer: str,
        extractor: str,
        recording_ids: list[RowId] | None = None,
        purpose: str = DEFAULT_PURPOSE,
        for_evidence: bool = True,
        media: str = "dvd",
        media_bytes: MediaBytes | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
        secrecy_period: str = "",
    ) -> ExportResult:
        """Build, sign and verify the case's evidence discs at the station (a job); the images stay there.
        ``secrecy_period`` (保密期限) goes with the register entry of a disc holding a classified recording."""
        ...

    def record_burn(self, export_id: RowId, disc: DiscNumber, report: BurnReport) -> ExportState:
        """Record how burning disc ``disc`` of an export at the desk went (its read-back verification)."""
        ...

    def list_exports(self, *, case_id: RowId | None = None) -> list[ExportView]:
        """Exports, newest first (optionally of one case)."""
        ...

    def export_sheet(self, export_id: RowId, disc: DiscNumber = 1) -> Document:
        """The signed PROVENANCE.pdf of one disc of an export, read out of the image the station keeps."""
        ...

    def check_disc_checkpoint(self, evidence: DiscCheckpointEvidence) -> DiscCheckpointCheck:
        """Check a disc's audit checkpoint against this station's certificate and audit chain."""
        ...
