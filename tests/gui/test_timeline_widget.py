"""TimelineWidget: clicks map to recordings and offsets, tooltips name bookmarks and gaps, painting works."""

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt

from evidence_station.gui.device_timeline_widget import DeviceTimelineWidget
from evidence_station.gui.timeline_widget import MARGIN, TimelineWidget
from evidence_station.playback.timeline import TimelineBookmark, TimelineSegment, build_timeline

T0 = datetime(2026, 3, 1, 0, 0, tzinfo=UTC)


@pytest.fixture
def timeline_widget(qtbot):
    segments = [
        TimelineSegment(1, T0, T0 + timedelta(seconds=600), "A"),
        TimelineSegment(2, T0 + timedelta(seconds=840), T0 + timedelta(seconds=1000), "B"),
    ]
    timeline = build_timeline(segments, [TimelineBookmark(2, 60_000, "questioning", "asks for ID", "李四")])
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.resize(1000 + 2 * MARGIN, 100)
    widget.set_timeline(timeline)
    widget.show()
    return widget


def test_click_inside_a_recording_requests_its_offset(qtbot, timeline_widget):
    x = int(timeline_widget.x_of(T0 + timedelta(seconds=300)))
    with qtbot.waitSignal(timeline_widget.positionRequested, timeout=1000) as blocker:
        qtbot.mouseClick(timeline_widget, Qt.MouseButton.LeftButton, pos=QPoint(x, 40))
    assert blocker.args[0] == 1 and abs(blocker.args[1] - 300_000) <= 1_000


def test_click_in_a_gap_jumps_to_the_next_recording(qtbot, timeline_widget):
    x = int(timeline_widget.x_of(T0 + timedelta(seconds=700)))
    with qtbot.waitSignal(timeline_widget.positionRequested, timeout=1000) as blocker:
        qtbot.mouseClick(timeline_widget, Qt.MouseButton.LeftButton, pos=QPoint(x, 40))
    assert blocker.args == [2, 0]


def test_tooltips_describe_bookmarks_and_gaps(timeline_widget):
    bookmark_x = timeline_widget.x_of(T0 + timedelta(seconds=900))
    assert timeline_widget.tooltip_at(bookmark_x) == "questioning\nasks for ID\n李四"
    assert timeline_widget.target_at(bookmark_x + 2) == (2, 60_000)
    gap_tip = timeline_widget.tooltip_at(timeline_widget.x_of(T0 + timedelta(seconds=700)))
    assert gap_tip.startswith("Gap 4 min 00 s") and "Not explained" in gap_tip


def test_cursor_follows_recording_offsets_and_the_widget_paints(timeline_widget):
    timeline_widget.set_cursor(2, 30_000)
    assert timeline_widget.cursor_time() == T0 + timedelta(seconds=870)
    image = timeline_widget.grab().toImage()
    x = int(timeline_widget.x_of(T0 + timedelta(seconds=300)))
    assert image.pixelColor(x, 40).blue() > 150  # inside the blue segment bar
    empty = TimelineWidget()
    empty.resize(200, 80)
    assert not empty.grab().isNull()
    empty.deleteLater()


@pytest.mark.parametrize("player", [False, True])
@pytest.mark.parametrize("width", [1366, 700, 360, 200])
def test_segment_labels_are_whole_or_absent_never_cut(qtbot, width, player):
    """A time label fits its bar completely ("08:08:30" or "08:08"), never clipped to "08:08:3" (also the
    player's device timeline, where a locked recording's label is longer)."""
    segments = [
        TimelineSegment(1, T0, T0 + timedelta(seconds=600), "08:00:00"),
        TimelineSegment(2, T0 + timedelta(seconds=840), T0 + timedelta(seconds=900), "08:14:00"),
        TimelineSegment(3, T0 + timedelta(seconds=905), T0 + timedelta(seconds=920), "08:15:05"),
    ]
    widget = DeviceTimelineWidget() if player else TimelineWidget()
    qtbot.addWidget(widget)
    widget.resize(width, 100)
    widget.set_timeline(build_timeline(segments, []))
    if player:
        widget.set_locked([2])
    metrics = widget.fontMetrics()
    for segment in segments:
        shown = widget.segment_caption(segment)
        room = widget.x_of(segment.end) - widget.x_of(segment.start) - 6
        assert shown in [*widget.segment_captions(segment), ""]
        assert shown.endswith((segment.label, segment.label[:5])) or not shown
        assert not shown or metrics.horizontalAdvance(shown) <= room
    assert widget.segment_caption(segments[0]) == "08:00:00"
    if width >= 1366:
        assert widget.segment_caption(segments[1]).endswith("08:14:00")
