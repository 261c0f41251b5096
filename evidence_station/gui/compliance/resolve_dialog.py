"""Closing a finding of another kind (damaged, empty, overlap, clock offset, duplicate, unassigned) with a
written note of what was done."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from evidence_station.api.compliance import ResolveResult
from evidence_station.api.findings import FindingView
from evidence_station.client.station_client import StationClient
from evidence_station.gui.compliance.form_dialog import FormDialog
from evidence_station.gui.i18n import finding_sentence
from evidence_station.gui.recording_model import FINDING_WORDS, word


class ResolveFindingDialog(FormDialog):
    """A resolution note for one finding; OK closes it."""

    def __init__(self, client: StationClient, finding: FindingView, parent: QWidget | None = None) -> None:
        super().__init__(client, parent)
        title = self.tr("Resolve finding {id} ({kind})").format(id=finding.id, kind=word(FINDING_WORDS, finding.kind))
        self.setWindowTitle(title)
        self.finding = finding
        summary = QLabel(finding_sentence(finding))
        summary.setWordWrap(True)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText(self.tr("What was done about it"))
        self.form.addRow(summary)
        self.form.addRow(self.tr("Resolution"), self.note_edit)

    def submit(self) -> ResolveResult:
        """Close the finding with the note."""
        return self.client.resolve_finding(finding_id=self.finding.id, resolution=self.note_edit.toPlainText())
