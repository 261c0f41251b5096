"""Use cases: the device registry (Art. 6), its maintenance/damage log and pre-use checks (Art. 7).

A pre-use check compares the camera's displayed time with the station clock; that offset is in force for
the device's recordings from the check on (until the next check). Recordings keep their camera times;
``Recording.clock_offset_s`` carries the offset so every view can show both camera and corrected times.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from peewee import fn

from evidence_station.api.devices import CheckView, DeviceDetail, DeviceLogView, DeviceView
from evidence_station.catalogue.base import UtcDateTimeField
from evidence_station.catalogue.compliance import DeviceLog, PreUseCheck
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.recordings import Device, Finding, Recording
from evidence_station.domain.choices import input_error
from evidence_station.domain.compliance import (
    DEVICE_STATUS_LABELS,
    DeviceLogKind,
    DeviceStatus,
    OffsetMeasurement,
    clock_offset,
    drift_per_day,
    offset_exceeds,
    offset_in_force,
    parse_choice,
)
from evidence_station.domain.errors import InvalidInputError, NotFoundError
from evidence_station.domain.findings import FindingKind, describe_duration_zh
from evidence_station.domain.messages import Items, Msg, Said, label
from evidence_station.domain.roles import Operation
from evidence_station.services.context import ServiceContext
from evidence_station.services.finding_service import close_finding, link_recordings, raise_finding

#: Fields a device needs before it counts as complete in the registry.
REQUIRED_FIELDS = ("model", "group_name", "responsible_person")










# -- reading -----------------------------------------------------------------------------------------------
def device_row(serial: str) -> Device:
    """The device with ``serial`` or NotFoundError naming how to register it."""
    device = Device.get_or_none(Device.serial == serial.strip())
    if device is None:
        raise NotFoundError(Msg(
            "No device with serial {serial!r}; register it with 'device add {serial}'.",
            serial=serial,
        ))
    return device


def offsets_of(device_id: int) -> list[OffsetMeasurement]:
    """Every clock measurement of a device, oldest first."""
    rows = (PreUseCheck.select().where((PreUseCheck.device == device_id) & PreUseCheck.clock_offset_s.is_null(False))
            .order_by(PreUseCheck.checked_at, PreUseCheck.id))
    return [OffsetMeasurement(r.id, r.checked_at, cast(float, r.clock_offset_s)) for r in rows]  # not null


def last_import_at(device_id: int) -> datetime | None:
    """When recordings of the device were last imported (its card last docked), or None."""
    raw = Recording.select(fn.MAX(Recording.imported_at)).where(Recording.device == device_id).scalar()
    return UtcDateTimeField().python_value(raw) if raw is not None else None


def _view(device: Device, now: datetime) -> DeviceView:
    current = offset_in_force(offsets_of(device.id), now)
    return DeviceView(
        id=device.id, serial=device.serial, model=device.model, group=device.group_name,
        responsible_person=device.responsible_person, issued_to=device.issued_to, status=device.status,
        status_label=label(DEVICE_STATUS_LABELS, device.status, "zh_CN"),
        needs_completion=device.needs_completion, created_at=device.created_at,
        last_import_at=last_import_at(device.id), current_offset_s=current.offset_s if current else None,
    )


#: A failed pre-use check's problems, as a sentence says them.
_PROBLEM_NAMES: dict[str, Msg] = {"device does not work properly": Msg("device does not work properly"),
                                  "battery not charged": Msg("battery not charged"),
                                  "not enough storage": Msg("not enough storage")}


def _problems(check: PreUseCheck) -> list[str]:
    """What a pre-use check found wrong (empty: passed)."""
    return [text for ok, text in ((check.works, "device does not work properly"),
                                  (check.battery_ok, "battery not charged"),
                                  (check.storage_ok, "not enough storage")) if not ok]


def _check_view(check: PreUseCheck, corrected: int = 0, failed_finding_id: int | None = None) -> CheckView:
    problems = _problems(check)
    return CheckView(
        id=check.id, device=check.device.serial, checked_at=check.checked_at, works=check.works,
        battery_ok=check.battery_ok, storage_ok=check.storage_ok, device_time=check.device_time,
        clock_offset_s=check.clock_offset_s, clock_set=check.clock_set, officer=check.officer, note=check.note,
        passed=not problems, problems=problems, finding_id=check.finding_id, recordings_corrected=corrected,
        failed_finding_id=failed_finding_id,
    )


def list_devices(
    ctx: ServiceContext, *, status: str | None = None, needs_completion: bool | None = None
) -> list[DeviceView]:
    """The registry, by serial."""
    ctx.require(Operation.READ_FINDINGS)
    query = Device.select().order_by(Device.serial)
    if status:
        query = query.where(Device.status == _status(status).value)
    if needs_completion is not None:
        query = query.where(Device.needs_completion == needs_completion)
    now = ctx.now()
    return [_view(d, now) for d in query]


def get_device(ctx: ServiceContext, serial: str) -> DeviceDetail:
    """One device with its log, checks and offset history."""
    ctx.require(Operation.READ_FINDINGS, "device", serial)
    device = device_row(serial)
    log = [DeviceLogView(e.id, e.kind, e.text, e.status_before, e.status_after, e.occurred_at, e.recorded_by.name)
           for e in device.log_entries.order_by(DeviceLog.occurred_at, DeviceLog.id)]
    checks = [_check_view(c) for c in device.checks.order_by(PreUseCheck.checked_at, PreUseCheck.id)]
    offsets = offsets_of(device.id)
    count = Recording.select().where(Recording.device == device.id).count()
    return DeviceDetail(_view(device, ctx.now()), log, checks, offsets, drift_per_day(offsets), count)


# -- registry ------------------------------------------------------------------------------------------------
def _status(text: str | DeviceStatus) -> DeviceStatus:
    try:
        return DeviceStatus(parse_choice(DeviceStatus, str(text), "device status"))
    except ValueError as exc:
        raise input_error(exc) from None


def group_responsible(group: str, exclude_id: int | None = None) -> str:
    """The first responsible person already registered for ``group`` (Art. 6: the group leader)."""
    if not group:
        return ""
    query = (Device.select(Device.responsible_person)
             .where((Device.group_name == group) & (Device.responsible_person != "")).order_by(Device.id))
    if exclude_id is not None:
        query = query.where(Device.id != exclude_id)
    row = query.first()
    return row.responsible_person if row else ""


def _complete(device: Device) -> bool:
    return all(getattr(device, name) for name in REQUIRED_FIELDS)


def add_device(
    ctx: ServiceContext,
    *,
    serial: str,
    model: str = "",
    group: str = "",
    responsible_person: str = "",
    issued_to: str = "",
    status: str | DeviceStatus = DeviceStatus.IN_SERVICE,
) -> DeviceView:
    """Register a camera. The responsible person defaults to the one of its group (the group leader)."""
    ctx.require(Operation.MANAGE_DEVICES, "device", serial)
    serial = serial.strip()
    if not serial:
        raise InvalidInputError(Msg("Give the device's serial number (as it appears in its file names)."))
    state = _status(status)
    with write_transaction():
        if Device.get_or_none(Device.serial == serial) is not None:
            raise InvalidInputError(Msg(
                "Device {serial} is already registered; change it with 'device update'.",
                serial=serial,
            ))
        device = Device(serial=serial, model=model.strip(), group_name=group.strip(),
                        responsible_person=responsible_person.strip() or group_responsible(group.strip()),
                        issued_to=issued_to.strip(), status=state.value, created_at=ctx.now())
        device.needs_completion = not _complete(device)
        device.save()
        ctx.audit("device.add", "device", device.id, {
            "serial": serial, "model": device.model, "group": device.group_name,
            "responsible_person": device.responsible_person, "issued_to": device.issued_to, "status": state.value})
    return _view(device, ctx.now())


def update_device(
    ctx: ServiceContext,
    *,
    serial: str,
    model: str | None = None,
    group: str | None = None,
    responsible_person: str | None = None,
    issued_to: str | None = None,
    status: str | DeviceStatus | None = None,
    note: str = "",
) -> DeviceView:
    """Change a device's registry data; a status change is written to its log too."""
    ctx.require(Operation.MANAGE_DEVICES, "device", serial)
    with write_transaction():
        device = device_row(serial)
        before = {"model": device.model, "group": device.group_name, "responsible_person": device.responsible_person,
                  "issued_to": device.issued_to, "status": device.status}
        if model is not None:
            device.model = model.strip()
        if group is not None:
            device.group_name = group.strip()
            if responsible_person is None and not device.responsible_person:
                device.responsible_person = group_responsible(device.group_name, device.id)
        if responsible_person is not None:
            device.responsible_person = responsible_person.strip()
        if issued_to is not None:
            device.issued_to = issued_to.strip()
        if status is not None:
            new_status = _status(status)
            if new_status.value != device.status:
                DeviceLog.create(device=device, kind=DeviceLogKind.STATUS.value, text=note.strip(),
                                 status_before=device.status, status_after=new_status.value, occurred_at=ctx.now(),
                                 recorded_by=ctx.actor.user_id, recorded_at=ctx.now())
                device.status = new_status.value
        device.needs_completion = not _complete(device)
        device.save()
        after = {"model": device.model, "group": device.group_name, "responsible_person": device.responsible_person,
                 "issued_to": device.issued_to, "status": device.status}
        changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
        ctx.audit("device.update", "device", device.id, {"serial": device.serial, "changed": changed})
    return _view(device, ctx.now())


