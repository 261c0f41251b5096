"""Station users as the service reports them, and the administrators' operations on them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, ClassVar, Protocol

import msgspec

from evidence_station.api.session import Actor
from evidence_station.api.types import RowId


@dataclass(frozen=True)
class UserResult:
    """A user as services report it."""

    user: str
    display_name: str
    badge_number: str
    roles: list[str]
    locked: bool
    active: bool
    clearance: int


@dataclass(frozen=True)
class UserChange(UserResult):
    """A user after an account change: ``status`` ``done`` (in effect), or ``pending`` — waiting for a second person
    (two-person administration) under ``confirmation_id``; a pending new user is not active until confirmed.
    ``single_person``: a change that takes two people took effect on one (no second person could confirm it; a
    finding was raised)."""

    status: str = "done"
    confirmation_id: int | None = None
    single_person: bool = False


@dataclass(frozen=True)
class AccountChangeView:
    """An account change waiting for (or decided by) a second person."""

    confirmation_id: int
    change: str  # add | role | clearance | password | unlock
    user: str
    details: dict[str, Any]  # what was asked: roles, role, clearance, … (never a password)
    requested_by: str
    requested_at: datetime
    expires_at: datetime
    status: str  # pending | confirmed | refused | expired
    decided_by: str | None
    decided_at: datetime | None
    reason: str


@dataclass(frozen=True)
class SinglePersonChange:
    """An account change that took effect on one person's say (the monthly report lists them)."""

    at: datetime
    by: str
    action: str  # user.add | user.role | user.clearance | user.password | user.unlock
    user: str
    detail: str
    seq: int  # the audit event


class UsersApi(Protocol):
    """Managing users (``services/users.py``)."""

    SERVICES: ClassVar[tuple[str, ...]] = ("users", "account_changes")

    def add_user(
        self,
        *,
        name: str,
        roles: list[str],
        password: str,
        display_name: str = "",
        badge_number: str = "",
        clearance: Annotated[int, msgspec.Meta(ge=0, le=3)] = 0,
    ) -> UserChange:
        """Create a user with roles (administrators); with the admin or director role or a clearance it waits for a
        second person once the station has one."""
        ...

    def list_users(self) -> list[UserResult]:
        """All users (administrators)."""
        ...

    def unlock_user(self, name: str) -> UserChange:
        """Unlock an account locked after failed log-ins (administrators; two-person)."""
        ...

    def unlock_session(self, password: str) -> Actor:
        """Continue this session after the desk locked it: the own password again (counts toward the lock-out as a
        log-in does); returns who continues."""
        ...

    def set_password(self, name: str, new_password: str) -> UserChange:
        """Change a password: one's own, or anyone's as an administrator (another's: two-person)."""
        ...

    def set_user_role(self, name: str, *, add: str | None = None, remove: str | None = None) -> UserChange:
        """Grant or withdraw one role (administrators; granting admin or director: two-person)."""
        ...

    def set_clearance(self, name: str, level: Annotated[int, msgspec.Meta(ge=0, le=3)]) -> UserChange:
        """Set a user's clearance (administrators; raising it: two-person)."""
        ...

    def deactivate_user(self, name: str) -> UserChange:
        """Deactivate an account: it can no longer log in (administrators)."""
        ...

    def list_account_changes(self, *, pending_only: bool = True) -> list[AccountChangeView]:
        """Account changes waiting for a second person (all of them, decided too, without ``pending_only``)."""
        ...

    def confirm_account_change(self, confirmation_id: RowId) -> UserChange:
        """Confirm a waiting account change: another administrator or a director, never the one who asked, never
        the user it concerns."""
        ...

    def refuse_account_change(self, confirmation_id: RowId, *, reason: str) -> AccountChangeView:
        """Refuse a waiting account change (the same people as :meth:`confirm_account_change`)."""
        ...
