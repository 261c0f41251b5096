"""Pieces shared by the viewing tabs: the recording look-up with its classification cell, the state
cell, the red 涉密 banner and the status line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QWidget

from evidence_station.api.recordings import RecordingView
from evidence_station.client.station_client import StationClient
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.domain.viewing import CLASSIFICATION_LABELS, Classification
from evidence_station.gui.i18n import shown_label
from evidence_station.gui.object_table import ColumnRef, ObjectTable
from evidence_station.gui.recording_model import CLASSIFICATION_WORDS, word
from evidence_station.gui.viewing.words import STATE_COLOURS, classification_level
from evidence_station.gui.widgets import StatusLine

SECRET_RED = QColor("#c00000")
RESTRICTED_COLOUR = QColor("#a35c00")
OK_STYLE = "color: #1b7a1b;"
ERROR_STYLE = "color: #c00000;"
BANNER_STYLE = (
    "background: #c00000; color: white; font-weight: bold; font-size: 14px; padding: 6px 10px; border-radius: 3px;"
)


def style_state(table: ObjectTable, row: int, column: ColumnRef, state: str) -> None:
    """Colour a state cell (live green, pending orange, refused/revoked red, expired grey)."""
    colour = STATE_COLOURS.get(state)
    if colour:
        table.style_cell(row, column, foreground=QColor(colour), bold=state in ("live", "pending"))


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

    def describe(self, recording_ids: Sequence[int], *, limit: int = 3, separator: str = ", ") -> str:
        """"#12 NAME.MP4, #13 …" (the first ``limit`` with file names, then a count); ``separator="\n"``
        puts one recording on each line (a number never wraps away from its file name)."""
        parts = []
        for rid in recording_ids[:limit]:
            view = self.get(rid)
            parts.append(f"#{rid} {view.file_name}" if view is not None else f"#{rid}")
        text = separator.join(parts)
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


def style_classification(table: ObjectTable, row: int, column: ColumnRef, classification: Classification) -> None:
    """Secret cells white on red; restricted ones in orange."""
    if classification.is_secret:
        table.style_cell(row, column, foreground=QColor("white"), background=SECRET_RED, bold=True,
                         tooltip=shown_label(CLASSIFICATION_LABELS, classification))
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
