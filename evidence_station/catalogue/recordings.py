"""Tables for devices, card imports, recordings and findings."""

from __future__ import annotations

from typing import Any

from peewee import (
    AutoField,
    BigIntegerField,
    BlobField,
    BooleanField,
    CharField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    ModelSelect,
    TextField,
)

from evidence_station.catalogue.base import BaseModel, JsonField, UtcDateTimeField
from evidence_station.catalogue.people import User


class Device(BaseModel):
    """A body camera (Art. 6). Created automatically when an import meets an unknown serial."""

    id = AutoField()
    # backrefs: the rows of other tables that point here (annotations for the type checker only)
    log_entries: ModelSelect[Any]  # rows of catalogue.compliance, which imports this module
    checks: ModelSelect[Any]  # rows of catalogue.compliance, which imports this module
    serial = CharField(unique=True)
    model = CharField(default="")
    group_name = CharField(default="")
    responsible_person = CharField(default="")
    issued_to = CharField(default="")
    status = CharField(default="in_service")
    needs_completion = BooleanField(default=True)
    created_at = UtcDateTimeField()

    class Meta:
        table_name = "device"


class ImportSession(BaseModel):
    """One card import (one custodian, one card, one sitting)."""

    id = AutoField()
    custodian = ForeignKeyField(User, backref="imports")
    custodian_id: int
    station_uid = CharField()
    card_root = TextField()
    card_label = CharField(default="")
    started_at = UtcDateTimeField()
    finished_at = UtcDateTimeField(null=True)
    # running | completed | cancelled | stopped | failed | interrupted (its process died: set at the next start)
    status = CharField(default="running")
    files_total = IntegerField(default=0)
    files_stored = IntegerField(default=0)
    files_already_stored = IntegerField(default=0)
    files_skipped = IntegerField(default=0)
    files_failed = IntegerField(default=0)
    bytes_stored = BigIntegerField(default=0)
    activity_id = IntegerField(null=True)
    note = TextField(default="")

    class Meta:
        table_name = "import_session"


class Recording(BaseModel):
    """One original file taken from a card, stored byte-for-byte in the vault under ``sha256``.

    ``card_path`` (and ``file_name``, its last part) is the name as shown, escaped where the card's name is not
    plain UTF-8 text (:mod:`evidence_station.cards.names`); ``card_path_raw`` then holds the name's exact
    bytes (schema version 3; None when ``card_path`` spells them out): see :attr:`card_path_bytes`.
    """

    id = AutoField()
    import_session = ForeignKeyField(ImportSession, backref="recordings")
    import_session_id: int
    card_path = TextField()
    card_path_raw = BlobField(null=True)
    file_name = TextField()
    size = BigIntegerField()
    sha256 = CharField(index=True)
    sm3 = CharField()
    kind = CharField(default="other")  # video | audio | photo | other
    playable = BooleanField(default=False)
    media = JsonField(default=dict)
    device = ForeignKeyField(Device, null=True, backref="recordings")
    device_id: int | None
    officer = CharField(default="")  # indexed with start_at below
    start_at = UtcDateTimeField(null=True)  # indexed below
    end_at = UtcDateTimeField(null=True)
    time_source = CharField(default="unknown")  # file_name | container | mtime | unknown
    clock_offset_s = FloatField(null=True)
    classification = CharField(default="ordinary")
    activity_id = IntegerField(null=True, index=True)
    duplicate_of = ForeignKeyField("self", null=True, backref="duplicates")
    duplicate_of_id: int | None
    imported_at = UtcDateTimeField()  # indexed below (version 9)
    import_delay_s = FloatField(null=True)
    thumbnail_sha256 = CharField(null=True)
    disposed_at = UtcDateTimeField(null=True)
    # Retention (Art. 16), stored so that "what is due" is an indexed query (schema version 8, issue #22):
    # ``retention_state`` is "date" (kept until ``keep_until``), "held" (open case, legal hold), "permanent", or
    # "" (not computed yet: rows from before version 8 or inserted without the services). The services recompute
    # both in the transaction that changes what decides them (``services/keep_until_store.py``). Version 7 also
    # indexes (device, imported_at): a device's last import (the dashboard's undocked devices) is one look-up.
    keep_until = UtcDateTimeField(null=True)
    retention_state = CharField(default="")

    @property
    def card_path_bytes(self) -> bytes:
        """The exact bytes of the file's path on the card (relative to the card root)."""
        return card_path_bytes(self.card_path, self.card_path_raw)

    class Meta:
        table_name = "recording"
        # The Library lists recordings by (start_at, id), filtered by one of these columns, and always keeps
        # only the classifications the user may see: each index is (filter, start_at, id, classification), so
        # a page is read in order and stops after 200 rows, and counts never read the table
        # (benchmarks/bench_catalogue.py); kind last on the device and officer ones answers "device + kind"
        # from the index too. No index on classification alone: SQLite would prefer it. Schema version 2.
        indexes = (
            (("start_at", "id", "classification"), False),
            (("device", "start_at", "id", "classification", "kind"), False),
            (("officer", "start_at", "id", "classification", "kind"), False),
            (("kind", "start_at", "id", "classification"), False),
            (("retention_state", "keep_until", "classification", "disposed_at"), False),
            (("device", "imported_at"), False),
            # Version 9 (issue #22): the dashboard's per-day and per-week counts read only these indexes, never
            # the recording rows (a tenth of the pages: schema.py).
            (("start_at", "device", "clock_offset_s", "duplicate_of"), False),
            (("imported_at", "duplicate_of", "import_delay_s"), False),
        )


