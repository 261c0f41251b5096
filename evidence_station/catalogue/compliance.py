"""Catalogue tables for compliance: device log, pre-use checks, activities, Art. 5/11/15 records."""

from __future__ import annotations

from peewee import (
    AutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    FloatField,
    ForeignKeyField,
    Model,
    ModelSelect,
    TextField,
)

from evidence_station.catalogue.base import BaseModel, UtcDateTimeField
from evidence_station.catalogue.bookmarks import Bookmark
from evidence_station.catalogue.people import User
from evidence_station.catalogue.recordings import Device, Finding, Recording


class DeviceLog(BaseModel):
    """One entry in a device's maintenance and damage log (Art. 6), status changes included."""

    id = AutoField()
    device = ForeignKeyField(Device, backref="log_entries", on_delete="CASCADE")
    device_id: int
    kind = CharField()  # maintenance | damage | repair | status
    text = TextField(default="")
    status_before = CharField(default="")
    status_after = CharField(default="")
    occurred_at = UtcDateTimeField()
    recorded_by = ForeignKeyField(User)
    recorded_by_id: int
    recorded_at = UtcDateTimeField()

    class Meta:
        table_name = "device_log"


class PreUseCheck(BaseModel):
    """The Art. 7 checklist for one device before use, with the clock comparison."""

    id = AutoField()
    device = ForeignKeyField(Device, backref="checks", on_delete="CASCADE")
    device_id: int
    checked_at = UtcDateTimeField(index=True)  # station (true) time of the check
    works = BooleanField()
    battery_ok = BooleanField()
    storage_ok = BooleanField()
    device_time = UtcDateTimeField(null=True)  # what the camera showed at ``checked_at``
    clock_offset_s = FloatField(null=True)  # device_time − checked_at
    clock_set = BooleanField(default=False)  # the clock was set right after reading it
    officer = CharField(default="")
    note = TextField(default="")
    finding = ForeignKeyField(Finding, null=True)
    finding_id: int | None
    recorded_by = ForeignKeyField(User)
    recorded_by_id: int
    recorded_at = UtcDateTimeField()

    class Meta:
        table_name = "pre_use_check"


class Activity(BaseModel):
    """An enforcement activity (inspection, sealing, …) that recordings belong to (Art. 3, 4, 12)."""

    id = AutoField()
    # backrefs: the rows of other tables that point here (annotations for the type checker only)
    officer_rows: ModelSelect[ActivityOfficer]
    device_rows: ModelSelect[ActivityDevice]
    non_recording_records: ModelSelect[NonRecordingRecord]
    kind = CharField(index=True)
    title = CharField(default="")
    place = TextField()
    start_at = UtcDateTimeField(index=True)
    end_at = UtcDateTimeField()
    case_number = CharField(default="")
    note = TextField(default="")
    created_by = ForeignKeyField(User)
    created_by_id: int
    created_at = UtcDateTimeField()

    class Meta:
        table_name = "activity"


class ActivityOfficer(BaseModel):
    """An officer taking part in an activity (officer number as on the camera's file names)."""

    id = AutoField()
    activity = ForeignKeyField(Activity, backref="officer_rows", on_delete="CASCADE")
    activity_id: int
    officer = CharField()

    class Meta:
        table_name = "activity_officer"
        indexes = ((("activity", "officer"), True),)


class ActivityDevice(BaseModel):
    """A device used in an activity."""

    id = AutoField()
    activity = ForeignKeyField(Activity, backref="device_rows", on_delete="CASCADE")
    activity_id: int
    device = ForeignKeyField(Device, backref="activity_rows")
    device_id: int

    class Meta:
        table_name = "activity_device"
        indexes = ((("activity", "device"), True),)


class NonRecordingRecord(BaseModel):
    """The Art. 5 work record: why an activity was not recorded, reported to the head of the body."""

    id = AutoField()
    activity = ForeignKeyField(Activity, null=True, backref="non_recording_records")
    activity_id: int | None
    reason = CharField()
    basis = TextField()
    reporter = CharField()
    head_acknowledged = CharField()
    occurred_on = DateField()
    note = TextField(default="")
    recorded_by = ForeignKeyField(User)
    recorded_by_id: int
    recorded_at = UtcDateTimeField()

    class Meta:
        table_name = "non_recording_record"


