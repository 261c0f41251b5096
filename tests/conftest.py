"""Shared fixtures: auto-marking by folder, a fresh station home with a frozen clock, users per role.

Backend switch (like peewee's own suite): ``--backend postgres`` or ``EVIDENCE_STATION_TEST_BACKEND=postgres``
runs every test that uses the ``station`` fixture on a fresh PostgreSQL database (the server named by
``EVIDENCE_STATION_TEST_PG_URL``, see tools/postgres-ci.sh); the default is SQLite.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from evidence_station.api.users import UserChange
from evidence_station.domain.clock import FrozenClock
from evidence_station.domain.roles import Role
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from evidence_station.services.users import add_user, init_station, login

TESTS_DIR = Path(__file__).parent
PASSWORD = "correct-horse-1"


BACKEND_ENV = "EVIDENCE_STATION_TEST_BACKEND"


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--backend sqlite|postgres``: the catalogue the ``station`` fixture uses."""
    parser.addoption("--backend", choices=["sqlite", "postgres"], default=os.environ.get(BACKEND_ENV) or "sqlite",
                     help=f"catalogue backend for the station fixture (default: ${BACKEND_ENV} or sqlite)")


def pytest_report_header(config: pytest.Config) -> str:
    """Say which catalogue backend this run uses."""
    return f"catalogue backend: {config.getoption('--backend')}"


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``sqlite_only(reason)`` marker."""
    config.addinivalue_line("markers", "sqlite_only(reason): skipped when the run uses the PostgreSQL backend")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark tests ``unit``/``gui``/``e2e``/``browser`` by the folder they live in; skip ``sqlite_only`` ones on
    PostgreSQL."""
    on_postgres = config.getoption("--backend") == "postgres"
    for item in items:
        parts = Path(str(item.fspath)).relative_to(TESTS_DIR).parts
        if parts and parts[0] in {"unit", "gui", "e2e", "ossep", "browser"}:
            item.add_marker(parts[0])
        marker = item.get_closest_marker("sqlite_only")
        if on_postgres and marker is not None:
            reason = marker.args[0] if marker.args else "SQLite-specific"
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process tests hash new passwords with a cheap scrypt cost (each hash records its own cost)."""
    from evidence_station.identity import passwords

    monkeypatch.setattr(passwords, "DEFAULT_N", 2**10)


@pytest.fixture
def clock() -> FrozenClock:
    """A clock frozen at a known instant (2026-11-24 10:00 Asia/Shanghai)."""
    return FrozenClock(datetime(2026, 11, 24, 2, 0, tzinfo=UTC))


@pytest.fixture(scope="session")
def backend(pytestconfig: pytest.Config) -> str:
    """``sqlite`` or ``postgres``: the catalogue backend of this run."""
    return str(pytestconfig.getoption("--backend"))


@pytest.fixture
def catalogue_url(request: pytest.FixtureRequest, backend: str) -> str | None:
    """None on SQLite (the home's own file); on PostgreSQL the URL of a fresh, empty database."""
    if backend != "postgres":
        return None
    return request.getfixturevalue("postgres_catalogue")


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for this test (dropped afterwards); skipped without a server."""
    from tests.pg_support import temporary_database

    with temporary_database() as url:
        yield url


@pytest.fixture
def postgres_catalogue() -> Iterator[str]:
    """A fresh PostgreSQL database already holding an empty catalogue (dropped afterwards)."""
    from tests.pg_support import temporary_database

    with temporary_database(with_catalogue=True) as url:
        yield url


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Drop the PostgreSQL catalogue template, if this run made one."""
    from tests.pg_support import drop_catalogue_template

    drop_catalogue_template()


@pytest.fixture
def station(tmp_path: Path, clock: FrozenClock, catalogue_url: str | None) -> Iterator[Station]:
    """A freshly initialised station home with an ``admin`` user, opened with the frozen clock."""
    home = tmp_path / "home"
    init_station(home, admin_name="admin", admin_password=PASSWORD, clock=clock, catalogue_url=catalogue_url)
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
        add_user_confirmed(admin, name=name, roles=[role], password=PASSWORD, display_name=name.title(),
                           badge_number=f"B-{name[:3].upper()}", clearance=0)
        contexts[name] = login(station, name, PASSWORD)
    return contexts


def confirmed(admin: ServiceContext, change: UserChange) -> UserChange:
    """``change`` in effect: when it waits for a second person (two-person administration), confirmed by the first
    eligible administrator or director (every test user's password is :data:`PASSWORD`)."""
    if change.status != "pending":
        return change
    from evidence_station.services.account_changes import confirm_account_change
    from evidence_station.services.two_person import second_persons

    second = second_persons({admin.actor.name, change.user})[0]
    return confirm_account_change(login(admin.station, second, PASSWORD), change.confirmation_id)


def add_user_confirmed(admin: ServiceContext, **user: Any) -> UserChange:
    """:func:`add_user`, confirmed by a second person when the station has one (two-person administration)."""
    return confirmed(admin, add_user(admin, **user))


@pytest.fixture
def desk_zone() -> Iterator[Callable[[str], None]]:
    """Set this process's local time zone (``TZ`` + ``time.tzset``), as a desk in that zone has it; restored after."""
    import time

    before = os.environ.get("TZ")

    def set_zone(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    yield set_zone
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture(scope="module")
def disc(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One real evidence disc (the sample plan), staged, imaged and extracted with xorriso once per module."""
    from tests.helpers.discs import build_sample_disc

    return build_sample_disc(tmp_path_factory.mktemp("disc"))
