"""Tables of the tamper-evident audit log (rules live in :mod:`evidence_station.audit`)."""

from __future__ import annotations

from peewee import BigIntegerField, BlobField, CharField, IntegerField, TextField

from evidence_station.catalogue.base import BaseModel, JsonField, UtcDateTimeField


class AuditEvent(BaseModel):
    """One audit event. ``seq`` runs 1, 2, 3 … without holes; ``hash`` chains to ``prev_hash``."""

    seq = BigIntegerField(primary_key=True)
    at = UtcDateTimeField()
    station_uid = CharField()
    actor = CharField()
    action = CharField(index=True)
    object_type = CharField(default="")
    object_id = CharField(default="")
    outcome = CharField(default="ok")
    details = JsonField(default=dict)
    prev_hash = CharField()
    hash = CharField()

    class Meta:
        table_name = "audit_event"
        # A decision about to rely on a row reads that row's events in one look-up (schema version 5).
        indexes = ((("object_type", "object_id", "action"), False),)


class AuditCheckpoint(BaseModel):
    """A signed statement "the chain had N events and ended in hash H" (also written outside the DB)."""

    id = IntegerField(primary_key=True)
    at = UtcDateTimeField()
    station_uid = CharField()
    event_count = BigIntegerField()
    head_hash = CharField()
    reason = CharField(default="")
    payload = TextField()
    signature = BlobField()

    class Meta:
        table_name = "audit_checkpoint"
