"""Use cases: evidence cases — create, attach recordings, list, show, close (with a retention period).

Art. 20: a recording the acting user may not know of (a secret above their clearance) is not part of any case as
that user sees it — views, counts and exports leave it out, and naming it (attach, detach) answers as for a
recording that does not exist (audited ``recording.hidden_access``), as every other look-up does.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import cast

from peewee import IntegrityError

from evidence_station.api.cases import AttachResult, CaseView
from evidence_station.catalogue.cases import Case, CaseRecording, Export
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.recordings import Recording
from evidence_station.domain.cases import account_label, clean_text, parse_retention
from evidence_station.domain.clock import iso
from evidence_station.domain.errors import InvalidInputError, NotFoundError
from evidence_station.domain.messages import Items, Msg
from evidence_station.domain.roles import Operation
from evidence_station.services.classification_service import (
    refuse_hidden,
    visible_export_filter,
    visible_recording_filter,
)
from evidence_station.services.context import ServiceContext
from evidence_station.services.evidence_exports import evidence_exports_of, evidence_recordings_of_case
from evidence_station.services.keep_until_store import restamp
from evidence_station.services.recordings_service import recording_view


def _view(ctx: ServiceContext, case: Case, *, with_recordings: bool = False) -> CaseView:
    """The case as the acting user may know it: recordings above their clearance and the exports holding them are
    left out (Art. 20)."""
    links = list(
        CaseRecording.select(CaseRecording, Recording)
        .join(Recording)
        .where((CaseRecording.case == case) & visible_recording_filter(ctx))
        .order_by(Recording.start_at, Recording.id)
    )
    return CaseView(
        case_id=case.id,
        number=case.number,
        title=case.title,
        parties=case.parties,
        activity_id=case.activity_id,
        status=case.status,
        created_by=case.created_by.name,
        created_by_label=account_label(case.created_by.display_name or "", case.created_by.name),
        created_at=case.created_at,
        closed_at=case.closed_at,
        retention=case.retention,
        retention_until=case.retention_until,
        recording_ids=tuple(link.recording_id for link in links),
        exports=Export.select().where((Export.case == case) & visible_export_filter(ctx)).count(),
        recordings=tuple(recording_view(link.recording) for link in links) if with_recordings else (),
    )


class OnEvidenceDiscError(InvalidInputError):
    """A recording already on a completed evidence export of the case may not be detached from it (Art. 16: evidence
    is kept with the case file)."""

    code = "on_evidence_disc"
    headline_zh = "记录已刻入证据光盘，不能从案件中移除"


def _refuse_detaching_evidence(case: Case, recording_ids: list[int]) -> None:
    """Art. 16: a recording on a completed evidence disc of the case stays attached (kept with the case file)."""
    on_disc = evidence_exports_of(recording_ids, case.id)
    if not on_disc:
        return
    named = Items((Msg("recording {id} is on evidence export {exports}", id=rid,
                       exports=Items(f"#{e.id}" for e in exports))
                   for rid, exports in sorted(on_disc.items())), clauses=True)
    raise OnEvidenceDiscError(Msg(
        "Case {number}: {named} (completed, on disc). A recording used as evidence is kept as long as the case file "
        "(Art. 16), so it cannot be detached from the case.", number=case.number, named=named))


def load_case(case_id: int) -> Case:
    """The case row, or :class:`NotFoundError` naming the id."""
    case = Case.get_or_none(Case.id == case_id)
    if case is None:
        raise NotFoundError(Msg(
            "No case with id {case_id}; list the cases with `evidence-station case list`.",
            case_id=case_id,
        ))
    return case


def _next_number(at: datetime) -> str:
    year = at.year
    prefix = f"CASE-{year}-"
    taken = {c.number for c in Case.select(Case.number).where(Case.number.startswith(prefix))}
    serial = len(taken) + 1
    while f"{prefix}{serial:04d}" in taken:
        serial += 1
    return f"{prefix}{serial:04d}"


def add_case(
    ctx: ServiceContext,
    *,
    title: str,
    number: str | None = None,
    parties: str = "",
    activity_id: int | None = None,
) -> CaseView:
    """Create a case. Without ``number`` the station numbers it ``CASE-<year>-0001`` onwards."""
    ctx.require(Operation.MANAGE_CASES, "case", number or "")
    title = clean_text(title, "case title")
    parties = clean_text(parties, "parties", required=False, limit=1000)
    given = clean_text(number, "case number", limit=64) if number is not None else None
    now = ctx.now()
    with write_transaction():
        case_number = given or _next_number(now)
        if Case.get_or_none(Case.number == case_number) is not None:
            raise InvalidInputError(Msg(
                "A case numbered {case_number!r} already exists; give another number.",
                case_number=case_number,
            ))
        try:
            case = Case.create(
                number=case_number, title=title, parties=parties, activity_id=activity_id,
                created_by=ctx.actor.user_id, created_at=now,
            )
        except IntegrityError:
            raise InvalidInputError(
                Msg("A case numbered {case_number!r} already exists.", case_number=case_number)
            ) from None
        ctx.audit("case.add", "case", case.id,
                  {"number": case_number, "title": title, "parties": parties, "activity_id": activity_id})
        return _view(ctx, case)


def _recordings(recording_ids: Iterable[int]) -> list[Recording]:
    wanted = list(dict.fromkeys(int(r) for r in recording_ids))
    if not wanted:
        raise InvalidInputError(Msg("Name at least one recording (by its id)."))
    found = {r.id: r for r in Recording.select().where(Recording.id.in_(wanted))}
    missing = [str(r) for r in wanted if r not in found]
    if missing:
        raise NotFoundError(Msg("No recording with id {ids}.", ids=Items(missing)))
    gone = [r for r in found.values() if r.disposed_at is not None]
    if gone:
        disposed = Items(Msg("{id} ({file_name})", id=r.id, file_name=r.file_name) for r in gone)
        raise InvalidInputError(Msg(
            "Recording {recordings} was disposed of; its original is no longer kept and it cannot be used as "
            "evidence.",
            recordings=disposed,
        ))
    return [found[r] for r in wanted]


def attach_recordings(ctx: ServiceContext, case_id: int, recording_ids: Iterable[int]) -> AttachResult:
    """Attach recordings to an open case (already attached ones are left as they are)."""
    ctx.require(Operation.MANAGE_CASES, "case", case_id)
    recording_ids = list(recording_ids)
    refuse_hidden(ctx, recording_ids, "attach_recordings")
    with write_transaction():
        case = load_case(case_id)
        if case.status != "open":
            raise InvalidInputError(Msg(
                "Case {number} is closed; recordings can no longer be attached.",
                number=case.number,
            ))
        recordings = _recordings(recording_ids)
        present = {
            link.recording_id
            for link in CaseRecording.select().where(
                (CaseRecording.case == case) & CaseRecording.recording.in_([r.id for r in recordings])
            )
        }
        new = [r for r in recordings if r.id not in present]
        now = ctx.now()
        for rec in new:
            CaseRecording.create(case=case, recording=rec, attached_by=ctx.actor.user_id, attached_at=now)
        if new:
            restamp(r.id for r in new)
            ctx.audit("case.attach", "case", case.id, {
                "number": case.number,
                "recordings": [{"id": r.id, "sha256": r.sha256, "file_name": r.file_name} for r in new],
            })
    return AttachResult(case.id, tuple(r.id for r in new), tuple(r.id for r in recordings if r.id in present))


def detach_recordings(ctx: ServiceContext, case_id: int, recording_ids: Iterable[int]) -> CaseView:
    """Detach recordings attached by mistake from an open case. A recording on a completed evidence export of the case
    stays (:class:`OnEvidenceDiscError`, Art. 16)."""
    ctx.require(Operation.MANAGE_CASES, "case", case_id)
    ids = list(dict.fromkeys(int(r) for r in recording_ids))
    refuse_hidden(ctx, ids, "detach_recordings")
    with write_transaction():
        case = load_case(case_id)
        if case.status != "open":
            raise InvalidInputError(Msg(
                "Case {number} is closed; its recordings can no longer change.",
                number=case.number,
            ))
        links = list(CaseRecording.select().where((CaseRecording.case == case) & CaseRecording.recording.in_(ids)))
        absent = sorted(set(ids) - {link.recording_id for link in links})
        if absent:
            raise NotFoundError(Msg("Recording {ids} is not attached to case {number}.",
                                    ids=Items(absent), number=case.number))
        _refuse_detaching_evidence(case, ids)
        CaseRecording.delete().where(CaseRecording.id.in_([link.id for link in links])).execute()
        restamp(ids)
        ctx.audit("case.detach", "case", case.id, {"number": case.number, "recordings": ids})
        return _view(ctx, case)


def list_cases(ctx: ServiceContext, *, status: str | None = None) -> list[CaseView]:
    """Cases, newest first (``status``: ``open`` or ``closed`` to filter)."""
    ctx.require(Operation.LIST_RECORDINGS)
    query = Case.select().order_by(Case.id.desc())
    if status:
        query = query.where(Case.status == status)
    return [_view(ctx, case) for case in query]


def get_case(ctx: ServiceContext, case_id: int) -> CaseView:
    """One case with its recordings' metadata (no footage)."""
    ctx.require(Operation.LIST_RECORDINGS, "case", case_id)
    return _view(ctx, load_case(case_id), with_recordings=True)


def close_case(ctx: ServiceContext, case_id: int, *, retention: str) -> CaseView:
    """Close a case and fix how long it and its recordings are kept (``30y``, ``10y``, ``permanent`` …)."""
    ctx.require(Operation.MANAGE_CASES, "case", case_id)
    period = parse_retention(retention)
    now = ctx.now()
    with write_transaction():
        case = load_case(case_id)
        if case.status == "closed":
            raise InvalidInputError(Msg(
                "Case {number} was already closed on {closed_at}.",
                number=case.number,
                closed_at=iso(case.closed_at),
            ))
        case.status = "closed"
        case.closed_at = now
        case.closed_by_id = ctx.actor.user_id
        case.retention = period.text
        case.retention_until = period.until(now)
        case.save()
        attached = cast(Iterable[tuple[int]],
                        CaseRecording.select(CaseRecording.recording).where(CaseRecording.case == case).tuples())
        restamp([*(rid for (rid,) in attached), *evidence_recordings_of_case(case.id)])
        ctx.audit("case.close", "case", case.id, {
            "number": case.number, "retention": period.text,
            "retention_until": iso(case.retention_until) if case.retention_until else None,
        })
        return _view(ctx, case)
