"""``init`` and ``user …`` commands."""

from __future__ import annotations

import argparse
from pathlib import Path

from evidence_station.cli.arg_types import bounded_int
from evidence_station.cli.commands import command_help
from evidence_station.cli.common import as_client
from evidence_station.cli.output import Output
from evidence_station.cli.session import acting_password, home_of, new_password
from evidence_station.domain.errors import InvalidInputError
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
    add.add_argument("--clearance", type=bounded_int(0, MAX_CLEARANCE, "the clearance", "密级许可"), default=0,
                     help="0 none, 1 restricted, 2 commercial, 3 state secret")
    add.add_argument("--password-file", help="file holding the new user's password (else asked)")
    add.set_defaults(handler=cmd_user_add)
    lst = user.add_parser("list", help="list users")
    lst.set_defaults(handler=cmd_user_list)
    unlock = user.add_parser("unlock", help="unlock an account locked after failed log-ins")
    unlock.add_argument("name")
    unlock.set_defaults(handler=cmd_user_unlock)
    passwd = user.add_parser("passwd", help="set a user's password")
    passwd.add_argument("name")
    passwd.add_argument("--password-file")
    passwd.set_defaults(handler=cmd_user_passwd)


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
        raise InvalidInputError("With --pkcs11-module give --pkcs11-token and --pkcs11-pin-file too.",
                                message_zh="使用 --pkcs11-module 时还须给出 --pkcs11-token 和 --pkcs11-pin-file。")
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


def cmd_user_add(args: argparse.Namespace, out: Output) -> int:
    """``user add``."""
    password = new_password(args, args.name)
    result = as_client(args, out, lambda client: client.add_user(
        name=args.name, roles=_split_roles(args.role), password=password,
        display_name=args.display_name, badge_number=args.badge, clearance=args.clearance,
    ))
    out.result({"user": result.user, "roles": result.roles},
               f"User {result.user} added with roles: {', '.join(result.roles)}")
    return 0


def cmd_user_list(args: argparse.Namespace, out: Output) -> int:
    """``user list``."""
    result = as_client(args, out, lambda client: client.list_users())
    lines = [f"{u.user:<16} {','.join(u.roles):<30} {'LOCKED' if u.locked else ''}" for u in result]
    out.result({"users": result}, "\n".join(lines))
    return 0


def cmd_user_unlock(args: argparse.Namespace, out: Output) -> int:
    """``user unlock``."""
    result = as_client(args, out, lambda client: client.unlock_user(args.name))
    out.result({"user": result.user, "roles": result.roles, "locked": result.locked},
               f"User {result.user} unlocked.")
    return 0


def cmd_user_passwd(args: argparse.Namespace, out: Output) -> int:
    """``user passwd``."""
    password = new_password(args, args.name)
    result = as_client(args, out, lambda client: client.set_password(args.name, password))
    out.result({"user": result.user, "roles": result.roles}, f"Password of {result.user} changed.")
    return 0
