"""The Import page: pick a card (detected or chosen), see its files, import them in the background, read the result.

The import runs on a worker through :func:`run_operation`; this page shows its own progress panel (current
file, bytes, MB/s, time left, Cancel) instead of the modal dialog, so the window stays usable. After the
import the result table lists every card file once, with failed, skipped and flagged rows coloured and
the findings listed, and the signed import receipt (导入回执) is offered — to preview, print, save and open — for
every import the station opened, also a cancelled or failed one; thumbnails are then made in the background
(never during the import).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyle,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from evidence_station.api.imports import ImportResult
from evidence_station.cards.feeder import card_file_info, card_identity
from evidence_station.cards.scan import CardEntry, scan_card
from evidence_station.client.card_import import import_card
from evidence_station.client.station_client import StationClient
from evidence_station.domain.errors import EvidenceStationError, OperationCancelledError
from evidence_station.domain.progress import CancelToken, Progress, ProgressCallback
from evidence_station.domain.roles import Operation, allowed
from evidence_station.gui.card_wipe_bar import CardWipeBar
from evidence_station.gui.handover_form import HandoverForm
from evidence_station.gui.i18n import finding_sentence, in_language
from evidence_station.gui.import_receipt_bar import ImportReceiptBar
from evidence_station.gui.import_result_model import (
    FAILED_FOREGROUND,
    CardPreviewModel,
    ImportResultModel,
)
from evidence_station.gui.operations import RunningOperation, error_text, run_operation
from evidence_station.gui.path_delegate import PathEndDelegate
from evidence_station.gui.recording_model import FINDING_COLOUR, FINDING_WORDS, format_duration, format_size, word
from evidence_station.gui.volume_watcher import VolumeInfo, VolumeWatcher

#: run_operation's dialog must never appear for work this page shows itself (longest QTimer interval).
_NEVER_MS = 2**31 - 1
_PANEL_REFRESH_MS = 250
OK_STYLE = "color: #1b7a1b;"
WARNING_STYLE = "color: #8a5a00;"
PROBLEM_STYLE = f"color: {FAILED_FOREGROUND.name()};"


def show_progress_in_page(operation: RunningOperation[Any]) -> None:
    """Keep ``operation``'s progress dialog from appearing (the page shows progress and Cancel itself)."""
    operation.dialog.setWindowModality(Qt.WindowModality.NonModal)
    operation.dialog.setMinimumDuration(_NEVER_MS)


class TransferMeter:
    """Speed and time left of a transfer, from the bytes done over the last few seconds."""

    WINDOW_S = 5.0

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._samples: deque[tuple[float, int]] = deque()
        self.done = 0
        self.total = 0

    def start(self, total: int) -> None:
        """Begin measuring a transfer of ``total`` bytes."""
        self._samples.clear()
        self.done, self.total = 0, total
        self._samples.append((self._clock(), 0))

    def add(self, done: int, total: int | None = None) -> None:
        """Record that ``done`` bytes are done now."""
        now = self._clock()
        self.done = done
        if total:
            self.total = total
        self._samples.append((now, done))
        while len(self._samples) > 2 and now - self._samples[0][0] > self.WINDOW_S:
            self._samples.popleft()

    @property
    def rate(self) -> float | None:
        """Bytes per second over the window (None until there is a measurable interval)."""
        if len(self._samples) < 2:
            return None
        (t0, b0), (t1, b1) = self._samples[0], self._samples[-1]
        if t1 - t0 < 0.2 or b1 <= b0:
            return None
        return (b1 - b0) / (t1 - t0)

    @property
    def seconds_left(self) -> float | None:
        """Estimated seconds to the end (None without a rate)."""
        rate = self.rate
        if rate is None or not self.total:
            return None
        return max(0.0, self.total - self.done) / rate


