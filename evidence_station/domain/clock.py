"""The injected clock and time-zone helpers.

Times are stored in UTC (aware datetimes) and shown in the station's zone (Asia/Shanghai by default).
Services never call ``datetime.now()`` themselves: they ask the context's clock, so tests can freeze it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Asia/Shanghai"


class Clock(Protocol):
    """Something that tells the current time as an aware UTC datetime."""

    def now(self) -> datetime:
        """Return the current time in UTC."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """Return the current time in UTC."""
        return datetime.now(UTC)


class FrozenClock:
    """A clock that only moves when told to (tests, replays)."""

    def __init__(self, at: datetime) -> None:
        self._at = ensure_utc(at)

    def now(self) -> datetime:
        """Return the frozen time."""
        return self._at

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward by ``delta``."""
        self._at += delta

    def set(self, at: datetime) -> None:
        """Jump to ``at``."""
        self._at = ensure_utc(at)


def ensure_utc(value: datetime) -> datetime:
    """Return ``value`` as an aware UTC datetime; a naive value is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def zone(name: str | None = None) -> tzinfo:
    """The station zone by IANA name (default Asia/Shanghai)."""
    return ZoneInfo(name or DEFAULT_ZONE)


def local_to_utc(naive_local: datetime, zone_name: str | None = None) -> datetime:
    """Interpret a naive camera/wall-clock time in the station zone and return it in UTC."""
    return naive_local.replace(tzinfo=zone(zone_name)).astimezone(UTC)


def to_local(value: datetime, zone_name: str | None = None) -> datetime:
    """Convert an aware (or naive-UTC) datetime to the station zone for display."""
    return ensure_utc(value).astimezone(zone(zone_name))


def iso(value: datetime | None, zone_name: str | None = None) -> str | None:
    """ISO 8601 with offset in the station zone (the CLI/JSON form), or None."""
    if value is None:
        return None
    return to_local(value, zone_name).isoformat()
