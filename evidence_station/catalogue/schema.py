"""Schema versioning, migrations and the query planner's statistics.

The applied version is kept in the ``schema_version`` table. :func:`ensure_schema` creates a fresh
catalogue at the current version, applies pending migrations (playhouse's ``SchemaMigrator``) to an older
one, and refuses a catalogue written by newer code with :class:`SchemaTooNewError`. It then refreshes
SQLite's statistics when the catalogue has grown (:func:`refresh_statistics`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from peewee import BlobField, CharField, Database, IntegerField, Model
from playhouse.migrate import SchemaMigrator, migrate

from evidence_station.catalogue import bookmarks, cases, compliance, custody, discs, retention, viewing
from evidence_station.catalogue.audit_tables import AuditCheckpoint, AuditEvent
from evidence_station.catalogue.base import BaseModel, UtcDateTimeField
from evidence_station.catalogue.database import is_postgres, is_sqlite, write_transaction
from evidence_station.catalogue.people import AccountRequest, RetiredCertificate, Station, User, UserRole
from evidence_station.catalogue.recordings import (
    Device,
    Finding,
    FindingRecording,
    ImportFile,
    ImportSession,
    Recording,
)
from evidence_station.domain.errors import SchemaTooNewError
from evidence_station.domain.messages import Msg


class SchemaVersion(BaseModel):
    """The single row holding the applied schema version."""

    version = IntegerField()

    class Meta:
        table_name = "schema_version"


#: Every table, in creation order. Later features append their models here.
MODELS: list[type[Model]] = [
    Station,
    User,
    UserRole,
    RetiredCertificate,
    AccountRequest,
    AuditEvent,
    AuditCheckpoint,
    Device,
    ImportSession,
    Recording,
    ImportFile,
    Finding,
    FindingRecording,
    # Feature tables: each feature module lists its own.
    *compliance.MODELS,
    *viewing.MODELS,
    *cases.MODELS,
    *bookmarks.MODELS,
    *retention.MODELS,
    *custody.MODELS,
    *discs.MODELS,
]


@dataclass(frozen=True)
class Migration:
    """One step from ``version - 1`` to ``version``."""

    version: int
    description: str
    apply: Callable[[Database, SchemaMigrator], None]


def _create_v1(db: Database, migrator: SchemaMigrator) -> None:
    db.create_tables(MODELS, safe=True)
    install_audit_guards(db)


#: The Library's indexes (``recording``: filter column, then the list order and the visibility column — and the
#: kind after a device or officer — so a page is read in order and a count never reads the table; ``finding``:
#: kind and status of the finding filter), as version 2 made them. Version-1 catalogues have, instead, the
#: single-column indexes they replace (each a prefix of a composite one), and those made after the first
#: catalogue benchmark the device and officer indexes without the kind.
_V2_INDEXES = {
    "recording_start_at_id_classification": ("recording", ("start_at", "id", "classification")),
    "recording_device_id_start_at_id_classification_kind": (
        "recording", ("device_id", "start_at", "id", "classification", "kind")),
    "recording_officer_start_at_id_classification_kind": (
        "recording", ("officer", "start_at", "id", "classification", "kind")),
    "recording_kind_start_at_id_classification": ("recording", ("kind", "start_at", "id", "classification")),
    "finding_kind_status": ("finding", ("kind", "status")),
}
_V2_DROPPED = ("recording_start_at", "recording_officer", "finding_kind",
               "recording_device_id_start_at_id_classification", "recording_officer_start_at_id_classification")


def _library_indexes_v2(db: Database, migrator: SchemaMigrator) -> None:
    for name, (table, columns) in _V2_INDEXES.items():
        quoted = ", ".join(f'"{column}"' for column in columns)
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({quoted})')
    for name in _V2_DROPPED:
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')


#: The nullable raw-name columns version 3 adds: a card path's exact bytes where its text is escaped.
_V3_COLUMNS = ((Recording, "card_path_raw"), (ImportFile, "card_path_raw"))


def _raw_card_paths_v3(db: Database, migrator: SchemaMigrator) -> None:
    for model, name in _V3_COLUMNS:
        table = model._meta.table_name
        if name not in {column.name for column in db.get_columns(table)}:  # a fresh catalogue has them
            migrate(migrator.add_column(table, name, BlobField(null=True)))


#: The per-user key slots of versions before the station service (every user's password unwrapped the station
#: key). Version 4 takes the table out of the schema; rows still in it are kept aside under
#: :data:`LEGACY_KEY_SLOT_TABLE` only until ``station migrate`` has used the administrator's one last time (it then
#: deletes them and drops the table). A catalogue made at version 4 or later never has either table.
OLD_KEY_SLOT_TABLE = "station_key_slot"
LEGACY_KEY_SLOT_TABLE = "legacy_key_slot"


def _station_signs_alone_v4(db: Database, migrator: SchemaMigrator) -> None:
    db.create_tables([RetiredCertificate], safe=True)
    if not db.table_exists(OLD_KEY_SLOT_TABLE):
        return
    if db.execute_sql(f'SELECT COUNT(*) FROM "{OLD_KEY_SLOT_TABLE}"').fetchone()[0]:
        migrate(migrator.rename_table(OLD_KEY_SLOT_TABLE, LEGACY_KEY_SLOT_TABLE))
    else:
        db.execute_sql(f'DROP TABLE "{OLD_KEY_SLOT_TABLE}"')


#: The index version 5 adds: a decision about to rely on a catalogue row reads that row's audit events in one
#: look-up (``services/deciding_rows.py``).
AUDIT_OBJECT_INDEX = "audit_event_object_type_object_id_action"


def _catalogue_cannot_lie_v5(db: Database, migrator: SchemaMigrator) -> None:
    db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{AUDIT_OBJECT_INDEX}" ON "audit_event" '
                   '("object_type", "object_id", "action")')
    db.create_tables([AccountRequest], safe=True)


def _custody_of_media_v6(db: Database, migrator: SchemaMigrator) -> None:
    db.create_tables([*custody.MODELS, *discs.MODELS], safe=True)


def _regulation_records_v7(db: Database, migrator: SchemaMigrator) -> None:
    db.create_tables([compliance.ConductNote, compliance.HeadAcknowledgement, compliance.GapReport], safe=True)


#: The stored retention decision version 8 adds (issue #22): each recording's keep-until date and state, indexed so
#: that "due for disposal" and the dashboard's counts never read every recording. Existing rows start with the
#: state "" (not computed); the services compute those before the first retention query
#: (``services/keep_until_store.py``).
KEEP_UNTIL_INDEX = "recording_retention_state_keep_until_classification_disposed_at"
#: Version 8's index for a device's last import (``device_service.last_import_at``, the dashboard's undocked devices).
LAST_IMPORT_INDEX = "recording_device_id_imported_at"


def _stored_keep_until_v8(db: Database, migrator: SchemaMigrator) -> None:
    table = Recording._meta.table_name
    present = {column.name for column in db.get_columns(table)}
    if "keep_until" not in present:  # a fresh catalogue has them
        migrate(migrator.add_column(table, "keep_until", UtcDateTimeField(null=True)))
    if "retention_state" not in present:
        migrate(migrator.add_column(table, "retention_state", CharField(default="")))
    db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{KEEP_UNTIL_INDEX}" ON "{table}" '
                   '("retention_state", "keep_until", "classification", "disposed_at")')
    db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{LAST_IMPORT_INDEX}" ON "{table}" ("device_id", "imported_at")')


#: The covering indexes version 9 adds (issue #22): the dashboard's and the monthly report's counts per local day
#: (device, clock offset, duplicates) and per week of imports (timeliness, duplicates) read only the index, not a
#: recording row each (about 1 KB: on 1,000,000 recordings the eight weeks' recordings are 80 MB of rows, 3 MB of
#: index). The one on ``imported_at`` replaces that column's own index (its prefix).
DAY_COUNT_INDEX = "recording_start_at_device_id_clock_offset_s_duplicate_of_id"
IMPORT_WEEK_INDEX = "recording_imported_at_duplicate_of_id_import_delay_s"
_V9_INDEXES = {DAY_COUNT_INDEX: ("start_at", "device_id", "clock_offset_s", "duplicate_of_id"),
               IMPORT_WEEK_INDEX: ("imported_at", "duplicate_of_id", "import_delay_s")}


def _dashboard_counts_from_indexes_v9(db: Database, migrator: SchemaMigrator) -> None:
    table = Recording._meta.table_name
    for name, columns in _V9_INDEXES.items():
        quoted = ", ".join(f'"{column}"' for column in columns)
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({quoted})')
    db.execute_sql('DROP INDEX IF EXISTS "recording_imported_at"')
    if is_sqlite(db) and db.table_exists("sqlite_stat1"):  # a catalogue with statistics gets them for the new ones
        for name in _V9_INDEXES:
            db.execute_sql(f'ANALYZE "{name}"')


MIGRATIONS: list[Migration] = [
    Migration(1, "initial catalogue", _create_v1),
    Migration(2, "Library indexes: (filter, start_at, id, classification) on recording, (kind, status) on finding",
              _library_indexes_v2),
    Migration(3, "card names kept as bytes: card_path_raw on recording and import_file", _raw_card_paths_v3),
    Migration(4, "only the station signs: per-user key slots leave the schema, retired certificates are registered",
              _station_signs_alone_v4),
    Migration(5, "the catalogue cannot lie: audit events indexed by object; account changes waiting for a second "
              "person", _catalogue_cannot_lie_v5),
    Migration(6, "custody of the physical media: card hand-overs and verified wipes, the disc register",
              _custody_of_media_v6),
    Migration(7, "regulation records (issue #19): complaint and conduct notes (Art. 14), the head's "
              "acknowledgement of non-recording records (Art. 5), gap reports (Art. 11)", _regulation_records_v7),
    Migration(8, "keep-until stored per recording: keep_until and retention_state on recording, indexed; "
              "(device, imported_at) indexed",
              _stored_keep_until_v8),
    Migration(9, "the dashboard's day and week counts from covering indexes: (start_at, device, clock offset, "
              "duplicate_of) and (imported_at, duplicate_of, import delay) on recording",
              _dashboard_counts_from_indexes_v9),
]

CURRENT_VERSION = MIGRATIONS[-1].version


def applied_version(db: Database) -> int:
    """The schema version recorded in the catalogue, 0 for an empty database."""
    if not db.table_exists(SchemaVersion._meta.table_name):
        return 0
    row = SchemaVersion.select().order_by(SchemaVersion.version.desc()).first()
    return row.version if row else 0


def ensure_schema(db: Database, migrations: list[Migration] | None = None) -> int:
    """Bring the catalogue to the code's schema version; return the version now in force."""
    steps = migrations if migrations is not None else MIGRATIONS
    newest = steps[-1].version
    db.create_tables([SchemaVersion], safe=True)
    current = applied_version(db)
    if current > newest:
        raise SchemaTooNewError(
            Msg(
                "This catalogue has schema version {current}, but this program only knows up to {newest}. It "
                "was written by a newer Evidence Station: install that version (never downgrade a catalogue).",
                current=current,
                newest=newest,
            ),
        )
    migrator = SchemaMigrator.from_database(db)
    for step in steps:
        if step.version <= current:
            continue
        with write_transaction(db):
            step.apply(db, migrator)
            SchemaVersion.delete().execute()
            SchemaVersion.create(version=step.version)
        current = step.version
    refresh_statistics(db)
    return current


