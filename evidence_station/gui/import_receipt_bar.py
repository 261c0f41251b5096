"""The import receipt (导入回执) at the end of an import: preview it, print it, save it and open it.

The station makes and signs the receipt (``services/import_receipt.py``) and keeps it; this bar fetches it on a
worker once (the first action that needs it) and keeps the bytes in a private temporary file for the preview
(Qt's own PDF module, :mod:`evidence_station.gui.pdf_preview`) and the printer. Saving writes the signed file
unchanged where the custodian chooses, by the output rules (never inside a station home or vault; see
:func:`~evidence_station.client.documents.save_document`), then opens it in the desktop's PDF viewer.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidence_station.api.documents import Document
from evidence_station.client.documents import desk_protected_folders, require_suffix, save_document
from evidence_station.client.station_client import StationClient
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg
from evidence_station.domain.progress import CancelToken, ProgressCallback
from evidence_station.gui.operations import RunningOperation, error_text, run_operation
from evidence_station.gui.pdf_preview import PdfPreview, PdfRenderError, print_with_dialog
from evidence_station.safe_output import check_output_path

OK_STYLE = "color: #1b7a1b;"
PROBLEM_STYLE = "color: #a00000;"


class ReceiptPreviewDialog(QDialog):
    """The receipt's pages inside the program, with Print… (non-modal: the Import page stays usable)."""

    def __init__(self, pdf: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.preview = PdfPreview(offer_open=False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
        self.resize(860, 640)
        self.preview.set_pdf(pdf)


class ImportReceiptBar(QWidget):
    """"Import receipt #N" with Preview, Print… and Save and open…, for the import last run on this page."""

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importReceiptBar")
        self._client = client
        self.protect = desk_protected_folders(client.transport)
        self.import_id: int | None = None
        self.document: Document | None = None
        self.saved: Path | None = None
        self.fetch_operation: RunningOperation[Document] | None = None
        self.preview_dialog: ReceiptPreviewDialog | None = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self.title_label = QLabel()
        self.title_label.setStyleSheet("font-weight: bold;")
        self.preview_button = QPushButton(self.tr("Preview"))
        self.preview_button.setObjectName("receiptPreviewButton")
        self.preview_button.clicked.connect(lambda: self.preview())
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setObjectName("receiptPrintButton")
        self.print_button.clicked.connect(lambda: self.print_receipt())
        self.save_button = QPushButton(self.tr("Save and open…"))
        self.save_button.setObjectName("receiptSaveButton")
        self.save_button.clicked.connect(lambda: self.save_and_open())
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        for button in (self.preview_button, self.print_button, self.save_button):
            layout.addWidget(button)
        layout.addWidget(self.status_label, 1)
        self.set_import(None)

    # -- which import ------------------------------------------------------------------------------
    def set_import(self, import_id: int | None, *, handover: bool = False) -> None:
        """Offer the receipt of import ``import_id`` (None: hide the bar); ``handover``: a hand-over was recorded
        with it, so the receipt is the two-party hand-over record (交接记录)."""
        self.import_id = import_id
        self.document = None
        self.saved = None
        self._folder = None  # the previous receipt's temporary copy goes
        self._say("", OK_STYLE)
        if import_id is not None and handover:
            self.title_label.setText(self.tr("Hand-over record #{number}:").format(number=import_id))
            self.setToolTip(self.tr("The hand-over record is signed by the station; print it, and the officer and "
                                    "the custodian sign it by hand."))
        elif import_id is not None:
            self.title_label.setText(self.tr("Import receipt #{number}:").format(number=import_id))
            self.setToolTip(self.tr("The receipt is signed by the station; print it and sign it by hand."))
        self._busy(False)
        self.setVisible(import_id is not None)

    def _busy(self, busy: bool) -> None:
        for button in (self.preview_button, self.print_button, self.save_button):
            button.setEnabled(self.import_id is not None and not busy)

    def _say(self, text: str, style: str) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(style)

    @property
    def local_copy(self) -> Path | None:
        """The fetched receipt's private temporary copy (None until fetched)."""
        if self._folder is None or self.document is None:
            return None
        return Path(self._folder.name) / self.document.file_name

    # -- fetching ----------------------------------------------------------------------------------
    def fetch(self, then: Callable[[Document], None] | None = None) -> RunningOperation[Document] | None:
        """Have the station hand over the signed receipt (on a worker; made and signed the first time), then call
        ``then(document)``. Fetched once per import; None when it is here already (``then`` runs at once)."""
        if self.import_id is None:
            return None
        if self.document is not None:
            if then is not None:
                then(self.document)
            return None
        client, import_id = self._client, self.import_id

        def work(_progress: ProgressCallback, _cancel: CancelToken) -> Document:
            return client.import_receipt(import_id)

        def arrived(document: Document) -> None:
            self._busy(False)
            if import_id != self.import_id:
                return  # another import began meanwhile
            self.document = document
            self._folder = tempfile.TemporaryDirectory(prefix="es-receipt-")
            assert self.local_copy is not None
            self.local_copy.write_bytes(document.content)
            if then is not None:
                then(document)

        def failed(error: BaseException) -> None:
            self._busy(False)
            self._say(self.tr("The receipt could not be fetched: {message}").format(message=error_text(error)),
                      PROBLEM_STYLE)

        self._busy(True)
        self._say(self.tr("Fetching the signed receipt…"), OK_STYLE)
        self.fetch_operation = run_operation(self, work, on_success=arrived, on_failure=failed,
                                             progress_label=self.tr("Fetching the signed receipt…"),
                                             cancellable=False)
        return self.fetch_operation

    # -- actions -----------------------------------------------------------------------------------
    def preview(self) -> RunningOperation[Document] | None:
        """Show the receipt's pages in a window of the program."""
        def show(_document: Document) -> None:
            self._say("", OK_STYLE)
            pdf = self.local_copy
            assert pdf is not None
            if self.preview_dialog is not None:
                self.preview_dialog.close()
            self.preview_dialog = ReceiptPreviewDialog(
                pdf, self.tr("Import receipt #{number}").format(number=self.import_id), self)
            self.preview_dialog.show()

        return self.fetch(show)

    def print_receipt(self) -> RunningOperation[Document] | None:
        """Ask for a printer and print the receipt (to be signed by hand)."""
        def send(_document: Document) -> None:
            pdf = self.local_copy
            assert pdf is not None
            try:
                printed = print_with_dialog(pdf, self, self.tr("Print import receipt #{number}").format(
                    number=self.import_id))
            except PdfRenderError as exc:
                self._say(self.tr("Printing failed: {error}").format(error=str(exc)), PROBLEM_STYLE)
                return
            self._say(self.tr("The receipt was sent to the printer.") if printed else "", OK_STYLE)

        return self.fetch(send)

    def save_and_open(self, path: Path | None = None) -> RunningOperation[Document] | None:
        """Ask where to save the signed receipt (``path``: there, without asking), write it there unchanged and
        open it in the desktop's PDF viewer. A place the output rules forbid (inside a station home or vault, a
        hard-linked file) is refused with a message."""
        if self.import_id is None:
            return None
        if path is None:
            suggested = Path.home() / self.tr("import-receipt-{number}.pdf").format(number=f"{self.import_id:06d}")
            chosen, _filter = QFileDialog.getSaveFileName(self, self.tr("Save the import receipt"), str(suggested),
                                                          self.tr("PDF files (*.pdf)"))
            if not chosen:
                return None
            path = Path(chosen)
        # Qt asked before naming an existing file: the person's "replace" counts as --force
        try:
            require_suffix(path, ".pdf", Msg("receipt file"))
            check_output_path(path, force=True, protect=self.protect)
        except InvalidInputError as error:
            self._say(self.tr("The receipt was not saved: {message}").format(message=error_text(error)),
                      PROBLEM_STYLE)
            return None

        def write(document: Document) -> None:
            try:
                written = save_document(document, path, force=True, protect=self.protect, make_parents=False)
            except (InvalidInputError, OSError) as error:
                self._say(self.tr("The receipt was not saved: {message}").format(message=error_text(error)),
                          PROBLEM_STYLE)
                return
            self.saved = written
            self._say(self.tr("Saved {path}.").format(path=written), OK_STYLE)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(written)))

        return self.fetch(write)
