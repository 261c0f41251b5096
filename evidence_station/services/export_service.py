"""Use case: export a case's recordings as evidence discs (Art. 17), made and verified at the station.

What a clerk does: pick the case (and optionally some of its recordings), name the producer (制作人) and
extractor (提取人) — station users or typed names with ID numbers — and the purpose, choose the medium.
The station then, per disc ("disc k of n" when the selection needs several):

1. copies every original byte-identically from the vault into a staging folder, checking size, SHA-256
   and SM3 against the catalogue while copying (never re-encoded);
2. writes the signed manifest, sums files, README, the signed PROVENANCE.pdf and the latest signed audit
   checkpoint (taken right after the export's own start event, so every disc carries proof of the
   station's history up to this export);
3. builds the ISO image in its own home (``exports/export-<id>-disc-<k>.iso``, mode 0600) and verifies it by
   reading every file back out of it (signatures, sums files, every file's size and SHA-256; the originals'
   SM3 were checked while copying them out of the vault, and equal SHA-256 means equal bytes).

The images stay at the station; the desk downloads them, writes them where the clerk asked, checks their
SHA-256, and burns them at the desk (``services/export_discs.py``, ``client/disc_export.py``).

Every attempt is on record: the export row and an ``export.start`` event are written before any work,
and ``export.create`` (image and file hashes, producer, extractor, verification result) or
``export.failed``/``export.cancelled`` when it ends. Staging folders are always removed; a cancelled or
failed export leaves no images behind.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from evidence_station.api.exports import (
    DiscImageResult,
    DiscPerson,
    DiscProblem,
    ExportedFile,
    ExportResult,
    ExportView,
)
from evidence_station.audit.checkpoints import SignedCheckpoint
from evidence_station.catalogue.cases import Case, CaseRecording, Export, ExportDisc, ExportFile
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.people import User
from evidence_station.catalogue.recordings import Recording
from evidence_station.catalogue.viewing import ViewingRequest, ViewingRequestRecording
from evidence_station.domain.cases import (
    DEFAULT_PURPOSE,
    EXPORT_PURPOSE_LABELS,
    TEXT_NAMES,
    ExportPurpose,
    clean_text,
    export_purpose,
    person_label,
)
from evidence_station.domain.clock import iso
from evidence_station.domain.errors import (
    EvidenceStationError,
    InvalidInputError,
    NotFoundError,
    OperationCancelledError,
)
from evidence_station.domain.messages import Items, Msg
from evidence_station.domain.progress import CancelToken, Progress, ProgressCallback, check_cancel
from evidence_station.domain.roles import Operation
from evidence_station.export.disc_image import build_verified_disc_image
from evidence_station.export.plan import CarrierSecrecy, DiscBookmark, DiscFile, DiscPlan, DiscProvenance
from evidence_station.export.staging import MEDIA_SIZES, split_into_discs, stage_disc
from evidence_station.services.bookmark_service import bookmarks_for_export
from evidence_station.services.case_service import load_case
from evidence_station.services.chain_head import current_chain_head
from evidence_station.services.classification_service import (
    classification_of,
    refuse_hidden,
    visible_export_filter,
    visible_recording_filter,
)
from evidence_station.services.context import ServiceContext
from evidence_station.services.deciding_rows import require_true_originals
from evidence_station.services.disc_register import enter_export_discs
from evidence_station.services.export_recovery import (
    claim_marker,
    export_temp_tag,
    pending_marker,
    release_marker,
)
from evidence_station.services.keep_until_store import restamp_export
from evidence_station.services.viewing_service import find_provision_approval, mark_provision_used

SOURCE_STORAGE = "证据工作站只写一次存储库（按 SHA-256 寻址）"
#: The longest 保密期限 text (e.g. "10年", "至2036-12-31", "长期").
SECRECY_PERIOD_CHARS = 100


def image_name(export_id: int, index: int) -> str:
    """The name the station keeps disc ``index`` of export ``export_id`` under (in its ``exports/`` folder)."""
    return f"export-{export_id}-disc-{index}.iso"


def image_file(exports_dir: Path, export_id: int, index: int) -> Path:
    """Where the station keeps disc ``index`` of export ``export_id`` in its ``exports_dir`` (inside its home:
    never shown to anyone)."""
    return exports_dir / image_name(export_id, index)


@dataclass(frozen=True)
class PersonRef:
    """A producer or extractor as printed on the disc, and the station user it is (if one)."""

    text: str
    user_id: int | None


def bookmarks_for(recording_id: int) -> list[DiscBookmark]:
    """The Art. 10 bookmarks of a recording (active ones, with author and camera time) for its manifest
    entry and the provenance sheet: the single place bookmarks enter an export."""
    return bookmarks_for_export(recording_id)


def resolve_person(text: str, what: str) -> PersonRef:
    """A station user (by login name: display name + badge) or a typed name that carries an ID number."""
    cleaned = clean_text(text, what)
    user = User.get_or_none(User.name == cleaned)
    if user is not None and user.active:
        return PersonRef(person_label(user.display_name, user.name, user.badge_number), user.id)
    if not any(ch.isdigit() for ch in cleaned):
        raise InvalidInputError(Msg(
            "{name!r} is not a station user; give the {what} as a user name, or as a name with an ID number, e.g. "
            "李四 (执法证 33010001).", name=cleaned, what=TEXT_NAMES.get(what, what)))
    return PersonRef(cleaned, None)


def person_on_disc(ctx: ServiceContext, text: str, what: str) -> str:
    """How ``text`` — a station user's login name, or a person's name with an ID number — is printed on an export's
    disc as its ``what`` (``producer`` or ``extractor``): what the export wizard shows before the export starts.
    :class:`InvalidInputError` when :func:`export_evidence` would refuse it."""
    ctx.require(Operation.EXPORT_EVIDENCE)
    return resolve_person(text, what).text


def people_for_disc(ctx: ServiceContext, *, case_id: int | None = None) -> list[DiscPerson]:
    """The active users an export may name as producer or extractor, with how the disc prints them (what the
    export wizard offers; someone who may export may name any of them). With ``case_id``, the users approved to
    view the case's recordings come first; then the rest, by login name."""
    ctx.require(Operation.EXPORT_EVIDENCE)
    viewers: set[int] = set()
    if case_id is not None:
        case = load_case(case_id)
        in_case = CaseRecording.select(CaseRecording.recording).where(CaseRecording.case == case.id)
        viewers = {row.viewer_id for row in ViewingRequest.select(ViewingRequest.viewer).join(
            ViewingRequestRecording).where(
            (ViewingRequest.kind == "viewing") & (ViewingRequest.status.in_(("approved", "revoked")))
            & ViewingRequestRecording.recording.in_(in_case))}
    users = sorted(User.select().where(User.active == True), key=lambda u: (u.id not in viewers, u.name))  # noqa: E712
    return [DiscPerson(user=u.name, display_name=u.display_name, badge_number=u.badge_number,
                       printed=person_label(u.display_name, u.name, u.badge_number), viewed_case=u.id in viewers)
            for u in users]


