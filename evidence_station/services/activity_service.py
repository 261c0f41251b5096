"""Use cases: enforcement activities (Art. 3, 4, 12), assigning recordings to them, and the Art. 5
non-recording work records.

Recordings are suggested for an activity by device (or officer) and corrected time window; the custodian
confirms. Assigning closes the recordings' ``unassigned`` findings; a mandatory activity that ends up with
neither recordings nor an Art. 5 record gets a ``missing_recording`` finding (see :func:`review_activities`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import cast

from peewee import JOIN

from evidence_station.api.activities import ActivityView, AssignResult, NonRecordingView, SuggestionView
from evidence_station.api.findings import FindingView
from evidence_station.catalogue.compliance import (
    Activity,
    ActivityDevice,
    ActivityOfficer,
    HeadAcknowledgement,
    NonRecordingRecord,
)
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.recordings import Device, Finding, FindingRecording, Recording
from evidence_station.domain.bookmarks import BookmarkCategory
from evidence_station.domain.choices import input_error
from evidence_station.domain.clock import to_local
from evidence_station.domain.compliance import (
    ACTIVITY_KIND_LABELS,
    NON_RECORDING_LABELS,
    ActivityKind,
    ActivityWindow,
    DeviceStatus,
    NonRecordingReason,
    RecordingSlot,
    corrected_time,
    is_mandatory,
    lacks_mandatory_recording,
    parse_choice,
    suggest_activity,
)
from evidence_station.domain.errors import InvalidInputError, NotFoundError
from evidence_station.domain.findings import FindingKind
from evidence_station.domain.messages import Items, Msg
from evidence_station.domain.roles import Operation
from evidence_station.services.activity_coverage import review_coverage
from evidence_station.services.bookmark_service import activity_checklist_marks
from evidence_station.services.classification_service import can_see, refuse_hidden
from evidence_station.services.context import ServiceContext
from evidence_station.services.device_service import device_row
from evidence_station.services.finding_service import close_finding, finding_view, raise_finding
from evidence_station.services.keep_until_store import restamp

#: Recording kinds that count as the audio-visual record of an activity.
RECORD_KINDS = ("video", "audio", "photo")


class DeviceRetiredError(InvalidInputError):
    """A retired device may not be used for an enforcement activity (Art. 6/12)."""

    code = "device_retired"
    headline_zh = "记录仪已停用，不得用于执法活动"


def refuse_retired(devices: list[Device]) -> None:
    """Art. 6/12: no activity on a retired device — InvalidInputError (exit 2) naming them."""
    retired = sorted({d.serial for d in devices if d.status == DeviceStatus.RETIRED.value})
    if retired:
        raise DeviceRetiredError(Msg(
            "Device {serials} is retired and may not be used for an enforcement activity (Art. 6/12); its footage "
            "stays flagged for the director.", serials=Items(retired)))


# -- reading -------------------------------------------------------------------------------------------------
def activity_row(activity_id: int) -> Activity:
    """The activity or NotFoundError."""
    activity = Activity.get_or_none(Activity.id == activity_id)
    if activity is None:
        raise NotFoundError(Msg(
            "No enforcement activity with id {activity_id}; list them with 'activity list'.",
            activity_id=activity_id,
        ))
    return activity


def _record_count(activity_id: int) -> int:
    return (Recording.select().where((Recording.activity_id == activity_id) & Recording.kind.in_(RECORD_KINDS)
                                     & (Recording.size > 0) & Recording.disposed_at.is_null()).count())


def _record_ids(activity_id: int) -> list[int]:
    return [r.id for r in Recording.select(Recording.id).where(
        (Recording.activity_id == activity_id) & Recording.kind.in_(RECORD_KINDS) & Recording.disposed_at.is_null())]


def activity_checklist(activity_id: int) -> dict[str, bool]:
    """Art. 8/10: every bookmark category (Art. 10 items, then the markers) → whether an active bookmark of it is
    on one of the activity's recordings."""
    return {category.value: marked for category, marked in activity_checklist_marks(_record_ids(activity_id)).items()}


