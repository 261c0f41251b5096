"""Use cases: create a station, log in, manage users (roles, passwords, lock-out)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding

from evidence_station.api.session import Actor
from evidence_station.api.users import UserChange, UserResult
from evidence_station.audit.catalogue_check import password_digest
from evidence_station.audit.log import append_event
from evidence_station.catalogue.database import open_database, write_transaction
from evidence_station.catalogue.people import AccountRequest, User, UserRole
from evidence_station.catalogue.people import Station as StationRow
from evidence_station.catalogue.schema import ensure_schema
from evidence_station.domain.clock import Clock, SystemClock
from evidence_station.domain.errors import (
    AccountLockedError,
    AuthenticationError,
    InvalidInputError,
    NotFoundError,
)
from evidence_station.domain.messages import Items, Msg
from evidence_station.domain.roles import ROLE_LABELS, Operation, Role, parse_role, unknown_role
from evidence_station.domain.settings import Settings
from evidence_station.identity.passwords import (
    check_password,
    hash_password,
    password_problem,
    spend_password_check,
)
from evidence_station.identity.signer import KeyFileSigner, Pkcs11Config, Pkcs11Signer, StationSigner
from evidence_station.identity.station_key import certificate_sha256
from evidence_station.services.context import ServiceContext
from evidence_station.services.home import StationHome
from evidence_station.services.station import Station, catalogue_url_for
from evidence_station.services.two_person import (
    POWER_ROLES,
    open_request,
    second_persons,
    single_person_finding,
)


@dataclass(frozen=True)
class InitResult:
    """What ``init`` made."""

    home: Path
    station_id: str
    certificate_sha256: str


def _user_result(user: User) -> UserResult:
    return UserResult(
        user=user.name,
        display_name=user.display_name,
        badge_number=user.badge_number,
        roles=sorted(r.role for r in user.role_rows),
        locked=user.locked,
        active=user.active,
        clearance=user.clearance,
    )


def _parse_roles(roles: Iterable[str | Role]) -> list[Role]:
    parsed: list[Role] = []
    for role in roles:
        try:
            parsed.append(role if isinstance(role, Role) else parse_role(role))
        except ValueError:
            raise InvalidInputError(unknown_role(str(role))) from None
    if not parsed:
        raise InvalidInputError(
            Msg("Give the user at least one role (--role).")
        )
    return sorted(set(parsed))


def _check_new_password(password: str) -> None:
    problem = password_problem(password)
    if problem:
        raise InvalidInputError(problem)


def _create_user(
    *,
    name: str,
    password_hash: str,
    roles: list[Role],
    display_name: str,
    badge_number: str,
    clearance: int,
    at: datetime,
) -> User:
    user = User.create(
        name=name,
        display_name=display_name,
        badge_number=badge_number,
        password_hash=password_hash,
        clearance=clearance,
        created_at=at,
    )
    for role in roles:
        UserRole.create(user=user, role=role.value)
    return user


def create_station_signer(
    identity_dir: Path, settings: Settings, *, protected: bool, pkcs11: Pkcs11Config | None = None,
    key_name: str | None = None, cert_name: str | None = None,
) -> StationSigner:
    """Make the station's key and certificate for ``settings`` (a key file, or the key on a PKCS#11 token, which
    is always protected); the certificate says whether the station is protected (``init --service``)."""
    names = {k: v for k, v in (("key_name", key_name), ("cert_name", cert_name)) if v}
    if pkcs11 is not None:
        names.pop("key_name", None)
        return Pkcs11Signer.create(identity_dir, pkcs11, station_name=settings.station_name,
                                   station_uid=settings.station_uid, **names)
    return KeyFileSigner.create(identity_dir, station_name=settings.station_name, station_uid=settings.station_uid,
                                protected=protected, **names)


def apply_signer_settings(settings: Settings, *, service: bool, pkcs11: Pkcs11Config | None) -> None:
    """Record in ``settings`` how the key is kept (``service``, ``signer`` and the ``pkcs11_*`` keys)."""
    settings.service = service
    settings.signer = "pkcs11" if pkcs11 else "key_file"
    settings.pkcs11_module = pkcs11.module if pkcs11 else ""
    settings.pkcs11_token = pkcs11.token_label if pkcs11 else ""
    settings.pkcs11_key_label = pkcs11.key_label if pkcs11 else ""
    settings.pkcs11_pin_file = pkcs11.pin_file if pkcs11 else ""


def init_station(
    root: Path,
    *,
    admin_name: str,
    admin_password: str,
    station_name: str | None = None,
    catalogue_url: str | None = None,
    vault_dir: Path | None = None,
    clock: Clock | None = None,
    service: bool = False,
    pkcs11: Pkcs11Config | None = None,
) -> InitResult:
    """Create a new station home: settings, catalogue, vault, station key + certificate, first admin.

    ``service``: a home for the station service (run this as the service account): its certificate says the
    station is protected and ``serve`` accepts it. Without it the home is an *embedded* station (its key file is
    readable by the account that made it; the certificate says it is unprotected). ``pkcs11`` keeps the key on a
    token (service homes only). ``vault_dir`` puts the vault in a folder outside the home.
    """
    if pkcs11 is not None and not service:
        raise InvalidInputError(
            Msg("A station key on a PKCS#11 token is for a station service home: add --service."),
        )
    home = StationHome(Path(root))
    if home.exists():
        raise InvalidInputError(
            Msg("{root} already holds a station; choose another --home.", root=home.root),
        )
    if not admin_name.strip():
        raise InvalidInputError(
            Msg("Name the first administrator with --admin NAME."),
        )
    _check_new_password(admin_password)
    clock = clock or SystemClock()
    home.root.mkdir(parents=True, exist_ok=True, mode=0o700)
    home.root.chmod(0o700)
    settings = Settings(station_uid=f"ES-{uuid.uuid4().hex[:12].upper()}")
    if station_name:
        settings.station_name = station_name
    if catalogue_url:
        settings.catalogue_url = catalogue_url
    if vault_dir:
        settings.vault_dir = str(Path(vault_dir).absolute())
    apply_signer_settings(settings, service=service, pkcs11=pkcs11)
    signer = create_station_signer(home.identity_dir, settings, protected=service, pkcs11=pkcs11)
    for folder in (home.vault_dir, home.checkpoints_dir, home.cache_dir, home.exports_dir):
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    fingerprint = certificate_sha256(signer.certificate)
    db = open_database(catalogue_url_for(home, settings, catalogue_url))
    ensure_schema(db)
    now = clock.now()
    with write_transaction(db):
        StationRow.create(
            station_uid=settings.station_uid,
            name=settings.station_name,
            certificate_pem=signer.certificate.public_bytes(Encoding.PEM).decode("ascii"),
            certificate_sha256=fingerprint,
            created_at=now,
        )
        admin = _create_user(
            name=admin_name,
            password_hash=hash_password(admin_password).encoded_hash,
            roles=[Role.ADMIN],
            display_name="",
            badge_number="",
            clearance=0,
            at=now,
        )
        append_event(
            at=now,
            station_uid=settings.station_uid,
            actor=admin_name,
            action="station.init",
            object_type="station",
            object_id=settings.station_uid,
            details={"station_name": settings.station_name, "certificate_sha256": fingerprint,
                     "service": service, "signer": settings.signer, "protection": signer.protection.value,
                     "settings": settings.security_values(),  # what verify compares settings.json with
                     # the first user, as the replay of the log rebuilds the users (audit/replay.py)
                     "admin": admin_name, "roles": [Role.ADMIN.value], "clearance": 0,
                     "password_sha256": password_digest(admin.password_hash)},
        )
    # Settings last: their presence marks the home as initialised.
    settings.save(home.settings_file)
    station = Station(home, settings, db, clock)
    station.signer = signer  # the one just made (a token's key needs no second look-up)
    ctx = ServiceContext(station, _actor(User.get(User.name == admin_name)))
    ctx.checkpoint("station initialised")
    db.close()
    return InitResult(home=home.root, station_id=settings.station_uid, certificate_sha256=fingerprint)


def _actor(user: User) -> Actor:
    return Actor(
        user_id=user.id,
        name=user.name,
        display_name=user.display_name,
        badge_number=user.badge_number,
        roles=frozenset(Role(r.role) for r in user.role_rows),
        clearance=user.clearance,
    )


def _refused(name: str, limit: int) -> AuthenticationError:
    """The one answer to an unknown user name and to a wrong password: it must not tell which it was."""
    return AuthenticationError(
        Msg(
            "Log-in refused for {name!r}: unknown user name or wrong password. An account is locked after "
            "{limit} wrong passwords in a row.",
            name=name,
            limit=limit,
        ),
    )


def _locked(name: str) -> AccountLockedError:
    """The answer to the right password of a locked account (only the right password learns of the lock)."""
    return AccountLockedError(
        Msg(
            "The account {name!r} is locked after repeated wrong passwords; an administrator must unlock it "
            "(evidence-station user unlock {name}).",
            name=name,
        ),
    )


def _deactivated(name: str) -> AuthenticationError:
    """The answer to the right password of a deactivated account."""
    return AuthenticationError(
        Msg("The account {name!r} is deactivated; ask an administrator.", name=name),
    )


#: How often log-in checks the password again when it was changed while being checked.
_PASSWORD_CHECK_ROUNDS = 3


def login(station: Station, name: str, password: str) -> ServiceContext:
    """Check a user's password and return their service context.

    The slow scrypt check runs outside the catalogue's write lock; then ONE write transaction re-reads the
    account and decides, so parallel log-ins are decided one after the other, each on the state the previous
    one left, and the audit events come in the order of the decisions:

    * a wrong password (or an unknown user name, answered after a dummy check of the same cost) gets the same
      refusal; on an unlocked account it counts one failure, and the ``settings.lockout_attempts``-th failure
      in a row locks the account (``auth.locked``, once) until an administrator unlocks it;
    * the right password of a locked or deactivated account is refused, saying so (only someone who knows the
      password learns the account's state);
    * the right password of an unlocked, active account logs in and resets the failure count.
    """
    return ServiceContext(station, _actor(_check_password(station, name, password, "auth.login")))


def unlock_session(ctx: ServiceContext, password: str) -> Actor:
    """Continue a session the desk locked after idle minutes: the session's own user gives their password again.

    Checked exactly as a log-in is (:func:`login`): a wrong password says so and counts toward the lock-out, a
    locked or deactivated account is refused; the right one is audited ``auth.unlock``. Another person at the
    desk cannot continue this session: they log it out and log in themselves. Returns who continues.
    """
    return _actor(_check_password(ctx.station, ctx.actor.name, password, "auth.unlock"))


def _check_password(station: Station, name: str, password: str, success_action: str) -> User:
    """The account of ``name`` when ``password`` is right and it may log in (see :func:`login`); the decision is
    audited, a success as ``success_action``."""
    for round_ in range(1, _PASSWORD_CHECK_ROUNDS + 1):
        known = User.get_or_none(User.name == name)
        checked_hash = known.password_hash if known is not None else None
        if checked_hash is None:
            spend_password_check(password)
            right = False
        else:
            right = check_password(checked_hash, password) is not None
        with write_transaction():
            user = User.get_or_none(User.name == name)
            changed = (user.password_hash if user is not None else None) != checked_hash
            if changed and round_ < _PASSWORD_CHECK_ROUNDS:
                continue  # the password changed (or the user came or went) while it was checked: check again
            error = _decide_login(station, name, user, right and not changed, success_action)
        if error is not None:
            raise error
        assert user is not None
        return user
    raise AssertionError("unreachable: the last round always decides")  # pragma: no cover


def _decide_login(station: Station, name: str, user: User | None, right: bool,
                  success_action: str = "auth.login") -> AuthenticationError | None:
    """Decide one log-in inside the write transaction (the account re-read under the lock), audit the decision,
    and return the error to raise after the commit (None: logged in). A password opens a session, nothing else:
    no key material is unwrapped or returned."""
    limit = station.settings.lockout_attempts
    uid = station.station_uid
    now = station.clock.now()

    def audit_auth(action: str, outcome: str, **details: object) -> None:
        append_event(at=now, station_uid=uid, actor=name, action=action, object_type="user", object_id=name,
                     details=details, outcome=outcome)

    if user is None:
        audit_auth("auth.failed", "refused", reason="unknown user")
        return _refused(name, limit)
    if not right:
        if user.locked or not user.active:
            audit_auth("auth.failed", "refused", reason="wrong password", failed_attempts=user.failed_attempts,
                       locked=user.locked, active=user.active)
            return _refused(name, limit)
        User.update(failed_attempts=User.failed_attempts + 1).where(User.id == user.id).execute()
        failures = User.get_by_id(user.id).failed_attempts
        audit_auth("auth.failed", "refused", reason="wrong password", failed_attempts=failures)
        if failures >= limit:
            User.update(locked=True).where(User.id == user.id).execute()
            audit_auth("auth.locked", "refused", failed_attempts=failures, lockout_attempts=limit)
        return _refused(name, limit)
    if user.locked:
        audit_auth("auth.refused_locked", "refused", reason="account locked")
        return _locked(name)
    if not user.active:
        audit_auth("auth.refused_inactive", "refused", reason="account deactivated")
        return _deactivated(name)
    if user.failed_attempts:
        User.update(failed_attempts=0).where(User.id == user.id).execute()
    audit_auth(success_action, "ok")
    return None


def changed_view(user: User, *, single_person: bool = False) -> UserChange:
    """A change in effect, as the client learns of it."""
    return UserChange(**vars(_user_result(user)), single_person=single_person)


def pending_view(request: AccountRequest, user: User | None) -> UserChange:
    """A change waiting for a second person (``user`` None: a user not made yet)."""
    params = request.params or {}
    if user is None:
        return UserChange(user=request.target, display_name=str(params.get("display_name", "")),
                          badge_number=str(params.get("badge_number", "")), roles=list(params.get("roles", [])),
                          locked=False, active=False, clearance=int(params.get("clearance", 0)), status="pending",
                          confirmation_id=request.id)
    return UserChange(**vars(_user_result(user)), status="pending", confirmation_id=request.id)


def waits_for_a_second_person(ctx: ServiceContext, target: str) -> bool:
    """True when someone other than the actor and the user concerned could confirm (two-person administration)."""
    return bool(second_persons({ctx.actor.name, target}))


def single_person_details(detail: str) -> dict[str, object]:
    """What the event of a two-person change taken by one person adds."""
    return {"single_person": True, "detail": detail}


def apply_add(
    ctx: ServiceContext, name: str, params: dict[str, Any], password_hash: str, extra: dict[str, object]
) -> User:
    """Make the user (inside the caller's transaction) and audit ``user.add``."""
    if User.get_or_none(User.name == name) is not None:
        raise InvalidInputError(Msg("A user named {name!r} already exists.", name=name))
    roles = [Role(r) for r in params["roles"]]
    user = _create_user(name=name, password_hash=password_hash, roles=roles,
                        display_name=str(params.get("display_name", "")),
                        badge_number=str(params.get("badge_number", "")), clearance=int(params.get("clearance", 0)),
                        at=ctx.now())
    ctx.audit("user.add", "user", name, {
        "roles": [r.value for r in roles], "display_name": user.display_name, "clearance": user.clearance,
        "password_sha256": password_digest(user.password_hash), **extra})
    return user


def apply_password(ctx: ServiceContext, user: User, password_hash: str, extra: dict[str, object]) -> User:
    """Set the password (inside the caller's transaction) and audit ``user.password``."""
    user.password_hash = password_hash
    user.failed_attempts = 0
    user.save()
    ctx.audit("user.password", "user", user.name, {"password_sha256": password_digest(user.password_hash), **extra})
    return user


def apply_unlock(ctx: ServiceContext, user: User, extra: dict[str, object]) -> User:
    """Unlock the account (inside the caller's transaction) and audit ``user.unlock``."""
    user.locked = False
    user.failed_attempts = 0
    user.save()
    ctx.audit("user.unlock", "user", user.name, extra or None)
    return user


def add_user(
    ctx: ServiceContext,
    *,
    name: str,
    roles: Iterable[str | Role],
    password: str,
    display_name: str = "",
    badge_number: str = "",
    clearance: int = 0,
) -> UserChange:
    """Create a user with roles (admin only). The user gets no key material: only the station signs.

    With the admin or director role, or any clearance, the user is made only when a second person confirms
    (``status`` ``pending``, no usable account until then) — once the station has someone who could; otherwise it is
    made at once (``single_person``) and a finding is raised."""
    ctx.require(Operation.MANAGE_USERS, "user", name)
    name = name.strip()
    if not name or any(ch.isspace() for ch in name):
        raise InvalidInputError(
            Msg("A user name must be non-empty and contain no spaces.")
        )
    parsed = _parse_roles(roles)
    _check_new_password(password)
    if not 0 <= clearance <= 3:
        raise InvalidInputError(
            Msg("Clearance is 0 (none) to 3 (state secret).")
        )
    secret = hash_password(password).encoded_hash
    params: dict[str, Any] = {"roles": [r.value for r in parsed], "display_name": display_name,
                              "badge_number": badge_number, "clearance": clearance}
    two_person = bool(set(parsed) & POWER_ROLES) or clearance > 0
    detail = f"roles {', '.join(params['roles'])}, clearance {clearance}"  # as the audit record keeps it
    said = Msg("roles {roles}, clearance {clearance}", roles=Items(ROLE_LABELS[role] for role in parsed),
               clearance=clearance)
    with write_transaction():
        if User.get_or_none(User.name == name) is not None:
            raise InvalidInputError(
                Msg("A user named {name!r} already exists.", name=name)
            )
        if two_person and waits_for_a_second_person(ctx, name):
            return pending_view(open_request(ctx, "add", name, params, secret), None)
        require_no_pending_add(ctx, name)
        user = apply_add(ctx, name, params, secret, single_person_details(detail) if two_person else {})
        if two_person:
            single_person_finding(ctx, "add", name, said)
    return changed_view(user, single_person=two_person)


def list_users(ctx: ServiceContext) -> list[UserResult]:
    """All users (admin)."""
    ctx.require(Operation.MANAGE_USERS)
    return [_user_result(u) for u in User.select().order_by(User.name)]


def get_user_row(name: str) -> User:
    """The user named ``name`` (:class:`NotFoundError` when there is none)."""
    user = User.get_or_none(User.name == name)
    if user is None:
        raise NotFoundError(Msg("No user named {name!r}.", name=name))
    return user


def unlock_user(ctx: ServiceContext, name: str) -> UserChange:
    """Unlock an account locked after failed log-ins (admin; waits for a second person once there is one)."""
    ctx.require(Operation.MANAGE_USERS, "user", name)
    with write_transaction():
        user = get_user_row(name)
        if not user.locked:  # nothing to unlock: the failure count starts again, nothing else changes
            return changed_view(apply_unlock(ctx, user, {}))
        if waits_for_a_second_person(ctx, name):
            return pending_view(open_request(ctx, "unlock", name, {}), user)
        user = apply_unlock(ctx, user, single_person_details("unlocked"))
        single_person_finding(ctx, "unlock", name, "unlocked", "已解锁")
    return changed_view(user, single_person=True)


def set_password(ctx: ServiceContext, name: str, new_password: str) -> UserChange:
    """Change a password: one's own at once; another user's as admin, confirmed by a second person once the station
    has one. Nothing else depends on it: no key is re-wrapped."""
    own = name == ctx.actor.name
    if not own:
        ctx.require(Operation.MANAGE_USERS, "user", name)
    _check_new_password(new_password)
    secret = hash_password(new_password).encoded_hash
    with write_transaction():
        user = get_user_row(name)
        if own:
            return changed_view(apply_password(ctx, user, secret, {}))
        if waits_for_a_second_person(ctx, name):
            return pending_view(open_request(ctx, "password", name, {}, secret), user)
        user = apply_password(ctx, user, secret, single_person_details("password reset"))
        single_person_finding(ctx, "password", name, "password reset", "已重置密码")
    return changed_view(user, single_person=True)


def require_no_pending_add(ctx: ServiceContext, name: str) -> None:
    """A name a pending ``user add`` waits for is taken until that request is decided or expires."""
    waiting = AccountRequest.get_or_none((AccountRequest.target == name) & (AccountRequest.change == "add")
                                         & (AccountRequest.status == "pending")
                                         & (AccountRequest.expires_at > ctx.now()))
    if waiting is not None:
        raise InvalidInputError(
            Msg(
                "A user named {name!r} is waiting for a second person's confirmation (request {id}).",
                name=name,
                id=waiting.id,
            ),
        )
