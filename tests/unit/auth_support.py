"""Checks shared by the log-in and settings tests: the audit trail of an account replays to its state, and the
catalogue, the vault and the checkpoint file are intact."""

from __future__ import annotations

from evidence_station.audit.checkpoints import CHECKPOINT_FILE
from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.people import User
from evidence_station.services.station import Station
from evidence_station.services.verify_service import verify_store

#: The audit actions that move an account's lock state.
ACCOUNT_ACTIONS = ("auth.failed", "auth.locked", "auth.login", "auth.refused_locked", "auth.refused_inactive",
                   "user.unlock", "user.password")


def account_events(name: str) -> list[AuditEvent]:
    """The events about account ``name`` that decide or record its lock state, in chain order."""
    return list(AuditEvent.select().where((AuditEvent.object_id == name) & AuditEvent.action.in_(ACCOUNT_ACTIONS))
                .order_by(AuditEvent.seq))


def assert_audit_replays_to_state(name: str, limit: int) -> list[str]:
    """Replay the account's audit events as decisions and assert each is consistent with the state left by the
    ones before (never a log-in after the lock without an unlock between, the lock exactly at the threshold,
    failures counted one by one), and that the replayed state is the catalogue's. Returns the actions."""
    locked, failures, lock_due = False, 0, False
    for event in account_events(name):
        action, details = event.action, event.details
        assert not lock_due or action == "auth.locked", f"#{event.seq}: {failures} failures and no lock next"
        if action == "auth.failed" and details.get("reason") != "unknown user":
            if not locked:
                failures += 1
            assert details["failed_attempts"] == failures, f"#{event.seq}: failure count out of order"
        elif action == "auth.locked":
            assert not locked and failures >= limit, f"#{event.seq}: locked twice, or before the threshold"
            locked = True
        elif action == "auth.login":
            assert event.outcome == "ok"
            assert not locked, f"#{event.seq}: auth.login ok on a locked account (no unlock since auth.locked)"
            failures = 0
        elif action == "auth.refused_locked":
            assert locked, f"#{event.seq}: refused as locked while the account was not locked"
        elif action == "user.unlock":
            locked, failures = False, 0
        elif action == "user.password":
            failures = 0
        lock_due = not locked and failures >= limit
    assert not lock_due, "the failures reached the threshold but the account was never locked"
    user = User.get(User.name == name)
    assert (user.locked, user.failed_attempts) == (locked, failures), "the catalogue disagrees with the audit log"
    return [e.action for e in account_events(name)]


def assert_intact(station: Station, *allowed_kinds: str) -> None:
    """The catalogue (every original re-hashed, the audit chain), the vault and the signed checkpoints in the
    catalogue and in the file outside it all verify; ``allowed_kinds`` are the problems the test expects."""
    result = verify_store(station)
    unexpected = [p for p in result.problems if p.kind not in allowed_kinds]
    assert not unexpected, unexpected
    assert result.checked >= 1, "the test station should hold an original in its vault"
    outside = station.home.checkpoints_dir / CHECKPOINT_FILE
    assert outside.is_file() and outside.read_text(encoding="utf-8").strip(), "the checkpoint file is gone"