def registered_afterwards(activity: Activity) -> bool:
    """Art. 3/12: the activity was registered after some of its footage had been imported (补登记)."""
    first = (Recording.select(Recording.imported_at).where(Recording.activity_id == activity.id)
             .order_by(Recording.imported_at).first())
    return first is not None and first.imported_at < activity.created_at


def activity_view(activity: Activity, now: datetime) -> ActivityView:
    """The frozen view of an activity row, with its recording counts, the Art. 4 check and the Art. 10
    checklist."""
    recordings = _record_count(activity.id)
    checklist = activity_checklist(activity.id)
    records = activity.non_recording_records.count()
    kind = ActivityKind(activity.kind)
    missing = lacks_mandatory_recording(kind, activity.end_at, now, has_recordings=recordings > 0,
                                        has_non_recording_record=records > 0)
    return ActivityView(
        id=activity.id, kind=kind.value, kind_label=ACTIVITY_KIND_LABELS[kind].render("zh_CN"),
        mandatory=is_mandatory(kind),
        title=activity.title, place=activity.place, start=activity.start_at, end=activity.end_at,
        case_number=activity.case_number, officers=sorted(o.officer for o in activity.officer_rows),
        devices=sorted(d.device.serial for d in activity.device_rows), recordings=recordings,
        non_recording_records=records, missing_recording=missing, note=activity.note, checklist=checklist,
        notification_given=checklist[BookmarkCategory.NOTIFICATION_GIVEN.value],
        registered_at=activity.created_at, registered_afterwards=registered_afterwards(activity),
    )


def list_activities(
    ctx: ServiceContext, *, since: datetime | None = None, until: datetime | None = None,
    kind: str | None = None, missing_only: bool = False,
) -> list[ActivityView]:
    """Activities by start time, filtered; ``missing_only`` keeps mandatory ones lacking their record."""
    ctx.require(Operation.READ_FINDINGS)
    query = Activity.select().order_by(Activity.start_at, Activity.id)
    if since is not None:
        query = query.where(Activity.end_at >= since)
    if until is not None:
        query = query.where(Activity.start_at < until)
    if kind:
        query = query.where(Activity.kind == _kind(kind).value)
    now = ctx.now()
    views = [activity_view(a, now) for a in query]
    return [v for v in views if v.missing_recording] if missing_only else views


def get_activity(ctx: ServiceContext, activity_id: int) -> ActivityView:
    """One activity."""
    ctx.require(Operation.READ_FINDINGS, "activity", activity_id)
    return activity_view(activity_row(activity_id), ctx.now())


# -- writing -------------------------------------------------------------------------------------------------
def _kind(text: str | ActivityKind) -> ActivityKind:
    try:
        return ActivityKind(parse_choice(ActivityKind, str(text), "activity kind"))
    except ValueError as exc:
        raise input_error(exc) from None


def add_activity(
    ctx: ServiceContext,
    *,
    kind: str | ActivityKind,
    place: str,
    start: datetime,
    end: datetime,
    title: str = "",
    officers: list[str] | None = None,
    devices: list[str] | None = None,
    case_number: str = "",
    note: str = "",
) -> ActivityView:
    """Register an enforcement activity with its officers and (registered) devices."""
    ctx.require(Operation.MANAGE_ACTIVITIES, "activity")
    activity_kind = _kind(kind)
    if not place.strip():
        raise InvalidInputError(Msg("Give the place of the activity (address or premises)."))
    if end <= start:
        raise InvalidInputError(Msg("The activity must end after it starts; check --start and --end."))
    with write_transaction():
        rows = [device_row(serial) for serial in dict.fromkeys(devices or [])]
        refuse_retired(rows)
        activity = Activity.create(kind=activity_kind.value, title=title.strip(), place=place.strip(),
                                   start_at=start, end_at=end, case_number=case_number.strip(), note=note.strip(),
                                   created_by=ctx.actor.user_id, created_at=ctx.now())
        for officer in dict.fromkeys(o.strip() for o in officers or [] if o.strip()):
            ActivityOfficer.create(activity=activity, officer=officer)
        for device in rows:
            ActivityDevice.create(activity=activity, device=device)
        ctx.audit("activity.add", "activity", activity.id, {
            "kind": activity_kind.value, "place": activity.place, "start": start.isoformat(),
            "end": end.isoformat(), "officers": officers or [], "devices": [d.serial for d in rows],
            "case_number": activity.case_number})
    return activity_view(activity, ctx.now())


