"""An Import page that has imported a card (through the page itself, as a custodian would)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evidence_station.client.station_client import StationClient
from evidence_station.gui.pages.import_page import ImportPage
from evidence_station.gui.volume_watcher import VolumeWatcher


def page_after_import(qtbot: Any, client: StationClient, card: Path) -> ImportPage:
    """A shown Import page of ``client`` that imported ``card`` and whose import has ended (however it ended)."""
    page = ImportPage(client, watcher=VolumeWatcher(source=list))
    qtbot.addWidget(page)
    page.show()
    assert page.set_card(card)
    operation = page.start_import()
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done, timeout=60_000)
    return page
