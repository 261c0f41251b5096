"""Compliance as the service reports it: findings resolved (gaps explained, Art. 11; late imports, Art. 15), the
dashboard's figures and the signed monthly report — and the operations on them.

The monthly report is a :class:`~evidence_station.api.documents.Document` the client writes where the person
asked (``report monthly --out FILE``); the service never writes it to a path a caller names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Protocol

import msgspec

from evidence_station.api.activities import ActivityView, ConductNoteView
from evidence_station.api.devices import DeviceView
from evidence_station.api.documents import Document
from evidence_station.api.findings import FindingView
from evidence_station.api.types import RowId
from evidence_station.api.users import SinglePersonChange

#: How many weeks of imports the dashboard shows.
Weeks = Annotated[int, msgspec.Meta(ge=1, le=520)]
#: After how many days without an import a device counts as not docked.
Days = Annotated[int, msgspec.Meta(ge=1, le=3650)]
#: A time into a recording in seconds (a recording lasts less than a week).
SecondsInto = Annotated[float, msgspec.Meta(ge=0, le=7 * 86400)]


@dataclass(frozen=True)
class ResolveResult:
    """A finding after it was resolved — or, for a gap explained without a spoken explanation (an Art. 11 breach),
    after its explanation was recorded: then the finding is still open and ``resolved_at``/``resolved_by`` are None."""

    finding: FindingView
    resolution: str
    resolved_at: datetime | None
    resolved_by: str | None
    details: dict[str, Any]


@dataclass(frozen=True)
class WeekImports:
    """Recordings imported in one week (Monday first) and how many within the Art. 15 deadline."""

    week_start: date
    recordings: int
    on_time: int
    exempt: int
    late: int

    @property
    def on_time_share(self) -> float | None:
        """Share within the deadline (exempt ones count as on time); None for an empty week."""
        return (self.on_time + self.exempt) / self.recordings if self.recordings else None


@dataclass(frozen=True)
class TimelineSegment:
    """One recording on a device's day, camera and corrected times."""

    recording_id: int
    kind: str
    start: datetime
    end: datetime
    corrected_start: datetime
    corrected_end: datetime
    activity_id: int | None


@dataclass(frozen=True)
class TimelineGap:
    """A ``gap`` finding on a device's day."""

    finding_id: int
    start: datetime
    end: datetime
    seconds: float
    explained: bool
    status: str


@dataclass(frozen=True)
class DeviceTimeline:
    """A device's recordings and gaps on one local day."""

    device: str
    day: date
    segments: list[TimelineSegment]
    gaps: list[TimelineGap]
    checked: bool


@dataclass(frozen=True)
class UndockedDevice:
    """An in-service device whose recordings were last imported long ago (or never)."""

    device: str
    issued_to: str
    last_import_at: datetime | None
    days: int | None


@dataclass(frozen=True)
class UncheckedDay:
    """A day on which a device recorded without an Art. 7 pre-use check."""

    device: str
    day: date
    recordings: int


@dataclass(frozen=True)
class Dashboard:
    """Everything the compliance page shows."""

    generated_at: datetime
    open_findings: dict[str, int]
    unexplained_gaps: int
    weekly_imports: list[WeekImports]
    timelines: list[DeviceTimeline]
    undocked_devices: list[UndockedDevice]
    activities_missing_recordings: list[ActivityView]
    unchecked_days: list[UncheckedDay]
    devices_needing_completion: list[str]


@dataclass(frozen=True)
class MonthlyFigures:
    """The month's compliance figures."""

    month: str
    period_start: datetime
    period_end: datetime
    recordings_imported: int
    imported_on_time: int
    imported_exempt: int
    imported_late: int
    weeks: list[WeekImports]
    gaps: int
    gaps_explained: int
    gaps_spoken: int
    checks: int
    checks_failed: int
    checks_offset_beyond: int
    unchecked_days: list[UncheckedDay]
    activities: int
    mandatory_activities: int
    activities_missing: list[ActivityView]
    non_recording_by_reason: dict[str, int]
    devices: list[DeviceView]
    open_findings: list[FindingView]
    #: account changes that take two people and took effect on one (two-person administration)
    single_person_changes: list[SinglePersonChange] = field(default_factory=list)
    #: every activity of the month, with its Art. 10 checklist (Art. 8 notification included)
    activity_list: list[ActivityView] = field(default_factory=list)
    #: Art. 14 complaint and conduct notes of the month
    conduct_notes: list[ConductNoteView] = field(default_factory=list)


@dataclass(frozen=True)
class ReportResult:
    """The signed monthly report (a PDF document for the client to write) with its SHA-256 and figures."""

    document: Document
    sha256: str
    figures: MonthlyFigures


class ComplianceApi(Protocol):
    """Resolving findings, the dashboard and the monthly report (``services/finding_service.py``,
    ``dashboard_service.py``, ``compliance_report.py``)."""

    SERVICES: ClassVar[tuple[str, ...]] = ("finding_service", "dashboard_service", "compliance_report", "gap_reports")

    def resolve_finding(self, *, finding_id: RowId, resolution: str) -> ResolveResult:
        """Close a finding with a written resolution (gaps, late imports and missing recordings have their own
        route)."""
        ...

    def explain_gap(
        self, *, finding_id: RowId, reason: str, text: str = "", spoken_explanation: bool = False,
        spoken_recording_id: RowId | None = None, spoken_offset_s: SecondsInto | None = None,
        spoken_bookmark_id: RowId | None = None, reported_to: str = "", reported_at: datetime | None = None,
        statement_name: str = "", statement: bytes | None = None,
    ) -> ResolveResult:
        """Record the Art. 11 explanation of a gap (the spoken one tied to the ``interruption_explained`` bookmark
        at the restart; whom it was reported to and when; the written statement as derived evidence) and close the
        finding."""
        ...

    def gap_statement(self, finding_id: RowId) -> Document:
        """The written statement kept for a gap finding (derived evidence from the vault)."""
        ...

    def record_late_import_reason(
        self, *, finding_id: RowId, reason: str, returned_at: datetime | None = None, note: str = ""
    ) -> ResolveResult:
        """Give the Art. 15 reason of a late import (an exemption with the return time) and close the finding."""
        ...

    def build_dashboard(self, *, day: date | None = None, weeks: Weeks = 8, undocked_days: Days = 7) -> Dashboard:
        """The dashboard as of now: timelines for ``day`` (default today, local), ``weeks`` weeks of imports."""
        ...

    def monthly_figures(self, *, month: str) -> MonthlyFigures:
        """The figures of ``month`` (YYYY-MM, station-local), with every finding open now."""
        ...

    def monthly_report(self, *, month: str) -> ReportResult:
        """The month's signed Chinese compliance report (PDF, PAdES-signed by the station)."""
        ...
