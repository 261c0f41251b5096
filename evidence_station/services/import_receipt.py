"""The printable import receipt (导入回执): one signed PDF per card import."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from evidence_station.api.documents import Document
from evidence_station.catalogue.recordings import Finding, ImportFile, ImportSession
from evidence_station.domain.clock import to_local
from evidence_station.domain.errors import NotFoundError
from evidence_station.domain.findings import FINDING_LABELS_ZH, FindingKind
from evidence_station.domain.roles import Operation
from evidence_station.export.pdf_signing import sign_pdf
from evidence_station.export.pdf_styles import build_chinese_pdf, chinese_styles
from evidence_station.services.chain_head import current_chain_head
from evidence_station.services.context import ServiceContext

STATUS_ZH = {"stored": "已入库", "already_stored": "已存在", "skipped": "跳过", "failed": "失败"}


def receipt_path(ctx: ServiceContext, import_id: int) -> Path:
    """The default place of an import's receipt in the station home."""
    return ctx.station.home.exports_dir / "receipts" / f"import-{import_id:06d}.pdf"


def import_receipt(ctx: ServiceContext, import_id: int) -> Document:
    """The signed receipt of import ``import_id`` (made and signed with the station key the first time, then kept
    in the station); the client writes it where the custodian asks."""
    ctx.require(Operation.IMPORT_CARD, "import", import_id)
    session = ImportSession.get_or_none(ImportSession.id == import_id)
    if session is None:
        raise NotFoundError(f"No import with id {import_id}.", message_zh=f"没有编号为 {import_id} 的导入。")
    kept = receipt_path(ctx, import_id)
    made = not kept.is_file()
    if made:
        _make_receipt(ctx, session, kept)
    ctx.audit("import.receipt", "import", session.id, {"made": made})
    return Document(file_name=f"import-{import_id:06d}-receipt.pdf", media_type="application/pdf",
                    content=kept.read_bytes())


def _make_receipt(ctx: ServiceContext, session: ImportSession, target: Path) -> None:
    """Build the receipt of ``session`` and keep it, signed, at ``target`` (inside the station home)."""
    zone = ctx.station.settings.zone
    styles = chinese_styles(9)
    p = lambda text, style=styles.cell: Paragraph(escape(str(text)), style)  # noqa: E731

    def when(value) -> str:
        return f"{to_local(value, zone):%Y-%m-%d %H:%M:%S}" if value else "—"

    custodian = session.custodian
    summary = [
        ["导入编号", str(session.id), "保管人", f"{custodian.display_name or custodian.name}（{custodian.name}）"],
        ["开始时间", when(session.started_at), "结束时间", when(session.finished_at)],
        ["存储卡", session.card_root, "工作站", f"{ctx.station.settings.station_name}（{ctx.station.station_uid}）"],
        ["入库", str(session.files_stored), "已存在", str(session.files_already_stored)],
        ["跳过", str(session.files_skipped), "失败", str(session.files_failed)],
        ["入库字节数", f"{session.bytes_stored:,}", "状态", session.status],
    ]
    table = Table([[p(c) for c in row] for row in summary], colWidths=[22 * mm, 64 * mm, 22 * mm, 66 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                               ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
                               ("BACKGROUND", (2, 0), (2, -1), colors.whitesmoke),
                               ("FONTNAME", (0, 0), (-1, -1), styles.font_name)]))
    story = [p("执法音像记录导入回执", styles.title), table, Spacer(1, 4 * mm), p("文件清单", styles.heading)]
    rows = []
    for number, item in enumerate(ImportFile.select().where(ImportFile.import_session == session)
                                  .order_by(ImportFile.id), 1):
        rec = item.recording
        detail = [p(item.card_path)]
        if rec is not None:
            detail += [Paragraph(f"SHA-256 {rec.sha256}", styles.digest), Paragraph(f"SM3 {rec.sm3}", styles.digest)]
        if item.reason:
            detail.append(p(item.reason, styles.small))
        rows.append([p(number), detail, p(STATUS_ZH.get(item.status, item.status)),
                     p(f"{item.size:,}" if item.size is not None else "—")])
    files = Table([[p("序号"), p("文件及哈希值"), p("状态"), p("大小（字节）")], *rows],
                  colWidths=[10 * mm, 128 * mm, 14 * mm, 22 * mm], repeatRows=1)
    files.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                               ("FONTNAME", (0, 0), (-1, -1), styles.font_name)]))
    story += [files, Spacer(1, 4 * mm), p("发现的问题", styles.heading)]
    findings = list(Finding.select().where(Finding.import_session == session).order_by(Finding.id))
    if not findings:
        story.append(p("无", styles.body))
    for finding in findings:
        label = FINDING_LABELS_ZH.get(FindingKind(finding.kind), finding.kind) if finding.kind in set(FindingKind) \
            else finding.kind
        message = (finding.details or {}).get("message_zh") or finding.message  # a Chinese document
        story.append(p(f"【{label}】{message}", styles.body))
    head = current_chain_head(ctx)  # the receipt witnesses the chain as it is now
    story += [Spacer(1, 10 * mm), p("保管人（签名）：____________________　　日期：____________", styles.body),
              p(head.line_zh, styles.small)]
    build = {"title": f"导入回执 {session.id}", "author": ctx.actor.name, "footer_text": f"导入回执 #{session.id}"}
    sign = {"station_signer": ctx.station.signer, "reason": "导入回执",
            "location": ctx.station.settings.station_name, "name": ctx.station.settings.station_name}
    target.parent.mkdir(parents=True, exist_ok=True)
    with TemporaryDirectory(dir=target.parent) as tmp:
        draft = Path(tmp) / "receipt.pdf"
        build_chinese_pdf(draft, story, **build)
        sign_pdf(draft, target, **sign, chain_head=head.witness("import_receipt"))
