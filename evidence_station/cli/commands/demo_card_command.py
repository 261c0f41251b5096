"""``demo-card DIR [--seed N]``: write a synthetic camera card with real MP4 files."""

from __future__ import annotations

import argparse
from pathlib import Path

from evidence_station.cli.arg_types import MAX_ID, bounded_int, day, read_day
from evidence_station.cli.commands import command_help
from evidence_station.cli.output import Output
from evidence_station.cli.session import home_of
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg
from evidence_station.safe_output import check_output_folder, protected_folders


def register(sub: argparse._SubParsersAction) -> None:
    """Add the command to the parser."""
    demo = sub.add_parser("demo-card", help=command_help("demo-card"))
    demo.add_argument("dir", help="folder to write the card into (created; must be empty if it exists; never "
                      "inside a station home)")
    demo.add_argument("--seed", type=bounded_int(0, MAX_ID, Msg("the seed")), default=1)
    demo.add_argument("--day", type=day, help="recording day YYYY-MM-DD (default: today in the station zone)")
    demo.set_defaults(handler=cmd_demo_card)


def cmd_demo_card(args: argparse.Namespace, out: Output) -> int:
    """Write the card."""
    from evidence_station.media.demo_card import write_demo_card

    dest = Path(args.dir)
    check_output_folder(dest, protect=protected_folders(home_of(args)))
    if dest.exists() and not dest.is_dir():
        raise InvalidInputError(Msg(
            "{dest} is not a folder; give a new or empty folder for the demo card.",
            dest=dest,
        ))
    if dest.exists() and any(dest.iterdir()):
        raise InvalidInputError(Msg("{dest} is not empty; give a new or empty folder for the demo card.", dest=dest))
    result = write_demo_card(dest, seed=args.seed, day=read_day(args.day) if args.day else None)
    out.result({"path": result.path.absolute(), "files": result.files},
               f"Demo card with {len(result.files)} files written to {result.path}")
    return 0
