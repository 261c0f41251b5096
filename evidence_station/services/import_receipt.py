"""The printable import receipt (导入回执): one signed PDF per card import.

When the card's hand-over was recorded at the start of the import, the receipt is the two-party hand-over record
(存储卡交接记录): who handed the card over (and how they confirmed it), the custodian who received it, the device and
time, the card's file list with counts and hashes, a signature line for each party — and, once the card was wiped,
what the wipe deleted and left. A receipt is made and signed once per state of the import (a new one after a wipe)
and kept at the station.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from evidence_station.api.custody import HandoverView
from evidence_station.api.documents import Document
from evidence_station.cards.scan import skip_reason_zh
from evidence_station.catalogue.custody import CardWipe, CardWipeFile
from evidence_station.catalogue.recordings import Finding, ImportFile, ImportSession
from evidence_station.domain.clock import to_local
from evidence_station.domain.errors import NotFoundError
from evidence_station.domain.findings import FINDING_LABELS
from evidence_station.domain.messages import Msg
from evidence_station.domain.messages import label as label_of
from evidence_station.domain.roles import Operation
from evidence_station.export.pdf_signing import sign_pdf
from evidence_station.export.pdf_styles import ChineseStyles, build_chinese_pdf, chinese_styles
from evidence_station.services.card_handover import handover_of
from evidence_station.services.card_wipe import OUTCOME_LABELS, STATUS_LABELS, wipes_of
from evidence_station.services.chain_head import current_chain_head
from evidence_station.services.context import ServiceContext

#: Makes a paragraph of a value (in a style); formats a time in the station's zone.
Para = Callable[..., Paragraph]
When = Callable[[datetime | None], str]

STATUS_ZH = {"stored": "已入库", "already_stored": "已存在", "skipped": "跳过", "failed": "失败"}
#: How an import ended, for the Chinese receipt.
IMPORT_STATUS_ZH = {"completed": "已完成", "cancelled": "已取消", "stopped": "已中止", "running": "进行中",
                    "interrupted": "已中断"}
#: Reasons the importer gives besides the scanner's skip reasons (stored in English, shown in the reader's language).
IMPORT_REASONS: dict[str, Msg] = {"this original is already catalogued": Msg("this original is already catalogued")}


def receipt_path(ctx: ServiceContext, import_id: int, wipe_id: int | None = None) -> Path:
    """The place of an import's receipt in the station home (``wipe_id``: the receipt made after that wipe)."""
    suffix = f"-wipe-{wipe_id:06d}" if wipe_id is not None else ""
    return ctx.station.home.exports_dir / "receipts" / f"import-{import_id:06d}{suffix}.pdf"


def import_receipt(ctx: ServiceContext, import_id: int) -> Document:
    """The signed receipt of import ``import_id`` (made and signed with the station key the first time, then kept
    in the station); the client writes it where the custodian asks."""
    ctx.require(Operation.IMPORT_CARD, "import", import_id)
    session = ImportSession.get_or_none(ImportSession.id == import_id)
    if session is None:
        raise NotFoundError(Msg("No import with id {import_id}.", import_id=import_id))
    wipes = wipes_of(import_id)
    kept = receipt_path(ctx, import_id, wipes[-1].id if wipes else None)
    made = not kept.is_file()
    if made:
        _make_receipt(ctx, session, kept, wipes)
    ctx.audit("import.receipt", "import", session.id,
              {"made": made, "handover": handover_of(import_id) is not None, "wipes": [w.id for w in wipes]})
    return Document(file_name=f"import-{import_id:06d}-receipt.pdf", media_type="application/pdf",
                    content=kept.read_bytes())


