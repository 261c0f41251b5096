"""The device registry as the service reports it (Art. 6): devices, their maintenance/damage log and the
pre-use checks with the camera clock's offset (Art. 7) — and the operations on them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Protocol

from evidence_station.domain.compliance import DeviceStatus, OffsetMeasurement


@dataclass(frozen=True)
class DeviceView:
    """A device in the registry."""

    id: int
    serial: str
    model: str
    group: str
    responsible_person: str
    issued_to: str
    status: str
    status_label: str
    needs_completion: bool
    created_at: datetime
    last_import_at: datetime | None
    current_offset_s: float | None


@dataclass(frozen=True)
class DeviceLogView:
    """One maintenance/damage/status entry."""

    id: int
    kind: str
    text: str
    status_before: str
    status_after: str
    occurred_at: datetime
    recorded_by: str


@dataclass(frozen=True)
class CheckView:
    """One pre-use check (Art. 7)."""

    id: int
    device: str
    checked_at: datetime
    works: bool
    battery_ok: bool
    storage_ok: bool
    device_time: datetime | None
    clock_offset_s: float | None
    clock_set: bool
    officer: str
    note: str
    passed: bool
    problems: list[str]
    finding_id: int | None  # the clock_offset finding this check raised
    recordings_corrected: int = 0
    failed_finding_id: int | None = None  # the failed_check finding this check raised (Art. 7)


@dataclass(frozen=True)
class DeviceDetail:
    """A device with its log, its checks and its clock-offset history (drift trend)."""

    device: DeviceView
    log: list[DeviceLogView]
    checks: list[CheckView]
    offsets: list[OffsetMeasurement]
    drift_s_per_day: float | None
    recordings: int


class DevicesApi(Protocol):
    """The device registry and pre-use checks (``services/device_service.py``)."""

    SERVICES: ClassVar[tuple[str, ...]] = ("device_service",)

    def list_devices(self, *, status: str | None = None, needs_completion: bool | None = None) -> list[DeviceView]:
        """The registry, by serial (``status``: only devices in it; ``needs_completion``: incomplete ones or not)."""
        ...

    def get_device(self, serial: str) -> DeviceDetail:
        """One device with its log, checks and offset history."""
        ...

    def add_device(
        self, *, serial: str, model: str = "", group: str = "", responsible_person: str = "", issued_to: str = "",
        status: str = DeviceStatus.IN_SERVICE,
    ) -> DeviceView:
        """Register a camera; the responsible person defaults to the one of its group."""
        ...

    def update_device(
        self, *, serial: str, model: str | None = None, group: str | None = None,
        responsible_person: str | None = None, issued_to: str | None = None, status: str | None = None,
        note: str = "",
    ) -> DeviceView:
        """Change a device's registry data; a status change is logged too (with ``note``)."""
        ...

    def add_device_log(
        self, *, serial: str, kind: str, text: str, occurred_at: datetime | None = None, status: str | None = None
    ) -> DeviceLogView:
        """Write a maintenance, damage or repair entry (``status``: the device's status from then on)."""
        ...

    def add_pre_use_check(
        self, *, serial: str, works: bool = True, battery_ok: bool = True, storage_ok: bool = True,
        device_time: datetime | None = None, offset_s: float | None = None, checked_at: datetime | None = None,
        clock_set: bool = False, officer: str = "", note: str = "",
    ) -> CheckView:
        """Record the Art. 7 checklist and the camera clock's offset (a finding beyond the threshold)."""
        ...
