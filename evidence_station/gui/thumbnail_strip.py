"""A strip of pictures spread over the current recording (the import thumbnails), with a hover preview.

Clicking a picture asks to jump there (``positionRequested(offset_ms)``); hovering shows that picture
enlarged with its time. The strip is a PNG the station hands out under a live grant (``open_preview``); without
one a placeholder text shows.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from evidence_station.playback.timecode import format_ms

STRIP_HEIGHT = 54
PREVIEW_HEIGHT = 150


def frame_count(strip_width: int, strip_height: int, aspect: float) -> int:
    """How many pictures a strip of this size holds when each has ``aspect`` (width / height)."""
    if strip_width <= 0 or strip_height <= 0 or aspect <= 0:
        return 1
    return max(1, round(strip_width / (strip_height * aspect)))


class ThumbnailStrip(QWidget):
    """Shows a thumbnail strip scaled to the widget; hover previews, click jumps."""

    positionRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixmap: QPixmap | None = None
        self._length_ms = 0
        self._count = 1
        self.setFixedHeight(STRIP_HEIGHT)
        self.setMouseTracking(True)
        self.preview = QLabel(self, Qt.WindowType.ToolTip)
        self.preview.setStyleSheet("background: black; color: white; border: 1px solid #444;")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.hide()

    def set_strip(self, png: bytes | None, length_ms: int, aspect: float = 4 / 3) -> None:
        """Show the strip ``png`` (None or unreadable: the placeholder) for a recording of ``length_ms``."""
        pixmap = QPixmap()
        if png:
            pixmap.loadFromData(png)
        self._pixmap = None if pixmap.isNull() else pixmap
        self._length_ms = max(0, int(length_ms))
        self._count = frame_count(pixmap.width(), pixmap.height(), aspect) if self._pixmap else 1
        self.preview.hide()
        self.update()

    def has_strip(self) -> bool:
        """Whether a strip is shown."""
        return self._pixmap is not None

    def frame_at(self, x: float) -> int:
        """Index of the picture under ``x``."""
        width = max(1, self.width())
        return min(self._count - 1, max(0, int(x / width * self._count)))

    def offset_at(self, x: float) -> int:
        """The position (ms) of the picture under ``x`` (the strip's pictures sit at the middle of each part)."""
        return int((self.frame_at(x) + 0.5) * self._length_ms / self._count)

    def frame_pixmap(self, index: int) -> QPixmap | None:
        """One picture of the strip."""
        if self._pixmap is None:
            return None
        width = self._pixmap.width() // self._count
        return self._pixmap.copy(QRect(index * width, 0, width, self._pixmap.height()))

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the strip, or the placeholder."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        if self._pixmap is None:
            painter.setPen(Qt.GlobalColor.gray)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No thumbnails for this recording"))
            return
        painter.drawPixmap(self.rect(), self._pixmap)
        painter.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Show the picture under the mouse enlarged, with its time."""
        picture = self.frame_pixmap(self.frame_at(event.position().x()))
        if picture is None:
            return
        enlarged = picture.scaledToHeight(PREVIEW_HEIGHT, Qt.TransformationMode.SmoothTransformation)
        painter = QPainter(enlarged)
        painter.setPen(Qt.GlobalColor.yellow)
        painter.drawText(enlarged.rect().adjusted(4, 0, -4, -4),
                         Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft,
                         format_ms(self.offset_at(event.position().x())))
        painter.end()
        self.preview.setPixmap(enlarged)
        self.preview.adjustSize()
        corner = self.mapToGlobal(QPoint(int(event.position().x()), 0))
        self.preview.move(corner.x() - self.preview.width() // 2, corner.y() - self.preview.height() - 6)
        self.preview.show()

    def leaveEvent(self, event: object) -> None:
        """Hide the preview."""
        self.preview.hide()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Ask to jump to the picture clicked."""
        if self._pixmap is not None and event.button() == Qt.MouseButton.LeftButton:
            self.positionRequested.emit(self.offset_at(event.position().x()))
        event.accept()

    def hideEvent(self, event: object) -> None:
        """No preview without the strip."""
        self.preview.hide()
