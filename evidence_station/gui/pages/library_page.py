"""The Library page: the catalogue in a lazy table with filters, thumbnails and a details pane with hashes.

Filters apply on the Filter button or Enter (never per keystroke). With several recordings selected a user
who may ask for viewing can send one "Request viewing…" for all of them (reason and purpose, in the shared
:class:`~evidence_station.gui.viewing.request_dialog.ViewingRequestDialog`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from evidence_station.api.recordings import RecordingView
from evidence_station.api.viewing import ViewingRequestResult
from evidence_station.client.station_client import StationClient
from evidence_station.domain.clock import to_local
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.domain.findings import FindingKind
from evidence_station.domain.roles import Operation, allowed
from evidence_station.gui.compliance.retention_widget import keep_until_line
from evidence_station.gui.i18n import finding_sentence, in_language
from evidence_station.gui.operations import error_text
from evidence_station.gui.recording_model import (
    CLASSIFICATION_WORDS,
    FINDING_STATUS_WORDS,
    FINDING_WORDS,
    KIND_WORDS,
    PICTURE_WORDS,
    TIME_SOURCE_WORDS,
    RecordingFilter,
    RecordingModel,
    duration_of,
    format_duration,
    format_local,
    format_size,
    word,
)
from evidence_station.gui.viewing.request_dialog import ViewingRequestDialog
from evidence_station.gui.widgets import StatusLine, optional_date_edit

DETAILS_WIDTH = 400  # the details pane's width when the screen has room for it
DETAILS_MIN_WIDTH = 240  # and what it keeps when the table's columns need the room (a 1366-pixel screen)
FINDINGS_MIN_WIDTH = 110  # the last column (发现问题) is never narrower than this


class LibraryPage(QWidget):
    """Filters, the lazy recordings table, and the details of the selected recording."""

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self._shown_once = False
        self.may_request_viewing = allowed(client.actor.roles, Operation.REQUEST_VIEWING)
        self.last_request: ViewingRequestResult | None = None
        self.model = RecordingModel(client, self)
        self._build()
        self.model.load_failed.connect(self._show_load_error)
        self.model.reload()
        self._update_count()

    # -- layout ------------------------------------------------------------------------------------
    def _build(self) -> None:
        zone = self._client.station.zone
        today = QDate(to_local(self._client.now(), zone).date())
        self.from_check = QCheckBox(self.tr("From"))
        self.from_date = optional_date_edit(today.addDays(-7))
        self.to_check = QCheckBox(self.tr("To"))
        self.to_date = optional_date_edit(today)
        self.from_check.toggled.connect(self.from_date.setEnabled)
        self.to_check.toggled.connect(self.to_date.setEnabled)
        self.device_edit = QLineEdit()
        self.device_edit.setPlaceholderText(self.tr("Device serial"))
        self.officer_edit = QLineEdit()
        self.officer_edit.setPlaceholderText(self.tr("Officer number"))
        self.kind_box = QComboBox()
        self.kind_box.addItem(self.tr("Any kind"), "")
        for value in KIND_WORDS:
            self.kind_box.addItem(word(KIND_WORDS, value), value)
        self.finding_box = QComboBox()
        self.finding_box.addItem(self.tr("Any or no finding"), "")
        for kind in FindingKind:
            self.finding_box.addItem(word(FINDING_WORDS, kind.value), kind.value)
        for edit in (self.device_edit, self.officer_edit):
            edit.setMaximumWidth(150)
            edit.returnPressed.connect(self.apply_filter)
        self.filter_button = QPushButton(self.tr("Filter"))
        self.filter_button.setDefault(True)
        self.filter_button.clicked.connect(self.apply_filter)
        clear_button = QPushButton(self.tr("Clear"))
        clear_button.clicked.connect(self.clear_filter)
        refresh_button = QPushButton(self.tr("Refresh"))
        refresh_button.clicked.connect(self.refresh)
        self.request_button = QPushButton(self.tr("Request viewing…"))
        self.request_button.setObjectName("requestViewingButton")
        self.request_button.clicked.connect(self.request_viewing_for_selection)
        if not self.may_request_viewing:
            self.request_button.setToolTip(self.tr("Your roles do not allow asking to view recordings."))

        filters = QHBoxLayout()
        for widget in (
            self.from_check, self.from_date, self.to_check, self.to_date, self.device_edit, self.officer_edit,
            self.kind_box, self.finding_box, self.filter_button, clear_button, refresh_button,
        ):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.request_button)

        self.table = QTableView()
        self.table.setObjectName("recordingsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(38)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        widths = (140, 50, 145, 80, 70, 50, 55, 70, 80, 140)
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_request_button())

        self.status_label = StatusLine()  # a fixed place: a message never moves the table
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color: #666666;")
        self.thumbnail_view = QLabel()
        self.thumbnail_view.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.thumbnail_view.setMinimumHeight(76)
        self.details = QPlainTextEdit()
        self.details.setObjectName("recordingDetails")
        self.details.setReadOnly(True)
        self.details.setPlaceholderText(self.tr("Select a recording to see all its metadata, hashes and findings."))
        self.model.modelReset.connect(self._clear_details)
        self.model.rowsInserted.connect(lambda *_: self._update_count())

        details_box = QWidget()
        details_layout = QVBoxLayout(details_box)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(QLabel(self.tr("Recording details")))
        details_layout.addWidget(self.thumbnail_view)
        details_layout.addWidget(self.details, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(details_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        details_box.setMinimumWidth(DETAILS_MIN_WIDTH)
        splitter.setSizes([900, 400])
        self.splitter = splitter
        self._splitter_moved_by_hand = False
        splitter.splitterMoved.connect(self._note_splitter_moved)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.status_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.count_label)
        self._update_request_button()

    # -- layout ------------------------------------------------------------------------------------
    def table_width_needed(self) -> int:
        """Pixels the table needs to show every column whole, the last (发现问题) at least as wide as its title."""
        header = self.table.horizontalHeader()
        last = self.model.columnCount() - 1
        title = str(self.model.headerData(last, Qt.Orientation.Horizontal))
        last_width = max(FINDINGS_MIN_WIDTH, header.fontMetrics().horizontalAdvance(title) + 24)
        columns = sum(header.sectionSize(column) for column in range(last)) + last_width
        return columns + self.table.verticalScrollBar().sizeHint().width() + 2 * self.table.frameWidth()

    def _note_splitter_moved(self, *_: object) -> None:
        self._splitter_moved_by_hand = True

    def _fit_splitter(self) -> None:
        """Give the table the room its columns need; the details pane takes the rest (at least its minimum)."""
        total = self.splitter.width() - self.splitter.handleWidth()
        if self._splitter_moved_by_hand or total <= 0:
            return
        table = max(total - DETAILS_WIDTH, min(self.table_width_needed(), total - DETAILS_MIN_WIDTH))
        self.splitter.setSizes([table, total - table])

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Refit the table and the details pane to the new width (until the user drags the divider)."""
        super().resizeEvent(event)
        self._fit_splitter()

    # -- filtering ---------------------------------------------------------------------------------
    def current_filter(self) -> RecordingFilter:
        """The filter the controls describe."""
        return RecordingFilter(
            first_day=self.from_date.date().toPython() if self.from_check.isChecked() else None,
            last_day=self.to_date.date().toPython() if self.to_check.isChecked() else None,
            device=self.device_edit.text().strip(),
            officer=self.officer_edit.text().strip(),
            kind=str(self.kind_box.currentData() or ""),
            finding_kind=str(self.finding_box.currentData() or ""),
        )

    def apply_filter(self) -> None:
        """Reload the table with the filter the controls describe."""
        self.status_label.show_text("")
        self.model.set_filter(self.current_filter())
        self._update_count()

    def clear_filter(self) -> None:
        """Show every recording again."""
        self.from_check.setChecked(False)
        self.to_check.setChecked(False)
        self.device_edit.clear()
        self.officer_edit.clear()
        self.kind_box.setCurrentIndex(0)
        self.finding_box.setCurrentIndex(0)
        self.apply_filter()

    def refresh(self) -> None:
        """Reload the table (new imports, new thumbnails) with the filter in force."""
        self.model.thumbnails.forget_missing()
        self.model.reload()
        self._update_count()

    def _update_count(self) -> None:
        shown = self.model.rowCount()
        if not self.model.canFetchMore(QModelIndex()):
            self.count_label.setText(self.tr("{count} recordings.").format(count=f"{shown:,}"))
            return
        matches = self.model.match_count()
        if matches is None:
            self.count_label.setText(self.tr("{count} recordings loaded; scroll for more.").format(count=f"{shown:,}"))
            return
        total = f"{matches.count:,}+" if matches.capped else f"{matches.count:,}"
        self.count_label.setText(self.tr("{count} of {total} recordings loaded; scroll for more.").format(
            count=f"{shown:,}", total=total))

    def _show_load_error(self, message: str) -> None:
        self._say(message, "color: #c00000;")

    def _say(self, text: str, style: str) -> None:
        self.status_label.show_text(text, style)

    def showEvent(self, event: QShowEvent) -> None:
        """Coming back to the page shows what was imported meanwhile; the table gets the room it needs."""
        super().showEvent(event)
        self._fit_splitter()
        if self._shown_once:
            self.refresh()
        self._shown_once = True

    # -- details -----------------------------------------------------------------------------------
    def _clear_details(self) -> None:
        self.details.clear()
        self.thumbnail_view.clear()

    def _show_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self._clear_details()
            return
        view = self.model.recording_at(current.row())
        self.details.setPlainText(self.describe(view))
        strip = self.model.thumbnails.full(view.id)
        if strip is not None:
            self.thumbnail_view.setPixmap(strip)
        else:
            self.thumbnail_view.setText(self.tr("No thumbnail (not a playable video, or not made yet)."))

    def format_delay(self, seconds: float) -> str:
        """How long after the recording's end it was imported, in words ("2 d 5 h 03 min"): as h:mm:ss it read
        like a time of day."""
        minutes = max(0, int(seconds // 60))
        if minutes < 1:
            return self.tr("less than a minute")
        hours, minutes = divmod(minutes, 60)
        days, hours = divmod(hours, 24)
        if days:
            return self.tr("{days} d {hours} h {minutes} min").format(days=days, hours=hours, minutes=f"{minutes:02d}")
        if hours:
            return self.tr("{hours} h {minutes} min").format(hours=hours, minutes=f"{minutes:02d}")
        return self.tr("{minutes} min").format(minutes=minutes)

    def describe(self, view: RecordingView) -> str:
        """All metadata of one recording, its hashes and its findings, as selectable text."""
        zone = self._client.station.zone
        delay = self.format_delay(view.import_delay_s) if view.import_delay_s is not None else ""
        fields = [
            (self.tr("Recording"), f"#{view.id} {view.file_name}"),
            (self.tr("File on the card"), view.card_path),
            (self.tr("Kind"), word(KIND_WORDS, view.kind)),
            (self.tr("Playable"), self.tr("yes") if view.playable else self.tr("no")),
            (self.tr("Device"), view.device or ""),
            (self.tr("Officer"), view.officer or ""),
            (self.tr("Camera start"), f"{format_local(view.start, zone)} ({zone})" if view.start else ""),
            (self.tr("Camera end"), f"{format_local(view.end, zone)} ({zone})" if view.end else ""),
            (self.tr("Duration"), format_duration(duration_of(view))),
            (self.tr("Time taken from"), word(TIME_SOURCE_WORDS, view.time_source)),
            (self.tr("Size"), self.tr("{size} ({bytes} bytes)").format(size=format_size(view.size), bytes=view.size)),
            (self.tr("Classification"), word(CLASSIFICATION_WORDS, view.classification)),
            (self.tr("SHA-256"), view.sha256),
            (self.tr("SM3"), view.sm3),
            (self.tr("Import"), f"#{view.import_id}"),
            (self.tr("Imported at"), f"{format_local(view.imported_at, zone)} ({zone})"),
            (self.tr("Import delay"), delay),
            (self.tr("Duplicate of"), f"#{view.duplicate_of}" if view.duplicate_of is not None else ""),
            (self.tr("Clock offset (s)"), f"{view.clock_offset_s:+.1f}" if view.clock_offset_s is not None else ""),
            (self.tr("Disposed"), self.tr("yes") if view.disposed else self.tr("no")),
        ]
        lines = [self.field_line(label, value) for label, value in fields if value]  # nothing unknown printed
        lines.append(self._retention_line(view.id))
        lines.append("")
        lines.append(self.field_line(self.tr("Findings"), ""))
        try:
            findings = self._client.findings_by_recording([view.id], status=None).get(view.id, [])
        except EvidenceStationError as exc:
            lines.append(error_text(exc))
            findings = []
        else:
            if not findings:
                lines.append(self.tr("none"))
        for finding in findings:
            kind, status = word(FINDING_WORDS, finding.kind), word(FINDING_STATUS_WORDS, finding.status)
            lines.append(self.tr("- #{id} {kind} ({status}): {sentence}").format(
                id=finding.id, kind=kind, status=status, sentence=finding_sentence(finding)))
        if view.media:
            lines.append("")
            lines.append(self.field_line(self.tr("Media information"), ""))
            lines.extend("    " + self.field_line(label, value) for label, value in self.media_fields(view.media))
        return "\n".join(lines)

    def field_line(self, label: str, value: str) -> str:
        """"Label: value" with the colon of the interface language (a heading when ``value`` is empty)."""
        return self.tr("{label}: {value}").format(label=label, value=value).rstrip()

    def media_fields(self, media: dict[str, Any]) -> list[tuple[str, str]]:
        """What the probe learnt about the file, as labelled values in the interface language (fields without a
        value left out; fields the station does not know shown by their stored name)."""
        zone = self._client.station.zone
        shown = {"playable", "error", "error_zh", "width", "height"}
        fields: list[tuple[str, str]] = []
        if media.get("width") and media.get("height"):
            fields.append((self.tr("Picture size"), f"{media['width']} × {media['height']}"))
        for key, value in media.items():
            if key in shown or value is None:
                continue
            if key == "kind":
                fields.append((self.tr("Kind"), word(KIND_WORDS, str(value))))
            elif key == "duration_s":
                fields.append((self.tr("Duration"), format_duration(float(value))))
            elif key == "fps":
                fields.append((self.tr("Frame rate"), self.tr("{fps} frames per second").format(fps=f"{value:g}")))
            elif key == "codec":
                fields.append((self.tr("Codec"), str(value)))
            elif key == "frame_count":
                fields.append((self.tr("Frames"), str(value)))
            elif key == "creation_time":
                try:
                    created = f"{format_local(datetime.fromisoformat(value), zone)} ({zone})"
                except (TypeError, ValueError):
                    created = str(value)
                fields.append((self.tr("Created (according to the file)"), created))
            elif key == "taken_local":
                fields.append((self.tr("Taken (camera clock)"), str(value).replace("T", " ")))
            elif key == "picture_checked_s":
                fields.append((self.tr("Picture checked (Art. 13)"), self.tr("first {time}").format(
                    time=format_duration(float(value)))))
            elif key == "picture_stretches":
                if value:
                    fields.append((self.tr("No scene recorded (Art. 13)"), "; ".join(
                        f"{format_duration(float(s['start_s']))}–{format_duration(float(s['end_s']))} "
                        f"{word(PICTURE_WORDS, str(s['kind']))}" for s in value)))
            else:
                fields.append((key, str(value)))
        if media.get("error"):
            fields.append((self.tr("Problem"), in_language(media["error"], media.get("error_zh"))))
        return fields

    def _retention_line(self, recording_id: int) -> str:
        """"Kept until <date> (<reason>)" for the selected recording (one service call, never per row)."""
        try:
            kept = self._client.retention_of(recording_id)
        except EvidenceStationError as exc:
            return error_text(exc)
        if kept.disposed_at is not None:
            return self.tr("Disposed of on {date} (disposal #{id})").format(
                date=format_local(kept.disposed_at, self._client.station.zone)[:10], id=kept.proposal_id or "")
        until, why = keep_until_line(kept.keep_until, kept.permanent, kept.held, kept.reasons,
                                     self._client.station.zone)
        return self.tr("Kept until {date} ({reason})").format(date=until, reason=why)

    # -- viewing requests --------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        """Ids of the selected recordings, in table order."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.recording_at(row).id for row in rows]

    def _update_request_button(self) -> None:
        self.request_button.setEnabled(self.may_request_viewing and bool(self.table.selectionModel().hasSelection()))

    def request_viewing_for_selection(self) -> ViewingRequestResult | None:
        """Ask (reason, purpose) and send one viewing request for the selected recordings."""
        ids = self.selected_ids()
        if not ids or not self.may_request_viewing:
            return None
        dialog = ViewingRequestDialog(ids, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.send_viewing_request(ids, dialog.reason, dialog.purpose)

    def send_viewing_request(self, ids: list[int], reason: str, purpose: str) -> ViewingRequestResult | None:
        """Send the request; say what happened (request number, or why it was refused)."""
        try:
            result = self._client.request_viewing(recording_ids=ids, reason=reason, purpose=purpose)
        except EvidenceStationError as exc:
            self._say(self.tr("The viewing request was not sent: {message}").format(message=error_text(exc)),
                      "color: #c00000;")
            return None
        self.last_request = result
        self._say(self.tr("Request #{number} for {count} recording(s) was sent; a director will decide it.").format(
            number=result.request_id, count=len(ids)), "color: #1b7a1b;")
        return result


def create_page(client: StationClient, parent: QWidget | None = None) -> QWidget:
    """The Library page for the logged-in user."""
    return LibraryPage(client, parent)
