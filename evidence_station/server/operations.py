"""The registry of service operations: each :class:`~evidence_station.api.station_api.StationApi` method paired
with the service function of the same name, and a strict wire type for its arguments."""

from __future__ import annotations

import importlib
import inspect
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
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


class Operations(Mapping[str, OperationSpec]):
    """Every method of ``api`` as an operation, each made on first use (so starting a command imports only the
    services it calls). ``implementations`` maps names to functions; without it an operation's function is the
    one of the same name in the service modules its area protocol names (``SERVICES``)."""

    def __init__(self, api: type = StationApi, implementations: Mapping[str, Callable[..., Any]] | None = None):
        self.api = api
        self._implementations = implementations
        self._names = operation_names(api)
        self._known = frozenset(self._names)
        self._specs: dict[str, OperationSpec] = {}

    def __getitem__(self, name: str) -> OperationSpec:
        spec = self._specs.get(name)
        if spec is None:
            if name not in self._known:
                raise KeyError(name)
            spec = self._specs[name] = self._build(name)
        return spec

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def _build(self, name: str) -> OperationSpec:
        method = getattr(self.api, name)
        hints = typing.get_type_hints(method, include_extras=True)
        params = set(inspect.signature(method).parameters)
        return OperationSpec(
            name=name, function=self._implementation(name), arguments=argument_struct(name, method, hints),
            result=hints.get("return", Any), job=bool(params & JOB_PARAMETERS),
        )

    def _implementation(self, name: str) -> Callable[..., Any]:
        if self._implementations is not None:
            if name not in self._implementations:
                raise LookupError(f"no service implements {self.api.__name__}.{name}")
            return self._implementations[name]
        modules = [importlib.import_module(f"evidence_station.services.{module}")
                   for module in service_modules_of(self.api, name)]
        return implementations_in(modules, [name])[name]


class WrappedOperations(Mapping[str, OperationSpec]):
    """``operations`` with some functions wrapped (``wrappers`` maps an operation's name to a function that takes
    its service function and returns the one to call instead); still built on first use."""

    def __init__(self, operations: Mapping[str, OperationSpec],
                 wrappers: Mapping[str, Callable[[Callable[..., Any]], Callable[..., Any]]]) -> None:
        self._operations = operations
        self._wrappers = wrappers
        self._specs: dict[str, OperationSpec] = {}

    def __getitem__(self, name: str) -> OperationSpec:
        spec = self._specs.get(name)
        if spec is None:
            spec = self._operations[name]
            wrapper = self._wrappers.get(name)
            if wrapper is not None:
                spec = replace(spec, function=wrapper(spec.function))
            self._specs[name] = spec
        return spec

    def __iter__(self) -> Iterator[str]:
        return iter(self._operations)

    def __len__(self) -> int:
        return len(self._operations)


def service_modules_of(api: type, name: str) -> tuple[str, ...]:
    """The service modules (under ``evidence_station.services``) the area protocol declaring ``name`` names."""
    for cls in api.__mro__:
        if name in vars(cls):
            modules = getattr(cls, "SERVICES", None)
            if not modules:
                raise LookupError(f"{cls.__name__} declares {name!r} but names no SERVICES modules")
            return tuple(modules)
    raise LookupError(f"{api.__name__} has no operation {name!r}")


def build_operations(
    implementations: Mapping[str, Callable[..., Any]], api: type = StationApi
) -> Operations:
    """Every method of ``api`` paired with its implementation in ``implementations`` (a missing one is a
    programming error, raised when the operation is first used)."""
    return Operations(api, implementations)


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


def station_operations() -> Operations:
    """The operations of the station service: every ``StationApi`` method, implemented by ``services/``."""
    return Operations(StationApi)
