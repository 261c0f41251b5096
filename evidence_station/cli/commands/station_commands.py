"""``init`` and ``user …`` commands."""

from __future__ import annotations

import argparse
from pathlib import Path

from evidence_station.api.users import AccountChangeView, UserChange
from evidence_station.cli.arg_types import bounded_int, record_id
from evidence_station.cli.commands import command_help
from evidence_station.cli.common import as_client
from evidence_station.cli.output import Output
from evidence_station.cli.session import acting_password, home_of, new_password
from evidence_station.domain.clock import iso
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg
from evidence_station.domain.viewing import Classification

MAX_CLEARANCE = max(c.level for c in Classification)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the commands to the parser."""
    init = sub.add_parser("init", help=command_help("init"))
    init.add_argument("--admin", required=True, help="login name of the first administrator")
    init.add_argument("--station-name", help="the station's name (printed on certificates and discs)")
    init.add_argument("--password-file", help="file holding the administrator's password "
                      "(else $EVIDENCE_STATION_PASSWORD, else asked)")
    init.add_argument("--vault", help="keep the vault in this folder (e.g. a large disk mounted for the service) "
                      "instead of in the home")
    init.add_argument("--service", action="store_true",
                      help="prepare the home for the station service (`serve`); run this as the service account. "
                      "Without it the home is an embedded station, whose certificate says it is unprotected")
    add_pkcs11_options(init)
    init.set_defaults(handler=cmd_init)

    user = sub.add_parser("user", help=command_help("user")).add_subparsers(dest="user_command", metavar="ACTION")
    user.required = True
    add = user.add_parser("add", help="add a user with roles")
    add.add_argument("name")
    add.add_argument("--role", action="append", required=True,
                     help="admin, custodian, investigator, director, clerk or auditor (repeat or comma-separate)")
    add.add_argument("--display-name", default="")
    add.add_argument("--badge", default="", help="badge (执法证) number")
    add.add_argument("--clearance", type=bounded_int(0, MAX_CLEARANCE, Msg("the clearance")), default=0,
                     help="0 none, 1 restricted, 2 commercial, 3 state secret")
    add.add_argument("--password-file", help="file holding the new user's password (else asked)")
    add.set_defaults(handler=cmd_user_add)
    lst = user.add_parser("list", help="list users")
    lst.set_defaults(handler=cmd_user_list)
    unlock = user.add_parser("unlock", help="unlock an account locked after failed log-ins")
    unlock.add_argument("name")
    unlock.set_defaults(handler=cmd_user_unlock)
    passwd = user.add_parser("passwd", help="set a user's password (another user's: confirmed by a second person)")
    passwd.add_argument("name")
    passwd.add_argument("--password-file")
    passwd.set_defaults(handler=cmd_user_passwd)
    role = user.add_parser("role", help="grant or withdraw one role (granting admin or director: confirmed by a "
                           "second person)")
    role.add_argument("name")
    which = role.add_mutually_exclusive_group(required=True)
    which.add_argument("--add", metavar="ROLE", help="the role to grant")
    which.add_argument("--remove", metavar="ROLE", help="the role to withdraw")
    role.set_defaults(handler=cmd_user_role)
    clearance = user.add_parser("clearance", help="set a user's clearance (raising it: confirmed by a second person)")
    clearance.add_argument("name")
    clearance.add_argument("level", type=bounded_int(0, MAX_CLEARANCE, Msg("the clearance")),
                           help="0 none, 1 restricted, 2 commercial, 3 state secret")
    clearance.set_defaults(handler=cmd_user_clearance)
    deactivate = user.add_parser("deactivate", help="deactivate an account: it can no longer log in")
    deactivate.add_argument("name")
    deactivate.set_defaults(handler=cmd_user_deactivate)
    confirm = user.add_parser("confirm", help="confirm an account change waiting for a second person (another "
                              "administrator or a director)")
    confirm.add_argument("confirmation_id", type=record_id)
    confirm.set_defaults(handler=cmd_user_confirm)
    refuse = user.add_parser("refuse", help="refuse an account change waiting for a second person")
    refuse.add_argument("confirmation_id", type=record_id)
    refuse.add_argument("--reason", required=True)
    refuse.set_defaults(handler=cmd_user_refuse)
    pending = user.add_parser("pending", help="list the account changes waiting for a second person")
    pending.add_argument("--all", action="store_true", help="also the confirmed, refused and expired ones")
    pending.set_defaults(handler=cmd_user_pending)


def add_pkcs11_options(parser: argparse.ArgumentParser) -> None:
    """``--pkcs11-module/--pkcs11-token/--pkcs11-key-label/--pkcs11-pin-file``: the station key on a token."""
    group = parser.add_argument_group("station key on a PKCS#11 token (with --service)")
    group.add_argument("--pkcs11-module", help="the token's PKCS#11 library (e.g. /usr/lib/softhsm/libsofthsm2.so)")
    group.add_argument("--pkcs11-token", help="the token's label")
    group.add_argument("--pkcs11-key-label", default="evidence-station",
                       help="the station key's label on the token (made there if missing; default: %(default)s)")
    group.add_argument("--pkcs11-pin-file", help="file holding the token's user PIN, readable only by the service "
                       "account")


def pkcs11_from_args(args: argparse.Namespace) -> dict[str, str] | None:
    """The token named by the ``--pkcs11-*`` options, None without ``--pkcs11-module``."""
    if not args.pkcs11_module:
        return None
    if not args.pkcs11_token or not args.pkcs11_pin_file:
        raise InvalidInputError(Msg("With --pkcs11-module give --pkcs11-token and --pkcs11-pin-file too."))
    return {"module": args.pkcs11_module, "token_label": args.pkcs11_token, "key_label": args.pkcs11_key_label,
            "pin_file": args.pkcs11_pin_file}


def cmd_init(args: argparse.Namespace, out: Output) -> int:
    """``init`` (``--service``: a home for the station service)."""
    pkcs11 = pkcs11_from_args(args)
    if args.password_file:
        password = new_password(args, args.admin)
    else:
        password = acting_password(f"Password for the administrator {args.admin}: ")
    from evidence_station.server.embedded import init_home  # a home is made where it lies, by its owner

    result = init_home(
        home_of(args), admin=args.admin, password=password, station_name=args.station_name,
        catalogue_url=args.db_url, vault_dir=Path(args.vault) if args.vault else None,
        service=args.service, pkcs11=pkcs11,
    )
    kind = ("a station service home (protected)" if args.service else
            "an embedded station (unprotected: its key file is readable by this account)")
    out.result(
        {"home": result.home, "station_id": result.station_id, "certificate_sha256": result.certificate_sha256,
         "service": args.service},
        f"Station {result.station_id} created in {result.home}: {kind}\n"
        f"Certificate SHA-256: {result.certificate_sha256}",
    )
    return 0


def _split_roles(values: list[str]) -> list[str]:
    return [part for value in values for part in value.split(",") if part.strip()]


def _change_result(out: Output, result: UserChange, done: str, **extra: object) -> int:
    """Print an account change: in effect, or waiting for a second person (CLI.md "Two-person administration")."""
    data = {"user": result.user, "roles": result.roles, **extra, "status": result.status,
            "confirmation_id": result.confirmation_id, "single_person": result.single_person}
    if result.status == "pending":
        text = (f"Waiting for a second person (another administrator or a director) to confirm: "
                f"evidence-station user confirm {result.confirmation_id}")
    else:
        text = done + (" (no second person could confirm it: a finding was raised)" if result.single_person else "")
    out.result(data, text)
    return 0


def cmd_user_add(args: argparse.Namespace, out: Output) -> int:
    """``user add``."""
    password = new_password(args, args.name)
    result = as_client(args, out, lambda client: client.add_user(
        name=args.name, roles=_split_roles(args.role), password=password,
        display_name=args.display_name, badge_number=args.badge, clearance=args.clearance,
    ))
    return _change_result(out, result, f"User {result.user} added with roles: {', '.join(result.roles)}")


def cmd_user_list(args: argparse.Namespace, out: Output) -> int:
    """``user list``."""
    result = as_client(args, out, lambda client: client.list_users())
    lines = [f"{u.user:<16} {','.join(u.roles):<30} {'LOCKED' if u.locked else ''}" for u in result]
    out.result({"users": result}, "\n".join(lines))
    return 0


def cmd_user_unlock(args: argparse.Namespace, out: Output) -> int:
    """``user unlock``."""
    result = as_client(args, out, lambda client: client.unlock_user(args.name))
    return _change_result(out, result, f"User {result.user} unlocked.", locked=result.locked)


def cmd_user_passwd(args: argparse.Namespace, out: Output) -> int:
    """``user passwd``."""
    password = new_password(args, args.name)
    result = as_client(args, out, lambda client: client.set_password(args.name, password))
    return _change_result(out, result, f"Password of {result.user} changed.")


def cmd_user_role(args: argparse.Namespace, out: Output) -> int:
    """``user role NAME --add ROLE | --remove ROLE``."""
    result = as_client(args, out, lambda client: client.set_user_role(args.name, add=args.add, remove=args.remove))
    return _change_result(out, result, f"Roles of {result.user}: {', '.join(result.roles)}")


def cmd_user_clearance(args: argparse.Namespace, out: Output) -> int:
    """``user clearance NAME LEVEL``."""
    result = as_client(args, out, lambda client: client.set_clearance(args.name, args.level))
    return _change_result(out, result, f"Clearance of {result.user}: {result.clearance}", clearance=result.clearance)


def cmd_user_deactivate(args: argparse.Namespace, out: Output) -> int:
    """``user deactivate NAME``."""
    result = as_client(args, out, lambda client: client.deactivate_user(args.name))
    return _change_result(out, result, f"User {result.user} deactivated.", active=result.active)


def cmd_user_confirm(args: argparse.Namespace, out: Output) -> int:
    """``user confirm ID``."""
    result = as_client(args, out, lambda client: client.confirm_account_change(args.confirmation_id))
    return _change_result(out, result, f"Confirmed: {result.user} now has roles {', '.join(result.roles)}, "
                          f"clearance {result.clearance}.", clearance=result.clearance, locked=result.locked,
                          active=result.active)


def _change_line(change: AccountChangeView, zone: str | None) -> str:
    asked = ", ".join(f"{k} {v}" for k, v in change.details.items()) or "—"
    return (f"#{change.confirmation_id:<5} {change.status:<9} {change.change:<9} {change.user:<16} {asked:<34} "
            f"by {change.requested_by} at {iso(change.requested_at, zone)}")


def cmd_user_refuse(args: argparse.Namespace, out: Output) -> int:
    """``user refuse ID --reason TEXT``."""
    change = as_client(args, out, lambda client: client.refuse_account_change(args.confirmation_id,
                                                                              reason=args.reason))
    out.result({"confirmation_id": change.confirmation_id, "user": change.user, "change": change.change,
                "status": change.status, "reason": change.reason}, _change_line(change, out.zone_name))
    return 0


def cmd_user_pending(args: argparse.Namespace, out: Output) -> int:
    """``user pending [--all]``."""
    changes = as_client(args, out, lambda client: client.list_account_changes(pending_only=not args.all))
    out.result({"requests": changes}, "\n".join(_change_line(c, out.zone_name) for c in changes)
               or "Nothing waits for a second person.")
    return 0
