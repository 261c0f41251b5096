"""``station join``, ``station list`` and ``station grant-key``: several stations, one catalogue and vault."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from evidence_station.cli.commands import command_help
from evidence_station.cli.common import as_user
from evidence_station.cli.output import Output
from evidence_station.cli.session import acting_password, home_of, new_password
from evidence_station.domain.errors import InvalidInputError
from evidence_station.services import station_join
from evidence_station.services.home import DB_URL_ENV


def register(sub: argparse._SubParsersAction) -> None:
    """Add the commands to the parser."""
    station = sub.add_parser("station", help=command_help("station")).add_subparsers(
        dest="station_command", metavar="ACTION")
    station.required = True
    join = station.add_parser(
        "join", help="make a new station home that shares an existing PostgreSQL catalogue and vault folder")
    join.add_argument("--admin", required=True, help="an administrator of the shared catalogue "
                      "(password from $EVIDENCE_STATION_PASSWORD or asked); gets a key slot here")
    join.add_argument("--vault", required=True, help="the shared vault folder, as mounted on this machine")
    join.add_argument("--station-name", help="this station's name (printed on certificates and discs)")
    join.set_defaults(handler=cmd_station_join)
    lst = station.add_parser("list", help="the stations registered in the catalogue")
    lst.set_defaults(handler=cmd_station_list)
    grant = station.add_parser("grant-key", help="let a user sign at this station (administrator, with the "
                               "user typing their own password)")
    grant.add_argument("name")
    grant.add_argument("--password-file", help="file holding the user's current password (else asked)")
    grant.set_defaults(handler=cmd_station_grant_key)


def cmd_station_join(args: argparse.Namespace, out: Output) -> int:
    """``station join``."""
    url = args.db_url or os.environ.get(DB_URL_ENV)
    if not url:
        raise InvalidInputError("Name the shared catalogue: evidence-station --db-url postgresql://… station join …",
                                message_zh="请指定共享目录数据库："
                                           "evidence-station --db-url postgresql://… station join …")
    password = acting_password(f"Password for the administrator {args.admin}: ")
    result = station_join.join_station(
        home_of(args), catalogue_url=url, admin_name=args.admin, admin_password=password,
        vault_dir=Path(args.vault), station_name=args.station_name,
    )
    out.result(
        {"home": result.home, "station_id": result.station_id, "station_name": result.station_name,
         "certificate_sha256": result.certificate_sha256, "vault": result.vault_dir, "stations": result.stations},
        f"Station {result.station_id} ({result.station_name}) joined the catalogue in {result.home}\n"
        f"Certificate SHA-256: {result.certificate_sha256}\n"
        f"Shared vault: {result.vault_dir}\n"
        f"Stations registered: {result.stations}\n"
        f"Other users can work here now; to let one sign here: station grant-key NAME",
    )
    return 0


def cmd_station_list(args: argparse.Namespace, out: Output) -> int:
    """``station list``."""
    result = as_user(args, out, station_join.list_stations)
    lines = [f"{'*' if s.this_station else ' '} {s.station_id:<16} {s.name:<24} {s.certificate_sha256[:16]}…"
             for s in result]
    out.result({"stations": result}, "\n".join(lines))
    return 0


def cmd_station_grant_key(args: argparse.Namespace, out: Output) -> int:
    """``station grant-key``."""
    password = new_password(args, args.name) if args.password_file else _typed_by_user(args.name)
    result = as_user(args, out, lambda ctx: station_join.grant_key_slot(ctx, name=args.name, password=password))
    out.result({"user": result.user, "station_id": result.station_id, "replaced": result.replaced},
               f"{result.user} can now sign at station {result.station_id}.")
    return 0


def _typed_by_user(name: str) -> str:
    if not sys.stdin.isatty():
        raise InvalidInputError(f"Give {name}'s current password with --password-file FILE (no terminal to ask).",
                                message_zh=f"请用 --password-file FILE 提供 {name} 的当前密码"
                                           "（没有可用于询问的终端）。")
    return getpass.getpass(f"{name}, type your current password: ")
