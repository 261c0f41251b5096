"""Use cases: change an existing account — roles, clearance, deactivation — and decide the account changes that wait
for a second person (two-person administration, CLI.md; the mechanics are in ``services/two_person.py``).

Granting the admin or director role and raising a clearance wait for a second person once the station has one;
withdrawing a role, lowering a clearance and deactivating take effect at once (they hand out no power). The last
active administrator can neither lose the role nor be deactivated: the station would be left without one.
"""

from __future__ import annotations

from evidence_station.api.users import AccountChangeView, UserChange
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.people import AccountRequest, User, UserRole
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg
from evidence_station.domain.roles import ROLE_LABELS, Operation, Role, parse_role, unknown_role
from evidence_station.services.context import ServiceContext
from evidence_station.services.deciding_rows import require_true_confirmer
from evidence_station.services.two_person import (
    POWER_ROLES,
    close,
    decidable,
    open_request,
    single_person_finding,
    view,
)
from evidence_station.services.users import (
    apply_add,
    apply_password,
    apply_unlock,
    changed_view,
    get_user_row,
    pending_view,
    single_person_details,
    waits_for_a_second_person,
)

#: Clearance levels (0 none … 3 state secret).
MAX_CLEARANCE = 3


def _role(text: str) -> Role:
    try:
        return parse_role(text)
    except ValueError:
        raise InvalidInputError(unknown_role(text)) from None


def _roles_of(user: User) -> set[Role]:
    return {Role(r.role) for r in UserRole.select().where(UserRole.user == user.id)}


def _active_admins() -> set[str]:
    return {u.name for u in User.select(User.name).join(UserRole)
            .where((UserRole.role == Role.ADMIN.value) & (User.active == True))}  # noqa: E712


def _keep_an_admin(user: User) -> None:
    if _active_admins() == {user.name}:
        raise InvalidInputError(
            Msg("{name!r} is the station's last active administrator; add another first.", name=user.name))


def apply_role(ctx: ServiceContext, user: User, add: Role | None, remove: Role | None,
               extra: dict[str, object]) -> User:
    """Grant ``add`` or withdraw ``remove`` (inside the caller's transaction) and audit ``user.role`` with the roles
    after."""
    if add is not None:
        # peewee's stub leaves the classmethod unannotated (untyped_calls_exclude does not reach it on a subclass)
        UserRole.get_or_create(user=user.id, role=add.value)  # type: ignore[no-untyped-call]
    if remove is not None:
        UserRole.delete().where((UserRole.user == user.id) & (UserRole.role == remove.value)).execute()
    roles = sorted(r.value for r in _roles_of(user))
    ctx.audit("user.role", "user", user.name, {"added": add.value if add else None,
                                              "removed": remove.value if remove else None, "roles": roles, **extra})
    return User.get_by_id(user.id)


def apply_clearance(ctx: ServiceContext, user: User, level: int, extra: dict[str, object]) -> User:
    """Set the clearance (inside the caller's transaction) and audit ``user.clearance``."""
    old = user.clearance
    User.update(clearance=level).where(User.id == user.id).execute()
    ctx.audit("user.clearance", "user", user.name, {"old": old, "new": level, **extra})
    return User.get_by_id(user.id)


def set_user_role(ctx: ServiceContext, name: str, *, add: str | None = None, remove: str | None = None) -> UserChange:
    """Grant (``add``) or withdraw (``remove``) one role (administrators). Granting admin or director waits for a
    second person once the station has one; otherwise it takes effect at once and raises a finding."""
    ctx.require(Operation.MANAGE_USERS, "user", name)
    if (add is None) == (remove is None):
        raise InvalidInputError(Msg("Give exactly one of --add ROLE and --remove ROLE."))
    granted, withdrawn = (_role(add) if add else None), (_role(remove) if remove else None)
    with write_transaction():
        user = get_user_row(name)
        roles = _roles_of(user)
        if granted is not None and granted in roles:
            raise InvalidInputError(Msg("{name!r} already has the role {role}.", name=name,
                                        role=ROLE_LABELS[granted]))
        if withdrawn is not None:
            if withdrawn not in roles:
                raise InvalidInputError(Msg("{name!r} does not have the role {role}.", name=name,
                                            role=ROLE_LABELS[withdrawn]))
            if roles == {withdrawn}:
                raise InvalidInputError(Msg("{role} is the only role of {name!r}; deactivate the account instead "
                                            "(evidence-station user deactivate).", name=name,
                                            role=ROLE_LABELS[withdrawn]))
            if withdrawn is Role.ADMIN:
                _keep_an_admin(user)
            return changed_view(apply_role(ctx, user, None, withdrawn, {}))
        assert granted is not None
        if granted not in POWER_ROLES:
            return changed_view(apply_role(ctx, user, granted, None, {}))
        if waits_for_a_second_person(ctx, name):
            return pending_view(open_request(ctx, "role", name, {"role": granted.value}), user)
        detail = f"role {granted.value}"
        user = apply_role(ctx, user, granted, None, single_person_details(detail))
        single_person_finding(ctx, "role", name, detail, f"角色 {ROLE_LABELS[granted].render('zh_CN')}")
    return changed_view(user, single_person=True)


