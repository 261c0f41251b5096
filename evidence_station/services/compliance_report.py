"""Use case: the monthly compliance report (Chinese PDF, signed by the station) — what a brigade leader
shows an inspection: timeliness of imports (Art. 15), gaps and their explanations (Art. 11), clock checks
(Art. 7), activities and their recordings (Art. 3/4/5), devices (Art. 6) and every open finding."""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from evidence_station.api.activities import ActivityView
from evidence_station.api.compliance import MonthlyFigures, ReportResult
from evidence_station.api.documents import Document
from evidence_station.api.findings import FindingView
from evidence_station.catalogue.compliance import GapExplanation, NonRecordingRecord, PreUseCheck
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.recordings import Finding
from evidence_station.domain.bookmarks import BookmarkCategory
from evidence_station.domain.clock import to_local
from evidence_station.domain.compliance import (
    NON_RECORDING_LABELS,
    NonRecordingReason,
    is_mandatory,
    next_month,
    offset_exceeds,
)
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.findings import FINDING_LABELS, FindingKind
from evidence_station.domain.messages import Msg, label
from evidence_station.domain.roles import Operation
from evidence_station.export.pdf_signing import PdfAttachment
from evidence_station.services.activity_service import list_activities, review_activities
from evidence_station.services.classification_service import visible_finding_filter
from evidence_station.services.conduct_service import conduct_notes_between
from evidence_station.services.context import ServiceContext
from evidence_station.services.dashboard_service import import_weeks, local_day_bounds, unchecked_days
from evidence_station.services.device_service import list_devices
from evidence_station.services.recording_findings import finding_view_of, recording_ids_by_finding
from evidence_station.services.signed_documents import signed_chinese_pdf
from evidence_station.services.two_person import single_person_changes

#: How many open findings the PDF lists (the oldest); the complete list is the attached CSV (#22).
OPEN_FINDINGS_LISTED = 200


def open_findings_file_name(month: str) -> str:
    """The name of the CSV of every open finding attached to the month's report."""
    return f"open-findings-{month}.csv"


def open_findings_csv(findings: Sequence[FindingView]) -> bytes:
    """Every open finding as CSV (UTF-8 with BOM, so Excel reads the Chinese), oldest first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["id", "kind", "kind_zh", "recording_ids", "seconds", "message_zh", "message"])
    for f in findings:
        writer.writerow([f.id, f.kind, label(FINDING_LABELS, f.kind, "zh_CN"), " ".join(map(str, f.recording_ids)),
                         "" if f.seconds is None else f"{f.seconds:g}", f.text_zh, f.message])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def parse_month(text: str) -> date:
    """``YYYY-MM`` as the month's first day."""
    try:
        year, month = (int(p) for p in text.strip().split("-"))
        return date(year, month, 1)
    except ValueError:
        raise InvalidInputError(
            Msg("Cannot read the month {text!r}; write it as YYYY-MM, e.g. 2026-11.", text=text)) from None


def _finding_views(findings: list[Finding]) -> list[FindingView]:
    """What ``finding_view`` makes of each finding (recordings by id), their links read in batches, not one query
    per finding (#22: a city has tens of thousands open)."""
    members = recording_ids_by_finding([f.id for f in findings])
    return [finding_view_of(f, sorted(members.get(f.id, []))) for f in findings]


