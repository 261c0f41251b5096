"""Bookmarks in recordings (Art. 8, 10, 11 markers) as the service reports them, and their operations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Protocol

from evidence_station.api.types import RowId
from evidence_station.api.viewing import Milliseconds


@dataclass(frozen=True)
class BookmarkView:
    """A bookmark as the player's side panel, the timeline and the CLI show it."""

    bookmark_id: int
    recording_id: int
    offset_ms: int
    category: str
    category_label: str  # Chinese
    category_label_en: str
    colour: str  # timeline marker colour, #rrggbb
    note: str
    author: str  # login name
    author_label: str  # display name with badge, as on documents
    created_at: datetime
    status: str  # active | withdrawn
    revision: int
    updated_at: datetime
    at: datetime | None  # camera time of the mark, when the recording's start is known


@dataclass(frozen=True)
class BookmarkRevisionView:
    """One step of a bookmark's history."""

    bookmark_id: int
    number: int
    action: str  # create | edit | withdraw
    changed_by: str
    changed_at: datetime
    reason: str
    old_values: dict[str, Any] | None
    new_values: dict[str, Any]


class BookmarksApi(Protocol):
    """Bookmarks (``services/bookmark_service.py``)."""

    SERVICES: ClassVar[tuple[str, ...]] = ("bookmark_service",)

    def add_bookmark(
        self, recording_id: RowId, *, offset_ms: Milliseconds, category: str, note: str = ""
    ) -> BookmarkView:
        """Mark a moment of a recording (needs a live viewing grant for it)."""
        ...

    def edit_bookmark(
        self,
        bookmark_id: RowId,
        *,
        category: str | None = None,
        note: str | None = None,
        offset_ms: Milliseconds | None = None,
        reason: str,
    ) -> BookmarkView:
        """Change a bookmark (author or director, with a reason; the old version is kept)."""
        ...

    def withdraw_bookmark(self, bookmark_id: RowId, *, reason: str) -> BookmarkView:
        """Withdraw a bookmark (author or director, with a reason); it stays listed with ``include_withdrawn``."""
        ...

    def get_bookmark(self, bookmark_id: RowId) -> BookmarkView:
        """One bookmark."""
        ...

    def bookmark_history(self, bookmark_id: RowId) -> list[BookmarkRevisionView]:
        """Every revision of a bookmark, oldest first."""
        ...

    def list_bookmarks(
        self, *, recording_ids: list[RowId] | None = None, include_withdrawn: bool = False
    ) -> list[BookmarkView]:
        """Bookmarks by recording and time (of recordings the user may know of)."""
        ...