def _windows(activities: list[Activity]) -> list[ActivityWindow]:
    return [ActivityWindow(a.id, a.start_at, a.end_at, frozenset(d.device.serial for d in a.device_rows),
                           frozenset(o.officer for o in a.officer_rows)) for a in activities]


def _slot(rec: Recording) -> RecordingSlot:
    return RecordingSlot(rec.id, rec.device.serial if rec.device is not None else None, rec.officer or None,
                         corrected_time(rec.start_at, rec.clock_offset_s),
                         corrected_time(rec.end_at, rec.clock_offset_s))


def unassigned_recordings() -> list[Recording]:
    """Media recordings that belong to no activity (duplicates and disposed ones left out)."""
    return list(Recording.select().where(
        Recording.activity_id.is_null() & Recording.kind.in_(RECORD_KINDS) & Recording.duplicate_of.is_null()
        & Recording.disposed_at.is_null()).order_by(Recording.start_at, Recording.id))


def suggestions_for(recordings: list[Recording], activity_id: int | None = None) -> list[SuggestionView]:
    """Which activity each recording most likely belongs to (by device/officer and corrected time)."""
    if not recordings:
        return []
    low = min((r.start_at for r in recordings if r.start_at), default=None)
    if low is None:
        return []
    high = max(r.end_at or r.start_at for r in recordings if r.start_at)
    margin = timedelta(hours=1)
    activities = list(Activity.select().where((Activity.end_at >= low - margin) & (Activity.start_at <= high + margin)))
    windows = _windows(activities)
    found: list[SuggestionView] = []
    for rec in recordings:
        best = suggest_activity(_slot(rec), windows)
        if best is None or (activity_id is not None and best.activity_id != activity_id):
            continue
        found.append(SuggestionView(
            recording_id=rec.id, activity_id=best.activity_id,
            device=rec.device.serial if rec.device is not None else None,
            officer=rec.officer or None, file_name=rec.file_name, start=rec.start_at, end=rec.end_at,
            corrected_start=corrected_time(rec.start_at, rec.clock_offset_s),
            corrected_end=corrected_time(rec.end_at, rec.clock_offset_s), clock_offset_s=rec.clock_offset_s,
            matched_by=best.matched_by, overlap_s=best.overlap_s, alternatives=list(best.alternatives)))
    return found


def suggest_assignments(ctx: ServiceContext, *, activity_id: int | None = None) -> list[SuggestionView]:
    """Suggestions for every unassigned recording the acting user may know of (or only those for ``activity_id``)."""
    ctx.require(Operation.READ_FINDINGS)
    if activity_id is not None:
        activity_row(activity_id)
    return suggestions_for([r for r in unassigned_recordings() if can_see(ctx, r)], activity_id)  # Art. 20


def assign_recordings(
    ctx: ServiceContext,
    *,
    activity_id: int,
    recording_ids: list[int] | None = None,
    suggested: bool = False,
    move: bool = False,
) -> AssignResult:
    """Confirm recordings as belonging to an activity: the given ids and/or (``suggested``) every current
    suggestion for it. A recording already in another activity is moved only with ``move``."""
    ctx.require(Operation.MANAGE_ACTIVITIES, "activity", activity_id)
    ids = list(dict.fromkeys(recording_ids or []))
    if not ids and not suggested:
        raise InvalidInputError(Msg("Name the recordings to assign, or confirm the suggestions (--suggested)."))
    refuse_hidden(ctx, ids, "assign_recordings")  # Art. 20: above the user's clearance, as if it did not exist
    with write_transaction():
        activity = activity_row(activity_id)
        if suggested:
            visible = [r for r in unassigned_recordings() if can_see(ctx, r)]
            ids += [s.recording_id for s in suggestions_for(visible, activity.id) if s.recording_id not in ids]
        rows = {r.id: r for r in Recording.select().where(Recording.id.in_(ids))}
        missing = [i for i in ids if i not in rows]
        if missing:
            raise NotFoundError(Msg("No recording with id {ids}.", ids=Items(missing)))
        refuse_retired([r.device for r in rows.values() if r.device is not None])
        elsewhere = [r for r in rows.values() if r.activity_id not in (None, activity.id)]
        if elsewhere and not move:
            names = Items(Msg("{id} (activity {activity_id})", id=r.id, activity_id=r.activity_id) for r in elsewhere)
            raise InvalidInputError(Msg("Recordings {names} already belong to another activity; move them on purpose "
                                        "with --move.", names=names))
        assigned = [i for i in ids if rows[i].activity_id != activity.id]
        moved = [r.id for r in elsewhere]
        if assigned:
            Recording.update(activity_id=activity.id).where(Recording.id.in_(assigned)).execute()
            restamp(assigned)
            ctx.audit("activity.assign", "activity", activity.id, {
                "recordings": assigned, "moved_from": {str(r.id): r.activity_id for r in elsewhere}})
        closed = close_settled_unassigned(ctx, assigned)
        closed += close_settled_missing(ctx, [activity.id])
        coverage, covered = review_coverage(ctx, [activity.id, *(r.activity_id for r in elsewhere)])
        closed += covered
    return AssignResult(activity.id, assigned, moved, closed, coverage)