def _make_receipt(ctx: ServiceContext, session: ImportSession, target: Path, wipes: list[CardWipe]) -> None:
    """Build the receipt of ``session`` and keep it, signed, at ``target`` (inside the station home)."""
    zone = ctx.station.settings.zone
    styles = chinese_styles(9)
    def p(text: object, style: Any = styles.cell) -> Paragraph:
        return Paragraph(escape(str(text)), style)

    def when(value: datetime | None) -> str:
        return f"{to_local(value, zone):%Y-%m-%d %H:%M:%S}" if value else "—"

    handover = handover_of(session.id)
    custodian = session.custodian
    summary = [
        ["导入编号", str(session.id), "保管人", f"{custodian.display_name or custodian.name}（{custodian.name}）"],
        ["开始时间", when(session.started_at), "结束时间", when(session.finished_at)],
        ["存储卡", session.card_root, "工作站", f"{ctx.station.settings.station_name}（{ctx.station.station_uid}）"],
        ["入库", str(session.files_stored), "已存在", str(session.files_already_stored)],
        ["跳过", str(session.files_skipped), "失败", str(session.files_failed)],
        ["入库字节数", f"{session.bytes_stored:,}", "状态", IMPORT_STATUS_ZH.get(session.status, session.status)],
    ]
    table = Table([[p(c) for c in row] for row in summary], colWidths=[22 * mm, 64 * mm, 22 * mm, 66 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                               ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
                               ("BACKGROUND", (2, 0), (2, -1), colors.whitesmoke),
                               ("FONTNAME", (0, 0), (-1, -1), styles.font_name)]))
    title = "执法音像记录存储卡交接记录" if handover is not None else "执法音像记录导入回执"
    story: list[Flowable] = [p(title, styles.title)]
    if handover is not None:
        story += [_handover_table(handover, p, styles, when), Spacer(1, 3 * mm)]
    card_bytes = sum(f.size or 0 for f in
                     ImportFile.select(ImportFile.size).where(ImportFile.import_session == session))
    story += [table, p(f"存储卡上共 {session.files_total} 个文件，合计 {card_bytes:,} 字节。", styles.small),
              Spacer(1, 4 * mm), p("文件清单", styles.heading)]
    rows = []
    for number, item in enumerate(ImportFile.select().where(ImportFile.import_session == session)
                                  .order_by(ImportFile.id), 1):
        rec = item.recording
        detail = [p(item.card_path)]
        if rec is not None:
            detail += [Paragraph(f"SHA-256 {rec.sha256}", styles.digest), Paragraph(f"SM3 {rec.sm3}", styles.digest)]
        if item.reason:
            detail.append(p(label_of(IMPORT_REASONS, item.reason, "zh_CN") if item.reason in IMPORT_REASONS
                            else skip_reason_zh(item.reason), styles.small))
        rows.append([p(number), detail, p(STATUS_ZH.get(item.status, item.status)),
                     p(f"{item.size:,}" if item.size is not None else "—")])
    files = Table([[p("序号"), p("文件及哈希值"), p("状态"), p("大小（字节）")], *rows],
                  colWidths=[10 * mm, 128 * mm, 14 * mm, 22 * mm], repeatRows=1)
    files.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                               ("FONTNAME", (0, 0), (-1, -1), styles.font_name)]))
    story += [files]
    for wipe in wipes:
        story += _wipe_section(wipe, p, styles, when)
    story += [Spacer(1, 4 * mm), p("发现的问题", styles.heading)]
    findings = list(Finding.select().where(Finding.import_session == session).order_by(Finding.id))
    if not findings:
        story.append(p("无", styles.body))
    for finding in findings:
        label = label_of(FINDING_LABELS, finding.kind, "zh_CN")
        message = (finding.details or {}).get("message_zh") or finding.message  # a Chinese document
        story.append(p(f"【{label}】{message}", styles.body))
    head = current_chain_head(ctx)  # the receipt witnesses the chain as it is now
    story += [Spacer(1, 10 * mm), *_signature_lines(handover, p, styles, when), p(head.line_zh, styles.small)]
    name = "存储卡交接记录" if handover is not None else "导入回执"
    build: dict[str, Any] = {"title": f"{name} {session.id}", "author": ctx.actor.name,
                             "footer_text": f"{name} #{session.id}"}
    sign: dict[str, Any] = {"station_signer": ctx.station.signer, "reason": name,
                            "location": ctx.station.settings.station_name, "name": ctx.station.settings.station_name}
    target.parent.mkdir(parents=True, exist_ok=True)
    with TemporaryDirectory(dir=target.parent) as tmp:
        draft = Path(tmp) / "receipt.pdf"
        build_chinese_pdf(draft, story, **build)
        sign_pdf(draft, target, **sign, chain_head=head.witness("import_receipt"))


