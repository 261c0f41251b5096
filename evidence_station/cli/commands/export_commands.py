"""``export`` (build, burn and verify evidence discs), ``exports`` (list them) and ``verify-disc``.

``export`` goes through the station (``client/disc_export.py``): the station builds and verifies the discs, this
desk writes the images where ``--out`` says and burns them. ``verify-disc`` needs no station (``disc/`` only);
with ``--against-station`` it asks the station to check the disc's audit checkpoint. The disc tools (pyHanko,
pycdlib) are imported inside the handlers, so every other command starts as fast as before.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from evidence_station.cli.arg_types import record_id
from evidence_station.cli.commands import command_help
from evidence_station.cli.common import (
    add_force_option,
    as_client,
    check_output_option,
    desk_protected_folders,
    verify_as_owner_or_client,
)
from evidence_station.cli.output import Output, ProgressPrinter
from evidence_station.domain.cases import DEFAULT_PURPOSE, ExportPurpose, export_purpose
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg
from evidence_station.domain.progress import CancelToken

if TYPE_CHECKING:
    from evidence_station.api.exports import DiscImageResult, ExportResult
    from evidence_station.client.station_client import StationClient

MEDIA = "cd 700 MB, dvd 4.7 GB, dvd-dl 8.5 GB, bd 25 GB"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the commands to the parser."""
    exp = sub.add_parser("export", help=command_help("export"))
    exp.add_argument("case_id", type=record_id)
    exp.add_argument("--producer", required=True, help="制作人: a station user name, or a name with ID number")
    exp.add_argument("--extractor", required=True, help="提取人: a station user name, or a name with ID number")
    exp.add_argument("--out", required=True, help="where this desk writes the disc image the station built, e.g. "
                     "case.iso (several discs: case-1of3.iso …); a new file, never inside a station home")
    exp.add_argument("--burn", metavar="DRIVE", help="burn the image at this desk to DRIVE (/dev/sr0, or stdio:FILE "
                     "— a new file, like --out) and verify the medium")
    exp.add_argument("--media", default="dvd", help=f"disc size: {MEDIA} (default dvd); a selection that does "
                     "not fit is split into several self-contained discs")
    exp.add_argument("--recordings", type=record_id, nargs="+", metavar="ID", help="only these recordings of the case")
    exp.add_argument("--purpose", metavar="{evidence,external_provision}",
                     help=f"why the copy is made — a choice that decides (Art. 19): evidence for this case, or an "
                     f"external provision that needs the director's approval (default: {DEFAULT_PURPOSE})")
    exp.add_argument("--secrecy-period", default="", metavar="TEXT",
                     help="保密期限 of the discs holding a classified recording (e.g. 10年, 至2036-12-31), entered "
                     "in the disc register with them")
    exp.add_argument("--external-provision", action="store_true",
                     help="the copy leaves the station for a purpose other than evidence (needs approval); the same as "
                     "--purpose external_provision")
    add_force_option(exp)
    exp.set_defaults(handler=cmd_export)

    lst = sub.add_parser("exports", help=command_help("exports"))
    lst.add_argument("--case", type=record_id, dest="case_id")
    lst.set_defaults(handler=cmd_exports)

    ver = sub.add_parser("verify-disc", help=command_help("verify-disc"))
    ver.add_argument("path", help="an ISO image, a mounted disc, a copied folder or a drive")
    ver.add_argument("--against-station", action="store_true",
                     help="also check the disc's audit checkpoint against this station's audit log")
    ver.set_defaults(handler=cmd_verify_disc)


def _problems(problems) -> list[dict]:
    """JSON form of disc problems; ``message_zh`` is the Chinese sentence (the English one when there is none)."""
    return [{"path": p.path, "kind": p.kind, "message": p.message, "message_zh": p.text_zh} for p in problems]


def _image_json(disc: DiscImageResult) -> dict:
    return {
        "disc": disc.index, "count": disc.count, "image": disc.image or None, "image_sha256": disc.image_sha256,
        "image_size": disc.image_size, "volume_id": disc.volume_id, "manifest_sha256": disc.manifest_sha256,
        "burned": disc.burned, "drive": disc.drive, "medium_volume_id": disc.medium_volume_id,
        "verified": disc.verified, "problems": _problems(disc.problems),
        "files": [f.path for f in disc.files],
    }


