"""Use cases: the disc images an export left at the station — handed to the desk that made them, their burning
at the desk recorded, their provenance sheets read out.

The station keeps every image it built (``exports/export-<id>-disc-<k>.iso``, 0600) and hands it only to the
clerk who made the export (:func:`open_export_image`, audited ``export.download``); the desk writes it where the
clerk asked, checks its SHA-256 against the one the export reported, burns it and reports how the medium read
back (:func:`record_burn`, audited ``export.burn``). An image that did not verify at the station stays there for
examination and is never handed out.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from types import TracebackType
from typing import Any, BinaryIO

from evidence_station.api.documents import Document
from evidence_station.api.exports import BurnReport, ExportResult, ExportState
from evidence_station.catalogue.cases import Export, ExportDisc
from evidence_station.catalogue.database import write_transaction
from evidence_station.disc.disc_reader import open_disc, read_small
from evidence_station.disc.layout import PROVENANCE_NAME
from evidence_station.domain.errors import IntegrityProblemError, InvalidInputError, NotFoundError
from evidence_station.domain.messages import Msg
from evidence_station.domain.progress import CancelToken, ProgressCallback
from evidence_station.domain.roles import Operation
from evidence_station.services import export_service
from evidence_station.services.classification_service import visible_export_filter
from evidence_station.services.classified_streams import require_desk_may_receive_image
from evidence_station.services.context import ServiceContext
from evidence_station.services.disc_register import carrier_classification
from evidence_station.services.export_service import count_export_discs, image_file, problem_dicts
from evidence_station.services.keep_until_store import restamp_export

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)
#: Marks, in a disc's recorded problems, those found on the burned medium (not in the station's image).
MEDIUM = "medium"


class OpenedImage:
    """A disc image the station keeps, opened for reading: ``size`` bytes whose SHA-256 is ``sha256``."""

    def __init__(self, stream: BinaryIO, size: int, sha256: str, name: str) -> None:
        self.stream = stream
        self.size = size
        self.sha256 = sha256
        self.name = name

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes."""
        return self.stream.read(size)

    def readinto(self, buffer: bytearray | memoryview) -> int:
        """Fill ``buffer``; the number of bytes read (0 at the end)."""
        # typing.BinaryIO does not declare readinto; the opened file (io.BufferedReader) has it
        count: int = self.stream.readinto(buffer)  # type: ignore[attr-defined]
        return count

    def close(self) -> None:
        """Close the file."""
        self.stream.close()

    def __enter__(self) -> OpenedImage:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _own_export(ctx: ServiceContext, export_id: int, action: str, what: Msg) -> Export:
    """The export, if the actor may export and made it; else refused (audited ``refused.<action>``)."""
    ctx.require(Operation.EXPORT_EVIDENCE, "export", export_id)
    export = Export.get_or_none(Export.id == export_id)
    if export is None:
        raise NotFoundError(Msg(
            "No export with id {export_id}; list them with `evidence-station exports`.",
            export_id=export_id,
        ))
    if export.created_by_id != ctx.actor.user_id:
        maker = export.created_by.name
        raise ctx.refuse(
            Msg("Export {export_id} was made by {maker}; only the clerk who made an export may {what}.",
                export_id=export_id, maker=maker, what=what),
            f"refused.{action}", "export", export_id,
        )
    return export


def _disc(export: Export, index: int) -> ExportDisc:
    disc = ExportDisc.get_or_none((ExportDisc.export == export) & (ExportDisc.index == index))
    if disc is None:
        raise NotFoundError(
            Msg(
                "Export {id} has no disc {index} (it has {disc_count}; an export that was cancelled, failed "
                "or is still running has no discs).",
                id=export.id,
                index=index,
                disc_count=export.disc_count,
            ),
        )
    return disc


def _image_problems(disc: ExportDisc) -> list[dict[str, Any]]:
    """The problems the station found in its own image (not those of a burned medium)."""
    return [p for p in disc.problems or [] if not p.get(MEDIUM)]


def open_export_image(ctx: ServiceContext, export_id: int, disc: int) -> OpenedImage:
    """Open the image of disc ``disc`` of export ``export_id`` for the desk that made the export (audited
    ``export.download``).

    Refused (exit 3) to anyone but the clerk who made it, and, for a classified carrier, to a remote desk an
    administrator has not allowed (``classified_remote_desks``, as for classified streams; audited
    ``refused.classified_image``); :class:`NotFoundError` when the station keeps no such image;
    :class:`IntegrityProblemError` when the image did not verify at the station (it stays there for examination)
    or is no longer the size it had when it did.
    """
    export = _own_export(ctx, export_id, "export_download", Msg("download its disc images"))
    row = _disc(export, disc)
    require_desk_may_receive_image(ctx, carrier_classification(row), export_id, disc)
    if _image_problems(row):
        raise IntegrityProblemError(
            Msg(
                "Disc {disc} of export {export_id} did not verify at the station; its image is kept there for "
                "examination and is never handed out. Export again.",
                disc=disc,
                export_id=export_id,
            ),
        )
    path = image_file(ctx.station.home.exports_dir, export_id, disc)
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _BINARY)
    except FileNotFoundError:
        raise NotFoundError(
            Msg(
                "The station keeps no image of disc {disc} of export {export_id} (exports made before the "
                "station kept their images were written at the desk only). Export again.",
                disc=disc,
                export_id=export_id,
            ),
        ) from None
    stream = os.fdopen(fd, "rb")
    size = os.fstat(fd).st_size
    if size != row.image_size:
        stream.close()
        raise IntegrityProblemError(
            Msg(
                "The station's image of disc {disc} of export {export_id} is {size:,} bytes, not the "
                "{image_size:,} it had when it verified; it is not handed out. Verify the station and export again.",
                disc=disc,
                export_id=export_id,
                size=size,
                image_size=row.image_size,
            ),
        )
    ctx.audit("export.download", "export", export_id,
              {"disc": disc, "image_sha256": row.image_sha256, "image_size": size})
    return OpenedImage(stream, size, row.image_sha256, path.name)


