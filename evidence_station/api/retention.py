"""Retention as the service reports it (Art. 16): each recording's keep-until date and why, legal holds,
configured rules, what is due, and the disposal workflow — and the operations on them.

A disposal's signed certificate is kept at the station; :meth:`RetentionApi.disposal_certificate` hands it out
as a :class:`~evidence_station.api.documents.Document` for the client to write (``dispose approve --certificate
FILE``, ``dispose certificate PROPOSAL_ID --out FILE``). No view names a path inside the station's home.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, ClassVar, Protocol

import msgspec

from evidence_station.api.documents import Document
from evidence_station.api.types import RowId
from evidence_station.domain.retention import RetentionReason

#: How many days ahead to look for recordings becoming due (up to a century).
DaysAhead = Annotated[int, msgspec.Meta(ge=0, le=36_500)]


@dataclass(frozen=True)
class HoldView:
    """A legal hold on one recording."""

    hold_id: int
    recording_id: int
    reason: str
    placed_by: str
    placed_at: datetime
    released_by: str | None
    released_at: datetime | None
    release_reason: str

    @property
    def active(self) -> bool:
        """True until released."""
        return self.released_at is None


@dataclass(frozen=True)
class RetentionView:
    """How long one recording is kept and why (``keep_until`` None: permanent or held — see ``reasons``)."""

    recording_id: int
    file_name: str
    sha256: str
    keep_until: datetime | None
    permanent: bool
    held: bool
    due: bool
    reasons: tuple[RetentionReason, ...]
    holds: tuple[HoldView, ...]
    disposed_at: datetime | None
    proposal_id: int | None  # the pending proposal it is in, or the one that disposed of it


@dataclass(frozen=True)
class DueRecording:
    """A recording whose every retention rule has run out by the horizon asked for."""

    recording_id: int
    file_name: str
    card_path: str
    sha256: str
    size: int
    start: datetime | None
    keep_until: datetime
    due_now: bool
    reasons: tuple[RetentionReason, ...]
    proposal_id: int | None  # already in a pending proposal
    device: str | None = None  # the camera's serial (None: not known)


@dataclass(frozen=True)
class RuleView:
    """A configured retention rule (``years`` None: permanent)."""

    scope: str
    value: str
    years: int | None
    reason: str
    set_by: str
    set_at: datetime


@dataclass(frozen=True)
class DisposalItemView:
    """One recording of a proposal; after approval, its tombstone."""

    recording_id: int
    status: str  # proposed | disposed | withheld
    sha256: str
    sm3: str
    size: int
    kind: str
    file_name: str
    card_path: str
    device: str
    officer: str
    start: datetime | None
    end: datetime | None
    imported_at: datetime
    classification: str
    keep_until: datetime | None
    reasons: tuple[dict[str, Any], ...]
    disposed_at: datetime | None
    blob: str  # "" | pending | removed | shared | absent
    shared_with: tuple[int, ...]  # live recordings that kept the bytes; a negative number is a snapshot id
    blob_removed_at: datetime | None


@dataclass(frozen=True)
class DisposalView:
    """A disposal proposal with its decision and items. ``certificate_sha256`` is set once the signed certificate
    is made (the station keeps it: :meth:`RetentionApi.disposal_certificate`)."""

    proposal_id: int
    status: str  # pending | approved | refused
    reason: str
    proposed_by: str
    proposed_by_label: str
    proposed_at: datetime
    decided_by: str | None
    decided_by_label: str | None
    decided_at: datetime | None
    decision_reason: str
    completed_at: datetime | None
    certificate_sha256: str
    approval_event_seq: int | None
    station_uid: str
    items: tuple[DisposalItemView, ...]

    @property
    def has_certificate(self) -> bool:
        """True once the signed certificate is made (fetch it by the proposal's id)."""
        return bool(self.certificate_sha256)

    @property
    def disposed(self) -> tuple[DisposalItemView, ...]:
        """The items actually disposed of."""
        return tuple(i for i in self.items if i.status == "disposed")

    @property
    def withheld(self) -> tuple[DisposalItemView, ...]:
        """Items no longer due at approval time (kept)."""
        return tuple(i for i in self.items if i.status == "withheld")


@dataclass(frozen=True)
class RetentionSummary:
    """Figures for the dashboard: due now, due within the next ``within_days``, pending proposals, holds."""

    generated_at: datetime
    within_days: int
    due_now: int
    due_soon: int
    pending_proposals: int
    active_holds: int


class RetentionApi(Protocol):
    """Retention, legal holds, rules and disposal (``services/retention_service.py``)."""

    SERVICES: ClassVar[tuple[str, ...]] = ("retention_service",)

    def retention_of(self, recording_id: RowId) -> RetentionView:
        """Until when a recording is kept, every rule that applies (deciding first) and its holds."""
        ...

    def due_for_disposal(self, *, within_days: DaysAhead = 0) -> list[DueRecording]:
        """Live recordings whose every rule runs out within ``within_days`` days (0: due now), soonest first."""
        ...

    def retention_summary(self, *, within_days: DaysAhead = 30) -> RetentionSummary:
        """The dashboard's retention figures."""
        ...

    def list_holds(self, *, active_only: bool = True, recording_id: RowId | None = None) -> list[HoldView]:
        """Legal holds, newest first (only active ones unless ``active_only`` is False)."""
        ...

    def place_hold(self, recording_ids: list[RowId], *, reason: str) -> tuple[HoldView, ...]:
        """Put a legal hold on each recording: none can be disposed of until released."""
        ...

    def release_hold(self, hold_id: RowId, *, reason: str) -> HoldView:
        """Release a legal hold (with the reason)."""
        ...

    def list_rules(self) -> list[RuleView]:
        """The configured retention rules (the one-year floor is fixed, not one of them)."""
        ...

    def set_rule(self, *, scope: str, value: str = "", period: str, reason: str) -> RuleView:
        """Set the retention period of a scope (``10y``, ``30y``, ``permanent``); never below one year."""
        ...

    def clear_rule(self, *, scope: str, value: str = "", reason: str) -> RuleView:
        """Remove a configured rule."""
        ...

    def propose_disposal(self, recording_ids: list[RowId], *, reason: str) -> DisposalView:
        """Propose disposing of recordings that are past their retention and not held (custodian)."""
        ...

    def refuse_disposal(self, proposal_id: RowId, *, reason: str) -> DisposalView:
        """Refuse a pending proposal (director): nothing is disposed of."""
        ...

    def approve_disposal(self, proposal_id: RowId, *, exclude_blocked: bool = False) -> DisposalView:
        """Approve a pending proposal (a director who did not propose it) and carry it out; the signed certificate
        is made and kept at the station."""
        ...

    def list_disposals(self, *, status: str | None = None) -> list[DisposalView]:
        """Disposal proposals, newest first."""
        ...

    def get_disposal(self, proposal_id: RowId) -> DisposalView:
        """One disposal proposal with its items (tombstones once approved)."""
        ...

    def disposal_certificate(self, proposal_id: RowId) -> Document:
        """The signed certificate of a carried-out disposal (kept at the station)."""
        ...
