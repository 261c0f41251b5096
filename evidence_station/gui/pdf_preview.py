"""Preview and print a PDF (the signed PROVENANCE.pdf of an evidence disc) inside the program.

Pages are rendered to images with Qt's own PDF module (``PySide6.QtPdf``) when the installed PySide6 has
it, otherwise with poppler's ``pdftoppm`` (a station dependency, Debian ``poppler-utils``). When neither
is there, the widget says so and offers to open the file in the desktop's PDF viewer. Printing paints
the pages, rendered at the printer's resolution, through :class:`QPrinter` — the signed file itself is
never changed.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import tempfile
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

#: Resolution of the on-screen preview.
PREVIEW_DPI = 96
#: Highest resolution pages are rendered at for a printer.
MAX_PRINT_DPI = 300
_POINTS_PER_INCH = 72


class PdfRenderError(RuntimeError):
    """The PDF could not be turned into page images (no renderer, or a broken file)."""


def has_qtpdf() -> bool:
    """True when this PySide6 ships the QtPdf module."""
    return importlib.util.find_spec("PySide6.QtPdf") is not None


def can_render() -> bool:
    """True when pages can be rendered here (QtPdf or pdftoppm)."""
    return has_qtpdf() or shutil.which("pdftoppm") is not None


def render_pages(pdf: Path, dpi: int = PREVIEW_DPI) -> list[QImage]:
    """Every page of ``pdf`` as an image at ``dpi``; :class:`PdfRenderError` when it cannot be done.

    Safe to call on a worker thread (QImage, not QPixmap).
    """
    if has_qtpdf():
        return _render_with_qtpdf(pdf, dpi)
    if shutil.which("pdftoppm") is not None:
        return _render_with_pdftoppm(pdf, dpi)
    raise PdfRenderError("Neither Qt PDF nor pdftoppm (poppler-utils) is installed; open the PDF in a viewer.")


def _render_with_qtpdf(pdf: Path, dpi: int) -> list[QImage]:
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    if document.load(str(pdf)) != QPdfDocument.Error.None_:
        raise PdfRenderError(f"{pdf} could not be read as a PDF.")
    images = []
    for page in range(document.pageCount()):
        points = document.pagePointSize(page)
        size = QSize(round(points.width() * dpi / _POINTS_PER_INCH), round(points.height() * dpi / _POINTS_PER_INCH))
        images.append(document.render(page, size))
    document.close()
    return images


def _render_with_pdftoppm(pdf: Path, dpi: int) -> list[QImage]:
    with tempfile.TemporaryDirectory(prefix="es-pdf-") as tmp:
        done = subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(Path(tmp) / "page")],
            capture_output=True, text=True, timeout=120,
        )
        pngs = sorted(Path(tmp).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        if done.returncode != 0 or not pngs:
            raise PdfRenderError(f"{pdf} could not be rendered: {(done.stderr or done.stdout).strip()}")
        images = [QImage(str(png)) for png in pngs]
    if any(image.isNull() for image in images):
        raise PdfRenderError(f"The pages of {pdf} could not be loaded.")
    return images


def print_pdf(pdf: Path, printer: QPrinter) -> int:
    """Print every page of ``pdf`` on ``printer``, each scaled to fit the page; the number of pages."""
    dpi = max(PREVIEW_DPI, min(printer.resolution(), MAX_PRINT_DPI))
    images = render_pages(pdf, dpi)
    painter = QPainter()
    if not painter.begin(printer):
        raise PdfRenderError("The printer could not be started.")
    try:
        for number, image in enumerate(images):
            if number:
                printer.newPage()
            area = painter.viewport()
            scaled = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(area.x(), area.y(), image.scaled(scaled, Qt.AspectRatioMode.KeepAspectRatio,
                                                              Qt.TransformationMode.SmoothTransformation))
    finally:
        painter.end()
    return len(images)


def print_with_dialog(pdf: Path, parent: QWidget | None, title: str) -> bool:
    """Ask for a printer (the print dialog titled ``title``) and print every page of ``pdf``; True when it was sent
    to the printer, False when the person cancelled. :class:`PdfRenderError` when it could not be printed."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    print_pdf(pdf, printer)
    return True


class PdfPreview(QWidget):
    """The pages of one PDF one under the other, with "Print…" and "Open in PDF viewer" (``offer_open`` False:
    without the latter, e.g. for a temporary copy that is saved elsewhere first)."""

    def __init__(self, parent: QWidget | None = None, *, offer_open: bool = True) -> None:
        super().__init__(parent)
        self.pdf: Path | None = None
        self.page_labels: list[QLabel] = []
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.clicked.connect(self.print_with_dialog)
        self.open_button = QPushButton(self.tr("Open in PDF viewer"))
        self.open_button.clicked.connect(self.open_externally)
        self.open_button.setVisible(offer_open)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.print_button)
        self._pages = QWidget()
        self._pages_layout = QVBoxLayout(self._pages)
        self._pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._pages.setStyleSheet("background: #808080;")
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self._pages)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.scroll, 1)
        self.set_pdf(None)

    def set_pdf(self, pdf: Path | None) -> None:
        """Show ``pdf`` (None: nothing)."""
        self.pdf = pdf
        for label in self.page_labels:
            label.deleteLater()
        self.page_labels = []
        self.print_button.setEnabled(False)
        self.open_button.setEnabled(pdf is not None and pdf.exists())
        self.message.clear()
        if pdf is None:
            return
        try:
            images = render_pages(pdf)
        except (PdfRenderError, OSError, subprocess.SubprocessError) as exc:
            self.message.setText(self.tr("The preview is not available here ({error}).").format(error=str(exc)))
            return
        for image in images:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("border: 1px solid #404040; background: white;")
            self._pages_layout.addWidget(label)
            self.page_labels.append(label)
        self.print_button.setEnabled(True)
        self.message.setText(self.tr("{name}: {count} page(s)").format(name=pdf.name, count=len(images)))

    def page_count(self) -> int:
        """Number of pages on display."""
        return len(self.page_labels)

    def print_with_dialog(self) -> bool:
        """Ask for a printer and print the PDF; True when it was sent to the printer."""
        if self.pdf is None:
            return False
        try:
            return print_with_dialog(self.pdf, self, self.tr("Print {name}").format(name=self.pdf.name))
        except PdfRenderError as exc:
            self.message.setText(self.tr("Printing failed: {error}").format(error=str(exc)))
            return False

    def open_externally(self) -> bool:
        """Open the PDF in the desktop's PDF viewer."""
        return self.pdf is not None and QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.pdf)))
