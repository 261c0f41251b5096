"""The Art. 17 written description (执法音像记录证据提取说明) as a signed Chinese PDF."""

from __future__ import annotations

import unicodedata
from collections.abc import Container, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from evidence_station.disc.signatures import MANIFEST_SUBJECT_TAG, certificate_sha256
from evidence_station.export.pdf_signing import sign_pdf
from evidence_station.export.pdf_styles import PAGE_MARGIN, ChineseStyles, build_chinese_pdf, chinese_styles
from evidence_station.export.plan import (
    CarrierSecrecy,
    DiscFile,
    DiscPlan,
    StagedFile,
    checkpoint_field,
    format_duration,
    format_local_time,
)
from evidence_station.identity.signer import StationSigner
from evidence_station.identity.station_key import StationProtection

TITLE = "执法音像记录证据提取说明"
_LABEL_WIDTH = 30 * mm
_TEXT_WIDTH = 210 * mm - 2 * PAGE_MARGIN
_GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.94, 0.94, 0.94)),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
)


def printable(text: str, font_name: str) -> str:
    """``text`` as the sheet can show it: NFC, and each character the embedded font has no glyph for
    (an emoji, a combining mark left over) written as ``[U+1F600]`` instead of silently disappearing,
    so a name on the sheet never looks like another file's name."""
    glyphs = _glyphs(font_name)
    if glyphs is None:
        return text
    return "".join(
        ch if ord(ch) in glyphs or ch.isspace() else f"[U+{ord(ch):04X}]"
        for ch in unicodedata.normalize("NFC", text)
    )


def _glyphs(font_name: str) -> Container[int] | None:
    try:
        return pdfmetrics.getFont(font_name).face.charToGlyph  # type: ignore[attr-defined, no-any-return]
    except (AttributeError, KeyError):
        return None


def _p(text: object, style: Any) -> Paragraph:
    shown = printable(str(text), style.fontName)
    return Paragraph(escape(shown) if shown else "—", style)


def _pairs_table(rows: Sequence[tuple[str, Flowable | str]], styles: ChineseStyles) -> Table:
    data = [
        [_p(label, styles.label), value if isinstance(value, Flowable) else _p(value, styles.cell)]
        for label, value in rows
    ]
    table = Table(data, colWidths=[_LABEL_WIDTH, _TEXT_WIDTH - _LABEL_WIDTH])
    table.setStyle(_GRID)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), styles.font_name)]))
    return table


def _bookmarks_text(item: DiscFile, zone_name: str, font_name: str) -> str:
    if not item.bookmarks:
        return "无"
    lines = []
    for mark in item.bookmarks:
        when = format_duration(mark.offset_seconds)
        if mark.at is not None:
            when += f"（{format_local_time(mark.at, zone_name)}）"
        line = f"{when}  {mark.category}"
        if mark.note:
            line += f"：{mark.note}"
        if mark.author:
            line += f"（标记人：{mark.author}）"
        lines.append(escape(printable(line, font_name)))
    return "<br/>".join(lines)


def _file_block(
    number: int, item: DiscFile, staged: StagedFile, zone_name: str, styles: ChineseStyles
) -> Flowable:
    rows: list[tuple[str, Flowable | str]] = [
        ("光盘文件", staged.disc_path),
        ("原始文件名", item.disc_name),
        ("设备编号", item.device),
        ("执法人员", item.officer),
        ("录制开始", format_local_time(item.start, zone_name)),
        ("录制结束", format_local_time(item.end, zone_name)),
        ("时长", format_duration(item.duration_seconds)),
        ("大小", f"{staged.size:,} 字节"),
        ("SHA-256", Paragraph(staged.sha256, styles.digest)),
        ("SM3", Paragraph(staged.sm3, styles.digest)),
    ]
    if item.classification:
        rows.append(("密级", item.classification_zh or item.classification))
    rows.append(("标记", Paragraph(_bookmarks_text(item, zone_name, styles.font_name), styles.cell)))
    return KeepTogether([_p(f"文件 {number}", styles.heading), _pairs_table(rows, styles)])


