"""``import``, ``recordings`` and ``verify`` (``finding …`` lives in compliance_commands)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from evidence_station.api.imports import ImportResult
from evidence_station.api.recordings import RecordingCursor, RecordingView
from evidence_station.cli.arg_types import local_time, parse_local_time, record_id
from evidence_station.cli.commands import command_help
from evidence_station.cli.common import (
    add_force_option,
    as_client,
    check_output_option,
    desk_protected_folders,
    verify_as_owner_or_client,
)
from evidence_station.cli.handover_options import (
    add_handover_options,
    handover_json,
    handover_line,
    handover_request,
)
from evidence_station.cli.output import Output, ProgressPrinter
from evidence_station.client.card_import import import_card
from evidence_station.client.documents import save_document
from evidence_station.client.station_client import StationClient
from evidence_station.domain.clock import iso
from evidence_station.domain.compliance import corrected_time
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg


def register(sub: argparse._SubParsersAction) -> None:
    """Add the commands to the parser."""
    imp = sub.add_parser("import", help=command_help("import"),
                         description="import CARD: import every file on the card (mounted at this desk); "
                         "import receipt IMPORT_ID --out FILE: write the signed receipt of an earlier import")
    imp.add_argument("card", help="the card's mount point or a dump folder (a folder named 'receipt': ./receipt)")
    imp.add_argument("import_id", nargs="?", type=record_id, help="with 'receipt': the import whose receipt to write")
    imp.add_argument("--activity", type=record_id, help="enforcement activity the recordings belong to")
    imp.add_argument("--no-thumbnails", action="store_true", help="do not make thumbnail strips afterwards")
    imp.add_argument("--receipt", help="also write the signed PDF import receipt here, a new file never inside a "
                     "station home (the station keeps it; fetch it later with: import receipt IMPORT_ID --out FILE)")
    imp.add_argument("--out", help="with 'receipt': where to write the receipt")
    add_force_option(imp)
    add_handover_options(imp)
    imp.set_defaults(handler=cmd_import)

    rec = sub.add_parser("recordings", help=command_help("recordings"))
    rec.add_argument("--since", type=local_time, help="camera start at or after (local time, e.g. 2026-11-24)")
    rec.add_argument("--until", type=local_time, help="camera start before (local time)")
    rec.add_argument("--device")
    rec.add_argument("--officer")
    rec.add_argument("--kind", choices=["video", "audio", "photo", "other"])
    rec.add_argument("--finding", help="only recordings with an open finding of this kind")
    rec.set_defaults(handler=cmd_recordings)

    ver = sub.add_parser("verify", help=command_help("verify"))
    ver.add_argument("--quick", action="store_true", help="check sizes and the audit chain only")
    ver.set_defaults(handler=cmd_verify)


def import_json(result: ImportResult) -> dict:
    """The contract's ``import`` JSON."""
    files = []
    for f in result.files:
        item: dict = {"card_path": f.card_path, "status": f.status}
        if f.reason:
            item["reason"] = f.reason
        if f.reason_zh:
            item["reason_zh"] = f.reason_zh
        if f.error:
            item["error"] = True
        if f.recording_id is not None:
            item.update(recording_id=f.recording_id, kind=f.kind, size=f.size, sha256=f.sha256, sm3=f.sm3,
                        device=f.device, officer=f.officer, start=f.start, end=f.end, playable=f.playable,
                        time_source=f.time_source)
        elif f.size is not None:
            item["size"] = f.size
        files.append(item)
    findings = [{"id": x.id, "kind": x.kind, "recording_ids": x.recording_ids, "seconds": x.seconds,
                 "message": x.message, "message_zh": x.message_zh} for x in result.findings]
    return {"import_id": result.import_id, "status": result.status, "message": result.message,
            "message_zh": result.message_zh,
            "counts": result.counts, "bytes_stored": result.bytes_stored, "files": files, "findings": findings}


