"""The dashboard counts every local day and week in one grouped query (issue #22): a recording is counted on its
local day and in its local week, across a daylight-saving change and at the edges of the days."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from evidence_station.catalogue.recordings import Recording
from evidence_station.services.context import ServiceContext
from evidence_station.services.dashboard_service import bucket_of, import_weeks, local_day_bounds, unchecked_days
from tests.helpers.recordings import add_recording

BERLIN = "Europe/Berlin"  # summer time from 2026-03-29 02:00 local (01:00 UTC)


def test_unchecked_days_are_local_days_across_daylight_saving(people: dict[str, ServiceContext]) -> None:
    custodian = people["custodian"]
    starts = {
        datetime(2026, 3, 27, 22, 59, tzinfo=UTC): date(2026, 3, 27),  # 23:59 CET
        datetime(2026, 3, 27, 23, 0, tzinfo=UTC): date(2026, 3, 28),  # 00:00 CET
        datetime(2026, 3, 28, 22, 30, tzinfo=UTC): date(2026, 3, 28),  # 23:30 CET, the night of the change
        datetime(2026, 3, 28, 23, 0, tzinfo=UTC): date(2026, 3, 29),  # 00:00 CET
        datetime(2026, 3, 29, 21, 59, tzinfo=UTC): date(2026, 3, 29),  # 23:59 CEST (the day had 23 hours)
        datetime(2026, 3, 29, 22, 0, tzinfo=UTC): date(2026, 3, 30),  # 00:00 CEST
        datetime(2026, 3, 30, 12, 0, tzinfo=UTC): date(2026, 3, 30),
    }
    for start in starts:
        add_recording(custodian, "Z1", start, in_vault=False)
    add_recording(custodian, "Z2", datetime(2026, 3, 29, 8, 0, tzinfo=UTC), in_vault=False)
    since = local_day_bounds(date(2026, 3, 27), BERLIN)[0]
    until = local_day_bounds(date(2026, 3, 30), BERLIN)[1]
    found = [(u.device, u.day, u.recordings) for u in unchecked_days(since, until, BERLIN)]
    assert found == [("Z1", date(2026, 3, 27), 1), ("Z1", date(2026, 3, 28), 2), ("Z1", date(2026, 3, 29), 2),
                     ("Z2", date(2026, 3, 29), 1), ("Z1", date(2026, 3, 30), 2)]
    # a window starting mid-day counts only what lies in it
    later = [(u.device, u.day, u.recordings) for u in
             unchecked_days(datetime(2026, 3, 29, 9, 0, tzinfo=UTC), until, BERLIN)]
    assert later == [("Z1", date(2026, 3, 29), 1), ("Z1", date(2026, 3, 30), 2)]


def test_import_weeks_are_counted_in_one_query_by_local_week(people: dict[str, ServiceContext]) -> None:
    custodian = people["custodian"]
    monday = date(2026, 3, 23)
    first = local_day_bounds(monday, BERLIN)[0]
    imported = [first, first + timedelta(days=6, hours=22, minutes=59),  # Sunday 23:59 CEST: week 1
                local_day_bounds(monday + timedelta(days=7), BERLIN)[0],  # Monday 00:00 of week 2
                local_day_bounds(monday + timedelta(days=21), BERLIN)[0] + timedelta(hours=3)]  # week 4
    for n, when in enumerate(imported):
        start = when - timedelta(hours=30 if n == 0 else 1)  # the first one late (more than 24 hours)
        add_recording(custodian, "Z1", start, imported_at=when, in_vault=False)
    weeks = import_weeks(first, local_day_bounds(monday + timedelta(days=27), BERLIN)[1], BERLIN, 24)
    assert [(w.week_start, w.recordings, w.on_time, w.late) for w in weeks] == [
        (monday, 2, 1, 1), (monday + timedelta(days=7), 1, 1, 0), (monday + timedelta(days=14), 0, 0, 0),
        (monday + timedelta(days=21), 1, 1, 0)]


def test_bucket_of_numbers_every_period(people: dict[str, ServiceContext]) -> None:
    custodian = people["custodian"]
    base = datetime(2026, 1, 1, tzinfo=UTC)
    bounds = [base + timedelta(days=n) for n in range(1, 12)]  # 12 periods: the nested CASE has odd and even halves
    for n in range(13):
        add_recording(custodian, "Z1", base + timedelta(days=n, hours=n % 3 * 11), in_vault=False)
    period = bucket_of(Recording.start_at, bounds)
    rows = cast(Iterable[tuple[Any, int]], Recording.select(Recording.start_at, period).order_by(Recording.start_at)
                .tuples())
    assert [p for _, p in rows] == [min(n, 11) for n in range(13)]
    single = cast(Iterable[tuple[Any, int]], Recording.select(Recording.start_at, bucket_of(Recording.start_at, []))
                  .tuples())
    assert [p for _, p in single] == [0] * 13


def test_version_9_indexes_replace_the_imported_at_one(people: dict[str, ServiceContext]) -> None:
    from evidence_station.catalogue.schema import DAY_COUNT_INDEX, IMPORT_WEEK_INDEX, ensure_schema

    db = Recording._meta.database
    names = {index.name for index in db.get_indexes("recording")}
    assert {DAY_COUNT_INDEX, IMPORT_WEEK_INDEX} <= names and "recording_imported_at" not in names
    assert ensure_schema(db) >= 9


def test_a_check_before_the_window_still_counts_for_its_day(people: dict[str, ServiceContext]) -> None:
    from evidence_station.services.device_service import add_device, add_pre_use_check

    custodian = people["custodian"]
    add_device(custodian, serial="Z1", model="m", group="g", responsible_person="p")
    add_pre_use_check(custodian, serial="Z1", checked_at=datetime(2026, 3, 30, 6, 0, tzinfo=UTC))
    add_recording(custodian, "Z1", datetime(2026, 3, 30, 10, 0, tzinfo=UTC), in_vault=False)
    add_recording(custodian, "Z1", datetime(2026, 3, 31, 10, 0, tzinfo=UTC), in_vault=False)  # unchecked
    until = local_day_bounds(date(2026, 3, 31), BERLIN)[1]
    found = unchecked_days(datetime(2026, 3, 30, 9, 0, tzinfo=UTC), until, BERLIN)
    assert [(u.day, u.recordings) for u in found] == [(date(2026, 3, 31), 1)]
