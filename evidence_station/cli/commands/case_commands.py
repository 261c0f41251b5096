"""``case add``, ``case attach``, ``case detach``, ``case list``, ``case show`` and ``case close``."""

from __future__ import annotations

import argparse

from evidence_station.api.cases import CaseView
from evidence_station.cli.arg_types import record_id
from evidence_station.cli.commands import command_help
from evidence_station.cli.common import as_client
from evidence_station.cli.disc_output import disc_json, disc_line
from evidence_station.cli.output import Output
from evidence_station.domain.clock import iso


def register(sub: argparse._SubParsersAction) -> None:
    """Add the commands to the parser."""
    case = sub.add_parser("case", help=command_help("case")).add_subparsers(dest="case_command", metavar="ACTION")
    case.required = True
    add = case.add_parser("add", help="create a case (prints its case_id)")
    add.add_argument("title", help="the case title, e.g. 某建筑公司拖欠工资案")
    add.add_argument("--number", help="the case number, e.g. 明人社监〔2026〕12号 (default: CASE-<year>-NNNN)")
    add.add_argument("--parties", default="", help="the parties concerned")
    add.add_argument("--activity", type=record_id, help="the enforcement activity the case comes from")
    add.set_defaults(handler=cmd_case_add)

    attach = case.add_parser("attach", help="attach recordings to a case")
    attach.add_argument("case_id", type=record_id)
    attach.add_argument("recording_ids", type=record_id, nargs="+", metavar="RECORDING_ID")
    attach.set_defaults(handler=cmd_case_attach)

    detach = case.add_parser("detach", help="detach recordings attached by mistake (open cases only)")
    detach.add_argument("case_id", type=record_id)
    detach.add_argument("recording_ids", type=record_id, nargs="+", metavar="RECORDING_ID")
    detach.set_defaults(handler=cmd_case_detach)

    lst = case.add_parser("list", help="list cases, newest first")
    lst.add_argument("--status", choices=["open", "closed"])
    lst.set_defaults(handler=cmd_case_list)

    show = case.add_parser("show", help="one case with its recordings and exports")
    show.add_argument("case_id", type=record_id)
    show.set_defaults(handler=cmd_case_show)

    close = case.add_parser("close", help="close a case and fix its retention period")
    close.add_argument("case_id", type=record_id)
    close.add_argument("--retention", required=True, help="30y, 10y, … or permanent")
    close.set_defaults(handler=cmd_case_close)


def case_json(case: CaseView) -> dict:
    """A case as JSON (``case_id`` first, as the contract names it)."""
    data = {
        "case_id": case.case_id, "number": case.number, "title": case.title, "parties": case.parties,
        "activity_id": case.activity_id, "status": case.status, "created_by": case.created_by,
        "created_at": case.created_at, "closed_at": case.closed_at, "retention": case.retention,
        "retention_until": case.retention_until, "recording_ids": list(case.recording_ids), "exports": case.exports,
    }
    if case.recordings:
        data["recordings"] = [
            {"id": r.id, "file_name": r.file_name, "kind": r.kind, "device": r.device, "officer": r.officer,
             "start": r.start, "end": r.end, "size": r.size, "sha256": r.sha256, "classification": r.classification}
            for r in case.recordings
        ]
    return data


def _line(case: CaseView) -> str:
    return (f"#{case.case_id:<5} {case.number:<24} {case.status:<7} {len(case.recording_ids):>4} recordings  "
            f"{case.title}")


def cmd_case_add(args: argparse.Namespace, out: Output) -> int:
    """``case add TITLE``."""
    case = as_client(args, out, lambda client: client.add_case(title=args.title, number=args.number,
                                                               parties=args.parties, activity_id=args.activity))
    out.result(case_json(case), f"Case #{case.case_id} created: {case.number} {case.title}")
    return 0


def cmd_case_attach(args: argparse.Namespace, out: Output) -> int:
    """``case attach CASE_ID RECORDING_ID...``."""
    result = as_client(args, out, lambda client: client.attach_recordings(args.case_id, args.recording_ids))
    human = f"Case #{result.case_id}: attached {len(result.attached)} recording(s)"
    if result.already_attached:
        human += f"; already attached: {', '.join(map(str, result.already_attached))}"
    out.result({"case_id": result.case_id, "attached": list(result.attached),
                "already_attached": list(result.already_attached)}, human + ".")
    return 0


def cmd_case_detach(args: argparse.Namespace, out: Output) -> int:
    """``case detach CASE_ID RECORDING_ID...``."""
    case = as_client(args, out, lambda client: client.detach_recordings(args.case_id, args.recording_ids))
    out.result(case_json(case), f"Case #{case.case_id}: detached {len(args.recording_ids)} recording(s).")
    return 0


def cmd_case_list(args: argparse.Namespace, out: Output) -> int:
    """``case list``."""
    cases = as_client(args, out, lambda client: client.list_cases(status=args.status))
    out.result({"cases": [case_json(c) for c in cases]}, "\n".join(_line(c) for c in cases) or "No cases.")
    return 0


def cmd_case_show(args: argparse.Namespace, out: Output) -> int:
    """``case show CASE_ID``."""
    case, discs = as_client(args, out, lambda client: (client.get_case(args.case_id),
                                                       client.list_discs(case_id=args.case_id)))
    lines = [_line(case), f"  parties: {case.parties or '—'}", f"  created {iso(case.created_at, out.zone_name)} "
             f"by {case.created_by}; {case.exports} export(s)"]
    if case.status == "closed":
        lines.append(f"  closed {iso(case.closed_at, out.zone_name)}; retention {case.retention}")
    lines += [f"  {r.id:>6} {r.kind:<6} {r.device or '-':<10} {iso(r.start, out.zone_name) or '-':<26} {r.file_name}"
              for r in case.recordings]
    lines += [f"  disc {disc_line(d)}" for d in discs]
    out.result({**case_json(case), "discs": [disc_json(d) for d in discs]}, "\n".join(lines))
    return 0


def cmd_case_close(args: argparse.Namespace, out: Output) -> int:
    """``case close CASE_ID --retention 30y``."""
    case = as_client(args, out, lambda client: client.close_case(args.case_id, retention=args.retention))
    out.result(case_json(case), f"Case #{case.case_id} closed; kept {case.retention}.")
    return 0
