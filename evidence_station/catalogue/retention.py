"""Catalogue tables for retention and disposal (Art. 16): configured rules, legal holds, disposal
proposals and their items. A disposed recording keeps its ``recording`` row (``disposed_at`` set) and its
:class:`DisposalItem` is the tombstone: the hashes and metadata as they were when it was disposed, who
proposed and who approved, and what happened to the bytes in the vault."""

from __future__ import annotations

from peewee import AutoField, BigIntegerField, CharField, ForeignKeyField, IntegerField, Model, ModelSelect, TextField

from evidence_station.catalogue.base import BaseModel, JsonField, UtcDateTimeField
from evidence_station.catalogue.people import User
from evidence_station.catalogue.recordings import Recording


class RetentionRule(BaseModel):
    """A configured retention period for a scope (``default``, ``activity_kind``, ``classification``).

    ``years`` None means permanent. Periods below the Art. 16 floor are refused by the service and
    ignored by the rules. History of changes is in the audit chain (``retention.rule_set``/``_clear``).
    """

    id = AutoField()
    scope = CharField()
    value = CharField(default="")
    years = IntegerField(null=True)
    reason = TextField(default="")
    set_by = ForeignKeyField(User)
    set_by_id: int
    set_at = UtcDateTimeField()

    class Meta:
        table_name = "retention_rule"
        indexes = ((("scope", "value"), True),)


class LegalHold(BaseModel):
    """A manual hold on one recording: it cannot be disposed of until the hold is released."""

    id = AutoField()
    recording = ForeignKeyField(Recording, backref="legal_holds")
    recording_id: int
    reason = TextField()
    placed_by = ForeignKeyField(User, backref="holds_placed")
    placed_by_id: int
    placed_at = UtcDateTimeField()
    released_by = ForeignKeyField(User, null=True, backref="holds_released")
    released_by_id: int | None
    released_at = UtcDateTimeField(null=True, index=True)
    release_reason = TextField(default="")

    class Meta:
        table_name = "legal_hold"


class DisposalProposal(BaseModel):
    """A custodian's proposal to dispose of recordings past their retention, and the director's decision.

    ``status``: ``pending`` → ``approved`` (``completed_at`` once every blob is dealt with and the
    certificate is written) or ``refused``.
    """

    id = AutoField()
    # backrefs: the rows of other tables that point here (annotations for the type checker only)
    items: ModelSelect[DisposalItem]
    station_uid = CharField()
    reason = TextField()
    status = CharField(default="pending", index=True)
    proposed_by = ForeignKeyField(User, backref="disposals_proposed")
    proposed_by_id: int
    proposed_at = UtcDateTimeField()
    decided_by = ForeignKeyField(User, null=True, backref="disposals_decided")
    decided_by_id: int | None
    decided_at = UtcDateTimeField(null=True)
    decision_reason = TextField(default="")
    completed_at = UtcDateTimeField(null=True)
    certificate_path = TextField(default="")
    certificate_sha256 = CharField(default="")
    approval_event_seq = BigIntegerField(null=True)

    class Meta:
        table_name = "disposal_proposal"


class DisposalItem(BaseModel):
    """One recording in a proposal; once disposed, its tombstone.

    ``status``: ``proposed`` → ``disposed`` or ``withheld`` (no longer due at approval time).
    ``blob``: ``""`` until disposed, then ``pending`` → ``removed``, ``shared`` (another catalogue entry
    still needs the bytes: kept) or ``absent`` (already gone when removal was attempted).
    """

    id = AutoField()
    proposal = ForeignKeyField(DisposalProposal, backref="items")
    proposal_id: int
    recording = ForeignKeyField(Recording, backref="disposal_items")
    recording_id: int
    status = CharField(default="proposed")
    sha256 = CharField(index=True)
    sm3 = CharField()
    size = BigIntegerField()
    kind = CharField(default="")
    file_name = TextField()
    card_path = TextField()
    device = CharField(default="")
    officer = CharField(default="")
    start_at = UtcDateTimeField(null=True)
    end_at = UtcDateTimeField(null=True)
    imported_at = UtcDateTimeField()
    classification = CharField(default="ordinary")
    keep_until = UtcDateTimeField(null=True)
    reasons = JsonField(default=list)
    disposed_at = UtcDateTimeField(null=True)
    blob = CharField(default="")
    shared_with = JsonField(default=list)
    blob_removed_at = UtcDateTimeField(null=True)

    class Meta:
        table_name = "disposal_item"
        indexes = ((("proposal", "recording"), True),)


#: The tables of this module, in creation order (picked up by :mod:`evidence_station.catalogue.schema`).
MODELS: list[type[Model]] = [RetentionRule, LegalHold, DisposalProposal, DisposalItem]
