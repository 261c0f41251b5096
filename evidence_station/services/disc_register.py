"""Use cases: the disc register (Art. 17 附卷) and classified carriers (Art. 20 涉密载体).

A clerk registers every disc of a completed export once: its number within the export (第 N 张，共 M 张), volume id,
image SHA-256 and the number of copies burned. A disc holding a commercial or state secret is a classified
carrier: it carries its 密级 (the highest class on it) and 保密期限, and each numbered copy is registered to a person
with the clearance for it. Each move of a copy — into the case file, to a court, to another agency — is recorded
with who received it and when (append-only; the last one says where the copy is). The label of each copy, for the
disc face, is text (and a printable PDF).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from evidence_station.api.discs import (
    DESTINATION_KINDS,
    DESTINATION_LABELS,
    DiscCopyView,
    DiscLabel,
    DiscRecordView,
    DiscTransferView,
)
from evidence_station.api.documents import Document
from evidence_station.catalogue.cases import Export, ExportDisc, ExportFile
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.discs import DiscCopy, DiscRecord, DiscTransfer
from evidence_station.catalogue.people import User
from evidence_station.catalogue.recordings import Recording
from evidence_station.domain.clock import ensure_utc, iso, to_local
from evidence_station.domain.errors import InvalidInputError, NotFoundError
from evidence_station.domain.messages import Items, Msg, value_and_label
from evidence_station.domain.roles import Operation
from evidence_station.domain.viewing import Classification, may_know_of
from evidence_station.export.pdf_styles import build_chinese_pdf, chinese_styles
from evidence_station.services.classification_service import classification_of
from evidence_station.services.context import ServiceContext

#: How much of the image SHA-256 the label prints.
LABEL_DIGEST_CHARS = 16
_CLOCK_SLACK = timedelta(minutes=5)


# -- use cases ---------------------------------------------------------------------------------------------------
def register_discs(ctx: ServiceContext, export_id: int, *, copies: int = 1, holders: list[str] | None = None,
                   secrecy_period: str = "") -> list[DiscRecordView]:
    """Register every disc of completed export ``export_id`` with ``copies`` copies each, or confirm the entries
    the export made when it completed (:func:`enter_export_discs`). A classified disc needs a ``secrecy_period``
    (保密期限; default: the one the export gave) and ``holders``: one person per numbered copy (copy k of every
    disc of the export goes to ``holders[k-1]``), each an active user whose clearance covers the disc."""
    ctx.require(Operation.EXPORT_EVIDENCE, "export", export_id)
    export = Export.get_or_none(Export.id == export_id)
    if export is None:
        raise NotFoundError(Msg(
            "No export with id {export_id}; list them with `evidence-station exports`.",
            export_id=export_id,
        ))
    if export.status != "completed":
        raise InvalidInputError(Msg(
            "Export {export_id} ended {status}: only the discs of a completed, verified export are registered.",
            export_id=export_id,
            status=export.status,
        ))
    if not 1 <= copies <= 50:
        raise InvalidInputError(Msg("A disc has 1 to 50 copies."))
    discs = list(ExportDisc.select().where(ExportDisc.export == export).order_by(ExportDisc.index))
    with write_transaction():
        entered = {r.export_disc_id: r for r in
                   DiscRecord.select().where(DiscRecord.export_disc.in_([d.id for d in discs]))}
        if any(r.confirmed_by_id is not None for r in entered.values()):
            raise InvalidInputError(Msg(
                "The discs of export {export_id} are registered already (disc list --export {export_id}).",
                export_id=export_id,
            ))
        classes = {disc.id: _entry_classification(disc, entered.get(disc.id)) for disc in discs}
        highest = max(classes.values(), key=lambda c: c.level, default=Classification.ORDINARY)
        people = _holders(holders or [], copies, highest)
        period = secrecy_period.strip() or next((r.secrecy_period for r in entered.values() if r.secrecy_period), "")
        if highest.is_secret and not period:
            raise InvalidInputError(Msg(
                "Export {export_id} holds {label_zh} footage: its discs are classified carriers; give their "
                "secrecy period (保密期限, e.g. 10年 or 至2036-12-31).",
                export_id=export_id,
                label_zh=highest.label,
            ))
        now = ctx.now()
        for disc in discs:
            level = classes[disc.id]
            record = entered.get(disc.id)
            fields = {"copies": copies, "classification": level.value,
                      "secrecy_period": period if level.is_secret else "", "confirmed_by": ctx.actor.user_id,
                      "confirmed_at": now}
            if record is None:
                record = DiscRecord.create(export_disc=disc, registered_by=ctx.actor.user_id, registered_at=now,
                                           **fields)
            else:  # the export entered it with copy 1 (which may have moved already): its row stays
                DiscRecord.update(**fields).where(DiscRecord.id == record.id).execute()
            for number in range(1, copies + 1):
                holder = people[number - 1].id if people else None
                if DiscCopy.update(holder=holder).where((DiscCopy.disc == record.id)
                                                        & (DiscCopy.number == number)).execute() == 0:
                    DiscCopy.create(disc=record.id, number=number, holder=holder)
            ctx.audit("disc.register", "disc", record.id, {
                "export_id": export.id, "disc": f"{disc.index}/{export.disc_count}", "volume_id": disc.volume_id,
                "image_sha256": disc.image_sha256, "copies": copies, "classification": level.value,
                "secrecy_period": period if level.is_secret else "", "holders": [p.name for p in people],
                **({"confirms_export_entry": True} if disc.id in entered else {}),
            })
    return [disc_view(DiscRecord.get(DiscRecord.export_disc == disc)) for disc in discs]


def enter_export_discs(ctx: ServiceContext, export: Export, discs: list[ExportDisc], *,
                       secrecy_period: str = "") -> None:
    """Enter every disc of ``export``, which has just completed, in the register (export id, disc number, volume
    id and image SHA-256 come with the disc): one copy, nobody holding it, its 密级 (the highest class on it) and —
    a classified carrier — the export's ``secrecy_period``. A clerk confirms the entries with ``disc register``.
    Runs inside the caller's write transaction (the export's own)."""
    now = ctx.now()
    period = secrecy_period.strip()
    for disc in discs:
        level = _disc_classification(disc)
        record = DiscRecord.create(export_disc=disc, copies=1, classification=level.value,
                                   secrecy_period=period if level.is_secret else "", registered_by=ctx.actor.user_id,
                                   registered_at=now, entered_by_export=True)
        DiscCopy.create(disc=record, number=1)
        ctx.audit("disc.register", "disc", record.id, {
            "export_id": export.id, "disc": f"{disc.index}/{export.disc_count}", "volume_id": disc.volume_id,
            "image_sha256": disc.image_sha256, "copies": 1, "classification": level.value,
            "secrecy_period": record.secrecy_period, "holders": [], "entered_by_export": True,
        })


def record_disc_transfer(ctx: ServiceContext, disc_id: int, copy_number: int, *, destination_kind: str,
                         destination: str, received_by: str, received_at: datetime | None = None,
                         note: str = "") -> DiscCopyView:
    """Record where copy ``copy_number`` of disc ``disc_id`` went and who received it when: ``case_file`` (附卷;
    ``destination`` the case file's number), ``court``, ``agency`` or ``other``."""
    ctx.require(Operation.EXPORT_EVIDENCE, "disc", disc_id)
    record = _visible_disc(ctx, disc_id, "transfer")
    copy = DiscCopy.get_or_none((DiscCopy.disc == record) & (DiscCopy.number == copy_number))
    if copy is None:
        raise NotFoundError(Msg(
            "Disc {disc_id} has no copy {copy_number} (it has {copies}).",
            disc_id=disc_id,
            copy_number=copy_number,
            copies=record.copies,
        ))
    if destination_kind not in DESTINATION_KINDS:
        raise InvalidInputError(Msg("Where did the copy go? One of: {choices}.", choices=Items(
            value_and_label(kind, DESTINATION_LABELS[kind]) for kind in DESTINATION_KINDS)))
    destination, received_by = destination.strip(), received_by.strip()
    if not destination or not received_by:
        raise InvalidInputError(Msg(
            "Say where the copy went (the case file's number, the court, the agency) and who received it.",
        ))
    now = ctx.now()
    at = ensure_utc(received_at) if received_at is not None else now
    if at > now + _CLOCK_SLACK:
        raise InvalidInputError(Msg(
            "The time of receipt {value} lies in the future.",
            value=iso(at, ctx.station.settings.zone),
        ))
    with write_transaction():
        row = DiscTransfer.create(disc_copy=copy, destination_kind=destination_kind, destination=destination,
                                  received_by=received_by, received_at=at, recorded_by=ctx.actor.user_id,
                                  recorded_at=now, note=note.strip())
        ctx.audit("disc.transfer", "disc", record.id, {
            "copy": copy_number, "destination_kind": destination_kind, "destination": destination,
            "received_by": received_by, "received_at": iso(at), "transfer_id": row.id,
        })
    return _copy_view(DiscCopy.get_by_id(copy.id))


def list_discs(ctx: ServiceContext, *, case_id: int | None = None, export_id: int | None = None
               ) -> list[DiscRecordView]:
    """The registered discs, by case, export and disc number; discs of a class the user may not know of are left
    out."""
    ctx.require(Operation.LIST_RECORDINGS)
    query = (DiscRecord.select(DiscRecord, ExportDisc, Export).join(ExportDisc).join(Export)
             .order_by(Export.case, Export.id, ExportDisc.index))
    if case_id is not None:
        query = query.where(Export.case == case_id)
    if export_id is not None:
        query = query.where(Export.id == export_id)
    return [disc_view(r) for r in query if may_know_of(classification_of(r.classification), ctx.actor.clearance)]


def disc_labels(ctx: ServiceContext, disc_id: int) -> list[DiscLabel]:
    """The label text of every copy of disc ``disc_id`` (case number, disc n/N, producer, extractor, extraction
    time, the image SHA-256's first characters; a classified disc adds 密级, 保密期限 and the copy's number and
    holder)."""
    ctx.require(Operation.EXPORT_EVIDENCE, "disc", disc_id)
    view = _labelled_disc(ctx, disc_id, "label")
    return [DiscLabel(view.disc_id, copy.number, label_lines(view, copy, ctx.station.settings.zone))
            for copy in view.copy_records]


def disc_label_sheet(ctx: ServiceContext, disc_id: int) -> Document:
    """A printable PDF holding the label of every copy of disc ``disc_id`` (cut out, or copy onto the disc face)."""
    ctx.require(Operation.EXPORT_EVIDENCE, "disc", disc_id)
    view = _labelled_disc(ctx, disc_id, "label sheet")
    styles = chinese_styles(10)
    story: list[Flowable] = [Paragraph(escape(f"光盘标签 {view.case_number} 第 {view.disc_index} 张"), styles.title)]
    for copy in view.copy_records:
        lines = label_lines(view, copy, ctx.station.settings.zone)
        cell = [Paragraph(escape(line), styles.body) for line in lines]
        table = Table([[cell]], colWidths=[110 * mm])
        table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                                   ("FONTNAME", (0, 0), (-1, -1), styles.font_name)]))
        story += [KeepTogether([table]), Spacer(1, 6 * mm)]
    ctx.audit("disc.label_sheet", "disc", view.disc_id, {"copies": view.copies})
    with TemporaryDirectory() as tmp:
        target = Path(tmp) / "labels.pdf"
        build_chinese_pdf(target, story, title=f"光盘标签 {view.case_number}", author=ctx.actor.name,
                          footer_text=f"光盘标签 #{view.disc_id}")
        content = target.read_bytes()
    return Document(file_name=f"disc-{view.disc_id:06d}-labels.pdf", media_type="application/pdf", content=content)


