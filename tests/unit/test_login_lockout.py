"""Log-in and lock-out (issue #16): the lock is decided atomically after the (slow) password check, so parallel
log-ins can never leave an account locked *and* logged in; an unknown user name and a wrong password get the
same answer; a locked account says so only to the right password."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.people import User
from evidence_station.domain.errors import AccountLockedError, AuthenticationError, EvidenceStationError
from evidence_station.identity import passwords
from evidence_station.services import users
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from evidence_station.services.users import add_user, login, unlock_user
from tests.conftest import PASSWORD
from tests.helpers.recordings import add_recording
from tests.unit.auth_support import assert_audit_replays_to_state, assert_intact

WRONG = "wrong-password-9"


@pytest.fixture
def carol(station: Station, admin: ServiceContext) -> str:
    """A clerk account, and one original in the vault (so 'intact' checks a real blob)."""
    add_user(admin, name="carol", roles=["clerk"], password=PASSWORD)
    add_user(admin, name="keeper", roles=["custodian"], password=PASSWORD)
    add_recording(login(station, "keeper", PASSWORD))
    admin.checkpoint("test set-up")
    return "carol"


def _in_thread(station: Station, work: Callable[[], Any], results: list[Any]) -> threading.Thread:
    """Run ``work`` on a thread with its own catalogue connection; its result or error goes to ``results``."""
    def run() -> None:
        try:
            results.append(work())
        except EvidenceStationError as exc:
            results.append(exc)
        finally:
            station.db.close()  # this thread's connection

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_right_password_racing_wrong_ones_never_logs_into_a_locked_account(
        station: Station, carol: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The insider's race, made deterministic: the right password is being checked while nine wrong ones lock
    the account; when its check ends the account is locked, so it must be refused (the old code logged in)."""
    limit = station.settings.lockout_attempts
    checking, release = threading.Event(), threading.Event()
    real_check = passwords.check_password

    def slow_check(encoded: str, password: str) -> bytes | None:
        kek = real_check(encoded, password)
        if password == PASSWORD:
            checking.set()
            assert release.wait(60), "the wrong passwords never finished"
        return kek

    monkeypatch.setattr(users, "check_password", slow_check)
    right: list[Any] = []
    right_thread = _in_thread(station, lambda: login(station, carol, PASSWORD), right)
    assert checking.wait(60)
    wrong: list[Any] = []
    threads = [_in_thread(station, lambda: login(station, carol, WRONG), wrong) for _ in range(9)]
    for thread in threads:
        thread.join(60)
    release.set()
    right_thread.join(60)

    actions = assert_audit_replays_to_state(carol, limit)
    assert len(right) == 1 and isinstance(right[0], AccountLockedError), right
    assert len(wrong) == 9 and all(type(e) is AuthenticationError for e in wrong), wrong
    assert actions.count("auth.locked") == 1 and actions.count("auth.failed") == 9
    assert actions[-1] == "auth.refused_locked" and "auth.login" not in actions
    assert User.get(User.name == carol).failed_attempts == limit
    assert_intact(station)


def test_parallel_wrong_and_right_passwords_leave_a_consistent_account(station: Station, carol: str) -> None:
    """Nine wrong passwords and the right one, all at once (no staging): whatever order the catalogue decided
    them in, the audit log replays to the account's state, with at most one lock and no log-in after it."""
    limit = station.settings.lockout_attempts
    results: list[Any] = []
    threads = [_in_thread(station, lambda: login(station, carol, WRONG), results) for _ in range(9)]
    threads.append(_in_thread(station, lambda: login(station, carol, PASSWORD), results))
    for thread in threads:
        thread.join(60)
    assert len(results) == 10
    actions = assert_audit_replays_to_state(carol, limit)
    assert actions.count("auth.locked") <= 1 and actions.count("auth.failed") == 9
    assert_intact(station)


