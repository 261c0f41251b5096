"""The Viewing page: viewing requests and the player (a placeholder until that work lands)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from evidence_station.gui.pages import page_title
from evidence_station.gui.pages.placeholder import PlaceholderPage
from evidence_station.services.context import ServiceContext


def create_page(ctx: ServiceContext, parent: QWidget | None = None) -> QWidget:
    """The Viewing page for the logged-in user."""
    description = QCoreApplication.translate(
        "ViewingPage",
        "Ask to view recordings with a reason, have a director approve or refuse the request, and "
        "play approved recordings with a watermark; every opening, seek and snapshot is logged in "
        "the viewing register.",
    )
    return PlaceholderPage(page_title("Viewing"), description, parent)
