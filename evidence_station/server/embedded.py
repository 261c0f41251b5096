"""The embedded station service: the same dispatcher, privately, inside a client's own process.

For the demo, a single-user laptop and the tests: the home belongs to the caller's account, so nothing is
protected from that account (the station says so in its certificate and on what it signs).
"""

from __future__ import annotations

from pathlib import Path

from evidence_station.domain.clock import Clock
from evidence_station.server.dispatch import Dispatcher
from evidence_station.services.station import Station


def open_embedded(home: Path, *, clock: Clock | None = None, catalogue_url: str | None = None) -> Dispatcher:
    """Open the station in ``home`` and a dispatcher over it (close with ``close_embedded``)."""
    station = Station.open(home, clock=clock, catalogue_url=catalogue_url)
    return Dispatcher(station, protected=False)


def close_embedded(dispatcher: Dispatcher) -> None:
    """End every session (signing their checkpoints) and close the catalogue."""
    try:
        dispatcher.close()
    finally:
        dispatcher.station.close()