def _label(rec: Recording) -> str:
    cls = classification_of(rec)
    return f"{cls.label_zh} {cls.value}"


def _carrier_secrecy(files: Sequence[DiscFile], secrecy_period: str) -> CarrierSecrecy | None:
    """密级 (the highest class of the recordings on one disc) and the export's 保密期限 when the disc holds a classified
    recording — it is then a classified carrier — else None."""
    ids = [int(item.metadata["recording_id"]) for item in files]
    rows = Recording.select(Recording.classification).where(Recording.id.in_(ids))
    level = max((classification_of(r) for r in rows), key=lambda c: c.level, default=None)
    if level is None or not level.is_secret:
        return None
    return CarrierSecrecy(level.value, level.label_zh, secrecy_period)


def _approvals(ctx: ServiceContext, case: Case, recordings: Sequence[Recording], for_evidence: bool) -> list[int]:
    """The director's approvals the export needs (Art. 19, 20) and will consume; refusals are audited."""
    request_ids: list[int] = []
    action = f"refused.{Operation.EXPORT_EVIDENCE.value}"
    secret = [r for r in recordings if classification_of(r).is_secret]
    if secret:
        ids = [r.id for r in secret]
        found = find_provision_approval(ctx, ids, "secret_export")
        if found is None:
            named = Items(Msg("{id} ({file}, {classification})", id=r.id, file=r.file_name,
                              classification=classification_of(r).label) for r in secret)
            raise ctx.refuse(
                Msg("Recording {named} is classified (Art. 20); exporting it needs the director's approval for a "
                    "secret export, and none is on record for you. Ask for it (evidence-station view request "
                    "{ids} --kind secret_export --reason TEXT) or leave the recording out.",
                    named=named, ids=" ".join(map(str, ids))),
                action, "case", case.id, recordings=ids, needs="secret_export",
            )
        request_ids += found.request_ids
    if not for_evidence:
        ids = [r.id for r in recordings]
        found = find_provision_approval(ctx, ids, "external_provision")
        if found is None:
            raise ctx.refuse(
                Msg(
                    "Providing recordings outside the station for a purpose other than evidence needs the "
                    "approval of the director in charge (Art. 19), and none is on record for you for these "
                    "recordings. Ask for it (evidence-station view request {ids} --kind "
                    "external_provision --recipient WHO --reason TEXT).",
                    ids=' '.join(map(str, ids)),
                ),
                action, "case", case.id, recordings=ids, needs="external_provision",
            )
        request_ids += found.request_ids
    return sorted(set(request_ids))


