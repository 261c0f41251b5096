"""Use cases: bookmarks in recordings (Art. 8, 10, 11 markers) — add, edit, withdraw, list, history.

Rules enforced here (not in the GUI):

* adding or editing a bookmark needs the ``add_bookmark`` role *and* a live viewing grant for that user and
  recording (you mark only what you were allowed to watch); refusals are audited and change nothing;
* only the author or a director edits or withdraws a bookmark, always with a reason;
* nothing is ever deleted: each creation, edit and withdrawal is a numbered :class:`BookmarkRevision`
  with the old and new values, and an audit event in the same transaction;
* bookmarks of recordings above the user's clearance are as invisible as the recordings themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from peewee import ModelSelect

from evidence_station.api.bookmarks import BookmarkRevisionView, BookmarkView
from evidence_station.catalogue.bookmarks import Bookmark, BookmarkRevision
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.people import User
from evidence_station.catalogue.recordings import Recording
from evidence_station.domain.bookmarks import (
    MAX_NOTE,
    BookmarkCategory,
    BookmarkStatus,
    offset_problems,
    parse_category,
)
from evidence_station.domain.cases import clean_text, person_label
from evidence_station.domain.errors import InvalidInputError, NotFoundError
from evidence_station.domain.messages import Msg
from evidence_station.domain.roles import Operation, Role
from evidence_station.export.plan import DiscBookmark
from evidence_station.services.classification_service import (
    can_see,
    hidden_recording_error,
    visible_recording_filter,
)
from evidence_station.services.context import ServiceContext
from evidence_station.services.viewing_service import require_viewing_grant

#: The fields a revision records.
_FIELDS = ("offset_ms", "category", "note", "status")

#: The verbs and nouns of bookmark messages, in Chinese.
#: The words of a bookmark change, as a sentence says them.
_WORDS: dict[str, Msg] = {"edit": Msg("edit"), "withdraw": Msg("withdraw"), "withdrawal": Msg("withdrawal"),
                          "edited": Msg("edited"), "withdrawn again": Msg("withdrawn again")}


# ----------------------------------------------------------------------------------------- results
# ----------------------------------------------------------------------------------------- helpers
def _category(value: str) -> BookmarkCategory | None:
    try:
        return BookmarkCategory(value)
    except ValueError:
        return None


def _author_label(user: User) -> str:
    return person_label(user.display_name or "", user.name, user.badge_number or "")


def _camera_time(rec: Recording, offset_ms: int) -> datetime | None:
    return rec.start_at + timedelta(milliseconds=offset_ms) if rec.start_at is not None else None


def bookmark_view(row: Bookmark) -> BookmarkView:
    """The frozen view of a bookmark row."""
    cat = _category(row.category)
    return BookmarkView(
        bookmark_id=row.id, recording_id=row.recording_id, offset_ms=int(row.offset_ms), category=row.category,
        category_label=cat.label_zh if cat else row.category, category_label_en=cat.label_en if cat else row.category,
        colour=cat.colour if cat else "#7f7f7f", note=row.note, author=row.author.name,
        author_label=_author_label(row.author), created_at=row.created_at, status=row.status,
        revision=row.revision, updated_at=row.updated_at, at=_camera_time(row.recording, int(row.offset_ms)),
    )


def _revision_view(row: BookmarkRevision) -> BookmarkRevisionView:
    return BookmarkRevisionView(
        bookmark_id=row.bookmark_id, number=row.number, action=row.action, changed_by=row.changed_by.name,
        changed_at=row.changed_at, reason=row.reason, old_values=row.old_values, new_values=row.new_values or {},
    )


def recording_duration_ms(rec: Recording) -> int | None:
    """The recording's length in milliseconds: the probed media duration, else end − start; None when unknown."""
    media = rec.media or {}
    duration = media.get("duration_s")
    if isinstance(duration, (int, float)) and duration > 0:
        return round(duration * 1000)
    if rec.start_at is not None and rec.end_at is not None and rec.end_at > rec.start_at:
        millis: int = round((rec.end_at - rec.start_at).total_seconds() * 1000)
        return millis
    return None


def _check_offset(rec: Recording, offset_ms: int) -> int:
    try:
        offset = int(offset_ms)
    except (TypeError, ValueError):
        raise InvalidInputError(
            Msg(
                "The time into the recording must be a number of milliseconds, not {offset_ms!r}.",
                offset_ms=offset_ms,
            )) from None
    problem = offset_problems(offset, recording_duration_ms(rec))
    if problem:
        raise InvalidInputError(Msg("Recording {id}: {problem}", id=rec.id, problem=problem))
    return offset


def _note(note: str | None) -> str:
    return clean_text(note or "", "bookmark note", required=False, limit=MAX_NOTE)


