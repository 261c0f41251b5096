"""``device``, ``check``, ``activity``, ``finding``, ``non-recording``, ``dashboard`` and ``report monthly``."""

from __future__ import annotations

import argparse
import hashlib
from datetime import datetime, timedelta
from pathlib import Path

from evidence_station.api.activities import ActivityView
from evidence_station.api.compliance import ResolveResult
from evidence_station.api.devices import DeviceView
from evidence_station.cli.arg_types import (
    bounded_float,
    bounded_int,
    day,
    local_time,
    month,
    parse_local_time,
    read_day,
    read_month,
    record_id,
)
from evidence_station.cli.commands import command_help
from evidence_station.cli.common import add_force_option, as_client, check_output_option, desk_protected_folders
from evidence_station.cli.output import Output
from evidence_station.client.documents import require_suffix, save_document
from evidence_station.client.station_client import StationClient
from evidence_station.domain.bookmarks import BookmarkCategory
from evidence_station.domain.clock import iso, local_to_utc
from evidence_station.domain.compliance import (
    ActivityKind,
    DeviceLogKind,
    DeviceStatus,
    GapReason,
    LateImportReason,
    NonRecordingReason,
    next_month,
)
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg

MAX_WEEKS = 520
MAX_DAYS = 3650
MAX_OFFSET_S = 100 * 366 * 86400.0
"""A camera clock can be wrong by decades (reset to 1970), never by more than a century."""
MAX_RECORDING_S = 7 * 86400.0
"""No single recording lasts a week."""


def _values(enum: type) -> list[str]:
    return [m.value for m in enum]


def register(sub: argparse._SubParsersAction) -> None:
    """Add the commands to the parser."""
    _register_devices(sub)
    _register_activities(sub)
    _register_findings(sub)
    nonrec = sub.add_parser("non-recording", help=command_help("non-recording")) \
        .add_subparsers(dest="nonrec_command", metavar="ACTION")
    nonrec.required = True
    nadd = nonrec.add_parser("add", help="write a non-recording work record (reported to the head)")
    nadd.add_argument("--reason", required=True, choices=_values(NonRecordingReason))
    nadd.add_argument("--basis", required=True, help="the legal or factual basis for not recording")
    nadd.add_argument("--reporter", required=True, help="the officer who reports")
    nadd.add_argument("--head", required=True, help="the head of the enforcement body it was reported to")
    nadd.add_argument("--date", required=True, type=day, help="the day of the activity (YYYY-MM-DD)")
    nadd.add_argument("--activity", type=record_id, help="the activity it concerns")
    nadd.add_argument("--note", default="")
    nadd.set_defaults(handler=cmd_nonrec_add)
    nlist = nonrec.add_parser("list", help="list non-recording records")
    nlist.add_argument("--month", type=month, help="only this month (YYYY-MM)")
    nlist.set_defaults(handler=cmd_nonrec_list)
    nack = nonrec.add_parser("acknowledge", help="the head (director) confirms a record in the station (Art. 5)")
    nack.add_argument("record_id", type=record_id)
    nack.add_argument("--note", default="")
    nack.set_defaults(handler=cmd_nonrec_acknowledge)
    nform = nonrec.add_parser("form", help="a record's printable form (signed Chinese PDF)")
    nform.add_argument("record_id", type=record_id)
    nform.add_argument("--out", required=True, help="FILE.pdf (a new file; never inside a station home)")
    add_force_option(nform)
    nform.set_defaults(handler=cmd_nonrec_form)

    dash = sub.add_parser("dashboard", help=command_help("dashboard"))
    dash.add_argument("--day", type=day, help="day of the device timelines (YYYY-MM-DD, default today)")
    dash.add_argument("--weeks", type=bounded_int(1, MAX_WEEKS, Msg("the number of weeks")), default=8,
                      help=f"weeks of imports to show, 1 to {MAX_WEEKS} (default 8)")
    dash.add_argument("--undocked-days", type=bounded_int(1, MAX_DAYS, Msg("the number of days")), default=7,
                      help=f"flag devices not docked for this many days, 1 to {MAX_DAYS} (default 7)")
    dash.set_defaults(handler=cmd_dashboard)

    report = sub.add_parser("report", help=command_help("report")).add_subparsers(dest="report_command",
                                                                                metavar="ACTION")
    report.required = True
    monthly = report.add_parser("monthly", help="the signed monthly compliance report (Chinese PDF)")
    monthly.add_argument("--month", required=True, type=month, help="YYYY-MM")
    monthly.add_argument("--out", required=True, help="FILE.pdf (a new file; never inside a station home)")
    add_force_option(monthly)
    monthly.set_defaults(handler=cmd_report_monthly)


