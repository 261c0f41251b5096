"""Helpers shared by command handlers: run a use case as a logged-in user."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TypeVar

from evidence_station.cli.output import Output
from evidence_station.cli.session import login_for, open_station
from evidence_station.client.station_client import StationClient
from evidence_station.services.context import ServiceContext

T = TypeVar("T")


def as_user(args: argparse.Namespace, out: Output, work: Callable[[ServiceContext], T]) -> T:
    """Open the station, log in, run ``work``, then sign a session-end audit checkpoint."""
    station = open_station(args)
    out.zone_name = station.settings.zone
    try:
        ctx = login_for(args, station)
        try:
            return work(ctx)
        finally:
            ctx.end_session()
    finally:
        station.close()


def as_client(args: argparse.Namespace, out: Output, work: Callable[[StationClient], T]) -> T:
    """Run ``work`` with a logged-in client of the station (service or embedded, see ``cli/connection.py``);
    the output speaks the station's time zone."""
    from evidence_station.cli.connection import connected

    with connected(args) as client:
        out.zone_name = client.station.zone
        return work(client)
