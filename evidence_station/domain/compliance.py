"""Compliance vocabulary and pure rules (Art. 3–7, 9, 11, 12, 15).

Enums carry the regulation's categories with their Chinese labels; the functions decide, from plain
values, which clock offset is in force, what a recording's corrected times are, which activity a
recording belongs to, whether a mandatory activity lacks its recording, and whether a late import is
exempt. Services store and show the results; nothing here touches the catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, TypeGuard, overload

from evidence_station.domain import choices
from evidence_station.domain.messages import Msg, Said


class DeviceStatus(StrEnum):
    """Where a body camera stands (Art. 6)."""

    IN_SERVICE = "in_service"
    UNDER_REPAIR = "under_repair"
    RETIRED = "retired"


DEVICE_STATUS_LABELS: dict[DeviceStatus, Msg] = {
    DeviceStatus.IN_SERVICE: Msg("in service"),
    DeviceStatus.UNDER_REPAIR: Msg("under repair"),
    DeviceStatus.RETIRED: Msg("retired"),
}


class DeviceLogKind(StrEnum):
    """Entries of a device's maintenance and damage log (Art. 6)."""

    MAINTENANCE = "maintenance"
    DAMAGE = "damage"
    REPAIR = "repair"
    STATUS = "status"


DEVICE_LOG_LABELS: dict[DeviceLogKind, Msg] = {
    DeviceLogKind.MAINTENANCE: Msg("maintenance"),
    DeviceLogKind.DAMAGE: Msg("damage"),
    DeviceLogKind.REPAIR: Msg("repair"),
    DeviceLogKind.STATUS: Msg("status change"),
}


class ActivityKind(StrEnum):
    """Kinds of enforcement activity: the six of Art. 4 (recording mandatory) and ordinary inspection."""

    LIKELY_DISPUTE = "likely_dispute"
    OBSTRUCTION = "obstruction"
    EMERGENCY = "emergency"
    MAJOR_CASE = "major_case"
    SEALING_SEIZURE = "sealing_seizure"
    REQUIRED_BY_LAW = "required_by_law"
    ORDINARY_INSPECTION = "ordinary_inspection"


ACTIVITY_KIND_LABELS: dict[ActivityKind, Msg] = {
    ActivityKind.LIKELY_DISPUTE: Msg("likely to cause an administrative dispute, review, litigation, complaint or "
                                     "petition (Art. 4 item 1)"),
    ActivityKind.OBSTRUCTION: Msg("obstruction of enforcement or of official duties (Art. 4 item 2)"),
    ActivityKind.EMERGENCY: Msg("handling a major emergency or mass incident (Art. 4 item 3)"),
    ActivityKind.MAJOR_CASE: Msg("major or complex case needing recorded evidence (Art. 4 item 4)"),
    ActivityKind.SEALING_SEIZURE: Msg("sealing up premises, facilities or property, seizing property (Art. 4 item 5)"),
    ActivityKind.REQUIRED_BY_LAW: Msg("recording required by law, regulation or rule (Art. 4 item 6)"),
    ActivityKind.ORDINARY_INSPECTION: Msg("ordinary inspection"),
}

#: The Art. 4 kinds: an activity of one of these must be recorded (or have an Art. 5 record).
MANDATORY_KINDS: frozenset[ActivityKind] = frozenset(set(ActivityKind) - {ActivityKind.ORDINARY_INSPECTION})


class NonRecordingReason(StrEnum):
    """Why an activity was not recorded (the four cases of Art. 5)."""

    EXPLOSION_HAZARD = "explosion_hazard"
    SECRET_OR_PRIVACY = "secret_or_privacy"
    EMERGENCY = "emergency"
    OBJECTIVELY_IMPOSSIBLE = "objectively_impossible"


NON_RECORDING_LABELS: dict[NonRecordingReason, Msg] = {
    NonRecordingReason.EXPLOSION_HAZARD: Msg("explosion-hazard area without explosion-proof recording equipment"),
    NonRecordingReason.SECRET_OR_PRIVACY: Msg("involves state secrets, commercial secrets or personal privacy"),
    NonRecordingReason.EMERGENCY: Msg("an emergency left no time to record"),
    NonRecordingReason.OBJECTIVELY_IMPOSSIBLE: Msg("recording objectively impossible"),
}


class GapReason(StrEnum):
    """Why a recording was interrupted (Art. 11)."""

    EQUIPMENT_FAULT = "equipment_fault"
    BATTERY = "battery"
    STORAGE_FULL = "storage_full"
    BAD_WEATHER = "bad_weather"
    CHANGE_OF_PLACE = "change_of_place"
    OTHER = "other"