def _checkpoint_rows(
    checkpoint: Mapping[str, Any] | None, zone_name: str, styles: ChineseStyles
) -> list[tuple[str, Flowable | str]]:
    if not checkpoint:
        return [("审计检查点", "无")]
    signed_at = checkpoint_field(checkpoint, "signed_at")
    return [
        ("事件数", str(checkpoint_field(checkpoint, "event_count") or "—")),
        ("链头哈希", Paragraph(escape(str(checkpoint_field(checkpoint, "head_hash") or "—")), styles.digest)),
        (
            "签名时间",
            format_local_time(signed_at, zone_name)
            if isinstance(signed_at, datetime)
            else str(signed_at or "—"),
        ),
    ]


class QrFlowable(Flowable):
    """A QR code drawn as plain rectangles (a graphics Drawing would reference unembedded Helvetica)."""

    def __init__(self, value: str, size: float = 32 * mm, quiet_modules: int = 2) -> None:
        super().__init__()
        code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        code.addData(value)
        code.make()
        self._code = code
        self._quiet = quiet_modules
        self.width = self.height = size

    def draw(self) -> None:
        """Draw the dark modules."""
        count = self._code.getModuleCount()
        module = self.width / (count + 2 * self._quiet)
        canvas = self.canv
        canvas.setFillColor(colors.black)
        for row in range(count):
            for col in range(count):
                if self._code.isDark(row, col):
                    x = (col + self._quiet) * module
                    y = self.height - (row + 1 + self._quiet) * module
                    canvas.rect(x, y, module, module, stroke=0, fill=1)


#: How the sheet names the way the signing station keeps its key (row "签名工作站").
SIGNING_STATION_TEXT = {
    StationProtection.PROTECTED: "工作站服务（受保护）",
    StationProtection.EMBEDDED: "嵌入式（未受保护）",
    StationProtection.UNKNOWN: "未声明保护方式（按未受保护对待）",
}


def _secrecy_rows(secrecy: CarrierSecrecy | None) -> list[tuple[str, Flowable | str]]:
    """密级 and 保密期限 of a classified carrier (涉密载体); nothing for any other disc."""
    if secrecy is None:
        return []
    return [("密级", f"{secrecy.classification_zh}（涉密载体）"), ("保密期限", secrecy.secrecy_period or "未填写")]


