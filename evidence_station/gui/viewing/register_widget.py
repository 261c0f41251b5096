"""The "Viewing register" tab (查阅登记, Art. 18): every viewing session filtered by date and viewer, and
the register exported as a signed PDF or a CSV in the background."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidence_station.api.documents import Document
from evidence_station.api.viewing import RegisterEntry
from evidence_station.client.documents import desk_protected_folders, save_document
from evidence_station.client.station_client import StationClient
from evidence_station.domain.clock import local_to_utc, to_local
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.progress import CancelToken, ProgressCallback
from evidence_station.domain.roles import Operation, allowed
from evidence_station.gui.background_read import LatestRead
from evidence_station.gui.object_table import Fit, ObjectTable
from evidence_station.gui.operations import OperationFn, RunningOperation, error_text, run_operation
from evidence_station.gui.recording_model import format_duration, format_local
from evidence_station.gui.viewing.common import classification_cell, say, status_label, style_classification
from evidence_station.gui.viewing.words import classification_level, purpose_word
from evidence_station.gui.widgets import optional_date_edit
from evidence_station.safe_output import check_output_path

#: Column titles (context ``RegisterWidget``).
HEADERS = (
    QT_TRANSLATE_NOOP("RegisterWidget", "Viewer"),
    QT_TRANSLATE_NOOP("RegisterWidget", "Badge"),
    QT_TRANSLATE_NOOP("RegisterWidget", "Reason"),
    QT_TRANSLATE_NOOP("RegisterWidget", "Approver"),
    QT_TRANSLATE_NOOP("RegisterWidget", "Approved at"),
    QT_TRANSLATE_NOOP("RegisterWidget", "Opened"),
    QT_TRANSLATE_NOOP("RegisterWidget", "Closed"),
    QT_TRANSLATE_NOOP("RegisterWidget", "Recordings"),
    QT_TRANSLATE_NOOP("RegisterWidget", "Classification"),
    QT_TRANSLATE_NOOP("RegisterWidget", "Watched"),
    QT_TRANSLATE_NOOP("RegisterWidget", "Snapshots"),
)
CLASSIFICATION_COLUMN = 8


@dataclass(frozen=True)
class RegisterFilter:
    """Sessions opened on local days ``first_day``..``last_day`` (inclusive), of one viewer (user name)."""

    first_day: date | None = None
    last_day: date | None = None
    viewer: str = ""

    def since(self, zone: str) -> datetime | None:
        """Start of ``first_day`` in the station zone, as UTC."""
        return local_to_utc(datetime.combine(self.first_day, time()), zone) if self.first_day else None

    def until(self, zone: str) -> datetime | None:
        """Start of the day after ``last_day`` in the station zone, as UTC."""
        if self.last_day is None:
            return None
        return local_to_utc(datetime.combine(self.last_day + timedelta(days=1), time()), zone)

    def period(self) -> str:
        """The period as printed on the register ('' for all of it)."""
        if self.first_day is None and self.last_day is None:
            return ""
        first = self.first_day.isoformat() if self.first_day else "…"
        last = self.last_day.isoformat() if self.last_day else "…"
        return f"{first} – {last}"


def _ranges_text(ranges: list[tuple[int, int]]) -> str:
    return ", ".join(f"{format_duration(a / 1000)}–{format_duration(b / 1000)}" for a, b in ranges)


class RegisterWidget(QWidget):
    """The register table with its filters and the two export buttons."""

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.may_read = allowed(client.actor.roles, Operation.READ_VIEWING_REGISTER)
        self.entries: list[RegisterEntry] = []
        self.last_export: Path | None = None
        #: Station folders this desk knows of (an embedded station's): never an export's destination.
        self.protect = desk_protected_folders(client.transport)
        today = QDate(to_local(client.now(), client.station.zone).date())
        self.from_check = QCheckBox(self.tr("From"))
        self.from_date = optional_date_edit(today.addDays(-30))
        self.to_check = QCheckBox(self.tr("To"))
        self.to_date = optional_date_edit(today)
        self.from_check.toggled.connect(self.from_date.setEnabled)
        self.to_check.toggled.connect(self.to_date.setEnabled)
        self.viewer_edit = QLineEdit()
        self.viewer_edit.setPlaceholderText(self.tr("Viewer (user name)"))
        self.viewer_edit.setMaximumWidth(180)
        self.viewer_edit.returnPressed.connect(self.refresh)
        filter_button = QPushButton(self.tr("Filter"))
        filter_button.clicked.connect(self.refresh)
        self.pdf_button = QPushButton(self.tr("Export PDF…"))
        self.pdf_button.setObjectName("exportPdfButton")
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.csv_button.setObjectName("exportCsvButton")
        self.csv_button.clicked.connect(lambda: self.export_csv())
        for button in (filter_button, self.pdf_button, self.csv_button):
            button.setEnabled(self.may_read)
            if not self.may_read:
                button.setToolTip(self.tr("Your roles do not allow reading the viewing register."))
        self.table = ObjectTable([QCoreApplication.translate("RegisterWidget", h) for h in HEADERS],
                                 fit=Fit.CAPPED, key=lambda entry: entry.session_id)
        self.table.setObjectName("registerTable")
        self.table.set_empty_text(
            self.tr("No viewing sessions in this period. Every time someone watches a recording under an "
                    "approval, the session is registered here.") if self.may_read else
            self.tr("Your roles do not allow reading the viewing register."))
        self.reader: LatestRead[list[RegisterEntry]] = LatestRead(self, self._show, self._read_failed)
        self.status = status_label()
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color: #666666;")
        filters = QHBoxLayout()
        for widget in (self.from_check, self.from_date, self.to_check, self.to_date, self.viewer_edit,
                       filter_button):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.pdf_button)
        filters.addWidget(self.csv_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

    # -- reading ---------------------------------------------------------------------------------
    def current_filter(self) -> RegisterFilter:
        """The filter the controls describe."""
        return RegisterFilter(
            first_day=self.from_date.date().toPython() if self.from_check.isChecked() else None,
            last_day=self.to_date.date().toPython() if self.to_check.isChecked() else None,
            viewer=self.viewer_edit.text().strip(),
        )

    def _wanted(self, register_filter: RegisterFilter) -> dict[str, datetime | str | None]:
        """The register query the filter describes (``since``, ``until``, ``viewer``)."""
        zone = self.client.station.zone
        return {"since": register_filter.since(zone), "until": register_filter.until(zone),
                "viewer": register_filter.viewer or None}

    def _read(self, register_filter: RegisterFilter) -> list[RegisterEntry]:
        return self.client.viewing_register(**self._wanted(register_filter))

    def _save(self, document: Document, path: Path, force: bool) -> Path:
        """Write a register document the station made where the user chose, by the output rules."""
        return save_document(document, path, force=force, protect=self.protect)

    @property
    def loading(self) -> bool:
        """True while the register is being read in the background."""
        return self.reader.loading

    def refresh(self) -> None:
        """Read the register with the filter in force (on a worker; the table fills when it arrives)."""
        if not self.may_read:
            say(self.status, self.tr("Your roles do not allow reading the viewing register."), error=True)
            return
        register_filter = self.current_filter()
        self.count_label.setText(self.tr("Reading the viewing register…"))
        self.reader.start(lambda _cancel: self._read(register_filter))

    def _read_failed(self, error: BaseException) -> None:
        say(self.status, error_text(error), error=True)
        self._show([])

    def _show(self, entries: list[RegisterEntry]) -> None:
        self.entries = entries
        zone = self.client.station.zone
        open_text = self.tr("still open")
        rows = []
        for e in entries[: self.table.max_rows]:  # the table shows no more; do not format the rest
            viewer = e.viewer_name if e.viewer_name == e.viewer else f"{e.viewer_name} ({e.viewer})"
            snapshots = ", ".join(format_duration(s.offset_ms / 1000) for s in e.snapshots)
            rows.append((e, [
                viewer, e.badge_number, f"[{purpose_word(e.purpose)}] {e.reason}",
                e.approver_name if e.approver_name == e.approver else f"{e.approver_name} ({e.approver})",
                format_local(e.approved_at, zone), format_local(e.opened_at, zone),
                format_local(e.closed_at, zone) if e.closed_at else open_text,
                ", ".join(e.recordings), classification_cell(classification_level(e.classification)),
                _ranges_text(e.watched) or self.tr("not played"),
                f"{len(e.snapshots)}: {snapshots}" if e.snapshots else "",
            ]))
        self.table.set_rows(rows, total=len(entries))
        for row, entry in enumerate(entries[: self.table.rowCount()]):
            style_classification(self.table, row, CLASSIFICATION_COLUMN, classification_level(entry.classification))
        self.count_label.setText(self.tr("{count} viewing sessions.").format(count=len(entries)))

    # -- export ----------------------------------------------------------------------------------
    def _ask_path(self, title: str, suffix: str, pattern: str) -> tuple[Path, bool] | None:
        """The file chosen in the save dialog, and whether the user confirmed replacing it there (Qt asks when
        the chosen file exists). A name given without ``suffix`` gets it: that file was not confirmed."""
        day = to_local(self.client.now(), self.client.station.zone).strftime("%Y%m%d")
        stem = self.tr("viewing-register")
        default = str(Path.home() / f"{stem}-{day}{suffix}")
        chosen, _ = QFileDialog.getSaveFileName(self, title, default, pattern)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() == suffix:
            return path, True
        return path.with_name(path.name + suffix), False

    def _refused(self, path: Path, force: bool) -> bool:
        """True (and the reason shown) when ``path`` may not be written: inside a station home or vault, a
        hard-linked file, an existing file not confirmed — whatever the save dialog said."""
        try:
            check_output_path(path, force=force, protect=self.protect)
        except InvalidInputError as error:
            say(self.status, self.tr("The export failed: {message}").format(message=error_text(error)), error=True)
            return True
        return False

    def export_pdf(self, path: Path | None = None, *, force: bool = False) -> RunningOperation[Path] | None:
        """Write the filtered register as a signed PDF (asks where when ``path`` is None; a file the user
        confirmed replacing in the save dialog is replaced, as ``force`` does)."""
        if path is None:
            asked = self._ask_path(self.tr("Export the viewing register as PDF"), ".pdf", self.tr("PDF (*.pdf)"))
            if asked is None:
                return None
            path, force = asked
        if not self.may_read or self._refused(path, force):
            return None
        register_filter = self.current_filter()

        def work(progress: ProgressCallback, cancel: CancelToken) -> Path:
            wanted = self._wanted(register_filter)
            document = self.client.viewing_register_pdf(**wanted, period=register_filter.period())
            return self._save(document, path, force)

        return self._export(work, self.tr("Writing the viewing register PDF…"))

    def export_csv(self, path: Path | None = None, *, force: bool = False) -> RunningOperation[Path] | None:
        """Write the filtered register as CSV (asks where when ``path`` is None; a file the user confirmed
        replacing in the save dialog is replaced, as ``force`` does)."""
        if path is None:
            asked = self._ask_path(self.tr("Export the viewing register as CSV"), ".csv", self.tr("CSV (*.csv)"))
            if asked is None:
                return None
            path, force = asked
        if not self.may_read or self._refused(path, force):
            return None
        register_filter = self.current_filter()

        def work(progress: ProgressCallback, cancel: CancelToken) -> Path:
            return self._save(self.client.viewing_register_csv(**self._wanted(register_filter)), path, force)

        return self._export(work, self.tr("Writing the viewing register CSV…"))

    def _export(self, work: OperationFn[Path], label: str) -> RunningOperation[Path]:
        def done(path: Path) -> None:
            self.last_export = path
            say(self.status, self.tr("Saved {path}.").format(path=path))

        def failed(error: BaseException) -> None:
            say(self.status, self.tr("The export failed: {message}").format(message=error_text(error)), error=True)

        return run_operation(self, work, on_success=done, on_failure=failed, progress_label=label,
                             cancellable=False)


