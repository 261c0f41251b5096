"""The disposal certificate (执法音像记录销毁证明): a signed Chinese PDF per approved disposal listing every
recording disposed of with its hashes and dates, what happened to its bytes, the proposer, the approver
and the audit event that recorded the approval."""

from __future__ import annotations

import hashlib
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from evidence_station.domain.clock import to_local
from evidence_station.domain.messages import label
from evidence_station.domain.retention import BASIS_LABELS
from evidence_station.export.pdf_signing import sign_pdf
from evidence_station.export.pdf_styles import build_chinese_pdf, chinese_styles
from evidence_station.services.chain_head import current_chain_head
from evidence_station.services.context import ServiceContext

if TYPE_CHECKING:
    from datetime import datetime

    from evidence_station.api.retention import DisposalItemView, DisposalView

BLOB_ZH = {
    "removed": "已从存储中删除",
    "absent": "存储中已无此文件",
    "shared": "与其他在存记录字节相同，存储文件保留",
    "pending": "待删除",
}


def certificate_file(ctx: ServiceContext, proposal_id: int) -> Path:
    """Where the station keeps the certificate of disposal ``proposal_id``."""
    return ctx.station.home.exports_dir / "disposal" / f"disposal-{proposal_id:06d}.pdf"


def _basis_zh(item: DisposalItemView) -> str:
    reasons = item.reasons
    if not reasons:
        return "—"
    return label(BASIS_LABELS, reasons[0].get("basis", ""), "zh_CN")


def write_disposal_certificate(ctx: ServiceContext, view: DisposalView, target: Path) -> str:
    """Write the certificate of ``view`` to ``target``, signed with the station key; returns its SHA-256."""
    zone = ctx.station.settings.zone
    styles = chinese_styles(9)
    def p(text: object, style: Any = styles.cell) -> Paragraph:
        return Paragraph(escape(str(text)), style)

    def when(value: datetime | None) -> str:
        return f"{to_local(value, zone):%Y-%m-%d %H:%M:%S}" if value else "—"

    def day(value: datetime | None) -> str:
        return f"{to_local(value, zone):%Y-%m-%d}" if value else "—"

    disposed, withheld = view.disposed, view.withheld
    settings = ctx.station.settings
    total = f"{len(disposed)} 个文件，共 {sum(i.size for i in disposed):,} 字节"
    summary = [
        ["证明编号", f"销毁-{view.proposal_id:06d}", "工作站", f"{settings.station_name}（{ctx.station.station_uid}）"],
        ["单位", settings.organisation, "销毁数量", total],
        ["提议人", view.proposed_by_label, "提议时间", when(view.proposed_at)],
        ["批准人", view.decided_by_label or "—", "批准时间", when(view.decided_at)],
        ["销毁理由", view.reason, "审计事件", f"#{view.approval_event_seq}" if view.approval_event_seq else "—"],
    ]
    head = Table([[p(c) for c in row] for row in summary], colWidths=[20 * mm, 66 * mm, 20 * mm, 68 * mm])
    head.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
                              ("BACKGROUND", (2, 0), (2, -1), colors.whitesmoke),
                              ("FONTNAME", (0, 0), (-1, -1), styles.font_name)]))
    story = [p("执法音像记录销毁证明", styles.title), head, Spacer(1, 3 * mm),
             p("下列执法音像记录已超过保存期限（不少于一年，作为证据使用的随案卷保存），无案件或保全阻止销毁，"
               "经提议人提出、批准人（非提议人）批准后销毁。目录中保留每个文件的哈希值与元数据，以备核查；"
               "相同字节仍被其他在存记录使用的，存储文件予以保留。", styles.body),
             p("销毁清单", styles.heading)]
    rows = []
    for number, item in enumerate(disposed, 1):
        described = [p(f"记录 #{item.recording_id}  {item.file_name}"),
                     p(f"设备 {item.device or '—'}　执法人员 {item.officer or '—'}　{item.size:,} 字节", styles.small),
                     Paragraph(f"SHA-256 {item.sha256}", styles.digest), Paragraph(f"SM3 {item.sm3}", styles.digest)]
        dates = [p(f"录制 {when(item.start)}", styles.small), p(f"导入 {when(item.imported_at)}", styles.small),
                 p(f"保存至 {day(item.keep_until)}（{_basis_zh(item)}）", styles.small),
                 p(f"销毁 {when(item.disposed_at)}", styles.small)]
        storage = BLOB_ZH.get(item.blob, item.blob)
        if item.shared_with:
            storage += "（" + "、".join(f"记录 #{i}" if i > 0 else f"截图 #{-i}" for i in item.shared_with) + "）"
        rows.append([p(number), described, [*dates, p(f"存储：{storage}", styles.small)]])
    items = Table([[p("序号"), p("文件及哈希值"), p("日期与存储处理")], *rows],
                  colWidths=[9 * mm, 118 * mm, 47 * mm], repeatRows=1)
    items.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                               ("FONTNAME", (0, 0), (-1, -1), styles.font_name)]))
    story.append(items)
    if withheld:
        story.append(p("未销毁（批准时复核不再符合销毁条件，继续保存）", styles.heading))
        for item in withheld:
            why = str(item.reasons[0].get("detail", "")) if item.reasons else ""
            story.append(p(f"记录 #{item.recording_id} {item.file_name}（SHA-256 {item.sha256}）{why}", styles.small))
    story += [Spacer(1, 10 * mm),
              p("提议人（签名）：____________________　　批准人（签名）：____________________", styles.body),
              p("本证明由工作站密钥电子签名（PAdES）。", styles.small)]
    head = current_chain_head(ctx)  # the certificate witnesses the chain as it is now
    story.append(p(head.line_zh, styles.small))
    target.parent.mkdir(parents=True, exist_ok=True)
    with TemporaryDirectory(dir=target.parent) as tmp:
        draft = Path(tmp) / "certificate.pdf"
        build_chinese_pdf(draft, story, title=f"销毁证明 {view.proposal_id}", author=ctx.actor.name,
                          footer_text=f"销毁证明 #{view.proposal_id}")
        sign_pdf(draft, target, ctx.station.signer, reason="执法音像记录销毁证明",
                 location=settings.station_name, name=settings.station_name,
                 chain_head=head.witness("disposal_certificate"))
    return hashlib.sha256(target.read_bytes()).hexdigest()
