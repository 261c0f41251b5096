"""Catalogue tables for evidence cases and the evidence discs exported from them (Art. 17)."""

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

from evidence_station.catalogue.base import BaseModel, JsonField, UtcDateTimeField
from evidence_station.catalogue.people import User
from evidence_station.catalogue.recordings import Recording


class Case(BaseModel):
    """An evidence case (案件): the file the recordings are attached to and exported for.

    ``retention`` is kept as given when the case is closed (``30y``, ``10y``, ``permanent``, …);
    ``retention_until`` is the end of that period (None while open or when permanent).
    """

    id = AutoField()
    number = CharField(unique=True)
    title = TextField()
    parties = TextField(default="")
    activity_id = IntegerField(null=True, index=True)
    status = CharField(default="open", index=True)  # open | closed
    created_by = ForeignKeyField(User, backref="cases_created")
    created_by_id: int
    created_at = UtcDateTimeField()
    closed_by = ForeignKeyField(User, null=True, backref="cases_closed")
    closed_by_id: int | None
    closed_at = UtcDateTimeField(null=True)
    retention = CharField(default="")
    retention_until = UtcDateTimeField(null=True)

    class Meta:
        # "case" is an SQL keyword; a distinct name keeps every database and hand-written query happy.
        table_name = "evidence_case"


class CaseRecording(BaseModel):
    """A recording attached to a case (a recording may belong to several cases)."""

    id = AutoField()
    case = ForeignKeyField(Case, backref="recording_links", on_delete="CASCADE")
    case_id: int
    recording = ForeignKeyField(Recording, backref="case_links")
    recording_id: int
    attached_by = ForeignKeyField(User)
    attached_by_id: int
    attached_at = UtcDateTimeField()

    class Meta:
        table_name = "case_recording"
        indexes = ((("case", "recording"), True),)


class Export(BaseModel):
    """One evidence export: who asked, producer, extractor, extraction time, and how it ended.

    The row is written when the export starts (status ``running``) so every attempt is on record, and
    updated once it ends: ``completed`` (every disc verified), ``failed`` or ``cancelled``; an export whose
    process died is set to ``interrupted`` when the station next opens (``services/export_recovery.py``).
    """

    id = AutoField()
    # backrefs: the rows of other tables that point here (annotations for the type checker only)
    discs: ModelSelect[ExportDisc]
    case = ForeignKeyField(Case, backref="exports")
    case_id: int
    station_uid = CharField()
    created_by = ForeignKeyField(User, backref="exports")
    created_by_id: int
    started_at = UtcDateTimeField()
    finished_at = UtcDateTimeField(null=True)
    status = CharField(default="running", index=True)  # running | completed | failed | cancelled | interrupted
    producer = TextField()
    producer_user = ForeignKeyField(User, null=True, backref="exports_produced")
    producer_user_id: int | None
    extractor = TextField()
    extractor_user = ForeignKeyField(User, null=True, backref="exports_extracted")
    extractor_user_id: int | None
    extraction_time = UtcDateTimeField()
    purpose = TextField()
    for_evidence = BooleanField(default=True)
    media = CharField()
    media_bytes = BigIntegerField()
    burn_drive = TextField(default="")
    disc_count = IntegerField(default=0)
    checkpoint = JsonField(null=True)
    verified = BooleanField(default=False)
    message = TextField(default="")

    class Meta:
        table_name = "export"


class ExportDisc(BaseModel):
    """One disc of an export (``index`` of ``Export.disc_count``), its image and its verification."""

    id = AutoField()
    export = ForeignKeyField(Export, backref="discs", on_delete="CASCADE")
    export_id: int
    index = IntegerField()
    image_path = TextField()
    image_sha256 = CharField()
    image_size = BigIntegerField()
    volume_id = CharField()
    manifest_sha256 = CharField()
    burned = BooleanField(default=False)
    medium_volume_id = CharField(default="")
    verified = BooleanField(default=False)
    problems = JsonField(default=list)

    class Meta:
        table_name = "export_disc"
        indexes = ((("export", "index"), True),)


class ExportFile(BaseModel):
    """One original on one disc, with the digests verified while it was copied from the vault."""

    id = AutoField()
    disc = ForeignKeyField(ExportDisc, backref="files", on_delete="CASCADE")
    disc_id: int
    recording = ForeignKeyField(Recording, backref="export_files")
    recording_id: int
    disc_path = TextField()
    size = BigIntegerField()
    sha256 = CharField()
    sm3 = CharField()

    class Meta:
        table_name = "export_file"


#: The tables of this module, in creation order (picked up by :mod:`evidence_station.catalogue.schema`).
MODELS: list[type[Model]] = [Case, CaseRecording, Export, ExportDisc, ExportFile]
