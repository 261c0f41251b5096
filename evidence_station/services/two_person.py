"""Two-person administration (CLI.md "Two-person administration"): the account changes that hand out power wait for
a second person.

Granting the admin or director role (a new user's or an existing one's), raising a clearance (a new user with any
clearance counts), resetting another user's password and unlocking an account take effect only when a second
person confirms them — another administrator or a director, never the one who asked, never the user it concerns,
and only an active, unlocked account — once the station has such a person. Until then (or when none is eligible,
e.g. the only director is locked) they take effect at once, say so in their audit event (``single_person``) and
raise a finding; the monthly report lists them (:func:`single_person_changes`).

This module holds the mechanics (who may confirm, the waiting request and its expiry, the finding, the listing);
``services/users.py`` decides which changes need it and applies them.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from evidence_station.api.users import AccountChangeView, SinglePersonChange
from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.people import AccountRequest, User, UserRole
from evidence_station.domain.errors import InvalidInputError, NotFoundError
from evidence_station.domain.findings import FindingKind
from evidence_station.domain.messages import Msg, Said
from evidence_station.domain.roles import Operation, Role
from evidence_station.services.context import ServiceContext

#: The roles whose grant needs a second person; holders of them are the ones who may confirm.
POWER_ROLES = frozenset({Role.ADMIN, Role.DIRECTOR})
#: A request not decided within this time expires.
EXPIRY = timedelta(days=7)
#: The account changes that concern two-person administration, with the audit action that applies each.
CHANGES = {"add": "user.add", "role": "user.role", "clearance": "user.clearance", "password": "user.password",
           "unlock": "user.unlock"}
#: What each change is, as a sentence says it.
CHANGE_WORDS: dict[str, Msg] = {
    "add": Msg("adding the user"), "role": Msg("granting the role"), "clearance": Msg("raising the clearance"),
    "password": Msg("resetting the password"), "unlock": Msg("unlocking the account"),
}
#: An account change's state, as a sentence says it.
_STATE_NAMES: dict[str, Msg] = {"pending": Msg("pending"), "confirmed": Msg("confirmed"),
                                "refused": Msg("refused"), "expired": Msg("expired")}


def second_persons(exclude: Collection[str]) -> list[str]:
    """Who could confirm now: active, unlocked administrators and directors other than ``exclude``."""
    rows = (User.select(User.name).join(UserRole)
            .where(UserRole.role.in_([r.value for r in POWER_ROLES]) & (User.active == True)  # noqa: E712
                   & (User.locked == False) & User.name.not_in(list(exclude) or [""]))  # noqa: E712
            .distinct().order_by(User.name))
    return [row.name for row in rows]


def open_request(ctx: ServiceContext, change: str, target: str, params: dict[str, Any], secret: str = ""
                 ) -> AccountRequest:
    """Record a change waiting for a second person (inside the caller's transaction) and audit ``user.request``."""
    if AccountRequest.get_or_none((AccountRequest.target == target) & (AccountRequest.change == change)
                                  & (AccountRequest.status == "pending")
                                  & (AccountRequest.expires_at > ctx.now())) is not None:
        raise InvalidInputError(Msg(
            "A request for {change} of {target!r} is already waiting for a second person; confirm or refuse it first "
            "(evidence-station user pending).", change=CHANGE_WORDS[change], target=target))
    now = ctx.now()
    request = AccountRequest.create(change=change, target=target, params=params, secret=secret,
                                    requested_by=ctx.actor.user_id, requested_at=now, expires_at=now + EXPIRY)
    ctx.audit("user.request", "user", target, {"confirmation_id": request.id, "change": change, **params,
                                               "expires_at": request.expires_at.isoformat()})
    return request


def single_person_finding(
    ctx: ServiceContext, change: str, target: str, detail: str | Msg, detail_zh: str = ""
) -> None:
    """The finding a change that should take two people raises when it took one (inside the transaction);
    ``detail`` a :class:`Msg` (``detail_zh``: the Chinese of a plain English one)."""
    from evidence_station.services.finding_service import raise_finding

    said = detail if isinstance(detail, Msg) else Said(detail, zh_CN=detail_zh)
    raise_finding(
        ctx, FindingKind.SINGLE_PERSON_ADMIN,
        Msg("{name} completed {change} of {target} ({detail}) alone: the station had no other active, unlocked "
            "administrator or director to confirm it (two-person administration).",
            name=ctx.actor.name, change=CHANGE_WORDS[change], target=target, detail=said),
        details={"change": change, "user": target, "by": ctx.actor.name, "detail": str(detail)},
    )


def state_of(request: AccountRequest, now: datetime) -> str:
    """``pending``, ``confirmed``, ``refused`` or ``expired`` (a pending request past its time)."""
    if request.status == "pending" and request.expires_at <= now:
        return "expired"
    return request.status


def view(request: AccountRequest, now: datetime) -> AccountChangeView:
    """A request as clients see it (never the new password's hash)."""
    return AccountChangeView(
        confirmation_id=request.id, change=request.change, user=request.target, details=dict(request.params or {}),
        requested_by=request.requested_by.name, requested_at=request.requested_at, expires_at=request.expires_at,
        status=state_of(request, now), decided_by=request.decided_by.name if request.decided_by is not None else None,
        decided_at=request.decided_at, reason=request.reason,
    )


def decidable(ctx: ServiceContext, confirmation_id: int, action: str) -> AccountRequest:
    """The pending request ``confirmation_id``, when the acting user may decide it: an administrator or director,
    active and unlocked, neither the one who asked nor the user it concerns (refusals audited); an expired request
    is marked so (audited) and refused. Call it outside a transaction: what it records must stay."""
    ctx.require(Operation.CONFIRM_ACCOUNT_CHANGE, "account_request", confirmation_id)
    request = AccountRequest.get_or_none(AccountRequest.id == confirmation_id)
    if request is None:
        raise NotFoundError(Msg(
            "No account change waiting with confirmation id {confirmation_id}.",
            confirmation_id=confirmation_id,
        ))
    me = User.get_by_id(ctx.actor.user_id)
    why: Msg | None = None
    if request.requested_by_id == ctx.actor.user_id:
        why = Msg("nobody confirms or refuses their own request")
    elif request.target == ctx.actor.name:
        why = Msg("nobody decides a change to their own account")
    elif not me.active or me.locked:
        why = Msg("only an active, unlocked account may decide")
    if why:
        raise ctx.refuse(Msg("{name!r} may not decide account change {confirmation_id}: {why}.", name=ctx.actor.name,
                             confirmation_id=confirmation_id, why=why),
                         action, "account_request", confirmation_id)
    state = state_of(request, ctx.now())
    if state == "expired":
        with write_transaction():
            AccountRequest.update(status="expired", secret="").where(AccountRequest.id == request.id).execute()
            ctx.audit("user.request_expired", "user", request.target, {"confirmation_id": request.id,
                                                                       "change": request.change})
    if state != "pending":
        raise InvalidInputError(
            Msg("Account change {confirmation_id} is {state}; only a pending one is decided (ask again).",
                confirmation_id=confirmation_id, state=_STATE_NAMES.get(state, state)) if state == "expired"
            else Msg("Account change {confirmation_id} is {state}; only a pending one is decided.",
                     confirmation_id=confirmation_id, state=_STATE_NAMES.get(state, state)))
    return request




def close(ctx: ServiceContext, request: AccountRequest, status: str, reason: str = "") -> None:
    """Mark ``request`` decided (inside the caller's transaction); the new password's hash it held is dropped (a
    confirmation has read it from ``request`` already)."""
    updated = (AccountRequest.update(status=status, decided_by=ctx.actor.user_id, decided_at=ctx.now(), reason=reason,
                                     secret="")
               .where((AccountRequest.id == request.id) & (AccountRequest.status == "pending")).execute())
    if updated != 1:
        raise InvalidInputError(Msg("Account change {id} was decided by someone else meanwhile.", id=request.id))


def single_person_changes(since: datetime, until: datetime) -> list[SinglePersonChange]:
    """Every account change that took effect on one person's say (``single_person``) in [since, until), oldest
    first, as the audit log records it (the monthly report lists them)."""
    found = []
    query = (AuditEvent.select().where(AuditEvent.action.in_(list(CHANGES.values())) & (AuditEvent.at >= since)
                                       & (AuditEvent.at < until)).order_by(AuditEvent.seq))
    for event in query:
        details = event.details or {}
        if details.get("single_person"):
            found.append(SinglePersonChange(at=event.at, by=event.actor, action=event.action, user=event.object_id,
                                            detail=str(details.get("detail", "")), seq=event.seq))
    return found