GAP_REASON_LABELS: dict[GapReason, Msg] = {
    GapReason.EQUIPMENT_FAULT: Msg("equipment fault or damage"),
    GapReason.BATTERY: Msg("battery low"),
    GapReason.STORAGE_FULL: Msg("storage full"),
    GapReason.BAD_WEATHER: Msg("bad weather"),
    GapReason.CHANGE_OF_PLACE: Msg("change of inspection place"),
    GapReason.OTHER: Msg("another reason"),
}


class LateImportReason(StrEnum):
    """Why recordings reached the station after 24 h (Art. 15); the first three may be exempt."""

    CONTINUOUS_WORK = "continuous_work"
    OFF_SITE_WORK = "off_site_work"
    REMOTE_AREA = "remote_area"
    OTHER = "other"


LATE_IMPORT_LABELS: dict[LateImportReason, Msg] = {
    LateImportReason.CONTINUOUS_WORK: Msg("continuous work"),
    LateImportReason.OFF_SITE_WORK: Msg("work away from the unit"),
    LateImportReason.REMOTE_AREA: Msg("enforcement in a remote area with poor transport"),
    LateImportReason.OTHER: Msg("another reason (not an Art. 15 exemption)"),
}

#: Reasons for which Art. 15 lets the 24 hours run from the officer's return to the unit.
EXEMPT_REASONS: frozenset[LateImportReason] = frozenset(
    {LateImportReason.CONTINUOUS_WORK, LateImportReason.OFF_SITE_WORK, LateImportReason.REMOTE_AREA}
)

#: How far outside an activity's window a recording may lie and still be suggested for it.
ASSIGNMENT_MARGIN = timedelta(minutes=15)


def is_mandatory(kind: ActivityKind | str) -> bool:
    """True when Art. 4 makes recording mandatory for activities of ``kind``."""
    return ActivityKind(kind) in MANDATORY_KINDS


class ConductNoteKind(StrEnum):
    """What an Art. 14 note records: a complaint about an officer, or conduct seen (appearance, language)."""

    COMPLAINT = "complaint"
    CONDUCT = "conduct"


CONDUCT_NOTE_LABELS: dict[ConductNoteKind, Msg] = {
    ConductNoteKind.COMPLAINT: Msg("complaint"),
    ConductNoteKind.CONDUCT: Msg("appearance, language or conduct of the officers"),
}


#: The names of the choices :func:`parse_choice` reads (its ``what``), to render in the reader's language.
CHOICE_NAMES: dict[str, Msg] = {
    "device status": Msg("device status"),
    "log kind": Msg("log kind"),
    "activity kind": Msg("activity kind"),
    "non-recording reason": Msg("non-recording reason"),
    "gap reason": Msg("gap reason"),
    "late-import reason": Msg("late-import reason"),
    "note kind": Msg("note kind"),
}
_CHOICE_LABELS: dict[type[StrEnum], Mapping[Any, Msg]] = {
    DeviceStatus: DEVICE_STATUS_LABELS,
    DeviceLogKind: DEVICE_LOG_LABELS,
    ActivityKind: ACTIVITY_KIND_LABELS,
    NonRecordingReason: NON_RECORDING_LABELS,
    GapReason: GAP_REASON_LABELS,
    LateImportReason: LATE_IMPORT_LABELS,
    ConductNoteKind: CONDUCT_NOTE_LABELS,
}


def parse_choice(enum: type[StrEnum], text: str, what: str) -> StrEnum:
    """``text`` as a member of ``enum``: :func:`evidence_station.domain.choices.parse_choice` with the names of
    the compliance choices and the labels of their values (``what`` not in :data:`CHOICE_NAMES`: as it is)."""
    return choices.parse_choice(enum, text, CHOICE_NAMES.get(what) or Said(what), _CHOICE_LABELS.get(enum))


def next_month(first: date) -> date:
    """The first day of the month after ``first``'s."""
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1)


# -- clock offsets (Art. 7) ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class OffsetMeasurement:
    """One clock check: at station time ``measured_at`` the camera clock was ``offset_s`` ahead."""

    check_id: int
    measured_at: datetime
    offset_s: float


def clock_offset(device_time: datetime, station_time: datetime) -> float:
    """Offset in seconds = camera clock − true (station) time; positive when the camera runs fast."""
    return (device_time - station_time).total_seconds()


def offset_in_force(measurements: Sequence[OffsetMeasurement], at: datetime) -> OffsetMeasurement | None:
    """The latest measurement taken at or before ``at``; None before the device's first clock check."""
    earlier = [m for m in measurements if m.measured_at <= at]
    if not earlier:
        return None
    return max(earlier, key=lambda m: (m.measured_at, m.check_id))