def add_device_log(
    ctx: ServiceContext,
    *,
    serial: str,
    kind: str | DeviceLogKind,
    text: str,
    occurred_at: datetime | None = None,
    status: str | DeviceStatus | None = None,
) -> DeviceLogView:
    """Write a maintenance, damage or repair entry; ``status`` changes the device's status with it
    (e.g. damage → under_repair, repair → in_service)."""
    ctx.require(Operation.MANAGE_DEVICES, "device", serial)
    try:
        entry_kind = DeviceLogKind(parse_choice(DeviceLogKind, str(kind), "log kind"))
    except ValueError as exc:
        raise input_error(exc) from None
    if entry_kind is DeviceLogKind.STATUS:
        raise InvalidInputError(Msg("Change the status with 'device update --status' (it is logged by itself)."))
    if not text.strip():
        raise InvalidInputError(Msg("Describe the maintenance, damage or repair in the text."))
    when = occurred_at or ctx.now()
    if when > ctx.now():
        raise InvalidInputError(Msg("The log entry's time is in the future; give when it happened."))
    with write_transaction():
        device = device_row(serial)
        before = device.status
        after = _status(status).value if status is not None else before
        entry = DeviceLog.create(device=device, kind=entry_kind.value, text=text.strip(), status_before=before,
                                 status_after=after, occurred_at=when, recorded_by=ctx.actor.user_id,
                                 recorded_at=ctx.now())
        if after != before:
            Device.update(status=after).where(Device.id == device.id).execute()
        ctx.audit("device.log", "device", device.id, {"serial": device.serial, "kind": entry_kind.value,
                                                      "text": text.strip(), "status": [before, after]})
    return DeviceLogView(entry.id, entry.kind, entry.text, before, after, when, ctx.actor.name)


