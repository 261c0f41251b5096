"""What the player window shows around a recording: the device's continuous timeline (Qt-free helpers).

:func:`device_timeline` gathers, through the desk's client, the recordings of the chosen recording's device
that belong to the same stretch of work (consecutive recordings less than :data:`CHAIN_GAP` apart), the
gaps between them with their explanation status, the overlaps, and the active bookmarks. It also says
which of them the window may play — those of the grant the window was opened under (every live viewing grant
of the user when none was named): the others are shown as locked segments and never played.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from evidence_station.api.bookmarks import BookmarkView
from evidence_station.api.findings import GapExplanationView
from evidence_station.api.recordings import RecordingView
from evidence_station.client.station_client import StationClient
from evidence_station.domain.clock import to_local
from evidence_station.domain.compliance import GAP_REASON_LABELS
from evidence_station.domain.messages import Msg, render
from evidence_station.domain.viewing import RequestKind
from evidence_station.gui.i18n import in_language
from evidence_station.playback.timeline import Timeline, TimelineBookmark, TimelineSegment, build_timeline

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
        """True when ``recording_id`` may not be played here: no live viewing approval of the user covers it (or,
        in a window opened under one grant, that grant does not)."""
        return recording_id not in self.granted

    def next_after(self, recording_id: int) -> int | None:
        """The next recording in time order after ``recording_id`` that the user may play, or None."""
        if recording_id not in self.order:
            return None
        later = self.order[self.order.index(recording_id) + 1:]
        return next((rid for rid in later if not self.is_locked(rid)), None)


def granted_recording_ids(client: StationClient, request_id: int | None = None) -> frozenset[int]:
    """Recordings covered by the user's live viewing approvals — only by approval ``request_id`` when given — (no
    audit: nothing is opened).

    The player still opens each one through ``open_viewing_session``, which checks everything again.
    """
    ids: set[int] = set()
    for grant in client.my_grants():
        if grant.kind != RequestKind.VIEWING.value or grant.state != "live":
            continue
        if request_id is None or grant.request_id == request_id:
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


def explanation_text(explanation: GapExplanationView, language: str | None = "en") -> str:
    """How an explained gap is described on the timeline, in ``language`` (the interface's): its Art. 11 reason
    and the text given."""
    reason: str | Msg = GAP_REASON_LABELS.get(explanation.reason, explanation.reason) or Msg("explained")
    if explanation.text:
        return Msg("{reason}: {text}", reason=reason, text=explanation.text).render(language)
    return render(reason, language)


def gap_explanations(client: StationClient, recording_ids: list[int],
                     language: str | None = "en") -> dict[tuple[int, int], str]:
    """``(before_id, after_id)`` → the recorded explanation of each explained gap between these recordings, in
    ``language``."""
    result: dict[tuple[int, int], str] = {}
    for explanation in client.gap_explanations(recording_ids):
        ids = explanation.recording_ids
        if len(ids) == 2:
            result[(ids[0], ids[1])] = result[(ids[1], ids[0])] = explanation_text(explanation, language)
    return result


def timeline_bookmarks(bookmarks: Iterable[BookmarkView]) -> list[TimelineBookmark]:
    """Active bookmarks as timeline markers (the category as its Chinese label)."""
    return [
        TimelineBookmark(b.recording_id, b.offset_ms, in_language(b.category_label_en, b.category_label), b.note,
                         b.author_label)
        for b in bookmarks
        if b.status == "active"
    ]


def same_camera(recordings: Iterable[RecordingView]) -> bool:
    """Whether these recordings all come from one known camera (device)."""
    devices = {r.device for r in recordings}
    return len(devices) == 1 and None not in devices and "" not in devices


def device_timeline(
    client: StationClient, recording_id: int, *, request_id: int | None = None, threshold_s: float | None = None,
    clips: Iterable[int] | None = None, language: str | None = "en",
) -> DeviceTimeline:
    """The continuous timeline of ``recording_id``'s device around it (metadata only: no grant needed); playable
    are the recordings of grant ``request_id`` (of every live viewing grant of the user when None). With ``clips``
    (recordings of one camera the user chose), the timeline holds exactly those, in time order with the gaps
    between them. The gaps' explanations are in ``language`` (the interface's).

    Raises the station's NotFoundError for a recording the user may not know of.
    """
    chosen = client.get_recording(recording_id)
    neighbours: list[RecordingView] = [chosen]
    chosen_clips = [client.get_recording(rid) for rid in dict.fromkeys(clips or ()) if rid != recording_id]
    if chosen_clips:
        neighbours = [chosen, *chosen_clips]
    elif chosen.device and chosen.start is not None:
        neighbours = client.list_recordings(device=chosen.device, since=chosen.start - SEARCH_WINDOW,
                                            until=chosen.start + SEARCH_WINDOW)
    usable = [r for r in neighbours if (r.kind in PLAYABLE_KINDS and not r.disposed and r.duplicate_of is None)
              or r.id == chosen.id]
    chain = (sorted(usable, key=lambda r: (r.start is None, r.start or chosen.start, r.id)) if chosen_clips
             else chain_around(usable, chosen))
    recordings = {r.id: r for r in chain}
    segments = [
        TimelineSegment(r.id, r.start, r.end if r.end and r.end >= r.start else r.start, segment_label(r))
        for r in chain if r.start is not None
    ]
    ids = list(recordings)
    marks = timeline_bookmarks(client.list_bookmarks(recording_ids=ids))
    threshold = client.station.gap_threshold_s if threshold_s is None else threshold_s
    timeline = build_timeline(segments, marks, threshold_s=threshold,
                              explanations=gap_explanations(client, ids, language))
    order = tuple(s.recording_id for s in timeline.segments) or (chosen.id,)
    return DeviceTimeline(timeline, recordings, granted_recording_ids(client, request_id) & frozenset(ids), order)