def close_settled_unassigned(ctx: ServiceContext, recording_ids: list[int]) -> list[int]:
    """Close the open ``unassigned`` findings whose recordings now all belong to an activity."""
    if not recording_ids:
        return []
    findings = (Finding.select().join(FindingRecording)
                .where((Finding.kind == FindingKind.UNASSIGNED.value) & (Finding.status == "open")
                       & FindingRecording.recording.in_(recording_ids)).distinct())
    closed = []
    for finding in findings:
        linked = Recording.select().join(FindingRecording).where(FindingRecording.finding == finding.id)
        if all(r.activity_id is not None for r in linked):
            activities = sorted({cast(int, r.activity_id) for r in linked})  # all set: checked above
            close_finding(ctx, finding, f"assigned to activity {', '.join(map(str, activities))}",
                          activities=activities)
            closed.append(finding.id)
    return closed


def _open_missing(activity_id: int) -> list[Finding]:
    query = Finding.select().where((Finding.kind == FindingKind.MISSING_RECORDING.value) & (Finding.status == "open"))
    return [f for f in query if (f.details or {}).get("activity_id") == activity_id]


def close_settled_missing(ctx: ServiceContext, activity_ids: list[int]) -> list[int]:
    """Close ``missing_recording`` findings of activities that now have recordings or an Art. 5 record."""
    closed = []
    for activity_id in activity_ids:
        recordings = _record_count(activity_id)
        records = NonRecordingRecord.select().where(NonRecordingRecord.activity == activity_id).count()
        if not recordings and not records:
            continue
        for finding in _open_missing(activity_id):
            how = f"{recordings} recording(s) assigned" if recordings else "Art. 5 non-recording record added"
            close_finding(ctx, finding, how, activity_id=activity_id)
            closed.append(finding.id)
    return closed


def review_activities(ctx: ServiceContext) -> list[FindingView]:
    """Raise a ``missing_recording`` finding for each mandatory activity, ended more than the import
    deadline ago, that has neither recordings nor an Art. 5 record (once per activity); Art. 8 ``no_notification``
    and Art. 5 ``late_acknowledgement`` findings likewise."""
    ctx.require(Operation.READ_FINDINGS)
    grace = timedelta(hours=ctx.station.settings.late_import_hours)
    now = ctx.now()
    raised: list[FindingView] = []
    with write_transaction():
        already = {(f.details or {}).get("activity_id") for f in
                   Finding.select().where(Finding.kind == FindingKind.MISSING_RECORDING.value)}
        candidates = Activity.select().where(Activity.kind.in_([k.value for k in ActivityKind if is_mandatory(k)])
                                             & (Activity.end_at < now - grace))
        for activity in candidates:
            if activity.id in already:
                continue
            recordings = _record_count(activity.id)
            records = activity.non_recording_records.count()
            if not lacks_mandatory_recording(activity.kind, activity.end_at, now, has_recordings=recordings > 0,
                                             has_non_recording_record=records > 0, grace=grace):
                continue
            finding = raise_finding(
                ctx, FindingKind.MISSING_RECORDING,
                Msg("Activity {activity_id} ({place}, {kind}) must be recorded (Art. 4) but has no recording and no "
                    "Art. 5 non-recording record.", activity_id=activity.id, place=activity.place,
                    kind=ACTIVITY_KIND_LABELS[ActivityKind(activity.kind)]),
                details={"activity_id": activity.id, "kind": activity.kind})
            raised.append(finding_view(finding))
        raised += _review_notifications(ctx, now - grace)
        raised += review_acknowledgements(ctx)
    return raised


