"""Station settings as the service shows them, and the audited change of one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Protocol


@dataclass(frozen=True)
class SettingView:
    """One setting as ``settings show`` and the Settings page show it."""

    key: str
    value: Any
    security: bool
    settable: bool
    allowed: str
    allowed_zh: str
    audited_value: Any = None  # security settings: the last value set through the station
    matches_audit: bool | None = None  # security settings: False when the file was edited by hand


@dataclass(frozen=True)
class SettingChange:
    """What :func:`set_setting` did (``changed`` False: the value was already in force and audited)."""

    key: str
    old: Any
    new: Any
    changed: bool
    reason: str


class SettingsApi(Protocol):
    """Showing and changing settings (``services/settings_service.py``)."""

    SERVICES: ClassVar[tuple[str, ...]] = ("settings_service",)

    def show_settings(self) -> list[SettingView]:
        """Every setting in force, what it may hold and, for security settings, whether it is the audited value."""
        ...

    def set_setting(self, key: str, value: Any, reason: str = "") -> SettingChange:
        """Change one setting (administrators), audited with the old and the new value."""
        ...