def _check_secrecy_period(secrecy_period: str, recordings: Sequence[Recording]) -> None:
    """A secrecy period belongs to a classified carrier: refuse one for an export holding no classified recording."""
    if secrecy_period and not any(classification_of(r).is_secret for r in recordings):
        raise InvalidInputError(
            Msg(
                "The export holds no classified recording, so its discs are not classified carriers: leave "
                "out the secrecy period ({secrecy_period}).",
                secrecy_period=secrecy_period,
            ))


def _select_recordings(ctx: ServiceContext, case: Case, recording_ids: Sequence[int] | None) -> list[Recording]:
    """The case's recordings to export: all those the acting user may know of, or ``recording_ids`` (Art. 20: a
    recording above the user's clearance is not in the case as they see it; naming it answers as not found)."""
    attached = {
        link.recording_id: link.recording
        for link in CaseRecording.select(CaseRecording, Recording).join(Recording)
        .where((CaseRecording.case == case) & visible_recording_filter(ctx)).order_by(Recording.start_at, Recording.id)
    }
    if recording_ids is None:
        chosen = list(attached.values())
    else:
        wanted = list(dict.fromkeys(int(r) for r in recording_ids))
        refuse_hidden(ctx, wanted, "export_evidence")
        outside = [str(r) for r in wanted if r not in attached]
        if outside:
            if Recording.select().where(Recording.id.in_([int(r) for r in outside])).count() < len(outside):
                raise NotFoundError(Msg("Recording {ids} does not exist (or not all of them do).",
                                        ids=Items(outside)))
            raise InvalidInputError(Msg(
                "Recording {ids} is not attached to case {number}; attach it first "
                "(evidence-station case attach {case_id} …).",
                ids=Items(outside), number=case.number, case_id=case.id,
            ))
        chosen = [attached[r] for r in wanted]
    if not chosen:
        raise InvalidInputError(Msg(
            "Case {number} has no recordings to export; attach recordings first.",
            number=case.number,
        ))
    gone = [r for r in chosen if r.disposed_at is not None]
    if gone:
        disposed = Items(Msg("{id} ({file_name})", id=r.id, file_name=r.file_name) for r in gone)
        raise InvalidInputError(Msg(
            "Recording {recordings} was disposed of; its original is no longer kept and cannot be exported. "
            "Leave it out with --recordings.",
            recordings=disposed,
        ))
    return chosen


def _disc_file(ctx: ServiceContext, rec: Recording) -> DiscFile:
    return DiscFile(
        source=ctx.station.vault.blob_path(rec.sha256),
        disc_name=rec.file_name,
        size=rec.size,
        sha256=rec.sha256,
        sm3=rec.sm3,
        device=rec.device.serial if rec.device is not None else "",
        officer=rec.officer,
        start=rec.start_at,
        end=rec.end_at,
        classification=_label(rec),
        classification_zh=classification_of(rec).label_zh,  # what the Chinese provenance sheet prints
        metadata={
            "recording_id": rec.id,
            "card_path": rec.card_path,
            "kind": rec.kind,
            "import_id": rec.import_session_id,
            "imported_at": rec.imported_at,
            "time_source": rec.time_source,
            "clock_offset_seconds": rec.clock_offset_s,
            "duplicate_of": rec.duplicate_of_id,
            "media": rec.media or {},
        },
        bookmarks=tuple(bookmarks_for(rec.id)),
    )