def _open_kind(kind: FindingKind) -> dict[int, Finding]:
    """Open findings of ``kind`` by the activity they name."""
    query = Finding.select().where((Finding.kind == kind.value) & (Finding.status == "open"))
    return {int((f.details or {}).get("activity_id") or 0): f for f in query}


def _review_notifications(ctx: ServiceContext, ended_before: datetime) -> list[FindingView]:
    """Art. 8: a mandatory activity, ended before ``ended_before``, whose recordings carry no
    ``notification_given`` mark raises ``no_notification`` (once per activity); a mark added later closes it."""
    raised: list[FindingView] = []
    for activity_id, finding in _open_kind(FindingKind.NO_NOTIFICATION).items():
        if activity_id is not None and activity_checklist(activity_id)[BookmarkCategory.NOTIFICATION_GIVEN.value]:
            close_finding(ctx, finding, "the notification_given mark is on the activity's footage",
                          activity_id=activity_id)
    already = {(f.details or {}).get("activity_id") for f in
               Finding.select().where(Finding.kind == FindingKind.NO_NOTIFICATION.value)}
    candidates = Activity.select().where(Activity.kind.in_([k.value for k in ActivityKind if is_mandatory(k)])
                                         & (Activity.end_at < ended_before))
    for activity in candidates:
        if activity.id in already or not _record_count(activity.id):
            continue
        if activity_checklist(activity.id)[BookmarkCategory.NOTIFICATION_GIVEN.value]:
            continue
        finding = raise_finding(
            ctx, FindingKind.NO_NOTIFICATION,
            Msg("Activity {activity_id} ({place}, {kind}) must be recorded, but none of its recordings marks that the "
                "party was told it is being recorded (Art. 8, bookmark notification_given).", activity_id=activity.id,
                place=activity.place, kind=ACTIVITY_KIND_LABELS[ActivityKind(activity.kind)]),
            details={"activity_id": activity.id, "kind": activity.kind})
        raised.append(finding_view(finding))
    return raised


# -- Art. 5 non-recording records ------------------------------------------------------------------------------
def add_non_recording_record(
    ctx: ServiceContext,
    *,
    reason: str | NonRecordingReason,
    basis: str,
    reporter: str,
    head_acknowledged: str,
    occurred_on: date,
    activity_id: int | None = None,
    note: str = "",
) -> NonRecordingView:
    """Write the Art. 5 work record of an activity that was not recorded (reported to the head)."""
    ctx.require(Operation.MANAGE_ACTIVITIES, "non_recording")
    try:
        why = NonRecordingReason(parse_choice(NonRecordingReason, str(reason), "non-recording reason"))
    except ValueError as exc:
        raise input_error(exc) from None
    for value, what in (
        (basis, Msg("the basis (legal or factual) for not recording")),
        (reporter, Msg("who reports (the officer)")),
        (head_acknowledged, Msg("the head of the enforcement body it was reported to")),
    ):
        if not value.strip():
            raise InvalidInputError(Msg("Give {what}; Art. 5 asks for it.", what=what))
    with write_transaction():
        if activity_id is not None:
            activity_row(activity_id)
        record = NonRecordingRecord.create(
            activity=activity_id, reason=why.value, basis=basis.strip(), reporter=reporter.strip(),
            head_acknowledged=head_acknowledged.strip(), occurred_on=occurred_on, note=note.strip(),
            recorded_by=ctx.actor.user_id, recorded_at=ctx.now())
        ctx.audit("non_recording.add", "non_recording", record.id, {
            "activity_id": activity_id, "reason": why.value, "basis": record.basis, "reporter": record.reporter,
            "head_acknowledged": record.head_acknowledged, "occurred_on": occurred_on.isoformat()})
        closed = close_settled_missing(ctx, [activity_id]) if activity_id is not None else []
    return non_recording_view(ctx, record, closed)