class ImportFile(BaseModel):
    """Every file found on a card, exactly once: stored, already stored, skipped or failed (names as in
    :class:`Recording`)."""

    id = AutoField()
    import_session = ForeignKeyField(ImportSession, backref="files", on_delete="CASCADE")
    import_session_id: int
    card_path = TextField()
    card_path_raw = BlobField(null=True)
    status = CharField()  # stored | already_stored | skipped | failed
    reason = TextField(default="")
    size = BigIntegerField(null=True)
    recording = ForeignKeyField(Recording, null=True, backref="import_files")
    recording_id: int | None

    class Meta:
        table_name = "import_file"

    @property
    def card_path_bytes(self) -> bytes:
        """The exact bytes of the file's path on the card (relative to the card root)."""
        return card_path_bytes(self.card_path, self.card_path_raw)


def card_path_bytes(card_path: str, raw: bytes | memoryview | None) -> bytes:
    """A catalogued card path's exact bytes: the raw column when set, else the UTF-8 of the (plain) text."""
    return bytes(raw) if raw is not None else card_path.encode("utf-8")


class Finding(BaseModel):
    """A compliance finding (gap, late import, damaged, empty, overlap, clock offset, duplicate, …)."""

    id = AutoField()
    # backrefs: the rows of other tables that point here (annotations for the type checker only)
    recording_links: ModelSelect[FindingRecording]
    kind = CharField()  # indexed with status below
    status = CharField(default="open", index=True)  # open | resolved
    message = TextField()
    seconds = FloatField(null=True)
    import_session = ForeignKeyField(ImportSession, null=True, backref="findings")
    import_session_id: int | None
    details = JsonField(default=dict)
    created_at = UtcDateTimeField()
    resolved_by = ForeignKeyField(User, null=True)
    resolved_by_id: int | None
    resolved_at = UtcDateTimeField(null=True)
    resolution = TextField(default="")

    class Meta:
        table_name = "finding"
        indexes = ((("kind", "status"), False),)  # the Library's finding filter (schema version 2)


class FindingRecording(BaseModel):
    """Which recordings a finding concerns."""

    id = AutoField()
    finding = ForeignKeyField(Finding, backref="recording_links", on_delete="CASCADE")
    finding_id: int
    recording = ForeignKeyField(Recording, backref="finding_links")
    recording_id: int

    class Meta:
        table_name = "finding_recording"
        indexes = ((("finding", "recording"), True),)
