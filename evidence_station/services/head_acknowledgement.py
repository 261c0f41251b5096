"""Use cases: the head's acknowledgement of an Art. 5 non-recording record — a station user with the director
(head of the enforcement body) role confirms it in the station, in time (``head_acknowledgement_days``, default 3
days after the activity; later raises ``late_acknowledgement``) — and the record's printable, signed form."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from evidence_station.api.activities import NonRecordingView
from evidence_station.api.documents import Document
from evidence_station.catalogue.compliance import HeadAcknowledgement, NonRecordingRecord
from evidence_station.catalogue.database import write_transaction
from evidence_station.domain.clock import to_local
from evidence_station.domain.errors import InvalidInputError, NotFoundError
from evidence_station.domain.messages import Msg
from evidence_station.domain.roles import Operation
from evidence_station.services.activity_service import (
    acknowledgement_due,
    non_recording_view,
    raise_late_acknowledgement,
)
from evidence_station.services.context import ServiceContext
from evidence_station.services.signed_documents import signed_chinese_pdf


class AlreadyAcknowledgedError(InvalidInputError):
    """The head has confirmed this record already."""

    code = "already_acknowledged"
    headline_zh = "负责人已确认该记录"


def non_recording_row(record_id: int) -> NonRecordingRecord:
    """The Art. 5 record or NotFoundError."""
    record = NonRecordingRecord.get_or_none(NonRecordingRecord.id == record_id)
    if record is None:
        raise NotFoundError(
            Msg(
                "No non-recording record with id {record_id}; list them with 'non-recording list'.",
                record_id=record_id,
            ))
    return record


def acknowledge_non_recording_record(ctx: ServiceContext, *, record_id: int, note: str = "") -> NonRecordingView:
    """Art. 5: the head (a director) confirms a non-recording record in the station, once; a confirmation after
    ``head_acknowledgement_days`` raises ``late_acknowledgement``. Audited."""
    ctx.require(Operation.ACKNOWLEDGE_NON_RECORDING, "non_recording", record_id)
    settings = ctx.station.settings
    with write_transaction():
        record = non_recording_row(record_id)
        earlier = HeadAcknowledgement.get_or_none(HeadAcknowledgement.record == record.id)
        if earlier is not None:
            at = to_local(earlier.acknowledged_at, settings.zone)
            raise AlreadyAcknowledgedError(
                Msg(
                    "Non-recording record #{id} was confirmed by {name} on {at:%Y-%m-%d %H:%M} already.",
                    id=record.id,
                    name=earlier.acknowledged_by.name,
                    at=at,
                ))
        now = ctx.now()
        due = acknowledgement_due(record, settings.head_acknowledgement_days)
        late = to_local(now, settings.zone).date() > due
        HeadAcknowledgement.create(record=record, acknowledged_by=ctx.actor.user_id, acknowledged_at=now, due_on=due,
                                   late=late, note=note.strip())
        ctx.audit("non_recording.acknowledge", "non_recording", record.id,
                  {"due": due.isoformat(), "late": late, "note": note.strip()})
        raised = raise_late_acknowledgement(ctx, record, due, acknowledged=True) if late else None
    return non_recording_view(ctx, record, findings=[raised] if raised else [])


def non_recording_form(ctx: ServiceContext, record_id: int) -> Document:
    """Art. 5: one record's printable form — reason, basis, reporter, the head it was reported to and the head's
    confirmation in the station (with its deadline) — as a Chinese PDF signed by the station; audited."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    from evidence_station.export.pdf_styles import chinese_styles

    ctx.require(Operation.READ_FINDINGS, "non_recording", record_id)
    view = non_recording_view(ctx, non_recording_row(record_id))
    settings = ctx.station.settings
    st = chinese_styles()

    def p(text: object, style: Any = None) -> Paragraph:
        return Paragraph(escape(str(text)), style or st.cell)

    def local(value: datetime | None) -> str:
        return f"{to_local(value, settings.zone):%Y-%m-%d %H:%M}" if value else "—"

    if view.acknowledged_by:
        confirmed = f"{view.acknowledged_by} 于 {local(view.acknowledged_at)} 在工作站确认" + (
            "（超过期限）" if view.acknowledgement_late else "（在期限内）")
    else:
        confirmed = "尚未确认"
    rows: list[list[object]] = [
        ["记录编号", view.id], ["执法活动", f"#{view.activity_id}" if view.activity_id else "未对应已登记的执法活动"],
        ["发生日期", view.occurred_on.isoformat()], ["不进行记录的原因（第五条）", view.reason_label],
        ["法律或事实依据", view.basis], ["报告人（执法人员）", view.reporter],
        ["报告对象（执法机构负责人）", view.head_acknowledged], ["备注", view.note or "—"],
        ["登记人及时间", f"{view.recorded_by}，{local(view.recorded_at)}"],
        ["负责人确认期限", f"{view.acknowledgement_due}（{settings.head_acknowledgement_days} 天内）"],
        ["负责人在工作站确认", confirmed],
    ]
    grid = Table([[p(k), p(v)] for k, v in rows], colWidths=[50 * mm, 124 * mm])
    grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke)]))
    title = "不进行现场执法记录工作记录"
    story = [p(settings.organisation, st.body), p(title, st.title), grid, Spacer(1, 12 * mm),
             p("报告人（签字）：________________　　日期：____年____月____日", st.body), Spacer(1, 8 * mm),
             p("执法机构负责人（签字）：________________　　日期：____年____月____日", st.body)]
    content = signed_chinese_pdf(ctx, story, title=f"{title} #{view.id}", subject="Art. 5 non-recording record",
                                 footer_text=f"{settings.station_name} · #{view.id}", reason=f"{title} #{view.id}",
                                 witness="non_recording_form")
    with write_transaction():
        ctx.audit("non_recording.form", "non_recording", view.id, {"acknowledged": bool(view.acknowledged_by)})
    return Document(file_name=f"non-recording-{view.id}.pdf", media_type="application/pdf", content=content)
