"""Station settings (a JSON file in the home folder) and their defaults."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from evidence_station.domain.clock import DEFAULT_ZONE


@dataclass
class Settings:
    """Everything configurable about one station. Rule floors (e.g. 1-year retention) are not here."""

    station_uid: str = ""
    station_name: str = "执法音像记录证据工作站"
    organisation: str = "明山区人力资源和社会保障局"
    zone: str = DEFAULT_ZONE
    language: str = "zh_CN"
    catalogue_url: str = ""
    vault_dir: str = ""  # empty: the home's own vault; several stations name one shared folder here
    gap_threshold_s: float = 5.0
    clock_offset_threshold_s: float = 10.0
    late_import_hours: float = 24.0
    checkpoint_every_events: int = 100
    lockout_attempts: int = 5
    viewing_default_hours: float = 4.0

    @classmethod
    def load(cls, path: Path) -> Settings:
        """Read settings, keeping defaults for keys the file does not have and ignoring unknown keys."""
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def save(self, path: Path) -> None:
        """Write settings atomically."""
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, path)
