"""The registry of service operations: each :class:`~evidence_station.api.station_api.StationApi` method paired
with the service function of the same name, and a strict wire type for its arguments."""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import msgspec

from evidence_station.api.station_api import StationApi, operation_names

#: Parameters the service supplies itself on a job (never sent by the client).
JOB_PARAMETERS = frozenset({"progress", "cancel"})


@dataclass(frozen=True)
class OperationSpec:
    """One operation: the service function, the wire type of its arguments, its result type, job or call."""

    name: str
    function: Callable[..., Any]
    arguments: type[msgspec.Struct]
    result: Any
    job: bool


def argument_struct(name: str, method: Callable[..., Any], hints: Mapping[str, Any]) -> type[msgspec.Struct]:
    """A msgspec struct type for the wire arguments of ``method`` (unknown fields refused)."""
    fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
    for param in inspect.signature(method).parameters.values():
        if param.name == "self" or param.name in JOB_PARAMETERS:
            continue
        kind = hints.get(param.name, Any)
        if param.default is inspect.Parameter.empty:
            fields.append((param.name, kind))
        else:
            fields.append((param.name, kind, param.default))
    required_first = sorted(fields, key=lambda f: len(f) == 3)  # msgspec wants required fields first
    return msgspec.defstruct(f"{name}_arguments", required_first, forbid_unknown_fields=True, kw_only=True)


def build_operations(
    implementations: Mapping[str, Callable[..., Any]], api: type = StationApi
) -> dict[str, OperationSpec]:
    """Pair every method of ``api`` with its implementation; a missing one is a programming error."""
    specs: dict[str, OperationSpec] = {}
    for name in operation_names(api):
        if name not in implementations:
            raise LookupError(f"no service implements {api.__name__}.{name}")
        method = getattr(api, name)
        hints = typing.get_type_hints(method, include_extras=True)
        params = set(inspect.signature(method).parameters)
        specs[name] = OperationSpec(
            name=name, function=implementations[name], arguments=argument_struct(name, method, hints),
            result=hints.get("return", Any), job=bool(params & JOB_PARAMETERS),
        )
    return specs


def implementations_in(modules: Iterable[ModuleType], names: Iterable[str]) -> dict[str, Callable[..., Any]]:
    """Each name's function, found in exactly one of ``modules``."""
    modules = list(modules)
    found: dict[str, Callable[..., Any]] = {}
    for name in names:
        owners = [m for m in modules if inspect.isfunction(getattr(m, name, None))
                  and getattr(m, name).__module__ == m.__name__]
        if len(owners) != 1:
            where = ", ".join(m.__name__ for m in owners) or "no service module"
            raise LookupError(f"operation {name!r} is defined in {where}; it must be in exactly one")
        found[name] = getattr(owners[0], name)
    return found


def station_operations() -> dict[str, OperationSpec]:
    """The operations of the station service (every ``StationApi`` method, implemented by ``services/``)."""
    from evidence_station.services import (
        audit_service,
        bookmark_service,
        card_handover,
        card_wipe,
        classification_service,
        disc_register,
        import_receipt,
        import_service,
        recording_findings,
        recordings_service,
        settings_service,
        station_keys,
        thumbnail_service,
        users,
        verify_service,
        viewing_pictures,
        viewing_register,
        viewing_service,
    )

    modules = [recordings_service, recording_findings, import_service, import_receipt, thumbnail_service, users,
               settings_service, audit_service, verify_service, station_keys,
               viewing_service, viewing_pictures, viewing_register, classification_service, bookmark_service,
               card_handover, card_wipe, disc_register]
    return build_operations(implementations_in(modules, operation_names()))
