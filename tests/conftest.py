"""Shared fixtures: auto-marking by folder, a fresh station home with a frozen clock, users per role."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from evidence_station.domain.clock import FrozenClock
from evidence_station.domain.roles import Role
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from evidence_station.services.users import add_user, init_station, login

TESTS_DIR = Path(__file__).parent
PASSWORD = "correct-horse-1"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests ``unit``/``gui``/``e2e`` by the folder they live in."""
    for item in items:
        parts = Path(str(item.fspath)).relative_to(TESTS_DIR).parts
        if parts and parts[0] in {"unit", "gui", "e2e"}:
            item.add_marker(parts[0])


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process tests hash new passwords with a cheap scrypt cost (each hash records its own cost)."""
    from evidence_station.identity import passwords

    monkeypatch.setattr(passwords, "DEFAULT_N", 2**10)


@pytest.fixture
def clock() -> FrozenClock:
    """A clock frozen at a known instant (2026-11-24 10:00 Asia/Shanghai)."""
    return FrozenClock(datetime(2026, 11, 24, 2, 0, tzinfo=UTC))


@pytest.fixture
def station(tmp_path: Path, clock: FrozenClock) -> Iterator[Station]:
    """A freshly initialised station home with an ``admin`` user, opened with the frozen clock."""
    home = tmp_path / "home"
    init_station(home, admin_name="admin", admin_password=PASSWORD, clock=clock)
    opened = Station.open(home, clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def admin(station: Station) -> ServiceContext:
    """The administrator, logged in."""
    return login(station, "admin", PASSWORD)


@pytest.fixture
def people(station: Station, admin: ServiceContext) -> dict[str, ServiceContext]:
    """One logged-in user per role, named after the role (plus ``director2`` and ``investigator2``)."""
    names = {role.value: role for role in Role if role is not Role.ADMIN}
    names["director2"] = Role.DIRECTOR
    names["investigator2"] = Role.INVESTIGATOR
    contexts = {"admin": admin}
    for name, role in names.items():
        add_user(admin, name=name, roles=[role], password=PASSWORD, display_name=name.title(),
                 badge_number=f"B-{name[:3].upper()}", clearance=0)
        contexts[name] = login(station, name, PASSWORD)
    return contexts