def provenance_story(
    plan: DiscPlan,
    staged: Sequence[StagedFile],
    manifest_sha256: str,
    styles: ChineseStyles,
    protection: StationProtection = StationProtection.UNKNOWN,
    station_cert_sha256: str = "",
) -> list[Flowable]:
    """The flowables of the provenance sheet (title, facts, one block per file, checkpoint, the manifest's
    and the station certificate's fingerprints, signatures).

    ``protection`` is what the signing certificate says about the station key ("签名工作站" row)."""
    facts = plan.provenance
    zone_name = facts.zone_name
    story: list[Flowable] = [_p(TITLE, styles.title)]
    story.append(
        _pairs_table(
            [
                ("案件编号", facts.case_number),
                ("案件名称", facts.case_title),
                ("制作人", facts.producer),
                ("提取人", facts.extractor),
                ("提取时间", f"{format_local_time(facts.extraction_time, zone_name)}（{zone_name}）"),
                ("工作站", f"{facts.station_name}（编号 {facts.station_id}）"),
                ("签名工作站", SIGNING_STATION_TEXT[protection]),
                ("原始存储", facts.source_storage),
                ("提取用途", facts.purpose),
                ("光盘", f"第 {plan.disc_index} 张 共 {plan.disc_count} 张"),
                ("文件数量", f"{len(staged)} 个，共 {sum(f.size for f in staged):,} 字节"),
                *_secrecy_rows(plan.secrecy),
            ],
            styles,
        )
    )
    story.append(Spacer(1, 2 * mm))
    story.append(
        _p(
            "本光盘中的原始音像文件均从本工作站存储库中复制调取，复制时逐一计算 SHA-256 与 SM3 校验值"
            "并与入库时记录的值比对一致，未作任何删节、修改。",
            styles.body,
        )
    )
    for number, (item, done) in enumerate(zip(plan.files, staged, strict=True), start=1):
        story.append(_file_block(number, item, done, zone_name, styles))
    story.append(_p("审计日志检查点", styles.heading))
    story.append(_pairs_table(_checkpoint_rows(plan.audit_checkpoint, zone_name, styles), styles))
    qr_table = Table(
        [
            [
                QrFlowable(manifest_sha256),
                [
                    _p("MANIFEST.json 的 SHA-256（二维码内容）：", styles.cell),
                    Paragraph(manifest_sha256, styles.digest),
                    *(
                        [
                            _p("工作站证书（STATION-CERT.pem）SHA-256 指纹：", styles.cell),
                            Paragraph(station_cert_sha256, styles.digest),
                        ]
                        if station_cert_sha256
                        else []
                    ),
                    _p("核验方法见光盘根目录 README.txt；用浏览器打开光盘上的 VERIFY.html 即可核验，"
                       "其报告中的两个指纹应与此处一致。", styles.small),
                ],
            ]
        ],
        colWidths=[36 * mm, _TEXT_WIDTH - 36 * mm],
    )
    qr_table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("FONTNAME", (0, 0), (-1, -1), styles.font_name)])
    )
    story.append(KeepTogether([_p("文件清单校验", styles.heading), qr_table]))
    signature_lines = Table(
        [
            [_p("制作人（签名）：", styles.body), "", _p("日期：", styles.body), ""],
            [_p("提取人（签名）：", styles.body), "", _p("日期：", styles.body), ""],
        ],
        colWidths=[36 * mm, 58 * mm, 18 * mm, 40 * mm],
        rowHeights=[14 * mm, 14 * mm],
    )
    signature_lines.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
                ("LINEBELOW", (3, 0), (3, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("FONTNAME", (0, 0), (-1, -1), styles.font_name),
            ]
        )
    )
    story.append(KeepTogether([Spacer(1, 6 * mm), _p("签名", styles.heading), signature_lines]))
    return story


def write_provenance_pdf(
    plan: DiscPlan,
    staged: Sequence[StagedFile],
    manifest_sha256: str,
    out: Path,
    protection: StationProtection = StationProtection.UNKNOWN,
    station_cert_sha256: str = "",
) -> None:
    """Write the unsigned provenance sheet to ``out``."""
    styles = chinese_styles()
    facts = plan.provenance
    build_chinese_pdf(
        out,
        provenance_story(plan, staged, manifest_sha256, styles, protection, station_cert_sha256),
        title=f"{TITLE} {facts.case_number}",
        author=facts.producer,
        subject=f"{facts.case_number} {facts.case_title}; {MANIFEST_SUBJECT_TAG} {manifest_sha256}",
        footer_text=f"{facts.case_number}  第 {plan.disc_index}/{plan.disc_count} 张光盘",
    )


def write_signed_provenance_pdf(
    plan: DiscPlan,
    staged: Sequence[StagedFile],
    manifest_sha256: str,
    out: Path,
    signer: StationSigner,
) -> None:
    """Write the provenance sheet (saying how the signing station keeps its key) and sign it (PAdES B-B) with the
    station's signer into ``out``."""
    unsigned = out.with_name(out.name + ".unsigned")
    try:
        write_provenance_pdf(plan, staged, manifest_sha256, unsigned, signer.protection,
                             certificate_sha256(signer.certificate))
        facts = plan.provenance
        sign_pdf(
            unsigned,
            out,
            signer,
            reason=f"执法音像记录证据提取说明 {facts.case_number}",
            location=facts.station_name,
            name=facts.station_name,
        )
    finally:
        unsigned.unlink(missing_ok=True)