def test_unknown_user_and_wrong_password_get_the_same_answer_and_are_both_audited(
        station: Station, carol: str, monkeypatch: pytest.MonkeyPatch) -> None:
    spent: list[str] = []
    real_spend = passwords.spend_password_check
    monkeypatch.setattr(users, "spend_password_check", lambda pw: (spent.append(pw), real_spend(pw)))
    answers = {}
    for name in ("carol", "nobody"):
        with pytest.raises(AuthenticationError) as caught:
            login(station, name, WRONG)
        error = caught.value
        answers[name] = (type(error), error.code, error.exit_code,
                         error.message.replace(repr(name), "NAME"), error.text_zh().replace(name, "NAME"))
    assert answers["carol"] == answers["nobody"]
    assert answers["carol"][:3] == (AuthenticationError, "authentication_failed", 3)
    assert spent == [WRONG], "an unknown user name must cost a password check too (same timing)"
    events = list(AuditEvent.select().where(AuditEvent.action == "auth.failed").order_by(AuditEvent.seq))
    assert [(e.actor, e.object_id, e.outcome, e.details["reason"]) for e in events] == [
        ("carol", "carol", "refused", "wrong password"), ("nobody", "nobody", "refused", "unknown user")]
    assert not any(WRONG in str(e.details) for e in events)
    assert_intact(station)


def test_the_locking_failure_and_later_wrong_passwords_do_not_reveal_the_lock(station: Station, carol: str) -> None:
    limit = station.settings.lockout_attempts
    messages = set()
    for _ in range(limit + 2):
        with pytest.raises(AuthenticationError) as caught:
            login(station, carol, WRONG)
        assert type(caught.value) is AuthenticationError  # never AccountLockedError without the password
        messages.add((caught.value.message, caught.value.message_zh))
    assert len(messages) == 1 and "locked after" in next(iter(messages))[0]
    assert User.get(User.name == carol).locked
    assert_audit_replays_to_state(carol, limit)
    assert_intact(station)


def test_locked_account_refuses_the_right_password_until_unlocked(
        station: Station, admin: ServiceContext, carol: str) -> None:
    limit = station.settings.lockout_attempts
    for _ in range(limit):
        with pytest.raises(AuthenticationError):
            login(station, carol, WRONG)
    with pytest.raises(AccountLockedError) as caught:
        login(station, carol, PASSWORD)
    assert caught.value.exit_code == 3 and "locked" in caught.value.message
    assert "evidence-station user unlock carol" in caught.value.text_zh()
    unlock_user(admin, carol)
    assert login(station, carol, PASSWORD).actor.name == carol
    actions = assert_audit_replays_to_state(carol, limit)
    assert actions[-4:] == ["auth.locked", "auth.refused_locked", "user.unlock", "auth.login"]
    assert_intact(station)


def test_right_password_resets_the_count(station: Station, carol: str) -> None:
    limit = station.settings.lockout_attempts
    for _ in range(limit - 1):
        with pytest.raises(AuthenticationError):
            login(station, carol, WRONG)
    login(station, carol, PASSWORD)
    assert User.get(User.name == carol).failed_attempts == 0
    with pytest.raises(AuthenticationError):
        login(station, carol, WRONG)
    assert not User.get(User.name == carol).locked
    assert_audit_replays_to_state(carol, limit)
    assert_intact(station)


def test_deactivated_account_refuses_the_right_password(station: Station, carol: str) -> None:
    User.update(active=False).where(User.name == carol).execute()
    with pytest.raises(AuthenticationError) as wrong:
        login(station, carol, WRONG)
    with pytest.raises(AuthenticationError) as right:
        login(station, carol, PASSWORD)
    assert "unknown user name or wrong password" in wrong.value.message
    assert "deactivated" in right.value.message and "已停用" in right.value.text_zh()
    last = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
    assert (last.action, last.outcome) == ("auth.refused_inactive", "refused")


def test_password_changed_during_the_check_is_checked_again(
        station: Station, admin: ServiceContext, carol: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check runs outside the lock: when the password changes meanwhile, the decision uses the new one."""
    real_check = passwords.check_password
    calls: list[str] = []

    def check_then_change(encoded: str, password: str) -> bytes | None:
        kek = real_check(encoded, password)
        if not calls:
            users.set_password(admin, carol, "a-new-password-2")
        calls.append(password)
        return kek

    monkeypatch.setattr(users, "check_password", check_then_change)
    with pytest.raises(AuthenticationError):
        login(station, carol, PASSWORD)  # right when checked, wrong by the time it is decided
    assert len(calls) == 2
    assert login(station, carol, "a-new-password-2").actor.name == carol