def cmd_import(args: argparse.Namespace, out: Output) -> int:
    """``import CARD [--receipt FILE [--force]]`` and ``import receipt IMPORT_ID --out FILE``."""
    if args.card == "receipt" and args.import_id is not None:
        return cmd_import_receipt(args, out)
    if args.import_id is not None or args.out is not None:
        raise InvalidInputError(
            Msg("import takes one card folder; to write a receipt: import receipt IMPORT_ID --out FILE."),
        )
    check_output_option(args, args.receipt, make_parents=True)  # before the card is read: a refused receipt
    printer = ProgressPrinter("Importing")

    def work(client: StationClient) -> tuple[ImportResult, Path | None]:
        try:
            result = import_card(client, Path(args.card), activity_id=args.activity, progress=printer,
                                 handover=handover_request(args, client.station.zone))
        finally:
            printer.finish()
        written = None
        if args.receipt is not None:
            written = save_document(client.import_receipt(result.import_id), args.receipt, force=args.force,
                                    protect=desk_protected_folders(args))
        if not args.no_thumbnails:
            client.make_thumbnails([f.recording_id for f in result.files if f.recording_id and f.kind == "video"])
        return result, written

    result, written = as_client(args, out, work)
    c = result.counts
    lines = [f"Import #{result.import_id}: {result.message}",
             f"  stored {c['stored']}, already stored {c['already_stored']}, skipped {c['skipped']}, "
             f"failed {c['failed']}; {result.bytes_stored / 1e6:.1f} MB stored"]
    lines += [f"  FAILED  {f.card_path}: {f.reason}" for f in result.files if f.error]
    lines += [f"  finding [{x.kind}] {x.message}" for x in result.findings]
    if result.handover is not None:
        lines.append(f"  {handover_line(result.handover)}")
    lines.append(f"Receipt: {written}" if written is not None else
                 f"Receipt: kept at the station (evidence-station import receipt {result.import_id} --out FILE)")
    data = {**import_json(result), "receipt_id": result.import_id}
    if result.handover is not None:
        data["handover"] = handover_json(result.handover)
    if written is not None:
        data["receipt"] = written
    out.result(data, "\n".join(lines))
    return 0 if result.status == "completed" and not c["failed"] else 1


def cmd_import_receipt(args: argparse.Namespace, out: Output) -> int:
    """``import receipt IMPORT_ID --out FILE [--force]``: write the signed receipt the station keeps."""
    if not args.out:
        raise InvalidInputError(Msg("Say where to write the receipt: import receipt IMPORT_ID --out FILE."))
    check_output_option(args, args.out, make_parents=True)
    written = as_client(args, out, lambda client: save_document(client.import_receipt(args.import_id), args.out,
                                                                force=args.force, protect=desk_protected_folders(args)))
    out.result({"receipt_id": args.import_id, "path": written}, f"Receipt of import {args.import_id}: {written}")
    return 0


#: Recordings fetched per page by ``recordings`` (keyset paging: the listing streams at constant memory).
RECORDINGS_PAGE = 2000
_RECORDING_KEYS = ("id", "sha256", "sm3", "size", "kind", "device", "officer", "start", "end", "card_path", "playable",
                   "classification", "time_source", "import_id", "duplicate_of")


def recording_json(r: RecordingView) -> dict[str, Any]:
    """The contract's ``recordings[]`` item."""
    return {**{k: getattr(r, k) for k in _RECORDING_KEYS}, "clock_offset_s": r.clock_offset_s,
            "corrected_start": corrected_time(r.start, r.clock_offset_s),
            "corrected_end": corrected_time(r.end, r.clock_offset_s)}


def cmd_recordings(args: argparse.Namespace, out: Output) -> int:
    """``recordings``: every matching recording, fetched page by page (keyset) and printed as it comes."""
    def pages(client: StationClient) -> Iterator[RecordingView]:
        zone = client.station.zone
        filters: dict[str, Any] = {
            "since": parse_local_time(args.since, zone), "until": parse_local_time(args.until, zone),
            "device": args.device, "officer": args.officer, "kind": args.kind, "finding_kind": args.finding}
        after: RecordingCursor | None = None
        while True:
            page = client.list_recordings(**filters, limit=RECORDINGS_PAGE, after=after)
            yield from page
            if len(page) < RECORDINGS_PAGE:
                return
            after = RecordingCursor.of(page[-1])

    def line(r: RecordingView) -> str:
        return (f"{r.id:>6} {r.kind:<6} {r.device or '-':<10} {r.officer or '-':<8} "
                f"{iso(r.start, out.zone_name) or '-':<26} {r.size:>12} {r.sha256[:16]}… {r.card_path}")

    as_client(args, out, lambda client: out.result_list("recordings", pages(client), recording_json, line,
                                                        "No recordings."))
    return 0


def cmd_verify(args: argparse.Namespace, out: Output) -> int:
    """``verify [--quick]``: exit 1 naming each problem."""
    from evidence_station.server.embedded import verify_home  # the owner of an embedded home, no log-in

    printer = ProgressPrinter("Verifying")
    try:
        result = verify_as_owner_or_client(
            args, out,
            owner=lambda home: verify_home(home, quick=args.quick, progress=printer, catalogue_url=args.db_url),
            client=lambda client: client.verify_originals(quick=args.quick, progress=printer),
        )
    finally:
        printer.finish()
    lines = [f"Checked {result.checked} originals ({'sizes only' if result.quick else 'SHA-256 and SM3'})."]
    lines += [f"PROBLEM: {p.message}" for p in result.problems]
    lines += [f"NOTE: {n.message}" for n in result.notes]
    lines.append("OK: every original and the audit log verify." if result.ok
                 else f"FAILED: {len(result.problems)} problem(s).")
    out.result({"ok": result.ok, "checked": result.checked, "quick": result.quick,
                "problems": [p.to_dict() for p in result.problems],
                "notes": [n.to_dict() for n in result.notes]}, "\n".join(lines))
    return 0 if result.ok else 1
