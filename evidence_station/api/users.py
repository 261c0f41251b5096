"""Station users as the service reports them, and the administrators' operations on them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, ClassVar, Protocol

import msgspec


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


class UsersApi(Protocol):
    """Managing users (``services/users.py``)."""

    SERVICES: ClassVar[tuple[str, ...]] = ("users",)

    def add_user(
        self,
        *,
        name: str,
        roles: list[str],
        password: str,
        display_name: str = "",
        badge_number: str = "",
        clearance: Annotated[int, msgspec.Meta(ge=0, le=3)] = 0,
    ) -> UserResult:
        """Create a user with roles (administrators)."""
        ...

    def list_users(self) -> list[UserResult]:
        """All users (administrators)."""
        ...

    def unlock_user(self, name: str) -> UserResult:
        """Unlock an account locked after failed log-ins (administrators)."""
        ...

    def set_password(self, name: str, new_password: str) -> UserResult:
        """Change a password: one's own, or anyone's as an administrator."""
        ...