# -- views and text ----------------------------------------------------------------------------------------------
def label_lines(view: DiscRecordView, copy: DiscCopyView, zone: str) -> list[str]:
    """The lines on the face of one copy of a disc."""
    lines = [f"案号：{view.case_number}", f"第 {view.disc_index} 张，共 {view.disc_count} 张",
             f"制作人：{view.producer}", f"提取人：{view.extractor}",
             f"提取时间：{to_local(view.extraction_time, zone):%Y-%m-%d %H:%M}",
             f"SHA-256：{view.image_sha256[:LABEL_DIGEST_CHARS]}…", f"卷标：{view.volume_id}"]
    if view.classified:
        lines += [f"密级：{view.classification_zh}", f"保密期限：{view.secrecy_period}"]
    if view.classified or view.copies > 1:
        held = f"，责任人：{copy.holder_name}" if copy.holder_name else ""
        lines.append(f"第 {copy.number} 份，共 {view.copies} 份{held}")
    return lines


def disc_view(record: DiscRecord) -> DiscRecordView:
    """A register entry as the service reports it."""
    disc: ExportDisc = record.export_disc
    export: Export = disc.export
    level = classification_of(record.classification)
    copies = list(DiscCopy.select().where(DiscCopy.disc == record).order_by(DiscCopy.number))
    return DiscRecordView(
        disc_id=record.id, export_id=export.id, case_id=export.case_id, case_number=export.case.number,
        disc_index=disc.index, disc_count=export.disc_count, volume_id=disc.volume_id,
        image_sha256=disc.image_sha256, image_size=disc.image_size, copies=record.copies,
        classification=level.value, classification_zh=level.label_zh, classified=level.is_secret,
        secrecy_period=record.secrecy_period, producer=export.producer, extractor=export.extractor,
        extraction_time=export.extraction_time, registered_by=record.registered_by.name,
        registered_at=record.registered_at, copy_records=[_copy_view(c) for c in copies],
        entered_by_export=record.entered_by_export,
        confirmed_by=record.confirmed_by.name if record.confirmed_by is not None else None,
        confirmed_at=record.confirmed_at,
    )


