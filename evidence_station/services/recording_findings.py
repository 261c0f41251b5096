"""Use case: the findings that concern given recordings (the Library's findings column and details pane)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from evidence_station.api.findings import FindingView, GapExplanationView
from evidence_station.catalogue.compliance import GapExplanation
from evidence_station.catalogue.people import User
from evidence_station.catalogue.recordings import Finding, FindingRecording
from evidence_station.domain.findings import FindingKind
from evidence_station.domain.roles import Operation
from evidence_station.services.classification_service import visible_finding_filter
from evidence_station.services.context import ServiceContext

#: Ids per ``IN (...)`` query (far below every database's parameter limit).
_CHUNK = 500


def findings_by_recording(
    ctx: ServiceContext, recording_ids: Sequence[int], *, status: str | None = "open"
) -> dict[int, list[FindingView]]:
    """Recording id → the findings (``status`` only; None for all) that concern it, oldest first.

    Recordings without findings are absent from the result, and so are findings that also concern a recording the
    acting user may not know of (Art. 20). Two queries per 500 ids, whatever the
    size of the catalogue.
    """
    ctx.require(Operation.READ_FINDINGS)
    wanted = sorted(set(recording_ids))
    per_recording: dict[int, list[int]] = defaultdict(list)
    findings: dict[int, Finding] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        query = (FindingRecording.select(FindingRecording, Finding).join(Finding)
                 .where(FindingRecording.recording.in_(chunk) & visible_finding_filter(ctx)).order_by(Finding.id))
        if status:
            query = query.where(Finding.status == status)
        for link in query:
            findings[link.finding_id] = link.finding
            per_recording[link.recording_id].append(link.finding_id)
    views = {view.id: view for view in finding_views([findings[fid] for fid in sorted(findings)])}
    return {rid: [views[fid] for fid in fids] for rid, fids in per_recording.items()}


def gap_explanations(ctx: ServiceContext, recording_ids: Sequence[int]) -> list[GapExplanationView]:
    """The Art. 11 explanations of the gaps that lie between the given recordings only (a gap finding whose
    recordings are all among them), oldest finding first. For the player's timeline: an explained gap is drawn as
    such, with its reason (also one left open as an Art. 11 breach: explained, but not by voice on resuming)."""
    ctx.require(Operation.READ_FINDINGS)
    wanted = set(recording_ids)
    gaps: set[int] = set()
    for views in findings_by_recording(ctx, sorted(wanted), status=None).values():
        gaps.update(view.id for view in views if view.kind == FindingKind.GAP.value)  # explained: rows below
    if not gaps:
        return []
    members = recording_ids_by_finding(sorted(gaps))
    rows = (GapExplanation.select(GapExplanation, User).join(User, on=(GapExplanation.explained_by == User.id))
            .where(GapExplanation.finding.in_(sorted(gaps))).order_by(GapExplanation.finding))
    return [GapExplanationView(row.finding_id, list(members.get(row.finding_id, [])), row.reason, row.text,
                               bool(row.spoken_explanation), row.explained_by.name, row.explained_at)
            for row in rows if set(members.get(row.finding_id, [])) <= wanted]


def recording_ids_by_finding(finding_ids: Sequence[int]) -> dict[int, list[int]]:
    """Finding id → the ids of the recordings it concerns, in link order (one query per 500 findings).

    Findings without links are absent from the result. Callers check the permission.
    """
    wanted = sorted(set(finding_ids))
    members: dict[int, list[int]] = defaultdict(list)
    for start in range(0, len(wanted), _CHUNK):
        links = (FindingRecording.select(FindingRecording.finding, FindingRecording.recording)
                 .where(FindingRecording.finding.in_(wanted[start:start + _CHUNK]))
                 .order_by(FindingRecording.id))
        for link in links:
            members[link.finding_id].append(link.recording_id)
    return members


def finding_views(findings: Sequence[Finding]) -> list[FindingView]:
    """The views of stored findings, in the given order, their recordings read in batches (not one query
    per finding). Callers check the permission."""
    members = recording_ids_by_finding([f.id for f in findings])
    return [finding_view_of(f, list(members.get(f.id, []))) for f in findings]


def finding_view_of(finding: Finding, recording_ids: list[int]) -> FindingView:
    """The view of a stored finding concerning ``recording_ids``."""
    return FindingView(finding.id, finding.kind, recording_ids, finding.seconds, finding.message, finding.status,
                       (finding.details or {}).get("message_zh", ""))
