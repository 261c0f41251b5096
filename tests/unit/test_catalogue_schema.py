"""Connection settings, schema versioning and refusal of a newer catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
from peewee import CharField
from playhouse.migrate import migrate

from evidence_station.catalogue.database import connection_settings, open_database, sqlite_url
from evidence_station.catalogue.schema import CURRENT_VERSION, Migration, SchemaVersion, applied_version, ensure_schema
from evidence_station.domain.errors import SchemaTooNewError, StationNotInitialisedError
from evidence_station.services.station import Station


@pytest.mark.sqlite_only("works on the SQLite catalogue file directly")
def test_sqlite_connection_runs_with_custody_settings(station: Station) -> None:
    settings = connection_settings(station.db)
    assert settings["journal_mode"] == "wal"
    assert settings["synchronous"] == 2  # FULL
    assert settings["foreign_keys"] == 1
    assert settings["busy_timeout"] >= 5000


def test_fresh_catalogue_is_at_current_version(station: Station) -> None:
    assert applied_version(station.db) == CURRENT_VERSION


def test_newer_catalogue_is_refused(station: Station) -> None:
    SchemaVersion.update(version=CURRENT_VERSION + 5).execute()
    station.db.close()
    with pytest.raises(SchemaTooNewError, match="newer"):
        Station.open(station.home.root)


def test_pending_migration_is_applied_with_the_migrator(tmp_path: Path) -> None:
    db = open_database(sqlite_url(tmp_path / "c.sqlite3"))
    assert ensure_schema(db) == CURRENT_VERSION

    def add_column(db, migrator) -> None:
        migrate(migrator.add_column("device", "colour", CharField(default="black")))

    steps = [*__import__("evidence_station.catalogue.schema", fromlist=["MIGRATIONS"]).MIGRATIONS,
             Migration(CURRENT_VERSION + 1, "device colour", add_column)]
    assert ensure_schema(db, steps) == CURRENT_VERSION + 1
    columns = {c.name for c in db.get_columns("device")}
    assert "colour" in columns
    db.close()


def test_missing_station_gives_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StationNotInitialisedError, match="init"):
        Station.open(tmp_path / "nothing")


def test_home_and_key_file_permissions(station: Station) -> None:
    assert station.home.root.stat().st_mode & 0o077 == 0
    key = station.home.identity_dir / "station-key.pem"
    assert key.stat().st_mode & 0o077 == 0
    assert "BEGIN PRIVATE KEY" in key.read_text()  # the station's own key: the OS account protects it
