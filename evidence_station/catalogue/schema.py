"""Schema versioning and migrations.

The applied version is kept in the ``schema_version`` table. :func:`ensure_schema` creates a fresh
catalogue at the current version, applies pending migrations (playhouse's ``SchemaMigrator``) to an older
one, and refuses a catalogue written by newer code with :class:`SchemaTooNewError`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from peewee import Database, IntegerField, Model
from playhouse.migrate import SchemaMigrator

from evidence_station.catalogue import bookmarks, cases, compliance, retention, viewing
from evidence_station.catalogue.audit_tables import AuditCheckpoint, AuditEvent
from evidence_station.catalogue.base import BaseModel
from evidence_station.catalogue.database import is_postgres, is_sqlite, write_transaction
from evidence_station.catalogue.people import Station, StationKeySlot, User, UserRole
from evidence_station.catalogue.recordings import (
    Device,
    Finding,
    FindingRecording,
    ImportFile,
    ImportSession,
    Recording,
)
from evidence_station.domain.errors import SchemaTooNewError


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
    StationKeySlot,
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


MIGRATIONS: list[Migration] = [
    Migration(1, "initial catalogue", _create_v1),
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
            f"This catalogue has schema version {current}, but this program only knows up to {newest}. "
            "It was written by a newer Evidence Station: install that version (never downgrade a catalogue)."
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
    return current


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
