"""Use case: Art. 14 complaint and conduct notes — the regulation's rules on officers' appearance and language
cannot be checked by software, so what was complained of or seen is written down, on the activity it concerns
and/or the bookmark category of what the footage shows, and listed in the monthly report."""

from __future__ import annotations

from datetime import date

from evidence_station.api.activities import ConductNoteView
from evidence_station.catalogue.compliance import ConductNote
from evidence_station.catalogue.database import write_transaction
from evidence_station.domain.bookmarks import BookmarkCategory
from evidence_station.domain.choices import input_error
from evidence_station.domain.clock import to_local
from evidence_station.domain.compliance import CONDUCT_NOTE_LABELS, ConductNoteKind, parse_choice
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg
from evidence_station.domain.roles import Operation
from evidence_station.services.activity_service import activity_row
from evidence_station.services.context import ServiceContext


def _category(text: str | None) -> BookmarkCategory | None:
    if not text:
        return None
    try:
        return BookmarkCategory(text.strip())
    except ValueError:
        known = ", ".join(c.value for c in BookmarkCategory)
        raise InvalidInputError(Msg(
            "Unknown bookmark category {text!r}; choose one of: {known}.",
            text=text,
            known=known,
        )) from None


def add_conduct_note(
    ctx: ServiceContext,
    *,
    kind: str,
    text: str,
    occurred_on: date | None = None,
    activity_id: int | None = None,
    bookmark_category: str | None = None,
    source: str = "",
) -> ConductNoteView:
    """Art. 14: record a complaint or the conduct seen (``occurred_on`` default: today, station time), on an
    activity and/or a bookmark category (one of them at least); audited."""
    ctx.require(Operation.RECORD_CONDUCT, "conduct_note")
    try:
        what = ConductNoteKind(parse_choice(ConductNoteKind, kind, "note kind"))
    except ValueError as exc:
        raise input_error(exc) from None
    category = _category(bookmark_category)
    if not text.strip():
        raise InvalidInputError(Msg("Write what was complained of or seen (Art. 14)."))
    if activity_id is None and category is None:
        raise InvalidInputError(
            Msg("Name the activity (--activity) or the bookmark category (--category) the note concerns."))
    if occurred_on is None:
        occurred_on = to_local(ctx.now(), ctx.station.settings.zone).date()
    with write_transaction():
        if activity_id is not None:
            activity_row(activity_id)
        note = ConductNote.create(activity=activity_id, bookmark_category=category.value if category else "",
                                  kind=what.value, text=text.strip(), source=source.strip(),
                                  occurred_on=occurred_on, recorded_by=ctx.actor.user_id, recorded_at=ctx.now())
        ctx.audit("conduct_note.add", "conduct_note", note.id, {
            "kind": what.value, "activity_id": activity_id, "bookmark_category": note.bookmark_category,
            "source": note.source, "occurred_on": occurred_on.isoformat()})
    return conduct_note_view(note)


def conduct_note_view(note: ConductNote) -> ConductNoteView:
    """The frozen view of a note row."""
    what = ConductNoteKind(note.kind)
    category = BookmarkCategory(note.bookmark_category) if note.bookmark_category else None
    return ConductNoteView(
        id=note.id, kind=what.value, kind_label=CONDUCT_NOTE_LABELS[what].render("zh_CN"),
        text=note.text, source=note.source,
        occurred_on=note.occurred_on, activity_id=note.activity_id,
        activity_place=note.activity.place if note.activity is not None else "",
        bookmark_category=category.value if category else None,
        bookmark_category_label=category.label_zh if category else "", recorded_by=note.recorded_by.name,
        recorded_at=note.recorded_at)


def conduct_notes_between(since: date | None, until: date | None,
                          activity_id: int | None = None) -> list[ConductNoteView]:
    """Notes by date (``until`` exclusive), optionally of one activity (no permission check: internal)."""
    query = ConductNote.select().order_by(ConductNote.occurred_on, ConductNote.id)
    if since is not None:
        query = query.where(ConductNote.occurred_on >= since)
    if until is not None:
        query = query.where(ConductNote.occurred_on < until)
    if activity_id is not None:
        query = query.where(ConductNote.activity == activity_id)
    return [conduct_note_view(n) for n in query]


def list_conduct_notes(
    ctx: ServiceContext, *, since: date | None = None, until: date | None = None, activity_id: int | None = None,
) -> list[ConductNoteView]:
    """Art. 14 notes by date (``until`` exclusive), optionally of one activity."""
    ctx.require(Operation.READ_FINDINGS)
    return conduct_notes_between(since, until, activity_id)
