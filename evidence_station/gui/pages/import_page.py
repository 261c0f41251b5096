"""The Import page: the import of camera cards (a placeholder until that work lands)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from evidence_station.gui.pages import page_title
from evidence_station.gui.pages.placeholder import PlaceholderPage
from evidence_station.services.context import ServiceContext


def create_page(ctx: ServiceContext, parent: QWidget | None = None) -> QWidget:
    """The Import page for the logged-in user."""
    description = QCoreApplication.translate(
        "ImportPage",
        "Import every recording on a camera card or dump folder: each file is hashed (SHA-256 and "
        "SM3), stored write-once in the vault, read back and checked, and catalogued with its "
        "device, officer and camera time. Gaps, late imports and clock offsets are reported.",
    )
    return PlaceholderPage(page_title("Import"), description, parent)