def _copy_view(copy: DiscCopy) -> DiscCopyView:
    holder: User | None = copy.holder
    transfers = [DiscTransferView(
        transfer_id=t.id, copy_number=copy.number, destination_kind=t.destination_kind, destination=t.destination,
        received_by=t.received_by, received_at=t.received_at, recorded_by=t.recorded_by.name,
        recorded_at=t.recorded_at, note=t.note,
    ) for t in DiscTransfer.select().where(DiscTransfer.disc_copy == copy).order_by(DiscTransfer.id)]
    return DiscCopyView(copy.number, holder.name if holder else None,
                        (holder.display_name or holder.name) if holder else None, transfers)


# -- checks ------------------------------------------------------------------------------------------------------
def _disc_classification(disc: ExportDisc) -> Classification:
    """The highest class of the recordings on ``disc``."""
    classes = [classification_of(r.classification) for r in
               Recording.select(Recording.classification).join(ExportFile).where(ExportFile.disc == disc)]
    return max(classes, key=lambda c: c.level, default=Classification.ORDINARY)


def carrier_classification(disc: ExportDisc) -> Classification:
    """The class of ``disc`` as a carrier: the highest of the recordings on it, never below the one its register
    entry carries (a carrier stays as classified as it was burned)."""
    return _entry_classification(disc, DiscRecord.get_or_none(DiscRecord.export_disc == disc))


