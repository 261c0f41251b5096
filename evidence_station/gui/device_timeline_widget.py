"""The player window's timeline: the device's recordings with locked ones (no viewing approval) greyed."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from evidence_station.gui.timeline_widget import SEGMENT_COLOUR, TimelineWidget
from evidence_station.playback.timeline import TimelineSegment

LOCKED_COLOUR = QColor("#b8b8b8")
CURRENT_COLOUR = QColor("#1d5fb8")


class DeviceTimelineWidget(TimelineWidget):
    """A :class:`TimelineWidget` that draws recordings without an approval as locked and marks the current one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._locked: frozenset[int] = frozenset()
        self._current: int | None = None

    def set_locked(self, recording_ids: Iterable[int]) -> None:
        """Recordings drawn as locked (never playable here)."""
        self._locked = frozenset(recording_ids)
        self.update()

    def locked(self) -> frozenset[int]:
        """The recordings drawn as locked."""
        return self._locked

    def set_current(self, recording_id: int | None) -> None:
        """The recording playing now (outlined)."""
        self._current = recording_id
        self.update()

    def _paint_segments(self, painter: QPainter) -> None:
        for segment in self.timeline.segments:
            rect: QRectF = self._rect(segment.start, segment.end)
            locked = segment.recording_id in self._locked
            colour = LOCKED_COLOUR if locked else SEGMENT_COLOUR
            painter.setPen(QPen(colour.darker(140), 1))
            painter.setBrush(QBrush(colour, Qt.BrushStyle.Dense4Pattern) if locked else colour)
            painter.drawRect(rect)
            if segment.recording_id == self._current:
                painter.setPen(QPen(CURRENT_COLOUR.darker(150), 3))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(rect.adjusted(1, 1, -1, -1))
            painter.setPen(QColor("#303030") if locked else Qt.GlobalColor.white)
            painter.drawText(rect.adjusted(3, 0, -3, 0), Qt.AlignmentFlag.AlignVCenter, self.segment_caption(segment))

    def segment_captions(self, segment: TimelineSegment) -> list[str]:
        """A locked recording says so while there is room; then its time alone (the hatching still shows it)."""
        plain = super().segment_captions(segment)
        if segment.recording_id not in self._locked:
            return plain
        return [self.tr("Locked {label}").format(label=plain[0]), *plain]

    def tooltip_at(self, x: float) -> str:
        """Also says when the recording under ``x`` is locked."""
        text = super().tooltip_at(x)
        target = self.target_at(x)
        at = self.time_at(x)
        inside = target is not None and at is not None and any(
            s.recording_id == target[0] and s.start <= at <= s.end for s in self.timeline.segments
        )
        if inside and target is not None and target[0] in self._locked:
            text += "\n" + self.tr("Locked: you have no live viewing approval for this recording.")
        return text
