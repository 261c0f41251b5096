"""``retention show|due|hold|release|holds|rule`` and ``dispose propose|approve|refuse|list|show|certificate``
(Art. 16), through the station (``as_client``). The signed disposal certificate is kept at the station and written
at the desk only where asked (``dispose approve --certificate FILE``, ``dispose certificate ID --out FILE``)."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any

from evidence_station.api.retention import DisposalView, DueRecording, HoldView, RuleView
from evidence_station.cli.arg_types import bounded_int, record_id
from evidence_station.cli.commands import command_help
from evidence_station.cli.common import add_force_option, as_client, check_output_option, desk_protected_folders
from evidence_station.cli.output import Output
from evidence_station.client.documents import save_document
from evidence_station.client.station_client import StationClient
from evidence_station.domain.clock import to_local
from evidence_station.domain.messages import Msg
from evidence_station.domain.retention import ONE_YEAR, RetentionReason

MAX_WITHIN_DAYS = 36_500


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``retention`` and ``dispose`` commands."""
    _register_retention(sub)
    _register_dispose(sub)


def _register_retention(sub: argparse._SubParsersAction) -> None:
    retention = sub.add_parser("retention", help=command_help("retention"))
    actions = retention.add_subparsers(dest="retention_command", metavar="ACTION")
    actions.required = True
    show = actions.add_parser("show", help="until when a recording is kept, and why")
    show.add_argument("recording_id", type=record_id)
    show.set_defaults(handler=cmd_retention_show)

    due = actions.add_parser("due", help="recordings past their retention (or due within DAYS), no hold")
    due.add_argument("--within", type=bounded_int(0, MAX_WITHIN_DAYS, Msg("the number of days")), default=0,
                     metavar="DAYS", help=f"also those due in the next DAYS days (0 to {MAX_WITHIN_DAYS})")
    due.set_defaults(handler=cmd_retention_due)

    hold = actions.add_parser("hold", help="put a legal hold on recordings (no disposal until released)")
    hold.add_argument("recording_ids", type=record_id, nargs="+", metavar="RECORDING_ID")
    hold.add_argument("--reason", required=True)
    hold.set_defaults(handler=cmd_retention_hold)

    release = actions.add_parser("release", help="release a legal hold")
    release.add_argument("hold_id", type=record_id)
    release.add_argument("--reason", required=True)
    release.set_defaults(handler=cmd_retention_release)

    holds = actions.add_parser("holds", help="list legal holds (active ones unless --all)")
    holds.add_argument("--all", action="store_true", help="include released holds")
    holds.add_argument("--recording", type=record_id, metavar="RECORDING_ID")
    holds.set_defaults(handler=cmd_retention_holds)

    rule = actions.add_parser("rule", help="configured retention periods (never below one year)")
    rules = rule.add_subparsers(dest="rule_command", metavar="ACTION")
    rules.required = True
    rules.add_parser("list", help="list the configured rules").set_defaults(handler=cmd_rule_list)
    scopes = "default | activity_kind | classification"
    rule_set = rules.add_parser("set", help="set the period of a scope")
    rule_set.add_argument("scope", help=scopes)
    rule_set.add_argument("value", nargs="?", default="", help="the activity kind or classification")
    rule_set.add_argument("--period", required=True, help="10y, 30y, … or permanent (at least 1y)")
    rule_set.add_argument("--reason", required=True)
    rule_set.set_defaults(handler=cmd_rule_set)
    rule_clear = rules.add_parser("clear", help="remove the rule of a scope")
    rule_clear.add_argument("scope", help=scopes)
    rule_clear.add_argument("value", nargs="?", default="")
    rule_clear.add_argument("--reason", required=True)
    rule_clear.set_defaults(handler=cmd_rule_clear)


