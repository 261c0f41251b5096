"""Service sessions: a log-in opens one; its secret token authorises every later call until it ends.

A session ends when its user logs out, when it has been unused for ``idle`` or open for ``max_age``, when an
administrator revokes it, or when the service stops. Tokens are random 256-bit strings; the store keeps only
their SHA-256, so a memory dump of the table names no usable token.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from evidence_station.domain.errors import SessionExpiredError
from evidence_station.domain.messages import Msg
from evidence_station.services.context import ServiceContext

DEFAULT_IDLE = timedelta(minutes=30)
DEFAULT_MAX_AGE = timedelta(hours=12)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass
class Session:
    """One open session."""

    session_id: str
    ctx: ServiceContext
    client: str
    opened_at: datetime
    expires_at: datetime
    last_used: float = field(default_factory=time.monotonic)
    audited: bool = True  # False only for the read-only smoke test's local session: its end leaves no trace


class SessionStore:
    """The open sessions of one service process (thread-safe)."""

    def __init__(
        self,
        now: Callable[[], datetime],
        *,
        idle: timedelta = DEFAULT_IDLE,
        max_age: timedelta = DEFAULT_MAX_AGE,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._now = now
        self._monotonic = monotonic
        self.idle = idle
        self.max_age = max_age
        self._by_digest: dict[str, Session] = {}
        self._lock = threading.Lock()

    def open(self, ctx: ServiceContext, client: str) -> tuple[str, Session]:
        """A new session for a logged-in context; returns ``(token, session)``."""
        token = secrets.token_urlsafe(32)
        opened = self._now()
        session = Session(
            session_id=ctx.session_id or new_session_id(), ctx=ctx, client=client, opened_at=opened,
            expires_at=opened + self.max_age, last_used=self._monotonic(),
        )
        with self._lock:
            self._by_digest[_digest(token)] = session
        return token, session

    def get(self, token: str) -> Session:
        """The live session of ``token`` (its idle timer restarts), else :class:`SessionExpiredError`."""
        digest = _digest(token)
        with self._lock:
            session = self._by_digest.get(digest)
            if session is not None and not self._expired(session):
                session.last_used = self._monotonic()
                return session
            if session is not None:
                del self._by_digest[digest]
        raise SessionExpiredError(
            Msg("Your session has ended (logged out, unused for too long, or revoked). Log in again."),
        )

    def touch(self, session_id: str) -> bool:
        """Count a use of the session with public id ``session_id`` (e.g. its footage being streamed) without its
        token: its idle timer restarts. False when no such session is open or it has expired."""
        with self._lock:
            for session in self._by_digest.values():
                if session.session_id == session_id:
                    if self._expired(session):
                        return False
                    session.last_used = self._monotonic()
                    return True
        return False

    def close(self, token: str) -> Session | None:
        """End the session of ``token``; returns it (None when it was not open)."""
        with self._lock:
            return self._by_digest.pop(_digest(token), None)

    def close_where(self, predicate: Callable[[Session], bool]) -> list[Session]:
        """End every session ``predicate`` selects (e.g. all of a deactivated user's); returns them."""
        with self._lock:
            ended = [(d, s) for d, s in self._by_digest.items() if predicate(s)]
            for digest, _ in ended:
                del self._by_digest[digest]
        return [s for _, s in ended]

    def sweep(self) -> list[Session]:
        """End and return every session that has expired."""
        return self.close_where(self._expired)

    def sessions(self) -> list[Session]:
        """The open sessions, oldest first."""
        with self._lock:
            return sorted(self._by_digest.values(), key=lambda s: s.opened_at)

    def _expired(self, session: Session) -> bool:
        idle_for = self._monotonic() - session.last_used
        return idle_for > self.idle.total_seconds() or self._now() >= session.expires_at


def new_session_id() -> str:
    """A public session id for the audit log (not a secret)."""
    return "S-" + secrets.token_hex(6).upper()
