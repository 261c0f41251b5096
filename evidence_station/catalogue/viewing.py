"""Catalogue tables for viewing control (Art. 18–20): requests and their decisions, the recordings they
cover, viewing sessions (the register), watched ranges, snapshots and classification changes."""

from __future__ import annotations

from peewee import (
    AutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    ForeignKeyField,
    IntegerField,
    Model,
    ModelSelect,
    TextField,
)

from evidence_station.catalogue.base import BaseModel, UtcDateTimeField
from evidence_station.catalogue.people import User
from evidence_station.catalogue.recordings import Recording


class ViewingRequest(BaseModel):
    """A request to view (or provide externally, or export secret) recordings, with its decision.

    ``requested_by`` asked; ``viewer`` is who the approval is for (the same person unless a custodian
    asked on someone's behalf). The decision (approve/refuse) and a later revocation are fields here:
    each happens at most once and every step is also in the audit chain.
    """

    id = AutoField()
    # backrefs: the rows of other tables that point here (annotations for the type checker only)
    recording_links: ModelSelect[ViewingRequestRecording]
    sessions: ModelSelect[ViewingSession]
    kind = CharField(default="viewing", index=True)  # viewing | external_provision | secret_export
    requested_by = ForeignKeyField(User, backref="viewing_requests_made")
    requested_by_id: int
    viewer = ForeignKeyField(User, backref="viewing_requests_for")
    viewer_id: int
    reason = TextField()
    purpose = CharField(default="case_handling")
    recipient = TextField(default="")  # who receives copies (external provision)
    activity_id = IntegerField(null=True)
    station_uid = CharField()  # where it was asked (on-site grants are valid only here)
    on_site_only = BooleanField(default=False)
    requested_at = UtcDateTimeField(index=True)
    status = CharField(default="pending", index=True)  # pending | approved | refused | revoked
    decided_by = ForeignKeyField(User, null=True, backref="viewing_decisions")
    decided_by_id: int | None
    decided_at = UtcDateTimeField(null=True)
    decision_reason = TextField(default="")
    valid_from = UtcDateTimeField(null=True)
    valid_until = UtcDateTimeField(null=True)
    revoked_by = ForeignKeyField(User, null=True, backref="viewing_revocations")
    revoked_by_id: int | None
    revoked_at = UtcDateTimeField(null=True)
    revoke_reason = TextField(default="")
    used_at = UtcDateTimeField(null=True)  # an external-provision/secret-export approval is used once
    used_ref = TextField(default="")

    class Meta:
        table_name = "viewing_request"


class ViewingRequestRecording(BaseModel):
    """One recording covered by a request, with the classification it had when asked/approved.

    A grant covers a recording only while its classification is not higher than ``classification``:
    raising the class later voids the grant for it.
    """

    id = AutoField()
    request = ForeignKeyField(ViewingRequest, backref="recording_links", on_delete="CASCADE")
    request_id: int
    recording = ForeignKeyField(Recording, backref="viewing_links")
    recording_id: int
    classification = CharField(default="ordinary")

    class Meta:
        table_name = "viewing_request_recording"
        indexes = ((("request", "recording"), True),)


class ViewingSession(BaseModel):
    """One opening of one recording under a grant (one line of the Art. 18 register)."""

    id = AutoField()
    # backrefs: the rows of other tables that point here (annotations for the type checker only)
    ranges: ModelSelect[WatchedRange]
    snapshots: ModelSelect[Snapshot]
    request = ForeignKeyField(ViewingRequest, backref="sessions")
    request_id: int
    recording = ForeignKeyField(Recording, backref="viewing_sessions")
    recording_id: int
    viewer = ForeignKeyField(User, backref="viewing_sessions")
    viewer_id: int
    station_uid = CharField()
    client = CharField(default="gui")  # gui | cli
    classification = CharField(default="ordinary")
    opened_at = UtcDateTimeField(index=True)
    closed_at = UtcDateTimeField(null=True)

    class Meta:
        table_name = "viewing_session"


class WatchedRange(BaseModel):
    """A contiguous stretch played during a session (milliseconds from the start of the file)."""

    id = AutoField()
    session = ForeignKeyField(ViewingSession, backref="ranges", on_delete="CASCADE")
    session_id: int
    start_ms = BigIntegerField()
    end_ms = BigIntegerField()
    recorded_at = UtcDateTimeField()

    class Meta:
        table_name = "watched_range"


class Snapshot(BaseModel):
    """A still taken while viewing: a derived PNG in the vault, never an original."""

    id = AutoField()
    session = ForeignKeyField(ViewingSession, backref="snapshots")
    session_id: int
    recording = ForeignKeyField(Recording, backref="snapshots")
    recording_id: int
    author = ForeignKeyField(User, backref="snapshots")
    author_id: int
    offset_ms = BigIntegerField()
    sha256 = CharField(index=True)
    sm3 = CharField()
    size = BigIntegerField()
    classification = CharField(default="ordinary")
    taken_at = UtcDateTimeField()

    class Meta:
        table_name = "snapshot"


class ClassificationChange(BaseModel):
    """One change of a recording's classification (who, when, from, to, why)."""

    id = AutoField()
    recording = ForeignKeyField(Recording, backref="classification_changes")
    recording_id: int
    old = CharField()
    new = CharField()
    changed_by = ForeignKeyField(User, backref="classification_changes")
    changed_by_id: int
    changed_at = UtcDateTimeField()
    reason = TextField()

    class Meta:
        table_name = "classification_change"


#: The tables of this module, in creation order (picked up by :mod:`evidence_station.catalogue.schema`).
MODELS: list[type[Model]] = [
    ViewingRequest,
    ViewingRequestRecording,
    ViewingSession,
    WatchedRange,
    Snapshot,
    ClassificationChange,
]