def _plan(
    ctx: ServiceContext, case_id: int, recording_ids: Sequence[int] | None, media: str, media_bytes: int | None
) -> tuple[Case, list[Recording], int, list[list[DiscFile]]]:
    """The case, the recordings to export, the medium's capacity and the discs they go on."""
    if media not in MEDIA_SIZES and media_bytes is None:
        raise InvalidInputError(Msg("Unknown medium {media!r}; choose one of {choices}.",
                                    media=media, choices=Items(MEDIA_SIZES)))
    capacity = media_bytes if media_bytes is not None else MEDIA_SIZES[media]
    case = load_case(case_id)
    recordings = _select_recordings(ctx, case, recording_ids)
    return case, recordings, capacity, split_into_discs([_disc_file(ctx, r) for r in recordings], capacity)


def count_export_discs(
    ctx: ServiceContext,
    case_id: int,
    *,
    recording_ids: Sequence[int] | None = None,
    media: str = "dvd",
    media_bytes: int | None = None,
) -> int:
    """How many discs of ``media`` an export of ``case_id``'s recordings (all, or ``recording_ids``) needs.

    Nothing is made or recorded: a desk asks before an export, to check every file it will write.
    """
    ctx.require(Operation.EXPORT_EVIDENCE, "case", case_id)
    return len(_plan(ctx, case_id, recording_ids, media, media_bytes)[3])


def _checkpoint_for_disc(signed: SignedCheckpoint | None) -> dict[str, Any] | None:
    """The checkpoint as it travels: its fields for the sheet plus the signed text (see ``SignedCheckpoint``)."""
    if signed is None:
        return None
    portable = {k: v for k, v in signed.to_dict().items() if k != "payload"}
    fields = dict(signed.payload)
    # A datetime is shown in the station's zone on the sheet and written with its offset; the signed
    # original stays untouched in ``payload_text``.
    fields["signed_at"] = datetime.fromisoformat(str(fields["signed_at"]))
    return {**fields, **portable}


def _relay(progress: ProgressCallback | None, index: int, count: int) -> ProgressCallback | None:
    if progress is None or count == 1:
        return progress

    def relay(p: Progress) -> None:
        progress(Progress(p.done, p.total, p.unit, p.item, f"光盘 {index}/{count} disc · {p.message}", p.stage))

    return relay