# -- pre-use checks and clock offsets ------------------------------------------------------------------------
def add_pre_use_check(
    ctx: ServiceContext,
    *,
    serial: str,
    works: bool = True,
    battery_ok: bool = True,
    storage_ok: bool = True,
    device_time: datetime | None = None,
    offset_s: float | None = None,
    checked_at: datetime | None = None,
    clock_set: bool = False,
    officer: str = "",
    note: str = "",
) -> CheckView:
    """Record the Art. 7 checklist. The clock comparison is ``device_time`` (what the camera showed at
    ``checked_at``, default now) or ``offset_s`` directly. The offset applies to the device's recordings
    from ``checked_at`` until its next check, and one beyond the threshold raises a ``clock_offset``
    finding. ``clock_set`` means the clock was set right afterwards: then offset 0 is in force from the
    check on, and the measured offset is kept for the drift history and the finding.

    A failed check raises a ``failed_check`` finding; a passed one closes the device's open ``failed_check`` findings,
    and a clock within the threshold its open ``clock_offset`` findings — only those of checks made before it."""
    ctx.require(Operation.MANAGE_DEVICES, "device", serial)
    when = checked_at or ctx.now()
    if when > ctx.now():
        raise InvalidInputError(Msg("The check's time is in the future; give when the device was checked."))
    if device_time is not None and offset_s is not None:
        raise InvalidInputError(Msg("Give either the time the device showed or the offset, not both."))
    measured = clock_offset(device_time, when) if device_time is not None else offset_s
    threshold = ctx.station.settings.clock_offset_threshold_s
    with write_transaction():
        device = device_row(serial)
        if device.status == DeviceStatus.RETIRED.value:
            raise InvalidInputError(Msg("Device {serial} is retired; it may not be used.", serial=device.serial))
        check = PreUseCheck.create(
            device=device, checked_at=when, works=works, battery_ok=battery_ok, storage_ok=storage_ok,
            device_time=device_time, clock_offset_s=measured, clock_set=clock_set and measured is not None,
            officer=officer.strip(), note=note.strip(), recorded_by=ctx.actor.user_id, recorded_at=ctx.now())
        ctx.audit("device.check", "device", device.id, {
            "serial": device.serial, "check_id": check.id, "checked_at": when.isoformat(), "works": works,
            "battery_ok": battery_ok, "storage_ok": storage_ok, "clock_offset_s": measured,
            "clock_set": check.clock_set})
        if offset_exceeds(measured, threshold):
            offset = Said(f"{abs(measured):.0f} s", zh_CN=describe_duration_zh(measured))
            finding = raise_finding(
                ctx, FindingKind.CLOCK_OFFSET,
                Msg("Device {serial}: its clock was {duration} fast at the pre-use check (more than {threshold:g} s, "
                    "Art. 7); its recordings are shown with corrected times.", serial=device.serial,
                    duration=offset, threshold=threshold) if measured > 0 else
                Msg("Device {serial}: its clock was {duration} slow at the pre-use check (more than {threshold:g} s, "
                    "Art. 7); its recordings are shown with corrected times.", serial=device.serial,
                    duration=offset, threshold=threshold),
                seconds=measured, details={"device": device.serial, "check_id": check.id})
            PreUseCheck.update(finding=finding).where(PreUseCheck.id == check.id).execute()
        elif measured is not None:
            for old in _open_device_findings(FindingKind.CLOCK_OFFSET, device.serial, before=when):
                close_finding(ctx, old, f"clock within {threshold:g} s at pre-use check #{check.id} "
                                        f"({measured:+.1f} s)", check_id=check.id)
        failed = _failed_check_finding(ctx, device, check)
        if failed is None:
            for old in _open_device_findings(FindingKind.FAILED_CHECK, device.serial, before=when):
                close_finding(ctx, old, f"device passed pre-use check #{check.id}", check_id=check.id)
        corrected = apply_offsets(ctx, device, since=when)
        check = PreUseCheck.get_by_id(check.id)
    return _check_view(check, corrected, failed.id if failed is not None else None)


