"""The compliance dashboard's figures (for the GUI page and the monthly report): open findings by kind,
imports within 24 h per week, each device's day timeline with its gaps, devices not docked for days,
activities missing their recordings, recording days without a pre-use check."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from peewee import SQL, Case, fn

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


def local_day_bounds(day: date, zone_name: str) -> tuple[datetime, datetime]:
    """UTC bounds [start, end) of a local calendar day."""
    start = local_to_utc(datetime.combine(day, time()), zone_name)
    return start, local_to_utc(datetime.combine(day + timedelta(days=1), time()), zone_name)


def open_findings_by_kind() -> dict[str, int]:
    """Open findings counted by kind."""
    rows = (Finding.select(Finding.kind, fn.COUNT(Finding.id).alias("n")).where(Finding.status == "open")
            .group_by(Finding.kind))
    return {r.kind: r.n for r in cast(Iterable[Any], rows)}  # rows carry the alias n


def _week_starts(since: datetime, until: datetime, zone_name: str) -> list[date]:
    """The local Mondays of the weeks that [since, until) touches."""
    first = to_local(since, zone_name).date()
    last = to_local(until - timedelta(microseconds=1), zone_name).date()
    week = first - timedelta(days=first.weekday())
    weeks = []
    while week <= last:
        weeks.append(week)
        week += timedelta(days=7)
    return weeks


#: The name a query gives :func:`bucket_of`'s column, and groups by (PostgreSQL cannot match a repeated CASE, whose
#: parameters are numbered anew, with the one selected).
PERIOD = "period"
BY_PERIOD = SQL(f'"{PERIOD}"')


def bucket_of(column: Any, bounds: list[datetime]) -> Any:
    """An SQL expression numbering the consecutive periods a row's ``column`` falls in: 0 before ``bounds[0]``, 1
    before ``bounds[1]``, …, ``len(bounds)`` after the last (one CASE on the periods' UTC bounds: local days and
    weeks in any zone, daylight saving included, on any database), so one grouped query counts every period."""
    if not bounds:
        return Case(None, [(column.is_null(), 0)], 0).alias(PERIOD)
    return _bisect(column, bounds, 0, len(bounds)).alias(PERIOD)


def _bisect(column: Any, bounds: list[datetime], low: int, high: int) -> Any:
    """Period ``low`` … ``high`` of ``column`` as nested CASEs halving the range: log2(periods) comparisons a row,
    not one per period (eight weeks of days: 6 instead of up to 55)."""
    if low == high:
        return low
    middle = (low + high) // 2
    return Case(None, [(column < bounds[middle], _bisect(column, bounds, low, middle))],
                _bisect(column, bounds, middle + 1, high))


def import_weeks(since: datetime, until: datetime, zone_name: str, deadline_hours: float) -> list[WeekImports]:
    """Per local week, recordings imported in [since, until) and their timeliness (counted by the database: one
    query grouped by week, read from the (imported_at, duplicate_of, import_delay_s) index, no recording loaded)."""
    limit = deadline_hours * 3600
    on_time = Recording.import_delay_s.is_null() | (Recording.import_delay_s <= limit)
    exempt = Recording.id.in_(FindingRecording.select(FindingRecording.recording).join(Finding)
                              .join(LateImportReasonRecord).where(LateImportReasonRecord.exempt == True))  # noqa: E712

    def count_if(condition: Any) -> Any:
        return fn.COALESCE(fn.SUM(Case(None, [(condition, 1)], 0)), 0)

    weeks = _week_starts(since, until, zone_name)
    week_of = bucket_of(Recording.imported_at, [local_day_bounds(week, zone_name)[0] for week in weeks[1:]])
    counted = {int(index): (int(total or 0), int(timely or 0), int(excused or 0)) for index, total, timely, excused
               in cast(Iterable[tuple[Any, Any, Any, Any]], Recording.select(
                   week_of, fn.COUNT(Recording.id), count_if(on_time), count_if(~on_time & exempt))
                   .where((Recording.imported_at >= since) & (Recording.imported_at < until)
                          & Recording.duplicate_of.is_null()).group_by(BY_PERIOD).tuples())}
    result = []
    for index, week in enumerate(weeks):
        total, timely, excused = counted.get(index, (0, 0, 0))
        result.append(WeekImports(week, total, timely, excused, total - timely - excused))
    return result


def _day_gaps(recording_ids: list[int]) -> tuple[dict[int, Finding], dict[int, list[int]]]:
    """Gap findings linked to any of ``recording_ids`` (by id) and every recording each is linked to."""
    findings: dict[int, Finding] = {}
    for start in range(0, len(recording_ids), 500):
        chunk = recording_ids[start:start + 500]
        findings.update({f.id: f for f in Finding.select().join(FindingRecording).where(
            (Finding.kind == FindingKind.GAP.value) & FindingRecording.recording.in_(chunk)).distinct()})
    links: dict[int, list[int]] = defaultdict(list)
    ids = sorted(findings)
    for start in range(0, len(ids), 500):
        for finding_id, recording_id in cast(Iterable[tuple[int, int]], (
                FindingRecording.select(FindingRecording.finding, FindingRecording.recording)
                .where(FindingRecording.finding.in_(ids[start:start + 500])).order_by(FindingRecording.id).tuples())):
            links[finding_id].append(recording_id)
    return findings, links


def device_timelines(day: date, zone_name: str) -> list[DeviceTimeline]:
    """Every device that recorded on ``day`` (local): its recordings, gaps, and whether it was checked (a few
    queries for the whole day, not a few per device)."""
    low, high = local_day_bounds(day, zone_name)
    recs = list(Recording.select(Recording.id, Recording.kind, Recording.start_at, Recording.end_at,
                                 Recording.clock_offset_s, Recording.activity_id, Recording.device)
                .where((Recording.start_at >= low) & (Recording.start_at < high)
                       & Recording.device.is_null(False) & Recording.end_at.is_null(False))
                .order_by(Recording.start_at, Recording.id))
    by_device: dict[int, list[Recording]] = defaultdict(list)
    for rec in recs:
        by_device[cast(int, rec.device_id)].append(rec)  # not null: the query
    ends = {r.id: r for r in recs}
    findings, links = _day_gaps(list(ends))
    explained = {e.finding_id for e in GapExplanation.select(GapExplanation.finding)
                 .where(GapExplanation.finding.in_(list(findings)))} if findings else set()
    serials: dict[int, str] = dict(cast(Iterable[tuple[int, str]], Device.select(Device.id, Device.serial)
                                        .where(Device.id.in_(list(by_device))).tuples())) if by_device else {}
    checks: dict[int, list[PreUseCheck]] = defaultdict(list)
    for check in PreUseCheck.select().where((PreUseCheck.checked_at >= low) & (PreUseCheck.checked_at < high)):
        checks[check.device_id].append(check)
    timelines = []
    for device_id, items in by_device.items():
        segments = [TimelineSegment(r.id, r.kind, r.start_at, r.end_at, corrected_time(r.start_at, r.clock_offset_s),
                                    corrected_time(r.end_at, r.clock_offset_s), r.activity_id) for r in items]
        mine = {r.id for r in items}
        gaps = []
        for finding_id in sorted(findings):
            if not mine.intersection(links[finding_id]):
                continue
            finding = findings[finding_id]
            linked = sorted((ends[rid] for rid in links[finding_id] if rid in ends), key=lambda r: r.start_at)
            if len(linked) < 2:
                continue
            gaps.append(TimelineGap(finding.id, linked[0].end_at, linked[-1].start_at, finding.seconds or 0.0,
                                    finding.id in explained, finding.status))
        checked = checked_before_use(checks[device_id], day, min(s.corrected_start for s in segments), zone_name)
        timelines.append(DeviceTimeline(serials[device_id], day, segments, sorted(gaps, key=lambda g: g.start),
                                        checked))
    return sorted(timelines, key=lambda t: t.device)


def undocked_devices(now: datetime, days: int) -> list[UndockedDevice]:
    """In-service devices with no import for more than ``days`` days (Art. 15: cards not handed in)."""
    last_import = (Recording.select(fn.MAX(Recording.imported_at)).where(Recording.device == Device.id))
    rows = (Device.select(Device.serial, Device.issued_to, last_import.alias("last_import"))
            .where(Device.status == DeviceStatus.IN_SERVICE.value).order_by(Device.serial).tuples())
    result = []
    for serial, issued_to, raw in cast(Iterable[tuple[str, str, Any]], rows):  # one look-up per device, one query
        last = Recording.imported_at.python_value(raw) if raw is not None else None
        age = (now - last).days if last is not None else None
        if last is None or now - last > timedelta(days=days):
            result.append(UndockedDevice(serial, issued_to, last, age))
    return result


def passed(check: PreUseCheck) -> bool:
    """A pre-use check that found the device working, charged and with room to record (Art. 7)."""
    return bool(check.works and check.battery_ok and check.storage_ok)


def checked_before_use(checks: list[PreUseCheck], day: date, first_start: datetime, zone_name: str) -> bool:
    """True when one of a device's ``checks`` passed on local ``day`` no later than its first recording that day
    (``first_start``, corrected time): a failed check, or one made after the recordings, does not count (Art. 7)."""
    return any(passed(c) and to_local(c.checked_at, zone_name).date() == day and c.checked_at <= first_start
               for c in checks)


def _local_days(since: datetime, until: datetime, zone_name: str) -> tuple[list[date], list[datetime]]:
    """The local days that [since, until) touches, and the UTC ends of all but the last (:func:`bucket_of`'s
    bounds: period ``n`` is ``days[n]``)."""
    days: list[date] = []
    ends: list[datetime] = []
    day = to_local(since, zone_name).date()
    while True:
        low, high = local_day_bounds(day, zone_name)
        if low >= until:
            break
        days.append(day)
        ends.append(high)
        day += timedelta(days=1)
    return days, ends[:-1]


def unchecked_days(since: datetime, until: datetime, zone_name: str) -> list[UncheckedDay]:
    """(device, local day) pairs with recordings in [since, until) but no passed pre-use check that day before the
    day's first recording. Counted by the database in one query grouped by local day, device and clock offset (read
    from the (start_at, device, clock_offset_s, duplicate_of) index): the first corrected start of a group is its
    first camera start minus its one offset, so no recording is loaded."""
    counts: Counter[tuple[int, date]] = Counter()
    first: dict[tuple[int, date], datetime] = {}
    days, bounds = _local_days(since, until, zone_name)
    day_of = bucket_of(Recording.start_at, bounds)
    rows = (Recording.select(day_of, Recording.device, Recording.clock_offset_s, fn.COUNT(Recording.id),
                             fn.MIN(Recording.start_at))
            .where((Recording.start_at >= since) & (Recording.start_at < until)
                   & Recording.device.is_null(False) & Recording.duplicate_of.is_null())
            .group_by(BY_PERIOD, Recording.device, Recording.clock_offset_s))
    # Some 10,000 groups on a city's eight weeks: read raw from the cursor (peewee's row conversion took longer
    # than the query), only the earliest start parsed.
    for index, device_id, offset, n, earliest in Recording._meta.database.execute(rows):
        start = Recording.start_at.python_value(earliest)
        key = (device_id, days[int(index)])  # the group lies within the local day
        counts[key] += n
        if offset is not None:
            start = corrected_time(start, offset) or start
        first[key] = min(first[key], start) if key in first else start
    # A device-day is checked when its earliest passed check that local day came no later than its first recording
    # (what checked_before_use decides from all the day's checks): the earliest per device and day, counted alike.
    earliest_pass: dict[tuple[int, date], datetime] = {}
    check_day = bucket_of(PreUseCheck.checked_at, bounds)
    passes = (PreUseCheck.select(check_day, PreUseCheck.device, fn.MIN(PreUseCheck.checked_at))
              .where((PreUseCheck.checked_at >= local_day_bounds(days[0], zone_name)[0] if days else since)
                     & (PreUseCheck.checked_at < until) & (PreUseCheck.works == True) & (PreUseCheck.battery_ok == True)  # noqa: E712
                     & (PreUseCheck.storage_ok == True))  # noqa: E712
              .group_by(BY_PERIOD, PreUseCheck.device))
    for index, device_id, earliest in PreUseCheck._meta.database.execute(passes):
        earliest_pass[(device_id, days[int(index)])] = PreUseCheck.checked_at.python_value(earliest)
    serials = {d.id: d.serial for d in Device.select(Device.id, Device.serial)}
    return sorted((UncheckedDay(serials[dev], day, n) for (dev, day), n in counts.items()
                   if not ((dev, day) in earliest_pass and earliest_pass[(dev, day)] <= first[(dev, day)])),
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
