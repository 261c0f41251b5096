"""The Cases & Export page: cases, their recordings, closing with a retention period, and evidence discs.

Left the cases (number, title, parties, status, recordings, exports); right the selected case: its
recordings (attach from a picker filtered by date and device, detach), closing it, the export wizard
(clerks only) and the history of its exports with their verification, each provenance sheet viewable.

Every read and change goes through the station client (the embedded service, or a station service over HTTP);
the lists are read on workers.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from evidence_station.api.cases import CaseView
from evidence_station.api.exports import MEDIA_LABELS, ExportView
from evidence_station.client.station_client import StationClient
from evidence_station.domain.clock import to_local
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.domain.progress import CancelToken
from evidence_station.domain.roles import Operation, allowed
from evidence_station.gui.background_read import LatestRead
from evidence_station.gui.disc_register_panel import DiscRegisterPanel
from evidence_station.gui.export_wizard import ExportWizard, provenance_copy
from evidence_station.gui.object_table import ObjectTable
from evidence_station.gui.operations import error_text
from evidence_station.gui.pdf_preview import PdfPreview
from evidence_station.gui.recording_model import (
    CLASSIFICATION_WORDS,
    RecordingFilter,
    RecordingModel,
    format_local,
    format_size,
    word,
)
from evidence_station.gui.screen_fit import fit_to_screen
from evidence_station.gui.widgets import StatusLine, optional_date_edit

PROBLEM_COLOUR = QColor("#c00000")
OK_COLOUR = QColor("#1b7a1b")
_CONTEXT = "CasesPage"
STATUS_WORDS: dict[str, str] = {
    "open": QT_TRANSLATE_NOOP("CasesPage", "Open"),
    "closed": QT_TRANSLATE_NOOP("CasesPage", "Closed"),
    "completed": QT_TRANSLATE_NOOP("CasesPage", "Completed"),
    "failed": QT_TRANSLATE_NOOP("CasesPage", "Failed"),
    "cancelled": QT_TRANSLATE_NOOP("CasesPage", "Cancelled"),
    "interrupted": QT_TRANSLATE_NOOP("CasesPage", "Interrupted"),
    "running": QT_TRANSLATE_NOOP("CasesPage", "Running"),
}


def status_text(status: str) -> str:
    """A case or export status in the interface language."""
    english = STATUS_WORDS.get(status)
    return QCoreApplication.translate(_CONTEXT, english) if english else status


def _table(columns: dict[str, str], *, stretch: str, widths: dict[str, int] | None = None,
           multi_select: bool = False) -> ObjectTable:
    """A read-only table of every row whose columns fit their contents; ``stretch`` takes the room left, and
    the ``widths`` columns start at the given width (their long texts are elided, full text in tooltips)."""
    return ObjectTable([QCoreApplication.translate(_CONTEXT, header) for header in columns.values()],
                       names=list(columns), max_rows=None, stretch=stretch, widths=widths,
                       multi_select=multi_select)


def _read_case(client: StationClient, case_id: int) -> tuple[CaseView, list[ExportView]]:
    """A case with its exports (on a worker thread)."""
    return client.get_case(case_id), client.list_exports(case_id=case_id)


class NewCaseDialog(QDialog):
    """Asks for the case number (optional: the station numbers it), the title and the parties."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New case"))
        self.number_edit = QLineEdit()
        self.number_edit.setPlaceholderText(self.tr("empty: numbered by the station, e.g. CASE-2026-0001"))
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(self.tr("required"))
        self.parties_edit = QLineEdit()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Case number"), self.number_edit)
        form.addRow(self.tr("Case title"), self.title_edit)
        form.addRow(self.tr("Parties"), self.parties_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 520, 180)
        self.title_edit.textChanged.connect(self._update_ok)
        self._update_ok()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.title_edit.text().strip()))


