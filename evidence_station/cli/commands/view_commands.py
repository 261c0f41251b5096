"""``view request|approve|refuse|revoke|list|grants|register|open|close|snapshot|classify`` and ``classify``
(Art. 18–20), all through the station client.

Footage leaves the station only as a stream: ``view open`` answers with a ``stream_url`` that serves the original
while the session's grant is live. Through a station service the command returns at once and the session stays
open at the service (until ``view close``, the grant ends or is revoked); on an embedded station the command
itself serves the stream until the grant ends or it is interrupted (Ctrl+C, SIGTERM), then closes the session.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from evidence_station.api.viewing import (
    RegisterEntry,
    SessionSummary,
    SnapshotView,
    ViewingRequestResult,
    ViewingSessionView,
)
from evidence_station.cli.arg_types import bounded_float, local_time, parse_local_time, record_id
from evidence_station.cli.commands import command_help
from evidence_station.cli.common import add_force_option, as_client, check_output_option, desk_protected_folders
from evidence_station.cli.output import Output
from evidence_station.client.documents import save_document
from evidence_station.client.station_client import StationClient
from evidence_station.domain.bookmarks import format_offset, parse_offset
from evidence_station.domain.clock import iso
from evidence_station.domain.errors import EvidenceStationError, InvalidInputError
from evidence_station.domain.messages import Msg
from evidence_station.domain.viewing import MAX_GRANT_HOURS, Classification, RequestKind, ViewingPurpose

_STATUSES = ["pending", "approved", "refused", "revoked", "live", "expired"]
_hours = bounded_float(0, MAX_GRANT_HOURS, Msg("the validity in hours"), low_inclusive=False)


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

    opn = actions.add_parser("open", help="open a recording under my grant and print the URL of its stream (an "
                             "embedded station serves it until the grant ends or Ctrl+C)")
    opn.add_argument("recording_id", type=record_id)
    opn.add_argument("--grant", type=record_id, metavar="REQUEST_ID",
                     help="the grant to open it under (default: my newest live grant covering the recording)")
    opn.set_defaults(handler=cmd_open)

    close = actions.add_parser("close", help="close a viewing session (its stream ends)")
    close.add_argument("session_id", type=record_id)
    close.set_defaults(handler=cmd_close)

    snap = actions.add_parser("snapshot", help="keep the picture at a moment of an open viewing session as derived "
                              "evidence (decoded by the station from the original)")
    snap.add_argument("session_id", type=record_id)
    snap.add_argument("--at", required=True, help="time into the recording: SECONDS, MM:SS or HH:MM:SS")
    snap.add_argument("--out", type=Path, metavar="FILE", help="also write the PNG here (a new file; never inside a "
                      "station home)")
    add_force_option(snap)
    snap.set_defaults(handler=cmd_snapshot)

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
    result = as_client(args, out, lambda client: client.request_viewing(
        recording_ids=args.recording_ids, reason=args.reason, purpose=args.purpose,
        on_behalf_of=args.on_behalf_of, on_site_only=args.on_site, kind=args.kind, activity_id=args.activity,
        recipient=args.recipient))
    return _print_request(out, result)


def cmd_approve(args: argparse.Namespace, out: Output) -> int:
    """``view approve REQUEST_ID [--hours N] [--on-site]``."""
    result = as_client(args, out, lambda client: client.approve_request(args.request_id, hours=args.hours,
                                                                        on_site_only=args.on_site or None))
    return _print_request(out, result)


def cmd_refuse(args: argparse.Namespace, out: Output) -> int:
    """``view refuse REQUEST_ID --reason TEXT``."""
    return _print_request(out, as_client(args, out, lambda client: client.refuse_request(args.request_id,
                                                                                         reason=args.reason)))


def cmd_revoke(args: argparse.Namespace, out: Output) -> int:
    """``view revoke REQUEST_ID --reason TEXT``."""
    return _print_request(out, as_client(args, out, lambda client: client.revoke_request(args.request_id,
                                                                                         reason=args.reason)))


def cmd_list(args: argparse.Namespace, out: Output) -> int:
    """``view list``."""
    results = as_client(args, out, lambda client: client.list_requests(
        status=args.status, mine=args.mine, pending_for_me=args.pending_for_me, kind=args.kind))
    out.result({"requests": [request_json(r) for r in results]},
               "\n".join(_request_line(r, out.zone_name) for r in results) or "No requests.")
    return 0


def cmd_grants(args: argparse.Namespace, out: Output) -> int:
    """``view grants``."""
    results = as_client(args, out, lambda client: client.my_grants())
    lines = [f"{_request_line(r, out.zone_name)} ({r.seconds_left / 60:.0f} min left)" for r in results]
    out.result({"grants": [request_json(r) for r in results]}, "\n".join(lines) or "No live approvals.")
    return 0


def cmd_register(args: argparse.Namespace, out: Output) -> int:
    """``view register [--since T] [--until T] [--viewer U] [--pdf FILE] [--csv FILE] [--force]``: the entries,
    and the signed PDF / the CSV the station makes, written here by the output rules."""
    check_output_option(args, args.pdf)
    check_output_option(args, args.csv)
    if args.pdf is not None and args.csv is not None and args.pdf.resolve() == args.csv.resolve():
        raise InvalidInputError(Msg("--pdf and --csv name the same file ({pdf}); give two names.", pdf=args.pdf))
    protect = desk_protected_folders(args)

    def work(client: StationClient) -> list[RegisterEntry]:
        zone = client.station.zone
        wanted = {"since": parse_local_time(args.since, zone), "until": parse_local_time(args.until, zone),
                  "viewer": args.viewer}
        entries = client.viewing_register(**wanted)
        if args.pdf:
            period = " 至 ".join(x for x in (args.since or "", args.until or "") if x)
            save_document(client.viewing_register_pdf(**wanted, period=period), args.pdf, force=args.force,
                          protect=protect)
        if args.csv:
            save_document(client.viewing_register_csv(**wanted), args.csv, force=args.force, protect=protect)
        return entries

    entries = as_client(args, out, work)
    lines = [f"session {e.session_id:<5} {iso(e.opened_at, out.zone_name)}  {e.viewer:<12} recording "
             f"{e.recording_id:<5} approved by {e.approver or '-':<12} {e.reason}" for e in entries]
    data: dict = {"entries": entries}
    if args.pdf:
        data["pdf"] = args.pdf
    if args.csv:
        data["csv"] = args.csv
    out.result(data, "\n".join(lines) or "No viewing sessions registered.")
    return 0


def open_json(view: ViewingSessionView) -> dict:
    """The JSON of ``view open``: ``session_id``, ``grant`` (the request id of the grant the session is under),
    ``stream_url`` and the rest — never a path."""
    return {
        "session_id": view.session_id, "grant": view.grant.request_id, "stream_url": view.stream_url,
        "recording_id": view.recording_id, "file_name": view.file_name, "sha256": view.sha256,
        "request_id": view.grant.request_id, "valid_until": view.grant.valid_until, "reason": view.grant.reason,
        "classification": view.classification, "banner": view.banner_text, "read_only": True,
    }


#: How often an embedded ``view open`` asks whether its grant still holds.
GRANT_POLL_S = 2.0


def cmd_open(args: argparse.Namespace, out: Output) -> int:
    """``view open RECORDING_ID [--grant REQUEST_ID]``: open a viewing session and print its stream URL."""
    from evidence_station.cli.connection import station_target

    embedded = station_target(args).url is None

    def work(client: StationClient) -> ViewingSessionView:
        view = client.open_viewing_session(args.recording_id, client="cli", request_id=args.grant)
        banner = f"{view.banner_text}\n" if view.banner_text else ""
        out.result(open_json(view), f"{banner}{view.stream_url}")
        if embedded:
            _serve_until_the_grant_ends(client, view, out)
        return view

    # Through a station service the session (and so the stream) stays open after the command; see connected().
    as_client(args, out, work, keep_session=True)
    return 0


def _serve_until_the_grant_ends(client: StationClient, view: ViewingSessionView, out: Output) -> None:
    """An embedded station serves the stream from this process: keep serving until the grant ends (expired,
    revoked, no longer covering the recording) or Ctrl+C / SIGTERM, then close the session."""
    import signal
    import threading

    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    out.info(f"Serving recording {view.recording_id} under grant {view.grant.request_id} until "
             f"{iso(view.grant.valid_until, out.zone_name)} at {view.stream_url} — Ctrl+C stops.")
    try:
        while not stop.is_set():
            left = (view.grant.valid_until - client.now()).total_seconds()
            if left <= 0 or stop.wait(min(GRANT_POLL_S, left)):
                break
            try:
                if client.get_request(view.grant.request_id).state != "live":
                    break
            except EvidenceStationError:  # the grant (or its recording) is no longer there for this user
                break
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        client.close_viewing_session(view.session_id)
        out.info(f"Viewing session {view.session_id} closed.")


def cmd_close(args: argparse.Namespace, out: Output) -> int:
    """``view close SESSION_ID``: close one of my viewing sessions; its stream answers 403 from now on."""
    summary: SessionSummary = as_client(args, out, lambda client: client.close_viewing_session(args.session_id))
    out.result({"session_id": summary.session_id, "recording_id": summary.recording_id,
                "opened_at": summary.opened_at, "closed_at": summary.closed_at, "ranges": summary.ranges,
                "snapshot_ids": summary.snapshot_ids},
               f"Viewing session {summary.session_id} (recording {summary.recording_id}) closed at "
               f"{iso(summary.closed_at, out.zone_name)}.")
    return 0


def cmd_snapshot(args: argparse.Namespace, out: Output) -> int:
    """``view snapshot SESSION_ID --at T [--out FILE [--force]]``: the station decodes the picture at T from the
    original, keeps it as derived evidence and (with ``--out``) hands its PNG to this desk."""
    offset = parse_offset(args.at)
    check_output_option(args, args.out)
    protect = desk_protected_folders(args)

    def work(client: StationClient) -> tuple[SnapshotView, Path | None]:
        snap = client.take_snapshot(args.session_id, offset)
        written = None
        if args.out is not None:
            written = save_document(client.snapshot_image(snap.snapshot_id), args.out, force=args.force,
                                    protect=protect)
        return snap, written

    snap, written = as_client(args, out, work)
    data: dict = {"snapshot_id": snap.snapshot_id, "session_id": snap.session_id, "recording_id": snap.recording_id,
                  "offset_ms": snap.offset_ms, "sha256": snap.sha256, "sm3": snap.sm3, "size": snap.size,
                  "width": snap.width, "height": snap.height, "classification": snap.classification,
                  "author": snap.author, "taken_at": snap.taken_at}
    if written is not None:
        data["image"] = written
    out.result(data, f"Snapshot {snap.snapshot_id} of recording {snap.recording_id} at {format_offset(snap.offset_ms)}"
                     f" ({snap.width}×{snap.height}, SHA-256 {snap.sha256})" + (f": {written}" if written else ""))
    return 0


def cmd_classify(args: argparse.Namespace, out: Output) -> int:
    """``classify RECORDING_ID CLASS --reason TEXT``."""
    result = as_client(args, out, lambda client: client.set_classification(args.recording_id, args.classification,
                                                                           reason=args.reason))
    out.result({"recording_id": result.recording_id, "old": result.old, "classification": result.new,
                "label": result.label_zh, "direction": result.direction, "changed_at": result.changed_at},
               f"Recording {result.recording_id}: {result.old} → {result.new} ({result.label_zh}).")
    return 0
