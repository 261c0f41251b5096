"""Schema version 2 (the Library's indexes): a version-1 catalogue migrates to exactly what a fresh one is."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from peewee import Database

from evidence_station.catalogue import schema
from evidence_station.catalogue.database import is_sqlite, write_transaction
from evidence_station.catalogue.recordings import ImportSession, Recording
from evidence_station.catalogue.schema import MODELS, SchemaVersion, applied_version, ensure_schema
from evidence_station.services.station import Station

#: The Library indexes version 2 makes, and the ones version-1 catalogues have instead (single-column
#: indexes; device and officer indexes without the kind, on catalogues made after the first benchmark).
NEW = {
    "recording_start_at_id_classification": ("recording", '"start_at", "id", "classification"'),
    "recording_device_id_start_at_id_classification_kind": (
        "recording", '"device_id", "start_at", "id", "classification", "kind"'),
    "recording_officer_start_at_id_classification_kind": (
        "recording", '"officer", "start_at", "id", "classification", "kind"'),
    "recording_kind_start_at_id_classification": ("recording", '"kind", "start_at", "id", "classification"'),
    "finding_kind_status": ("finding", '"kind", "status"'),
}
OLD = {"recording_start_at": ("recording", '"start_at"'), "recording_officer": ("recording", '"officer"'),
       "finding_kind": ("finding", '"kind"'),
       "recording_device_id_start_at_id_classification": (
           "recording", '"device_id", "start_at", "id", "classification"'),
       "recording_officer_start_at_id_classification": ("recording", '"officer", "start_at", "id", "classification"')}


def _indexes(db: Database) -> set[tuple[str, str, tuple[str, ...], bool]]:
    """(table, name, columns, unique) of every index of every catalogue table."""
    return {(model._meta.table_name, index.name, tuple(index.columns), index.unique)
            for model in MODELS for index in db.get_indexes(model._meta.table_name)}


def _make_version_1(db: Database) -> None:
    """Turn the catalogue back into what version-1 code of before the Library indexes created."""
    for name in NEW:
        db.execute_sql(f'DROP INDEX "{name}"')
    for name, (table, columns) in OLD.items():
        db.execute_sql(f'CREATE INDEX "{name}" ON "{table}" ({columns})')
    SchemaVersion.update(version=1).execute()


def test_a_fresh_catalogue_has_the_library_indexes(station: Station) -> None:
    names = {name for _table, name, _columns, _unique in _indexes(station.db)}
    assert set(NEW) <= names and not set(OLD) & names
    assert applied_version(station.db) == schema.CURRENT_VERSION


def test_version_1_catalogue_migrates_to_the_fresh_schema(station: Station) -> None:
    fresh = _indexes(station.db)
    _make_version_1(station.db)
    assert _indexes(station.db) != fresh and applied_version(station.db) == 1
    assert ensure_schema(station.db) == schema.CURRENT_VERSION
    assert _indexes(station.db) == fresh
    assert ensure_schema(station.db) == schema.CURRENT_VERSION and _indexes(station.db) == fresh  # nothing left to do


def _add_recordings(station: Station, count: int) -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    with write_transaction():
        session = ImportSession.create(custodian=1, station_uid=station.station_uid, card_root="/c", started_at=at)
        row = {"import_session": session.id, "card_path": "x", "file_name": "x", "size": 1, "sha256": "0" * 64,
               "sm3": "0" * 64, "start_at": at, "imported_at": at}
        Recording.insert_many([row] * count).execute()


def test_statistics_are_refreshed_when_the_catalogue_has_doubled(
    station: Station, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schema, "STATISTICS_MIN_RECORDINGS", 20)
    _add_recordings(station, 15)
    assert not schema.refresh_statistics(station.db)  # too few recordings to matter
    _add_recordings(station, 15)
    if not is_sqlite(station.db):  # PostgreSQL's autovacuum keeps its own statistics
        assert not schema.refresh_statistics(station.db, force=True)
        return
    ensure_schema(station.db)  # at every opening
    assert schema.analysed_recordings(station.db) == 30
    _add_recordings(station, 25)
    assert not schema.refresh_statistics(station.db)  # 55 < 2 × 30
    _add_recordings(station, 5)
    assert schema.refresh_statistics(station.db) and schema.analysed_recordings(station.db) == 60