def export_json(result: ExportResult) -> dict:
    """The contract's ``export`` JSON (plus ``images[]`` for every disc)."""
    return {
        "export_id": result.export_id, "case_id": result.case_id, "case_number": result.case_number,
        "status": result.status, "image": result.image or None, "image_sha256": result.image_sha256,
        "verified": result.verified, "producer": result.producer, "extractor": result.extractor,
        "extraction_time": result.extraction_time, "purpose": result.purpose, "media": result.media,
        "for_evidence": result.purpose != ExportPurpose.EXTERNAL_PROVISION.value,
        "discs": len(result.images),
        "checkpoint": _checkpoint_json(result.checkpoint),
        "files": [{"recording_id": f.recording_id, "disc": f.disc, "path": f.path, "size": f.size,
                   "sha256": f.sha256, "sm3": f.sm3} for f in result.files],
        "images": [_image_json(d) for d in result.images],
        "problems": _problems(result.problems),
    }


def _checkpoint_json(checkpoint: dict | None) -> dict:
    """The disc's audit checkpoint as the contract shows it (its signing time back to a time, not the wire's text)."""
    shown = {k: (checkpoint or {}).get(k) for k in ("checkpoint_id", "event_count", "head_hash", "signed_at")}
    if isinstance(shown["signed_at"], str):
        shown["signed_at"] = datetime.fromisoformat(shown["signed_at"])
    return shown


@contextmanager
def _cancelled_by_sigterm(cancel: CancelToken) -> Iterator[None]:
    """While the export runs, SIGTERM cancels it at its next safe point: the station stops the job and removes
    what it made, this desk removes every file it wrote (its temporary names included), and the command exits 1."""
    try:
        previous = signal.signal(signal.SIGTERM, lambda _signum, _frame: cancel.cancel())
    except ValueError:  # not the main thread: nothing to install
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _ask_for_medium(index: int, count: int) -> None:
    sys.stderr.write(f"Insert a blank disc for disc {index} of {count} and press Enter… ")
    sys.stderr.flush()
    sys.stdin.readline()


def _chosen_purpose(args: argparse.Namespace) -> str:
    """The export purpose the options choose (Art. 19); ``--purpose evidence`` with ``--external-provision`` is a
    contradiction (exit 2), any other text names no choice (exit 2)."""
    if args.purpose is None:
        return (ExportPurpose.EXTERNAL_PROVISION if args.external_provision else ExportPurpose.EVIDENCE).value
    chosen = export_purpose(args.purpose)
    if args.external_provision and chosen is ExportPurpose.EVIDENCE:
        raise InvalidInputError(Msg("--purpose evidence contradicts --external-provision; choose one."))
    return chosen.value


def cmd_export(args: argparse.Namespace, out: Output) -> int:
    """``export CASE_ID --producer NAME --extractor NAME --out FILE.iso [--burn DRIVE]``: exit 1 if unverified."""
    from evidence_station.client.disc_export import export_to_desk

    purpose = _chosen_purpose(args)
    check_output_option(args, args.out)  # (the numbered names of several discs are checked once their count is known)
    if args.burn and args.burn.startswith("stdio:"):
        check_output_option(args, args.burn[len("stdio:"):])
    printer = ProgressPrinter("Exporting")
    cancel = CancelToken()

    def work(client: StationClient) -> ExportResult:
        try:
            return export_to_desk(
                client, args.case_id, producer=args.producer, extractor=args.extractor, out=Path(args.out),
                recording_ids=args.recordings, purpose=purpose, for_evidence=not args.external_provision,
                media=args.media, burn_drive=args.burn, force=args.force, protect=desk_protected_folders(args),
                secrecy_period=args.secrecy_period,
                insert_medium=_ask_for_medium if sys.stdin.isatty() else None, progress=printer, cancel=cancel,
            )
        finally:
            printer.finish()

    with _cancelled_by_sigterm(cancel):
        result = as_client(args, out, work)
    lines = [f"Export #{result.export_id} of case {result.case_number}: {len(result.images)} disc(s), "
             f"{len(result.files)} original(s)."]
    for disc in result.images:
        where = f", burned to {disc.drive} (volume {disc.medium_volume_id})" if disc.burned else ""
        image = disc.image or "kept at the station (not handed out)"
        lines.append(f"  disc {disc.index}/{disc.count}: {image}  SHA-256 {disc.image_sha256}{where}  "
                     f"{'verified' if disc.verified else 'NOT VERIFIED'}")
    if result.verified:
        lines.append(f"Discs entered in the disc register: evidence-station disc list --export {result.export_id}; "
                     f"confirm the copies burned with: evidence-station disc register {result.export_id} --copies N")
    if not result.verified:
        for problem in result.problems:
            out.info(f"PROBLEM: {problem.message}")
        out.info("EXPORT FAILED: the disc did not verify. Do not hand it over; the failure is in the audit log.")
    out.result(export_json(result), "\n".join(lines))
    return 0 if result.verified else 1


