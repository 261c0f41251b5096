"""Art. 9: an activity is recorded continuously from arrival on site until the end — its window compared with the
footage assigned to it (corrected times, every device), each uncovered stretch an ``incomplete_coverage`` finding.

Evaluated when recordings are assigned to (or moved out of) an activity and when an import brings recordings of an
activity. Re-evaluation is idempotent: a stretch already raised (open or settled) is not raised again, and an open
finding whose stretch no longer exists (more footage came) is closed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from evidence_station.api.findings import FindingView
from evidence_station.catalogue.compliance import Activity
from evidence_station.catalogue.recordings import Finding, Recording
from evidence_station.domain.clock import to_local
from evidence_station.domain.compliance import corrected_time
from evidence_station.domain.findings import (
    COVERAGE_PART_LABELS,
    FindingKind,
    Uncovered,
    duration,
    uncovered_stretches,
)
from evidence_station.domain.messages import Msg
from evidence_station.services.context import ServiceContext
from evidence_station.services.finding_service import close_finding, finding_view, raise_finding

#: Recording kinds whose footage covers time (photos do not).
COVERING_KINDS = ("video", "audio")

def _footage(activity_id: int) -> list[Recording]:
    return list(Recording.select().where(
        (Recording.activity_id == activity_id) & Recording.kind.in_(COVERING_KINDS) & (Recording.size > 0)
        & Recording.disposed_at.is_null() & Recording.duplicate_of.is_null() & Recording.start_at.is_null(False)
        & Recording.end_at.is_null(False)))


def _key(activity_id: int, part: str, start: str, end: str) -> tuple[int, str, str, str]:
    return activity_id, part, start, end


def _raised(activity_id: int) -> dict[tuple[int, str, str, str], Finding]:
    found = {}
    for finding in Finding.select().where(Finding.kind == FindingKind.INCOMPLETE_COVERAGE.value):
        d = finding.details or {}
        if d.get("activity_id") == activity_id:
            found[_key(activity_id, d.get("part", ""), d.get("start", ""), d.get("end", ""))] = finding
    return found


def _raise(ctx: ServiceContext, activity: Activity, stretch: Uncovered, recording_ids: list[int]) -> Finding:
    zone = ctx.station.settings.zone
    span = f"{to_local(stretch.start, zone):%Y-%m-%d %H:%M:%S}–{to_local(stretch.end, zone):%H:%M:%S}"
    window = f"{to_local(activity.start_at, zone):%H:%M}–{to_local(activity.end_at, zone):%H:%M}"
    return raise_finding(
        ctx, FindingKind.INCOMPLETE_COVERAGE,
        Msg("Activity {activity_id} ({place}, {window}): {part} — no footage {span} ({duration}); Art. 9 asks for "
            "recording from arrival on site until the end.", activity_id=activity.id, place=activity.place,
            window=window, part=COVERAGE_PART_LABELS[stretch.part], span=span, duration=duration(stretch.seconds)),
        recording_ids=recording_ids, seconds=stretch.seconds,
        details={"activity_id": activity.id, "part": stretch.part.value, "start": stretch.start.isoformat(),
                 "end": stretch.end.isoformat()})


def review_coverage(ctx: ServiceContext, activity_ids: Iterable[int | None]) -> tuple[list[FindingView], list[int]]:
    """Compare each activity's window with its footage (call inside a transaction): raise a finding per new
    uncovered stretch, close open ones that more footage has covered. Returns (raised views, closed ids)."""
    settings = ctx.station.settings
    raised: list[FindingView] = []
    closed: list[int] = []
    for activity_id in sorted({a for a in activity_ids if a is not None}):
        activity = Activity.get_or_none(Activity.id == activity_id)
        if activity is None:
            continue
        footage = _footage(activity_id)
        spans = [(corrected_time(r.start_at, r.clock_offset_s), corrected_time(r.end_at, r.clock_offset_s))
                 for r in footage]
        stretches = uncovered_stretches(activity.start_at, activity.end_at, spans,
                                        gap_threshold=timedelta(seconds=settings.gap_threshold_s), now=ctx.now())
        current = {_key(activity_id, s.part.value, s.start.isoformat(), s.end.isoformat()): s for s in stretches}
        already = _raised(activity_id)
        for key, finding in already.items():
            if key not in current and finding.status == "open":
                close_finding(ctx, finding, "the activity's footage now covers this stretch (Art. 9)",
                              activity_id=activity_id)
                closed.append(finding.id)
        ids = sorted(r.id for r in footage)
        for key, stretch in current.items():
            if key not in already:
                raised.append(finding_view(_raise(ctx, activity, stretch, ids)))
    return raised, closed

