"""The Library page: the library of stored recordings (a placeholder until that work lands)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from evidence_station.gui.pages import page_title
from evidence_station.gui.pages.placeholder import PlaceholderPage
from evidence_station.services.context import ServiceContext


def create_page(ctx: ServiceContext, parent: QWidget | None = None) -> QWidget:
    """The Library page for the logged-in user."""
    description = QCoreApplication.translate(
        "LibraryPage",
        "Browse and search the stored recordings by time, device, officer, activity and "
        "classification, with thumbnails and the findings of each import.",
    )
    return PlaceholderPage(page_title("Library"), description, parent)
