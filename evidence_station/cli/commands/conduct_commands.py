"""``conduct``: Art. 14 complaint and conduct notes on an activity or a bookmark category."""

from __future__ import annotations

import argparse

from evidence_station.cli.arg_types import day, month, read_day, read_month, record_id
from evidence_station.cli.commands import command_help
from evidence_station.cli.common import as_client
from evidence_station.cli.output import Output
from evidence_station.domain.bookmarks import BookmarkCategory
from evidence_station.domain.compliance import ConductNoteKind, next_month


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``conduct`` command to the parser."""
    conduct = sub.add_parser("conduct", help=command_help("conduct")).add_subparsers(
        dest="conduct_command", metavar="ACTION")
    conduct.required = True
    add = conduct.add_parser("add", help="record a complaint or the conduct seen (Art. 14)")
    add.add_argument("--kind", required=True, choices=[k.value for k in ConductNoteKind])
    add.add_argument("--text", required=True, help="what was complained of or seen")
    add.add_argument("--activity", type=record_id, help="the activity it concerns")
    add.add_argument("--category", choices=[c.value for c in BookmarkCategory],
                     help="the bookmark category of what the footage shows")
    add.add_argument("--source", default="", help="who complained, or who saw it")
    add.add_argument("--date", type=day, help="the day it happened (YYYY-MM-DD; default today)")
    add.set_defaults(handler=cmd_conduct_add)
    lst = conduct.add_parser("list", help="list complaint and conduct notes")
    lst.add_argument("--month", type=month, help="YYYY-MM")
    lst.add_argument("--activity", type=record_id)
    lst.set_defaults(handler=cmd_conduct_list)


def cmd_conduct_add(args: argparse.Namespace, out: Output) -> int:
    """``conduct add --kind K --text T [--activity N] [--category C]``."""
    occurred = read_day(args.date) if args.date else None
    note = as_client(args, out, lambda client: client.add_conduct_note(
        kind=args.kind, text=args.text, occurred_on=occurred, activity_id=args.activity,
        bookmark_category=args.category, source=args.source))
    out.result({"note_id": note.id, "note": note}, f"Conduct note #{note.id}: {note.kind_label} — {note.text}")
    return 0


def cmd_conduct_list(args: argparse.Namespace, out: Output) -> int:
    """``conduct list [--month YYYY-MM] [--activity N]``."""
    since = until = None
    if args.month:
        since = read_month(args.month)
        until = next_month(since)
    found = as_client(args, out, lambda client: client.list_conduct_notes(since=since, until=until,
                                                                         activity_id=args.activity))
    lines = [f"#{n.id:<4} {n.occurred_on} {n.kind:<9} activity {n.activity_id or '-'} "
             f"{n.bookmark_category or '-'}: {n.text}" for n in found]
    out.result({"notes": found}, "\n".join(lines) or "No complaint or conduct notes.")
    return 0