def _register_devices(sub: argparse._SubParsersAction) -> None:
    dev = sub.add_parser("device", help=command_help("device")).add_subparsers(
        dest="device_command", metavar="ACTION")
    dev.required = True
    add = dev.add_parser("add", help="register a device")
    add.add_argument("serial")
    _device_fields(add)
    add.set_defaults(handler=cmd_device_add)
    lst = dev.add_parser("list", help="list devices")
    lst.add_argument("--status", choices=_values(DeviceStatus))
    lst.add_argument("--incomplete", action="store_true", help="only devices whose registry data is incomplete")
    lst.set_defaults(handler=cmd_device_list)
    show = dev.add_parser("show", help="a device with its log, checks and clock-offset history")
    show.add_argument("serial")
    show.set_defaults(handler=cmd_device_show)
    upd = dev.add_parser("update", help="change a device's registry data or status")
    upd.add_argument("serial")
    _device_fields(upd)
    upd.add_argument("--note", default="", help="why the status changed")
    upd.set_defaults(handler=cmd_device_update)
    log = dev.add_parser("log", help="write a maintenance, damage or repair entry")
    log.add_argument("serial")
    log.add_argument("--kind", required=True, choices=[k for k in _values(DeviceLogKind) if k != "status"])
    log.add_argument("--text", required=True)
    log.add_argument("--at", type=local_time, help="when it happened (local time, default now)")
    log.add_argument("--status", choices=_values(DeviceStatus), help="the device's status from now on")
    log.set_defaults(handler=cmd_device_log)

    check = sub.add_parser("check", help=command_help("check")).add_subparsers(dest="check_command",
                                                                                  metavar="ACTION")
    check.required = True
    cadd = check.add_parser("add", help="record a pre-use check and the camera clock's offset")
    cadd.add_argument("serial")
    clock = cadd.add_mutually_exclusive_group()
    clock.add_argument("--device-time", type=local_time,
                       help="the time the camera showed (local, e.g. 2026-11-24T08:00:13)")
    clock.add_argument("--offset", type=bounded_float(-MAX_OFFSET_S, MAX_OFFSET_S,
                                                      Msg("the clock offset in seconds")),
                       help="camera clock minus true time, seconds")
    cadd.add_argument("--at", type=local_time, help="station time of the check (local, default now)")
    cadd.add_argument("--clock-set", action="store_true", help="the clock was set right after reading it")
    cadd.add_argument("--not-working", action="store_true")
    cadd.add_argument("--battery-low", action="store_true")
    cadd.add_argument("--storage-low", action="store_true")
    cadd.add_argument("--officer", default="")
    cadd.add_argument("--note", default="")
    cadd.set_defaults(handler=cmd_check_add)


