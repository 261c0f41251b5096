"""The Devices & Compliance page: devices and compliance (a placeholder until that work lands)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from evidence_station.gui.pages import page_title
from evidence_station.gui.pages.placeholder import PlaceholderPage
from evidence_station.services.context import ServiceContext


def create_page(ctx: ServiceContext, parent: QWidget | None = None) -> QWidget:
    """The Devices & Compliance page for the logged-in user."""
    description = QCoreApplication.translate(
        "CompliancePage",
        "Register the body cameras and their holders, explain gaps and late imports, and follow "
        "retention and disposal under the regulation.",
    )
    return PlaceholderPage(page_title("Devices & Compliance"), description, parent)