def monthly_figures(ctx: ServiceContext, *, month: str) -> MonthlyFigures:
    """The figures for ``month`` (YYYY-MM, station-local), with every finding open now."""
    ctx.require(Operation.READ_FINDINGS)
    first = parse_month(month)
    zone_name = ctx.station.settings.zone
    since = local_day_bounds(first, zone_name)[0]
    until = local_day_bounds(next_month(first), zone_name)[0]
    if since > ctx.now():
        raise InvalidInputError(Msg("The month {month} has not begun yet.", month=month))
    review_activities(ctx)
    settings = ctx.station.settings
    weeks = import_weeks(since, until, zone_name, settings.late_import_hours)
    gap_rows = list(Finding.select().where((Finding.kind == FindingKind.GAP.value) & (Finding.created_at >= since)
                                           & (Finding.created_at < until)))
    explanations = {e.finding_id: e for e in GapExplanation.select().where(
        GapExplanation.finding.in_([f.id for f in gap_rows]))} if gap_rows else {}
    checks = list(PreUseCheck.select().where((PreUseCheck.checked_at >= since) & (PreUseCheck.checked_at < until)))
    activities = list_activities(ctx, since=since, until=until)
    reasons = Counter(r.reason for r in NonRecordingRecord.select().where(
        (NonRecordingRecord.occurred_on >= first) & (NonRecordingRecord.occurred_on < next_month(first))))
    open_rows = (Finding.select().where((Finding.status == "open") & visible_finding_filter(ctx))  # Art. 20
                 .order_by(Finding.created_at, Finding.id))
    return MonthlyFigures(
        month=f"{first:%Y-%m}", period_start=since, period_end=until,
        recordings_imported=sum(w.recordings for w in weeks),
        imported_on_time=sum(w.on_time for w in weeks), imported_exempt=sum(w.exempt for w in weeks),
        imported_late=sum(w.late for w in weeks), weeks=weeks,
        gaps=len(gap_rows), gaps_explained=len(explanations),
        gaps_spoken=sum(1 for e in explanations.values() if e.spoken_explanation),
        checks=len(checks), checks_failed=sum(1 for c in checks if not (c.works and c.battery_ok and c.storage_ok)),
        checks_offset_beyond=sum(1 for c in checks if offset_exceeds(c.clock_offset_s,
                                                                      settings.clock_offset_threshold_s)),
        unchecked_days=unchecked_days(since, min(until, ctx.now()), zone_name),
        activities=len(activities), mandatory_activities=sum(1 for a in activities if is_mandatory(a.kind)),
        activities_missing=[a for a in activities if a.missing_recording],
        non_recording_by_reason={r.value: reasons.get(r.value, 0) for r in NonRecordingReason},
        devices=list_devices(ctx), open_findings=_finding_views(list(open_rows)),
        single_person_changes=single_person_changes(since, until), activity_list=activities,
        conduct_notes=conduct_notes_between(first, next_month(first)),
    )


# -- the PDF -------------------------------------------------------------------------------------------------
def _share(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f}%" if whole else "—"


