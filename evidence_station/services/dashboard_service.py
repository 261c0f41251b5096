"""The compliance dashboard's figures (for the GUI page and the monthly report): open findings by kind,
imports within 24 h per week, each device's day timeline with its gaps, devices not docked for days,
activities missing their recordings, recording days without a pre-use check."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from peewee import fn

from evidence_station.api.compliance import (
    Dashboard,
    DeviceTimeline,
    TimelineGap,
    TimelineSegment,
    UncheckedDay,
    UndockedDevice,
    WeekImports,
)
from evidence_station.catalogue.compliance import GapExplanation, LateImportReasonRecord, PreUseCheck
from evidence_station.catalogue.recordings import Device, Finding, FindingRecording, Recording
from evidence_station.domain.clock import local_to_utc, to_local
from evidence_station.domain.compliance import DeviceStatus, corrected_time
from evidence_station.domain.findings import FindingKind
from evidence_station.domain.roles import Operation
from evidence_station.services.activity_service import list_activities, review_activities
from evidence_station.services.context import ServiceContext
from evidence_station.services.device_service import last_import_at


def local_day_bounds(day: date, zone_name: str) -> tuple[datetime, datetime]:
    """UTC bounds [start, end) of a local calendar day."""
    start = local_to_utc(datetime.combine(day, time()), zone_name)
    return start, local_to_utc(datetime.combine(day + timedelta(days=1), time()), zone_name)


def open_findings_by_kind() -> dict[str, int]:
    """Open findings counted by kind."""
    rows = (Finding.select(Finding.kind, fn.COUNT(Finding.id).alias("n")).where(Finding.status == "open")
            .group_by(Finding.kind))
    return {r.kind: r.n for r in cast(Iterable[Any], rows)}  # rows carry the alias n


def exempt_recordings() -> set[int]:
    """Recordings whose late import is exempt under Art. 15."""
    return {link.recording_id for link in FindingRecording.select().join(Finding)
            .join(LateImportReasonRecord).where(LateImportReasonRecord.exempt == True)}  # noqa: E712


def import_weeks(since: datetime, until: datetime, zone_name: str, deadline_hours: float) -> list[WeekImports]:
    """Per local week, recordings imported in [since, until) and their timeliness."""
    exempt = exempt_recordings()
    weeks: dict[date, Counter[str]] = defaultdict(Counter)
    query = Recording.select().where((Recording.imported_at >= since) & (Recording.imported_at < until)
                                     & Recording.duplicate_of.is_null())
    limit = deadline_hours * 3600
    for rec in query:
        day = to_local(rec.imported_at, zone_name).date()
        week = day - timedelta(days=day.weekday())
        counter = weeks[week]
        counter["recordings"] += 1
        if rec.import_delay_s is None or rec.import_delay_s <= limit:
            counter["on_time"] += 1
        elif rec.id in exempt:
            counter["exempt"] += 1
        else:
            counter["late"] += 1
    first = to_local(since, zone_name).date()
    last = to_local(until - timedelta(microseconds=1), zone_name).date()
    week = first - timedelta(days=first.weekday())
    result = []
    while week <= last:
        c = weeks.get(week, Counter())
        result.append(WeekImports(week, c["recordings"], c["on_time"], c["exempt"], c["late"]))
        week += timedelta(days=7)
    return result


def device_timelines(day: date, zone_name: str) -> list[DeviceTimeline]:
    """Every device that recorded on ``day`` (local): its recordings, gaps, and whether it was checked."""
    low, high = local_day_bounds(day, zone_name)
    recs = list(Recording.select().where((Recording.start_at >= low) & (Recording.start_at < high)
                                         & Recording.device.is_null(False) & Recording.end_at.is_null(False))
                .order_by(Recording.start_at, Recording.id))
    by_device: dict[int, list[Recording]] = defaultdict(list)
    for rec in recs:
        by_device[cast(int, rec.device_id)].append(rec)  # not null: the query
    ends = {r.id: r for r in recs}
    explained = {e.finding_id for e in GapExplanation.select()}
    timelines = []
    for device_id, items in by_device.items():
        serial = Device.get_by_id(device_id).serial
        segments = [TimelineSegment(r.id, r.kind, r.start_at, r.end_at, corrected_time(r.start_at, r.clock_offset_s),
                                    corrected_time(r.end_at, r.clock_offset_s), r.activity_id) for r in items]
        gap_rows = (Finding.select().join(FindingRecording)
                    .where((Finding.kind == FindingKind.GAP.value)
                           & FindingRecording.recording.in_([r.id for r in items])).distinct())
        gaps = []
        for finding in gap_rows:
            linked = sorted((ends[link.recording_id] for link in finding.recording_links
                             if link.recording_id in ends), key=lambda r: r.start_at)
            if len(linked) < 2:
                continue
            gaps.append(TimelineGap(finding.id, linked[0].end_at, linked[-1].start_at, finding.seconds or 0.0,
                                    finding.id in explained, finding.status))
        day_checks = list(PreUseCheck.select().where(
            (PreUseCheck.device == device_id) & (PreUseCheck.checked_at >= low) & (PreUseCheck.checked_at < high)))
        checked = checked_before_use(day_checks, day, min(s.corrected_start for s in segments), zone_name)
        timelines.append(DeviceTimeline(serial, day, segments, sorted(gaps, key=lambda g: g.start), checked))
    return sorted(timelines, key=lambda t: t.device)


def undocked_devices(now: datetime, days: int) -> list[UndockedDevice]:
    """In-service devices with no import for more than ``days`` days (Art. 15: cards not handed in)."""
    result = []
    for device in Device.select().where(Device.status == DeviceStatus.IN_SERVICE.value).order_by(Device.serial):
        last = last_import_at(device.id)
        age = (now - last).days if last is not None else None
        if last is None or now - last > timedelta(days=days):
            result.append(UndockedDevice(device.serial, device.issued_to, last, age))
    return result


def passed(check: PreUseCheck) -> bool:
    """A pre-use check that found the device working, charged and with room to record (Art. 7)."""
    return bool(check.works and check.battery_ok and check.storage_ok)


def checked_before_use(checks: list[PreUseCheck], day: date, first_start: datetime, zone_name: str) -> bool:
    """True when one of a device's ``checks`` passed on local ``day`` no later than its first recording that day
    (``first_start``, corrected time): a failed check, or one made after the recordings, does not count (Art. 7)."""
    return any(passed(c) and to_local(c.checked_at, zone_name).date() == day and c.checked_at <= first_start
               for c in checks)


def unchecked_days(since: datetime, until: datetime, zone_name: str) -> list[UncheckedDay]:
    """(device, local day) pairs with recordings in [since, until) but no passed pre-use check that day before the
    day's first recording."""
    recs = Recording.select().where((Recording.start_at >= since) & (Recording.start_at < until)
                                    & Recording.device.is_null(False) & Recording.duplicate_of.is_null())
    counts: Counter[tuple[int, date]] = Counter()
    first: dict[tuple[int, date], datetime] = {}
    for rec in recs:
        key = (cast(int, rec.device_id), to_local(rec.start_at, zone_name).date())  # not null: the query
        counts[key] += 1
        start = corrected_time(rec.start_at, rec.clock_offset_s) or rec.start_at
        first[key] = min(first.get(key, start), start)
    checks: dict[int, list[PreUseCheck]] = defaultdict(list)
    for check in PreUseCheck.select().where((PreUseCheck.checked_at >= since - timedelta(days=1))
                                            & (PreUseCheck.checked_at < until)):
        checks[check.device_id].append(check)
    serials = {d.id: d.serial for d in Device.select()}
    return sorted((UncheckedDay(serials[dev], day, n) for (dev, day), n in counts.items()
                   if not checked_before_use(checks[dev], day, first[(dev, day)], zone_name)),
                  key=lambda u: (u.day, u.device))


