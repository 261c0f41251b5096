"""The Qt-free timeline: gaps, overlaps, explanations, locating instants, time formatting."""

from datetime import UTC, datetime, timedelta

import pytest

from evidence_station.playback.timecode import camera_times, format_ms
from evidence_station.playback.timeline import (
    TimelineBookmark,
    TimelineSegment,
    build_timeline,
    locate,
    next_segment_after,
    time_of,
)

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def seg(recording_id: int, start_s: float, end_s: float) -> TimelineSegment:
    return TimelineSegment(recording_id, T0 + timedelta(seconds=start_s), T0 + timedelta(seconds=end_s))


def test_gap_longer_than_threshold_is_found_with_its_length_and_explanation():
    timeline = build_timeline([seg(2, 900, 1200), seg(1, 0, 660)], explanations={(1, 2): "battery change"})
    assert [s.recording_id for s in timeline.segments] == [1, 2]
    (gap,) = timeline.gaps
    assert (gap.before_id, gap.after_id) == (1, 2)
    assert gap.minutes_seconds() == (4, 0)
    assert gap.explained and gap.explanation == "battery change"
    assert timeline.overlaps == ()


def test_small_gaps_and_overlaps_within_threshold_are_ignored():
    timeline = build_timeline([seg(1, 0, 60), seg(2, 64, 120), seg(3, 117, 180)])
    assert timeline.gaps == () and timeline.overlaps == ()
    assert build_timeline([seg(1, 0, 60), seg(2, 66, 120)]).gaps[0].explained is False


def test_overlap_is_measured_against_the_longest_running_recording():
    timeline = build_timeline([seg(1, 0, 600), seg(2, 100, 200), seg(3, 300, 700)])
    assert [(o.first_id, o.second_id) for o in timeline.overlaps] == [(1, 2), (1, 3)]
    assert timeline.overlaps[1].duration_s == 300
    assert timeline.gaps == ()
    assert timeline.end == T0 + timedelta(seconds=700)


def test_locate_and_time_of_are_inverse_and_gaps_locate_nowhere():
    timeline = build_timeline([seg(1, 0, 60), seg(2, 120, 180)])
    assert locate(timeline, T0 + timedelta(seconds=30.5)) == (1, 30_500)
    assert locate(timeline, T0 + timedelta(seconds=90)) is None
    assert locate(timeline, T0 - timedelta(seconds=1)) is None
    assert time_of(timeline, 2, 15_000) == T0 + timedelta(seconds=135)
    assert locate(timeline, time_of(timeline, 2, 15_000)) == (2, 15_000)
    assert next_segment_after(timeline, T0 + timedelta(seconds=90)).recording_id == 2
    assert time_of(timeline, 99, 0) is None


def test_locate_prefers_the_later_recording_where_two_overlap():
    timeline = build_timeline([seg(1, 0, 100), seg(2, 50, 150)])
    assert locate(timeline, T0 + timedelta(seconds=60)) == (2, 10_000)


def test_bookmarks_on_unknown_recordings_are_dropped_and_naive_times_are_utc():
    naive = TimelineSegment(1, datetime(2026, 3, 1, 8, 0), datetime(2026, 3, 1, 8, 1))
    assert naive.start == T0 and naive.duration_ms == 60_000
    timeline = build_timeline(
        [naive], [TimelineBookmark(1, 5_000, "questioning"), TimelineBookmark(7, 0, "x")]
    )
    assert [b.recording_id for b in timeline.bookmarks] == [1]


def test_segment_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="recording 3"):
        seg(3, 10, 5)


def test_format_ms_and_camera_times():
    assert format_ms(3_723_999) == "01:02:03"
    assert format_ms(-5) == "00:00:00"
    camera, corrected = camera_times(T0, 61_000, clock_offset_s=30.0)
    assert f"{camera:%H:%M:%S}" == "16:01:01"  # Asia/Shanghai
    assert f"{corrected:%H:%M:%S}" == "16:00:31"
    assert camera_times(T0, 0, None)[1] is None
    assert camera_times(None, 0, 5.0) == (None, None)
