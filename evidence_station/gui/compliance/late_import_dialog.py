"""The reason of a late import (Art. 15); continuous, off-site or remote-area work is exempt when the
recordings came within 24 hours of the officer's return to the unit."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from evidence_station.api.compliance import ResolveResult
from evidence_station.api.findings import FindingView
from evidence_station.client.station_client import StationClient
from evidence_station.domain.compliance import EXEMPT_REASONS, LateImportReason
from evidence_station.gui.compliance.form_dialog import FormDialog
from evidence_station.gui.compliance.words import LATE_IMPORT_WORDS, choice_box
from evidence_station.gui.i18n import finding_sentence


class LateImportDialog(FormDialog):
    """Why the recordings of one ``late_import`` finding came late; OK closes the finding."""

    def __init__(self, client: StationClient, finding: FindingView, parent: QWidget | None = None) -> None:
        super().__init__(client, parent)
        self.setWindowTitle(self.tr("Late import {id}").format(id=finding.id))
        self.finding = finding
        summary = QLabel(finding_sentence(finding))
        summary.setWordWrap(True)
        self.reason_box = choice_box(LATE_IMPORT_WORDS)
        self.returned_edit = self.datetime_edit()
        self.hint = QLabel(self.tr("For an exemption the 24 hours run from the officer's return to the unit."))
        self.hint.setWordWrap(True)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText(self.tr("Note (required for 'Other reason')"))
        self.note_edit.setMaximumHeight(80)
        self.reason_box.currentIndexChanged.connect(self._reason_changed)
        self.form.addRow(summary)
        self.form.addRow(self.tr("Reason (Art. 15)"), self.reason_box)
        self.form.addRow(self.tr("Returned to the unit"), self.returned_edit)
        self.form.addRow(self.hint)
        self.form.addRow(self.tr("Note"), self.note_edit)
        self._reason_changed()

    def exempt_reason(self) -> bool:
        """True when the chosen reason may be exempt (needs the return time)."""
        return LateImportReason(self.reason_box.currentData()) in EXEMPT_REASONS

    def _reason_changed(self) -> None:
        self.returned_edit.setEnabled(self.exempt_reason())
        self.hint.setVisible(self.exempt_reason())

    def submit(self) -> ResolveResult:
        """Record the reason (closes the finding; an exemption that does not hold is refused)."""
        return self.client.record_late_import_reason(
            finding_id=self.finding.id, reason=str(self.reason_box.currentData()),
            returned_at=self.utc_of(self.returned_edit) if self.exempt_reason() else None,
            note=self.note_edit.toPlainText(),
        )
