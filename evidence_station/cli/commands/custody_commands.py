"""``card …``: the custody of a card — who handed it over (``card handover``) and its verified wipe after the import
(``card wipe``, ``card wipes``). ``import``'s hand-over options are in ``cli/handover_options.py``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from evidence_station.api.custody import CardWipeResult
from evidence_station.cli.arg_types import record_id
from evidence_station.cli.commands import command_help
from evidence_station.cli.common import add_force_option, as_client, check_output_option, desk_protected_folders
from evidence_station.cli.handover_options import handover_json, handover_line
from evidence_station.cli.output import Output, ProgressPrinter
from evidence_station.client.card_wipe import wipe_card
from evidence_station.client.documents import save_document
from evidence_station.client.station_client import StationClient

#: Wipe outcomes that are a problem (exit code 1): a stored file left on the card, or footage not in the vault.
_PROBLEM_OUTCOMES = ("mismatch", "vault_damaged", "delete_failed", "unchecked", "not_imported")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``card`` command to the parser."""
    card = sub.add_parser("card", help=command_help("card"),
                          description="card handover IMPORT_ID: who handed the card of an import over; "
                          "card wipe CARD IMPORT_ID: delete from the card exactly the files the import stored, each "
                          "after the station checked it against the vault; card wipes IMPORT_ID: the wipes so far")
    verbs = card.add_subparsers(dest="card_command", metavar="ACTION", required=True)
    show = verbs.add_parser("handover", help="who handed the card of an import over")
    show.add_argument("import_id", type=record_id)
    show.set_defaults(handler=cmd_card_handover)
    wipe = verbs.add_parser("wipe", help="wipe the card after its import (checked file by file against the vault)")
    wipe.add_argument("card", help="the card's mount point at this desk")
    wipe.add_argument("import_id", type=record_id, help="the completed import of this card")
    wipe.add_argument("--receipt", help="also write the signed receipt (with the wipe) here, a new file")
    add_force_option(wipe)
    wipe.set_defaults(handler=cmd_card_wipe)
    wipes = verbs.add_parser("wipes", help="the wipes of an import's card")
    wipes.add_argument("import_id", type=record_id)
    wipes.set_defaults(handler=cmd_card_wipes)


# -- card … -------------------------------------------------------------------------------------------------------
def cmd_card_handover(args: argparse.Namespace, out: Output) -> int:
    """``card handover IMPORT_ID``."""
    view = as_client(args, out, lambda client: client.get_card_handover(args.import_id))
    out.result({"import_id": args.import_id, "handover": handover_json(view)},
               handover_line(view) if view else f"No hand-over was recorded for import {args.import_id}.")
    return 0


def wipe_json(result: CardWipeResult) -> dict[str, Any]:
    """A wipe as JSON."""
    return {"wipe_id": result.wipe_id, "import_id": result.import_id, "status": result.status,
            "custodian": result.custodian, "started_at": result.started_at, "finished_at": result.finished_at,
            "message": result.message, "message_zh": result.message_zh, "counts": result.counts,
            "files": [{"card_path": f.card_path, "outcome": f.outcome, "size": f.size, "sha256": f.sha256,
                       "recording_id": f.recording_id, "reason": f.reason or None, "reason_zh": f.reason_zh or None}
                      for f in result.files]}


def cmd_card_wipe(args: argparse.Namespace, out: Output) -> int:
    """``card wipe CARD IMPORT_ID [--receipt FILE [--force]]``: exit 1 when a stored file stays on the card or the
    card holds footage the import did not store."""
    check_output_option(args, args.receipt, make_parents=True)
    printer = ProgressPrinter("Wiping")

    def work(client: StationClient) -> tuple[CardWipeResult, Path | None]:
        try:
            result = wipe_card(client, Path(args.card), args.import_id, progress=printer)
        finally:
            printer.finish()
        written = None
        if args.receipt is not None:
            written = save_document(client.import_receipt(args.import_id), args.receipt, force=args.force,
                                    protect=desk_protected_folders(args))
        return result, written

    result, written = as_client(args, out, work)
    data = wipe_json(result)
    lines = [f"Wipe #{result.wipe_id} of import {result.import_id}: {result.message}"]
    lines += [f"  {f.outcome.upper():<13} {f.card_path}" + (f": {f.reason}" if f.reason else "")
              for f in result.files if f.outcome != "deleted"]
    if written is not None:
        data["receipt"] = written
        lines.append(f"Receipt: {written}")
    out.result(data, "\n".join(lines))
    return 1 if result.status != "completed" or any(f.outcome in _PROBLEM_OUTCOMES for f in result.files) else 0


def cmd_card_wipes(args: argparse.Namespace, out: Output) -> int:
    """``card wipes IMPORT_ID``."""
    wipes = as_client(args, out, lambda client: client.list_card_wipes(args.import_id))
    lines = [f"#{w.wipe_id} {w.status:<11} {w.custodian:<12} deleted {w.counts.get('deleted', 0)}" for w in wipes]
    out.result({"import_id": args.import_id, "wipes": [wipe_json(w) for w in wipes]},
               "\n".join(lines) or f"The card of import {args.import_id} was never wiped.")
    return 0