def record_burn(ctx: ServiceContext, export_id: int, disc: int, report: BurnReport) -> ExportState:
    """Record that disc ``disc`` of export ``export_id`` was burned at the desk to ``report.drive`` and how the
    medium read back (audited ``export.burn``; ``export.verification_failed`` when it did not verify, which fails
    the export as a failed image does).

    Only the clerk who made the export may (exit 3 for anyone else).
    """
    export = _own_export(ctx, export_id, "export_burn", Msg("report burning its discs"))
    row = _disc(export, disc)
    if export.status not in ("completed", "failed") or _image_problems(row):
        raise InvalidInputError(
            Msg(
                "Disc {disc} of export {export_id} was not handed out (the export is {status}); there is no "
                "burn of it to record.",
                disc=disc,
                export_id=export_id,
                status=export.status,
            ),
        )
    medium = [p | {MEDIUM: True} for p in problem_dicts(report.problems)]
    with write_transaction():
        row.burned = True
        row.medium_volume_id = report.medium_volume_id
        row.verified = report.verified
        row.problems = _image_problems(row) + medium
        row.save()
        discs = list(ExportDisc.select().where(ExportDisc.export == export))
        export.verified = all(d.verified for d in discs)
        export.status = "completed" if export.verified else "failed"
        export.burn_drive = report.drive
        export.message = "" if export.verified else "verification failed: " + "; ".join(
            str(p.get("message", "")) for d in discs for p in d.problems or [])[:2000]
        export.save()
        restamp_export(export.id)
        ctx.audit("export.burn", "export", export.id, {
            "disc": disc, "drive": report.drive, "medium_volume_id": report.medium_volume_id,
            "verified": report.verified, "verified_digests": list(report.verified_digests), "problems": medium,
        }, outcome="ok" if report.verified else "failed")
        if not report.verified:
            ctx.audit("export.verification_failed", "export", export.id, {
                "case_number": export.case.number, "problems": [p | {"disc": disc} for p in medium],
            }, outcome="failed")
    return ExportState(export.id, export.status, export.verified, export.message)


def export_sheet(ctx: ServiceContext, export_id: int, disc: int = 1) -> Document:
    """The signed PROVENANCE.pdf of disc ``disc`` of export ``export_id``, read out of the image the station
    keeps (for whoever may see the station's cases and exports, and may know of every recording on it)."""
    ctx.require(Operation.LIST_RECORDINGS, "export", export_id)
    export = Export.get_or_none((Export.id == export_id) & visible_export_filter(ctx))  # Art. 20: above the
    if export is None:  # user's clearance answers as an export that does not exist
        raise NotFoundError(Msg("No export with id {export_id}.", export_id=export_id))
    _disc(export, disc)
    path = image_file(ctx.station.home.exports_dir, export_id, disc)
    if not path.is_file():
        raise NotFoundError(Msg(
            "The station keeps no image of disc {disc} of export {export_id}.",
            disc=disc,
            export_id=export_id,
        ))
    with open_disc(path) as reader:
        data = read_small(reader, PROVENANCE_NAME)
    return Document(file_name=f"export-{export_id}-disc-{disc}-{PROVENANCE_NAME}", media_type="application/pdf",
                    content=data)


class ContextExports:
    """The export operations of a context this process holds — the door :func:`evidence_station.client.disc_export.
    export_to_desk` goes through, in-process (tests, tools); a desk's ``StationClient`` is the same door to a
    station service (or to the embedded one)."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def count_export_discs(self, case_id: int, *, recording_ids: Sequence[int] | None = None, media: str = "dvd",
                           media_bytes: int | None = None) -> int:
        """See :func:`~evidence_station.services.export_service.count_export_discs`."""
        return count_export_discs(self.ctx, case_id, recording_ids=recording_ids, media=media,
                                  media_bytes=media_bytes)

    def export_evidence(self, case_id: int, *, progress: ProgressCallback | None = None,
                        cancel: CancelToken | None = None, **request: Any) -> ExportResult:
        """See :func:`~evidence_station.services.export_service.export_evidence`."""
        return export_service.export_evidence(self.ctx, case_id, progress=progress, cancel=cancel, **request)

    def download_export_image(self, export_id: int, disc: int) -> OpenedImage:
        """See :func:`open_export_image`."""
        return open_export_image(self.ctx, export_id, disc)

    def record_burn(self, export_id: int, disc: int, report: BurnReport) -> ExportState:
        """See :func:`record_burn`."""
        return record_burn(self.ctx, export_id, disc, report)
