"""Two-person administration (issue #18, item 5; CLI.md "Two-person administration"): an administrator alone can
no longer create a director, raise a clearance, reset another user's password or unlock an account once the station
has a second person who could confirm — and what one person still did alone raises a finding and is listed in the
monthly report.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.people import User
from evidence_station.catalogue.recordings import Finding
from evidence_station.domain.clock import FrozenClock
from evidence_station.domain.errors import AuthenticationError, InvalidInputError, PermissionDeniedError
from evidence_station.services.account_changes import (
    confirm_account_change,
    deactivate_user,
    list_account_changes,
    refuse_account_change,
    set_clearance,
    set_user_role,
)
from evidence_station.services.compliance_report import monthly_figures
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from evidence_station.services.users import add_user, login, set_password, unlock_user
from evidence_station.services.verify_service import verify_store
from tests.conftest import PASSWORD


def _actions(*names: str) -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action.in_(names)).order_by(AuditEvent.seq))


def _single_person_findings() -> list[Finding]:
    return list(Finding.select().where(Finding.kind == "single_person_admin").order_by(Finding.id))


def _lock(station: Station, name: str) -> None:
    for _ in range(station.settings.lockout_attempts):
        with pytest.raises(AuthenticationError):
            login(station, name, "not-the-password-1")
    assert User.get(User.name == name).locked


def test_alone_the_administrator_acts_at_once_and_a_finding_says_so(station: Station,
                                                                    admin: ServiceContext) -> None:
    made = add_user(admin, name="wang", roles=["director"], password=PASSWORD, clearance=2)
    assert (made.status, made.confirmation_id, made.single_person) == ("done", None, True)
    assert login(station, "wang", PASSWORD).actor.clearance == 2
    (finding,) = _single_person_findings()
    assert "admin completed adding the user of wang" in finding.message and "双人管理" in finding.details["message_zh"]
    (event,) = _actions("user.add")[-1:]
    assert event.details["single_person"] is True
    plain = add_user(admin, name="li", roles=["investigator"], password=PASSWORD)
    assert (plain.status, plain.single_person) == ("done", False)  # no power handed out: one person suffices
    assert len(_single_person_findings()) == 1


def test_a_director_made_by_an_administrator_waits_for_a_second_person(
    station: Station, people: dict[str, ServiceContext]
) -> None:
    admin, director = people["admin"], people["director"]
    asked = add_user(admin, name="zhao", roles=["director"], password=PASSWORD, clearance=3)
    assert (asked.status, asked.active) == ("pending", False) and asked.confirmation_id
    assert User.get_or_none(User.name == "zhao") is None  # no usable account until confirmed
    with pytest.raises(AuthenticationError):
        login(station, "zhao", PASSWORD)
    with pytest.raises(InvalidInputError, match="waiting for a second person"):
        add_user(admin, name="zhao", roles=["clerk"], password=PASSWORD)  # the name is taken meanwhile
    (waiting,) = list_account_changes(director)
    assert (waiting.change, waiting.user, waiting.requested_by, waiting.details["roles"]) == (
        "add", "zhao", "admin", ["director"])
    assert "secret" not in waiting.details and all("scrypt" not in str(v) for v in waiting.details.values())
    done = confirm_account_change(director, asked.confirmation_id)
    assert (done.status, done.roles, done.clearance, done.single_person) == ("done", ["director"], 3, False)
    assert login(station, "zhao", PASSWORD).actor.clearance == 3
    (added,) = _actions("user.add")[-1:]
    assert (added.actor, added.details["requested_by"], added.details["confirmation_id"]) == (
        "director", "admin", asked.confirmation_id)
    assert [e.action for e in _actions("user.request", "user.confirm")
            if e.details["confirmation_id"] == asked.confirmation_id] == ["user.request", "user.confirm"]
    assert list_account_changes(director) == []
    assert {c.status for c in list_account_changes(director, pending_only=False)} == {"confirmed"}
    assert verify_store(station).ok  # the replay of the log agrees with every row made this way


def test_who_may_not_confirm(station: Station, people: dict[str, ServiceContext]) -> None:
    admin, director = people["admin"], people["director"]
    raised = set_clearance(admin, "director2", 3)
    assert raised.status == "pending" and User.get(User.name == "director2").clearance == 0
    for who, why in ((admin, "their own request"), (people["director2"], "their own account"),
                     (people["clerk"], "may not confirm account change")):
        with pytest.raises(PermissionDeniedError, match=why):
            confirm_account_change(who, raised.confirmation_id)
    refusals = _actions("refused.confirm_account_change")
    assert [e.actor for e in refusals] == ["admin", "director2", "clerk"]
    assert all(e.outcome == "refused" for e in refusals)
    deactivate_user(admin, "director")  # a session opened before deactivation decides nothing
    with pytest.raises(PermissionDeniedError, match="active, unlocked"):
        confirm_account_change(director, raised.confirmation_id)
    assert User.get(User.name == "director2").clearance == 0


def test_refused_and_expired_requests_change_nothing(station: Station, people: dict[str, ServiceContext],
                                                     clock: FrozenClock) -> None:
    admin, director = people["admin"], people["director"]
    granted = set_user_role(admin, "investigator", add="admin")
    assert granted.status == "pending" and granted.roles == ["investigator"]
    refused = refuse_account_change(director, granted.confirmation_id, reason="无此需要")
    assert (refused.status, refused.decided_by, refused.reason) == ("refused", "director", "无此需要")
    with pytest.raises(InvalidInputError, match="refused"):
        confirm_account_change(people["director2"], granted.confirmation_id)
    late = set_user_role(admin, "investigator", add="director")
    clock.advance(timedelta(days=7, seconds=1))
    with pytest.raises(InvalidInputError, match="expired"):
        confirm_account_change(director, late.confirmation_id)
    assert [e.action for e in _actions("user.request_expired")] == ["user.request_expired"]
    assert {r.role for r in User.get(User.name == "investigator").role_rows} == {"investigator"}


def test_what_hands_out_no_power_needs_no_second_person(station: Station, people: dict[str, ServiceContext]) -> None:
    admin = people["admin"]
    assert set_user_role(admin, "clerk", add="auditor").status == "done"
    assert set_user_role(admin, "clerk", remove="auditor").roles == ["clerk"]
    assert set_password(people["clerk"], "clerk", "my-own-new-pw-1").status == "done"  # one's own password
    assert set_clearance(admin, "clerk", 1).status == "pending"
    assert deactivate_user(admin, "auditor").active is False
    assert _single_person_findings()[-1].details["user"] == "director"  # from the fixture: the first director
    second = add_user(admin, name="admin2", roles=["admin", "clerk"], password=PASSWORD)
    confirm_account_change(people["director"], second.confirmation_id)
    admin2 = login(station, "admin2", PASSWORD)
    deactivate_user(admin2, "admin")
    with pytest.raises(InvalidInputError, match="last active administrator"):
        set_user_role(admin2, "admin2", remove="admin")
    with pytest.raises(InvalidInputError, match="their own account"):
        deactivate_user(admin2, "admin2")


def test_another_users_password_and_an_unlock_wait_for_a_second_person(
    station: Station, people: dict[str, ServiceContext]
) -> None:
    admin, director = people["admin"], people["director"]
    reset = set_password(admin, "clerk", "chosen-by-admin-1")
    assert reset.status == "pending"
    login(station, "clerk", PASSWORD)  # the old password still opens until a second person confirms
    confirm_account_change(director, reset.confirmation_id)
    login(station, "clerk", "chosen-by-admin-1")
    takeover = set_password(admin, "director", "i-know-it-now-1")  # a director's password: not by one person
    assert takeover.status == "pending"
    with pytest.raises(AuthenticationError):
        login(station, "director", "i-know-it-now-1")
    with pytest.raises(PermissionDeniedError, match="their own account"):
        confirm_account_change(director, takeover.confirmation_id)
    _lock(station, "auditor")
    unlocking = unlock_user(admin, "auditor")
    assert unlocking.status == "pending" and unlocking.locked
    assert confirm_account_change(people["director2"], unlocking.confirmation_id).locked is False
    login(station, "auditor", PASSWORD)


def test_when_the_only_director_is_locked_the_administrator_unlocks_alone(
    station: Station, admin: ServiceContext, clock: FrozenClock
) -> None:
    add_user(admin, name="boss", roles=["director"], password=PASSWORD)
    _lock(station, "boss")
    unlocked = unlock_user(admin, "boss")
    assert (unlocked.status, unlocked.locked, unlocked.single_person) == ("done", False, True)
    figures = monthly_figures(admin, month="2026-11")
    listed = [(c.action, c.user, c.by) for c in figures.single_person_changes]
    assert listed == [("user.add", "boss", "admin"), ("user.unlock", "boss", "admin")]
    assert len(_single_person_findings()) == 2


def test_a_decided_request_keeps_no_password_hash(station: Station, people: dict[str, ServiceContext]) -> None:
    from evidence_station.catalogue.people import AccountRequest

    asked = add_user(people["admin"], name="zhou", roles=["director"], password=PASSWORD)
    reset = set_password(people["admin"], "clerk", "chosen-by-admin-1")
    assert AccountRequest.get_by_id(asked.confirmation_id).secret.startswith("scrypt$")
    confirm_account_change(people["director"], asked.confirmation_id)
    refuse_account_change(people["director"], reset.confirmation_id, reason="本人已改")
    assert {r.secret for r in AccountRequest.select()} == {""}
    login(station, "zhou", PASSWORD)
