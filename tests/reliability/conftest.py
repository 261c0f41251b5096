"""Reliability suites: crash, I/O faults, tampering, fuzzing, permissions, security details.

Every test here is marked ``reliability``. Tests that try many cases in one test function (kill runs,
hypothesis examples, matrix cells) report how many they tried with the ``record_cases`` fixture; the
numbers go to pytest's ``record_property`` (visible in a junit XML report) and, when ``$RELIABILITY_OUT``
names a folder, to ``cases.jsonl`` in it, which ``tools/reliability_report.py`` turns into the README table.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from evidence_station.services.station import Station

HERE = Path(__file__).parent
CASES_FILE = "cases.jsonl"

RecordCases = Callable[..., None]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under tests/reliability ``reliability``."""
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.reliability)


@pytest.fixture
def record_cases(request: pytest.FixtureRequest, record_property: Callable[[str, object], None]) -> RecordCases:
    """``record_cases(suite, cases, failures=0, originals_lost=None, **extra)``: how many cases a test tried."""

    def record(suite: str, cases: int, failures: int = 0, originals_lost: int | None = None, **extra: object) -> None:
        entry = {"suite": suite, "test": request.node.nodeid, "cases": cases, "failures": failures,
                 "originals_lost": originals_lost, **extra}
        record_property("reliability", json.dumps(entry, ensure_ascii=False))
        out = os.environ.get("RELIABILITY_OUT")
        if out:
            Path(out).mkdir(parents=True, exist_ok=True)
            with open(Path(out) / CASES_FILE, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(entry, ensure_ascii=False) + "\n")

    return record


@pytest.fixture(scope="session")
def imported_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A station home (users per role, see tests/conftest.py) with the demo card imported once; copy it to use it."""
    from datetime import date

    from evidence_station.domain.roles import Role
    from evidence_station.identity import passwords
    from evidence_station.media.demo_card import write_demo_card
    from evidence_station.services.import_service import import_card
    from evidence_station.services.station import Station
    from evidence_station.services.users import init_station, login
    from tests.conftest import PASSWORD, add_user_confirmed

    base = tmp_path_factory.mktemp("imported")
    cost, passwords.DEFAULT_N = passwords.DEFAULT_N, 2**10
    try:
        init_station(base / "home", admin_name="admin", admin_password=PASSWORD)
        station = Station.open(base / "home")
        admin = login(station, "admin", PASSWORD)
        names = {role.value: role for role in Role if role is not Role.ADMIN}
        names |= {"director2": Role.DIRECTOR, "investigator2": Role.INVESTIGATOR}
        for name, role in names.items():
            add_user_confirmed(admin, name=name, roles=[role], password=PASSWORD, display_name=name.title(),
                     badge_number=f"B-{name[:3].upper()}", clearance=0)
        write_demo_card(base / "card", seed=1, day=date(2026, 11, 24))
        import_card(login(station, "custodian", PASSWORD), base / "card")
        station.close()
    finally:
        passwords.DEFAULT_N = cost
    return base / "home"


@pytest.fixture
def imported_station(imported_home: Path, tmp_path: Path) -> Iterator[Station]:
    """A private copy of :func:`imported_home`, opened."""
    import shutil

    from evidence_station.services.station import Station

    home = tmp_path / "home"
    shutil.copytree(imported_home, home, symlinks=True)
    station = Station.open(home)
    yield station
    station.close()
