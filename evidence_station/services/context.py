"""The context every service function receives: station, acting user, clock and signer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from evidence_station.api.session import Actor
from evidence_station.audit.checkpoints import SignedCheckpoint, create_checkpoint, latest_checkpoint
from evidence_station.audit.log import append_event, event_count
from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.domain.errors import PermissionDeniedError
from evidence_station.domain.messages import Items, Msg
from evidence_station.domain.roles import PERMISSIONS, ROLE_LABELS, Operation, allowed, operation_label
from evidence_station.services.station import Station


class ServiceContext:
    """Station + logged-in actor. It holds no key material: whatever is signed is signed by ``station.signer``,
    the station's own key, which no user's password opens.

    ``session_id`` is the public id of the service session the actor logged in with; every audit event written
    through this context names it (``details.session``). ``desk`` is the network address of the remote desk the
    session came from (None: a desk on the service's own machine — its Unix socket, a loopback address, or an
    embedded station).
    """

    def __init__(self, station: Station, actor: Actor, *, session_id: str | None = None,
                 desk: str | None = None) -> None:
        self.station = station
        self.actor = actor
        self.session_id = session_id
        self.desk = desk

    # -- time -------------------------------------------------------------------------------------
    def now(self) -> datetime:
        """The station clock's current UTC time."""
        return self.station.clock.now()

    # -- permissions and audit -------------------------------------------------------------------
    def audit(
        self,
        action: str,
        object_type: str = "",
        object_id: str | int = "",
        details: dict[str, Any] | None = None,
        outcome: str = "ok",
    ) -> AuditEvent:
        """Append an audit event by the acting user (inside the current transaction, if any)."""
        if self.session_id is not None:
            details = {**(details or {}), "session": self.session_id}
        return append_event(
            at=self.now(),
            station_uid=self.station.station_uid,
            actor=self.actor.name,
            action=action,
            object_type=object_type,
            object_id=object_id,
            details=details,
            outcome=outcome,
        )

    def refuse(
        self,
        message: Msg,
        action: str,
        object_type: str = "",
        object_id: str | int = "",
        **details: Any,
    ) -> PermissionDeniedError:
        """Audit a refused attempt (committed on its own) and return the error to raise.

        ``message`` is rendered in the reader's language (its Chinese from the catalogue); the audit keeps the
        English reason.
        """
        self.audit(action, object_type, object_id, {"reason": str(message), **details}, outcome="refused")
        return PermissionDeniedError(message)

    def require(self, operation: Operation, object_type: str = "", object_id: str | int = "") -> None:
        """Raise :class:`PermissionDeniedError` (audited) unless the actor's roles allow ``operation``."""
        if allowed(self.actor.roles, operation):
            return
        held = sorted(self.actor.roles)
        raise self.refuse(
            Msg("User {name!r} (roles: {roles}) may not {operation}; only {allowed} may do this.",
                name=self.actor.name, roles=Items(ROLE_LABELS[r] for r in held) if held else Msg("none"),
                operation=operation_label(operation),
                allowed=Items(ROLE_LABELS[r] for r in sorted(PERMISSIONS[operation]))),
            f"refused.{operation.value}",
            object_type,
            object_id,
        )

    # -- signing ---------------------------------------------------------------------------------
    def checkpoint(self, reason: str) -> SignedCheckpoint | None:
        """Sign the audit chain head now with the station's signer (no-op when already checkpointed there).

        A home whose key still needs the migration refuses (``StationKeyMigrationNeededError``)."""
        return create_checkpoint(
            at=self.now(),
            station_uid=self.station.station_uid,
            signer=self.station.signer,
            checkpoints_dir=self.station.home.checkpoints_dir,
            reason=reason,
        )

    def maybe_checkpoint(self) -> SignedCheckpoint | None:
        """Checkpoint when enough events were added since the last one (``checkpoint_every_events``)."""
        if self.station.needs_key_migration():
            return None  # signs nothing until migrated; the migration signs the chain head
        last = latest_checkpoint()
        covered = int(last.payload["event_count"]) if last else 0
        if event_count() - covered >= self.station.settings.checkpoint_every_events:
            return self.checkpoint("periodic")
        return None

    def end_session(self) -> SignedCheckpoint | None:
        """Close the user's session: sign a checkpoint over everything they did (nothing in a home whose key
        still needs the migration: it still opens and reads)."""
        if self.station.needs_key_migration():
            return None
        return self.checkpoint("session end")
