"""What the import asks of compliance: the activity named for an import exists; new recordings get their
device's clock offset in force (Art. 7), and those that belong to no activity are flagged (Art. 3/12)."""

from __future__ import annotations

from collections import defaultdict

from evidence_station.api.findings import FindingView
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.recordings import Device, Finding, FindingRecording, ImportSession, Recording
from evidence_station.domain.findings import FindingKind
from evidence_station.domain.messages import Items, Msg
from evidence_station.services.activity_coverage import review_coverage
from evidence_station.services.activity_service import RECORD_KINDS, activity_row, suggestions_for
from evidence_station.services.context import ServiceContext
from evidence_station.services.device_service import apply_offsets
from evidence_station.services.finding_service import finding_view, raise_finding


def check_activity(activity_id: int | None) -> None:
    """Raise NotFoundError when an import names an activity that does not exist."""
    if activity_id is not None:
        activity_row(activity_id)


def after_import(ctx: ServiceContext, session: ImportSession, recordings: list[Recording]) -> list[FindingView]:
    """Apply clock offsets to the new recordings and flag the unassigned ones; returns the findings that
    concern them (``clock_offset`` findings of the checks in force, new ``unassigned`` findings)."""
    if not recordings:
        return []
    ids = [r.id for r in recordings]
    found: list[FindingView] = []
    with write_transaction():
        fresh = list(Recording.select().where(Recording.id.in_(ids)))
        by_device: dict[int, list[Recording]] = defaultdict(list)
        for rec in fresh:
            if rec.device_id:
                by_device[rec.device_id].append(rec)
        for device_id, recs in by_device.items():
            apply_offsets(ctx, Device.get_by_id(device_id), recordings=recs)
        offset_findings = (Finding.select().join(FindingRecording)
                           .where((Finding.kind == FindingKind.CLOCK_OFFSET.value)
                                  & FindingRecording.recording.in_(ids)).distinct())
        found += [finding_view(f) for f in offset_findings]
        found += _flag_unassigned(ctx, session, fresh)
        found += review_coverage(ctx, {r.activity_id for r in fresh})[0]  # Art. 9
    return found


def _flag_unassigned(ctx: ServiceContext, session: ImportSession, recordings: list[Recording]) -> list[FindingView]:
    loose = [r for r in recordings if r.activity_id is None and r.kind in RECORD_KINDS and r.duplicate_of_id is None]
    suggested = {s.recording_id: s.activity_id for s in suggestions_for(loose)}
    by_device: dict[str, list[Recording]] = defaultdict(list)
    for rec in loose:
        by_device[rec.device.serial if rec.device is not None else ""].append(rec)
    found = []
    for serial, recs in sorted(by_device.items()):
        who = Msg("Device {serial}", serial=serial) if serial else Msg("Recordings without a device in their name")
        hints = sorted({suggested[r.id] for r in recs if r.id in suggested})
        hint = (Msg(" Suggested: activity {ids} (confirm with 'activity assign').", ids=Items(hints)) if hints
                else Msg(" No registered activity covers them: register it with 'activity add'."))
        message = Msg("{who}: {count} recording(s) belong to no enforcement activity (Art. 3/12); assign them.{hint}",
                      who=who, count=len(recs), hint=hint)
        finding = raise_finding(ctx, FindingKind.UNASSIGNED, message, recording_ids=[r.id for r in recs],
                                details={"device": serial, "suggested_activities": hints},
                                import_session=session)
        found.append(finding_view(finding))
    return found
