"""Catalogue tables for bookmarks (Art. 10 key contents marked in a recording) and their full history.

A bookmark row holds the current values; every change — creation, edit, withdrawal — is a
:class:`BookmarkRevision` with who, when, why and the old and new values. Nothing here is ever deleted.
"""

from __future__ import annotations

from peewee import AutoField, BigIntegerField, CharField, ForeignKeyField, IntegerField, Model, TextField

from evidence_station.catalogue.base import BaseModel, JsonField, UtcDateTimeField
from evidence_station.catalogue.people import User
from evidence_station.catalogue.recordings import Recording


class Bookmark(BaseModel):
    """A marked moment ``offset_ms`` into a recording: category (Art. 10 kind), note, author."""

    id = AutoField()
    recording = ForeignKeyField(Recording, backref="bookmarks")
    recording_id: int
    offset_ms = BigIntegerField()
    category = CharField(index=True)
    note = TextField(default="")
    author = ForeignKeyField(User, backref="bookmarks")
    author_id: int
    created_at = UtcDateTimeField()
    status = CharField(default="active", index=True)  # active | withdrawn
    revision = IntegerField(default=1)  # number of the BookmarkRevision holding the current values
    updated_at = UtcDateTimeField()

    class Meta:
        table_name = "bookmark"


class BookmarkRevision(BaseModel):
    """One step of a bookmark's history: ``create``, ``edit`` or ``withdraw``, numbered from 1."""

    id = AutoField()
    bookmark = ForeignKeyField(Bookmark, backref="revisions")
    bookmark_id: int
    number = IntegerField()
    action = CharField()  # create | edit | withdraw
    changed_by = ForeignKeyField(User)
    changed_by_id: int
    changed_at = UtcDateTimeField()
    reason = TextField(default="")
    old_values = JsonField(null=True)  # the fields that changed, as they were (None for create)
    new_values = JsonField(default=dict)  # the same fields as they became (all fields for create)

    class Meta:
        table_name = "bookmark_revision"
        indexes = ((("bookmark", "number"), True),)


#: The tables of this module, in creation order (picked up by :mod:`evidence_station.catalogue.schema`).
MODELS: list[type[Model]] = [Bookmark, BookmarkRevision]