class HeadAcknowledgement(BaseModel):
    """Art. 5: the head of the enforcement body (a station user) confirming a non-recording record."""

    id = AutoField()
    record = ForeignKeyField(NonRecordingRecord, unique=True, backref="acknowledgements")
    acknowledged_by = ForeignKeyField(User)
    acknowledged_at = UtcDateTimeField()
    due_on = DateField()  # the last day it was in time (station-local)
    late = BooleanField(default=False)
    note = TextField(default="")

    class Meta:
        table_name = "head_acknowledgement"


class GapExplanation(BaseModel):
    """The Art. 11 explanation of one ``gap`` finding."""

    id = AutoField()
    finding = ForeignKeyField(Finding, unique=True, backref="gap_explanations")
    finding_id: int
    reason = CharField()
    text = TextField(default="")
    spoken_explanation = BooleanField(default=False)
    spoken_recording = ForeignKeyField(Recording, null=True)
    spoken_recording_id: int | None
    spoken_offset_s = FloatField(null=True)
    explained_by = ForeignKeyField(User)
    explained_by_id: int
    explained_at = UtcDateTimeField()

    class Meta:
        table_name = "gap_explanation"


class GapReport(BaseModel):
    """The rest of an Art. 11 interruption's record: the ``interruption_explained`` bookmark holding the spoken
    explanation at the restart, whom it was reported to and when, and the officer's written statement (a derived
    file in the vault)."""

    id = AutoField()
    finding = ForeignKeyField(Finding, unique=True, backref="gap_reports")
    finding_id: int
    spoken_bookmark = ForeignKeyField(Bookmark, null=True)
    spoken_bookmark_id: int | None
    reported_to = CharField(default="")
    reported_at = UtcDateTimeField(null=True)
    statement_name = CharField(default="")
    statement_sha256 = CharField(default="", index=True)
    statement_sm3 = CharField(default="")
    statement_size = BigIntegerField(null=True)
    recorded_by = ForeignKeyField(User)
    recorded_by_id: int
    recorded_at = UtcDateTimeField()

    class Meta:
        table_name = "gap_report"


class LateImportReasonRecord(BaseModel):
    """The Art. 15 reason of one ``late_import`` finding, with the return time for an exemption."""

    id = AutoField()
    finding = ForeignKeyField(Finding, unique=True, backref="late_reasons")
    finding_id: int
    reason = CharField()
    returned_at = UtcDateTimeField(null=True)
    exempt = BooleanField(default=False)
    note = TextField(default="")
    recorded_by = ForeignKeyField(User)
    recorded_by_id: int
    recorded_at = UtcDateTimeField()

    class Meta:
        table_name = "late_import_reason"


class ConductNote(BaseModel):
    """An Art. 14 note: a complaint or the conduct (appearance, language) seen, on an activity and/or a bookmark
    category (what the footage showed)."""

    id = AutoField()
    activity = ForeignKeyField(Activity, null=True, backref="conduct_notes")
    activity_id: int | None
    bookmark_category = CharField(default="")
    kind = CharField()
    text = TextField()
    source = CharField(default="")  # who complained or who saw it
    occurred_on = DateField(index=True)
    recorded_by = ForeignKeyField(User)
    recorded_by_id: int
    recorded_at = UtcDateTimeField()

    class Meta:
        table_name = "conduct_note"


#: The tables of this module, in creation order (picked up by :mod:`evidence_station.catalogue.schema`).
MODELS: list[type[Model]] = [
    DeviceLog,
    PreUseCheck,
    Activity,
    ActivityOfficer,
    ActivityDevice,
    NonRecordingRecord,
    HeadAcknowledgement,
    GapExplanation,
    GapReport,
    LateImportReasonRecord,
    ConductNote,
]