def _register_dispose(sub: argparse._SubParsersAction) -> None:
    dispose = sub.add_parser("dispose", help=command_help("dispose"))
    actions = dispose.add_subparsers(dest="dispose_command", metavar="ACTION")
    actions.required = True
    propose = actions.add_parser("propose", help="propose disposing of recordings that are due (custodian)")
    propose.add_argument("recording_ids", type=record_id, nargs="+", metavar="RECORDING_ID")
    propose.add_argument("--reason", required=True)
    propose.set_defaults(handler=cmd_dispose_propose)

    approve = actions.add_parser("approve", help="approve and carry out a proposal (a director, not the proposer)")
    approve.add_argument("proposal_id", type=record_id)
    approve.add_argument("--certificate", type=Path, metavar="FILE", help="also copy the signed certificate here (a "
                         "new file; never inside a station home)")
    add_force_option(approve)
    approve.add_argument("--exclude-blocked", action="store_true",
                         help="dispose of the others when some are no longer due (those are kept and listed)")
    approve.set_defaults(handler=cmd_dispose_approve)

    refuse = actions.add_parser("refuse", help="refuse a proposal (nothing is disposed of)")
    refuse.add_argument("proposal_id", type=record_id)
    refuse.add_argument("--reason", required=True)
    refuse.set_defaults(handler=cmd_dispose_refuse)

    lst = actions.add_parser("list", help="disposal proposals, newest first")
    lst.add_argument("--status", choices=["pending", "approved", "refused"])
    lst.set_defaults(handler=cmd_dispose_list)

    show = actions.add_parser("show", help="one proposal with its items (tombstones once disposed)")
    show.add_argument("proposal_id", type=record_id)
    show.set_defaults(handler=cmd_dispose_show)

    certificate = actions.add_parser("certificate", help="write the signed certificate of a carried-out disposal")
    certificate.add_argument("proposal_id", type=record_id)
    certificate.add_argument("--out", required=True, metavar="FILE", help="where to write it (a new file; never "
                             "inside a station home)")
    add_force_option(certificate)
    certificate.set_defaults(handler=cmd_dispose_certificate)


# -- JSON shapes ---------------------------------------------------------------------------------------


def reason_json(reason: RetentionReason) -> dict[str, Any]:
    """One retention reason."""
    return {"basis": reason.basis.value, "label_zh": reason.label_zh, "until": reason.until, "held": reason.held,
            "permanent": reason.permanent, "detail": reason.detail, "ref": reason.ref}


def hold_json(hold: HoldView) -> dict[str, Any]:
    """One legal hold."""
    return {"hold_id": hold.hold_id, "recording_id": hold.recording_id, "reason": hold.reason,
            "placed_by": hold.placed_by, "placed_at": hold.placed_at, "active": hold.active,
            "released_by": hold.released_by, "released_at": hold.released_at, "release_reason": hold.release_reason}


def due_json(item: DueRecording) -> dict[str, Any]:
    """One recording that is (or becomes) due."""
    return {"recording_id": item.recording_id, "file_name": item.file_name, "card_path": item.card_path,
            "sha256": item.sha256, "size": item.size, "start": item.start, "keep_until": item.keep_until,
            "due_now": item.due_now, "proposal_id": item.proposal_id,
            "reasons": [reason_json(r) for r in item.reasons]}


def rule_json(rule: RuleView) -> dict[str, Any]:
    """One configured rule."""
    return {"scope": rule.scope, "value": rule.value, "years": rule.years, "permanent": rule.years is None,
            "reason": rule.reason, "set_by": rule.set_by, "set_at": rule.set_at}


def disposal_json(view: DisposalView) -> dict[str, Any]:
    """A proposal with its items (the tombstones once approved)."""
    return {
        "proposal_id": view.proposal_id, "status": view.status, "complete": view.completed_at is not None,
        "reason": view.reason, "proposed_by": view.proposed_by, "proposed_at": view.proposed_at,
        "decided_by": view.decided_by, "decided_at": view.decided_at, "decision_reason": view.decision_reason,
        "completed_at": view.completed_at, "certificate_id": view.proposal_id if view.has_certificate else None,
        "certificate_sha256": view.certificate_sha256 or None, "approval_event_seq": view.approval_event_seq,
        "items": [{"recording_id": i.recording_id, "status": i.status, "file_name": i.file_name,
                   "card_path": i.card_path, "size": i.size, "sha256": i.sha256, "sm3": i.sm3, "device": i.device,
                   "officer": i.officer, "start": i.start, "end": i.end, "imported_at": i.imported_at,
                   "keep_until": i.keep_until, "reasons": list(i.reasons), "disposed_at": i.disposed_at,
                   "blob": i.blob or None, "shared_with": list(i.shared_with)} for i in view.items],
    }


# -- handlers --------------------------------------------------------------------------------------------


def _when(value: datetime | None, zone: str | None) -> str:
    """A time for people: local, to the minute."""
    return f"{to_local(value, zone):%Y-%m-%d %H:%M}" if value else "—"


def _until_text(keep_until: Any, held: bool, permanent: bool, zone: str | None) -> str:
    if held:
        return "on hold"
    if permanent:
        return "permanent"
    return _when(keep_until, zone)


