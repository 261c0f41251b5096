"""Explaining a recording gap (Art. 11): the reason, whether the officer explained it by voice on resuming,
and where in which recording that explanation is (the ``interruption_explained`` bookmark at the restart is tied by
the station), whom it was reported to and when, and the officer's written statement (kept as derived evidence)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from evidence_station.api.compliance import ResolveResult
from evidence_station.api.findings import FindingView
from evidence_station.client.station_client import StationClient
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.gui.compliance.form_dialog import FormDialog
from evidence_station.gui.compliance.words import GAP_REASON_WORDS, choice_box
from evidence_station.gui.i18n import finding_sentence
from evidence_station.gui.recording_model import format_local


class GapExplanationDialog(FormDialog):
    """The Art. 11 explanation of one ``gap`` finding; OK closes the finding."""

    def __init__(self, client: StationClient, finding: FindingView, parent: QWidget | None = None) -> None:
        super().__init__(client, parent)
        self.setWindowTitle(self.tr("Explain gap {id}").format(id=finding.id))
        self.finding = finding
        summary = QLabel(finding_sentence(finding))
        summary.setWordWrap(True)
        self.reason_box = choice_box(GAP_REASON_WORDS)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText(self.tr("What happened (required for 'Other reason')"))
        self.text_edit.setMaximumHeight(80)
        self.spoken_check = QCheckBox(self.tr("The officer explained the interruption by voice when resuming"))
        self.recording_box = QComboBox()
        for recording_id in finding.recording_ids:
            self.recording_box.addItem(self._recording_label(recording_id), recording_id)
        if self.recording_box.count():
            self.recording_box.setCurrentIndex(self.recording_box.count() - 1)  # the resuming one, usually
        self.offset_spin = QDoubleSpinBox()
        self.offset_spin.setRange(0, 86_400)
        self.offset_spin.setDecimals(1)
        self.offset_spin.setSuffix(self.tr(" s"))
        self.spoken_check.toggled.connect(self._spoken_toggled)
        self._spoken_toggled(False)
        self.form.addRow(summary)
        self.form.addRow(self.tr("Reason (Art. 11)"), self.reason_box)
        self.form.addRow(self.tr("Explanation"), self.text_edit)
        self.form.addRow(self.spoken_check)
        self.form.addRow(self.tr("Spoken in recording"), self.recording_box)
        self.form.addRow(self.tr("At (from its start)"), self.offset_spin)
        self.reported_to_edit = QLineEdit()
        self.reported_to_edit.setPlaceholderText(self.tr("Whom the interruption was reported to"))
        self.reported_at_edit = self.datetime_edit()
        self.statement_path: Path | None = None
        self.statement_label = QLabel(self.tr("No written statement"))
        self.statement_button = QPushButton(self.tr("Choose written statement…"))
        self.statement_button.clicked.connect(lambda: self.choose_statement())
        statement_row = QHBoxLayout()
        statement_row.addWidget(self.statement_label, 1)
        statement_row.addWidget(self.statement_button)
        self.form.addRow(self.tr("Reported to"), self.reported_to_edit)
        self.form.addRow(self.tr("Reported at"), self.reported_at_edit)
        self.form.addRow(self.tr("Written statement"), statement_row)

    def choose_statement(self) -> Path | None:
        """Pick the officer's written statement (a scan, PDF or photo)."""
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Written statement"))
        if path:
            self.statement_path = Path(path)
            self.statement_label.setText(self.statement_path.name)
        return self.statement_path

    def _recording_label(self, recording_id: int) -> str:
        try:
            view = self.client.get_recording(recording_id)
        except EvidenceStationError:
            return f"#{recording_id}"
        return f"#{recording_id} {view.file_name} ({format_local(view.start, self.zone)})"

    def _spoken_toggled(self, on: bool) -> None:
        self.recording_box.setEnabled(on)
        self.offset_spin.setEnabled(on)

    def submit(self) -> ResolveResult:
        """Record the explanation (closes the finding when the officer explained it by voice; else it stays open as an
        Art. 11 breach for a director to decide)."""
        spoken = self.spoken_check.isChecked()
        reported_to = self.reported_to_edit.text().strip()
        statement = self.statement_path.read_bytes() if self.statement_path else None
        return self.client.explain_gap(
            finding_id=self.finding.id, reason=str(self.reason_box.currentData()),
            text=self.text_edit.toPlainText(), spoken_explanation=spoken,
            spoken_recording_id=self.recording_box.currentData() if spoken else None,
            spoken_offset_s=self.offset_spin.value() if spoken else None,
            reported_to=reported_to, reported_at=self.utc_of(self.reported_at_edit) if reported_to else None,
            statement_name=self.statement_path.name if self.statement_path else "", statement=statement,
        )
