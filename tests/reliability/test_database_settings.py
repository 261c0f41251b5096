"""Every catalogue connection — the first, one per thread, one after a reconnect — runs with the custody
settings: WAL journal, synchronous FULL, foreign keys ON, the busy timeout."""

from __future__ import annotations

import threading

import pytest

from evidence_station.catalogue.database import BUSY_TIMEOUT_MS, connection_settings
from evidence_station.services.station import Station

EXPECTED = {"backend": "sqlite", "journal_mode": "wal", "synchronous": 2, "foreign_keys": 1,
            "busy_timeout": BUSY_TIMEOUT_MS}


@pytest.mark.sqlite_only("SQLite pragmas")
def test_every_connection_runs_with_the_custody_settings(station: Station) -> None:
    seen = [connection_settings(station.db)]
    results: list[dict[str, object]] = []

    def in_thread() -> None:
        results.append(connection_settings(station.db))  # peewee opens this thread's own connection
        station.db.close()

    threads = [threading.Thread(target=in_thread) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seen += results
    station.db.close()
    station.db.connect()
    seen.append(connection_settings(station.db))
    reopened = Station.open(station.home.root)
    seen.append(connection_settings(reopened.db))
    assert len(seen) == 6
    assert all(settings == EXPECTED for settings in seen), seen
