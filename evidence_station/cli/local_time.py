"""Times given on the command line: ISO 8601, in the station's zone when no offset is written."""

from __future__ import annotations

from datetime import datetime

from evidence_station.domain.clock import local_to_utc
from evidence_station.domain.errors import InvalidInputError


def parse_local_time(text: str | None, zone_name: str | None) -> datetime | None:
    """A CLI time argument (ISO 8601; without offset it is station-local) as UTC."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(f"Cannot read the time {text!r}; use e.g. 2026-11-24 or 2026-11-24T09:30.",
                                message_zh=f"无法识别时间“{text}”；请按 2026-11-24 或 2026-11-24T09:30 的格式填写。"
                                ) from None
    return local_to_utc(value, zone_name) if value.tzinfo is None else value
