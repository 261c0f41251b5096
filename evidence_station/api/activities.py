"""Enforcement activities as the service reports them (Art. 3, 4, 12), the recordings that belong to them, and
the Art. 5 non-recording work records — and the operations on them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import ClassVar, Protocol

from evidence_station.api.documents import Document
from evidence_station.api.findings import FindingView
from evidence_station.api.types import RowId


@dataclass(frozen=True)
class ActivityView:
    """An enforcement activity with what the compliance check needs to know."""

    id: int
    kind: str
    kind_label: str
    mandatory: bool
    title: str
    place: str
    start: datetime
    end: datetime
    case_number: str
    officers: list[str]
    devices: list[str]
    recordings: int
    non_recording_records: int
    missing_recording: bool
    note: str
    #: Art. 8/10: every bookmark category → whether an active bookmark of it is on the activity's recordings
    checklist: dict[str, bool] = field(default_factory=dict)
    #: Art. 8: the ``notification_given`` mark is on one of its recordings
    notification_given: bool = False
    #: when the activity was registered in the station (UTC)
    registered_at: datetime | None = None
    #: Art. 3/12: registered after footage it holds had been imported (补登记)
    registered_afterwards: bool = False


@dataclass(frozen=True)
class SuggestionView:
    """A recording suggested for an activity, with camera and corrected times."""

    recording_id: int
    activity_id: int
    device: str | None
    officer: str | None
    file_name: str
    start: datetime | None
    end: datetime | None
    corrected_start: datetime | None
    corrected_end: datetime | None
    clock_offset_s: float | None
    matched_by: str
    overlap_s: float
    alternatives: list[int]


@dataclass(frozen=True)
class AssignResult:
    """Recordings assigned to an activity and the findings that closed because of it."""

    activity_id: int
    assigned: list[int]
    moved: list[int]
    closed_findings: list[int]
    findings: list[FindingView] = field(default_factory=list)  # Art. 9: uncovered stretches raised by this assign


@dataclass(frozen=True)
class NonRecordingView:
    """An Art. 5 work record."""

    id: int
    activity_id: int | None
    reason: str
    reason_label: str
    basis: str
    reporter: str
    head_acknowledged: str
    occurred_on: date
    note: str
    recorded_by: str
    recorded_at: datetime
    closed_findings: list[int]
    #: Art. 5: the head's confirmation in the station (user name and time), by ``acknowledgement_due`` (local day)
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None
    acknowledgement_due: date | None = None
    acknowledgement_late: bool = False
    findings: list[FindingView] = field(default_factory=list)  # raised by this call (late acknowledgement)


@dataclass(frozen=True)
class ConductNoteView:
    """An Art. 14 complaint or conduct note, on an activity and/or a bookmark category."""

    id: int
    kind: str
    kind_label: str
    text: str
    source: str
    occurred_on: date
    activity_id: int | None
    activity_place: str
    bookmark_category: str | None
    bookmark_category_label: str
    recorded_by: str
    recorded_at: datetime


class ActivitiesApi(Protocol):
    """Activities, assigning recordings to them, Art. 5 records (``services/activity_service.py``)."""

    SERVICES: ClassVar[tuple[str, ...]] = ("activity_service", "conduct_service", "head_acknowledgement")

    def list_activities(
        self, *, since: datetime | None = None, until: datetime | None = None, kind: str | None = None,
        missing_only: bool = False,
    ) -> list[ActivityView]:
        """Activities by start time; ``missing_only`` keeps mandatory ones lacking their record."""
        ...

    def get_activity(self, activity_id: RowId) -> ActivityView:
        """One activity, with its Art. 10 checklist."""
        ...

    def add_activity(
        self, *, kind: str, place: str, start: datetime, end: datetime, title: str = "",
        officers: list[str] | None = None, devices: list[str] | None = None, case_number: str = "", note: str = "",
    ) -> ActivityView:
        """Register an enforcement activity with its officers and (registered) devices."""
        ...

    def suggest_assignments(self, *, activity_id: RowId | None = None) -> list[SuggestionView]:
        """Suggestions for every unassigned recording (or only those for ``activity_id``)."""
        ...

    def assign_recordings(
        self, *, activity_id: RowId, recording_ids: list[RowId] | None = None, suggested: bool = False,
        move: bool = False,
    ) -> AssignResult:
        """Confirm recordings (and, with ``suggested``, every current suggestion) as belonging to an activity."""
        ...

    def review_activities(self) -> list[FindingView]:
        """Raise a ``missing_recording`` finding for each mandatory activity past its deadline without a record."""
        ...

    def add_non_recording_record(
        self, *, reason: str, basis: str, reporter: str, head_acknowledged: str, occurred_on: date,
        activity_id: RowId | None = None, note: str = "",
    ) -> NonRecordingView:
        """Write the Art. 5 work record of an activity that was not recorded (reported to the head)."""
        ...

    def acknowledge_non_recording_record(self, *, record_id: RowId, note: str = "") -> NonRecordingView:
        """Art. 5: the head (a director) confirms a non-recording record; a confirmation after the deadline
        (``head_acknowledgement_days``) raises ``late_acknowledgement``."""
        ...

    def non_recording_form(self, record_id: RowId) -> Document:
        """Art. 5: the record's printable form (Chinese PDF signed by the station)."""
        ...

    def list_non_recording_records(
        self, *, since: date | None = None, until: date | None = None
    ) -> list[NonRecordingView]:
        """Art. 5 records by date (``until`` exclusive)."""
        ...

    def add_conduct_note(
        self, *, kind: str, text: str, occurred_on: date | None = None, activity_id: RowId | None = None,
        bookmark_category: str | None = None, source: str = "",
    ) -> ConductNoteView:
        """Art. 14: record a complaint or the conduct seen (``occurred_on`` default: today, station time), on an
        activity and/or a bookmark category."""
        ...

    def list_conduct_notes(
        self, *, since: date | None = None, until: date | None = None, activity_id: RowId | None = None,
    ) -> list[ConductNoteView]:
        """Art. 14 notes by date (``until`` exclusive), optionally of one activity."""
        ...
