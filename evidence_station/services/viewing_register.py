"""The Art. 18 viewing register (查阅登记): one entry per viewing session — under the grant it was opened with —
as data, and as documents the client writes: CSV and a printable, signed Chinese PDF laid out like the paper
register book."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from tempfile import TemporaryDirectory
from xml.sax.saxutils import escape

from peewee import JOIN
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from evidence_station.api.documents import Document
from evidence_station.api.viewing import RegisterEntry, RegisterSnapshot
from evidence_station.catalogue.people import User
from evidence_station.catalogue.recordings import Recording
from evidence_station.catalogue.viewing import Snapshot, ViewingRequest, ViewingSession, WatchedRange
from evidence_station.domain.messages import label
from evidence_station.domain.roles import Operation
from evidence_station.domain.viewing import PURPOSE_LABELS, Classification
from evidence_station.export.fonts import register_cjk_font
from evidence_station.export.pdf_signing import signed_pdf_bytes
from evidence_station.export.pdf_styles import build_chinese_pdf, chinese_styles
from evidence_station.export.plan import format_duration, format_local_time
from evidence_station.services.chain_head import current_chain_head
from evidence_station.services.classification_service import can_see, classification_of
from evidence_station.services.context import ServiceContext

TITLE = "执法音像记录查阅登记簿"
COLUMNS = ("序号", "查阅人", "查阅事由", "批准人", "批准时间", "开始时间", "结束时间", "查阅内容", "截图", "备注")
_COLUMN_MM = (10, 28, 38, 25, 22, 22, 22, 46, 26, 22)


def _display(user: User | None) -> str:
    if user is None:
        return ""
    return user.display_name or user.name


def _purpose_label(purpose: str) -> str:
    return label(PURPOSE_LABELS, purpose, "zh_CN")


def viewing_register(
    ctx: ServiceContext,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    viewer: str | None = None,
) -> list[RegisterEntry]:
    """Register entries (sessions opened in [since, until), optionally of one viewer), oldest first.

    Sessions on recordings the reader may not know of (secret, above their clearance) are left out.
    """
    ctx.require(Operation.READ_VIEWING_REGISTER)
    query = (ViewingSession.select(ViewingSession, ViewingRequest, Recording)
             .join(ViewingRequest, on=(ViewingSession.request == ViewingRequest.id))
             .switch(ViewingSession).join(Recording, on=(ViewingSession.recording == Recording.id))
             .order_by(ViewingSession.opened_at, ViewingSession.id))
    if since is not None:
        query = query.where(ViewingSession.opened_at >= since)
    if until is not None:
        query = query.where(ViewingSession.opened_at < until)
    if viewer:
        query = query.join(User, JOIN.INNER, on=(ViewingSession.viewer == User.id)).where(User.name == viewer)
    entries = []
    for session in query:
        rec = session.recording
        if not (can_see(ctx, rec) and can_see(ctx, session.classification)):
            continue
        req = session.request
        viewer_user = User.get_by_id(session.viewer_id)
        approver = User.get_or_none(User.id == req.decided_by_id)
        cls = classification_of(session.classification)
        purpose = req.purpose
        entries.append(RegisterEntry(
            session_id=session.id, request_id=req.id, viewer=viewer_user.name, viewer_name=_display(viewer_user),
            badge_number=viewer_user.badge_number, requested_by=User.get_by_id(req.requested_by_id).name,
            recording_id=rec.id, recording_file=rec.file_name, recordings=[f"#{rec.id} {rec.file_name}"],
            classification=cls.value, classification_label=cls.label_zh, reason=req.reason, purpose=purpose,
            purpose_label=_purpose_label(purpose),
            approver=approver.name if approver else "", approver_name=_display(approver),
            approved_at=req.decided_at, valid_until=req.valid_until, on_site_only=req.on_site_only,
            station_uid=session.station_uid, client=session.client, opened_at=session.opened_at,
            closed_at=session.closed_at,
            watched=[(r.start_ms, r.end_ms) for r in session.ranges.order_by(WatchedRange.start_ms, WatchedRange.id)],
            snapshots=[RegisterSnapshot(s.id, s.offset_ms, s.sha256)
                       for s in session.snapshots.order_by(Snapshot.offset_ms, Snapshot.id)],
        ))
    return entries


# ----------------------------------------------------------------------------------------- cell texts
def _clock(ms: int) -> str:
    return format_duration(ms / 1000)


def _watched_text(entry: RegisterEntry) -> str:
    if not entry.watched:
        return "未播放"
    return "；".join(f"{_clock(a)}–{_clock(b)}" for a, b in entry.watched)


def _snapshots_text(entry: RegisterEntry) -> str:
    if not entry.snapshots:
        return "无"
    return f"{len(entry.snapshots)} 张：" + "；".join(f"{_clock(s.offset_ms)}（{s.sha256[:12]}）"
                                                   for s in entry.snapshots)


def _notes_text(entry: RegisterEntry) -> str:
    notes = []
    if entry.classification != Classification.ORDINARY.value:
        notes.append(f"密级：{entry.classification_label}")
    if entry.on_site_only:
        notes.append("限本站现场查阅")
    if entry.requested_by != entry.viewer:
        notes.append(f"{entry.requested_by} 代为申请")
    notes.append(f"审批单 #{entry.request_id}")
    return "；".join(notes)


def _viewer_text(entry: RegisterEntry) -> str:
    text = f"{entry.viewer_name}（{entry.viewer}）" if entry.viewer_name != entry.viewer else entry.viewer
    return f"{text} 警号 {entry.badge_number}" if entry.badge_number else text


def _approver_text(entry: RegisterEntry) -> str:
    if entry.approver_name and entry.approver_name != entry.approver:
        return f"{entry.approver_name}（{entry.approver}）"
    return entry.approver


def register_rows(entries: Sequence[RegisterEntry], zone_name: str) -> list[list[str]]:
    """The register's text cells, one list per entry, in :data:`COLUMNS` order."""
    rows = []
    for number, entry in enumerate(entries, start=1):
        rows.append([
            str(number),
            _viewer_text(entry),
            f"【{entry.purpose_label}】{entry.reason}",
            _approver_text(entry),
            f"{format_local_time(entry.approved_at, zone_name)}（有效至 "
            f"{format_local_time(entry.valid_until, zone_name)}）",
            format_local_time(entry.opened_at, zone_name),
            format_local_time(entry.closed_at, zone_name) if entry.closed_at else "未关闭",
            f"{'、'.join(entry.recordings)}；观看 {_watched_text(entry)}",
            _snapshots_text(entry),
            _notes_text(entry),
        ])
    return rows


