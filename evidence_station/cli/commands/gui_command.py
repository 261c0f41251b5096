"""``gui [--smoke-test]``: start the desktop program (imports Qt only when run)."""

from __future__ import annotations

import argparse

from evidence_station.cli.commands import command_help
from evidence_station.cli.output import Output


def register(sub: argparse._SubParsersAction) -> None:
    """Add the command to the parser."""
    gui = sub.add_parser("gui", help=command_help("gui"))
    gui.add_argument("--smoke-test", action="store_true",
                     help="open the main window and every page, then exit 0 (works offscreen)")
    gui.set_defaults(handler=cmd_gui)


def cmd_gui(args: argparse.Namespace, out: Output) -> int:
    """Start the GUI."""
    from evidence_station.cli.connection import station_target
    from evidence_station.gui.app import run_gui

    return run_gui(station_target(args), smoke_test=args.smoke_test, user=args.user)