def _story(ctx: ServiceContext, figures: MonthlyFigures) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    from evidence_station.export.pdf_styles import chinese_styles

    st = chinese_styles()
    zone_name = ctx.station.settings.zone
    settings = ctx.station.settings

    def p(text: object, style: Any = None) -> Paragraph:
        return Paragraph(escape(str(text)), style or st.cell)

    def table(rows: Sequence[Sequence[object]], widths: list[float]) -> Table:
        data = [[p(c) for c in row] for row in rows]
        t = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return t

    year, month = figures.month.split("-")
    local_now = to_local(ctx.now(), zone_name)
    imported = figures.recordings_imported
    story: list[Any] = [
        p(f"{settings.organisation}", st.body),
        p(f"执法音像记录合规月报（{year}年{int(month)}月）", st.title),
        p(f"工作站：{settings.station_name}　　生成时间：{local_now:%Y-%m-%d %H:%M}　　生成人：{ctx.actor.label}",
          st.small),
        p("一、总体情况", st.heading),
        table([
            ["项目", "数量", "说明"],
            ["本月导入的音像记录", imported, "按导入时间统计，不含重复文件"],
            ["24小时内导入", figures.imported_on_time, f"按时率 {_share(figures.imported_on_time, imported)}"],
            ["依第十五条豁免（回到单位后24小时内）", figures.imported_exempt, "连续工作、异地工作或边远地区执法"],
            ["超时导入", figures.imported_late, "第十五条：应在24小时内存储"],
            ["录像中断（第十一条）", figures.gaps, f"已说明 {figures.gaps_explained}，"
             f"其中重新录制时有语音说明 {figures.gaps_spoken}，未说明 {figures.gaps - figures.gaps_explained}"],
            ["使用前检查（第七条）", figures.checks, f"未通过 {figures.checks_failed}，时钟偏差超过 "
             f"{settings.clock_offset_threshold_s:g} 秒 {figures.checks_offset_beyond}"],
            ["有录像但当日未做使用前检查", len(figures.unchecked_days), "设备·日"],
            ["执法活动", figures.activities, f"其中第四条应当记录的 {figures.mandatory_activities}"],
            ["应录未录（无录像且无第五条工作记录）", len(figures.activities_missing), "见第四部分"],
            ["补登记的执法活动（第三条、第十二条）", sum(1 for a in figures.activity_list if a.registered_afterwards),
             "录像导入后才登记的执法活动，见第七部分"],
            ["投诉与执法行为情况记录（第十四条）", len(figures.conduct_notes), "见第八部分"],
            ["不进行现场记录的工作记录（第五条）", sum(figures.non_recording_by_reason.values()),
             "；".join(f"{label(NON_RECORDING_LABELS, k, 'zh_CN')} {v}"
                      for k, v in figures.non_recording_by_reason.items() if v) or "无"],
            ["未处理的问题（截至生成时）", len(figures.open_findings), "见第五部分"],
        ], [62, 20, 92]),
        p("二、每周导入及时情况（第十五条）", st.heading),
        table([["周（周一起）", "导入数", "24小时内", "豁免", "超时", "按时率"]]
              + [[f"{w.week_start:%Y-%m-%d}", w.recordings, w.on_time, w.exempt, w.late,
                  _share(w.on_time + w.exempt, w.recordings)] for w in figures.weeks],
              [40, 24, 26, 22, 22, 40]),
        p("三、执法记录设备（第六条、第七条）", st.heading),
        table([["编号", "型号", "分组", "第一责任人", "配发给", "状态", "最近导入", "当前时钟偏差"]]
              + [[d.serial, d.model or "待补充", d.group or "待补充", d.responsible_person or "待补充",
                  d.issued_to or "—", d.status_label,
                  f"{to_local(d.last_import_at, zone_name):%m-%d %H:%M}" if d.last_import_at else "从未",
                  f"{d.current_offset_s:+.1f} 秒" if d.current_offset_s is not None else "未检查"]
                 for d in figures.devices],
              [22, 20, 20, 24, 20, 16, 24, 28]),
    ]
    if figures.unchecked_days:
        story.append(Spacer(1, 3 * mm))
        story.append(table([["设备", "日期", "当日录像数（未做使用前检查）"]]
                           + [[u.device, f"{u.day:%Y-%m-%d}", u.recordings] for u in figures.unchecked_days],
                           [40, 40, 94]))
    story.append(p("四、应录未录的执法活动（第四条、第五条）", st.heading))
    if figures.activities_missing:
        story.append(table([["活动", "类别", "地点", "时间", "案号"]]
                           + [[a.id, a.kind_label, a.place, f"{to_local(a.start, zone_name):%m-%d %H:%M}",
                               a.case_number or "—"] for a in figures.activities_missing],
                           [14, 70, 40, 26, 24]))
    else:
        story.append(p("无。", st.body))
    story += _open_findings_story(figures, p, table, st)
    story.append(p("六、单人完成的账户授权（双人管理：无第二人确认）", st.heading))
    if figures.single_person_changes:
        story.append(table([["审计事件", "时间", "操作人", "变更", "用户", "内容"]]
                           + [[f"#{c.seq}", f"{to_local(c.at, zone_name):%m-%d %H:%M}", c.by, c.action, c.user,
                               c.detail] for c in figures.single_person_changes],
                           [20, 24, 26, 28, 26, 50]))
    else:
        story.append(p("无。", st.body))
    story += _activities_story(figures, zone_name, p, table, st)
    story.append(Spacer(1, 8 * mm))
    story.append(p("本报告由工作站根据目录与审计记录自动生成，并以工作站证书签名。", st.small))
    story.append(Spacer(1, 10 * mm))
    story.append(p("监察大队负责人（签字）：________________　　日期：____年____月____日", st.body))
    return story


