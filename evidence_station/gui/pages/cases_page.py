"""The Cases & Export page: cases and evidence export (a placeholder until that work lands)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from evidence_station.gui.pages import page_title
from evidence_station.gui.pages.placeholder import PlaceholderPage
from evidence_station.services.context import ServiceContext


def create_page(ctx: ServiceContext, parent: QWidget | None = None) -> QWidget:
    """The Cases & Export page for the logged-in user."""
    description = QCoreApplication.translate(
        "CasesPage",
        "Gather recordings into cases and produce the evidence disc: originals, signed manifest, "
        "checksums and the signed provenance sheet, burned and verified.",
    )
    return PlaceholderPage(page_title("Cases & Export"), description, parent)