def cmd_retention_show(args: argparse.Namespace, out: Output) -> int:
    """``retention show RECORDING_ID``."""
    view = as_client(args, out, lambda client: client.retention_of(args.recording_id))
    data = {"recording_id": view.recording_id, "file_name": view.file_name, "sha256": view.sha256,
            "keep_until": view.keep_until, "permanent": view.permanent, "held": view.held, "due": view.due,
            "disposed_at": view.disposed_at, "proposal_id": view.proposal_id,
            "reasons": [reason_json(r) for r in view.reasons], "holds": [hold_json(h) for h in view.holds]}
    lines = [f"Recording {view.recording_id} {view.file_name}",
             f"  keep until: {_until_text(view.keep_until, view.held, view.permanent, out.zone_name)}"
             + ("  (due for disposal)" if view.due else "")]
    if view.disposed_at:
        lines.append(f"  disposed of {_when(view.disposed_at, out.zone_name)} (proposal {view.proposal_id})")
    for number, reason in enumerate(view.reasons):
        until = "indefinitely" if reason.until is None else _when(reason.until, out.zone_name)
        lines.append(f"  {'*' if number == 0 else '-'} {until}: {reason.detail}")
    out.result(data, "\n".join(lines))
    return 0


def cmd_retention_due(args: argparse.Namespace, out: Output) -> int:
    """``retention due [--within DAYS]``."""
    items = as_client(args, out, lambda client: client.due_for_disposal(within_days=args.within))
    lines = [] if out.json_mode else [  # JSON mode prints no lines: formatting ~10,000 dates for nothing took time
        f"{d.recording_id:>6}  {_when(d.keep_until, out.zone_name)}  {'due ' if d.due_now else 'soon'}  "
        f"{'proposal ' + str(d.proposal_id) if d.proposal_id else '':<12} {d.file_name}" for d in items]
    out.result({"within_days": args.within, "recordings": [due_json(d) for d in items]},
               "\n".join(lines) or "No recording is due for disposal.")
    return 0


def cmd_retention_hold(args: argparse.Namespace, out: Output) -> int:
    """``retention hold RECORDING_ID... --reason TEXT``."""
    holds = as_client(args, out, lambda client: client.place_hold(args.recording_ids, reason=args.reason))
    out.result({"holds": [hold_json(h) for h in holds]},
               "\n".join(f"Hold #{h.hold_id} placed on recording {h.recording_id}." for h in holds))
    return 0


def cmd_retention_release(args: argparse.Namespace, out: Output) -> int:
    """``retention release HOLD_ID --reason TEXT``."""
    hold = as_client(args, out, lambda client: client.release_hold(args.hold_id, reason=args.reason))
    out.result(hold_json(hold), f"Hold #{hold.hold_id} on recording {hold.recording_id} released.")
    return 0


def cmd_retention_holds(args: argparse.Namespace, out: Output) -> int:
    """``retention holds [--all] [--recording ID]``."""
    holds = as_client(args, out, lambda client: client.list_holds(active_only=not args.all,
                                                                  recording_id=args.recording))
    lines = [f"#{h.hold_id:<5} recording {h.recording_id:<6} {'active' if h.active else 'released':<8} "
             f"{_when(h.placed_at, out.zone_name)} {h.placed_by}: {h.reason}" for h in holds]
    out.result({"holds": [hold_json(h) for h in holds]}, "\n".join(lines) or "No legal holds.")
    return 0


def _rule_line(rule: RuleView) -> str:
    period = "permanent" if rule.years is None else f"{rule.years}y"
    return f"{rule.scope:<15} {rule.value or '*':<20} {period:<10} {rule.reason}"


def cmd_rule_list(args: argparse.Namespace, out: Output) -> int:
    """``retention rule list``."""
    rules = as_client(args, out, lambda client: client.list_rules())
    out.result({"minimum_years": ONE_YEAR, "rules": [rule_json(r) for r in rules]},
               "\n".join([f"minimum (Art. 16) {ONE_YEAR}y, fixed"] + [_rule_line(r) for r in rules]))
    return 0


def cmd_rule_set(args: argparse.Namespace, out: Output) -> int:
    """``retention rule set SCOPE [VALUE] --period P --reason TEXT``."""
    rule = as_client(args, out, lambda client: client.set_rule(scope=args.scope, value=args.value,
                                                               period=args.period, reason=args.reason))
    out.result(rule_json(rule), _rule_line(rule))
    return 0