def build_dashboard(
    ctx: ServiceContext, *, day: date | None = None, weeks: int = 8, undocked_days: int = 7
) -> Dashboard:
    """The dashboard as of now: timelines for ``day`` (default today, local), ``weeks`` weeks of imports.

    Runs :func:`review_activities` first, so a mandatory activity past its deadline is counted as a finding."""
    ctx.require(Operation.READ_FINDINGS)
    review_activities(ctx)  # mandatory activities past their deadline become findings before counting
    zone_name = ctx.station.settings.zone
    now = ctx.now()
    today = to_local(now, zone_name).date()
    day = day or today
    first_week = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    since = local_day_bounds(first_week, zone_name)[0]
    end_of_today = local_day_bounds(today, zone_name)[1]
    gaps_open = Finding.select().where((Finding.kind == FindingKind.GAP.value) & (Finding.status == "open")
                                       & Finding.id.not_in(GapExplanation.select(GapExplanation.finding))).count()
    return Dashboard(
        generated_at=now,
        open_findings=open_findings_by_kind(),
        unexplained_gaps=gaps_open,
        weekly_imports=import_weeks(since, end_of_today, zone_name, ctx.station.settings.late_import_hours),
        timelines=device_timelines(day, zone_name),
        undocked_devices=undocked_devices(now, undocked_days),
        activities_missing_recordings=list_activities(ctx, missing_only=True),
        unchecked_days=unchecked_days(since, end_of_today, zone_name),
        devices_needing_completion=[d.serial for d in Device.select().where(Device.needs_completion == True)  # noqa: E712
                                    .order_by(Device.serial)],
    )