def _failed_check_finding(ctx: ServiceContext, device: Device, check: PreUseCheck) -> Finding | None:
    """Art. 7: a check that found the device not working, not charged or short of storage raises a
    ``failed_check`` finding (inside the caller's transaction); None when the check passed."""
    problems = _problems(check)
    if not problems:
        return None
    return raise_finding(
        ctx, FindingKind.FAILED_CHECK,
        Msg("Device {serial} failed its pre-use check #{check_id}: {problems} (Art. 7); it may not be used until a "
            "check passes.", serial=device.serial, check_id=check.id,
            problems=Items((_PROBLEM_NAMES.get(p, p) for p in problems), clauses=True)),
        details={"device": device.serial, "check_id": check.id, "problems": problems})


def _open_device_findings(kind: FindingKind, serial: str, *, before: datetime) -> list[Finding]:
    """The open ``kind`` findings of device ``serial`` raised by a check made before ``before`` (a check entered
    later with an earlier time closes nothing newer than itself)."""
    query = Finding.select().where((Finding.kind == kind.value) & (Finding.status == "open"))
    mine = [f for f in query if (f.details or {}).get("device") == serial]
    check_ids = [(f.details or {}).get("check_id") for f in mine]
    times: dict[int | None, datetime]  # check id → time; a finding without a check id finds none
    times = {c.id: c.checked_at for c in PreUseCheck.select(PreUseCheck.id, PreUseCheck.checked_at)
             .where(PreUseCheck.id.in_([i for i in check_ids if isinstance(i, int)]))}
    return [f for f in mine if times.get((f.details or {}).get("check_id"), f.created_at) < before]


def measurements_in_force(device_id: int) -> list[OffsetMeasurement]:
    """The offsets that apply to recordings: a check that set the clock puts offset 0 in force."""
    rows = (PreUseCheck.select().where((PreUseCheck.device == device_id) & PreUseCheck.clock_offset_s.is_null(False))
            .order_by(PreUseCheck.checked_at, PreUseCheck.id))
    return [OffsetMeasurement(r.id, r.checked_at, 0.0 if r.clock_set else cast(float, r.clock_offset_s))  # not null
            for r in rows]


def apply_offsets(ctx: ServiceContext, device: Device, *, since: datetime | None = None,
                  recordings: list[Recording] | None = None) -> int:
    """Set ``clock_offset_s`` on the device's recordings (camera start at or after ``since``) to the offset
    in force; link recordings under an offset beyond the threshold to that check's finding. Inside a
    transaction; returns how many recordings changed."""
    measurements = measurements_in_force(device.id)
    if not measurements:
        return 0
    if recordings is None:
        query = Recording.select().where((Recording.device == device.id) & Recording.start_at.is_null(False))
        if since is not None:
            query = query.where(Recording.start_at >= since)
        recordings = list(query)
    checks = {c.id: c for c in PreUseCheck.select().where(PreUseCheck.device == device.id)}
    changed: list[int] = []
    for rec in recordings:
        if rec.start_at is None:
            continue
        force = offset_in_force(measurements, rec.start_at)
        value = force.offset_s if force else None
        if value != rec.clock_offset_s:
            Recording.update(clock_offset_s=value).where(Recording.id == rec.id).execute()
            rec.clock_offset_s = value
            changed.append(rec.id)
        check = checks.get(force.check_id) if force else None
        if check is not None and check.finding_id is not None and not check.clock_set:
            link_recordings(Finding.get_by_id(check.finding_id), [rec.id])
    if changed:
        ctx.audit("recording.clock_offset", "device", device.id, {"serial": device.serial, "recordings": changed})
    return len(changed)
