"""``station list`` and ``station migrate``: the registered stations, and moving a home's key once to "only the
station signs" (``station join`` and ``station grant-key`` are gone with the per-user key slots: see the README,
"Several desks, one station")."""

from __future__ import annotations

import argparse

from evidence_station.cli.commands import command_help
from evidence_station.cli.commands.station_commands import add_pkcs11_options, pkcs11_from_args
from evidence_station.cli.common import as_client
from evidence_station.cli.output import Output
from evidence_station.cli.session import acting_password, acting_user, home_of


def register(sub: argparse._SubParsersAction) -> None:
    """Add the commands to the parser."""
    station = sub.add_parser("station", help=command_help("station")).add_subparsers(
        dest="station_command", metavar="ACTION")
    station.required = True
    lst = station.add_parser("list", help="the stations registered in the catalogue")
    lst.set_defaults(handler=cmd_station_list)
    mig = station.add_parser(
        "migrate", help="administrator, once: retire the station key any user could have copied and make a new one "
        "(an older home with per-user key slots, or an embedded home moving to the station service)")
    mig.add_argument("--service", action="store_true",
                     help="prepare the home for the station service (run as the service account): the new "
                     "certificate says the station is protected")
    add_pkcs11_options(mig)
    mig.add_argument("--reason", default="", help="why (kept in the audit log)")
    mig.set_defaults(handler=cmd_station_migrate)


def cmd_station_list(args: argparse.Namespace, out: Output) -> int:
    """``station list``."""
    result = as_client(args, out, lambda client: client.list_stations())
    lines = [f"{'*' if s.this_station else ' '} {s.station_id:<16} {s.name:<24} {s.certificate_sha256[:16]}…"
             for s in result]
    out.result({"stations": result}, "\n".join(lines))
    return 0


def cmd_station_migrate(args: argparse.Namespace, out: Output) -> int:
    """``station migrate``."""
    pkcs11 = pkcs11_from_args(args)
    user = acting_user(args)
    from evidence_station.server.embedded import migrate_home  # done on the home itself, by its owner

    result = migrate_home(home_of(args), admin=user, password=acting_password(f"Password for {user}: "),
                          service=args.service, pkcs11=pkcs11, reason=args.reason, catalogue_url=args.db_url)
    out.result(
        {"station_id": result.station_id, "retired_certificate_sha256": result.retired_certificate_sha256,
         "retired_at": result.retired_at, "certificate_sha256": result.certificate_sha256, "service": result.service,
         "signer": result.signer, "protection": result.protection, "key_slots_removed": result.key_slots_removed,
         "checkpoint_id": result.checkpoint_id},
        f"Station {result.station_id}: the old key (certificate SHA-256 {result.retired_certificate_sha256}) is "
        f"retired as of {result.retired_at:%Y-%m-%d %H:%M:%S} UTC.\n"
        f"New certificate SHA-256: {result.certificate_sha256} ({result.protection}, {result.signer}).\n"
        f"Key slots removed: {result.key_slots_removed}. Publish the new fingerprint to those who verify discs.",
    )
    return 0