#: Below this many recordings every Library query is fast whatever plan SQLite picks: no statistics needed.
STATISTICS_MIN_RECORDINGS = 10_000
#: The statistics index whose first figure is the number of recordings at the last ``ANALYZE``.
_STATISTICS_INDEX = "recording_start_at_id_classification"


def refresh_statistics(db: Database, *, force: bool = False) -> bool:
    """On SQLite, ``ANALYZE`` the catalogue when its recordings have doubled since the last time (or ``force``).

    Without statistics SQLite guesses how selective an index is, and can guess wrong on a large catalogue:
    measured on 1,000,000 recordings with a device index lacking the kind, the "device + kind" page walked
    the ``kind`` index (a quarter of the recordings), 121 ms instead of 27 ms with statistics
    (``benchmarks/README.md``). With today's indexes every Library query gets the right plan either way; the
    statistics keep it so as queries change. A full ``ANALYZE`` of 1,000,000 recordings takes 1.5–2.5 s, so it
    runs only when the catalogue has doubled: a handful of times in a station's life (at opening, see
    :func:`ensure_schema`). PostgreSQL keeps its own statistics (autovacuum); nothing is done there. Returns
    True when the statistics were refreshed.
    """
    if not is_sqlite(db) or not db.table_exists(Recording._meta.table_name):
        return False
    recordings = db.execute_sql(f'SELECT MAX("id") FROM "{Recording._meta.table_name}"').fetchone()[0] or 0
    if not force and (recordings < STATISTICS_MIN_RECORDINGS or recordings < 2 * analysed_recordings(db)):
        return False
    db.execute_sql("ANALYZE")
    return True


def analysed_recordings(db: Database) -> int:
    """How many recordings SQLite's statistics were gathered on (0 when there are none)."""
    if not is_sqlite(db) or not db.table_exists("sqlite_stat1"):
        return 0
    row = db.execute_sql("SELECT stat FROM sqlite_stat1 WHERE idx = ?", (_STATISTICS_INDEX,)).fetchone()
    return int(row[0].split()[0]) if row else 0


def install_audit_guards(db: Database) -> None:
    """Triggers that refuse UPDATE and DELETE on the audit tables (append-only)."""
    tables = [AuditEvent._meta.table_name, AuditCheckpoint._meta.table_name]
    if is_sqlite(db):
        for table in tables:
            for verb in ("UPDATE", "DELETE"):
                db.execute_sql(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )
    elif is_postgres(db):
        # "%%": the driver formats the statement with (empty) parameters, so a lone "%" must be doubled.
        db.execute_sql(
            "CREATE OR REPLACE FUNCTION evidence_station_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION '%% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql"
        )
        for table in tables:
            db.execute_sql(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            db.execute_sql(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION evidence_station_append_only()"
            )
