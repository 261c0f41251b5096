"""``disc …``: the register of burned evidence discs (Art. 17 附卷) and classified carriers (Art. 20)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from evidence_station.api.discs import DESTINATION_KINDS, DiscCopyView, DiscLabel
from evidence_station.cli.arg_types import bounded_int, local_time, parse_local_time, record_id
from evidence_station.cli.commands import command_help
from evidence_station.cli.common import add_force_option, as_client, check_output_option, desk_protected_folders
from evidence_station.cli.disc_output import copy_json, disc_json, disc_line
from evidence_station.cli.output import Output
from evidence_station.client.documents import save_document
from evidence_station.client.station_client import StationClient
from evidence_station.domain.errors import NotFoundError
from evidence_station.domain.messages import Msg

copy_count = bounded_int(1, 50, Msg("number of copies"))


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``disc`` command to the parser."""
    disc = sub.add_parser("disc", help=command_help("disc"),
                          description="disc register EXPORT_ID: register every disc of a completed export (or "
                          "confirm the entries the export made); "
                          "disc list: the register; disc transfer DISC_ID: where a copy went (附卷 …); "
                          "disc label DISC_ID: the text for the disc face")
    verbs = disc.add_subparsers(dest="disc_command", metavar="ACTION", required=True)
    reg = verbs.add_parser("register", help="register every disc of a completed export, or confirm the entries the "
                           "export made (copies, holders, 保密期限)")
    reg.add_argument("export_id", type=record_id)
    reg.add_argument("--copies", type=copy_count, default=1, help="copies burned of each disc (default 1)")
    reg.add_argument("--holder", action="append", metavar="USER", default=None,
                     help="the person copy k is registered to (once per copy, in order; needed for a classified disc)")
    reg.add_argument("--secrecy-period", default="", metavar="TEXT",
                     help="保密期限 of a classified disc (e.g. 10年, 至2036-12-31; default: the export's)")
    reg.set_defaults(handler=cmd_disc_register)
    lst = verbs.add_parser("list", help="the registered discs")
    lst.add_argument("--case", type=record_id, dest="case_id")
    lst.add_argument("--export", type=record_id, dest="export_id")
    lst.set_defaults(handler=cmd_disc_list)
    move = verbs.add_parser("transfer", help="record where a copy went and who received it")
    move.add_argument("disc_id", type=record_id)
    move.add_argument("--copy", type=copy_count, default=1, dest="copy_number", help="the copy's number (default 1)")
    move.add_argument("--to", required=True, choices=DESTINATION_KINDS, dest="destination_kind",
                      help="case_file (附卷), court, agency or other")
    move.add_argument("--destination", required=True, help="the case file's number, the court or the agency")
    move.add_argument("--received-by", required=True, help="who received the copy")
    move.add_argument("--at", type=local_time, help="when it was received (local time; default: now)")
    move.add_argument("--note", default="")
    move.set_defaults(handler=cmd_disc_transfer)
    label = verbs.add_parser("label", help="the text for the disc face (every copy, or --copy K)")
    label.add_argument("disc_id", type=record_id)
    label.add_argument("--copy", type=copy_count, dest="copy_number")
    label.add_argument("--out", help="also write a printable PDF of the labels here, a new file")
    add_force_option(label)
    label.set_defaults(handler=cmd_disc_label)


def cmd_disc_register(args: argparse.Namespace, out: Output) -> int:
    """``disc register EXPORT_ID [--copies N] [--holder USER]… [--secrecy-period TEXT]``."""
    discs = as_client(args, out, lambda client: client.register_discs(
        args.export_id, copies=args.copies, holders=args.holder, secrecy_period=args.secrecy_period))
    out.result({"export_id": args.export_id, "discs": [disc_json(d) for d in discs]},
               "\n".join(disc_line(d) for d in discs))
    return 0


def cmd_disc_list(args: argparse.Namespace, out: Output) -> int:
    """``disc list [--case ID] [--export ID]``."""
    discs = as_client(args, out, lambda client: client.list_discs(case_id=args.case_id, export_id=args.export_id))
    out.result({"discs": [disc_json(d) for d in discs]}, "\n".join(disc_line(d) for d in discs) or "No discs.")
    return 0


def cmd_disc_transfer(args: argparse.Namespace, out: Output) -> int:
    """``disc transfer DISC_ID --copy K --to KIND --destination TEXT --received-by NAME [--at TIME]``."""
    def work(client: StationClient) -> DiscCopyView:
        return client.record_disc_transfer(
            args.disc_id, args.copy_number, destination_kind=args.destination_kind, destination=args.destination,
            received_by=args.received_by, received_at=parse_local_time(args.at, client.station.zone), note=args.note)

    copy = as_client(args, out, work)
    where = copy.transfers[-1]
    out.result({"disc_id": args.disc_id, **copy_json(copy)},
               f"Disc {args.disc_id} copy {copy.number}: {where.destination_kind} {where.destination}, received by "
               f"{where.received_by}")
    return 0


def cmd_disc_label(args: argparse.Namespace, out: Output) -> int:
    """``disc label DISC_ID [--copy K] [--out FILE [--force]]``."""
    check_output_option(args, args.out, make_parents=True)

    def work(client: StationClient) -> tuple[list[DiscLabel], Path | None]:
        labels = client.disc_labels(args.disc_id)
        written = None
        if args.out is not None:
            written = save_document(client.disc_label_sheet(args.disc_id), args.out, force=args.force,
                                    protect=desk_protected_folders(args))
        return labels, written

    labels, written = as_client(args, out, work)
    if args.copy_number is not None:
        labels = [label for label in labels if label.copy_number == args.copy_number]
        if not labels:
            raise NotFoundError(Msg(
                "Disc {disc_id} has no copy {copy_number}.",
                disc_id=args.disc_id,
                copy_number=args.copy_number,
            ))
    data: dict[str, Any] = {"disc_id": args.disc_id,
                            "labels": [{"copy": label.copy_number, "lines": label.lines} for label in labels]}
    if written is not None:
        data["path"] = written
    out.result(data, "\n\n".join("\n".join(label.lines) for label in labels))
    return 0