# ----------------------------------------------------------------------------------------- outputs
def _file_stem(ctx: ServiceContext) -> str:
    return f"viewing-register-{ctx.now():%Y%m%d-%H%M%S}"


def viewing_register_pdf(
    ctx: ServiceContext,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    viewer: str | None = None,
    period: str = "",
    sign: bool = True,
) -> Document:
    """The register of sessions opened in [since, until) (optionally of one viewer) as a landscape A4 Chinese
    PDF (fonts embedded), signed with the station key unless ``sign`` is False; the printing is audited. The
    client writes it where the reader asks (``period`` is the period's wording printed on the sheet)."""
    entries = viewing_register(ctx, since=since, until=until, viewer=viewer)
    zone_name = ctx.station.settings.zone
    styles = chinese_styles(9.0)
    font = register_cjk_font()
    settings = ctx.station.settings
    printed = format_local_time(ctx.now(), zone_name)
    story = [
        Paragraph(escape(TITLE), styles.title),
        Paragraph(escape(f"单位：{settings.organisation}    工作站：{settings.station_name}（{settings.station_uid}）"),
                  styles.body),
        Paragraph(escape(f"登记期间：{period or '全部'}    打印人：{ctx.actor.label}    打印时间：{printed}    "
                         f"共 {len(entries)} 条"), styles.body),
        Paragraph(escape(f"说明：每次查阅由系统自动登记；打印人知悉范围（密级许可 {ctx.actor.clearance}）以外的涉密查阅"
                         "记录不列入本册。"), styles.small),
        Spacer(1, 3 * mm),
    ]
    header = [Paragraph(escape(c), styles.label) for c in COLUMNS]
    body = [[Paragraph(escape(cell), styles.cell) for cell in row] for row in register_rows(entries, zone_name)]
    empty = not body
    if empty:
        body = [[Paragraph("—", styles.cell), Paragraph("本期间无查阅记录", styles.cell)]
                + [""] * (len(COLUMNS) - 2)]
    table = Table([header, *body], colWidths=[w * mm for w in _COLUMN_MM], repeatRows=1)
    if empty:
        table.setStyle(TableStyle([("SPAN", (1, 1), (-1, 1))]))
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    story.append(table)
    head = current_chain_head(ctx)  # the register witnesses the chain as it is now
    story.append(Paragraph(escape(head.line_zh), styles.small))
    drafts = ctx.station.home.cache_dir / "drafts"
    drafts.mkdir(parents=True, exist_ok=True, mode=0o700)
    with TemporaryDirectory(dir=drafts) as folder:
        draft = Path(folder) / "register.pdf"
        build_chinese_pdf(draft, story, title=TITLE, author=ctx.actor.label,
                          subject=f"{settings.organisation} {TITLE}", footer_text=f"{TITLE}  {settings.station_uid}",
                          pagesize=landscape(A4))
        content = (signed_pdf_bytes(draft, ctx.station.signer, reason=TITLE, location=settings.station_name,
                                    name=ctx.actor.label, chain_head=head.witness("viewing_register"))
                   if sign else draft.read_bytes())
    ctx.audit("viewing.register_pdf", "viewing_register", "",
              {"entries": len(entries), "session_ids": [e.session_id for e in entries], "signed": sign})
    return Document(file_name=f"{_file_stem(ctx)}.pdf", media_type="application/pdf", content=content)


