"""Finding kinds and the pure rules that raise them (Art. 7, 9, 11, 15).

The rules take plain values and return what they found; the import and compliance services store the
results as :class:`~evidence_station.catalogue.recordings.Finding` rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import pairwise

from evidence_station.domain.messages import Msg, Said


class FindingKind(StrEnum):
    """The finding kinds of the CLI contract."""

    GAP = "gap"
    LATE_IMPORT = "late_import"
    DAMAGED = "damaged"
    EMPTY = "empty"
    TIME_OVERLAP = "time_overlap"
    CLOCK_OFFSET = "clock_offset"
    DUPLICATE = "duplicate"
    UNASSIGNED = "unassigned"
    MISSING_RECORDING = "missing_recording"
    SINGLE_PERSON_ADMIN = "single_person_admin"  # an account change that takes two people took one
    KEPT_ON_CARD = "kept_on_card"
    AFTER_THE_FACT = "after_the_fact"  # a file named as recorded afterwards (补录, Art. 11)
    NO_DEVICE = "no_device"  # a recording that names no camera: which registered device made it is unknown
    FAILED_CHECK = "failed_check"  # a pre-use check found the device not ready (Art. 7)
    INCOMPLETE_COVERAGE = "incomplete_coverage"  # an activity's window not covered by its footage (Art. 9)
    DEVICE_NOT_IN_SERVICE = "device_not_in_service"  # footage from a retired or under-repair device (Art. 6/12)
    NO_NOTIFICATION = "no_notification"  # a mandatory activity's footage has no notification_given mark (Art. 8)
    LATE_ACKNOWLEDGEMENT = "late_acknowledgement"  # an Art. 5 record not confirmed by the head in time
    PICTURE_OBSCURED = "picture_obscured"  # long black, covered-lens or frozen stretches in a video (Art. 13)


FINDING_LABELS: dict[FindingKind, Msg] = {
    FindingKind.GAP: Msg("gap in the recording"),
    FindingKind.LATE_IMPORT: Msg("imported late"),
    FindingKind.DAMAGED: Msg("damaged file"),
    FindingKind.EMPTY: Msg("empty file"),
    FindingKind.TIME_OVERLAP: Msg("overlapping times"),
    FindingKind.CLOCK_OFFSET: Msg("clock offset"),
    FindingKind.DUPLICATE: Msg("duplicate file"),
    FindingKind.UNASSIGNED: Msg("not assigned to an activity"),
    FindingKind.MISSING_RECORDING: Msg("mandatory recording missing"),
    FindingKind.SINGLE_PERSON_ADMIN: Msg("single-person authorisation (no second person confirmed)"),
    FindingKind.KEPT_ON_CARD: Msg("imported recordings kept on the card"),
    FindingKind.AFTER_THE_FACT: Msg("possibly recorded after the fact"),
    FindingKind.NO_DEVICE: Msg("body camera unknown"),
    FindingKind.FAILED_CHECK: Msg("pre-use check failed"),
    FindingKind.INCOMPLETE_COVERAGE: Msg("footage does not cover the whole activity"),
    FindingKind.DEVICE_NOT_IN_SERVICE: Msg("footage from a device not in service"),
    FindingKind.NO_NOTIFICATION: Msg("party notification not marked"),
    FindingKind.LATE_ACKNOWLEDGEMENT: Msg("not confirmed by the head in time"),
    FindingKind.PICTURE_OBSCURED: Msg("black, covered or frozen picture"),
}

#: Kinds that close only with a director's decision (``finding resolve`` by a director): possible inserted footage
#: (Art. 11) and an explained gap whose officer gave no spoken explanation on resuming (Art. 11 breach).
DIRECTOR_DECIDES: frozenset[FindingKind] = frozenset({FindingKind.TIME_OVERLAP})

#: Gaps longer than this are taken as separate outings, not an interruption of one recording session.
SESSION_BREAK = timedelta(hours=2)
#: Overlaps shorter than this are container rounding, not footage recorded twice.
OVERLAP_TOLERANCE = timedelta(seconds=1)


@dataclass(frozen=True)
class Segment:
    """One recording on a device's time line."""

    recording_id: int
    start: datetime
    end: datetime


@dataclass(frozen=True)
class ContinuityFinding:
    """A gap or an overlap between two consecutive recordings of one device."""

    kind: FindingKind
    earlier: int
    later: int
    seconds: float


