"""Pieces shared by the viewing tabs: the row table, the recording look-up with its classification cell,
the red 涉密 banner and the status line."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView, QLabel, QWidget

from evidence_station.api.recordings import RecordingView
from evidence_station.client.station_client import StationClient
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.domain.viewing import Classification
from evidence_station.gui.object_table import ObjectTable
from evidence_station.gui.recording_model import CLASSIFICATION_WORDS, word
from evidence_station.gui.viewing.words import STATE_COLOURS, classification_level
from evidence_station.gui.widgets import StatusLine

SECRET_RED = QColor("#c00000")
MAX_COLUMN_WIDTH = 320
RESTRICTED_COLOUR = QColor("#a35c00")
OK_STYLE = "color: #1b7a1b;"
ERROR_STYLE = "color: #c00000;"
BANNER_STYLE = (
    "background: #c00000; color: white; font-weight: bold; font-size: 14px; padding: 6px 10px; border-radius: 3px;"
)


class RowTable(ObjectTable):
    """One object per row (kept in the first cell); whole-row single selection; read-only; columns sized to
    their contents (at most :data:`MAX_COLUMN_WIDTH`), the last one stretched; capped like every
    :class:`~evidence_station.gui.object_table.ObjectTable`."""

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None, *,
                 key: Callable[[Any], Any] | None = None, empty_text: str = "") -> None:
        super().__init__(headers, parent, empty_text=empty_text)
        #: What identifies a row's object across reloads (the selection follows it).
        self.row_key: Callable[[Any], Any] = key or (lambda obj: obj)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)

    def set_rows(self, rows: Sequence[tuple[Any, Sequence[str]]], *, total: int | None = None) -> None:
        """Replace the rows (each is the object and its cell texts), keeping the selected object if still there."""
        selected = self.current_object()
        keep = None if selected is None else self.row_key(selected)
        super().set_rows(rows, total=total)
        self.resizeColumnsToContents()
        for column in range(self.columnCount() - 1):  # the last one stretches
            self.setColumnWidth(column, min(self.columnWidth(column), MAX_COLUMN_WIDTH))
        if keep is not None:
            for row in range(self.rowCount()):
                if self.row_key(self.object_at(row)) == keep:
                    self.selectRow(row)
                    break

    def select_object(self, predicate: Any) -> bool:
        """Select the first row whose object satisfies ``predicate``; False when there is none."""
        for row, obj in enumerate(self.objects()):
            if predicate(obj):
                self.selectRow(row)
                return True
        return False

    def style_cell(self, row: int, column: int, *, foreground: QColor | None = None,
                   background: QColor | None = None, bold: bool = False, tooltip: str = "") -> None:
        """Colour (and embolden) one cell, optionally explaining it in its tooltip."""
        item = self.item(row, column)
        if item is None:
            return
        if foreground is not None:
            item.setForeground(QBrush(foreground))
        if background is not None:
            item.setBackground(QBrush(background))
        if bold:
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
        if tooltip:
            item.setToolTip(tooltip)

    def style_state(self, row: int, column: int, state: str) -> None:
        """Colour a state cell (live green, pending orange, refused/revoked red, expired grey)."""
        colour = STATE_COLOURS.get(state)
        if colour:
            self.style_cell(row, column, foreground=QColor(colour), bold=state in ("live", "pending"))


class RecordingLookup:
    """Recordings by id (metadata only, cached until :meth:`clear`), and how secret a set of them is."""

    def __init__(self, client: StationClient) -> None:
        self._client = client
        self._views: dict[int, RecordingView | None] = {}

    def clear(self) -> None:
        """Forget what was read (classifications may have changed)."""
        self._views.clear()

    def get(self, recording_id: int) -> RecordingView | None:
        """The recording, or None when it is gone or hidden from this user."""
        if recording_id not in self._views:
            try:
                self._views[recording_id] = self._client.get_recording(recording_id)
            except EvidenceStationError:
                self._views[recording_id] = None
        return self._views[recording_id]

    def highest_class(self, recording_ids: Iterable[int]) -> Classification:
        """The most sensitive class among the recordings (ordinary when none is known)."""
        levels = [classification_level(view.classification) for rid in recording_ids
                  if (view := self.get(rid)) is not None]
        return max(levels, key=lambda c: c.level, default=Classification.ORDINARY)

    def describe(self, recording_ids: Sequence[int], *, limit: int = 3) -> str:
        """"#12 NAME.MP4, #13 …" (the first ``limit`` with file names, then a count)."""
        parts = []
        for rid in recording_ids[:limit]:
            view = self.get(rid)
            parts.append(f"#{rid} {view.file_name}" if view is not None else f"#{rid}")
        text = ", ".join(parts)
        if len(recording_ids) > limit:
            text += QCoreApplication.translate("RecordingLookup", " and {count} more").format(
                count=len(recording_ids) - limit)
        return text


def classification_cell(classification: Classification) -> str:
    """The text of a classification cell: secrets start with the 涉密 mark."""
    text = word(CLASSIFICATION_WORDS, classification.value)
    if classification.is_secret:
        return QCoreApplication.translate("RecordingLookup", "SECRET") + " · " + text
    return text


def style_classification(table: RowTable, row: int, column: int, classification: Classification) -> None:
    """Secret cells white on red; restricted ones in orange."""
    if classification.is_secret:
        table.style_cell(row, column, foreground=QColor("white"), background=SECRET_RED, bold=True,
                         tooltip=classification.label_zh)
    elif classification is Classification.RESTRICTED:
        table.style_cell(row, column, foreground=RESTRICTED_COLOUR, bold=True)


def banner_label(parent: QWidget | None = None) -> QLabel:
    """A hidden red banner label (shown with the domain's banner text for secret footage)."""
    label = QLabel(parent)
    label.setObjectName("secretBanner")
    label.setStyleSheet(BANNER_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def status_label(parent: QWidget | None = None) -> StatusLine:
    """The status line for what the last action did (a fixed place: a message never moves the table)."""
    return StatusLine(parent)


def say(label: StatusLine, text: str, *, error: bool = False) -> None:
    """Show ``text`` in a status line, red for an error, green otherwise (empty text clears it)."""
    label.show_text(text, ERROR_STYLE if error else OK_STYLE)