CSV_COLUMNS = ("session_id", "request_id", "viewer", "viewer_name", "badge_number", "requested_by", "recording_id",
               "recording_file", "classification", "purpose", "reason", "approver", "approved_at", "valid_until",
               "opened_at", "closed_at", "watched", "snapshots", "on_site_only", "station_uid", "client")


def viewing_register_csv(
    ctx: ServiceContext, *, since: datetime | None = None, until: datetime | None = None, viewer: str | None = None
) -> Document:
    """The register of sessions opened in [since, until) (optionally of one viewer) as UTF-8 CSV (with BOM, so
    spreadsheet programs read the Chinese); audited. The client writes it where the reader asks."""
    entries = viewing_register(ctx, since=since, until=until, viewer=viewer)
    zone_name = ctx.station.settings.zone
    stream = io.StringIO(newline="")
    writer = csv.writer(stream)
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        writer.writerow([
            e.session_id, e.request_id, e.viewer, e.viewer_name, e.badge_number, e.requested_by, e.recording_id,
            e.recording_file, e.classification, e.purpose, e.reason, e.approver,
            format_local_time(e.approved_at, zone_name), format_local_time(e.valid_until, zone_name),
            format_local_time(e.opened_at, zone_name),
            format_local_time(e.closed_at, zone_name) if e.closed_at else "",
            " ".join(f"{a}-{b}" for a, b in e.watched),
            " ".join(f"{s.offset_ms}:{s.sha256}" for s in e.snapshots), int(e.on_site_only), e.station_uid,
            e.client,
        ])
    ctx.audit("viewing.register_csv", "viewing_register", "", {"entries": len(entries)})
    return Document(file_name=f"{_file_stem(ctx)}.csv", media_type="text/csv",
                    content=stream.getvalue().encode("utf-8-sig"))
