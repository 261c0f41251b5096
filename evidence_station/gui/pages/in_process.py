"""Pages not yet moved onto the client: they still call the services in this process.

Only an embedded station (the desktop program on its own home) can host them: the page gets the service context
of the desk's session on the embedded service. Connected to a station service the page says it is not available
there yet, rather than reaching around the service. Each page leaves this module when it moves to the client.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from evidence_station.client.station_client import StationClient
from evidence_station.client.transport import InProcessTransport
from evidence_station.gui import operations

if TYPE_CHECKING:
    from evidence_station.gui.pages import PageFactory
    from evidence_station.services.context import ServiceContext


def close_thread_connection() -> None:
    """Close this thread's catalogue connection, if it opened one (the in-process pages' workers open one)."""
    from evidence_station.catalogue.database import database_proxy

    db = database_proxy.obj
    if db is not None and not db.is_closed():
        db.close()


def in_process_context(client: StationClient) -> ServiceContext | None:
    """The service context of ``client``'s session when the station is embedded in this process, else None.
    From then on every background operation releases its thread's catalogue connection when done."""
    transport = client.transport
    if not isinstance(transport, InProcessTransport):
        return None
    if close_thread_connection not in operations.after_work:
        operations.after_work.append(close_thread_connection)
    return transport.dispatcher.context_of(client.token)


def client_for_context(ctx: ServiceContext) -> StationClient:
    """A client acting as ``ctx`` on an embedded service of its station, for the client-side widgets (the
    recordings table) that the in-process pages embed."""
    from evidence_station.server.dispatch import Dispatcher

    transport = InProcessTransport(Dispatcher(ctx.station))
    return StationClient(transport, transport.dispatcher.adopt(ctx))


def in_process_page(module: str) -> PageFactory:
    """A factory for ``evidence_station.gui.pages.<module>``, whose ``create_page`` still takes a service context."""

    def factory(client: StationClient, parent: QWidget | None) -> QWidget:
        ctx = in_process_context(client)
        if ctx is None:
            label = QLabel(QCoreApplication.translate(
                "InProcessPage", "This page is not available through the station service yet; use the command "
                "line (evidence-station --help) for it."), parent)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            return label
        page_module = importlib.import_module(f"evidence_station.gui.pages.{module}")
        return page_module.create_page(ctx, parent)

    return factory
