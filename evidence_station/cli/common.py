"""Helpers shared by command handlers: run work with a logged-in station client; output options (``--force``)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from evidence_station.cli.output import Output
from evidence_station.cli.session import home_of
from evidence_station.client.station_client import StationClient
from evidence_station.safe_output import check_output_path, protected_folders

T = TypeVar("T")

FORCE_HELP = ("replace an existing file named by this command's output options (never a file inside a station "
              "home or vault, never a file with several hard links)")


def as_client(
    args: argparse.Namespace, out: Output, work: Callable[[StationClient], T], *, keep_session: bool = False
) -> T:
    """Run ``work`` with a logged-in client of the station (service or embedded, see ``cli/connection.py``);
    the output speaks the station's time zone. ``keep_session``: a station service keeps the session open after
    the command (see ``connected``)."""
    from evidence_station.cli.connection import connected

    with connected(args, keep_session=keep_session) as client:
        out.zone_name = client.station.zone
        return work(client)


def verify_as_owner_or_client(
    args: argparse.Namespace, out: Output, *, owner: Callable[[Path], T], client: Callable[[StationClient], T]
) -> T:
    """A verification (``verify``, ``audit verify``): anyone may run it — the owner of an embedded home without
    logging in (``owner(home)``: reads only, audits nothing), else through a logged-in client (audited)."""
    import os

    from evidence_station.cli.connection import station_target

    target = station_target(args)
    if target.url is None and not (args.user or os.environ.get("EVIDENCE_STATION_USER")):
        from evidence_station.server.embedded import zone_of

        out.zone_name = zone_of(target.home or home_of(args))
        return owner(target.home or home_of(args))
    return as_client(args, out, client)


def desk_protected_folders(args: argparse.Namespace) -> tuple[Path, ...]:
    """The station folders this desk knows of (an embedded station's home and vault) that no output may touch;
    a station service's home is not known here (and outputs are refused inside any home anyway)."""
    from evidence_station.cli.connection import station_target

    target = station_target(args)
    return protected_folders(target.home) if target.home is not None else ()


def add_force_option(parser: argparse.ArgumentParser) -> None:
    """``--force``: the command's output options may replace an existing file (see CLI.md, "Outputs never
    destroy evidence")."""
    parser.add_argument("--force", action="store_true", help=FORCE_HELP)


def check_output_option(args: argparse.Namespace, path: str | Path | None, *, make_parents: bool = False) -> None:
    """Refuse, before any work is done, an output option's path the station will not write (exit 2).

    The writer checks again when it writes; this only makes sure nothing is done (an import, a disposal, an
    export) whose document then cannot be written. Protected: every station home, and this station's home
    and configured vault folder.
    """
    if path is not None:
        check_output_path(path, force=bool(getattr(args, "force", False)), protect=protected_folders(home_of(args)),
                          make_parents=make_parents)