def cmd_exports(args: argparse.Namespace, out: Output) -> int:
    """``exports [--case ID]``."""
    views = as_client(args, out, lambda client: client.list_exports(case_id=args.case_id))
    lines = [f"#{v.export_id:<5} {v.case_number:<24} {v.status:<9} {v.disc_count} disc(s)  {v.producer} / "
             f"{v.extractor}" for v in views]
    out.result({"exports": views}, "\n".join(lines) or "No exports.")
    return 0


def _problem_text(problem) -> str:
    """The problem's message, led by its path unless the message already names it."""
    return problem.message if problem.path in problem.message else f"{problem.path}: {problem.message}"


def _verify_disc_header(path: Path, result) -> list[str]:
    """What the disc says it is (from its manifest): trustworthy only if the disc verifies."""
    disc = f"disc {result.disc_index} of {result.disc_count}, " if result.disc_index else ""
    lines = [f"{path}: {disc}{result.files} original(s) listed in the manifest, case "
             f"{result.case_number or '—'}, extracted {result.extraction_time or '—'}."]
    carrier = result.classified_carrier
    if carrier:
        lines.append(f"CLASSIFIED CARRIER (涉密载体): classification {carrier['classification']} "
                     f"(密级 {carrier['classification_zh'] or '—'}), secrecy period (保密期限) "
                     f"{carrier['secrecy_period'] or '—'}. Keep and hand it over as a classified carrier "
                     "(按涉密载体管理).")
    if result.station_cert_sha256:
        lines.append(f"Station certificate SHA-256 {result.station_cert_sha256}: compare it with the fingerprint "
                     "in README.txt and with the one the station publishes.")
    return lines


def cmd_verify_disc(args: argparse.Namespace, out: Output) -> int:
    """``verify-disc PATH``: needs no home, user or catalogue (unless ``--against-station``); exit 1 on a problem."""
    from evidence_station.disc.verify_disc import verify_disc

    path = Path(args.path)
    printer = ProgressPrinter("Verifying disc")
    try:
        result = verify_disc(path, progress=printer)
    finally:
        printer.finish()
    data: dict = {"ok": result.ok, "files": result.files, "problems": _problems(result.problems),
                  "volume_id": result.volume_id, "manifest_sha256": result.manifest_sha256,
                  "station_certificate_sha256": result.station_cert_sha256, "case_number": result.case_number,
                  "disc_index": result.disc_index or None, "disc_count": result.disc_count or None,
                  "extraction_time": result.extraction_time, "export_id": result.export_id,
                  "digests": list(result.digests), "warnings": _problems(result.warnings),
                  "classified_carrier": result.classified_carrier}
    lines = _verify_disc_header(path, result) + [f"PROBLEM: {_problem_text(p)}" for p in result.problems]
    lines += [f"WARNING: {_problem_text(w)}" for w in result.warnings]
    ok = result.ok
    if args.against_station:
        from evidence_station.disc.checkpoint import read_disc_checkpoint
        from evidence_station.server.embedded import check_disc_at_home  # the owner of an embedded home, no log-in

        evidence = read_disc_checkpoint(path)
        check = verify_as_owner_or_client(
            args, out, owner=lambda home: check_disc_at_home(home, evidence, catalogue_url=args.db_url),
            client=lambda client: client.check_disc_checkpoint(evidence),
        )
        data["station_check"] = {"ok": check.ok, "checkpoint_id": check.checkpoint_id,
                                 "event_count": check.event_count, "signed_at": check.signed_at,
                                 "problems": [p.to_dict() for p in check.problems]}
        lines += [f"STATION CHECK: {p.message}" for p in check.problems]
        if check.ok:
            lines.append(f"The station's audit log still holds, unchanged, the {check.event_count} events this "
                         f"disc's checkpoint #{check.checkpoint_id} vouches for.")
        ok = ok and check.ok
    data["ok"] = ok
    lines.append("OK: the disc verifies." if ok else "FAILED: the disc does not verify; do not rely on it.")
    out.result(data, "\n".join(lines))
    return 0 if ok else 1
