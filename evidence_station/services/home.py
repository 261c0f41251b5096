"""Where a station keeps its data: the home folder and its layout."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DB_URL_ENV = "EVIDENCE_STATION_DB_URL"


@dataclass(frozen=True)
class StationHome:
    """The folders and files of one station home."""

    root: Path

    @property
    def settings_file(self) -> Path:
        """Station settings (JSON)."""
        return self.root / "settings.json"

    @property
    def catalogue_file(self) -> Path:
        """The embedded SQLite catalogue."""
        return self.root / "catalogue.sqlite3"

    @property
    def vault_dir(self) -> Path:
        """The write-once content-addressed vault."""
        return self.root / "vault"

    @property
    def identity_dir(self) -> Path:
        """Station key (encrypted) and certificate."""
        return self.root / "identity"

    @property
    def checkpoints_dir(self) -> Path:
        """Signed audit checkpoints kept outside the catalogue."""
        return self.root / "checkpoints"

    @property
    def cache_dir(self) -> Path:
        """Derived, re-creatable data (thumbnails)."""
        return self.root / "cache"

    @property
    def exports_dir(self) -> Path:
        """Disc images, receipts and reports produced by the station."""
        return self.root / "exports"

    def exists(self) -> bool:
        """True when a station was initialised here."""
        return self.settings_file.exists()