def cmd_rule_clear(args: argparse.Namespace, out: Output) -> int:
    """``retention rule clear SCOPE [VALUE] --reason TEXT``."""
    rule = as_client(args, out, lambda client: client.clear_rule(scope=args.scope, value=args.value,
                                                                 reason=args.reason))
    out.result(rule_json(rule), f"Removed: {_rule_line(rule)}")
    return 0


def _disposal_text(view: DisposalView, zone: str | None) -> str:
    lines = [f"Disposal proposal {view.proposal_id}: {view.status}"
             + (" (complete)" if view.completed_at else ""),
             f"  proposed by {view.proposed_by} {_when(view.proposed_at, zone)}: {view.reason}"]
    if view.decided_by:
        decided = f"  {view.status} by {view.decided_by} {_when(view.decided_at, zone)} {view.decision_reason}"
        lines.append(decided.rstrip())
    if view.has_certificate:
        lines.append(f"  certificate: kept at the station (evidence-station dispose certificate {view.proposal_id} "
                     "--out FILE)")
    for item in view.items:
        blob = f" blob {item.blob}" if item.blob else ""
        lines.append(f"  {item.recording_id:>6} {item.status:<8}{blob:<13} {item.sha256[:16]}…  {item.file_name}")
    return "\n".join(lines)


def cmd_dispose_propose(args: argparse.Namespace, out: Output) -> int:
    """``dispose propose RECORDING_ID... --reason TEXT``."""
    view = as_client(args, out, lambda client: client.propose_disposal(args.recording_ids, reason=args.reason))
    out.result(disposal_json(view), _disposal_text(view, out.zone_name))
    return 0


def cmd_dispose_approve(args: argparse.Namespace, out: Output) -> int:
    """``dispose approve PROPOSAL_ID [--certificate FILE] [--exclude-blocked] [--force]``: the certificate's path
    is checked at the desk before the station disposes of anything; the station keeps the signed certificate and
    the desk writes a copy there."""
    check_output_option(args, args.certificate, make_parents=True)

    def work(client: StationClient) -> tuple[DisposalView, Path | None]:
        view = client.approve_disposal(args.proposal_id, exclude_blocked=args.exclude_blocked)
        if args.certificate is None:
            return view, None
        return view, save_document(client.disposal_certificate(view.proposal_id), args.certificate,
                                   force=args.force, protect=desk_protected_folders(args))

    view, written = as_client(args, out, work)
    data = disposal_json(view)
    if written is not None:
        data["certificate"] = data["certificate_copy"] = str(args.certificate)
    out.result(data, _disposal_text(view, out.zone_name) + (f"\n  certificate written to {written}" if written else ""))
    return 0


def cmd_dispose_certificate(args: argparse.Namespace, out: Output) -> int:
    """``dispose certificate PROPOSAL_ID --out FILE [--force]``: write the signed certificate the station keeps."""
    check_output_option(args, args.out, make_parents=True)
    written = as_client(args, out, lambda client: save_document(
        client.disposal_certificate(args.proposal_id), args.out, force=args.force,
        protect=desk_protected_folders(args)))
    out.result({"proposal_id": args.proposal_id, "certificate_id": args.proposal_id, "path": written},
               f"Certificate of disposal {args.proposal_id}: {written}")
    return 0


def cmd_dispose_refuse(args: argparse.Namespace, out: Output) -> int:
    """``dispose refuse PROPOSAL_ID --reason TEXT``."""
    view = as_client(args, out, lambda client: client.refuse_disposal(args.proposal_id, reason=args.reason))
    out.result(disposal_json(view), _disposal_text(view, out.zone_name))
    return 0


def cmd_dispose_list(args: argparse.Namespace, out: Output) -> int:
    """``dispose list [--status S]``."""
    views = as_client(args, out, lambda client: client.list_disposals(status=args.status))
    lines = [f"#{v.proposal_id:<5} {v.status:<9} {len(v.items):>4} recordings  {_when(v.proposed_at, out.zone_name)} "
             f"{v.proposed_by}: {v.reason}" for v in views]
    out.result({"proposals": [disposal_json(v) for v in views]}, "\n".join(lines) or "No disposal proposals.")
    return 0


def cmd_dispose_show(args: argparse.Namespace, out: Output) -> int:
    """``dispose show PROPOSAL_ID``."""
    view = as_client(args, out, lambda client: client.get_disposal(args.proposal_id))
    out.result(disposal_json(view), _disposal_text(view, out.zone_name))
    return 0