class ImportPage(QWidget):
    """Card choice, card preview, background import with an in-page progress panel, and the result."""

    #: Emitted on the GUI thread after an import ended (with its result) — e.g. for the Library.
    import_finished = Signal(object)

    def __init__(
        self, client: StationClient, parent: QWidget | None = None, *, watcher: VolumeWatcher | None = None
    ) -> None:
        super().__init__(parent)
        self._client = client
        self.may_import = allowed(client.actor.roles, Operation.IMPORT_CARD)
        self.card: Path | None = None
        self.entries: list[CardEntry] = []
        self.last_result: ImportResult | None = None
        self.import_operation: RunningOperation[ImportResult] | None = None
        self.thumbnail_operation: RunningOperation[int] | None = None
        self.meter = TransferMeter()
        self._latest: Progress | None = None
        self._file_numbers: dict[str, int] = {}
        self._sizes: dict[str, int] = {}
        self._room_warning_shown = False
        self._started_ids: list[int] = []  # the id of the import in flight, once the station opened it
        self._handover_given = False  # the import in flight was sent with a hand-over
        self._build()
        self._panel_timer = QTimer(self)
        self._panel_timer.setInterval(_PANEL_REFRESH_MS)
        self._panel_timer.timeout.connect(self._refresh_panel)
        self.watcher = watcher or VolumeWatcher(self)
        self.watcher.volumes_changed.connect(self._show_volumes)
        self.watcher.volume_added.connect(self._volume_added)
        self.watcher.start()
        self._update_buttons()

    # -- layout ------------------------------------------------------------------------------------
    def _build(self) -> None:
        heading = QLabel(self.tr("Import a camera card"))
        heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.permission_label = QLabel()
        self.permission_label.setWordWrap(True)
        self.permission_label.setStyleSheet(WARNING_STYLE)
        if not self.may_import:
            self.permission_label.setText(self._not_allowed_text())
        self.permission_label.setVisible(not self.may_import)

        self.volume_list = QListWidget()
        self.volume_list.setObjectName("volumeList")
        self.volume_list.setMaximumHeight(72)
        self.volume_list.itemActivated.connect(self._volume_chosen)
        self.volume_list.itemClicked.connect(self._volume_chosen)
        self.no_volume_label = QLabel(self.tr("No card detected. Insert a card, or choose a folder."))
        self.no_volume_label.setStyleSheet("color: #666666;")
        self.choose_button = QPushButton(self.tr("Choose folder…"))
        self.choose_button.clicked.connect(self.choose_folder)
        self.rescan_button = QPushButton(self.tr("Read the card again"))
        self.rescan_button.clicked.connect(self.rescan)
        volumes_box = QGroupBox(self.tr("Cards and removable disks"))
        volumes_layout = QHBoxLayout(volumes_box)
        left = QVBoxLayout()
        left.addWidget(self.volume_list)
        left.addWidget(self.no_volume_label)
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.rescan_button)
        buttons.addStretch(1)
        volumes_layout.addLayout(left, 1)
        volumes_layout.addLayout(buttons)

        self.card_label = QLabel(self.tr("No card chosen."))
        self.card_label.setStyleSheet("font-weight: bold;")
        self.card_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview_summary = QLabel()
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setObjectName("importButton")
        self.import_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown))
        self.import_button.setStyleSheet("font-size: 15px; padding: 6px 24px;")
        self.import_button.clicked.connect(self.start_import)
        card_row = QHBoxLayout()
        card_info = QVBoxLayout()
        card_info.addWidget(self.card_label)
        card_info.addWidget(self.preview_summary)
        card_row.addLayout(card_info, 1)
        card_row.addWidget(self.import_button)

        self.handover_form = HandoverForm(self._client, self)
        self.handover_form.setVisible(self.may_import)

        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.hide()
        self.receipt_bar = ImportReceiptBar(self._client, self)
        self.wipe_bar = CardWipeBar(self._client, self)
        self.wipe_bar.wipe_finished.connect(self._wipe_finished)

        self.progress_box = self._build_progress_panel()
        self.progress_box.hide()

        self.preview_model = CardPreviewModel(self)
        self.preview_table = _table(self.preview_model, stretch=0)
        self.result_model = ImportResultModel(self._client.station.zone, self)
        self.result_table = _table(self.result_model, stretch=ImportResultModel.PATH)
        self._path_delegate = PathEndDelegate(self)
        self.preview_table.setItemDelegateForColumn(0, self._path_delegate)
        self.result_table.setItemDelegateForColumn(ImportResultModel.PATH, self._path_delegate)
        # long texts start narrow (whole in the tooltip) so the card file keeps room at 1366×768
        for column, width in ((ImportResultModel.REASON, 120), (ImportResultModel.FINDINGS, 160),
                              (ImportResultModel.SHA256, 150)):
            self.result_table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.result_table.setColumnWidth(column, width)
        self.result_summary = QLabel()
        self.result_summary.setWordWrap(True)
        self.result_summary.setStyleSheet("font-size: 14px;")
        self.findings_list = QListWidget()
        self.findings_list.setObjectName("findingsList")
        self.findings_list.setWordWrap(True)
        findings_box = QGroupBox(self.tr("Findings of this import"))
        findings_layout = QVBoxLayout(findings_box)
        findings_layout.addWidget(self.findings_list)
        result_splitter = QSplitter(Qt.Orientation.Vertical)
        result_splitter.addWidget(self.result_table)
        result_splitter.addWidget(findings_box)
        result_splitter.setSizes([420, 160])
        result_page = QWidget()
        result_layout = QVBoxLayout(result_page)
        result_layout.setContentsMargins(0, 4, 0, 0)
        result_layout.addWidget(self.result_summary)
        result_layout.addWidget(self.wipe_bar)
        result_layout.addWidget(result_splitter, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.preview_table, self.tr("Files on the card"))
        self.tabs.addTab(result_page, self.tr("Import result"))
        self.tabs.setTabEnabled(1, False)

        self.thumbnail_label = QLabel()
        self.thumbnail_label.setStyleSheet("color: #666666;")

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.permission_label)
        layout.addWidget(volumes_box)
        layout.addLayout(card_row)
        layout.addWidget(self.handover_form)
        layout.addWidget(self.message_label)
        layout.addWidget(self.receipt_bar)
        layout.addWidget(self.progress_box)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.thumbnail_label)

    def _build_progress_panel(self) -> QGroupBox:
        box = QGroupBox(self.tr("Importing"))
        box.setObjectName("progressPanel")
        self.current_file_label = QLabel()
        self.current_file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.bytes_label = QLabel()
        self.speed_label = QLabel()
        self.eta_label = QLabel()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel_import)
        numbers = QHBoxLayout()
        for label in (self.bytes_label, self.speed_label, self.eta_label):
            label.setMinimumWidth(160)
            numbers.addWidget(label)
        numbers.addStretch(1)
        numbers.addWidget(self.cancel_button)
        panel = QVBoxLayout(box)
        panel.addWidget(self.current_file_label)
        panel.addWidget(self.progress_bar)
        panel.addLayout(numbers)
        return box

    def _not_allowed_text(self) -> str:
        return self.tr("Only custodians and administrators may import cards. You may look at a card's files.")

    @property
    def importing(self) -> bool:
        """True while an import runs."""
        return self.import_operation is not None and not self.import_operation.done

    def _update_buttons(self) -> None:
        has_files = any(entry.is_candidate for entry in self.entries)
        self.import_button.setEnabled(self.may_import and has_files and not self.importing)
        if not self.may_import:
            self.import_button.setToolTip(self._not_allowed_text())
        elif self.card is None:
            self.import_button.setToolTip(self.tr("Choose a card or folder first."))
        elif not has_files:
            self.import_button.setToolTip(self.tr("This card has no files to import."))
        else:
            self.import_button.setToolTip(self.tr("Copy every file into the vault, hash and check it."))
        for widget in (self.choose_button, self.rescan_button, self.volume_list, self.handover_form):
            widget.setEnabled(not self.importing)
        self.rescan_button.setEnabled(self.card is not None and not self.importing)

    def _say(self, text: str, style: str) -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet(style)
        self.message_label.setVisible(bool(text))

    # -- volumes -----------------------------------------------------------------------------------
    def _show_volumes(self, volumes: list[VolumeInfo]) -> None:
        self.volume_list.clear()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_DriveHDIcon)
        for volume in volumes:
            text = self.tr("{name} — {size}, {free} free — {root}").format(
                name=volume.name, size=format_size(volume.size), free=format_size(volume.free), root=volume.root)
            item = QListWidgetItem(icon, text)
            item.setData(Qt.ItemDataRole.UserRole, volume.root)
            self.volume_list.addItem(item)
        self.no_volume_label.setVisible(not volumes)

    def _volume_added(self, volume: VolumeInfo) -> None:
        if self.importing:
            return
        self.set_card(Path(volume.root))
        if self.card is not None:
            self._say(self.tr("New card detected: {name}. Check its files, then import.").format(name=volume.name),
                      OK_STYLE)

    def _volume_chosen(self, item: QListWidgetItem) -> None:
        root = item.data(Qt.ItemDataRole.UserRole)
        if root and not self.importing:
            self.set_card(Path(root))

    def choose_folder(self) -> None:
        """Ask for a card folder or dump folder and preview it."""
        start = str(self.card) if self.card is not None else str(Path.home())
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose the card's top folder"), start)
        if chosen:
            self.set_card(Path(chosen))

    # -- preview -----------------------------------------------------------------------------------
    def set_card(self, card: Path) -> bool:
        """Read the files of ``card`` and show them; False (with a message) when it cannot be read."""
        if self.importing:
            return False
        self.card = Path(card)
        if self.last_result is not None and Path(self.last_result.card) != self.card:
            self.receipt_bar.set_import(None)  # the receipt of the previous card is not this card's
        self.card_label.setText(self.tr("Card: {path}").format(path=self.card))
        self._say("", OK_STYLE)
        read = self.rescan()
        self.handover_form.set_card_paths(e.card_path for e in self.entries)  # a new card: its device, now
        return read

    def rescan(self) -> bool:
        """List the chosen card's files again."""
        if self.card is None:
            return False
        try:
            entries = scan_card(self.card)
        except EvidenceStationError as exc:
            self.entries = []
            self.preview_model.set_entries([])
            self.preview_summary.setText("")
            self._say(self.tr("This folder cannot be imported: {message}").format(message=error_text(exc)),
                      PROBLEM_STYLE)
            self._update_buttons()
            return False
        self.entries = entries
        infos = [card_file_info(e) for e in entries]
        # which files an earlier import of this card stored (a guess by path and size: the import decides)
        known = self._client.stored_card_files(*card_identity(self.card), infos) if self.may_import else []
        self.preview_model.set_entries(entries, known)
        stored = {k.index for k in known}
        candidates = [e for e in entries if e.is_candidate]
        new = [e for i, e in enumerate(entries) if e.is_candidate and i not in stored]
        skipped = len(entries) - len(candidates)
        self.preview_summary.setText(
            self.tr("{count} files, {size} to import; {stored} already stored; {skipped} will be skipped.").format(
                count=len(new), size=format_size(sum(e.size for e in new)), stored=len(stored), skipped=skipped))
        room = self._client.card_room([info for info in infos if info.status == "candidate"]) \
            if self.may_import else None
        if room is not None and not room.fits:
            self._say(self.tr("The vault disk has {free} free, but this card needs about {needed} (plus {spare} "
                              "kept spare). The import would be refused: free some space first.").format(
                free=format_size(room.free), needed=format_size(room.needed), spare=format_size(room.spare)),
                PROBLEM_STYLE)
            self._room_warning_shown = True
        elif self._room_warning_shown:
            self._say("", "")
            self._room_warning_shown = False
        self.tabs.setCurrentIndex(0)
        self._update_buttons()
        return True

    # -- import ------------------------------------------------------------------------------------
    def start_import(self) -> RunningOperation[ImportResult] | None:
        """Import the chosen card in the background (None when not allowed or nothing to import)."""
        if not self.may_import or self.card is None or self.importing:
            return None
        if not self.rescan():  # the card may have been pulled since the preview
            return None
        candidates = [e for e in self.entries if e.is_candidate]
        if not candidates:
            return None
        client, card = self._client, self.card
        handover = self.handover_form.request()  # the station checks it before it opens the import
        self.handover_form.forget_password()
        self._handover_given = handover is not None
        started_ids: list[int] = []  # filled on the worker (a plain list: no Qt object is touched there)
        self._started_ids = started_ids

        def work(progress: ProgressCallback, cancel: CancelToken) -> ImportResult:
            return import_card(client, card, handover=handover, progress=progress, cancel=cancel,
                               started=started_ids.append)

        self._file_numbers = {e.card_path_display: n for n, e in enumerate(candidates, 1)}
        self._sizes = {e.card_path_display: e.size for e in candidates}
        self._latest = None
        self.meter.start(sum(e.size for e in candidates))
        self.last_result = None
        self.result_model.set_result(None)
        self.findings_list.clear()
        self.thumbnail_label.clear()
        self.receipt_bar.set_import(None)
        self.wipe_bar.set_import(None, None)
        self._say("", OK_STYLE)
        operation = run_operation(
            self, work, on_success=self._import_finished, on_failure=self._import_failed,
            progress_label=self.tr("Importing the card…"), cancellable=True,
        )
        show_progress_in_page(operation)
        operation.signals.progress.connect(self._on_progress)
        self.import_operation = operation
        self.cancel_button.setEnabled(True)
        self.progress_box.setTitle(self.tr("Importing {card}").format(card=card))
        self.progress_box.show()
        self._refresh_panel()
        self._panel_timer.start()
        self._update_buttons()
        return operation

    def cancel_import(self) -> None:
        """Ask the running import to stop: files already copied stay, nothing half-copied is kept."""
        if self.importing and self.import_operation is not None:
            self.import_operation.cancel()
            self.cancel_button.setEnabled(False)
            self.current_file_label.setText(self.tr("Cancelling… the files being copied are finished first."))

    def _on_progress(self, progress: Progress) -> None:
        if self.importing:
            self._latest = progress
            self.meter.add(progress.done, progress.total)

    def _refresh_panel(self) -> None:
        meter, latest = self.meter, self._latest
        total = meter.total
        self.progress_bar.setValue(int(1000 * min(1.0, meter.done / total)) if total else 0)
        self.bytes_label.setText(self.tr("{done} of {total}").format(
            done=format_size(min(meter.done, total)), total=format_size(total)))
        rate, left = meter.rate, meter.seconds_left
        self.speed_label.setText(self.tr("{rate} MB/s").format(rate=f"{rate / 1e6:.1f}") if rate else
                                 self.tr("Speed: measuring…"))
        self.eta_label.setText(self.tr("About {time} left").format(time=format_duration(left))
                               if left is not None else self.tr("Time left: estimating…"))
        if self.import_operation is not None and self.import_operation.token.cancelled:
            return
        if latest is not None and latest.item:
            number = self._file_numbers.get(latest.item)
            self.current_file_label.setText(self.tr("File {number} of {count}: {path} ({size})").format(
                number=number or "?", count=len(self._file_numbers), path=latest.item,
                size=format_size(self._sizes.get(latest.item))))
        else:
            self.current_file_label.setText(self.tr("Starting…"))

    def _end_progress(self) -> None:
        self._panel_timer.stop()
        self.progress_box.hide()
        self._update_buttons()

    def _import_finished(self, result: ImportResult) -> None:
        self._end_progress()
        self.receipt_bar.set_import(result.import_id, handover=result.handover is not None)
        if result.handover is not None:
            self.handover_form.setChecked(False)  # the next card has its own hand-over
        self.rescan()  # the card's summary now counts its files as stored
        self.show_result(result)
        self.wipe_bar.set_import(self.card if self.may_import else None, result)
        self.import_finished.emit(result)
        self.make_thumbnails(result)

    def _import_failed(self, error: BaseException) -> None:
        self._end_progress()
        # the station ended an import it had opened as cancelled: its receipt says what was kept
        self.receipt_bar.set_import(self._started_ids[0] if self._started_ids else None)
        if isinstance(error, OperationCancelledError):
            self._say(self.tr("The import was cancelled before any file was copied."), WARNING_STYLE)
        elif self._handover_given and not self._started_ids:
            self._say(self.tr("The hand-over was not recorded and nothing was imported: {message}").format(
                message=error_text(error)), PROBLEM_STYLE)
        else:
            self._say(self.tr("The import failed: {message}").format(message=error_text(error)), PROBLEM_STYLE)

    def _wipe_finished(self, _wipe: object) -> None:
        """The station signs a new receipt that prints the wipe: offer that one, and show the card as it is now."""
        if self.last_result is not None:
            self.receipt_bar.set_import(self.last_result.import_id,
                                        handover=self.last_result.handover is not None)
        self.receipt_bar.setToolTip(self.tr("The receipt now prints the wipe; print it again and sign it by hand."))
        if self.rescan():  # the card as it is now: the wiped files are gone from the summary and the list
            self.tabs.setCurrentIndex(1)
        self._say(self.tr("The receipt was renewed with the wipe: preview or print it again."), OK_STYLE)

    # -- result ------------------------------------------------------------------------------------
    def show_result(self, result: ImportResult) -> None:
        """Show every file of ``result``, its findings and a summary."""
        self.last_result = result
        self.result_model.set_result(result)
        counts = result.counts
        summary = self.tr(
            "Stored {stored} · already stored {already} · skipped {skipped} · failed {failed} — {size} stored."
        ).format(stored=counts.get("stored", 0), already=counts.get("already_stored", 0),
                 skipped=counts.get("skipped", 0), failed=counts.get("failed", 0),
                 size=format_size(result.bytes_stored))
        status_text = {
            "completed": self.tr("Import completed."),
            "cancelled": self.tr("Import cancelled: files not yet copied are listed as skipped; "
                                 "nothing half-copied was kept."),
        }.get(result.status, self.tr("Import stopped: {message}").format(
            message=in_language(result.message, result.message_zh)))
        findings_text = self.tr("{count} finding(s) need attention.").format(count=len(result.findings)) \
            if result.findings else self.tr("No findings.")
        self.result_summary.setText(f"{status_text} {summary} {findings_text}")
        problem = result.status != "completed" or counts.get("failed", 0) > 0
        self.result_summary.setStyleSheet("font-size: 14px; " + (PROBLEM_STYLE if problem else OK_STYLE))
        self.findings_list.clear()
        for finding in result.findings:
            item = QListWidgetItem(f"{word(FINDING_WORDS, finding.kind)}: {finding_sentence(finding)}")
            item.setForeground(QBrush(FINDING_COLOUR))
            self.findings_list.addItem(item)
        if not result.findings:
            self.findings_list.addItem(QListWidgetItem(self.tr("No findings.")))
        self.tabs.setTabEnabled(1, True)
        self.tabs.setCurrentIndex(1)

    def make_thumbnails(self, result: ImportResult) -> RunningOperation[int] | None:
        """Make the thumbnail strips of the imported videos in the background."""
        ids = [f.recording_id for f in result.files if f.recording_id is not None and f.kind == "video"]
        if not ids:
            return None
        client = self._client

        def work(progress: ProgressCallback, cancel: CancelToken) -> int:
            return client.make_thumbnails(ids, progress, cancel)

        def progressed(progress: Progress) -> None:
            self.thumbnail_label.setText(self.tr("Making thumbnails… {done} of {total}").format(
                done=progress.done, total=progress.total))

        def done(made: int) -> None:
            self.thumbnail_label.setText(self.tr("Thumbnails ready ({count} made).").format(count=made))

        def failed(error: BaseException) -> None:
            self.thumbnail_label.setText(self.tr("Thumbnails were not made: {message}").format(
                message=error_text(error)))

        self.thumbnail_label.setText(self.tr("Making thumbnails…"))
        operation = run_operation(self, work, on_success=done, on_failure=failed,
                                  progress_label=self.tr("Making thumbnails…"), cancellable=True)
        show_progress_in_page(operation)
        operation.progressed.connect(progressed)  # not after the page is gone
        self.thumbnail_operation = operation
        return operation

    def result_paths(self) -> list[str]:
        """The card paths the result table lists, in order."""
        return [self.result_model.file_at(row).card_path for row in range(self.result_model.rowCount())]

    def showEvent(self, event: QShowEvent) -> None:
        """Look for cards right away when the page is shown."""
        super().showEvent(event)
        self.watcher.poll()


def _table(model: Any, *, stretch: int) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def create_page(client: StationClient, parent: QWidget | None = None) -> QWidget:
    """The Import page for the logged-in user."""
    return ImportPage(client, parent)
