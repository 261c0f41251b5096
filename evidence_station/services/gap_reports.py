"""The rest of Art. 11 for one interruption (``gap`` finding): the spoken explanation tied to the
``interruption_explained`` bookmark at the restart, whom the interruption was reported to and when, and the
officer's written statement kept in the vault as derived evidence (its own SHA-256/SM3, never an original)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from evidence_station.api.documents import Document
from evidence_station.catalogue.bookmarks import Bookmark
from evidence_station.catalogue.compliance import GapReport
from evidence_station.catalogue.recordings import Finding, Recording
from evidence_station.domain.bookmarks import BookmarkCategory, BookmarkStatus
from evidence_station.domain.errors import InvalidInputError, NotFoundError
from evidence_station.domain.findings import FindingKind
from evidence_station.domain.messages import Msg
from evidence_station.domain.roles import Operation
from evidence_station.services.classification_service import refuse_hidden
from evidence_station.services.context import ServiceContext

#: A written statement is a document (scan, PDF, photo), not footage.
MAX_STATEMENT_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class SpokenMark:
    """The ``interruption_explained`` bookmark holding the spoken explanation."""

    bookmark_id: int
    recording_id: int
    offset_s: float


def spoken_mark(resuming: int | None, bookmark_id: int | None) -> SpokenMark | None:
    """The ``interruption_explained`` bookmark at the restart (on the resuming recording): the one named (refused
    unless it is such a bookmark there), else the first one on it, else None."""
    if bookmark_id is not None:
        mark = Bookmark.get_or_none(Bookmark.id == bookmark_id)
        if (mark is None or mark.status != BookmarkStatus.ACTIVE.value
                or mark.category != BookmarkCategory.INTERRUPTION_EXPLAINED.value or mark.recording_id != resuming):
            raise InvalidInputError(
                Msg(
                    "Bookmark {bookmark_id} is not an active interruption_explained bookmark on the recording "
                    "that resumes after the gap ({resuming}); mark the spoken explanation there first.",
                    bookmark_id=bookmark_id,
                    resuming=resuming,
                ))
        return SpokenMark(mark.id, mark.recording_id, mark.offset_ms / 1000)
    if resuming is None:
        return None
    mark = (Bookmark.select().where((Bookmark.recording == resuming)
                                    & (Bookmark.category == BookmarkCategory.INTERRUPTION_EXPLAINED.value)
                                    & (Bookmark.status == BookmarkStatus.ACTIVE.value))
            .order_by(Bookmark.offset_ms, Bookmark.id).first())
    return SpokenMark(mark.id, mark.recording_id, mark.offset_ms / 1000) if mark else None


def check_report(reported_to: str, reported_at: datetime | None, statement_name: str,
                 statement: bytes | None) -> None:
    """Refuse a report time without whom it was reported to, and a statement that is empty, too large or
    nameless."""
    if reported_at is not None and not reported_to.strip():
        raise InvalidInputError(Msg("Say whom the interruption was reported to (--reported-to) with its time."))
    if statement is not None:
        if not statement:
            raise InvalidInputError(Msg("The written statement is empty."))
        if len(statement) > MAX_STATEMENT_BYTES:
            raise InvalidInputError(Msg("The written statement is larger than 32 MB."))
        if not statement_name.strip():
            raise InvalidInputError(Msg("Give the written statement's file name."))


def record_gap_report(
    ctx: ServiceContext, finding: Finding, mark: SpokenMark | None, *, reported_to: str,
    reported_at: datetime | None, statement_name: str, statement: bytes | None,
) -> dict[str, Any]:
    """Keep the gap's bookmark, report and statement (call inside a transaction; a statement is stored in the vault
    first); what was left out keeps its earlier value. Audited; returns the result's details."""
    stored = None
    if statement is not None:
        stored = ctx.station.vault.store_bytes(statement)
        if Recording.select().where(Recording.sha256 == stored.sha256).exists():
            raise InvalidInputError(Msg(
                "These bytes are identical to a stored original; a statement cannot stand for one.",
            ))
    report = GapReport.get_or_none(GapReport.finding == finding.id) or GapReport(
        finding=finding, recorded_by=ctx.actor.user_id, recorded_at=ctx.now())
    if mark is not None:
        report.spoken_bookmark_id = mark.bookmark_id
    if reported_to.strip():
        report.reported_to = reported_to.strip()
        report.reported_at = reported_at or ctx.now()
    if stored is not None:
        report.statement_name = statement_name.strip()
        report.statement_sha256, report.statement_sm3, report.statement_size = stored.sha256, stored.sm3, stored.size
    report.recorded_by_id, report.recorded_at = ctx.actor.user_id, ctx.now()
    report.save()
    details = gap_report_details(report)
    ctx.audit("finding.gap_report", "finding", finding.id, details)
    return details


def gap_report_details(report: GapReport | None) -> dict[str, Any]:
    """The report as the result's ``details`` keys (times as ISO text)."""
    return {
        "spoken_bookmark_id": report.spoken_bookmark_id if report else None,
        "reported_to": report.reported_to if report and report.reported_to else None,
        "reported_at": report.reported_at.isoformat() if report and report.reported_at else None,
        "statement_name": report.statement_name if report and report.statement_sha256 else None,
        "statement_sha256": report.statement_sha256 if report and report.statement_sha256 else None,
        "statement_sm3": report.statement_sm3 if report and report.statement_sm3 else None,
        "statement_size": report.statement_size if report and report.statement_sha256 else None,
    }


def gap_statement(ctx: ServiceContext, finding_id: int) -> Document:
    """The written statement kept for gap ``finding_id`` (derived evidence, read back from the vault and checked
    against its SHA-256); audited."""
    import hashlib

    ctx.require(Operation.READ_FINDINGS, "finding", finding_id)
    report = (GapReport.select().join(Finding).where((GapReport.finding == finding_id)
                                                     & (Finding.kind == FindingKind.GAP.value)).first())
    if report is None or not report.statement_sha256:
        raise NotFoundError(Msg("Gap finding {finding_id} has no written statement.", finding_id=finding_id))
    refuse_hidden(ctx, [link.recording_id for link in report.finding.recording_links], "gap_statement")
    content = ctx.station.vault.blob_path(report.statement_sha256).read_bytes()
    if hashlib.sha256(content).hexdigest() != report.statement_sha256:
        raise InvalidInputError(
            Msg(
                "The written statement of gap finding {finding_id} does not match its SHA-256; run 'verify'.",
                finding_id=finding_id,
            ))
    ctx.audit("finding.gap_statement", "finding", finding_id, {"sha256": report.statement_sha256})
    return Document(file_name=report.statement_name or f"gap-{finding_id}-statement",
                    media_type="application/octet-stream", content=content)
