"""Viewing control as the service reports it (Art. 18–20): requests and grants, viewing sessions and their
streams, snapshots, the viewing register and classifications — and the operations a desk uses on them.

Footage leaves the service only as a stream: :meth:`ViewingApi.open_viewing_session` answers with a
``stream_url`` (``http://127.0.0.1:PORT/stream/TOKEN``) that serves the original's bytes while that session's own
grant is live; no view names a path inside the station's home. Snapshots are decoded by the service from the
stored original; previews and list thumbnails come as bytes, the register's PDF and CSV as documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, ClassVar, Literal, Protocol

import msgspec

from evidence_station.api.documents import Document
from evidence_station.api.types import MAX_INT64, RowId

#: A time into a recording, or a length, in milliseconds (never negative).
Milliseconds = Annotated[int, msgspec.Meta(ge=0, le=MAX_INT64)]

#: Which program opened a viewing session (written into the register).
ViewingClient = Literal["gui", "cli"]


@dataclass(frozen=True)
class ViewingRequestResult:
    """A request and its decision as the GUI and CLI show it."""

    request_id: int
    kind: str
    status: str  # pending | approved | refused | revoked (stored)
    state: str  # pending | live | expired | refused | revoked (right now)
    requested_by: str
    viewer: str
    viewer_label: str
    reason: str
    purpose: str
    recipient: str
    recording_ids: list[int]
    on_site_only: bool
    station_uid: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_reason: str
    valid_from: datetime | None
    valid_until: datetime | None
    seconds_left: float
    revoked_by: str | None
    revoked_at: datetime | None
    revoke_reason: str
    used_at: datetime | None
    # The people as the interface names them: "张伟 (director)" (the login name alone when no display name).
    requested_by_label: str = ""
    decided_by_label: str | None = None
    revoked_by_label: str | None = None


@dataclass(frozen=True)
class GrantView:
    """A live grant to view one recording."""

    request_id: int
    recording_id: int
    viewer: str
    approver: str
    approved_at: datetime
    valid_until: datetime
    seconds_left: float
    on_site_only: bool
    reason: str
    purpose: str
    classification: str
    classification_label: str


@dataclass(frozen=True)
class ViewingSessionView:
    """An open viewing session under one grant: what the player needs to show the footage and log what is watched.

    ``stream_url`` serves the original's bytes (HTTP ranges) while this session's own grant is live; the service
    fills it in (a service function called in-process leaves it empty).
    """

    session_id: int
    recording_id: int
    file_name: str
    sha256: str
    grant: GrantView
    viewer_name: str
    badge_number: str
    watermark_text: str
    classification: str
    classification_label: str
    banner_text: str
    opened_at: datetime
    camera_start: datetime | None
    clock_offset_s: float | None
    stream_url: str = ""


@dataclass(frozen=True)
class WatchedRangeResult:
    """A recorded watched range; ``grant_live`` False tells the player to stop (expired or revoked)."""

    session_id: int
    start_ms: int
    end_ms: int
    grant_live: bool


@dataclass(frozen=True)
class SnapshotView:
    """A still the service decoded from the original during a session and stored in the vault (a derived file,
    not an original); fetch its image with ``snapshot_image``."""

    snapshot_id: int
    session_id: int
    recording_id: int
    offset_ms: int
    sha256: str
    sm3: str
    size: int
    classification: str
    author: str
    taken_at: datetime
    width: int = 0
    height: int = 0


@dataclass(frozen=True)
class SessionSummary:
    """A viewing session as closed."""

    session_id: int
    recording_id: int
    opened_at: datetime
    closed_at: datetime | None
    ranges: list[tuple[int, int]]
    snapshot_ids: list[int]


@dataclass(frozen=True)
class RegisterSnapshot:
    """A snapshot taken during a session."""

    snapshot_id: int
    offset_ms: int
    sha256: str


@dataclass(frozen=True)
class RegisterEntry:
    """One line of the Art. 18 register: one viewing session, under the grant it was opened with."""

    session_id: int
    request_id: int
    viewer: str
    viewer_name: str
    badge_number: str
    requested_by: str
    recording_id: int
    recording_file: str
    recordings: list[str]
    classification: str
    classification_label: str
    reason: str
    purpose: str
    purpose_label: str
    approver: str
    approver_name: str
    approved_at: datetime | None
    valid_until: datetime | None
    on_site_only: bool
    station_uid: str
    client: str
    opened_at: datetime
    closed_at: datetime | None
    watched: list[tuple[int, int]]
    snapshots: list[RegisterSnapshot]


@dataclass(frozen=True)
class ClassificationResult:
    """What ``set_classification`` changed."""

    recording_id: int
    old: str
    new: str
    label_zh: str
    direction: str  # raised | lowered
    changed_by: str
    changed_at: datetime
    reason: str


class ViewingApi(Protocol):
    """Viewing control (``services/viewing_service.py``, ``snapshot_service.py``, ``viewing_register.py``,
    ``classification_service.py``)."""

    SERVICES: ClassVar[tuple[str, ...]] = (
        "viewing_service", "viewing_pictures", "viewing_register", "classification_service")

    # -- requests and decisions ----------------------------------------------------------------------------
    def request_viewing(
        self,
        *,
        recording_ids: list[RowId],
        reason: str,
        purpose: str = "case_handling",
        on_behalf_of: str | None = None,
        on_site_only: bool = False,
        kind: str = "viewing",
        activity_id: RowId | None = None,
        recipient: str = "",
    ) -> ViewingRequestResult:
        """Ask to view recordings (or all of an activity's), or for an approval to provide or export them."""
        ...

    def approve_request(
        self, request_id: RowId, *, hours: float | None = None, on_site_only: bool | None = None
    ) -> ViewingRequestResult:
        """Approve a pending request (director, never one's own) for ``hours`` from now."""
        ...

    def refuse_request(self, request_id: RowId, *, reason: str) -> ViewingRequestResult:
        """Refuse a pending request with a reason (director, never one's own)."""
        ...

    def revoke_request(self, request_id: RowId, *, reason: str) -> ViewingRequestResult:
        """Revoke an approval (director): its streams answer 403 at once."""
        ...

    def list_requests(
        self, *, status: str | None = None, mine: bool = False, pending_for_me: bool = False,
        kind: str | None = None,
    ) -> list[ViewingRequestResult]:
        """Requests, newest first (everyone's for directors and register readers, else one's own)."""
        ...

    def get_request(self, request_id: RowId) -> ViewingRequestResult:
        """One request (the same visibility as ``list_requests``)."""
        ...

    def my_grants(self) -> list[ViewingRequestResult]:
        """The acting user's live approvals, soonest to expire first."""
        ...

    def require_viewing_grant(self, recording_id: RowId) -> GrantView:
        """A live grant under which the acting user may see this recording (an audited refusal otherwise)."""
        ...

    # -- pictures ------------------------------------------------------------------------------------------
    def recording_thumbnail(self, recording_id: RowId) -> bytes | None:
        """The small list icon of a recording the user may know of (PNG), None when there is none."""
        ...

    def open_preview(self, recording_id: RowId) -> bytes | None:
        """The thumbnail strip of a recording (PNG), under a live grant only; audited."""
        ...

    # -- viewing sessions ----------------------------------------------------------------------------------
    def open_viewing_session(
        self, recording_id: RowId, *, client: ViewingClient = "gui", request_id: RowId | None = None
    ) -> ViewingSessionView:
        """Open a recording under the grant ``request_id`` (default: the newest live one covering it); the
        answer's ``stream_url`` serves the footage while that grant is live."""
        ...

    def require_session_grant(self, session_id: RowId) -> GrantView:
        """The grant of an open viewing session of the acting user, while it is live (an audited refusal
        otherwise)."""
        ...

    def record_watched_range(
        self, session_id: RowId, start_ms: Milliseconds, end_ms: Milliseconds
    ) -> WatchedRangeResult:
        """Register a stretch the viewer played; the answer says whether the session's grant is still live."""
        ...

    def take_snapshot(self, session_id: RowId, offset_ms: Milliseconds) -> SnapshotView:
        """Decode the picture at ``offset_ms`` from the stored original and keep it as derived evidence."""
        ...

    def list_snapshots(self, recording_id: RowId) -> list[SnapshotView]:
        """The snapshots taken of a recording the user may know of, by time into it (no pictures: fetch one with
        ``snapshot_image``)."""
        ...

    def snapshot_image(self, snapshot_id: RowId) -> Document:
        """A snapshot's PNG, under a live grant for its recording; audited."""
        ...

    def close_viewing_session(self, session_id: RowId) -> SessionSummary:
        """Close a viewing session (its stream ends); closing a closed session changes nothing."""
        ...

    # -- register and classification -----------------------------------------------------------------------
    def viewing_register(
        self, *, since: datetime | None = None, until: datetime | None = None, viewer: str | None = None
    ) -> list[RegisterEntry]:
        """The register's entries: sessions opened in [since, until), oldest first."""
        ...

    def viewing_register_pdf(
        self, *, since: datetime | None = None, until: datetime | None = None, viewer: str | None = None,
        period: str = "", sign: bool = True,
    ) -> Document:
        """The register as a printable Chinese PDF, signed by the station unless ``sign`` is False; audited."""
        ...

    def viewing_register_csv(
        self, *, since: datetime | None = None, until: datetime | None = None, viewer: str | None = None
    ) -> Document:
        """The register as UTF-8 CSV (with BOM); audited."""
        ...

    def set_classification(self, recording_id: RowId, classification: str, *, reason: str) -> ClassificationResult:
        """Set a recording's class (director with clearance for both classes, with a reason)."""
        ...
