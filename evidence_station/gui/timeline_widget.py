"""A painted timeline of one device's recordings with gaps, overlaps, bookmarks and the play cursor."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QToolTip, QWidget

from evidence_station.domain.bookmarks import parse_category
from evidence_station.domain.clock import ensure_utc, to_local
from evidence_station.domain.errors import InvalidInputError
from evidence_station.playback.timeline import (
    Timeline,
    TimelineBookmark,
    TimelineSegment,
    locate,
    next_segment_after,
    time_of,
)

MARGIN = 8
BAR_TOP = 22
BAR_HEIGHT = 34
MARKER_HIT_PX = 6
SEGMENT_COLOUR = QColor("#3b7dd8")
EXPLAINED_GAP_COLOUR = QColor("#8a8a8a")
UNEXPLAINED_GAP_COLOUR = QColor("#e08a00")
OVERLAP_COLOUR = QColor(220, 0, 0, 150)
CURSOR_COLOUR = QColor("#111111")
UNKNOWN_CATEGORY_COLOUR = QColor("#7f7f7f")


def category_colour(category: str) -> QColor:
    """The colour of a bookmark category (its value or Chinese label), grey when unknown."""
    try:
        return QColor(parse_category(category).colour)
    except InvalidInputError:
        return UNKNOWN_CATEGORY_COLOUR


class TimelineWidget(QWidget):
    """Shows a :class:`~evidence_station.playback.timeline.Timeline`; a click emits ``positionRequested``.

    A click inside a recording asks for that recording and offset; a click in a gap jumps to the start of
    the next recording.
    """

    positionRequested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._timeline = Timeline()
        self._cursor: datetime | None = None
        self.setMinimumHeight(BAR_TOP + BAR_HEIGHT + 30)
        self.setMouseTracking(True)

    # -- data --------------------------------------------------------------------------------------
    @property
    def timeline(self) -> Timeline:
        """The timeline shown."""
        return self._timeline

    def set_timeline(self, timeline: Timeline) -> None:
        """Show ``timeline``."""
        self._timeline = timeline
        self.update()

    def set_cursor(self, recording_id: int, offset_ms: int) -> None:
        """Put the play cursor ``offset_ms`` into ``recording_id``."""
        self.set_cursor_time(time_of(self._timeline, recording_id, offset_ms))

    def set_cursor_time(self, at: datetime | None) -> None:
        """Put the play cursor at a wall-clock instant (None hides it)."""
        self._cursor = ensure_utc(at) if at is not None else None
        self.update()

    def cursor_time(self) -> datetime | None:
        """Where the cursor is."""
        return self._cursor

    # -- geometry ----------------------------------------------------------------------------------
    def _span(self) -> tuple[datetime, float] | None:
        start, end = self._timeline.start, self._timeline.end
        if start is None or end is None:
            return None
        return start, max((end - start).total_seconds(), 1.0)

    def x_of(self, at: datetime) -> float:
        """Horizontal pixel of an instant."""
        span = self._span()
        if span is None:
            return float(MARGIN)
        start, seconds = span
        usable = max(1, self.width() - 2 * MARGIN)
        return MARGIN + (ensure_utc(at) - start).total_seconds() / seconds * usable

    def time_at(self, x: float) -> datetime | None:
        """The instant under horizontal pixel ``x`` (None without data)."""
        span = self._span()
        if span is None:
            return None
        start, seconds = span
        usable = max(1, self.width() - 2 * MARGIN)
        fraction = min(1.0, max(0.0, (x - MARGIN) / usable))
        return start + timedelta(seconds=fraction * seconds)

    def _bookmark_x(self, bookmark: TimelineBookmark) -> float | None:
        at = time_of(self._timeline, bookmark.recording_id, bookmark.offset_ms)
        return self.x_of(at) if at is not None else None

    def bookmark_near(self, x: float) -> TimelineBookmark | None:
        """The bookmark whose marker is within a few pixels of ``x``."""
        best: tuple[float, TimelineBookmark] | None = None
        for bookmark in self._timeline.bookmarks:
            bx = self._bookmark_x(bookmark)
            if bx is not None and abs(bx - x) <= MARKER_HIT_PX and (best is None or abs(bx - x) < best[0]):
                best = (abs(bx - x), bookmark)
        return best[1] if best else None

    def gap_label(self, minutes: int, seconds: int) -> str:
        """The caption of a gap, e.g. "Gap 4 min 00 s" (间隔 4分00秒 in Chinese)."""
        return self.tr("Gap %1 min %2 s").replace("%1", str(minutes)).replace("%2", f"{seconds:02d}")

    # -- painting ----------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw segments, gaps, overlaps, bookmarks and the cursor."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        if self._span() is None:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No recordings"))
            return
        self._paint_segments(painter)
        self._paint_gaps(painter)
        self._paint_overlaps(painter)
        self._paint_bookmarks(painter)
        self._paint_cursor(painter)
        painter.end()

    def _rect(self, start: datetime, end: datetime) -> QRectF:
        left = self.x_of(start)
        return QRectF(left, BAR_TOP, max(1.0, self.x_of(end) - left), BAR_HEIGHT)

    def segment_caption(self, segment: TimelineSegment) -> str:
        """The segment's label as far as it fits whole in its bar: "08:08:30", else "08:08", else nothing.

        A label is never cut mid-way ("08:08:3"); the tooltip gives the exact time anywhere on the bar.
        """
        room = self._rect(segment.start, segment.end).width() - 6
        metrics = self.fontMetrics()
        return next((text for text in self.segment_captions(segment) if metrics.horizontalAdvance(text) <= room), "")

    def segment_captions(self, segment: TimelineSegment) -> list[str]:
        """The captions a segment may show, longest first (a time "08:08:30" may drop its seconds)."""
        label = segment.label
        return [label, label.rsplit(":", 1)[0]] if label.count(":") == 2 else [label]

    def _paint_segments(self, painter: QPainter) -> None:
        painter.setPen(QPen(SEGMENT_COLOUR.darker(140), 1))
        for segment in self._timeline.segments:
            rect = self._rect(segment.start, segment.end)
            painter.setBrush(SEGMENT_COLOUR)
            painter.drawRect(rect)
            painter.setPen(Qt.GlobalColor.white)
            painter.drawText(rect.adjusted(3, 0, -3, 0), Qt.AlignmentFlag.AlignVCenter, self.segment_caption(segment))
            painter.setPen(QPen(SEGMENT_COLOUR.darker(140), 1))

    def _paint_gaps(self, painter: QPainter) -> None:
        for gap in self._timeline.gaps:
            colour = EXPLAINED_GAP_COLOUR if gap.explained else UNEXPLAINED_GAP_COLOUR
            rect = self._rect(gap.start, gap.end)
            painter.setPen(QPen(colour, 1, Qt.PenStyle.DashLine))
            painter.setBrush(QBrush(colour, Qt.BrushStyle.BDiagPattern))
            painter.drawRect(rect)
            painter.setPen(colour.darker(130))
            caption = QRectF(rect.left() - 40, BAR_TOP + BAR_HEIGHT + 2, rect.width() + 80, 16)
            painter.drawText(caption, Qt.AlignmentFlag.AlignHCenter, self.gap_label(*gap.minutes_seconds()))

    def _paint_overlaps(self, painter: QPainter) -> None:
        for overlap in self._timeline.overlaps:
            rect = self._rect(overlap.start, overlap.end)
            painter.setPen(QPen(QColor("#c00000"), 2))
            painter.setBrush(OVERLAP_COLOUR)
            painter.drawRect(rect)
            painter.drawText(QRectF(rect.left(), 2, max(60.0, rect.width()), 16), self.tr("Overlap"))

    def _paint_bookmarks(self, painter: QPainter) -> None:
        for bookmark in self._timeline.bookmarks:
            x = self._bookmark_x(bookmark)
            if x is None:
                continue
            colour = category_colour(bookmark.category)
            painter.setPen(QPen(colour, 2))
            painter.drawLine(QPointF(x, BAR_TOP - 2), QPointF(x, BAR_TOP + BAR_HEIGHT))
            painter.setBrush(colour)
            painter.drawPolygon(
                QPolygonF(
                    [QPointF(x - 5, BAR_TOP - 10), QPointF(x + 5, BAR_TOP - 10), QPointF(x, BAR_TOP - 2)]
                )
            )

    def _paint_cursor(self, painter: QPainter) -> None:
        if self._cursor is None:
            return
        x = self.x_of(self._cursor)
        painter.setPen(QPen(CURSOR_COLOUR, 2))
        painter.drawLine(QPointF(x, BAR_TOP - 14), QPointF(x, BAR_TOP + BAR_HEIGHT + 4))

    # -- interaction -------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Ask for the recording and offset under the click."""
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        target = self.target_at(event.position().x())
        if target is not None:
            self.positionRequested.emit(*target)
        event.accept()

    def target_at(self, x: float) -> tuple[int, int] | None:
        """``(recording_id, offset_ms)`` for a click at ``x`` (start of the next recording in a gap)."""
        bookmark = self.bookmark_near(x)
        if bookmark is not None:
            return bookmark.recording_id, bookmark.offset_ms
        at = self.time_at(x)
        if at is None:
            return None
        hit = locate(self._timeline, at)
        if hit is not None:
            return hit
        following = next_segment_after(self._timeline, at)
        return (following.recording_id, 0) if following is not None else None

    def tooltip_at(self, x: float) -> str:
        """Tooltip text for ``x``: a bookmark's category, note and author, else the time there."""
        bookmark = self.bookmark_near(x)
        if bookmark is not None:
            lines = [bookmark.category, bookmark.note, bookmark.author]
            return "\n".join(line for line in lines if line)
        for gap in self._timeline.gaps:
            if self.x_of(gap.start) <= x <= self.x_of(gap.end):
                status = gap.explanation if gap.explained else self.tr("Not explained")
                return f"{self.gap_label(*gap.minutes_seconds())}\n{status}"
        at = self.time_at(x)
        return f"{to_local(at):%Y-%m-%d %H:%M:%S}" if at is not None else ""

    def event(self, event: QEvent) -> bool:
        """Show tooltips for bookmarks, gaps and times."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(event.pos().x())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
