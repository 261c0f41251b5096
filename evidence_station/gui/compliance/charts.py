"""The compliance charts: imports on time per week (QtCharts stacked bars), a day timeline of each device's
recordings and gaps (QPainter), and a device's clock-offset history with its drift (QtCharts line)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QScatterSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QDateTime, QMargins, QPointF, QRectF, QSize, Qt, QTime
from PySide6.QtGui import QBrush, QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from evidence_station.api.compliance import DeviceTimeline, WeekImports
from evidence_station.domain.clock import to_local
from evidence_station.domain.compliance import OffsetMeasurement

ON_TIME_COLOUR = QColor("#2e8b57")
EXEMPT_COLOUR = QColor("#4682b4")
LATE_COLOUR = QColor("#c0392b")
SEGMENT_COLOUR = QColor("#3b7dd8")
CORRECTED_COLOUR = QColor("#9cc3f5")
GAP_OPEN_COLOUR = QColor("#d9534f")
GAP_CLOSED_COLOUR = QColor("#bbbbbb")
#: Candidate steps of the timeline's time axis, in minutes (the first giving at most 8 ticks is used).
TICK_MINUTES = (1, 2, 5, 10, 15, 30, 60, 120)


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 4, 4))
    return chart


class WeeklyImportsChart(QChartView):
    """Stacked bars per week: recordings imported within 24 h, exempt (Art. 15), and late."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(240)
        self.weeks: list[WeekImports] = []
        self.set_weeks([])

    def set_weeks(self, weeks: Sequence[WeekImports]) -> None:
        """Show ``weeks`` (oldest first)."""
        self.weeks = list(weeks)
        chart = _chart(self.tr("Imports within 24 hours per week"))
        sets = []
        for label, colour, values in (
            (self.tr("On time"), ON_TIME_COLOUR, [w.on_time for w in self.weeks]),
            (self.tr("Exempt"), EXEMPT_COLOUR, [w.exempt for w in self.weeks]),
            (self.tr("Late"), LATE_COLOUR, [w.late for w in self.weeks]),
        ):
            bar_set = QBarSet(label)
            bar_set.setColor(colour)
            bar_set.append([float(v) for v in values])
            sets.append(bar_set)
        series = QStackedBarSeries()
        for bar_set in sets:
            series.append(bar_set)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([f"{w.week_start.month}/{w.week_start.day}" for w in self.weeks] or ["—"])
        categories.setLabelsAngle(-60)
        categories.setTruncateLabels(False)
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        counts = QValueAxis()
        top = max((w.recordings for w in self.weeks), default=0)
        counts.setRange(0, max(4, top + 1))
        counts.setLabelFormat("%d")
        counts.setTickCount(5)
        chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(counts)
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()


