"""The player's side panel: bookmarks of the recordings on the timeline, click to jump, edit/withdraw/history.

Withdrawn bookmarks stay listed, greyed and struck out (they are never deleted); "History…" shows every
revision with who changed what, when and why. All changes go to the station through the desk's client; the
station checks the rights and the viewing approval and keeps the history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidence_station.api.bookmarks import BookmarkRevisionView, BookmarkView
from evidence_station.client.station_client import StationClient
from evidence_station.domain.bookmarks import BookmarkCategory, format_offset
from evidence_station.domain.clock import to_local
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.gui.bookmark_dialog import BookmarkDialog, WithdrawDialog, category_icon, run_modal
from evidence_station.gui.i18n import in_language
from evidence_station.gui.object_table import Fit, ObjectTable
from evidence_station.gui.operations import error_text
from evidence_station.gui.screen_fit import fit_to_screen
from evidence_station.gui.table_guide import table_guide

WITHDRAWN_COLOUR = QColor("#9a9a9a")
ID_ROLE = Qt.ItemDataRole.UserRole


class BookmarkPanel(QWidget):
    """Lists the bookmarks of the given recordings in time order.

    Signals: ``jumpRequested(recording_id, offset_ms)`` when a bookmark is clicked, ``changed()`` after an
    edit or withdrawal. ``dialog_runner`` runs a dialog and returns whether it was accepted (tests may
    replace it).
    """

    jumpRequested = Signal(int, int)
    changed = Signal()

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self._recording_ids: list[int] = []
        self._labels: dict[int, str] = {}
        self._offsets: dict[int, float] = {}
        self._bookmarks: list[BookmarkView] = []
        self.dialog_runner: Callable[[QDialog], bool] = run_modal
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Time"), self.tr("Category"), self.tr("Note")])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()  # time and category whole; the note takes the rest (whole in its tooltip)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(40)
        self.tree.itemClicked.connect(self._on_clicked)
        self.tree.itemActivated.connect(self._on_clicked)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        table_guide(self.tree, self.tr("No bookmarks yet. Press B (or Bookmark) while watching to mark a moment."))
        self.show_withdrawn = QCheckBox(self.tr("Show withdrawn"), self)
        self.show_withdrawn.setChecked(True)
        self.show_withdrawn.toggled.connect(lambda _on: self.reload())
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.withdraw_button = QPushButton(self.tr("Withdraw…"), self)
        self.history_button = QPushButton(self.tr("History…"), self)
        self.edit_button.clicked.connect(lambda: self.edit_selected())
        self.withdraw_button.clicked.connect(lambda: self.withdraw_selected())
        self.history_button.clicked.connect(lambda: self.show_history())
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00000;")
        self.message.hide()
        for button in (self.edit_button, self.withdraw_button, self.history_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addWidget(self.history_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self.tr("Bookmarks"), self)  # hidden where a tab names the panel
        self.title.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.title)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.show_withdrawn)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self._update_buttons()

    # -- data --------------------------------------------------------------------------------------
    def set_recordings(self, recording_ids: Iterable[int], labels: dict[int, str] | None = None,
                       clock_offsets: dict[int, float] | None = None) -> None:
        """List the bookmarks of these recordings (``labels`` name each recording, e.g. its start time). With
        ``clock_offsets`` (seconds each camera's clock was fast) the times are shown on the corrected clock, as the
        synchronised view shows them; else by the camera's clock."""
        self._recording_ids = list(recording_ids)
        self._labels = dict(labels or {})
        self._offsets = {rid: offset for rid, offset in (clock_offsets or {}).items() if offset}
        self.reload()

    def reload(self) -> None:
        """Read the bookmarks again from the station (the selection is kept)."""
        chosen = self.selected()
        try:
            self._bookmarks = self.client.list_bookmarks(recording_ids=self._recording_ids,
                                                         include_withdrawn=self.show_withdrawn.isChecked())
        except EvidenceStationError as exc:  # e.g. the station cannot be reached: say so, list nothing
            self._bookmarks = []
            self._report(exc)
        self._bookmarks.sort(key=lambda b: (b.at is None, b.at or b.created_at, b.recording_id, b.offset_ms))
        self.tree.clear()
        for bookmark in self._bookmarks:
            self.tree.addTopLevelItem(self._item(bookmark))
        if chosen is not None:
            self.select(chosen.bookmark_id)
        self._update_buttons()

    def bookmarks(self) -> list[BookmarkView]:
        """The bookmarks listed, in the order shown."""
        return list(self._bookmarks)

    def _item(self, bookmark: BookmarkView) -> QTreeWidgetItem:
        at = bookmark.at - timedelta(seconds=self._offsets.get(bookmark.recording_id, 0.0)) if bookmark.at else None
        when = f"{to_local(at):%H:%M:%S}" if at else format_offset(bookmark.offset_ms)
        item = QTreeWidgetItem([when, in_language(bookmark.category_label_en, bookmark.category_label), bookmark.note])
        item.setData(0, ID_ROLE, bookmark.bookmark_id)
        where = self._labels.get(bookmark.recording_id, str(bookmark.recording_id))
        tooltip = self.tr("{offset} into recording {where}\nby {author}").format(
            offset=format_offset(bookmark.offset_ms), where=where, author=bookmark.author_label)
        try:
            item.setIcon(1, category_icon(BookmarkCategory(bookmark.category)))
        except ValueError:
            pass
        withdrawn = bookmark.status != "active"
        if withdrawn:
            tooltip += "\n" + self.tr("Withdrawn (kept with its history)")
        for column in range(3):
            item.setToolTip(column, tooltip)
            if withdrawn:
                font = QFont(item.font(column))
                font.setStrikeOut(True)
                item.setFont(column, font)
                item.setForeground(column, QBrush(WITHDRAWN_COLOUR))
        return item

    def selected(self) -> BookmarkView | None:
        """The selected bookmark."""
        item = self.tree.currentItem()
        if item is None:
            return None
        wanted = item.data(0, ID_ROLE)
        return next((b for b in self._bookmarks if b.bookmark_id == wanted), None)

    def select(self, bookmark_id: int) -> None:
        """Select the row of ``bookmark_id``."""
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item.data(0, ID_ROLE) == bookmark_id:
                self.tree.setCurrentItem(item)
                return

    def _update_buttons(self) -> None:
        chosen = self.selected()
        active = chosen is not None and chosen.status == "active"
        self.edit_button.setEnabled(active)
        self.withdraw_button.setEnabled(active)
        self.history_button.setEnabled(chosen is not None)

    def _on_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        bookmark = next((b for b in self._bookmarks if b.bookmark_id == item.data(0, ID_ROLE)), None)
        if bookmark is not None:
            self.jumpRequested.emit(bookmark.recording_id, bookmark.offset_ms)

    def _report(self, error: Exception | None) -> None:
        self.message.setVisible(error is not None)
        self.message.setText(error_text(error) if error is not None else "")

    # -- actions -----------------------------------------------------------------------------------
    def edit_selected(self) -> BookmarkView | None:
        """Edit the selected bookmark's category or note (with a reason)."""
        chosen = self.selected()
        if chosen is None or chosen.status != "active":
            return None
        dialog = BookmarkDialog(chosen.offset_ms, self._labels.get(chosen.recording_id, ""), self,
                                category=chosen.category, note=chosen.note, editing=True)
        if not self.dialog_runner(dialog):
            return None
        values = dialog.values()
        return self._apply(lambda: self.client.edit_bookmark(
            chosen.bookmark_id, category=values.category, note=values.note, reason=values.reason))

    def withdraw_selected(self) -> BookmarkView | None:
        """Withdraw the selected bookmark (with a reason); it stays listed, struck out."""
        chosen = self.selected()
        if chosen is None or chosen.status != "active":
            return None
        description = self.tr("{category} at {offset}: {note}").format(
            category=in_language(chosen.category_label_en, chosen.category_label),
            offset=format_offset(chosen.offset_ms), note=chosen.note)
        dialog = WithdrawDialog(description, self)
        if not self.dialog_runner(dialog):
            return None
        reason = dialog.reason()
        return self._apply(lambda: self.client.withdraw_bookmark(chosen.bookmark_id, reason=reason))

    def _apply(self, change: Callable[[], BookmarkView]) -> BookmarkView | None:
        try:
            result = change()
        except Exception as exc:  # a refusal or invalid input: say why, keep the list as it was
            self._report(exc)
            return None
        self._report(None)
        self.reload()
        self.select(result.bookmark_id)
        self.changed.emit()
        return result

    def show_history(self) -> BookmarkHistoryDialog | None:
        """Show every revision of the selected bookmark."""
        chosen = self.selected()
        if chosen is None:
            return None
        try:
            revisions = self.client.bookmark_history(chosen.bookmark_id)
        except Exception as exc:
            self._report(exc)
            return None
        dialog = BookmarkHistoryDialog(chosen, revisions, self)
        dialog.setModal(False)
        dialog.show()
        return dialog


class BookmarkHistoryDialog(QDialog):
    """Every revision of one bookmark: number, action, who, when, reason and the changed values."""

    def __init__(
        self, bookmark: BookmarkView, revisions: list[BookmarkRevisionView], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("History of bookmark {id}").format(id=bookmark.bookmark_id))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.table = ObjectTable(
            [self.tr("No."), self.tr("Action"), self.tr("By"), self.tr("When"), self.tr("Reason"), self.tr("Changes")],
            self, max_rows=None, fit=Fit.CAPPED, word_wrap=True)
        actions = {"create": self.tr("Created"), "edit": self.tr("Edited"), "withdraw": self.tr("Withdrawn")}
        self.table.set_rows([(revision, [
            str(revision.number),
            actions.get(revision.action, revision.action),
            revision.changed_by,
            f"{to_local(revision.changed_at):%Y-%m-%d %H:%M:%S}",
            revision.reason,
            describe_change(revision),
        ]) for revision in revisions])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 260)


def _shown(key: str, value: object) -> str:
    if key == "category" and isinstance(value, str):
        try:
            category = BookmarkCategory(value)
            return in_language(category.label_en, category.label_zh)
        except ValueError:
            return value
    if key == "offset_ms" and isinstance(value, int):
        return format_offset(value)
    return str(value)


def describe_change(revision: BookmarkRevisionView) -> str:
    """``key: old → new`` for each changed value (all values for the creation)."""
    old = revision.old_values or {}
    parts = []
    for key, value in revision.new_values.items():
        if key in old and old[key] == value:
            continue
        before = f"{_shown(key, old[key])} → " if key in old else ""
        parts.append(f"{key}: {before}{_shown(key, value)}")
    return "; ".join(parts)
