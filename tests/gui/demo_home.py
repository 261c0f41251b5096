"""A station home with users and the demo card imported: built once per test module, copied for each test."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from evidence_station.client.station_client import StationClient
from evidence_station.client.transport import InProcessTransport
from evidence_station.domain.clock import FrozenClock
from evidence_station.media.demo_card import write_demo_card
from evidence_station.server.dispatch import Dispatcher
from evidence_station.services.import_service import import_card
from evidence_station.services.station import Station
from evidence_station.services.users import init_station, login
from tests.conftest import PASSWORD, add_user_confirmed

DEMO_DAY = date(2026, 11, 24)
CLOCK_AT = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # 10:00 in Asia/Shanghai, after the demo recordings


@dataclass(frozen=True)
class DemoUser:
    """One account of the demo home (password :data:`tests.conftest.PASSWORD`)."""

    name: str
    role: str
    display_name: str = ""
    badge_number: str = ""


def build_imported_home(
    root: Path,
    users: Sequence[DemoUser],
    *,
    seed: int = 1,
    then: Callable[[Station], None] | None = None,
) -> Path:
    """Initialise ``root/home``, add ``users``, import the demo card (``seed``) as ``custodian`` (who must be
    among the users), run ``then(station)`` and return the home. Password hashing is cheap here."""
    from evidence_station.identity import passwords

    home = root / "home"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "DEFAULT_N", 2**10)
        init_station(home, admin_name="admin", admin_password=PASSWORD, clock=FrozenClock(CLOCK_AT))
        station = Station.open(home, clock=FrozenClock(CLOCK_AT))
        admin = login(station, "admin", PASSWORD)
        for user in users:
            add_user_confirmed(admin, name=user.name, roles=[user.role], password=PASSWORD,
                     display_name=user.display_name or user.name.title(), badge_number=user.badge_number)
        card = write_demo_card(root / "card", seed=seed, day=DEMO_DAY)
        import_card(login(station, "custodian", PASSWORD), card.path)
        if then is not None:
            then(station)
        station.close()
    return home


def open_copy(home: Path, tmp_path: Path, clock: FrozenClock | None = None) -> Station:
    """Open a fresh copy of ``home`` (so a test may change it) with ``clock`` (default: :data:`CLOCK_AT`)."""
    copy = tmp_path / "home"
    shutil.copytree(home, copy)
    return Station.open(copy, clock=clock or FrozenClock(CLOCK_AT))


def desk_client(station: Station, user: str, password: str = PASSWORD) -> StationClient:
    """``user`` logged in to ``station`` through the desktop program's client (its embedded service)."""
    transport = InProcessTransport(Dispatcher(station))
    return StationClient.login(transport, user, password, client="gui")