@overload
def corrected_time(camera_time: datetime, offset_s: float | None) -> datetime: ...
@overload
def corrected_time(camera_time: datetime | None, offset_s: float | None) -> datetime | None: ...


def corrected_time(camera_time: datetime | None, offset_s: float | None) -> datetime | None:
    """True time of a camera time: camera time − offset (unchanged when no offset is in force)."""
    if camera_time is None or offset_s is None:
        return camera_time
    return camera_time - timedelta(seconds=offset_s)


def offset_exceeds(offset_s: float | None, threshold_s: float) -> TypeGuard[float]:
    """True when the offset's size is beyond the threshold (a ``clock_offset`` finding); a None offset never is."""
    return offset_s is not None and abs(offset_s) > threshold_s


def drift_per_day(measurements: Sequence[OffsetMeasurement]) -> float | None:
    """Least-squares slope of offset over time, in seconds per day; None with fewer than two days apart."""
    if len(measurements) < 2:
        return None
    origin = min(m.measured_at for m in measurements)
    xs = [(m.measured_at - origin).total_seconds() / 86400 for m in measurements]
    ys = [m.offset_s for m in measurements]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread < 1e-6:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


# -- assignment of recordings to activities (Art. 3, 12) ----------------------------------------------------
@dataclass(frozen=True)
class RecordingSlot:
    """A recording as the assignment rule sees it: device, officer and corrected times."""

    recording_id: int
    device: str | None
    officer: str | None
    start: datetime | None
    end: datetime | None


@dataclass(frozen=True)
class ActivityWindow:
    """An activity as the assignment rule sees it: its time window, devices and officers."""

    activity_id: int
    start: datetime
    end: datetime
    devices: frozenset[str]
    officers: frozenset[str]


@dataclass(frozen=True)
class Suggestion:
    """The activity a recording most likely belongs to, and why."""

    recording_id: int
    activity_id: int
    overlap_s: float
    matched_by: str  # device | officer
    alternatives: tuple[int, ...] = ()


def _overlap(slot: RecordingSlot, window: ActivityWindow, margin: timedelta) -> float | None:
    if slot.start is None:
        return None
    end = slot.end or slot.start
    low, high = window.start - margin, window.end + margin
    if end < low or slot.start > high:
        return None
    return max(0.0, (min(end, high) - max(slot.start, low)).total_seconds())


def suggest_activity(
    slot: RecordingSlot, windows: Sequence[ActivityWindow], margin: timedelta = ASSIGNMENT_MARGIN
) -> Suggestion | None:
    """The activity whose window (± ``margin``) covers the recording and lists its device or officer.

    A listed device is stronger evidence than a listed officer; among equals the larger overlap wins,
    then the earlier activity. Other candidates are named in ``alternatives``.
    """
    candidates: list[tuple[int, float, ActivityWindow, str]] = []
    for window in windows:
        if slot.device and slot.device in window.devices:
            matched, rank = "device", 0
        elif slot.officer and slot.officer in window.officers:
            matched, rank = "officer", 1
        else:
            continue
        overlap = _overlap(slot, window, margin)
        if overlap is not None:
            candidates.append((rank, -overlap, window, matched))
    if not candidates:
        return None
    candidates.sort(key=lambda c: (c[0], c[1], c[2].start, c[2].activity_id))
    _rank, neg_overlap, best, matched = candidates[0]
    others = tuple(c[2].activity_id for c in candidates[1:])
    return Suggestion(slot.recording_id, best.activity_id, -neg_overlap, matched, others)


# -- mandatory activities (Art. 4, 5) and late imports (Art. 15) --------------------------------------------
def lacks_mandatory_recording(
    kind: ActivityKind | str,
    ended_at: datetime,
    now: datetime,
    *,
    has_recordings: bool,
    has_non_recording_record: bool,
    grace: timedelta = timedelta(hours=24),
) -> bool:
    """True when a mandatory activity has neither recordings nor an Art. 5 record once ``grace`` passed.

    The grace is the Art. 15 import deadline: recordings of an activity that ended an hour ago may
    simply not be imported yet.
    """
    if not is_mandatory(kind) or has_recordings or has_non_recording_record:
        return False
    return now - ended_at > grace


def late_import_exempt(
    imported_at: datetime, returned_at: datetime, deadline_hours: float = 24.0
) -> bool:
    """Art. 15 exemption: imported within ``deadline_hours`` of the officer's return to the unit."""
    return imported_at - returned_at <= timedelta(hours=deadline_hours)
