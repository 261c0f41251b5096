"""Use cases: resolve findings — explain gaps (Art. 11), give late-import reasons (Art. 15), close others.

Also the helpers every compliance service uses to raise and close findings inside its own transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from evidence_station.api.compliance import ResolveResult
from evidence_station.api.findings import FindingView
from evidence_station.catalogue.compliance import GapExplanation, LateImportReasonRecord
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.recordings import Finding, FindingRecording, ImportSession, Recording
from evidence_station.domain.choices import input_error
from evidence_station.domain.compliance import (
    EXEMPT_REASONS,
    GAP_REASON_LABELS,
    LATE_IMPORT_LABELS,
    GapReason,
    LateImportReason,
    late_import_exempt,
    parse_choice,
)
from evidence_station.domain.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from evidence_station.domain.findings import (
    DIRECTOR_DECIDES,
    FINDING_LABELS,
    FindingKind,
    duration,
)
from evidence_station.domain.messages import Items, Msg
from evidence_station.domain.roles import Operation, allowed
from evidence_station.services.context import ServiceContext
from evidence_station.services.gap_reports import check_report, record_gap_report, spoken_mark
from evidence_station.services.recording_findings import finding_view_of

#: Kinds that close only through their own route, not a free-text resolution.
_OWN_ROUTE: dict[str, Msg] = {
    FindingKind.GAP.value: Msg("explain the gap (reason, and whether the officer explained it by voice when "
                               "resuming)"),
    FindingKind.LATE_IMPORT.value: Msg("record the late-import reason (and the return time for an exemption)"),
    FindingKind.MISSING_RECORDING.value: Msg("assign the activity's recordings or add its Art. 5 non-recording "
                                             "record"),
}


#: What a gap explained without a spoken explanation is (``details.breach`` of the finding, which stays open).
NO_SPOKEN_EXPLANATION = "no_spoken_explanation"


class DirectorDecisionRequiredError(PermissionDeniedError):
    """The finding closes only with a director's decision (Art. 11: possible inserted footage, or an interruption
    the officer did not explain by voice on resuming)."""

    code = "director_decision_required"
    headline_zh = "该问题须由主管局长作出决定才能关闭"


def _director_reason(finding: Finding) -> Msg | None:
    """Why only a director may close ``finding``, or None when anyone who resolves findings may."""
    if finding.kind in {k.value for k in DIRECTOR_DECIDES}:
        return Msg("it may show inserted or re-recorded footage (Art. 11)")
    if finding.kind == FindingKind.GAP.value and (finding.details or {}).get("breach") == NO_SPOKEN_EXPLANATION:
        return Msg("the officer did not explain the interruption by voice when recording resumed (Art. 11 breach)")
    return None


def _kind(kind: str) -> Msg | str:
    """The name of a finding kind (the kind itself if unknown)."""
    return FINDING_LABELS[FindingKind(kind)] if kind in FindingKind._value2member_map_ else kind




# -- helpers used inside other services' transactions --------------------------------------------------------
def finding_view(finding: Finding) -> FindingView:
    """The frozen view of a finding row."""
    ids = [link.recording_id for link in finding.recording_links.order_by(FindingRecording.recording)]
    return finding_view_of(finding, ids)


def raise_finding(
    ctx: ServiceContext,
    kind: FindingKind,
    message: str | Msg,
    *,
    recording_ids: list[int] | None = None,
    seconds: float | None = None,
    details: dict[str, Any] | None = None,
    import_session: ImportSession | int | None = None,
    message_zh: str = "",
) -> Finding:
    """Create an open finding with its recording links and audit it (call inside a transaction).

    ``message`` is a :class:`Msg` (stored in English, its Chinese from the catalogue) or, during the migration,
    English with ``message_zh`` the same sentence in Chinese, for documents and the Chinese interface.
    """
    if isinstance(message, Msg):
        message_zh = message.render("zh_CN")
        message = str(message)
    stored = {**(details or {}), **({"message_zh": message_zh} if message_zh else {})}
    finding = Finding.create(kind=kind.value, message=message, seconds=seconds, import_session=import_session,
                             details=stored, created_at=ctx.now())
    link_recordings(finding, recording_ids or [])
    ctx.audit("finding.raised", "finding", finding.id, {"kind": kind.value, "recordings": recording_ids or [],
                                                       **(details or {})})
    return finding


def link_recordings(finding: Finding, recording_ids: list[int]) -> None:
    """Link recordings to a finding (links that exist already are kept once)."""
    have = {link.recording_id for link in finding.recording_links}
    for rid in recording_ids:
        if rid not in have:
            FindingRecording.create(finding=finding, recording=rid)
            have.add(rid)


def close_finding(ctx: ServiceContext, finding: Finding, resolution: str, **details: Any) -> None:
    """Mark a finding resolved by the acting user and audit it (call inside a transaction)."""
    Finding.update(status="resolved", resolved_by=ctx.actor.user_id, resolved_at=ctx.now(),
                   resolution=resolution).where(Finding.id == finding.id).execute()
    ctx.audit("finding.resolved", "finding", finding.id, {"kind": finding.kind, "resolution": resolution,
                                                         **details})


def _open_finding(finding_id: int, kind: str | None = None) -> Finding:
    finding = Finding.get_or_none(Finding.id == finding_id)
    if finding is None:
        raise NotFoundError(Msg(
            "No finding with id {finding_id}; list them with 'finding list'.",
            finding_id=finding_id,
        ))
    if kind is not None and finding.kind != kind:
        raise InvalidInputError(Msg("Finding {finding_id} is of the kind '{kind}', not '{wanted}'.",
                                    finding_id=finding_id, kind=_kind(finding.kind), wanted=_kind(kind)))
    if finding.status != "open":
        raise InvalidInputError(Msg(
            "Finding {finding_id} is already resolved ({resolution}).",
            finding_id=finding_id,
            resolution=finding.resolution,
        ))
    return finding


def _result(ctx: ServiceContext, finding_id: int, details: dict[str, Any], recorded: str = "") -> ResolveResult:
    """The finding after the call: closed (by the actor), or still open with what was ``recorded``."""
    finding = Finding.get_by_id(finding_id)
    if finding.status == "open":
        return ResolveResult(finding_view(finding), recorded, None, None, details)
    return ResolveResult(finding_view(finding), finding.resolution, finding.resolved_at, ctx.actor.name, details)


# -- use cases --------------------------------------------------------------------------------------------------
def resolve_finding(ctx: ServiceContext, *, finding_id: int, resolution: str) -> ResolveResult:
    """Close a finding with a written resolution (not gaps, late imports or missing recordings: they have
    their own route so the record the regulation asks for is kept). Possible inserted footage (``time_overlap``) and
    a gap explained without a spoken explanation close only with a director's decision (others: audited
    :class:`DirectorDecisionRequiredError`)."""
    ctx.require(Operation.RESOLVE_FINDING, "finding", finding_id)
    text = resolution.strip()
    if not text:
        raise InvalidInputError(Msg("Write what was done about the finding (the resolution may not be empty)."))
    director = _director_reason(_open_finding(finding_id))
    if director is not None and not allowed(ctx.actor.roles, Operation.DECIDE_FINDING):
        message = Msg("Finding {finding_id} closes only with a director's decision: {why}.", finding_id=finding_id,
                      why=director)
        ctx.audit("refused.decide_finding", "finding", finding_id, {"reason": str(message)}, outcome="refused")
        raise DirectorDecisionRequiredError(message)
    with write_transaction():
        finding = _open_finding(finding_id)
        if finding.kind in _OWN_ROUTE and director is None:
            raise InvalidInputError(Msg("Finding {finding_id} ({kind}) cannot be closed with a note: {route}.",
                                        finding_id=finding_id, kind=_kind(finding.kind),
                                        route=_OWN_ROUTE[finding.kind]))
        if director is not None:
            close_finding(ctx, finding, f"director's decision: {text}", director_decision=True)
        else:
            close_finding(ctx, finding, text)
    return _result(ctx, finding_id, {"director_decision": True} if director is not None else {})


def explain_gap(
    ctx: ServiceContext,
    *,
    finding_id: int,
    reason: GapReason | str,
    text: str = "",
    spoken_explanation: bool = False,
    spoken_recording_id: int | None = None,
    spoken_offset_s: float | None = None,
    spoken_bookmark_id: int | None = None,
    reported_to: str = "",
    reported_at: datetime | None = None,
    statement_name: str = "",
    statement: bytes | None = None,
) -> ResolveResult:
    """Record the Art. 11 explanation of a gap; with the officer's spoken explanation the finding closes.

    Without it the finding stays open (``details.breach``: ``no_spoken_explanation``) — Art. 11 asks for a spoken
    explanation on resuming, so its absence remains a breach until a director decides (``resolve_finding``); the
    gap may be explained again meanwhile (the explanation is replaced, both are audited).

    ``spoken_explanation`` says whether the officer explained the interruption by voice when resuming;
    ``spoken_recording_id``/``spoken_offset_s`` point to that moment (default: the recording after the gap).
    The spoken explanation is tied to the ``interruption_explained`` bookmark at the restart: the one named by
    ``spoken_bookmark_id`` (it implies the spoken explanation and gives its moment), else the first on the resuming
    recording (details ``spoken_bookmark_id``). ``reported_to``/``reported_at`` record whom the interruption was
    reported to and when; ``statement`` (named ``statement_name``) is the officer's written statement, kept in the
    vault as derived evidence (``services/gap_reports.py``).
    """
    ctx.require(Operation.RESOLVE_FINDING, "finding", finding_id)
    try:
        reason = GapReason(parse_choice(GapReason, str(reason), "gap reason"))
    except ValueError as exc:
        raise input_error(exc) from None
    if reason is GapReason.OTHER and not text.strip():
        raise InvalidInputError(Msg("For the reason 'other', describe the interruption in the text."))
    check_report(reported_to, reported_at, statement_name, statement)
    if spoken_offset_s is not None and spoken_offset_s < 0:
        raise InvalidInputError(Msg("The time of the spoken explanation is seconds from the recording's start (≥ 0)."))
    with write_transaction():
        finding = _open_finding(finding_id, FindingKind.GAP.value)
        linked = [link.recording_id for link in finding.recording_links.order_by(FindingRecording.recording)]
        resuming = _resuming_recording(linked)
        if spoken_recording_id is not None and spoken_recording_id not in linked:
            raise InvalidInputError(Msg("Recording {id} is not one of the gap's recordings ({ids}).",
                                        id=spoken_recording_id, ids=Items(linked)))
        mark = spoken_mark(resuming, spoken_bookmark_id) if spoken_explanation or spoken_bookmark_id else None
        if mark is not None and (spoken_bookmark_id is not None or (
                spoken_offset_s is None and spoken_recording_id in (None, mark.recording_id))):
            spoken_explanation = True
            spoken_recording_id, spoken_offset_s = mark.recording_id, mark.offset_s
        if spoken_explanation and spoken_recording_id is None:
            spoken_recording_id = resuming
        fields = {"reason": reason.value, "text": text.strip(), "spoken_explanation": spoken_explanation,
                  "spoken_recording": spoken_recording_id if spoken_explanation else None,
                  "spoken_offset_s": spoken_offset_s if spoken_explanation else None,
                  "explained_by": ctx.actor.user_id, "explained_at": ctx.now()}
        earlier = GapExplanation.get_or_none(GapExplanation.finding == finding)
        if earlier is None:
            GapExplanation.create(finding=finding, **fields)
        else:  # a gap left open as a breach, explained again (e.g. the spoken explanation was found after all)
            GapExplanation.update(**fields).where(GapExplanation.id == earlier.id).execute()
        spoken = "officer explained by voice on resuming" if spoken_explanation else "NO spoken explanation"
        resolution = f"gap explained: {GAP_REASON_LABELS[reason].render('zh_CN')} ({reason.value}); {spoken}"
        if text.strip():
            resolution += f"; {text.strip()}"
        details = {"reason": reason.value, "spoken_explanation": spoken_explanation,
                   "spoken_recording_id": spoken_recording_id if spoken_explanation else None,
                   "spoken_offset_s": spoken_offset_s if spoken_explanation else None,
                   "breach": not spoken_explanation}
        details |= record_gap_report(ctx, finding, mark, reported_to=reported_to, reported_at=reported_at,
                                     statement_name=statement_name, statement=statement)
        if spoken_explanation:
            close_finding(ctx, finding, resolution, **details)
        else:  # Art. 11: the explanation is recorded, the missing spoken one stays a breach — a director decides
            stored = {key: value for key, value in (finding.details or {}).items() if key != "breach"}
            Finding.update(details={**stored, "breach": NO_SPOKEN_EXPLANATION}).where(
                Finding.id == finding.id).execute()
            ctx.audit("finding.explained", "finding", finding.id, {"kind": finding.kind, "explanation": resolution,
                                                                   "breach": NO_SPOKEN_EXPLANATION, **details})
    return _result(ctx, finding_id, details, resolution)


def _resuming_recording(recording_ids: list[int]) -> int | None:
    rows = list(Recording.select().where(Recording.id.in_(recording_ids)))
    rows = [r for r in rows if r.start_at is not None]
    return max(rows, key=lambda r: (r.start_at, r.id)).id if rows else None


def record_late_import_reason(
    ctx: ServiceContext,
    *,
    finding_id: int,
    reason: LateImportReason | str,
    returned_at: datetime | None = None,
    note: str = "",
) -> ResolveResult:
    """Give the Art. 15 reason of a late import and close the finding.

    Continuous, off-site or remote-area work is exempt when ``returned_at`` (the officer's return to the
    unit) is given and the import came within the deadline counted from it; the other reason is recorded
    as an explained breach. An exemption that does not hold is refused, naming how late it still was.
    """
    ctx.require(Operation.RESOLVE_FINDING, "finding", finding_id)
    try:
        reason = LateImportReason(parse_choice(LateImportReason, str(reason), "late-import reason"))
    except ValueError as exc:
        raise input_error(exc) from None
    deadline = ctx.station.settings.late_import_hours
    if reason in EXEMPT_REASONS and returned_at is None:
        raise InvalidInputError(Msg("For the reason '{reason}' ({value}) give the time the officer returned to the "
                                    "unit (Art. 15: the 24 hours then run from the return).",
                                    reason=LATE_IMPORT_LABELS[reason], value=reason.value))
    if reason is LateImportReason.OTHER and not note.strip():
        raise InvalidInputError(Msg("For the reason 'other', write why the recordings came late in the note."))
    with write_transaction():
        finding = _open_finding(finding_id, FindingKind.LATE_IMPORT.value)
        recordings = list(Recording.select().join(FindingRecording)
                          .where(FindingRecording.finding == finding.id))
        exempt = False
        if reason in EXEMPT_REASONS and returned_at is not None:
            _check_return(recordings, returned_at, ctx.now())
            latest_import = max(r.imported_at for r in recordings) if recordings else ctx.now()
            if not late_import_exempt(latest_import, returned_at, deadline):
                late = (latest_import - returned_at).total_seconds()
                raise InvalidInputError(Msg(
                    "Even counted from the return, the import came {late} later (Art. 15 allows {deadline:g} h); "
                    "record it with the reason 'other' and a note.", late=duration(late), deadline=deadline))
            exempt = True
        LateImportReasonRecord.create(finding=finding, reason=reason.value, returned_at=returned_at,
                                      exempt=exempt, note=note.strip(), recorded_by=ctx.actor.user_id,
                                      recorded_at=ctx.now())
        label = LATE_IMPORT_LABELS[reason].render("zh_CN")  # the stored resolution names it in Chinese
        resolution = (f"exempt (Art. 15): {label}, returned {cast(datetime, returned_at).isoformat()}" if exempt
                      else f"late import explained: {label}")
        if note.strip():
            resolution += f"; {note.strip()}"
        details = {"reason": reason.value, "exempt": exempt,
                   "returned_at": returned_at.isoformat() if returned_at else None}
        close_finding(ctx, finding, resolution, **details)
    return _result(ctx, finding_id, details)


def _check_return(recordings: list[Recording], returned_at: datetime, now: datetime) -> None:
    if returned_at > now:
        raise InvalidInputError(Msg("The return time is in the future; give when the officer came back."))
    ends = [r.end_at for r in recordings if r.end_at is not None]
    if ends and returned_at < max(ends):
        raise InvalidInputError(Msg(
            "The return time is before the recording ended; give when the officer came back to the unit after "
            "the work.",
        ))
    imports = [r.imported_at for r in recordings]
    if imports and returned_at > max(imports):
        raise InvalidInputError(Msg(
            "The return time is after the recordings were imported; give when the officer came back to the unit.",
        ))
