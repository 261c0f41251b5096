"""Station users made for tests."""

from __future__ import annotations

from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from evidence_station.services.users import login
from tests.conftest import PASSWORD, add_user_confirmed


def add_person(station: Station, admin: ServiceContext, name: str, role: str, clearance: int = 0) -> ServiceContext:
    """A user with a clearance, logged in."""
    add_user_confirmed(admin, name=name, roles=[role], password=PASSWORD, display_name=name.title(),
             badge_number=f"B-{name[:4].upper()}", clearance=clearance)
    return login(station, name, PASSWORD)