def acknowledgement_due(record: NonRecordingRecord, days: int) -> date:
    """Art. 5: the last (station-local) day the head's confirmation of ``record`` is in time."""
    return record.occurred_on + timedelta(days=days)


def non_recording_view(ctx: ServiceContext, record: NonRecordingRecord, closed: list[int] | None = None,
                       findings: list[FindingView] | None = None) -> NonRecordingView:
    """The frozen view of an Art. 5 record, with the head's confirmation and its deadline."""
    why = NonRecordingReason(record.reason)
    ack = HeadAcknowledgement.get_or_none(HeadAcknowledgement.record == record.id)
    return NonRecordingView(
        record.id, record.activity_id, why.value, NON_RECORDING_LABELS[why].render("zh_CN"),
        record.basis, record.reporter,
        record.head_acknowledged, record.occurred_on, record.note, record.recorded_by.name, record.recorded_at,
        closed or [], acknowledged_by=ack.acknowledged_by.name if ack else None,
        acknowledged_at=ack.acknowledged_at if ack else None,
        acknowledgement_due=acknowledgement_due(record, ctx.station.settings.head_acknowledgement_days),
        acknowledgement_late=bool(ack and ack.late), findings=findings or [])


def raise_late_acknowledgement(ctx: ServiceContext, record: NonRecordingRecord, due: date,
                               acknowledged: bool) -> FindingView | None:
    """Art. 5: a ``late_acknowledgement`` finding for ``record`` (once per record; call inside a transaction)."""
    already = [f for f in Finding.select().where(Finding.kind == FindingKind.LATE_ACKNOWLEDGEMENT.value)
               if (f.details or {}).get("record_id") == record.id]
    if already:
        return None
    days = ctx.station.settings.head_acknowledgement_days
    finding = raise_finding(
        ctx, FindingKind.LATE_ACKNOWLEDGEMENT,
        Msg("Non-recording record #{id} ({occurred_on}) was confirmed by the head only after {due} (Art. 5: {days} "
            "days).", id=record.id, occurred_on=record.occurred_on, due=due, days=days) if acknowledged else
        Msg("Non-recording record #{id} ({occurred_on}) was not confirmed by the head by {due} (Art. 5: {days} "
            "days).", id=record.id, occurred_on=record.occurred_on, due=due, days=days),
        details={"record_id": record.id, "activity_id": record.activity_id, "due": due.isoformat(),
                 "acknowledged": acknowledged})
    return finding_view(finding)


def review_acknowledgements(ctx: ServiceContext) -> list[FindingView]:
    """Art. 5: every record the head has not confirmed by its deadline raises ``late_acknowledgement`` (once)."""
    today = to_local(ctx.now(), ctx.station.settings.zone).date()
    days = ctx.station.settings.head_acknowledgement_days
    raised: list[FindingView] = []
    waiting = (NonRecordingRecord.select()
               .join(HeadAcknowledgement, JOIN.LEFT_OUTER, on=HeadAcknowledgement.record == NonRecordingRecord.id)
               .where(HeadAcknowledgement.id.is_null()))
    for record in waiting:
        due = acknowledgement_due(record, days)
        if today > due:
            found = raise_late_acknowledgement(ctx, record, due, acknowledged=False)
            raised += [found] if found else []
    return raised


def list_non_recording_records(
    ctx: ServiceContext, *, since: date | None = None, until: date | None = None
) -> list[NonRecordingView]:
    """Art. 5 records by date (``until`` exclusive)."""
    ctx.require(Operation.READ_FINDINGS)
    query = NonRecordingRecord.select().order_by(NonRecordingRecord.occurred_on, NonRecordingRecord.id)
    if since is not None:
        query = query.where(NonRecordingRecord.occurred_on >= since)
    if until is not None:
        query = query.where(NonRecordingRecord.occurred_on < until)
    return [non_recording_view(ctx, r) for r in query]
