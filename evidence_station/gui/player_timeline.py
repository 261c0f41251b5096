"""What the player window shows around a recording: the device's continuous timeline (Qt-free helpers).

:func:`device_timeline` gathers, through the services, the recordings of the chosen recording's device
that belong to the same stretch of work (consecutive recordings less than :data:`CHAIN_GAP` apart), the
gaps between them with their explanation status, the overlaps, and the active bookmarks. It also says
which of them the user holds a live viewing approval for: the others are shown as locked segments and
never played.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from evidence_station.api.bookmarks import BookmarkView
from evidence_station.api.recordings import RecordingView
from evidence_station.catalogue.compliance import GapExplanation
from evidence_station.domain.clock import to_local
from evidence_station.domain.compliance import GAP_REASON_LABELS_ZH, GapReason
from evidence_station.domain.findings import FindingKind
from evidence_station.domain.viewing import RequestKind
from evidence_station.playback.timeline import Timeline, TimelineBookmark, TimelineSegment, build_timeline
from evidence_station.services.bookmark_service import list_bookmarks
from evidence_station.services.context import ServiceContext
from evidence_station.services.recording_findings import findings_by_recording
from evidence_station.services.recordings_service import get_recording, list_recordings
from evidence_station.services.viewing_service import my_grants

#: Recordings of one device further apart than this belong to different stretches of work.
CHAIN_GAP = timedelta(hours=1)
#: How far around the chosen recording the device's recordings are looked up.
SEARCH_WINDOW = timedelta(hours=12)
PLAYABLE_KINDS = frozenset({"video", "audio"})


@dataclass(frozen=True)
class DeviceTimeline:
    """The continuous timeline around one recording and what the user may play on it."""

    timeline: Timeline
    recordings: dict[int, RecordingView]
    granted: frozenset[int]
    order: tuple[int, ...] = field(default=())

    def is_locked(self, recording_id: int) -> bool:
        """True when the user has no live viewing approval for ``recording_id`` (never playable)."""
        return recording_id not in self.granted

    def next_after(self, recording_id: int) -> int | None:
        """The next recording in time order after ``recording_id`` that the user may play, or None."""
        if recording_id not in self.order:
            return None
        later = self.order[self.order.index(recording_id) + 1:]
        return next((rid for rid in later if not self.is_locked(rid)), None)


def granted_recording_ids(ctx: ServiceContext) -> frozenset[int]:
    """Recordings covered by the acting user's live viewing approvals (no audit: nothing is opened).

    The player still opens each one through ``open_viewing_session``, which checks everything again.
    """
    ids: set[int] = set()
    for grant in my_grants(ctx):
        if grant.kind == RequestKind.VIEWING.value and grant.state == "live":
            ids.update(grant.recording_ids)
    return frozenset(ids)


def chain_around(recordings: Iterable[RecordingView], chosen: RecordingView) -> list[RecordingView]:
    """The recordings connected to ``chosen`` in time order by steps shorter than :data:`CHAIN_GAP`."""
    timed = sorted((r for r in recordings if r.start is not None), key=lambda r: (r.start, r.id))
    if chosen.start is None or chosen.id not in {r.id for r in timed}:
        return [chosen]
    chains: list[list[RecordingView]] = []
    reach = None
    for rec in timed:
        if reach is None or rec.start - reach > CHAIN_GAP:
            chains.append([])
            reach = rec.start
        chains[-1].append(rec)
        reach = max(reach, rec.end or rec.start)
    return next(chain for chain in chains if any(r.id == chosen.id for r in chain))


def segment_label(recording: RecordingView) -> str:
    """A short label for a segment: its local start time."""
    return f"{to_local(recording.start):%H:%M:%S}" if recording.start else recording.file_name


def gap_explanations(ctx: ServiceContext, recording_ids: list[int]) -> dict[tuple[int, int], str]:
    """``(before_id, after_id)`` → the recorded explanation of each explained gap between these recordings.

    A resolved gap finding counts as explained; its Art. 11 reason (in Chinese) is the text shown.
    """
    wanted = set(recording_ids)
    found: dict[int, list[int]] = {}
    for views in findings_by_recording(ctx, recording_ids, status=None).values():
        for view in views:
            if view.kind == FindingKind.GAP.value and view.status != "open" and set(view.recording_ids) <= wanted:
                found[view.id] = view.recording_ids
    if not found:
        return {}
    reasons = {row.finding_id: row for row in GapExplanation.select().where(GapExplanation.finding.in_(list(found)))}
    result: dict[tuple[int, int], str] = {}
    for finding_id, ids in found.items():
        row = reasons.get(finding_id)
        text = "已说明"
        if row is not None:
            try:
                text = GAP_REASON_LABELS_ZH[GapReason(row.reason)]
            except ValueError:
                text = row.reason
            if row.text:
                text += f"：{row.text}"
        if len(ids) == 2:
            result[(ids[0], ids[1])] = result[(ids[1], ids[0])] = text
    return result


def timeline_bookmarks(bookmarks: Iterable[BookmarkView]) -> list[TimelineBookmark]:
    """Active bookmarks as timeline markers (the category as its Chinese label)."""
    return [
        TimelineBookmark(b.recording_id, b.offset_ms, b.category_label, b.note, b.author_label)
        for b in bookmarks
        if b.status == "active"
    ]


def device_timeline(ctx: ServiceContext, recording_id: int, *, threshold_s: float | None = None) -> DeviceTimeline:
    """The continuous timeline of ``recording_id``'s device around it (metadata only: no grant needed).

    Raises the services' NotFoundError for a recording the user may not know of.
    """
    chosen = get_recording(ctx, recording_id)
    neighbours: list[RecordingView] = [chosen]
    if chosen.device and chosen.start is not None:
        neighbours = list_recordings(ctx, device=chosen.device, since=chosen.start - SEARCH_WINDOW,
                                     until=chosen.start + SEARCH_WINDOW)
    usable = [r for r in neighbours if (r.kind in PLAYABLE_KINDS and not r.disposed and r.duplicate_of is None)
              or r.id == chosen.id]
    chain = chain_around(usable, chosen)
    recordings = {r.id: r for r in chain}
    segments = [
        TimelineSegment(r.id, r.start, r.end if r.end and r.end >= r.start else r.start, segment_label(r))
        for r in chain if r.start is not None
    ]
    ids = list(recordings)
    marks = timeline_bookmarks(list_bookmarks(ctx, recording_ids=ids))
    threshold = ctx.station.settings.gap_threshold_s if threshold_s is None else threshold_s
    timeline = build_timeline(segments, marks, threshold_s=threshold, explanations=gap_explanations(ctx, ids))
    order = tuple(s.recording_id for s in timeline.segments) or (chosen.id,)
    return DeviceTimeline(timeline, recordings, granted_recording_ids(ctx) & frozenset(ids), order)
