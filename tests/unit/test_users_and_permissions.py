"""Users, passwords, lock-out, key slots and the permission matrix."""

from __future__ import annotations

import pytest

from evidence_station.audit.log import event_count
from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.people import User
from evidence_station.domain.errors import (
    AccountLockedError,
    AuthenticationError,
    InvalidInputError,
    PermissionDeniedError,
)
from evidence_station.domain.roles import PERMISSIONS, Operation, Role, allowed
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from evidence_station.services.users import add_user, list_users, login, set_password, unlock_user
from tests.conftest import PASSWORD


def test_wrong_password_is_refused_and_audited(station: Station, admin: ServiceContext) -> None:
    with pytest.raises(AuthenticationError, match="wrong password"):
        login(station, "admin", "not-the-password")
    last = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
    assert last.action == "auth.failed" and last.outcome == "refused" and last.actor == "admin"


def test_lockout_after_repeated_failures(station: Station, admin: ServiceContext) -> None:
    add_user(admin, name="carol", roles=["clerk"], password=PASSWORD)
    for _ in range(station.settings.lockout_attempts):
        with pytest.raises(AuthenticationError) as caught:
            login(station, "carol", "bad-password")
        assert type(caught.value) is AuthenticationError  # a wrong password never learns of the lock
    assert User.get(User.name == "carol").locked
    assert AuditEvent.select().where(AuditEvent.action == "auth.locked").count() == 1
    # even the right password is refused while locked
    with pytest.raises(AccountLockedError):
        login(station, "carol", PASSWORD)
    unlock_user(admin, "carol")
    assert login(station, "carol", PASSWORD).actor.name == "carol"


def test_unknown_user_is_refused(station: Station) -> None:
    with pytest.raises(AuthenticationError, match="unknown user"):
        login(station, "nobody", PASSWORD)


def test_a_new_users_session_is_signed_for_by_the_station(station: Station, admin: ServiceContext) -> None:
    add_user(admin, name="dora", roles=["custodian"], password=PASSWORD)
    dora = login(station, "dora", PASSWORD)
    signed = dora.checkpoint("test")  # the station's signer signs; dora holds no key
    assert signed is not None and signed.verify(station.certificate)


def test_a_password_change_touches_nothing_but_the_password(station: Station, admin: ServiceContext) -> None:
    add_user(admin, name="eve", roles=["clerk"], password=PASSWORD)
    key_file = (station.home.identity_dir / "station-key.pem").read_bytes()
    set_password(admin, "eve", "another-pass-2")
    with pytest.raises(AuthenticationError):
        login(station, "eve", PASSWORD)
    eve = login(station, "eve", "another-pass-2")
    assert eve.checkpoint("x") is not None
    assert (station.home.identity_dir / "station-key.pem").read_bytes() == key_file


def test_weak_password_and_bad_role_are_refused(admin: ServiceContext) -> None:
    with pytest.raises(InvalidInputError, match="at least"):
        add_user(admin, name="x", roles=["clerk"], password="short")
    with pytest.raises(InvalidInputError, match="Unknown role"):
        add_user(admin, name="x", roles=["boss"], password=PASSWORD)


def test_non_admin_cannot_add_users_and_nothing_changes(people: dict[str, ServiceContext]) -> None:
    clerk = people["clerk"]
    users_before = User.select().count()
    events_before = event_count()
    with pytest.raises(PermissionDeniedError):
        add_user(clerk, name="mallory", roles=["admin"], password=PASSWORD)
    assert User.select().count() == users_before
    refused = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
    assert event_count() == events_before + 1
    assert refused.outcome == "refused" and refused.actor == "clerk"


def test_list_users_reports_roles(admin: ServiceContext, people: dict[str, ServiceContext]) -> None:
    by_name = {u.user: u for u in list_users(admin)}
    assert by_name["director"].roles == ["director"]
    assert by_name["admin"].roles == ["admin"]


def test_matrix_covers_every_operation() -> None:
    assert set(PERMISSIONS) == set(Operation)
    assert allowed({Role.DIRECTOR}, Operation.DECIDE_VIEWING)
    assert not allowed({Role.INVESTIGATOR}, Operation.DECIDE_VIEWING)
    assert not allowed({Role.CLERK}, Operation.IMPORT_CARD)
    assert allowed({Role.CUSTODIAN}, Operation.IMPORT_CARD)
    assert allowed({Role.CLERK}, Operation.EXPORT_EVIDENCE)
    assert not allowed({Role.AUDITOR}, Operation.EXPORT_EVIDENCE)


def test_production_password_cost_is_memory_hard() -> None:
    import importlib

    from evidence_station.identity import passwords

    fresh = importlib.reload(passwords)
    assert fresh.DEFAULT_N >= 2**15 and fresh.DEFAULT_R >= 8