def _open_findings_story(figures: MonthlyFigures, p: Any, table: Any, st: Any) -> list[Any]:
    """Section 5: open findings counted by kind, the oldest :data:`OPEN_FINDINGS_LISTED` listed, and where the
    complete list is (the attached CSV)."""
    story: list[Any] = [p("五、未处理的问题清单", st.heading)]
    findings = figures.open_findings
    if not findings:
        return [*story, p("无。", st.body)]
    kinds = Counter(f.kind for f in findings)
    story.append(table([["类别", "数量"]] + [[label(FINDING_LABELS, k, "zh_CN"), n] for k, n in kinds.most_common()]
                       + [["合计", len(findings)]], [80, 30]))
    listed = findings[:OPEN_FINDINGS_LISTED]
    story.append(p(f"以下列出最早的 {len(listed)} 项，共 {len(findings)} 项；完整清单见本报告的附件"
                   f" {open_findings_file_name(figures.month)}（随报告一并签名）。", st.body))
    story.append(table([["编号", "类别", "记录", "说明"]]
                       + [[f.id, label(FINDING_LABELS, f.kind, "zh_CN"), ", ".join(map(str, f.recording_ids)) or "—",
                           f.text_zh] for f in listed],
                       [14, 26, 26, 108]))
    return story


def _checklist_words(activity: ActivityView) -> str:
    """The Art. 10 items marked on an activity's footage, in Chinese."""
    marked = [BookmarkCategory(c).label_zh for c, on in activity.checklist.items()
              if on and c != BookmarkCategory.NOTIFICATION_GIVEN.value]
    return "、".join(marked) or "无"


def _activities_story(figures: MonthlyFigures, zone_name: str, p: Any, table: Any, st: Any) -> list[Any]:
    """Section 7: every activity of the month with its registration (Art. 3/12), Art. 8 notification mark and
    Art. 10 checklist; section 8: the Art. 14 complaint and conduct notes."""
    story: list[Any] = [p("七、执法活动的登记、告知与记录要素（第三条、第八条、第十条）", st.heading)]
    if figures.activity_list:
        rows: list[list[object]] = [
            ["活动", "类别", "地点", "时间", "登记", "已告知（第八条）", "已标记的记录要素（第十条）"]]
        rows += [[a.id, a.kind_label, a.place, f"{to_local(a.start, zone_name):%m-%d %H:%M}",
                  "补登记" if a.registered_afterwards else "事前登记",
                  "是" if a.notification_given else ("否" if a.mandatory else "—"), _checklist_words(a)]
                 for a in figures.activity_list]
        story.append(table(rows, [12, 30, 26, 20, 16, 20, 50]))
    else:
        story.append(p("无。", st.body))
    story.append(p("八、投诉与执法仪容、语言行为情况（第十四条）", st.heading))
    if not figures.conduct_notes:
        return [*story, p("无。", st.body)]
    notes: list[list[object]] = [["日期", "类别", "执法活动", "书签类别", "内容", "来源", "登记人"]]
    notes += [[f"{n.occurred_on:%m-%d}", n.kind_label, f"{n.activity_id} {n.activity_place}" if n.activity_id else "—",
               n.bookmark_category_label or "—", n.text, n.source or "—", n.recorded_by]
              for n in figures.conduct_notes]
    return [*story, table(notes, [14, 22, 28, 24, 50, 18, 18])]


def monthly_report(ctx: ServiceContext, *, month: str) -> ReportResult:
    """The month's signed Chinese compliance report (PDF, PAdES-signed by the station) as a document the client
    writes where the person asks, with its SHA-256 and figures; audited. It carries the chain head it was issued
    at (a witness for ``audit verify --witness``)."""
    ctx.require(Operation.READ_FINDINGS, "report", month)
    figures = monthly_figures(ctx, month=month)
    settings = ctx.station.settings
    signed = signed_chinese_pdf(ctx, _story(ctx, figures), title=f"执法音像记录合规月报 {figures.month}",
                                subject="compliance report", footer_text=f"{settings.station_name} · {figures.month}",
                                reason=f"合规月报 {figures.month}", witness="monthly_report",
                                attachments=[PdfAttachment(
                                    open_findings_file_name(figures.month), open_findings_csv(figures.open_findings),
                                    "text/csv", "未处理的问题完整清单 / every open finding")])
    digest = hashlib.sha256(signed).hexdigest()
    with write_transaction():
        ctx.audit("report.compliance_monthly", "report", figures.month, {
            "sha256": digest, "open_findings": len(figures.open_findings),
            "imported": figures.recordings_imported, "late": figures.imported_late})
    document = Document(file_name=f"compliance-report-{figures.month}.pdf", media_type="application/pdf",
                        content=signed)
    return ReportResult(document, digest, figures)