@dataclass
class _Job:
    """One export in progress (internal)."""

    ctx: ServiceContext
    export: Export
    case: Case
    provenance: DiscProvenance
    checkpoint: dict[str, Any] | None
    capacity: int
    progress: ProgressCallback | None
    cancel: CancelToken | None
    approvals: list[int] = field(default_factory=list)
    secrecy_period: str = ""  # 保密期限 of the export's classified discs, entered in the disc register
    created: list[Path] = field(default_factory=list)

    @property
    def temp_tag(self) -> str:
        """In the temporary names of this export's images (removed after a crash)."""
        return export_temp_tag(self.export.id)

    def make_disc(self, index: int, count: int, files: list[DiscFile]) -> DiscImageResult:
        ctx = self.ctx
        progress = _relay(self.progress, index, count)
        plan = DiscPlan(
            provenance=self.provenance,
            files=tuple(files),
            disc_index=index,
            disc_count=count,
            audit_checkpoint=self.checkpoint,
            secrecy=_carrier_secrecy(files, self.secrecy_period),
        )
        image = image_file(ctx.station.home.exports_dir, self.export.id, index)
        # The pid lets a restarted station remove what a killed export left (Station.open).
        staging = ctx.station.home.exports_dir / f".staging-export{self.export.id}-disc{index}-pid{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        try:
            staged = stage_disc(plan, staging, ctx.station.signer, progress, self.cancel)
            built = build_verified_disc_image(staged, image, progress, self.cancel, temp_tag=self.temp_tag,
                                              station_file=True)
            self.created.append(image)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        check_cancel(self.cancel)
        exported = tuple(
            ExportedFile(int(item.metadata["recording_id"]), index, f.disc_path, f.size, f.sha256, f.sm3)
            for item, f in zip(files, staged.files, strict=True)
        )
        image_sha256, size, check = built.sha256, built.size, built.verification
        name = Msg("Disc {index} of {count}", index=index, count=count) if count > 1 else Msg("The disc image")
        problems = list(check.problems)
        if check.manifest_sha256 != staged.manifest_sha256:
            problems.append(DiscProblem.of("MANIFEST.json", "wrong_disc", Msg(
                "{disc} does not hold this disc's manifest.", disc=name)))
        if size > self.capacity:
            problems.append(DiscProblem.of(image_name(self.export.id, index), "too_large", Msg(
                "{disc} is {size:,} bytes, more than the medium holds ({capacity:,} bytes).", disc=name, size=size,
                capacity=self.capacity)))
        return DiscImageResult(
            index=index, count=count, image_sha256=image_sha256, image_size=size, volume_id=check.volume_id,
            manifest_sha256=staged.manifest_sha256, files=exported, verified=not problems, problems=tuple(problems),
            verified_digests=check.digests,
        )

    def remove_created(self) -> None:
        for path in self.created:
            path.unlink(missing_ok=True)


def problem_dicts(problems: Sequence[DiscProblem]) -> list[dict[str, str]]:
    """Disc problems as the catalogue and the audit keep them."""
    return [{"path": p.path, "kind": p.kind, "message": p.message} for p in problems]


def _disc_details(export_id: int, disc: DiscImageResult) -> dict[str, Any]:
    return {
        "index": disc.index, "image": image_name(export_id, disc.index), "image_sha256": disc.image_sha256,
        "image_size": disc.image_size, "volume_id": disc.volume_id, "manifest_sha256": disc.manifest_sha256,
        "burned": disc.burned, "drive": disc.drive, "medium_volume_id": disc.medium_volume_id,
        "verified": disc.verified, "verified_digests": list(disc.verified_digests),
        "problems": problem_dicts(disc.problems),
        "files": [{"recording_id": f.recording_id, "path": f.path, "size": f.size, "sha256": f.sha256,
                   "sm3": f.sm3} for f in disc.files],
    }


def _finish(job: _Job, discs: list[DiscImageResult]) -> ExportResult:
    ctx, export = job.ctx, job.export
    verified = all(d.verified for d in discs)
    with write_transaction():
        rows = []
        for disc in discs:
            row = ExportDisc.create(
                export=export, index=disc.index, image_path=image_name(export.id, disc.index),
                image_sha256=disc.image_sha256, image_size=disc.image_size, volume_id=disc.volume_id,
                manifest_sha256=disc.manifest_sha256, burned=False, medium_volume_id="", verified=disc.verified,
                problems=problem_dicts(disc.problems),
            )
            rows.append(row)
            for f in disc.files:
                ExportFile.create(disc=row, recording=f.recording_id, disc_path=f.path, size=f.size,
                                  sha256=f.sha256, sm3=f.sm3)
        export.status = "completed" if verified else "failed"
        export.verified = verified
        export.finished_at = ctx.now()
        export.message = "" if verified else "verification failed: " + "; ".join(
            p.message for d in discs for p in d.problems)[:2000]
        export.save()
        restamp_export(export.id)
        details = {
            "case_id": job.case.id, "case_number": job.case.number, "producer": export.producer,
            "extractor": export.extractor, "extraction_time": iso(export.extraction_time),
            "purpose": export.purpose, "media": export.media,
            "checkpoint_id": (job.checkpoint or {}).get("checkpoint_id"), "verified": verified,
            "approvals": job.approvals,
            "discs": [_disc_details(export.id, d) for d in discs],
        }
        ctx.audit("export.create", "export", export.id, details, outcome="ok" if verified else "failed")
        if verified:  # every disc of a completed export is in the disc register (a clerk confirms the copies)
            enter_export_discs(ctx, export, rows, secrecy_period=job.secrecy_period)
        if job.approvals:  # the copies exist now: the approvals are spent, whatever the verification said
            mark_provision_used(ctx, job.approvals, reference=f"export {export.id}")
        if not verified:
            ctx.audit("export.verification_failed", "export", export.id, {
                "case_number": job.case.number,
                "problems": [p | {"disc": d.index} for d in discs for p in problem_dicts(d.problems)],
            }, outcome="failed")
    problems = tuple(p for d in discs for p in d.problems)
    return ExportResult(
        export_id=export.id, case_id=job.case.id, case_number=job.case.number,
        status=export.status, producer=export.producer, extractor=export.extractor,
        extraction_time=export.extraction_time, purpose=export.purpose, media=export.media,
        images=tuple(discs), checkpoint=job.checkpoint, problems=problems,
    )