#: How the officer confirmed the hand-over, as the record prints it.
CONFIRMATION_ZH = {"password": "本人账户口令确认", "signature": "无工作站账户，签名确认"}


def _handover_table(handover: HandoverView, p: Para, styles: ChineseStyles, when: When) -> Table:
    """The two parties of the hand-over, the device, the time and how the officer confirmed."""
    officer = handover.officer_name + (f"（执法证号 {handover.officer_badge}）" if handover.officer_badge else "")
    if handover.officer_user:
        officer += f"，账户 {handover.officer_user}"
    rows = [
        ["移交人", officer, "确认方式", CONFIRMATION_ZH.get(handover.confirmation, handover.confirmation)],
        ["接收人（保管人）", f"{handover.received_by_name}（{handover.received_by}）", "交接时间",
         when(handover.handed_at)],
        ["执法记录仪", handover.device or "—", "登记时间", when(handover.recorded_at)],
    ]
    if handover.note:
        rows.append(["备注", handover.note, "", ""])
    table = Table([[p(c) for c in row] for row in rows], colWidths=[26 * mm, 66 * mm, 20 * mm, 62 * mm])
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
             ("BACKGROUND", (2, 0), (2, -1), colors.whitesmoke), ("FONTNAME", (0, 0), (-1, -1), styles.font_name)]
    if handover.note:
        style.append(("SPAN", (1, len(rows) - 1), (3, len(rows) - 1)))
    table.setStyle(TableStyle(style))
    return table


def _wipe_section(wipe: CardWipe, p: Para, styles: ChineseStyles, when: When) -> list[Flowable]:
    """What a wipe of the card deleted (each file checked against the vault first) and what it left."""
    status = label_of(STATUS_LABELS, wipe.status, "zh_CN")
    story: list[Flowable] = [Spacer(1, 4 * mm), p(f"存储卡清除记录（第 {wipe.id} 号）", styles.heading),
                   p(f"状态：{status}；清除人：{wipe.custodian.display_name or wipe.custodian.name}"
                     f"（{wipe.custodian.name}）；开始 {when(wipe.started_at)}，结束 {when(wipe.finished_at)}。"
                     f"已删除 {wipe.files_deleted} 个，拒绝删除 {wipe.files_refused} 个，删除失败或未核对 "
                     f"{wipe.files_failed} 个，保留 {wipe.files_kept} 个。每个文件删除前均由工作站将存储卡上的 SHA-256 "
                     "与库内原件核对一致。", styles.body)]
    rows = []
    for number, row in enumerate(CardWipeFile.select().where(CardWipeFile.wipe == wipe)
                                 .order_by(CardWipeFile.card_path, CardWipeFile.id), 1):
        detail = [p(row.card_path)]
        if row.sha256:
            detail.append(Paragraph(f"SHA-256 {row.sha256}", styles.digest))
        if row.reason_zh or row.reason:
            detail.append(p(row.reason_zh or row.reason, styles.small))
        rows.append([p(number), detail, p(label_of(OUTCOME_LABELS, row.outcome, "zh_CN"))])
    if not rows:
        return [*story, p("（无文件）", styles.body)]
    table = Table([[p("序号"), p("文件及核对的哈希值"), p("结果")], *rows], colWidths=[10 * mm, 130 * mm, 34 * mm],
                  repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                               ("FONTNAME", (0, 0), (-1, -1), styles.font_name)]))
    return [*story, table]


def _signature_lines(handover: HandoverView | None, p: Para, styles: ChineseStyles, when: When
                     ) -> list[Flowable]:
    """One signature line per party: the officer who handed the card over and the custodian who received it."""
    line = "（签名）：____________________　　日期：____________"
    if handover is None:
        return [p("保管人" + line, styles.body)]
    confirmed = (f"（已于 {when(handover.recorded_at)} 在工作站以本人账户口令确认）"
                 if handover.confirmation == "password" else "")
    return [p(f"移交人 {handover.officer_name}{line}{confirmed}", styles.body), Spacer(1, 8 * mm),
            p(f"接收人（保管人） {handover.received_by_name}{line}", styles.body)]