def _entry_classification(disc: ExportDisc, entered: DiscRecord | None) -> Classification:
    """The class a disc is registered with: the highest on it now, and never below what its export entered (a
    carrier stays as classified as it was burned)."""
    now = _disc_classification(disc)
    if entered is None:
        return now
    return max(now, classification_of(entered.classification), key=lambda c: c.level)


def _labelled_disc(ctx: ServiceContext, disc_id: int, action: str) -> DiscRecordView:
    """The register entry whose label is asked for; a classified carrier's label must carry its 保密期限."""
    view = disc_view(_visible_disc(ctx, disc_id, action))
    if view.classified and not view.secrecy_period:
        raise InvalidInputError(
            Msg(
                "Disc {disc_id} holds {classification_zh} footage and its export gave no secrecy period: "
                "register it first (disc register {export_id} --secrecy-period … --holder …).",
                disc_id=disc_id,
                classification_zh=view.classification_zh,
                export_id=view.export_id,
            ))
    return view


def _holders(names: list[str], copies: int, level: Classification) -> list[User]:
    """The people the numbered copies are registered to (checked); required for a classified carrier."""
    if not names:
        if level.is_secret:
            raise InvalidInputError(
                Msg(
                    "The discs hold {label_zh} footage: register each of the {copies} numbered copies to a "
                    "person (--holder USER once per copy).",
                    label_zh=level.label,
                    copies=copies,
                ))
        return []
    if len(names) != copies:
        raise InvalidInputError(Msg(
            "Name one holder per copy: {copies} copies, {names} holders.",
            copies=copies,
            names=len(names),
        ))
    people = []
    for name in names:
        user = User.get_or_none((User.name == name.strip()) & (User.active == True))  # noqa: E712
        if user is None:
            raise NotFoundError(Msg("No active user {name!r} to register a copy to.", name=name))
        if user.clearance < level.level:
            raise InvalidInputError(Msg(
                "{name!r} has clearance {clearance}; a copy of a {classification} disc needs {level}.", name=name,
                clearance=user.clearance, classification=level.label, level=level.level))
        people.append(user)
    return people


def _visible_disc(ctx: ServiceContext, disc_id: int, action: str) -> DiscRecord:
    """The register entry ``disc_id``; a disc of a class the user may not know of answers as a missing one
    (the attempt is audited)."""
    record = DiscRecord.get_or_none(DiscRecord.id == disc_id)
    missing = NotFoundError(Msg(
        "No registered disc with id {disc_id}; list them with `evidence-station disc list`.",
        disc_id=disc_id,
    ))
    if record is None:
        raise missing
    if not may_know_of(classification_of(record.classification), ctx.actor.clearance):
        ctx.audit("disc.hidden_access", "disc", disc_id, {"attempted": action, "clearance": ctx.actor.clearance},
                  outcome="refused")
        raise missing
    return record
