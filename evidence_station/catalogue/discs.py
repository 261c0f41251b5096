"""Tables for the evidence discs as things (Art. 17 附卷, Art. 20 涉密载体): the register of each burned disc, its
numbered copies (a classified disc's copies each registered to a person) and where each copy went."""

from __future__ import annotations

from peewee import AutoField, BooleanField, CharField, ForeignKeyField, IntegerField, Model, TextField

from evidence_station.catalogue.base import BaseModel, UtcDateTimeField
from evidence_station.catalogue.cases import ExportDisc
from evidence_station.catalogue.people import User


class DiscRecord(BaseModel):
    """The register entry of one disc of an export (第 N 张): how many copies were burned, and — for a disc holding a
    classified recording — its 密级 (the highest class on it) and 保密期限.

    An export enters each of its discs itself when it completes (``entered_by_export``: one copy, the export's
    保密期限, nobody holding it); a clerk's ``disc register`` confirms the entry with the copies burned and, for a
    classified carrier, their holders (``confirmed_by``/``confirmed_at``; set at once for an entry the clerk made).
    """

    id = AutoField()
    export_disc = ForeignKeyField(ExportDisc, unique=True, backref="register_entries", on_delete="CASCADE")
    export_disc_id: int
    copies = IntegerField(default=1)
    classification = CharField(default="ordinary")
    secrecy_period = TextField(default="")
    registered_by = ForeignKeyField(User, backref="discs_registered")
    registered_by_id: int
    registered_at = UtcDateTimeField()
    entered_by_export = BooleanField(default=False)
    confirmed_by = ForeignKeyField(User, null=True, backref="discs_confirmed")
    confirmed_by_id: int | None
    confirmed_at = UtcDateTimeField(null=True)

    class Meta:
        table_name = "disc_record"


class DiscCopy(BaseModel):
    """Copy ``number`` of a registered disc; ``holder``: the person a classified copy is registered to."""

    id = AutoField()
    disc = ForeignKeyField(DiscRecord, backref="copy_rows", on_delete="CASCADE")
    disc_id: int
    number = IntegerField()
    holder = ForeignKeyField(User, null=True, backref="disc_copies_held")
    holder_id: int | None

    class Meta:
        table_name = "disc_copy"
        indexes = ((("disc", "number"), True),)


class DiscTransfer(BaseModel):
    """Where a copy went, and who received it when: into the case file (附卷, ``destination`` the case file's
    number), to a court, to another agency, or elsewhere. Append-only: the last one says where the copy is."""

    id = AutoField()
    disc_copy = ForeignKeyField(DiscCopy, backref="transfers", on_delete="CASCADE")
    disc_copy_id: int
    destination_kind = CharField()  # case_file | court | agency | other
    destination = TextField()
    received_by = TextField()
    received_at = UtcDateTimeField()
    recorded_by = ForeignKeyField(User, backref="disc_transfers_recorded")
    recorded_by_id: int
    recorded_at = UtcDateTimeField()
    note = TextField(default="")

    class Meta:
        table_name = "disc_transfer"


#: The tables of this module, in creation order (picked up by :mod:`evidence_station.catalogue.schema`).
MODELS: list[type[Model]] = [DiscRecord, DiscCopy, DiscTransfer]