def _device_fields(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model")
    parser.add_argument("--group")
    parser.add_argument("--responsible", help="first responsible person (default: the group's)")
    parser.add_argument("--issued-to", help="the officer the device is issued to")
    parser.add_argument("--status", choices=_values(DeviceStatus))


def _register_activities(sub: argparse._SubParsersAction) -> None:
    act = sub.add_parser("activity", help=command_help("activity")).add_subparsers(
        dest="activity_command", metavar="ACTION")
    act.required = True
    add = act.add_parser("add", help="register an enforcement activity")
    add.add_argument("--kind", required=True, choices=_values(ActivityKind))
    add.add_argument("--place", required=True)
    add.add_argument("--start", type=local_time, help="local time, e.g. 2026-11-24T08:30")
    add.add_argument("--end", type=local_time, help="local time")
    add.add_argument("--date", type=day, help="the whole local day (instead of --start/--end)")
    add.add_argument("--title", default="")
    add.add_argument("--officer", action="append", default=[], help="officer number (repeat)")
    add.add_argument("--device", action="append", default=[], help="device serial (repeat)")
    add.add_argument("--case", default="", help="case number")
    add.add_argument("--note", default="")
    add.set_defaults(handler=cmd_activity_add)
    lst = act.add_parser("list", help="list activities")
    lst.add_argument("--since", type=local_time)
    lst.add_argument("--until", type=local_time)
    lst.add_argument("--kind", choices=_values(ActivityKind))
    lst.add_argument("--missing", action="store_true", help="only mandatory activities lacking recordings")
    lst.set_defaults(handler=cmd_activity_list)
    show = act.add_parser("show", help="one activity with its Art. 10 checklist (Art. 8 notification included)")
    show.add_argument("activity_id", type=record_id)
    show.set_defaults(handler=cmd_activity_show)
    sug = act.add_parser("suggest", help="suggest activities for unassigned recordings")
    sug.add_argument("activity_id", type=record_id, nargs="?")
    sug.set_defaults(handler=cmd_activity_suggest)
    asg = act.add_parser("assign", help="confirm recordings as belonging to an activity")
    asg.add_argument("activity_id", type=record_id)
    asg.add_argument("recording_ids", type=record_id, nargs="*")
    asg.add_argument("--suggested", action="store_true", help="every current suggestion for this activity")
    asg.add_argument("--move", action="store_true", help="move recordings from another activity")
    asg.set_defaults(handler=cmd_activity_assign)
    rev = act.add_parser("review", help="raise findings for mandatory activities without recordings")
    rev.set_defaults(handler=cmd_activity_review)


def _register_findings(sub: argparse._SubParsersAction) -> None:
    finding = sub.add_parser("finding", help=command_help("finding")).add_subparsers(dest="finding_command",
                                                                                  metavar="ACTION")
    finding.required = True
    flist = finding.add_parser("list", help="list findings")
    flist.add_argument("--all", action="store_true", help="include resolved findings")
    flist.add_argument("--kind")
    flist.add_argument("--import-id", type=record_id)
    flist.set_defaults(handler=cmd_finding_list)
    res = finding.add_parser("resolve", help="close a finding with a note, or give a late import's reason")
    res.add_argument("finding_id", type=record_id)
    res.add_argument("--note", default="", help="what was done")
    res.add_argument("--reason", choices=_values(LateImportReason), help="late imports: why (Art. 15)")
    res.add_argument("--returned-at", type=local_time,
                     help="late imports: when the officer returned to the unit (local time)")
    res.set_defaults(handler=cmd_finding_resolve)
    gap = finding.add_parser("explain-gap", help="explain an interruption of recording (Art. 11)")
    gap.add_argument("finding_id", type=record_id)
    gap.add_argument("--reason", required=True, choices=_values(GapReason))
    gap.add_argument("--text", default="")
    gap.add_argument("--spoken", action="store_true", help="the officer explained it by voice when resuming")
    gap.add_argument("--spoken-recording", type=record_id, help="recording holding the spoken explanation")
    gap.add_argument("--spoken-at", type=bounded_float(0, MAX_RECORDING_S,
                                                       Msg("the time into the recording in seconds")),
                     help="seconds into that recording")
    gap.add_argument("--spoken-bookmark", type=record_id,
                     help="the interruption_explained bookmark at the restart holding the spoken explanation")
    gap.add_argument("--reported-to", default="", help="whom the interruption was reported to")
    gap.add_argument("--reported-at", type=local_time, help="when it was reported (local time; default now)")
    gap.add_argument("--statement", help="the officer's written statement (a file: scan, PDF, photo)")
    gap.set_defaults(handler=cmd_finding_explain_gap)
    stmt = finding.add_parser("statement", help="write a gap's stored written statement to a file (Art. 11)")
    stmt.add_argument("finding_id", type=record_id)
    stmt.add_argument("--out", required=True, help="FILE (a new file; never inside a station home)")
    add_force_option(stmt)
    stmt.set_defaults(handler=cmd_finding_statement)


# -- helpers ---------------------------------------------------------------------------------------------------
def _local(out: Output, when: datetime | None) -> str:
    return iso(when, out.zone_name) or "-"


# -- devices and checks ------------------------------------------------------------------------------------------
def _device_line(d: DeviceView) -> str:
    flag = "  [incomplete]" if d.needs_completion else ""
    offset = f"{d.current_offset_s:+.1f}s" if d.current_offset_s is not None else "-"
    return (f"{d.serial:<10} {d.status:<12} {d.model or '-':<10} {d.group or '-':<10} "
            f"{d.responsible_person or '-':<10} {d.issued_to or '-':<10} clock {offset}{flag}")


def cmd_device_add(args: argparse.Namespace, out: Output) -> int:
    """``device add SERIAL``."""
    view = as_client(args, out, lambda client: client.add_device(
        serial=args.serial, model=args.model or "", group=args.group or "",
        responsible_person=args.responsible or "", issued_to=args.issued_to or "",
        status=args.status or DeviceStatus.IN_SERVICE))
    out.result({"device": view}, f"Registered {_device_line(view)}")
    return 0


def cmd_device_list(args: argparse.Namespace, out: Output) -> int:
    """``device list``."""
    found = as_client(args, out, lambda client: client.list_devices(
        status=args.status, needs_completion=True if args.incomplete else None))
    out.result({"devices": found}, "\n".join(_device_line(d) for d in found) or "No devices.")
    return 0


def cmd_device_show(args: argparse.Namespace, out: Output) -> int:
    """``device show SERIAL``."""
    detail = as_client(args, out, lambda client: client.get_device(args.serial))
    lines = [_device_line(detail.device), f"  recordings: {detail.recordings}"]
    lines += [f"  log {_local(out, e.occurred_at)} {e.kind}: {e.text} {e.status_before}->{e.status_after}"
              for e in detail.log]
    lines += [f"  check #{c.id} {_local(out, c.checked_at)} {'ok' if c.passed else '; '.join(c.problems)}"
              f" clock {c.clock_offset_s if c.clock_offset_s is not None else '-'}" for c in detail.checks]
    if detail.drift_s_per_day is not None:
        lines.append(f"  clock drift: {detail.drift_s_per_day:+.2f} s/day")
    out.result({"device": detail.device, "log": detail.log, "checks": detail.checks,
                "offsets": [{"check_id": m.check_id, "at": m.measured_at, "offset_s": m.offset_s}
                            for m in detail.offsets],
                "drift_s_per_day": detail.drift_s_per_day, "recordings": detail.recordings}, "\n".join(lines))
    return 0


def cmd_device_update(args: argparse.Namespace, out: Output) -> int:
    """``device update SERIAL``."""
    view = as_client(args, out, lambda client: client.update_device(
        serial=args.serial, model=args.model, group=args.group, responsible_person=args.responsible,
        issued_to=args.issued_to, status=args.status, note=args.note))
    out.result({"device": view}, f"Updated {_device_line(view)}")
    return 0


def cmd_device_log(args: argparse.Namespace, out: Output) -> int:
    """``device log SERIAL --kind K --text T``."""
    def work(client: StationClient):
        return client.add_device_log(serial=args.serial, kind=args.kind, text=args.text,
                                     occurred_at=parse_local_time(args.at, client.station.zone), status=args.status)

    entry = as_client(args, out, work)
    out.result({"entry": entry}, f"Logged {entry.kind} for {args.serial}: {entry.text}")
    return 0


def cmd_check_add(args: argparse.Namespace, out: Output) -> int:
    """``check add SERIAL``."""
    def work(client: StationClient):
        zone = client.station.zone
        return client.add_pre_use_check(
            serial=args.serial, works=not args.not_working, battery_ok=not args.battery_low,
            storage_ok=not args.storage_low, device_time=parse_local_time(args.device_time, zone),
            offset_s=args.offset, checked_at=parse_local_time(args.at, zone), clock_set=args.clock_set,
            officer=args.officer, note=args.note)

    check = as_client(args, out, work)
    status = "passed" if check.passed else "FAILED: " + "; ".join(check.problems)
    clock = f"clock offset {check.clock_offset_s:+.1f} s" if check.clock_offset_s is not None else "clock not read"
    lines = [f"Check #{check.id} of {check.device}: {status}; {clock}."]
    if check.finding_id:
        lines.append(f"  finding #{check.finding_id} [clock_offset] raised")
    if check.failed_finding_id:
        lines.append(f"  finding #{check.failed_finding_id} [failed_check] raised")
    if check.recordings_corrected:
        lines.append(f"  corrected times applied to {check.recordings_corrected} recording(s)")
    out.result({"check": check}, "\n".join(lines))
    return 0


# -- activities --------------------------------------------------------------------------------------------------
def _activity_line(out: Output, a: ActivityView) -> str:
    missing = "  MISSING RECORDING" if a.missing_recording else ""
    return (f"#{a.id:<4} {a.kind:<19} {_local(out, a.start)} – {_local(out, a.end)} {a.place} "
            f"recordings {a.recordings}, Art.5 records {a.non_recording_records}{missing}")


def cmd_activity_add(args: argparse.Namespace, out: Output) -> int:
    """``activity add``."""
    def work(client: StationClient):
        zone = client.station.zone
        if args.date:
            if args.start or args.end:
                raise InvalidInputError(Msg("Give either --date or --start/--end."))
            whole_day = read_day(args.date)
            start = local_to_utc(datetime.combine(whole_day, datetime.min.time()), zone)
            end = start + timedelta(days=1)
        else:
            start, end = parse_local_time(args.start, zone), parse_local_time(args.end, zone)
            if start is None or end is None:
                raise InvalidInputError(Msg("Give the activity's --start and --end (or --date for a whole day)."))
        return client.add_activity(kind=args.kind, place=args.place, start=start, end=end, title=args.title,
                                   officers=args.officer, devices=args.device, case_number=args.case, note=args.note)

    view = as_client(args, out, work)
    out.result({"activity_id": view.id, "activity": view}, f"Activity {_activity_line(out, view)}")
    return 0


def cmd_activity_list(args: argparse.Namespace, out: Output) -> int:
    """``activity list``."""
    def work(client: StationClient):
        zone = client.station.zone
        return client.list_activities(since=parse_local_time(args.since, zone),
                                      until=parse_local_time(args.until, zone), kind=args.kind,
                                      missing_only=args.missing)

    found = as_client(args, out, work)
    out.result({"activities": found}, "\n".join(_activity_line(out, a) for a in found) or "No activities.")
    return 0


def cmd_activity_show(args: argparse.Namespace, out: Output) -> int:
    """``activity show ACTIVITY_ID``: the activity and its Art. 10 checklist (which items are marked)."""
    view = as_client(args, out, lambda client: client.get_activity(args.activity_id))
    lines = [f"Activity {_activity_line(out, view)}",
             f"Art. 8 notification marked: {'yes' if view.notification_given else 'NO'}", "Checklist (Art. 10):"]
    lines += [f"  [{'x' if marked else ' '}] {BookmarkCategory(category).label_en}"
              for category, marked in view.checklist.items()]
    out.result({"activity": view}, "\n".join(lines))
    return 0


def cmd_activity_suggest(args: argparse.Namespace, out: Output) -> int:
    """``activity suggest [ACTIVITY_ID]``."""
    found = as_client(args, out, lambda client: client.suggest_assignments(activity_id=args.activity_id))
    lines = [f"recording {s.recording_id:<5} -> activity {s.activity_id:<4} by {s.matched_by:<7} "
             f"{s.device or '-'} camera {_local(out, s.start)} corrected {_local(out, s.corrected_start)} "
             f"{s.file_name}" for s in found]
    out.result({"suggestions": found}, "\n".join(lines) or "No suggestions.")
    return 0


def cmd_activity_assign(args: argparse.Namespace, out: Output) -> int:
    """``activity assign ACTIVITY_ID [RECORDING_ID...]``."""
    result = as_client(args, out, lambda client: client.assign_recordings(
        activity_id=args.activity_id, recording_ids=args.recording_ids, suggested=args.suggested,
        move=args.move))
    text = (f"Assigned {len(result.assigned)} recording(s) to activity {result.activity_id}"
            f"{f', moved {len(result.moved)}' if result.moved else ''}; closed findings: "
            f"{', '.join(map(str, result.closed_findings)) or 'none'}.")
    text += "".join(f"\nfinding #{f.id} [{f.kind}] {f.message}" for f in result.findings)
    out.result({"activity_id": result.activity_id, "assigned": result.assigned, "moved": result.moved,
                "closed_findings": result.closed_findings, "findings": result.findings}, text)
    return 0


def cmd_activity_review(args: argparse.Namespace, out: Output) -> int:
    """``activity review``."""
    raised = as_client(args, out, lambda client: client.review_activities())
    lines = [f"finding #{f.id} [{f.kind}] {f.message}" for f in raised]
    out.result({"findings": raised}, "\n".join(lines) or "Every mandatory activity has its record.")
    return 0


# -- findings ------------------------------------------------------------------------------------------------------
def cmd_finding_list(args: argparse.Namespace, out: Output) -> int:
    """``finding list``."""
    found = as_client(args, out, lambda client: client.list_findings(status=None if args.all else "open",
                                                                     kind=args.kind, import_id=args.import_id))
    lines = [f"#{f.id:<5} {f.kind:<13} {f.status:<9} {f.message}" for f in found]
    out.result({"findings": found}, "\n".join(lines) or "No findings.")
    return 0


def _resolved(out: Output, result: ResolveResult) -> int:
    out.result({"finding": result.finding, "resolution": result.resolution, "resolved_at": result.resolved_at,
                "resolved_by": result.resolved_by, **result.details},
               f"Finding #{result.finding.id} resolved: {result.resolution}" if result.resolved_at is not None else
               f"Finding #{result.finding.id} stays open (Art. 11 breach: a director decides): {result.resolution}")
    return 0


def cmd_finding_resolve(args: argparse.Namespace, out: Output) -> int:
    """``finding resolve ID --note TEXT`` or ``--reason R [--returned-at T]`` for a late import."""
    if args.returned_at and not args.reason:
        raise InvalidInputError(Msg("--returned-at goes with --reason (a late import's exemption)."))

    def work(client: StationClient) -> ResolveResult:
        if args.reason:
            returned = parse_local_time(args.returned_at, client.station.zone)
            return client.record_late_import_reason(finding_id=args.finding_id, reason=args.reason,
                                                    returned_at=returned, note=args.note)
        return client.resolve_finding(finding_id=args.finding_id, resolution=args.note)

    return _resolved(out, as_client(args, out, work))


def cmd_finding_explain_gap(args: argparse.Namespace, out: Output) -> int:
    """``finding explain-gap ID --reason R``."""
    if (args.spoken_recording is not None or args.spoken_at is not None) and not args.spoken:
        raise InvalidInputError(Msg("--spoken-recording and --spoken-at need --spoken."))
    statement = _read_statement(args.statement) if args.statement else None

    def work(client: StationClient) -> ResolveResult:
        return client.explain_gap(
            finding_id=args.finding_id, reason=args.reason, text=args.text, spoken_explanation=args.spoken,
            spoken_recording_id=args.spoken_recording, spoken_offset_s=args.spoken_at,
            spoken_bookmark_id=args.spoken_bookmark, reported_to=args.reported_to,
            reported_at=parse_local_time(args.reported_at, client.station.zone),
            statement_name=Path(args.statement).name if args.statement else "", statement=statement)

    return _resolved(out, as_client(args, out, work))


def _read_statement(path: str) -> bytes:
    """The written statement's bytes (exit 2 when the file cannot be read)."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InvalidInputError(Msg(
            "Cannot read the written statement {path}: {reason}.",
            path=path,
            reason=exc.strerror or exc,
        )) from None


def cmd_finding_statement(args: argparse.Namespace, out: Output) -> int:
    """``finding statement ID --out FILE [--force]``: the gap's written statement as stored."""
    check_output_option(args, args.out)

    def work(client: StationClient):
        document = client.gap_statement(args.finding_id)
        return document, save_document(document, args.out, force=args.force, protect=desk_protected_folders(args),
                                       make_parents=False)

    document, written = as_client(args, out, work)
    out.result({"path": args.out, "finding_id": args.finding_id, "file_name": document.file_name,
                "sha256": hashlib.sha256(document.content).hexdigest(), "size": document.size},
               f"Wrote the written statement of finding #{args.finding_id} to {written}.")
    return 0


# -- non-recording records, dashboard, report ------------------------------------------------------------------
def cmd_nonrec_add(args: argparse.Namespace, out: Output) -> int:
    """``non-recording add``."""
    record = as_client(args, out, lambda client: client.add_non_recording_record(
        reason=args.reason, basis=args.basis, reporter=args.reporter, head_acknowledged=args.head,
        occurred_on=read_day(args.date), activity_id=args.activity, note=args.note))
    out.result({"record_id": record.id, "record": record},
               f"Non-recording record #{record.id}: {record.reason_label}; reported to {record.head_acknowledged}.")
    return 0


def cmd_nonrec_list(args: argparse.Namespace, out: Output) -> int:
    """``non-recording list [--month YYYY-MM]``."""
    since = until = None
    if args.month:
        since = read_month(args.month)
        until = next_month(since)
    found = as_client(args, out, lambda client: client.list_non_recording_records(since=since, until=until))
    lines = [f"#{r.id:<4} {r.occurred_on} activity {r.activity_id or '-'} {r.reason_label}; {r.basis} "
             f"({r.reporter} → {r.head_acknowledged}); "
             + (f"confirmed by {r.acknowledged_by}{' LATE' if r.acknowledgement_late else ''}" if r.acknowledged_by
                else f"not confirmed (due {r.acknowledgement_due})") for r in found]
    out.result({"records": found}, "\n".join(lines) or "No non-recording records.")
    return 0


def cmd_nonrec_acknowledge(args: argparse.Namespace, out: Output) -> int:
    """``non-recording acknowledge RECORD_ID``: the head confirms the record (late: a finding)."""
    record = as_client(args, out, lambda client: client.acknowledge_non_recording_record(
        record_id=args.record_id, note=args.note))
    late = " (LATE: after the deadline)" if record.acknowledgement_late else ""
    out.result({"record_id": record.id, "record": record, "findings": record.findings},
               f"Non-recording record #{record.id} confirmed by {record.acknowledged_by}{late}.")
    return 0


def cmd_nonrec_form(args: argparse.Namespace, out: Output) -> int:
    """``non-recording form RECORD_ID --out FILE.pdf [--force]``: the record's signed printable form."""
    require_suffix(args.out, ".pdf", Msg("form file"))
    check_output_option(args, args.out)

    def work(client: StationClient):
        document = client.non_recording_form(args.record_id)
        return document, save_document(document, args.out, force=args.force, protect=desk_protected_folders(args),
                                       make_parents=False)

    document, written = as_client(args, out, work)
    out.result({"path": args.out, "record_id": args.record_id,
                "sha256": hashlib.sha256(document.content).hexdigest()},
               f"Wrote the form of non-recording record #{args.record_id} to {written}.")
    return 0


def cmd_dashboard(args: argparse.Namespace, out: Output) -> int:
    """``dashboard``."""
    board = as_client(args, out, lambda client: client.build_dashboard(
        day=read_day(args.day) if args.day else None, weeks=args.weeks, undocked_days=args.undocked_days))
    lines = ["Open findings: " + (", ".join(f"{k} {v}" for k, v in sorted(board.open_findings.items())) or "none")]
    lines += [f"Week of {w.week_start}: {w.recordings} imported, {w.on_time} within 24 h, {w.exempt} exempt, "
              f"{w.late} late" for w in board.weekly_imports if w.recordings]
    lines += [f"Not docked: {d.device} (last {_local(out, d.last_import_at)})" for d in board.undocked_devices]
    lines += [f"Missing recording: {_activity_line(out, a)}" for a in board.activities_missing_recordings]
    lines += [f"No pre-use check: {u.device} on {u.day} ({u.recordings} recordings)" for u in board.unchecked_days]
    weeks = [{"week_start": w.week_start.isoformat(), "recordings": w.recordings, "on_time": w.on_time,
              "exempt": w.exempt, "late": w.late, "on_time_share": w.on_time_share} for w in board.weekly_imports]
    data = {"generated_at": board.generated_at, "open_findings": board.open_findings,
            "unexplained_gaps": board.unexplained_gaps, "weekly_imports": weeks, "timelines": board.timelines,
            "undocked_devices": board.undocked_devices,
            "activities_missing_recordings": board.activities_missing_recordings,
            "unchecked_days": board.unchecked_days, "devices_needing_completion": board.devices_needing_completion}
    out.result(data, "\n".join(lines))
    return 0


def cmd_report_monthly(args: argparse.Namespace, out: Output) -> int:
    """``report monthly --month YYYY-MM --out FILE.pdf [--force]``: the station makes and signs the report, the desk
    writes it (the path is checked first, so a refused path costs no work)."""
    require_suffix(args.out, ".pdf", Msg("report file"))
    check_output_option(args, args.out)

    def work(client: StationClient):
        result = client.monthly_report(month=args.month)
        return result, save_document(result.document, args.out, force=args.force,
                                     protect=desk_protected_folders(args), make_parents=False)

    result, written = as_client(args, out, work)
    f = result.figures
    out.result({"path": args.out, "sha256": result.sha256, "month": f.month,
                "recordings_imported": f.recordings_imported, "imported_late": f.imported_late,
                "gaps": f.gaps, "gaps_explained": f.gaps_explained,
                "activities_missing": [a.id for a in f.activities_missing],
                "open_findings": len(f.open_findings)},
               f"Wrote the signed compliance report for {f.month} to {written} "
               f"({len(f.open_findings)} open finding(s)).")
    return 0