def set_clearance(ctx: ServiceContext, name: str, level: int) -> UserChange:
    """Set a user's clearance (administrators). Raising it waits for a second person once the station has one;
    lowering takes effect at once."""
    ctx.require(Operation.MANAGE_USERS, "user", name)
    if not 0 <= int(level) <= MAX_CLEARANCE:
        raise InvalidInputError(Msg("Clearance is 0 (none) to 3 (state secret)."))
    level = int(level)
    with write_transaction():
        user = get_user_row(name)
        if level == user.clearance:
            raise InvalidInputError(Msg("{name!r} already has clearance {level}.", name=name, level=level))
        if level < user.clearance:
            return changed_view(apply_clearance(ctx, user, level, {}))
        if waits_for_a_second_person(ctx, name):
            return pending_view(open_request(ctx, "clearance", name, {"clearance": level, "old": user.clearance}), user)
        detail = Msg("clearance {old} → {new}", old=user.clearance, new=level)
        user = apply_clearance(ctx, user, level, single_person_details(str(detail)))
        single_person_finding(ctx, "clearance", name, detail)
    return changed_view(user, single_person=True)


def deactivate_user(ctx: ServiceContext, name: str) -> UserChange:
    """Deactivate an account (administrators): it can no longer log in; its history stays."""
    ctx.require(Operation.MANAGE_USERS, "user", name)
    with write_transaction():
        user = get_user_row(name)
        if not user.active:
            raise InvalidInputError(Msg("{name!r} is already deactivated.", name=name))
        if name == ctx.actor.name:
            raise InvalidInputError(Msg("Nobody deactivates their own account; ask another administrator."))
        if Role.ADMIN in _roles_of(user):
            _keep_an_admin(user)
        User.update(active=False).where(User.id == user.id).execute()
        ctx.audit("user.deactivate", "user", name)
    return changed_view(User.get_by_id(user.id))


def list_account_changes(ctx: ServiceContext, *, pending_only: bool = True) -> list[AccountChangeView]:
    """Account changes waiting for a second person, newest first (administrators and directors); all of them —
    confirmed, refused, expired too — without ``pending_only``."""
    ctx.require(Operation.CONFIRM_ACCOUNT_CHANGE)
    now = ctx.now()
    query = AccountRequest.select().order_by(AccountRequest.id.desc())
    views = [view(r, now) for r in query]
    return [v for v in views if v.status == "pending"] if pending_only else views


def confirm_account_change(ctx: ServiceContext, confirmation_id: int) -> UserChange:
    """Confirm a waiting account change, which then takes effect (another administrator or a director, active and
    unlocked, never the one who asked, never the user it concerns)."""
    request = decidable(ctx, confirmation_id, "refused.confirm_account_change")
    require_true_confirmer(ctx)  # the confirmer's own roles are what the audit log says
    params = dict(request.params or {})
    who = {"confirmation_id": request.id, "requested_by": request.requested_by.name}
    with write_transaction():
        close(ctx, request, "confirmed")
        ctx.audit("user.confirm", "user", request.target, {**who, "change": request.change, **params})
        if request.change == "add":
            user = apply_add(ctx, request.target, params, request.secret, who)
        elif request.change == "role":
            user = apply_role(ctx, get_user_row(request.target), Role(params["role"]), None, who)
        elif request.change == "clearance":
            user = apply_clearance(ctx, get_user_row(request.target), int(params["clearance"]), who)
        elif request.change == "password":
            user = apply_password(ctx, get_user_row(request.target), request.secret, who)
        else:
            user = apply_unlock(ctx, get_user_row(request.target), who)
    return changed_view(user)


def refuse_account_change(ctx: ServiceContext, confirmation_id: int, *, reason: str) -> AccountChangeView:
    """Refuse a waiting account change with a reason (the same people as :func:`confirm_account_change`)."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInputError(Msg("Give the reason for refusing (--reason)."))
    request = decidable(ctx, confirmation_id, "refused.confirm_account_change")
    require_true_confirmer(ctx)
    with write_transaction():
        close(ctx, request, "refused", reason)
        ctx.audit("user.refuse", "user", request.target, {"confirmation_id": request.id, "change": request.change,
                                                          "reason": reason})
    return view(AccountRequest.get_by_id(confirmation_id), ctx.now())