def continuity_findings(
    segments: Sequence[Segment],
    gap_threshold: timedelta = timedelta(seconds=5),
    session_break: timedelta = SESSION_BREAK,
) -> list[ContinuityFinding]:
    """Gaps (Art. 9/11) and overlaps (Art. 11, possible insertion) between consecutive recordings.

    ``segments`` are one device's recordings in any order. A gap counts when it is longer than
    ``gap_threshold`` and shorter than ``session_break``; an overlap when a recording starts more than
    :data:`OVERLAP_TOLERANCE` before the previous one ended.
    """
    ordered = sorted(segments, key=lambda s: (s.start, s.end, s.recording_id))
    found: list[ContinuityFinding] = []
    latest: Segment | None = None
    for seg in ordered:
        if latest is not None:
            delta = seg.start - latest.end
            if delta < -OVERLAP_TOLERANCE:
                overlap = min(latest.end, seg.end) - seg.start
                found.append(ContinuityFinding(FindingKind.TIME_OVERLAP, latest.recording_id, seg.recording_id,
                                               overlap.total_seconds()))
            elif gap_threshold < delta < session_break:
                found.append(ContinuityFinding(FindingKind.GAP, latest.recording_id, seg.recording_id,
                                               delta.total_seconds()))
        if latest is None or seg.end > latest.end:
            latest = seg
    return found


#: How far a recording may start after (or stop before) the activity's registered window before it is a finding:
#: activity times are entered to the minute.
COVERAGE_EDGE_TOLERANCE = timedelta(seconds=60)


class CoveragePart(StrEnum):
    """Where an activity's window is not covered by its footage (Art. 9)."""

    LATE_START = "late_start"
    GAP = "gap"
    EARLY_STOP = "early_stop"


COVERAGE_PART_LABELS: dict[CoveragePart, Msg] = {
    CoveragePart.LATE_START: Msg("recording started late"),
    CoveragePart.GAP: Msg("recording interrupted"),
    CoveragePart.EARLY_STOP: Msg("recording stopped early"),
}


@dataclass(frozen=True)
class Uncovered:
    """A stretch of an activity's window that no recording covers."""

    part: CoveragePart
    start: datetime
    end: datetime

    @property
    def seconds(self) -> float:
        """The stretch's length in seconds."""
        return (self.end - self.start).total_seconds()


def uncovered_stretches(
    window_start: datetime,
    window_end: datetime,
    covered: Sequence[tuple[datetime, datetime]],
    *,
    gap_threshold: timedelta = timedelta(seconds=5),
    edge_tolerance: timedelta = COVERAGE_EDGE_TOLERANCE,
    now: datetime | None = None,
) -> list[Uncovered]:
    """Art. 9: the stretches of the window ``window_start``–``window_end`` that none of the ``covered`` intervals
    (every recording of the activity, any device, corrected times) covers: a late start and an early stop longer
    than ``edge_tolerance``, gaps inside longer than ``gap_threshold`` (no upper bound: inside one activity every
    interruption counts). An activity still running at ``now`` is judged up to ``now`` (no early stop yet); an
    activity with no coverage at all is not judged here (that is Art. 4's ``missing_recording``)."""
    end = min(window_end, now) if now is not None else window_end
    spans = sorted((max(a, window_start), min(b, end)) for a, b in covered if b > window_start and a < end)
    if end <= window_start or not spans:
        return []
    merged: list[list[datetime]] = [list(spans[0])]
    for a, b in spans[1:]:
        if a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    found: list[Uncovered] = []
    if merged[0][0] - window_start > edge_tolerance:
        found.append(Uncovered(CoveragePart.LATE_START, window_start, merged[0][0]))
    for (_, left), (right, _) in pairwise(merged):
        if right - left > gap_threshold:
            found.append(Uncovered(CoveragePart.GAP, left, right))
    if end == window_end and window_end - merged[-1][1] > edge_tolerance:
        found.append(Uncovered(CoveragePart.EARLY_STOP, merged[-1][1], window_end))
    return found


def import_delay(recording_end: datetime | None, imported_at: datetime) -> timedelta | None:
    """Time from the end of a recording to its import (Art. 15); None when the end is unknown."""
    if recording_end is None:
        return None
    return imported_at - recording_end


def is_late(delay: timedelta | None, deadline_hours: float = 24.0) -> bool:
    """True when an import came later than the Art. 15 deadline."""
    return delay is not None and delay > timedelta(hours=deadline_hours)


_DURATION_UNITS_EN = ("s", "min", "h", "d")
_DURATION_UNITS_ZH = ("秒", "分", "小时", "天")


def describe_duration(seconds: float, units: tuple[str, str, str, str] = _DURATION_UNITS_EN) -> str:
    """A short duration: ``4 min 0 s``, ``2 h 5 min``, ``12 s`` (``units``: second, minute, hour, day)."""
    second, minute, hour, day = units
    seconds = abs(seconds)
    if seconds < 60:
        return f"{seconds:.0f} {second}"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} {minute} {secs} {second}"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} {hour} {minutes} {minute}"
    days, hours = divmod(hours, 24)
    return f"{days} {day} {hours} {hour}"


def describe_duration_zh(seconds: float) -> str:
    """The same in Chinese, for documents and the Chinese interface: ``4 分 0 秒``, ``2 小时 5 分``."""
    return describe_duration(seconds, _DURATION_UNITS_ZH)


def duration(seconds: float) -> Said:
    """A duration for a :class:`Msg` placeholder: :func:`describe_duration` in the reader's language."""
    return Said(describe_duration(seconds), zh_CN=describe_duration_zh(seconds))