def _reason(reason: str | None, what: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise InvalidInputError(Msg("Give the reason for the {what} (--reason); it is kept in the bookmark's "
                                    "history.", what=_WORDS.get(what, what)))
    return clean_text(text, f"reason for the {what}", limit=MAX_NOTE)


def _get_bookmark(ctx: ServiceContext, bookmark_id: int, action: str) -> Bookmark:
    """The bookmark row; NotFoundError when missing or its recording is hidden from the user (audited)."""
    row = Bookmark.get_or_none(Bookmark.id == bookmark_id)
    if row is None or not can_see(ctx, row.recording):
        if row is not None:
            hidden_recording_error(ctx, row.recording_id, action)  # audits the attempt
        raise NotFoundError(Msg("No bookmark with id {bookmark_id}.", bookmark_id=bookmark_id))
    return row


def _values(row: Bookmark) -> dict[str, Any]:
    return {name: getattr(row, name) for name in _FIELDS}


def _save_change(
    ctx: ServiceContext, row: Bookmark, changes: dict[str, Any], *, action: str, reason: str
) -> Bookmark:
    """Apply ``changes`` (only if nobody changed the bookmark meanwhile), record the revision and audit it."""
    old = {k: getattr(row, k) for k in changes}
    number = row.revision + 1
    now = ctx.now()
    with write_transaction():
        updated = (Bookmark.update(**changes, revision=number, updated_at=now)
                   .where((Bookmark.id == row.id) & (Bookmark.revision == row.revision)).execute())
        if updated != 1:
            raise InvalidInputError(Msg(
                "Bookmark {id} was changed by someone else meanwhile; look again and retry.",
                id=row.id,
            ))
        BookmarkRevision.create(bookmark=row.id, number=number, action=action, changed_by=ctx.actor.user_id,
                                changed_at=now, reason=reason, old_values=old, new_values=changes)
        ctx.audit(f"bookmark.{action}", "bookmark", row.id, {
            "recording_id": row.recording_id, "revision": number, "reason": reason, "old": old, "new": changes,
        })
    return Bookmark.get_by_id(row.id)


def _require_author_or_director(ctx: ServiceContext, row: Bookmark, verb: str) -> None:
    if row.author_id == ctx.actor.user_id or ctx.actor.has(Role.DIRECTOR):
        return
    raise ctx.refuse(
        Msg("Bookmark {id} was made by {author!r}; only its author or a director may {verb} it.", id=row.id,
            author=row.author.name, verb=_WORDS.get(verb, verb)),
        f"refused.{verb}_bookmark", "bookmark", row.id,
    )


def _require_active(row: Bookmark, verb: str) -> None:
    if row.status != BookmarkStatus.ACTIVE:
        raise InvalidInputError(Msg("Bookmark {id} was withdrawn; a withdrawn bookmark cannot be {verb}.", id=row.id,
                                    verb=_WORDS.get(verb, verb)))


# ----------------------------------------------------------------------------------------- use cases
def add_bookmark(
    ctx: ServiceContext, recording_id: int, *, offset_ms: int, category: str | BookmarkCategory, note: str = ""
) -> BookmarkView:
    """Mark ``offset_ms`` into a recording with an Art. 10 (or Art. 8/11) category and a note.

    Needs the ``add_bookmark`` role and a live viewing grant for this user and recording (both refusals
    audited); the offset must lie within the recording when its length is known.
    """
    ctx.require(Operation.ADD_BOOKMARK, "recording", recording_id)
    cat = parse_category(category)
    text = _note(note)
    require_viewing_grant(ctx, recording_id)
    rec = Recording.get_by_id(recording_id)
    offset = _check_offset(rec, offset_ms)
    now = ctx.now()
    with write_transaction():
        row = Bookmark.create(recording=rec, offset_ms=offset, category=cat.value, note=text,
                              author=ctx.actor.user_id, created_at=now, status=BookmarkStatus.ACTIVE.value,
                              revision=1, updated_at=now)
        values = _values(row)
        BookmarkRevision.create(bookmark=row, number=1, action="create", changed_by=ctx.actor.user_id,
                                changed_at=now, reason="", old_values=None, new_values=values)
        ctx.audit("bookmark.create", "bookmark", row.id, {"recording_id": rec.id, **values})
    return bookmark_view(Bookmark.get_by_id(row.id))


def edit_bookmark(
    ctx: ServiceContext,
    bookmark_id: int,
    *,
    category: str | BookmarkCategory | None = None,
    note: str | None = None,
    offset_ms: int | None = None,
    reason: str,
) -> BookmarkView:
    """Change a bookmark's category, note or time (author or director, with a reason; old values kept).

    Like adding, editing needs a live viewing grant for the recording: a correction describes footage.
    """
    ctx.require(Operation.ADD_BOOKMARK, "bookmark", bookmark_id)
    row = _get_bookmark(ctx, bookmark_id, "edit_bookmark")
    _require_author_or_director(ctx, row, "edit")
    why = _reason(reason, "edit")
    _require_active(row, "edited")
    wanted: dict[str, Any] = {}
    if category is not None:
        wanted["category"] = parse_category(category).value
    if note is not None:
        wanted["note"] = _note(note)
    if offset_ms is not None:
        wanted["offset_ms"] = _check_offset(row.recording, offset_ms)
    changes = {k: v for k, v in wanted.items() if v != getattr(row, k)}
    if not changes:
        raise InvalidInputError(Msg(
            "Nothing to change in bookmark {bookmark_id}: give a new category, note or time.",
            bookmark_id=bookmark_id,
        ))
    require_viewing_grant(ctx, row.recording_id)
    return bookmark_view(_save_change(ctx, row, changes, action="edit", reason=why))


def withdraw_bookmark(ctx: ServiceContext, bookmark_id: int, *, reason: str) -> BookmarkView:
    """Withdraw a bookmark (author or director, with a reason). It is kept, listed with ``include_withdrawn``."""
    ctx.require(Operation.ADD_BOOKMARK, "bookmark", bookmark_id)
    row = _get_bookmark(ctx, bookmark_id, "withdraw_bookmark")
    _require_author_or_director(ctx, row, "withdraw")
    why = _reason(reason, "withdrawal")
    _require_active(row, "withdrawn again")
    changes = {"status": BookmarkStatus.WITHDRAWN.value}
    return bookmark_view(_save_change(ctx, row, changes, action="withdraw", reason=why))


def get_bookmark(ctx: ServiceContext, bookmark_id: int) -> BookmarkView:
    """One bookmark (metadata only: listing rights suffice)."""
    ctx.require(Operation.LIST_RECORDINGS, "bookmark", bookmark_id)
    return bookmark_view(_get_bookmark(ctx, bookmark_id, "get_bookmark"))


def bookmark_history(ctx: ServiceContext, bookmark_id: int) -> list[BookmarkRevisionView]:
    """Every revision of a bookmark, oldest first (creation, edits, withdrawal)."""
    ctx.require(Operation.LIST_RECORDINGS, "bookmark", bookmark_id)
    row = _get_bookmark(ctx, bookmark_id, "bookmark_history")
    revisions = BookmarkRevision.select().where(BookmarkRevision.bookmark == row.id).order_by(BookmarkRevision.number)
    return [_revision_view(r) for r in revisions]


def list_bookmarks(
    ctx: ServiceContext, *, recording_ids: Iterable[int] | None = None, include_withdrawn: bool = False
) -> list[BookmarkView]:
    """Bookmarks by recording and time; withdrawn ones only with ``include_withdrawn``.

    Needs only the right to list recordings (no footage is shown). Bookmarks of recordings the user may
    not know of (secret, above their clearance) are left out, as those recordings are.
    """
    ctx.require(Operation.LIST_RECORDINGS)
    query = (Bookmark.select(Bookmark, Recording).join(Recording)
             .where(visible_recording_filter(ctx))
             .order_by(Bookmark.recording, Bookmark.offset_ms, Bookmark.id))
    if recording_ids is not None:
        query = query.where(Bookmark.recording.in_([int(r) for r in recording_ids]))
    if not include_withdrawn:
        query = query.where(Bookmark.status == BookmarkStatus.ACTIVE.value)
    return [bookmark_view(row) for row in query]


# ----------------------------------------------------------------------------------------- for other features
def _active(recording_ids: Sequence[int]) -> ModelSelect[Bookmark]:
    """Active bookmarks of these recordings, by recording and time (no permission check: internal)."""
    return (Bookmark.select(Bookmark, Recording).join(Recording)
            .where(Bookmark.recording.in_(list(recording_ids)) & (Bookmark.status == BookmarkStatus.ACTIVE.value))
            .order_by(Bookmark.recording, Bookmark.offset_ms, Bookmark.id))


def bookmarks_for_export(recording_id: int) -> list[DiscBookmark]:
    """The active bookmarks of a recording for the evidence disc: offset, Chinese category label, note, author
    (name with badge) and camera time. The export service has checked the clerk's rights to the recording."""
    views = [bookmark_view(row) for row in _active([int(recording_id)])]
    return [DiscBookmark(offset_seconds=v.offset_ms / 1000, category=v.category_label, note=v.note,
                         author=v.author_label, at=v.at) for v in views]


def activity_checklist_marks(recording_ids: Iterable[int]) -> dict[BookmarkCategory, bool]:
    """For an activity's recordings: which categories carry at least one active bookmark (e.g. whether the
    Art. 8 notification was marked). Every category is a key."""
    marked = {row.category for row in _active([int(r) for r in recording_ids])}
    return {cat: cat.value in marked for cat in BookmarkCategory}