class DayTimelineWidget(QWidget):
    """One row per device: its recordings on the day (camera time; corrected time as a pale bar below) and
    the gaps between them (red while open, grey once explained). Hover a bar for its details."""

    ROW_HEIGHT = 34
    LABEL_WIDTH = 110
    AXIS_HEIGHT = 22

    def __init__(self, zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self.timelines: list[DeviceTimeline] = []
        self._start = datetime.min
        self._end = datetime.min
        self._step = 60
        self._hits: list[tuple[QRectF, str]] = []
        self.setMouseTracking(True)
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_timelines(self, timelines: Sequence[DeviceTimeline]) -> None:
        """Show these devices' day timelines."""
        self.timelines = list(timelines)
        times = [t for tl in self.timelines for s in tl.segments
                 for t in (s.start, s.end, s.corrected_start, s.corrected_end)]
        if times:
            first, last = (to_local(t, self.zone).replace(tzinfo=None) for t in (min(times), max(times)))
            self._step = next((m for m in TICK_MINUTES if (last - first).total_seconds() / 60 / m <= 8), 240)
            midnight = first.replace(hour=0, minute=0, second=0, microsecond=0)
            ticks_before = int((first - midnight).total_seconds() // (self._step * 60))
            self._start = midnight + timedelta(minutes=ticks_before * self._step)
            ticks = int((last - self._start).total_seconds() // (self._step * 60)) + 1
            self._end = self._start + timedelta(minutes=ticks * self._step)
        self.setMinimumHeight(self.AXIS_HEIGHT + max(1, len(self.timelines)) * self.ROW_HEIGHT + 8)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        """Wide enough for a readable hour axis, high enough for every device."""
        return QSize(700, self.AXIS_HEIGHT + max(1, len(self.timelines)) * self.ROW_HEIGHT + 8)

    def plot_width(self) -> float:
        """Width of the time axis in pixels (room is left for the last tick's label)."""
        return max(10.0, self.width() - self.LABEL_WIDTH - 36)

    def _x(self, at: datetime, width: float) -> float:
        span = (self._end - self._start).total_seconds() or 1.0
        local = to_local(at, self.zone).replace(tzinfo=None)
        return self.LABEL_WIDTH + (local - self._start).total_seconds() / span * width

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the hour axis, then each device's row."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        self._hits = []
        if not self.timelines:
            painter.setPen(self.palette().text().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No recordings on this day."))
            painter.end()
            return
        width = self.plot_width()
        self._draw_axis(painter, width)
        for row, timeline in enumerate(self.timelines):
            top = self.AXIS_HEIGHT + row * self.ROW_HEIGHT
            self._draw_row(painter, timeline, top, width)
        painter.end()

    def _draw_axis(self, painter: QPainter, width: float) -> None:
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        painter.setFont(small)
        grid = QPen(QColor("#dddddd"))
        ticks = int((self._end - self._start).total_seconds() // (self._step * 60))
        bottom = self.AXIS_HEIGHT + len(self.timelines) * self.ROW_HEIGHT
        for tick in range(ticks + 1):
            x = self.LABEL_WIDTH + tick / max(ticks, 1) * width
            painter.setPen(grid)
            painter.drawLine(QPointF(x, self.AXIS_HEIGHT - 4), QPointF(x, bottom))
            painter.setPen(self.palette().text().color())
            label = f"{(self._start + timedelta(minutes=tick * self._step)):%H:%M}"
            painter.drawText(QRectF(x - 30, 0, 60, self.AXIS_HEIGHT - 4), Qt.AlignmentFlag.AlignCenter, label)

    def _draw_row(self, painter: QPainter, timeline: DeviceTimeline, top: float, width: float) -> None:
        painter.setPen(self.palette().text().color())
        painter.setFont(self.font())
        name = timeline.device if timeline.checked else f"{timeline.device} ⚠"
        painter.drawText(QRectF(4, top, self.LABEL_WIDTH - 8, self.ROW_HEIGHT), Qt.AlignmentFlag.AlignVCenter, name)
        if not timeline.checked:
            self._hits.append((QRectF(4, top, self.LABEL_WIDTH - 8, self.ROW_HEIGHT),
                               self.tr("No pre-use check (Art. 7) on this day.")))
        painter.setPen(Qt.PenStyle.NoPen)
        for seg in timeline.segments:
            x0, x1 = self._x(seg.start, width), self._x(seg.end, width)
            bar = QRectF(x0, top + 5, max(2.0, x1 - x0), 14)
            painter.setBrush(QBrush(SEGMENT_COLOUR))
            painter.drawRect(bar)
            c0, c1 = self._x(seg.corrected_start, width), self._x(seg.corrected_end, width)
            painter.setBrush(QBrush(CORRECTED_COLOUR))
            painter.drawRect(QRectF(c0, top + 21, max(2.0, c1 - c0), 5))
            tip = self.tr("Recording {id}: {start} – {end} (camera time); corrected {cstart} – {cend}").format(
                id=seg.recording_id, start=self._hm(seg.start), end=self._hm(seg.end),
                cstart=self._hm(seg.corrected_start), cend=self._hm(seg.corrected_end))
            self._hits.append((bar, tip))
        for gap in timeline.gaps:
            x0, x1 = self._x(gap.start, width), self._x(gap.end, width)
            colour = GAP_OPEN_COLOUR if gap.status == "open" else GAP_CLOSED_COLOUR
            bar = QRectF(x0, top + 9, max(3.0, x1 - x0), 6)
            painter.setBrush(QBrush(colour, Qt.BrushStyle.Dense4Pattern if gap.status != "open" else
                                    Qt.BrushStyle.SolidPattern))
            painter.drawRect(bar)
            state = self.tr("explained") if gap.explained else self.tr("not explained")
            tip = self.tr("Gap (finding {id}): {start} – {end}, {seconds} s, {state}").format(
                id=gap.finding_id, start=self._hm(gap.start), end=self._hm(gap.end), seconds=round(gap.seconds),
                state=state)
            self._hits.append((bar.adjusted(-2, -6, 2, 6), tip))

    def _hm(self, at: datetime) -> str:
        return f"{to_local(at, self.zone):%H:%M:%S}"

    def tooltip_at(self, x: float, y: float) -> str:
        """The details of what is drawn at (x, y), or ''."""
        for rect, tip in reversed(self._hits):
            if rect.contains(QPointF(x, y)):
                return tip
        return ""

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Show the hovered bar's details."""
        tip = self.tooltip_at(event.position().x(), event.position().y())
        if tip:
            QToolTip.showText(event.globalPosition().toPoint(), tip, self)
        else:
            QToolTip.hideText()


class OffsetHistoryChart(QChartView):
    """A device's measured clock offsets over time, with the threshold as dashed lines."""

    def __init__(self, zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(200)
        self.set_offsets([], threshold_s=0.0)

    def set_offsets(self, offsets: Sequence[OffsetMeasurement], *, threshold_s: float) -> None:
        """Show ``offsets`` (oldest first) and the ± threshold."""
        chart = _chart(self.tr("Clock offset history (seconds, camera − station)"))
        line = QLineSeries()
        line.setName(self.tr("Offset"))
        dots = QScatterSeries()
        dots.setMarkerSize(8)
        dots.setName(self.tr("Checks"))
        points = [(self._ms(m.measured_at), m.offset_s) for m in offsets]
        for x, y in points:
            line.append(x, y)
            dots.append(x, y)
        chart.addSeries(line)
        chart.addSeries(dots)
        low = min([y for _, y in points] + [-threshold_s, 0.0])
        high = max([y for _, y in points] + [threshold_s, 0.0])
        x_values = [x for x, _ in points] or [float(QDateTime.currentMSecsSinceEpoch())]
        x0, x1 = min(x_values), max(x_values)
        if x1 - x0 < 86_400_000:
            x0, x1 = x0 - 43_200_000, x1 + 43_200_000
        limits = []
        for value in (threshold_s, -threshold_s) if threshold_s else ():
            limit = QLineSeries()
            limit.setName(self.tr("Threshold"))
            limit.setPen(QPen(LATE_COLOUR, 1, Qt.PenStyle.DashLine))
            limit.append(x0, value)
            limit.append(x1, value)
            chart.addSeries(limit)
            limits.append(limit)
        for extra in limits[1:]:
            chart.legend().markers(extra)[0].setVisible(False)
        axis_x = QDateTimeAxis()
        axis_x.setFormat("MM-dd")
        axis_x.setRange(QDateTime.fromMSecsSinceEpoch(int(x0)), QDateTime.fromMSecsSinceEpoch(int(x1)))
        axis_y = QValueAxis()
        pad = max(1.0, (high - low) * 0.1)
        axis_y.setRange(low - pad, high + pad)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        for series in (line, dots, *limits):
            series.attachAxis(axis_x)
            series.attachAxis(axis_y)
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()

    def _ms(self, at: datetime) -> float:
        """Milliseconds of the station-zone wall time as the axis (in the system zone) shows it."""
        local = to_local(at, self.zone)
        value = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second))
        return float(value.toMSecsSinceEpoch())
