"""Who is logged in, at which station: what a client learns when it opens a session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from evidence_station.domain.roles import Role


@dataclass(frozen=True)
class Actor:
    """The person acting, as services see them."""

    user_id: int
    name: str
    display_name: str
    badge_number: str
    roles: frozenset[Role]
    clearance: int = 0

    @property
    def label(self) -> str:
        """Display name with the login name, for documents and registers."""
        return f"{self.display_name} ({self.name})" if self.display_name else self.name

    def has(self, role: Role) -> bool:
        """True when the actor holds ``role``."""
        return role in self.roles


@dataclass(frozen=True)
class StationInfo:
    """The station a client talks to: identity and the settings a client needs to show things right."""

    station_uid: str
    station_name: str
    organisation: str
    zone: str
    language: str
    protected: bool  # True: a station service under its own account; False: embedded in the user's process
    certificate_sha256: str
    gap_threshold_s: float
    clock_offset_threshold_s: float
    late_import_hours: float
    viewing_default_hours: float
    desk_idle_lock_minutes: int = 10  # the desktop program locks after this long without input


@dataclass(frozen=True)
class SessionInfo:
    """An open session: the secret token the client sends with every call, and what it stands for."""

    token: str
    session_id: str  # public id, named in the audit log
    actor: Actor
    station: StationInfo
    opened_at: datetime
    expires_at: datetime  # the session ends here at the latest (it also ends after ``idle_minutes`` unused)
    idle_minutes: int
    server_time: datetime


@dataclass(frozen=True)
class LoginRequest:
    """A log-in: user name, password, and what kind of client asks (``cli``, ``gui``)."""

    user: str
    password: str
    client: str = "cli"
