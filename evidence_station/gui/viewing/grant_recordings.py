"""The recordings of one viewing grant, to watch one at a time or (two or more chosen) together.

A grant may cover any number of recordings; the synchronised view shows at most four cameras. This window lists
every recording of the grant: double-click (or 播放) plays one in the player, under this grant; ticking two or
more of at most four cameras and 同步并排查看 opens them together — one tile per camera, or, all of one camera, one
continuous timeline in the player. The list stays open beside the player, so the next recording is one
double-click away.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidence_station.api.viewing import ViewingRequestResult
from evidence_station.client.station_client import StationClient
from evidence_station.gui.object_table import Fit, ObjectTable
from evidence_station.gui.recording_model import format_local
from evidence_station.gui.screen_fit import fit_to_screen
from evidence_station.gui.viewing.common import RecordingLookup

#: At most this many cameras side by side (the synchronised view's limit).
MAX_SIDE_BY_SIDE = 4

#: Opens the player (one id) or the synchronised view (two to four) under a grant; None when refused.
PlayerOpener = Callable[[list[int]], QWidget | None]

_shown: set[QWidget] = set()  # open lists, held until closed (their opener may drop its reference)


class GrantRecordingsWindow(QWidget):
    """Every recording of ``grant``; plays the chosen one, or two to four ticked ones side by side."""

    def __init__(self, client: StationClient, grant: ViewingRequestResult, open_player: PlayerOpener,
                 lookup: RecordingLookup | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.grant = grant
        self._open_player = open_player
        lookup = lookup or RecordingLookup(client)
        zone = client.station.zone
        self.setWindowTitle(self.tr("Recordings of grant #{id}").format(id=grant.request_id))
        intro = QLabel(self.tr("Double-click a recording to play it. Tick recordings of two to four cameras to "
                               "watch them side by side, synchronised by time; ticked recordings of one camera play "
                               "one after the other on one timeline."))
        intro.setWordWrap(True)
        self.table = ObjectTable([self.tr("No."), self.tr("File"), self.tr("Device"), self.tr("Recording start")],
                                 names=["id", "file", "device", "start"], max_rows=None, fit=Fit.CAPPED,
                                 checkable=True, word_wrap=True)
        rows = []
        for recording_id in grant.recording_ids:
            view = lookup.get(recording_id)
            rows.append((recording_id, [str(recording_id), view.file_name if view else self.tr("(not visible to you)"),
                                        (view.device or "") if view else "",
                                        format_local(view.start, zone) if view and view.start else ""]))
        self.table.set_rows(rows)
        if self.table.rowCount():
            self.table.selectRow(0)
        self.table.itemDoubleClicked.connect(lambda _item: self.play_current())
        self.table.itemChanged.connect(lambda _item: self._update_buttons())
        self.play_button = QPushButton(self.tr("Play"))
        self.play_button.clicked.connect(self.play_current)
        self.side_by_side_button = QPushButton(self.tr("Watch side by side"))
        self.side_by_side_button.clicked.connect(self.play_side_by_side)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.play_button)
        buttons.addWidget(self.side_by_side_button)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.close)
        buttons.addWidget(self.close_button)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Cancel), self, self.close)  # Esc, as in a dialog
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._update_buttons()
        fit_to_screen(self, 720, 420)

    def checked_ids(self) -> list[int]:
        """The ticked recordings, in the grant's order."""
        return [int(recording_id) for recording_id in self.table.checked_objects()]

    def checked_cameras(self) -> int:
        """How many cameras the ticked recordings come from (a recording of no known camera counts alone)."""
        cameras = set()
        for row in self.table.checked_rows():
            item = self.table.cell(row, "device")
            cameras.add((item.text() if item is not None else "") or ("row", row))
        return len(cameras)

    def current_id(self) -> int | None:
        """The selected recording (None when the list is empty)."""
        recording_id = self.table.object_at(self.table.currentRow())
        return int(recording_id) if recording_id is not None else None

    def _update_buttons(self) -> None:
        count, cameras = len(self.checked_ids()), self.checked_cameras()
        self.play_button.setEnabled(self.table.rowCount() > 0)
        self.side_by_side_button.setEnabled(count >= 2 and cameras <= MAX_SIDE_BY_SIDE)
        if cameras > MAX_SIDE_BY_SIDE:
            self.message.setText(self.tr("At most {max} cameras side by side: untick the recordings of {extra}."
                                         ).format(max=MAX_SIDE_BY_SIDE, extra=cameras - MAX_SIDE_BY_SIDE))
        else:
            self.message.setText("")

    def play_current(self) -> QWidget | None:
        """Play the selected recording alone, under this grant."""
        recording_id = self.current_id()
        return self._open_player([recording_id]) if recording_id is not None else None

    def play_side_by_side(self) -> QWidget | None:
        """Open the ticked recordings (two or more, of at most four cameras) together, under this grant."""
        ids = self.checked_ids()
        return self._open_player(ids) if len(ids) >= 2 and self.checked_cameras() <= MAX_SIDE_BY_SIDE else None


def show_grant_recordings(client: StationClient, grant: ViewingRequestResult, open_player: PlayerOpener,
                          lookup: RecordingLookup | None = None,
                          parent: QWidget | None = None) -> GrantRecordingsWindow:
    """Show the list of ``grant``'s recordings (kept alive until it is closed)."""
    window = GrantRecordingsWindow(client, grant, open_player, lookup, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _shown.add(window)
    window.destroyed.connect(lambda *_: _shown.discard(window))
    window.show()
    return window
