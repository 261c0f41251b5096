"""``view request|approve|refuse|revoke|list|grants|register|open|classify`` and ``classify`` (Art. 18–20)."""

from __future__ import annotations

import argparse
from pathlib import Path

from evidence_station.cli.arg_types import bounded_float, local_time, parse_local_time, record_id
from evidence_station.cli.commands import command_help
from evidence_station.cli.common import add_force_option, as_user, check_output_option
from evidence_station.cli.output import Output
from evidence_station.domain.clock import iso
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.viewing import MAX_GRANT_HOURS, Classification, RequestKind, ViewingPurpose
from evidence_station.services.classification_service import set_classification
from evidence_station.services.viewing_service import (
    ViewingRequestResult,
    approve_request,
    close_viewing_session,
    list_requests,
    my_grants,
    open_viewing_session,
    refuse_request,
    request_viewing,
    revoke_request,
)

_STATUSES = ["pending", "approved", "refused", "revoked", "live", "expired"]
_hours = bounded_float(0, MAX_GRANT_HOURS, "the validity in hours", "有效期（小时）", low_inclusive=False)


def _add_classify(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("recording_id", type=record_id)
    parser.add_argument("classification", choices=[c.value for c in Classification],
                        help="; ".join(f"{c.value} = {c.label_zh}" for c in Classification))
    parser.add_argument("--reason", required=True, help="why (written into the audit log)")
    parser.set_defaults(handler=cmd_classify)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the commands to the parser."""
    view = sub.add_parser("view", help=command_help("view"))
    actions = view.add_subparsers(dest="view_command", metavar="ACTION")
    actions.required = True

    req = actions.add_parser("request", help="ask to view recordings (or for an external-provision approval)")
    req.add_argument("recording_ids", type=record_id, nargs="*", metavar="RECORDING_ID")
    req.add_argument("--reason", required=True)
    req.add_argument("--purpose", default="case_handling", choices=[p.value for p in ViewingPurpose])
    req.add_argument("--for", dest="on_behalf_of", metavar="USER", help="custodian: ask on USER's behalf (on-site)")
    req.add_argument("--on-site", action="store_true", help="ask for viewing at this station only")
    req.add_argument("--kind", default="viewing", choices=[k.value for k in RequestKind])
    req.add_argument("--activity", type=record_id, help="every recording of this enforcement activity")
    req.add_argument("--recipient", default="", help="who receives the copies (external_provision)")
    req.set_defaults(handler=cmd_request)

    approve = actions.add_parser("approve", help="director: approve a request")
    approve.add_argument("request_id", type=record_id)
    approve.add_argument("--hours", type=_hours, help=f"validity in hours, at most {MAX_GRANT_HOURS:g} (default: the "
                         "station setting)")
    approve.add_argument("--on-site", action="store_true", help="valid at this station only")
    approve.set_defaults(handler=cmd_approve)

    refuse = actions.add_parser("refuse", help="director: refuse a request")
    refuse.add_argument("request_id", type=record_id)
    refuse.add_argument("--reason", required=True)
    refuse.set_defaults(handler=cmd_refuse)

    revoke = actions.add_parser("revoke", help="director: revoke an approval")
    revoke.add_argument("request_id", type=record_id)
    revoke.add_argument("--reason", required=True)
    revoke.set_defaults(handler=cmd_revoke)

    lst = actions.add_parser("list", help="list requests, newest first")
    lst.add_argument("--status", choices=_STATUSES)
    lst.add_argument("--mine", action="store_true", help="only requests I made or that are for me")
    lst.add_argument("--pending-for-me", action="store_true", help="director: what I may decide")
    lst.add_argument("--kind", choices=[k.value for k in RequestKind])
    lst.set_defaults(handler=cmd_list)

    grants = actions.add_parser("grants", help="my live approvals and the time left")
    grants.set_defaults(handler=cmd_grants)

    reg = actions.add_parser("register", help="the viewing register (查阅登记)")
    reg.add_argument("--since", type=local_time, help="sessions opened at or after (local time, e.g. 2026-11-24)")
    reg.add_argument("--until", type=local_time, help="sessions opened before (local time)")
    reg.add_argument("--viewer", help="only this viewer's sessions")
    reg.add_argument("--pdf", type=Path, metavar="FILE", help="also write the printable, signed PDF register (a new "
                     "file; never inside a station home)")
    reg.add_argument("--csv", type=Path, metavar="FILE", help="also write the register as CSV (a new file; never "
                     "inside a station home)")
    add_force_option(reg)
    reg.set_defaults(handler=cmd_register)

    opn = actions.add_parser("open", help="check my grant, register an opening and print the read-only vault path")
    opn.add_argument("recording_id", type=record_id)
    opn.set_defaults(handler=cmd_open)

    _add_classify(actions.add_parser("classify", help="director: set a recording's classification"))
    _add_classify(sub.add_parser("classify", help=command_help("classify")))


def request_json(result: ViewingRequestResult) -> dict:
    """The JSON of one request (``request_id``, ``status``, ``valid_until`` and the rest)."""
    return {
        "request_id": result.request_id, "status": result.status, "state": result.state, "kind": result.kind,
        "valid_until": result.valid_until, "valid_from": result.valid_from, "seconds_left": result.seconds_left,
        "requested_by": result.requested_by, "viewer": result.viewer, "reason": result.reason,
        "purpose": result.purpose, "recipient": result.recipient, "recording_ids": result.recording_ids,
        "on_site_only": result.on_site_only, "requested_at": result.requested_at,
        "decided_by": result.decided_by, "decided_at": result.decided_at,
        "decision_reason": result.decision_reason, "revoked_by": result.revoked_by,
        "revoked_at": result.revoked_at, "revoke_reason": result.revoke_reason, "used_at": result.used_at,
    }


def _request_line(result: ViewingRequestResult, zone: str | None) -> str:
    until = f" until {iso(result.valid_until, zone)}" if result.valid_until and result.state == "live" else ""
    return (f"#{result.request_id:<5} {result.kind:<18} {result.state:<8} for {result.viewer:<12} "
            f"recordings {result.recording_ids}{until} — {result.reason}")


def _print_request(out: Output, result: ViewingRequestResult) -> int:
    out.result(request_json(result), _request_line(result, out.zone_name))
    return 0


def cmd_request(args: argparse.Namespace, out: Output) -> int:
    """``view request RECORDING_ID... --reason TEXT``."""
    result = as_user(args, out, lambda ctx: request_viewing(
        ctx, recording_ids=args.recording_ids, reason=args.reason, purpose=args.purpose,
        on_behalf_of=args.on_behalf_of, on_site_only=args.on_site, kind=args.kind, activity_id=args.activity,
        recipient=args.recipient))
    return _print_request(out, result)


def cmd_approve(args: argparse.Namespace, out: Output) -> int:
    """``view approve REQUEST_ID [--hours N] [--on-site]``."""
    result = as_user(args, out, lambda ctx: approve_request(ctx, args.request_id, hours=args.hours,
                                                            on_site_only=args.on_site or None))
    return _print_request(out, result)


def cmd_refuse(args: argparse.Namespace, out: Output) -> int:
    """``view refuse REQUEST_ID --reason TEXT``."""
    return _print_request(out, as_user(args, out, lambda ctx: refuse_request(ctx, args.request_id,
                                                                             reason=args.reason)))


def cmd_revoke(args: argparse.Namespace, out: Output) -> int:
    """``view revoke REQUEST_ID --reason TEXT``."""
    return _print_request(out, as_user(args, out, lambda ctx: revoke_request(ctx, args.request_id,
                                                                             reason=args.reason)))


def cmd_list(args: argparse.Namespace, out: Output) -> int:
    """``view list``."""
    results = as_user(args, out, lambda ctx: list_requests(ctx, status=args.status, mine=args.mine,
                                                           pending_for_me=args.pending_for_me, kind=args.kind))
    out.result({"requests": [request_json(r) for r in results]},
               "\n".join(_request_line(r, out.zone_name) for r in results) or "No requests.")
    return 0


def cmd_grants(args: argparse.Namespace, out: Output) -> int:
    """``view grants``."""
    results = as_user(args, out, my_grants)
    lines = [f"{_request_line(r, out.zone_name)} ({r.seconds_left / 60:.0f} min left)" for r in results]
    out.result({"grants": [request_json(r) for r in results]}, "\n".join(lines) or "No live approvals.")
    return 0


def cmd_register(args: argparse.Namespace, out: Output) -> int:
    """``view register [--since T] [--until T] [--viewer U] [--pdf FILE] [--csv FILE] [--force]``."""
    check_output_option(args, args.pdf)
    check_output_option(args, args.csv)
    if args.pdf is not None and args.csv is not None and args.pdf.resolve() == args.csv.resolve():
        raise InvalidInputError(f"--pdf and --csv name the same file ({args.pdf}); give two names.",
                                message_zh=f"--pdf 和 --csv 指向同一个文件（{args.pdf}）；请分别指定文件名。")

    def work(ctx):
        zone = ctx.station.settings.zone
        # PDF/CSV writers pull in reportlab: imported only when this command runs (fast CLI start-up).
        from evidence_station.services.viewing_register import viewing_register, write_register_csv, write_register_pdf

        entries = viewing_register(ctx, since=parse_local_time(args.since, zone),
                                   until=parse_local_time(args.until, zone), viewer=args.viewer)
        if args.pdf:
            period = " 至 ".join(x for x in (args.since or "", args.until or "") if x)
            write_register_pdf(ctx, entries, args.pdf, period=period, force=args.force)
        if args.csv:
            write_register_csv(ctx, entries, args.csv, force=args.force)
        return entries

    entries = as_user(args, out, work)
    lines = [f"session {e.session_id:<5} {iso(e.opened_at, out.zone_name)}  {e.viewer:<12} recording "
             f"{e.recording_id:<5} approved by {e.approver or '-':<12} {e.reason}" for e in entries]
    data: dict = {"entries": entries}
    if args.pdf:
        data["pdf"] = args.pdf
    if args.csv:
        data["csv"] = args.csv
    out.result(data, "\n".join(lines) or "No viewing sessions registered.")
    return 0


def cmd_open(args: argparse.Namespace, out: Output) -> int:
    """``view open RECORDING_ID``: the grant is checked and the opening registered (opened and closed)."""
    def work(ctx):
        session = open_viewing_session(ctx, args.recording_id, client="cli")
        close_viewing_session(ctx, session.session_id)
        return session

    session = as_user(args, out, work)
    banner = f"{session.banner_text}\n" if session.banner_text else ""
    out.result({
        "session_id": session.session_id, "recording_id": session.recording_id, "path": session.path_to_blob,
        "sha256": session.sha256, "request_id": session.grant.request_id, "valid_until": session.grant.valid_until,
        "classification": session.classification, "banner": session.banner_text, "read_only": True,
    }, f"{banner}{session.path_to_blob}")
    return 0


def cmd_classify(args: argparse.Namespace, out: Output) -> int:
    """``classify RECORDING_ID CLASS --reason TEXT``."""
    result = as_user(args, out, lambda ctx: set_classification(ctx, args.recording_id, args.classification,
                                                               reason=args.reason))
    out.result({"recording_id": result.recording_id, "old": result.old, "classification": result.new,
                "label": result.label_zh, "direction": result.direction, "changed_at": result.changed_at},
               f"Recording {result.recording_id}: {result.old} → {result.new} ({result.label_zh}).")
    return 0