class RecordingPickerDialog(QDialog):
    """Pick recordings of the catalogue to attach, filtered by camera date and device."""

    def __init__(self, client: StationClient, exclude: Sequence[int] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Attach recordings"))
        self._exclude = set(exclude)
        self.model = RecordingModel(client, self)
        today = QDate(to_local(client.now(), client.station.zone).date())
        self.from_check = QCheckBox(self.tr("From"))
        self.from_date = optional_date_edit(today.addDays(-7))
        self.to_check = QCheckBox(self.tr("To"))
        self.to_date = optional_date_edit(today)
        self.from_check.toggled.connect(self.from_date.setEnabled)
        self.to_check.toggled.connect(self.to_date.setEnabled)
        self.device_edit = QLineEdit()
        self.device_edit.setPlaceholderText(self.tr("Device serial"))
        self.device_edit.returnPressed.connect(self.apply_filter)
        filter_button = QPushButton(self.tr("Filter"))
        filter_button.clicked.connect(self.apply_filter)
        filters = QHBoxLayout()
        for widget in (self.from_check, self.from_date, self.to_check, self.to_date, self.device_edit, filter_button):
            filters.addWidget(widget)
        filters.addStretch(1)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnHidden(RecordingModel.PREVIEW, True)
        self.hint = QLabel(self.tr("Select one or more recordings (Ctrl/Shift for several). Recordings already in "
                                   "the case are left out."))
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Attach"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 1000, 600)
        self.model.modelReset.connect(self._hide_excluded)
        self.model.rowsInserted.connect(self._hide_excluded)
        self.table.selectionModel().selectionChanged.connect(self._update_ok)
        self.model.reload()
        self._update_ok()

    def current_filter(self) -> RecordingFilter:
        """The filter the controls describe."""
        return RecordingFilter(
            first_day=self.from_date.date().toPython() if self.from_check.isChecked() else None,
            last_day=self.to_date.date().toPython() if self.to_check.isChecked() else None,
            device=self.device_edit.text().strip(),
        )

    def apply_filter(self) -> None:
        """Reload the recordings with the filter the controls describe."""
        self.model.set_filter(self.current_filter())

    def visible_ids(self) -> list[int]:
        """Ids of the recordings listed (loaded and not already attached)."""
        return [self.model.recording_at(row).id for row in range(self.model.rowCount())
                if not self.table.isRowHidden(row)]

    def select_ids(self, ids: Sequence[int]) -> None:
        """Select the rows of ``ids`` (tests, keyboard-free use)."""
        self.table.clearSelection()
        flags = self.table.selectionModel().SelectionFlag
        for row in range(self.model.rowCount()):
            if self.model.recording_at(row).id in ids:
                self.table.selectionModel().select(self.model.index(row, 0), flags.Select | flags.Rows)

    def selected_ids(self) -> list[int]:
        """Ids of the selected recordings."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.recording_at(row).id for row in rows if not self.table.isRowHidden(row)]

    def _hide_excluded(self, *_: object) -> None:
        for row in range(self.model.rowCount()):
            self.table.setRowHidden(row, self.model.recording_at(row).id in self._exclude)

    def _update_ok(self, *_: object) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.selected_ids()))


class CloseCaseDialog(QDialog):
    """Asks how long the closed case and its recordings are kept."""

    PRESETS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("30y", QT_TRANSLATE_NOOP("CloseCaseDialog", "30 years")),
        ("10y", QT_TRANSLATE_NOOP("CloseCaseDialog", "10 years")),
        ("permanent", QT_TRANSLATE_NOOP("CloseCaseDialog", "Permanently")),
        ("", QT_TRANSLATE_NOOP("CloseCaseDialog", "Another number of years")),
    )

    def __init__(self, case: CaseView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Close case {number}").format(number=case.number))
        self.retention_box = QComboBox()
        for value, english in self.PRESETS:
            self.retention_box.addItem(QCoreApplication.translate("CloseCaseDialog", english), value)
        self.years = QSpinBox()
        self.years.setRange(1, 200)
        self.years.setValue(5)
        self.years.setSuffix(self.tr(" years"))
        self.retention_box.currentIndexChanged.connect(self._preset_changed)
        self.years.setEnabled(False)
        text = self.tr("Closing fixes how long case {number} and its {count} recording(s) are kept (at least one "
                       "year, Art. 16). A closed case takes no more recordings.")
        explanation = QLabel(text.format(number=case.number, count=len(case.recording_ids)))
        explanation.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Close case"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Keep"), self.retention_box)
        form.addRow("", self.years)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _preset_changed(self, *_: object) -> None:
        self.years.setEnabled(not self.retention_box.currentData())

    def retention(self) -> str:
        """The retention period for ``close_case`` (``30y``, ``permanent`` …)."""
        return str(self.retention_box.currentData()) or f"{self.years.value()}y"


class ProvenanceDialog(QDialog):
    """The provenance sheet of one disc of a past export."""

    def __init__(self, pdf: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.preview = PdfPreview()
        self.preview.set_pdf(pdf)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview)
        fit_to_screen(self, 820, 900)


class CasesPage(QWidget):
    """Cases on the left, the selected case with its recordings and exports on the right."""

    #: Column name → English header (translated in context ``CasesPage``).
    CASE_COLUMNS: ClassVar[dict[str, str]] = {
        "number": QT_TRANSLATE_NOOP("CasesPage", "Number"), "title": QT_TRANSLATE_NOOP("CasesPage", "Title"),
        "parties": QT_TRANSLATE_NOOP("CasesPage", "Parties"), "status": QT_TRANSLATE_NOOP("CasesPage", "Status"),
        "recordings": QT_TRANSLATE_NOOP("CasesPage", "Recordings"),
        "exports": QT_TRANSLATE_NOOP("CasesPage", "Exports"),
    }
    RECORDING_COLUMNS: ClassVar[dict[str, str]] = {
        "id": QT_TRANSLATE_NOOP("CasesPage", "ID"), "file": QT_TRANSLATE_NOOP("CasesPage", "File"),
        "device": QT_TRANSLATE_NOOP("CasesPage", "Device"), "officer": QT_TRANSLATE_NOOP("CasesPage", "Officer"),
        "start": QT_TRANSLATE_NOOP("CasesPage", "Camera time"), "size": QT_TRANSLATE_NOOP("CasesPage", "Size"),
        "classification": QT_TRANSLATE_NOOP("CasesPage", "Classification"),
    }
    EXPORT_COLUMNS: ClassVar[dict[str, str]] = {
        "export": QT_TRANSLATE_NOOP("CasesPage", "Export"), "time": QT_TRANSLATE_NOOP("CasesPage", "Time"),
        "verification": QT_TRANSLATE_NOOP("CasesPage", "Verification"),
        "status": QT_TRANSLATE_NOOP("CasesPage", "Status"),
        "producer": QT_TRANSLATE_NOOP("CasesPage", "Producer"),
        "extractor": QT_TRANSLATE_NOOP("CasesPage", "Extractor"),
        "medium": QT_TRANSLATE_NOOP("CasesPage", "Medium"), "discs": QT_TRANSLATE_NOOP("CasesPage", "Discs"),
        "sha256": QT_TRANSLATE_NOOP("CasesPage", "Image SHA-256"),
    }

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.may_manage = allowed(client.actor.roles, Operation.MANAGE_CASES)
        self.may_export = allowed(client.actor.roles, Operation.EXPORT_EVIDENCE)
        self.case: CaseView | None = None
        self.exports: list[ExportView] = []
        self.wizard: ExportWizard | None = None
        # Where the export wizard proposes to write the disc image (None: its default, 证据光盘 in the documents).
        self.export_folder: Path | None = None
        # The case list and the selected case are read on workers (the newest read wins).
        self.cases_reader: LatestRead[tuple[list[CaseView], tuple[CaseView, list[ExportView]] | None]] = \
            LatestRead(self, self._cases_arrived, lambda error: self._failed(
                self.tr("The cases could not be listed"), error))
        self.case_reader: LatestRead[tuple[CaseView, list[ExportView]]] = LatestRead(
            self, lambda found: self.show_case(*found),
            lambda error: self._failed(self.tr("The case could not be shown"), error))
        self._build()
        self.refresh()

    # -- layout ------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.new_button = QPushButton(self.tr("New case…"))
        self.new_button.clicked.connect(self.new_case_with_dialog)
        self.status_box = QComboBox()
        self.status_box.addItem(self.tr("All cases"), "")
        self.status_box.addItem(self.tr("Open cases"), "open")
        self.status_box.addItem(self.tr("Closed cases"), "closed")
        self.status_box.currentIndexChanged.connect(lambda *_: self.refresh())
        refresh_button = QPushButton(self.tr("Refresh"))
        refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        for widget in (self.new_button, self.status_box, refresh_button):
            top.addWidget(widget)
        top.addStretch(1)
        self.message = StatusLine()  # a fixed place: a message never moves the tables

        # Long titles and parties are elided (full text in tooltips); the title takes the room left.
        self.case_table = _table(self.CASE_COLUMNS, stretch="title", widths={"parties": 120})
        self.case_table.setObjectName("casesTable")
        self.case_table.itemSelectionChanged.connect(self._case_selected)
        self.case_table.setMinimumWidth(380)
        self.cases_guide = self.case_table.guide

        self.case_header = QLabel(self.tr("Select a case to see its recordings and exports."))
        self.case_header.setWordWrap(True)
        self.case_header.setTextFormat(Qt.TextFormat.PlainText)
        self.case_header.setStyleSheet("font-size: 14px;")
        self.attach_button = QPushButton(self.tr("Attach recordings…"))
        self.attach_button.clicked.connect(self.attach_with_picker)
        self.detach_button = QPushButton(self.tr("Detach selected"))
        self.detach_button.clicked.connect(self.detach_selected)
        self.close_button = QPushButton(self.tr("Close case…"))
        self.close_button.clicked.connect(self.close_with_dialog)
        self.export_button = QPushButton(self.tr("Export evidence disc…"))
        self.export_button.setObjectName("exportButton")
        self.export_button.setStyleSheet("font-weight: bold;")
        self.export_button.clicked.connect(self.open_export_wizard)
        actions = QHBoxLayout()
        for widget in (self.attach_button, self.detach_button, self.close_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.export_button)
        self.recordings_table = _table(self.RECORDING_COLUMNS, stretch="file", multi_select=True)
        self.recordings_table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # file names differ at their end
        self.recordings_table.setObjectName("caseRecordingsTable")
        self.recordings_table.itemSelectionChanged.connect(self._update_buttons)
        self.recordings_guide = self.recordings_table.guide
        # Producer and extractor (name and badge number) show whole; the image digests take the room left, a long
        # one shortened in the middle (full text in tooltips).
        self.exports_table = _table(self.EXPORT_COLUMNS, stretch="sha256")
        self.exports_table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.exports_guide = self.exports_table.guide
        self.exports_table.setObjectName("exportsTable")
        self.exports_table.itemSelectionChanged.connect(self._update_buttons)
        self.sheet_button = QPushButton(self.tr("Show provenance sheet…"))
        self.sheet_button.clicked.connect(self.show_selected_sheet)
        export_header = QHBoxLayout()
        export_header.addWidget(QLabel(self.tr("Exports (evidence discs) and their verification")))
        export_header.addStretch(1)
        export_header.addWidget(self.sheet_button)

        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self.case_header)
        details_layout.addLayout(actions)
        details_layout.addWidget(QLabel(self.tr("Recordings in the case")))
        details_layout.addWidget(self.recordings_table, 3)
        exports_page = QWidget()
        exports_layout = QVBoxLayout(exports_page)
        exports_layout.setContentsMargins(0, 4, 0, 0)
        exports_layout.addLayout(export_header)
        exports_layout.addWidget(self.exports_table, 1)
        self.disc_register = DiscRegisterPanel(self.client, self)
        self.history_tabs = QTabWidget()
        self.history_tabs.addTab(exports_page, self.tr("Exports"))
        self.history_tabs.addTab(self.disc_register, self.tr("Disc register (附卷)"))
        details_layout.addWidget(self.history_tabs, 2)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.case_table)
        splitter.addWidget(details)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([470, 850])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)

        if not self.may_manage:
            self.new_button.setEnabled(False)
            self.new_button.setToolTip(self.tr("Your roles do not allow managing cases."))
        self._update_buttons()

    # -- messages ----------------------------------------------------------------------------------
    def say(self, text: str, *, problem: bool = False) -> None:
        """Show a line above the tables (red for a problem)."""
        colour = PROBLEM_COLOUR if problem else OK_COLOUR
        self.message.show_text(text, f"color: {colour.name()};")

    def _failed(self, what: str, error: BaseException) -> None:
        self.say(self.tr("{what}: {message}").format(what=what, message=error_text(error)), problem=True)

    # -- cases -------------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        """True while the case list or the selected case is being read."""
        return self.cases_reader.loading or self.case_reader.loading or self.disc_register.loading

    def refresh(self) -> None:
        """Read the case list again (keeping the selected case) and the selected case, on a worker."""
        keep = self.case.case_id if self.case else None
        status = self.status_box.currentData() or None
        client = self.client

        def read(_cancel: CancelToken) -> tuple[list[CaseView], tuple[CaseView, list[ExportView]] | None]:
            cases = client.list_cases(status=status)
            ids = [case.case_id for case in cases]
            chosen = keep if keep in ids else ids[0] if ids else None
            return cases, (_read_case(client, chosen) if chosen is not None else None)

        self.cases_reader.start(read)

    def _cases_arrived(self, found: tuple[list[CaseView], tuple[CaseView, list[ExportView]] | None]) -> None:
        cases, shown = found
        clicked = self.case_reader.loading  # the user chose a case meanwhile: keep it selected
        chosen = self.case_table.currentRow()
        chosen_id = self.case_ids()[chosen] if clicked and 0 <= chosen < self.case_table.rowCount() else None
        self.case_table.blockSignals(True)
        self.case_table.clearSelection()
        self.case_table.set_rows([(case.case_id, [case.number, case.title, case.parties, status_text(case.status),
                                                  str(len(case.recording_ids)), str(case.exports)])
                                  for case in cases])
        for row, case in enumerate(cases):
            self.case_table.style_cell(row, "title", tooltip=case.title)
            self.case_table.style_cell(row, "parties", tooltip=case.parties)
        ids = [case.case_id for case in cases]
        select = chosen_id if chosen_id in ids else shown[0].case_id if shown is not None else None
        if select is not None:
            self.case_table.selectRow(ids.index(select))
        self.case_table.blockSignals(False)
        self._update_cases_guide()
        if chosen_id is None or chosen_id not in ids:
            case, exports = shown if shown is not None else (None, [])
            self.show_case(case, exports)

    def _update_cases_guide(self) -> None:
        status = self.status_box.currentData()
        if status == "open":
            text = self.tr("No open cases.")
        elif status == "closed":
            text = self.tr("No closed cases.")
        elif self.may_manage:
            text = self.tr("No cases yet. Use New case… to open one, then attach its recordings.")
        else:
            text = self.tr("No cases yet.")
        self.cases_guide.set_empty_text(text)

    def case_ids(self) -> list[int]:
        """Ids of the cases listed, in order."""
        return [int(case_id) for case_id in self.case_table.objects()]

    def select_case(self, case_id: int) -> None:
        """Select the case ``case_id`` in the list (shows it)."""
        row = self.case_ids().index(case_id)
        if self.case_table.currentRow() == row:
            self._case_selected()
        else:
            self.case_table.selectRow(row)

    def _case_selected(self) -> None:
        row = self.case_table.currentRow()
        if row < 0 or not self.case_table.selectionModel().hasSelection():
            self.show_case(None)
            return
        case_id = int(self.case_table.object_at(row))
        client = self.client
        self.case_reader.start(lambda _cancel: _read_case(client, case_id))

    def show_case(self, case: CaseView | None, exports: Sequence[ExportView] = ()) -> None:
        """Fill the right side with ``case`` and its ``exports`` (None: empty)."""
        self.case = case
        self.recordings_table.set_rows([])
        self.exports_table.set_rows([])
        self.exports = list(exports)
        self.disc_register.set_case(case.case_id if case is not None else None, case.number if case else "")
        if case is None:
            self.case_header.setText(self.tr("Select a case to see its recordings and exports."))
            self.recordings_guide.set_empty_text("")
            self.exports_guide.set_empty_text("")
            self._update_buttons()
            return
        zone = self.client.station.zone
        lines = [f"{case.number} — {case.title}"]
        if case.parties:
            lines.append(self.tr("Parties: {parties}").format(parties=case.parties))
        created = self.tr("Opened {when} by {user}.").format(when=format_local(case.created_at, zone),
                                                            user=case.created_by_label or case.created_by)
        if case.status == "closed":
            until = format_local(case.retention_until, zone) if case.retention_until else self.tr("permanently")
            created += " " + self.tr("Closed {when}; kept until {until} ({retention}).").format(
                when=format_local(case.closed_at, zone), until=until, retention=case.retention)
        lines.append(created)
        self.case_header.setText("\n".join(lines))
        self.recordings_table.set_rows([(rec.id, [
            str(rec.id), rec.file_name, rec.device or "", rec.officer or "", format_local(rec.start, zone),
            format_size(rec.size), word(CLASSIFICATION_WORDS, rec.classification)]) for rec in case.recordings])
        for row, rec in enumerate(case.recordings):
            self.recordings_table.style_cell(row, "file", tooltip=rec.file_name)
        self._show_exports()
        self._update_guides(case)
        self._update_buttons()

    def _update_guides(self, case: CaseView) -> None:
        if case.status != "open":
            recordings = self.tr("This closed case has no recordings.")
        elif self.may_manage:
            recordings = self.tr("No recordings attached yet — use Attach recordings… to add them from the library.")
        else:
            recordings = self.tr("No recordings attached yet.")
        self.recordings_guide.set_empty_text(recordings)
        if self.may_export:
            exports = self.tr("No evidence disc made for this case yet. Export evidence disc… makes one and verifies "
                              "it.") if case.recording_ids else self.tr(
                "No evidence disc made for this case yet; attach recordings first, then use Export evidence disc….")
        else:
            exports = self.tr("No evidence disc made for this case yet (only a clerk (文书) may make one).")
        self.exports_guide.set_empty_text(exports)

    def _show_exports(self) -> None:
        zone = self.client.station.zone
        rows = []
        for export in self.exports:
            if export.status in ("completed", "failed") and export.images:
                verdict = self.tr("✔ verified") if export.verified else self.tr("✘ FAILED")
            else:
                verdict = ""
            rows.append((export, [
                f"#{export.export_id}", format_local(export.extraction_time, zone), verdict,
                status_text(export.status), export.producer, export.extractor,
                MEDIA_LABELS.get(export.media, export.media), str(export.disc_count), self._digests(export)]))
        self.exports_table.set_rows(rows)
        for row, export in enumerate(self.exports):
            colour = OK_COLOUR if export.verified else PROBLEM_COLOUR if export.status == "failed" else None
            if colour is not None:
                self.exports_table.style_cell(row, "verification", foreground=colour)
            tip = export.message or ""
            for column in range(self.exports_table.columnCount()):
                item = self.exports_table.item(row, column)
                if item is not None:
                    item.setToolTip(tip)
            for column in ("producer", "extractor", "sha256"):
                item = self.exports_table.cell(row, column)
                if item is not None:
                    item.setToolTip("\n".join(filter(None, (item.text(), tip))))

    @staticmethod
    def _digests(export: ExportView) -> str:
        return ", ".join(str(disc["image_sha256"]) for disc in export.images)

    def _update_buttons(self) -> None:
        case = self.case
        is_open = case is not None and case.status == "open"
        manage_tip = "" if self.may_manage else self.tr("Your roles do not allow managing cases.")
        closed_tip = self.tr("The case is closed.") if case is not None and not is_open else ""
        for button in (self.attach_button, self.close_button):
            button.setEnabled(self.may_manage and is_open)
            button.setToolTip(manage_tip or closed_tip)
        self.detach_button.setEnabled(self.may_manage and is_open and bool(self.selected_recording_ids()))
        self.detach_button.setToolTip(manage_tip or closed_tip)
        has_recordings = case is not None and bool(case.recording_ids)
        self.export_button.setEnabled(self.may_export and has_recordings)
        if not self.may_export:
            self.export_button.setToolTip(self.tr("Only a clerk (文书) may export evidence discs."))
        elif not has_recordings:
            self.export_button.setToolTip(self.tr("Attach recordings to the case first."))
        else:
            self.export_button.setToolTip(self.tr("Make the evidence disc: originals, signed manifest, checksums "
                                                  "and the signed provenance sheet, burned and verified."))
        self.sheet_button.setEnabled(self.selected_export() is not None)

    # -- actions -----------------------------------------------------------------------------------
    def new_case_with_dialog(self) -> CaseView | None:
        """Ask for a new case and create it."""
        dialog = NewCaseDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.new_case(dialog.number_edit.text(), dialog.title_edit.text(), dialog.parties_edit.text())

    def new_case(self, number: str, title: str, parties: str) -> CaseView | None:
        """Create a case (an empty number lets the station number it) and select it."""
        try:
            case = self.client.add_case(title=title, number=number.strip() or None, parties=parties)
        except EvidenceStationError as exc:
            self._failed(self.tr("The case was not created"), exc)
            return None
        self.say(self.tr("Case {number} was created.").format(number=case.number))
        self.case = case
        self.status_box.setCurrentIndex(0)
        self.refresh()
        return case

    def attach_with_picker(self) -> list[int]:
        """Pick recordings in a dialog and attach them to the selected case."""
        if self.case is None:
            return []
        picker = RecordingPickerDialog(self.client, self.case.recording_ids, self)
        if picker.exec() != QDialog.DialogCode.Accepted:
            return []
        return self.attach(picker.selected_ids())

    def attach(self, recording_ids: Sequence[int]) -> list[int]:
        """Attach recordings to the selected case; the ids newly attached."""
        if self.case is None or not recording_ids:
            return []
        try:
            result = self.client.attach_recordings(self.case.case_id, list(recording_ids))
        except EvidenceStationError as exc:
            self._failed(self.tr("The recordings were not attached"), exc)
            return []
        self.say(self.tr("{count} recording(s) attached to case {number}.").format(
            count=len(result.attached), number=self.case.number))
        self.refresh()
        return list(result.attached)

    def selected_recording_ids(self) -> list[int]:
        """Ids of the recordings selected in the case's table."""
        return [int(recording_id) for recording_id in self.recordings_table.selected_objects()]

    def detach_selected(self) -> list[int]:
        """Detach the selected recordings from the case."""
        ids = self.selected_recording_ids()
        if self.case is None or not ids:
            return []
        try:
            self.client.detach_recordings(self.case.case_id, ids)
        except EvidenceStationError as exc:
            self._failed(self.tr("The recordings were not detached"), exc)
            return []
        self.say(self.tr("{count} recording(s) detached from case {number}.").format(
            count=len(ids), number=self.case.number))
        self.refresh()
        return ids

    def close_with_dialog(self) -> CaseView | None:
        """Ask for the retention period and close the selected case."""
        if self.case is None:
            return None
        dialog = CloseCaseDialog(self.case, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.close_selected_case(dialog.retention())

    def close_selected_case(self, retention: str) -> CaseView | None:
        """Close the selected case with ``retention`` (``30y``, ``permanent`` …)."""
        if self.case is None:
            return None
        try:
            case = self.client.close_case(self.case.case_id, retention=retention)
        except EvidenceStationError as exc:
            self._failed(self.tr("The case was not closed"), exc)
            return None
        self.say(self.tr("Case {number} was closed.").format(number=case.number))
        self.refresh()
        return case

    def open_export_wizard(self) -> ExportWizard | None:
        """Open the export wizard for the selected case (clerks only); returns it (shown, not blocking)."""
        if self.case is None or not self.may_export:
            return None
        self.wizard = ExportWizard(self.client, self.case, self, out_dir=self.export_folder)
        self.wizard.exported.connect(lambda *_: self.refresh())
        self.wizard.open()
        return self.wizard

    # -- export history ----------------------------------------------------------------------------
    def selected_export(self) -> ExportView | None:
        """The export selected in the history."""
        export: ExportView | None = self.exports_table.current_object()
        return export

    def show_selected_sheet(self) -> ProvenanceDialog | None:
        """Show the provenance sheet of the selected export's first disc (read back from its image)."""
        export = self.selected_export()
        if export is None:
            return None
        sheet = provenance_copy(self.client, export.export_id, export.images[0]) if export.images else None
        if sheet is None:
            self.say(self.tr("The disc image of export #{id} is no longer here; its sheet is on the disc.").format(
                id=export.export_id), problem=True)
            return None
        dialog = ProvenanceDialog(sheet, self.tr("Provenance sheet of export #{id}").format(id=export.export_id), self)
        dialog.open()
        return dialog


def create_page(client: StationClient, parent: QWidget | None = None) -> QWidget:
    """The Cases & Export page for the logged-in user."""
    return CasesPage(client, parent)
