"""``audit verify``, ``audit list`` and ``audit checkpoint``."""

from __future__ import annotations

import argparse

from evidence_station.api.audit import AuditEventView
from evidence_station.cli.arg_types import bounded_int, local_time, parse_local_time
from evidence_station.cli.commands import command_help
from evidence_station.cli.common import as_client, verify_as_owner_or_client
from evidence_station.cli.output import Output, ProgressPrinter
from evidence_station.client.station_client import StationClient
from evidence_station.domain.clock import iso
from evidence_station.domain.messages import Msg

MAX_LIMIT = 1_000_000


def register(sub: argparse._SubParsersAction) -> None:
    """Add the commands to the parser."""
    audit = sub.add_parser("audit", help=command_help("audit")).add_subparsers(
        dest="audit_command", metavar="ACTION")
    audit.required = True
    verify = audit.add_parser("verify", help="check the audit chain and its signed checkpoints "
                              "(no --user needed; with --user the check is itself audited)")
    verify.add_argument("--witness", metavar="PATH", nargs="+", action="extend", default=[],
                        help="also check the catalogue against the chain head these carry: evidence discs or images "
                        "(a folder, an .iso, a drive) and signed import receipts, viewing registers, monthly reports "
                        "or disposal certificates (PDF) of this station")
    verify.set_defaults(handler=cmd_audit_verify)
    lst = audit.add_parser("list", help="list audit events, newest first")
    lst.add_argument("--since", type=local_time, help="local date/time, e.g. 2026-11-24 or 2026-11-24T09:00")
    lst.add_argument("--actor")
    lst.add_argument("--action", help="only actions containing this text")
    lst.add_argument("--limit", type=bounded_int(1, MAX_LIMIT, Msg("the limit")), default=100,
                     help=f"at most this many events, 1 to {MAX_LIMIT:,} (default 100)")
    lst.set_defaults(handler=cmd_audit_list)
    checkpoint = audit.add_parser("checkpoint", help="sign the current chain head now and print it")
    checkpoint.set_defaults(handler=cmd_audit_checkpoint)


def cmd_audit_verify(args: argparse.Namespace, out: Output) -> int:
    """``audit verify``: exit 0 when intact, 1 naming each problem."""
    from evidence_station.disc.witness import read_witness  # read here, at the desk, where the witness is
    from evidence_station.server.embedded import verify_home_audit  # the owner of an embedded home, no log-in

    witnesses = [read_witness(path) for path in args.witness]
    printer = ProgressPrinter("Verifying audit log")
    try:
        result = verify_as_owner_or_client(
            args, out,
            owner=lambda home: verify_home_audit(home, progress=printer, catalogue_url=args.db_url,
                                                 witnesses=witnesses),
            client=lambda client: client.verify_audit_chain(progress=printer, witnesses=witnesses or None),
        )
    finally:
        printer.finish()
    lines = [f"Audit log: {result.events} events, {result.checkpoints} signed checkpoints."]
    lines += [f"Witness {w.source}: {w.document.replace('_', ' ')}, chain head of {w.event_count} events "
              f"({'agrees' if w.ok else 'DISAGREES'})." for w in result.witnesses]
    lines += [f"PROBLEM: {p.message}" for p in result.problems]
    lines.append("OK: the chain and every checkpoint verify." if result.ok else
                 f"FAILED: {len(result.problems)} problem(s).")
    data: dict[str, object] = {"ok": result.ok, "events": result.events, "checkpoints": result.checkpoints,
                               "problems": [p.to_dict() for p in result.problems]}
    if args.witness:
        data["witnesses"] = [w.to_dict() for w in result.witnesses]
    out.result(data, "\n".join(lines))
    return 0 if result.ok else 1


def cmd_audit_list(args: argparse.Namespace, out: Output) -> int:
    """``audit list``."""
    def work(client: StationClient) -> list[AuditEventView]:
        since = parse_local_time(args.since, client.station.zone)
        return client.list_audit_events(since=since, actor=args.actor, action_contains=args.action,
                                        limit=args.limit)

    events = as_client(args, out, work)
    lines = [f"#{e.seq:<6} {iso(e.at, out.zone_name)} {e.actor:<12} {e.action:<28} {e.outcome:<8} "
             f"{e.object_type}:{e.object_id}" for e in events]
    out.result({"events": events}, "\n".join(lines) or "No events.")
    return 0


def cmd_audit_checkpoint(args: argparse.Namespace, out: Output) -> int:
    """``audit checkpoint``."""
    signed = as_client(args, out, lambda client: client.sign_audit_checkpoint())
    if signed is None:
        out.result({"checkpoint": None}, "The chain head is already checkpointed.")
        return 0
    out.result({"checkpoint": signed.to_dict()},
               f"Checkpoint #{signed.checkpoint_id}: {signed.payload['event_count']} events, head "
               f"{signed.payload['head_hash']}")
    return 0
