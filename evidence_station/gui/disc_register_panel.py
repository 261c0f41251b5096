"""The disc register of one case (Art. 17 附卷, Art. 20 涉密载体), in the Cases page.

Every disc of the case's exports (``list_discs(case_id=…)``): 第 n 张 of its export, volume id, image SHA-256,
copies, 密级 and 保密期限, where each copy is, whether a clerk confirmed the entry. A clerk confirms an export's
entries with the copies burned and who holds each one (``register_discs``), records where a copy went (into the case
file, to a court, to another agency: ``record_disc_transfer``), and prints or saves the label text for the disc
face (``disc_labels``, ``disc_label_sheet``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from evidence_station.api.discs import DESTINATION_KINDS, DiscCopyView, DiscRecordView
from evidence_station.client.documents import desk_protected_folders, save_document
from evidence_station.client.station_client import StationClient
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.domain.progress import CancelToken
from evidence_station.domain.roles import Operation, allowed
from evidence_station.gui.background_read import LatestRead
from evidence_station.gui.object_table import ObjectTable
from evidence_station.gui.operations import error_text
from evidence_station.gui.pdf_preview import PdfRenderError, print_with_dialog
from evidence_station.gui.widgets import StatusLine

_CONTEXT = "DiscRegisterPanel"
#: Column name → English header (translated in context ``DiscRegisterPanel``).
COLUMNS: dict[str, str] = {
    "disc": QT_TRANSLATE_NOOP("DiscRegisterPanel", "Disc"), "export": QT_TRANSLATE_NOOP("DiscRegisterPanel", "Export"),
    "volume_id": QT_TRANSLATE_NOOP("DiscRegisterPanel", "Volume id"),
    "copies": QT_TRANSLATE_NOOP("DiscRegisterPanel", "Copies"),
    "classification": QT_TRANSLATE_NOOP("DiscRegisterPanel", "Classification"),
    "secrecy_period": QT_TRANSLATE_NOOP("DiscRegisterPanel", "Secrecy period"),
    "where": QT_TRANSLATE_NOOP("DiscRegisterPanel", "Where the copies are"),
    "confirmed": QT_TRANSLATE_NOOP("DiscRegisterPanel", "Confirmed"),
    "sha256": QT_TRANSLATE_NOOP("DiscRegisterPanel", "Image SHA-256"),
}
DESTINATION_WORDS = {
    "case_file": QT_TRANSLATE_NOOP("DiscRegisterPanel", "Case file (附卷)"),
    "court": QT_TRANSLATE_NOOP("DiscRegisterPanel", "Court"),
    "agency": QT_TRANSLATE_NOOP("DiscRegisterPanel", "Other agency"),
    "other": QT_TRANSLATE_NOOP("DiscRegisterPanel", "Other"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def copy_location(copy: DiscCopyView) -> str:
    """Where copy ``copy`` is: its last move, or with its holder (or not yet moved)."""
    translate = QCoreApplication.translate
    if copy.transfers:
        last = copy.transfers[-1]
        return translate("DiscRegisterPanel", "copy {number}: {kind} {destination} ({receiver})").format(
            number=copy.number, kind=_tr(DESTINATION_WORDS.get(last.destination_kind, last.destination_kind)),
            destination=last.destination, receiver=last.received_by)
    if copy.holder_name or copy.holder:
        return translate("DiscRegisterPanel", "copy {number}: held by {holder}").format(
            number=copy.number, holder=copy.holder_name or copy.holder)
    return translate("DiscRegisterPanel", "copy {number}: not yet moved").format(number=copy.number)


class RegisterDiscsDialog(QDialog):
    """How many copies of the export's discs were burned, who holds each (classified discs), the 保密期限."""

    def __init__(self, disc: DiscRecordView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Confirm the discs of export #{id}").format(id=disc.export_id))
        self.copies = QSpinBox()
        self.copies.setRange(1, 50)
        self.copies.setValue(max(1, disc.copies))
        self.holders = QLineEdit()
        self.holders.setPlaceholderText(self.tr("user names, one per copy, separated by commas"))
        self.secrecy_period = QLineEdit(disc.secrecy_period)
        self.secrecy_period.setPlaceholderText(self.tr("e.g. 10年 or 至2036-12-31"))
        form = QFormLayout(self)
        intro = QLabel(self.tr("Record how many copies of each disc of this export were burned and who holds "
                               "each copy (the register and the disc labels follow it)."))
        intro.setWordWrap(True)
        form.addRow(intro)
        form.addRow(self.tr("Copies burned:"), self.copies)
        form.addRow(self.tr("Holders:"), self.holders)
        self.setMinimumWidth(max(460, self.holders.fontMetrics().horizontalAdvance(self.holders.placeholderText())
                                 + 220))  # the placeholder reads whole beside its label
        if disc.classified:
            form.addRow(self.tr("Secrecy period:"), self.secrecy_period)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def holder_names(self) -> list[str]:
        """The holders typed, in copy order."""
        return [name.strip() for name in self.holders.text().replace("，", ",").split(",") if name.strip()]


class TransferDialog(QDialog):
    """Where one copy went and who received it."""

    def __init__(self, disc: DiscRecordView, case_number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record where a copy of disc {index}/{count} went").format(
            index=disc.disc_index, count=disc.disc_count))
        self.copy_number = QSpinBox()
        self.copy_number.setRange(1, max(1, disc.copies))
        self.kind = QComboBox()
        for kind in DESTINATION_KINDS:
            self.kind.addItem(_tr(DESTINATION_WORDS[kind]), kind)
        self.destination = QLineEdit(case_number)
        self.received_by = QLineEdit()
        self.note = QLineEdit()
        form = QFormLayout(self)
        form.addRow(self.tr("Copy:"), self.copy_number)
        form.addRow(self.tr("Went to:"), self.kind)
        form.addRow(self.tr("Case file number, court or agency:"), self.destination)
        form.addRow(self.tr("Received by:"), self.received_by)
        form.addRow(self.tr("Note:"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class DiscRegisterPanel(QWidget):
    """The discs of the case shown, with Confirm copies…, Record transfer…, and the label (print, save)."""

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("discRegisterPanel")
        self.client = client
        self.may_register = allowed(client.actor.roles, Operation.EXPORT_EVIDENCE)
        self.protect = desk_protected_folders(client.transport)
        self.case_id: int | None = None
        self.case_number = ""
        self.discs: list[DiscRecordView] = []
        self.reader: LatestRead[list[DiscRecordView]] = LatestRead(
            self, self.show_discs, lambda error: self.say(self.tr("The disc register could not be read: {message}")
                                                          .format(message=error_text(error)), problem=True))
        self.table = ObjectTable([_tr(header) for header in COLUMNS.values()], names=list(COLUMNS), max_rows=None,
                                 stretch="where", widths={"sha256": 140}, key=lambda disc: disc.disc_id,
                                 word_wrap=True)
        self.table.setObjectName("discRegisterTable")
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.register_button = QPushButton(self.tr("Confirm copies and holders…"))
        self.register_button.clicked.connect(lambda: self.register_with_dialog())
        self.transfer_button = QPushButton(self.tr("Record transfer…"))
        self.transfer_button.clicked.connect(lambda: self.transfer_with_dialog())
        self.print_button = QPushButton(self.tr("Print label…"))
        self.print_button.clicked.connect(lambda: self.print_label())
        self.save_button = QPushButton(self.tr("Save label…"))
        self.save_button.clicked.connect(lambda: self.save_label())
        self.label_text = QPlainTextEdit()
        self.label_text.setObjectName("discLabelText")
        self.label_text.setReadOnly(True)
        self.label_text.setMaximumHeight(90)
        self.message = StatusLine()
        buttons = QHBoxLayout()
        for button in (self.register_button, self.transfer_button, self.print_button, self.save_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.label_text)
        self._update_buttons()

    # -- reading -----------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        """True while the register is being read."""
        return self.reader.loading

    def set_case(self, case_id: int | None, case_number: str = "") -> None:
        """Show the discs of case ``case_id`` (None: nothing), read on a worker."""
        self.case_id, self.case_number = case_id, case_number
        if case_id is None:
            self.show_discs([])
            return
        client = self.client

        def read(_cancel: CancelToken) -> list[DiscRecordView]:
            return client.list_discs(case_id=case_id)

        self.reader.start(read)

    def reload(self) -> None:
        """Read the register of the case shown again."""
        self.set_case(self.case_id, self.case_number)

    def show_discs(self, discs: list[DiscRecordView]) -> None:
        """Fill the table with ``discs`` (keeping the selected disc)."""
        self.discs = list(discs)
        rows = []
        for disc in self.discs:
            where = "；".join(copy_location(c) for c in disc.copy_records)
            confirmed = (self.tr("by {user}").format(user=disc.confirmed_by) if disc.confirmed_by
                         else self.tr("waiting") if disc.entered_by_export else self.tr("yes"))
            texts = (self.tr("{index} of {count}").format(index=disc.disc_index, count=disc.disc_count),
                     f"#{disc.export_id}", disc.volume_id, str(disc.copies), disc.classification_zh,
                     disc.secrecy_period or ("—" if not disc.classified else self.tr("not given")), where, confirmed,
                     disc.image_sha256)
            rows.append((disc, list(texts)))
        self.table.blockSignals(True)
        self.table.set_rows(rows)  # the selected disc stays selected
        for row, (_disc, texts) in enumerate(rows):
            for column, text in enumerate(texts):
                self.table.style_cell(row, column, tooltip=text)
        self.table.blockSignals(False)
        self._selection_changed()

    # -- selection ---------------------------------------------------------------------------------
    def selected_disc(self) -> DiscRecordView | None:
        """The disc selected in the table."""
        disc: DiscRecordView | None = self.table.current_object()
        return disc

    def select_disc(self, disc_id: int) -> None:
        """Select disc ``disc_id``."""
        if not self.table.select_object(lambda disc: disc.disc_id == disc_id):
            raise ValueError(f"disc {disc_id} is not listed")

    def _selection_changed(self) -> None:
        self.label_text.setPlainText("\n".join(self.label_lines()))
        self._update_buttons()

    def _update_buttons(self) -> None:
        disc = self.selected_disc()
        tip = "" if self.may_register else self.tr("Only a clerk (文书) keeps the disc register.")
        for button in (self.register_button, self.transfer_button, self.print_button, self.save_button):
            button.setEnabled(self.may_register and disc is not None)
            button.setToolTip(tip)

    def say(self, text: str, *, problem: bool = False) -> None:
        """A line above the table (red for a problem)."""
        self.message.show_text(text, "color: #a00000;" if problem else "color: #1b7a1b;")

    # -- actions -----------------------------------------------------------------------------------
    def register(self, disc: DiscRecordView, *, copies: int, holders: list[str],
                 secrecy_period: str = "") -> list[DiscRecordView]:
        """Confirm the entries of ``disc``'s export: copies burned, holders, 保密期限; the confirmed discs."""
        try:
            entries = self.client.register_discs(disc.export_id, copies=copies, holders=holders or None,
                                                 secrecy_period=secrecy_period)
        except EvidenceStationError as exc:
            self.say(self.tr("The discs were not registered: {message}").format(message=error_text(exc)),
                     problem=True)
            return []
        self.say(self.tr("The {count} disc(s) of export #{id} are registered with {copies} copies each.").format(
            count=len(entries), id=disc.export_id, copies=copies))
        self.reload()
        return entries

    def register_with_dialog(self) -> list[DiscRecordView]:
        """Ask for copies, holders and 保密期限, then confirm the selected disc's export."""
        disc = self.selected_disc()
        if disc is None:
            return []
        dialog = RegisterDiscsDialog(disc, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return []
        return self.register(disc, copies=dialog.copies.value(), holders=dialog.holder_names(),
                             secrecy_period=dialog.secrecy_period.text().strip())

    def record_transfer(self, disc: DiscRecordView, copy_number: int, *, destination_kind: str, destination: str,
                        received_by: str, note: str = "") -> DiscCopyView | None:
        """Record where copy ``copy_number`` of ``disc`` went and who received it."""
        try:
            copy = self.client.record_disc_transfer(disc.disc_id, copy_number, destination_kind=destination_kind,
                                                    destination=destination, received_by=received_by, note=note)
        except EvidenceStationError as exc:
            self.say(self.tr("The transfer was not recorded: {message}").format(message=error_text(exc)),
                     problem=True)
            return None
        self.say(self.tr("Recorded: {where}.").format(where=copy_location(copy)))
        self.reload()
        return copy

    def transfer_with_dialog(self) -> DiscCopyView | None:
        """Ask where a copy of the selected disc went, then record it."""
        disc = self.selected_disc()
        if disc is None:
            return None
        dialog = TransferDialog(disc, self.case_number, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.record_transfer(disc, dialog.copy_number.value(), destination_kind=dialog.kind.currentData(),
                                    destination=dialog.destination.text().strip(),
                                    received_by=dialog.received_by.text().strip(), note=dialog.note.text().strip())

    # -- the label ---------------------------------------------------------------------------------
    def label_lines(self) -> list[str]:
        """The label text of every copy of the selected disc (a copy's labels apart by an empty line)."""
        disc = self.selected_disc()
        if disc is None or not self.may_register:  # labels are the clerk's
            return []
        try:
            labels = self.client.disc_labels(disc.disc_id)
        except EvidenceStationError as exc:
            return [self.tr("No label yet: {message}").format(message=error_text(exc))]
        lines: list[str] = []
        for label in labels:
            if lines:
                lines.append("")
            lines.extend(label.lines)
        return lines

    def save_label(self, path: Path | None = None) -> Path | None:
        """Save the printable label sheet (PDF) of the selected disc where the clerk chooses."""
        disc = self.selected_disc()
        if disc is None:
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save the disc label"), f"disc-{disc.disc_id}-label.pdf", self.tr("PDF (*.pdf)"))
            if not chosen:
                return None
            path = Path(chosen)
        try:
            written = save_document(self.client.disc_label_sheet(disc.disc_id), path, force=True,
                                    protect=self.protect)
        except EvidenceStationError as exc:
            self.say(self.tr("The label was not saved: {message}").format(message=error_text(exc)), problem=True)
            return None
        self.say(self.tr("Label saved to {path}.").format(path=written))
        return written

    def print_label(self) -> bool:
        """Print the label sheet of the selected disc (asks for a printer)."""
        disc = self.selected_disc()
        if disc is None:
            return False
        try:
            document = self.client.disc_label_sheet(disc.disc_id)
        except EvidenceStationError as exc:
            self.say(self.tr("The label cannot be printed: {message}").format(message=error_text(exc)), problem=True)
            return False
        with tempfile.TemporaryDirectory(prefix="disc-label-") as folder:
            pdf = Path(folder) / document.file_name
            pdf.write_bytes(document.content)
            try:
                sent = print_with_dialog(pdf, self, self.tr("Print the disc label"))
            except PdfRenderError as exc:
                self.say(self.tr("Printing failed: {message}").format(message=str(exc)), problem=True)
                return False
        if sent:
            self.say(self.tr("The label was sent to the printer."))
        return sent
