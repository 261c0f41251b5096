"""The stations registered in the catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Protocol


@dataclass(frozen=True)
class StationView:
    """A station registered in the catalogue."""

    station_id: str
    name: str
    certificate_sha256: str
    registered_at: datetime
    this_station: bool


class StationsApi(Protocol):
    """The stations of the catalogue (``services/station_keys.py``)."""

    SERVICES: ClassVar[tuple[str, ...]] = ("station_keys",)

    def list_stations(self) -> list[StationView]:
        """The stations registered in the catalogue."""
        ...