def _abandon(job: _Job, status: str, error: BaseException) -> None:
    """Remove the export's images and record it as cancelled or failed; never hides ``error``."""
    message = error.message if isinstance(error, EvidenceStationError) else f"{type(error).__name__}: {error}"
    try:
        job.remove_created()
        with write_transaction():
            Export.update(status=status, finished_at=job.ctx.now(), message=message[:2000]).where(
                Export.id == job.export.id).execute()
            job.ctx.audit(f"export.{status}", "export", job.export.id,
                          {"case_number": job.case.number, "message": message}, outcome=status)
    except Exception as secondary:  # the original error matters more; say what else went wrong
        error.add_note(f"Recording the {status} export #{job.export.id} failed too: {secondary}")


def export_evidence(
    ctx: ServiceContext,
    case_id: int,
    *,
    producer: str,
    extractor: str,
    recording_ids: Sequence[int] | None = None,
    purpose: str = DEFAULT_PURPOSE,
    for_evidence: bool = True,
    media: str = "dvd",
    media_bytes: int | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    secrecy_period: str = "",
) -> ExportResult:
    """Export ``case_id``'s recordings (all, or ``recording_ids``) as one or more evidence discs, made and verified
    at the station.

    ``media`` is ``cd``, ``dvd``, ``dvd-dl`` or ``bd``; ``media_bytes`` overrides its capacity. Each disc's image
    is kept in the station's ``exports/`` folder (0600, named by export id and disc number); the result gives
    each image's SHA-256 and size, never where it is. Returns the result with ``verified`` False (export marked
    failed, audited) when any check failed; raises when the export could not be made (vault corruption:
    :class:`~evidence_station.export.errors.VaultCopyMismatchError`; cancellation:
    :class:`OperationCancelledError`) — then no image is left behind. A completed export enters each of its discs in
    the disc register (:func:`~evidence_station.services.disc_register.enter_export_discs`); ``secrecy_period``
    (保密期限) goes with a disc holding a classified recording.
    """
    ctx.require(Operation.EXPORT_EVIDENCE, "case", case_id)
    secrecy_period = clean_text(secrecy_period, "secrecy period", required=False, limit=SECRECY_PERIOD_CHARS)
    chosen = export_purpose(purpose)  # Art. 19: a choice that decides, never free text
    if chosen is ExportPurpose.EXTERNAL_PROVISION or not for_evidence:
        chosen, for_evidence = ExportPurpose.EXTERNAL_PROVISION, False
    purpose = chosen.value
    case, recordings, capacity, groups = _plan(ctx, case_id, recording_ids, media, media_bytes)
    _check_secrecy_period(secrecy_period, recordings)
    require_true_originals(ctx, recordings)  # each original's hashes are those of its import record in the log
    approvals = _approvals(ctx, case, recordings, for_evidence)
    producer_ref = resolve_person(producer, "producer")
    extractor_ref = resolve_person(extractor, "extractor")
    _ = ctx.station.signer  # fails early (and plainly) where the station cannot sign (key not migrated)
    count = len(groups)
    now = ctx.now()
    exports_dir = ctx.station.home.exports_dir
    with pending_marker(exports_dir) as pending:
        with write_transaction():
            export = Export.create(
                case=case, station_uid=ctx.station.station_uid, created_by=ctx.actor.user_id, started_at=now,
                producer=producer_ref.text, producer_user=producer_ref.user_id, extractor=extractor_ref.text,
                extractor_user=extractor_ref.user_id, extraction_time=now, purpose=purpose, for_evidence=for_evidence,
                media=media, media_bytes=capacity, burn_drive="", disc_count=count,
            )
            ctx.audit("export.start", "export", export.id, {
                "case_id": case.id, "case_number": case.number, "producer": producer_ref.text,
                "extractor": extractor_ref.text, "purpose": purpose, "for_evidence": for_evidence, "media": media,
                "discs": count, "approvals": approvals,
                "recordings": [{"id": r.id, "sha256": r.sha256, "classification": r.classification}
                               for r in recordings],
                **({"secrecy_period": secrecy_period} if secrecy_period else {}),
            })
        marker = claim_marker(pending, export.id, [image_file(exports_dir, export.id, k) for k in range(1, count + 1)])
    try:
        checkpoint = _checkpoint_for_disc(current_chain_head(ctx, "export").checkpoint)  # the disc's chain head
        with write_transaction():
            stored = {**checkpoint, "signed_at": iso(checkpoint["signed_at"])} if checkpoint else None
            Export.update(checkpoint=stored).where(Export.id == export.id).execute()
        settings = ctx.station.settings
        job = _Job(
            ctx=ctx, export=export, case=case, checkpoint=checkpoint, capacity=capacity, progress=progress,
            cancel=cancel, approvals=approvals, secrecy_period=secrecy_period,
            provenance=DiscProvenance(
                case_number=case.number, case_title=case.title, producer=producer_ref.text,
                extractor=extractor_ref.text, extraction_time=now, station_name=settings.station_name,
                station_id=settings.station_uid, source_storage=SOURCE_STORAGE,
                purpose=EXPORT_PURPOSE_LABELS[chosen].render("zh_CN"),
                zone_name=settings.zone, export_id=str(export.id),
            ),
        )
        try:
            discs = [job.make_disc(k, count, group) for k, group in enumerate(groups, 1)]
        except OperationCancelledError as exc:
            _abandon(job, "cancelled", exc)
            raise
        except BaseException as exc:
            _abandon(job, "failed", exc)
            raise
        return _finish(job, discs)
    finally:
        release_marker(marker)  # the export ended one way or another: not interrupted


