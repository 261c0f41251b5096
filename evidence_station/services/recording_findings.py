"""Use case: the findings that concern given recordings (the Library's findings column and details pane)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from evidence_station.catalogue.recordings import Finding, FindingRecording
from evidence_station.domain.roles import Operation
from evidence_station.services.context import ServiceContext
from evidence_station.services.import_service import FindingView

#: Ids per ``IN (...)`` query (far below every database's parameter limit).
_CHUNK = 500


def findings_by_recording(
    ctx: ServiceContext, recording_ids: Sequence[int], *, status: str | None = "open"
) -> dict[int, list[FindingView]]:
    """Recording id → the findings (``status`` only; None for all) that concern it, oldest first.

    Recordings without findings are absent from the result. Two queries per 500 ids, whatever the
    size of the catalogue.
    """
    ctx.require(Operation.READ_FINDINGS)
    wanted = sorted(set(recording_ids))
    per_recording: dict[int, list[int]] = defaultdict(list)
    findings: dict[int, Finding] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        query = (FindingRecording.select(FindingRecording, Finding).join(Finding)
                 .where(FindingRecording.recording.in_(chunk)).order_by(Finding.id))
        if status:
            query = query.where(Finding.status == status)
        for link in query:
            findings[link.finding_id] = link.finding
            per_recording[link.recording_id].append(link.finding_id)
    members: dict[int, list[int]] = defaultdict(list)
    finding_ids = sorted(findings)
    for start in range(0, len(finding_ids), _CHUNK):
        links = (FindingRecording.select(FindingRecording.finding, FindingRecording.recording)
                 .where(FindingRecording.finding.in_(finding_ids[start:start + _CHUNK]))
                 .order_by(FindingRecording.id))
        for link in links:
            members[link.finding_id].append(link.recording_id)
    views = {
        fid: FindingView.of(f, members[fid]) for fid, f in findings.items()
    }
    return {rid: [views[fid] for fid in fids] for rid, fids in per_recording.items()}
