"""A device's continuous timeline: recordings laid end to end, with gaps, overlaps and bookmarks (Qt-free).

:func:`build_timeline` sorts one device's segments and finds the gaps and overlaps between consecutive
recordings that exceed a threshold (default 5 s); :func:`locate` maps a wall-clock instant back to
``(recording_id, offset_ms)`` and :func:`time_of` does the reverse.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from evidence_station.domain.clock import ensure_utc

DEFAULT_THRESHOLD_S = 5.0


@dataclass(frozen=True)
class TimelineSegment:
    """One recording of the device: its id, start and end (aware datetimes) and a short label."""

    recording_id: int
    start: datetime
    end: datetime
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", ensure_utc(self.start))
        object.__setattr__(self, "end", ensure_utc(self.end))
        if self.end < self.start:
            raise ValueError(f"recording {self.recording_id} ends before it starts")

    @property
    def duration_ms(self) -> int:
        """Length of the recording in milliseconds."""
        return round((self.end - self.start).total_seconds() * 1000)


@dataclass(frozen=True)
class TimelineBookmark:
    """A bookmark at ``offset_ms`` into a recording, with its category (Art. 10 kind), note and author."""

    recording_id: int
    offset_ms: int
    category: str
    note: str = ""
    author: str = ""


@dataclass(frozen=True)
class TimelineGap:
    """Time between two consecutive recordings with nothing recorded, and whether it has been explained."""

    start: datetime
    end: datetime
    before_id: int
    after_id: int
    explanation: str | None = None

    @property
    def explained(self) -> bool:
        """Whether someone recorded why nothing was filmed."""
        return bool(self.explanation)

    @property
    def duration_s(self) -> float:
        """Length of the gap in seconds."""
        return (self.end - self.start).total_seconds()

    def minutes_seconds(self) -> tuple[int, int]:
        """The gap's length as whole minutes and remaining seconds (e.g. ``(4, 0)`` for 4 min 00 s)."""
        total = round(self.duration_s)
        return total // 60, total % 60


@dataclass(frozen=True)
class TimelineOverlap:
    """Time covered by two recordings at once (a clock problem worth a warning)."""

    start: datetime
    end: datetime
    first_id: int
    second_id: int

    @property
    def duration_s(self) -> float:
        """Length of the overlap in seconds."""
        return (self.end - self.start).total_seconds()


@dataclass(frozen=True)
class Timeline:
    """Sorted segments with the gaps, overlaps and bookmarks found between and on them."""

    segments: tuple[TimelineSegment, ...] = ()
    gaps: tuple[TimelineGap, ...] = ()
    overlaps: tuple[TimelineOverlap, ...] = ()
    bookmarks: tuple[TimelineBookmark, ...] = field(default=())

    @property
    def start(self) -> datetime | None:
        """Start of the earliest recording."""
        return self.segments[0].start if self.segments else None

    @property
    def end(self) -> datetime | None:
        """End of the latest-ending recording."""
        return max(segment.end for segment in self.segments) if self.segments else None

    def segment(self, recording_id: int) -> TimelineSegment | None:
        """The segment of ``recording_id``, or None."""
        return next((s for s in self.segments if s.recording_id == recording_id), None)


def build_timeline(
    segments: Iterable[TimelineSegment],
    bookmarks: Iterable[TimelineBookmark] = (),
    *,
    threshold_s: float = DEFAULT_THRESHOLD_S,
    explanations: Mapping[tuple[int, int], str] | None = None,
) -> Timeline:
    """Sort one device's segments and find gaps and overlaps longer than ``threshold_s``.

    Each segment is compared with the latest end seen so far, so a long recording that spans several
    short ones yields an overlap with each. ``explanations`` maps ``(before_id, after_id)`` of a gap to
    the recorded reason. Bookmarks on unknown recordings are dropped.
    """
    ordered = tuple(sorted(segments, key=lambda s: (s.start, s.end, s.recording_id)))
    explanations = explanations or {}
    threshold = timedelta(seconds=threshold_s)
    gaps: list[TimelineGap] = []
    overlaps: list[TimelineOverlap] = []
    latest: TimelineSegment | None = None
    for segment in ordered:
        if latest is not None:
            if segment.start - latest.end > threshold:
                key = (latest.recording_id, segment.recording_id)
                gaps.append(TimelineGap(latest.end, segment.start, *key, explanations.get(key)))
            elif latest.end - segment.start > threshold:
                overlap_end = min(latest.end, segment.end)
                overlaps.append(
                    TimelineOverlap(segment.start, overlap_end, latest.recording_id, segment.recording_id)
                )
        if latest is None or segment.end > latest.end:
            latest = segment
    known = {segment.recording_id for segment in ordered}
    marks = tuple(
        sorted((b for b in bookmarks if b.recording_id in known), key=lambda b: (b.recording_id, b.offset_ms))
    )
    return Timeline(ordered, tuple(gaps), tuple(overlaps), marks)


def locate(timeline: Timeline, at: datetime) -> tuple[int, int] | None:
    """``(recording_id, offset_ms)`` of the recording playing at ``at``, or None in a gap or outside.

    Where recordings overlap, the one that started last wins (it is the newer picture of that moment).
    """
    at = ensure_utc(at)
    hits = [segment for segment in timeline.segments if segment.start <= at <= segment.end]
    if not hits:
        return None
    segment = hits[-1]
    return segment.recording_id, round((at - segment.start).total_seconds() * 1000)


def time_of(timeline: Timeline, recording_id: int, offset_ms: int) -> datetime | None:
    """The wall-clock instant ``offset_ms`` into ``recording_id`` (None for an unknown recording)."""
    segment = timeline.segment(recording_id)
    if segment is None:
        return None
    return segment.start + timedelta(milliseconds=int(offset_ms))


def next_segment_after(timeline: Timeline, at: datetime) -> TimelineSegment | None:
    """The first recording that starts after ``at`` (to jump over a gap)."""
    at = ensure_utc(at)
    return next((segment for segment in timeline.segments if segment.start > at), None)
