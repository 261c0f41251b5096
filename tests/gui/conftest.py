"""GUI tests run on Qt's offscreen platform unless a platform was chosen explicitly."""

import os
from collections.abc import Callable

import pytest

from evidence_station.domain.roles import Role
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from evidence_station.services.users import add_user, login
from tests.conftest import PASSWORD

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def user_with_role(station: Station, admin: ServiceContext) -> Callable[[Role], ServiceContext]:
    """Create one user holding ``role`` (named after it) and log them in (cheaper than ``people``)."""

    def make(role: Role) -> ServiceContext:
        add_user(admin, name=role.value, roles=[role], password=PASSWORD, display_name=role.value.title())
        return login(station, role.value, PASSWORD)

    return make
