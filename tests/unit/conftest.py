"""Fixtures of the unit tests that talk to the station service: one dispatcher over the test station, reached
in process and over HTTP (a module overrides ``dispatcher`` when its station needs more, e.g. another user)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from evidence_station.client.transport import Transport
from evidence_station.server.dispatch import Dispatcher
from evidence_station.services.station import Station
from tests.helpers.transports import WAYS, reached


@pytest.fixture
def dispatcher(station: Station, people: dict) -> Iterator[Dispatcher]:
    """The service's dispatcher over the test station (users of every role exist); its stream port is stopped after."""
    running = Dispatcher(station)
    yield running
    running.streams.stop()


@pytest.fixture(params=WAYS)
def transport(request: pytest.FixtureRequest, dispatcher: Dispatcher, tmp_path: Path) -> Iterator[Transport]:
    """The same dispatcher reached in process and over HTTP on a Unix socket."""
    with reached(request.param, dispatcher, tmp_path / "run" / "station.sock") as way:
        yield way
