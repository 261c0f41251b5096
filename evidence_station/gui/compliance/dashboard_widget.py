"""The Overview tab: open findings per kind as cards (a click shows them in the Findings tab), imports on time
per week, the day timeline of every device, devices not docked, activities missing recordings, days without
a pre-use check, and the signed monthly report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from evidence_station.api.compliance import Dashboard, ReportResult
from evidence_station.api.retention import RetentionSummary
from evidence_station.client.documents import desk_protected_folders, require_suffix, save_document
from evidence_station.client.station_client import StationClient
from evidence_station.domain.clock import to_local
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.findings import FindingKind
from evidence_station.domain.messages import Msg
from evidence_station.domain.progress import CancelToken, ProgressCallback
from evidence_station.gui.compliance.charts import DayTimelineWidget, WeeklyImportsChart
from evidence_station.gui.operations import RunningOperation, error_text, run_operation, show_error
from evidence_station.gui.recording_model import FINDING_WORDS, format_local, word
from evidence_station.safe_output import check_output_path

#: How many weeks of imports the chart shows, and after how many days without import a device is listed.
WEEKS = 8
UNDOCKED_DAYS = 7
#: How many days ahead the retention line counts recordings becoming due for disposal.
RETENTION_DAYS = 30
CARD_STYLE = ("QPushButton {{ border: 1px solid #c8c8c8; border-radius: 6px; padding: 8px; background: {bg};"
              " color: {fg}; font-size: 13px; }} QPushButton:hover {{ border-color: #3b7dd8; }}")


#: At most this many finding cards side by side; more go in further rows (the page must fit a 1366-pixel screen:
#: seven kinds' cards side by side needed 1312 px in English).
CARDS_IN_ONE_ROW = 5

class DashboardWidget(QWidget):
    """The compliance overview; :meth:`refresh` recomputes it on a worker thread."""

    #: A finding-kind card was clicked: show that kind's open findings.
    finding_kind_requested = Signal(str)
    #: The figures were (re)loaded.
    loaded = Signal(object)

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.zone = client.station.zone
        self.dashboard: Dashboard | None = None
        self.operation: RunningOperation[tuple[Dashboard, RetentionSummary]] | None = None
        self.retention: RetentionSummary | None = None
        self.report_operation: RunningOperation[tuple[ReportResult, Path]] | None = None
        self.last_report: ReportResult | None = None
        self.last_report_path: Path | None = None  # where the desk wrote it
        self._refresh_again = False
        self._build()

    # -- layout ------------------------------------------------------------------------------------------
    def _build(self) -> None:
        today = to_local(self.client.now(), self.zone).date()
        self.day_edit = QDateEdit(QDate(today.year, today.month, today.day))
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.day_edit.dateChanged.connect(lambda _d: self.refresh())
        refresh_button = QPushButton(self.tr("Refresh"))
        refresh_button.clicked.connect(self.refresh)
        self.month_box = QComboBox()
        first = today.replace(day=1)
        for back in range(12):
            year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
            self.month_box.addItem(f"{year:04d}-{month + 1:02d}")
        self.report_button = QPushButton(self.tr("Monthly report…"))
        self.report_button.setToolTip(self.tr("Write the month's signed compliance report (PDF)."))
        self.report_button.clicked.connect(self.choose_report_file)
        self.status_label = QLabel()
        self.retention_label = QLabel()
        self.retention_label.setObjectName("retentionLine")
        controls = QHBoxLayout()
        for widget in (QLabel(self.tr("Timeline day")), self.day_edit, refresh_button, self.status_label):
            controls.addWidget(widget)
        controls.addStretch(1)
        for widget in (QLabel(self.tr("Month")), self.month_box, self.report_button):
            controls.addWidget(widget)

        cards_box = QGroupBox(self.tr("Open findings"))
        cards = QGridLayout(cards_box)
        self.cards: dict[str, QPushButton] = {}
        rows = -(-len(FindingKind) // CARDS_IN_ONE_ROW)
        per_row = -(-len(FindingKind) // rows)  # as even as the rows can be
        for index, kind in enumerate(FindingKind):
            card = QPushButton()
            card.setObjectName(f"card_{kind.value}")
            card.setMinimumHeight(62)
            card.setToolTip(self.tr("Show these findings"))
            card.clicked.connect(lambda _c=False, k=kind.value: self.finding_kind_requested.emit(k))
            cards.addWidget(card, index // per_row, index % per_row)  # more rows when one would not fit 1366 px
            self.cards[kind.value] = card
        self._set_counts({})

        self.imports_chart = WeeklyImportsChart()
        self.timeline = DayTimelineWidget(self.zone)
        timeline_scroll = QScrollArea()
        timeline_scroll.setWidgetResizable(True)
        timeline_scroll.setWidget(self.timeline)
        timeline_box = QGroupBox(self.tr("Recordings and gaps per device (camera time; pale: corrected time)"))
        QVBoxLayout(timeline_box).addWidget(timeline_scroll)
        self.undocked_list = QListWidget()
        self.missing_list = QListWidget()
        self.unchecked_list = QListWidget()
        lists = QHBoxLayout()
        for title, widget in (
            (self.tr("Devices not docked for {days} days").format(days=UNDOCKED_DAYS), self.undocked_list),
            (self.tr("Activities missing recordings (Art. 4)"), self.missing_list),
            (self.tr("Recording days without a pre-use check (Art. 7)"), self.unchecked_list),
        ):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(widget)
            widget.setMinimumHeight(90)
            lists.addWidget(box)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(timeline_box, 3)
        right_layout.addLayout(lists, 2)
        charts = QSplitter()
        charts.addWidget(self.imports_chart)
        charts.addWidget(right)
        charts.setSizes([380, 820])

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(cards_box)
        layout.addWidget(self.retention_label)
        layout.addWidget(charts, 1)

    # -- loading -----------------------------------------------------------------------------------------
    def selected_day(self) -> date:
        """The day whose timeline is shown."""
        return self.day_edit.date().toPython()

    def refresh(self) -> RunningOperation[tuple[Dashboard, RetentionSummary]] | None:
        """Recompute the dashboard in the background (once more afterwards if asked while running)."""
        if self.operation is not None and not self.operation.done:
            self._refresh_again = True
            return self.operation
        client, day = self.client, self.selected_day()

        def work(_progress: ProgressCallback, _cancel: CancelToken) -> tuple[Dashboard, RetentionSummary]:
            return (client.build_dashboard(day=day, weeks=WEEKS, undocked_days=UNDOCKED_DAYS),
                    client.retention_summary(within_days=RETENTION_DAYS))

        self.status_label.setText(self.tr("Loading…"))
        self.operation = run_operation(self, work, on_success=lambda pair: self.show_dashboard(*pair),
                                       on_failure=self._failed,
                                       progress_label=self.tr("Computing the compliance overview…"),
                                       cancellable=False)
        return self.operation

    def _failed(self, error: BaseException) -> None:
        self.status_label.setText(error_text(error))
        self.status_label.setStyleSheet("color: #c00000;")
        self._again()

    def _again(self) -> None:
        if self._refresh_again:
            self._refresh_again = False
            self.refresh()

    def show_dashboard(self, dashboard: Dashboard, retention: RetentionSummary | None = None) -> None:
        """Fill every part of the overview from ``dashboard`` (and the retention line from ``retention``)."""
        self.dashboard = dashboard
        self.retention = retention
        self.retention_label.setText("" if retention is None else self.tr(
            "{count} recording(s) become due for disposal in the next {days} days ({now} due now, {pending} "
            "proposal(s) pending) — see the Retention tab.").format(
            count=retention.due_soon, days=retention.within_days, now=retention.due_now,
            pending=retention.pending_proposals))
        self.status_label.setStyleSheet("")
        self.status_label.setText(self.tr("As of {time}").format(time=format_local(dashboard.generated_at,
                                                                                  self.zone)))
        self._set_counts(dashboard.open_findings)
        self.imports_chart.set_weeks(dashboard.weekly_imports)
        self.timeline.set_timelines(dashboard.timelines)
        self.undocked_list.clear()
        for device in dashboard.undocked_devices:
            if device.last_import_at is None:
                text = self.tr("{device} ({holder}): never imported")
            else:
                text = self.tr("{device} ({holder}): last import {time}, {days} days ago")
            self.undocked_list.addItem(text.format(
                device=device.device, holder=device.issued_to or "—", days=device.days,
                time=format_local(device.last_import_at, self.zone)))
        self.missing_list.clear()
        for activity in dashboard.activities_missing_recordings:
            self.missing_list.addItem(self.tr("#{id} {place}, {start}").format(
                id=activity.id, place=activity.title or activity.place,
                start=format_local(activity.start, self.zone)[:16]))
        self.unchecked_list.clear()
        for day in dashboard.unchecked_days:
            self.unchecked_list.addItem(self.tr("{device} on {day}: {count} recording(s)").format(
                device=day.device, day=day.day.isoformat(), count=day.recordings))
        for widget in (self.undocked_list, self.missing_list, self.unchecked_list):
            if widget.count() == 0:
                widget.addItem(self.tr("None"))
        self.loaded.emit(dashboard)
        self._again()

    def _set_counts(self, counts: dict[str, int]) -> None:
        for kind, card in self.cards.items():
            count = counts.get(kind, 0)
            card.setText(f"{count}\n{word(FINDING_WORDS, kind)}")
            bg, fg = ("#fdecea", "#a01c1c") if count else ("#eef6ee", "#2b5a2b")
            card.setStyleSheet(CARD_STYLE.format(bg=bg, fg=fg))

    def card_count(self, kind: str) -> int:
        """The number a finding-kind card shows."""
        return int(self.cards[kind].text().split("\n", 1)[0])

    # -- monthly report ----------------------------------------------------------------------------------
    def choose_report_file(self) -> None:
        """Ask where to save the selected month's report, then write it."""
        month = self.month_box.currentText()
        suggested = str(Path.home() / f"compliance-report-{month}.pdf")
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Save the monthly report"), suggested,
                                                    self.tr("PDF files (*.pdf)"))
        if path:  # Qt asked before naming an existing file: the user's "replace" counts as --force
            self.write_report(month, Path(path), force=True)

    def write_report(
        self, month: str, path: Path, *, force: bool = False
    ) -> RunningOperation[tuple[ReportResult, Path]] | None:
        """Have the station make and sign the report of ``month`` on a worker, write it to ``path``; offer to open
        it. A path inside a station home or vault, or a hard-linked file, is refused (shown like any failure), even
        ``force``d."""
        client, protect = self.client, desk_protected_folders(self.client.transport)
        try:
            require_suffix(path, ".pdf", Msg("report file"))
            check_output_path(path, force=force, protect=protect)
        except InvalidInputError as error:
            show_error(self, error)
            return None

        def work(_progress: ProgressCallback, _cancel: CancelToken) -> tuple[ReportResult, Path]:
            result = client.monthly_report(month=month)
            save_document(result.document, path, force=force, protect=protect, make_parents=False)
            return result, path

        self.report_button.setEnabled(False)
        self.report_operation = run_operation(
            self, work, on_success=self._report_written, on_failure=self._report_failed,
            progress_label=self.tr("Writing the signed monthly report…"), cancellable=False)
        return self.report_operation

    def _report_failed(self, error: BaseException) -> None:
        self.report_button.setEnabled(True)
        show_error(self, error)

    def _report_written(self, done: tuple[ReportResult, Path]) -> None:
        result, path = done
        self.report_button.setEnabled(True)
        self.last_report, self.last_report_path = result, path
        text = self.tr("The signed report was written to {path}.\nSHA-256: {sha256}\n\nOpen it now?")
        answer = QMessageBox.question(self, self.tr("Monthly report"), text.format(path=path, sha256=result.sha256))
        if answer == QMessageBox.StandardButton.Yes:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
