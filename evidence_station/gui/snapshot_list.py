"""The player's list of the snapshots taken of the recording on display (issue #20 item 8: they can be found
again). The list is metadata (time into the recording, who, when, SHA-256); a picture is fetched from the station
only when asked for (``snapshot_image``: under a live grant, audited) and shown in a window of its own."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidence_station.api.viewing import SnapshotView
from evidence_station.client.station_client import StationClient
from evidence_station.domain.clock import to_local
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.gui.operations import error_text
from evidence_station.gui.table_guide import table_guide
from evidence_station.playback.timecode import format_ms

ID_ROLE = Qt.ItemDataRole.UserRole


class SnapshotList(QWidget):
    """The snapshots of one recording, by time into it. Signal ``jumpRequested(recording_id, offset_ms)`` when one
    is clicked; "Show picture…" (or a double click) opens its picture."""

    jumpRequested = Signal(int, int)

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.recording_id: int | None = None
        self._snapshots: list[SnapshotView] = []
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Time"), self.tr("Taken"), self.tr("By")])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemClicked.connect(self._on_clicked)
        self.tree.itemDoubleClicked.connect(lambda _item, _column: self.show_selected())
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        table_guide(self.tree, self.tr("No snapshots of this recording yet. Press S (or Snapshot) while watching "
                                       "to keep the picture on screen as derived evidence."))
        self.show_button = QPushButton(self.tr("Show picture…"), self)
        self.show_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.show_button.clicked.connect(lambda: self.show_selected())
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00000;")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.show_button)
        layout.addWidget(self.message)
        self._update_buttons()

    # -- data --------------------------------------------------------------------------------------
    def set_recording(self, recording_id: int | None) -> None:
        """List the snapshots of ``recording_id`` (None: nothing)."""
        self.recording_id = recording_id
        self.reload()

    def reload(self, select: int | None = None) -> None:
        """Read the list again from the station; select snapshot ``select`` (else keep the selection)."""
        chosen = self.selected()
        wanted = select if select is not None else (chosen.snapshot_id if chosen is not None else None)
        self._snapshots = []
        self._report(None)
        if self.recording_id is not None:
            try:
                self._snapshots = self.client.list_snapshots(self.recording_id)
            except EvidenceStationError as exc:
                self._report(exc)
        self.tree.clear()
        zone = self.client.station.zone
        for snap in self._snapshots:
            item = QTreeWidgetItem([format_ms(snap.offset_ms), f"{to_local(snap.taken_at, zone):%Y-%m-%d %H:%M:%S}",
                                    snap.author])
            item.setData(0, ID_ROLE, snap.snapshot_id)
            tip = self.tr("Snapshot {id} — derived evidence, not an original\nSHA-256 {sha}\nSM3 {sm3}").format(
                id=snap.snapshot_id, sha=snap.sha256, sm3=snap.sm3)
            for column in range(3):
                item.setToolTip(column, tip)
            self.tree.addTopLevelItem(item)
            if snap.snapshot_id == wanted:
                self.tree.setCurrentItem(item)
        self._update_buttons()

    def snapshots(self) -> list[SnapshotView]:
        """The snapshots listed, in the order shown."""
        return list(self._snapshots)

    def selected(self) -> SnapshotView | None:
        """The selected snapshot."""
        item = self.tree.currentItem()
        if item is None:
            return None
        wanted = item.data(0, ID_ROLE)
        return next((s for s in self._snapshots if s.snapshot_id == wanted), None)

    def _update_buttons(self) -> None:
        self.show_button.setEnabled(self.selected() is not None)

    def _on_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        snap = next((s for s in self._snapshots if s.snapshot_id == item.data(0, ID_ROLE)), None)
        if snap is not None:
            self.jumpRequested.emit(snap.recording_id, snap.offset_ms)

    def _report(self, error: Exception | None) -> None:
        self.message.setVisible(error is not None)
        self.message.setText(error_text(error) if error is not None else "")

    # -- the picture -------------------------------------------------------------------------------
    def show_selected(self) -> SnapshotPictureDialog | None:
        """Fetch the selected snapshot's picture from the station (audited) and show it; None when refused."""
        snap = self.selected()
        if snap is None:
            return None
        try:
            image = self.client.snapshot_image(snap.snapshot_id)
        except EvidenceStationError as exc:
            self._report(exc)
            return None
        self._report(None)
        dialog = SnapshotPictureDialog(snap, image.content, self)
        dialog.setModal(False)
        dialog.show()
        return dialog


class SnapshotPictureDialog(QDialog):
    """One snapshot's picture with what it is (derived evidence) and its hashes."""

    def __init__(self, snap: SnapshotView, png: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Snapshot {id} at {time}").format(id=snap.snapshot_id,
                                                                      time=format_ms(snap.offset_ms)))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.pixmap = QPixmap()
        self.pixmap.loadFromData(png)
        picture = QLabel(self)
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        picture.setPixmap(self.pixmap)
        scroll = QScrollArea(self)
        scroll.setWidget(picture)
        scroll.setWidgetResizable(True)
        facts = QLabel(self.tr("Derived evidence (not an original) of recording {recording}; SHA-256 {sha}").format(
            recording=snap.recording_id, sha=snap.sha256), self)
        facts.setWordWrap(True)
        facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(facts)
        layout.addWidget(buttons)
        width = min(max(self.pixmap.width() + 40, 360), 1200)
        height = min(max(self.pixmap.height() + 120, 240), 700)  # fits a 1366×768 screen
        self.resize(width, height)