def _image_entry(disc: ExportDisc) -> dict[str, Any]:
    """One disc of the export history. ``image`` is where a desk wrote it for exports made before the station kept
    the images (written at the desk then); None for the images the station keeps — never a path in its home."""
    kept = not Path(disc.image_path).is_absolute()
    return {"index": disc.index, "image": None if kept else disc.image_path, "image_sha256": disc.image_sha256,
            "image_size": disc.image_size, "volume_id": disc.volume_id, "burned": disc.burned,
            "medium_volume_id": disc.medium_volume_id, "verified": disc.verified, "problems": disc.problems}


def _kind_of(export: Export) -> ExportPurpose:
    """An export's purpose as the choice: its recorded decision (``for_evidence``), also for exports made while the
    purpose was free text."""
    return ExportPurpose.EVIDENCE if export.for_evidence else ExportPurpose.EXTERNAL_PROVISION


def list_exports(ctx: ServiceContext, *, case_id: int | None = None) -> list[ExportView]:
    """Exports, newest first (optionally of one case); an export holding a recording the acting user may not know
    of is left out (Art. 20)."""
    ctx.require(Operation.LIST_RECORDINGS)
    query = Export.select().where(visible_export_filter(ctx)).order_by(Export.id.desc())
    if case_id is not None:
        query = query.where(Export.case == case_id)
    return [
        ExportView(
            export_id=e.id, case_id=e.case_id, case_number=e.case.number, status=e.status, producer=e.producer,
            extractor=e.extractor, extraction_time=e.extraction_time, purpose=e.purpose, media=e.media,
            disc_count=e.disc_count, verified=e.verified, created_by=e.created_by.name, message=e.message,
            images=tuple(_image_entry(d) for d in e.discs.order_by(ExportDisc.index)),
            for_evidence=e.for_evidence, purpose_zh=EXPORT_PURPOSE_LABELS[_kind_of(e)].render("zh_CN"),
        )
        for e in query
    ]
