"""The StationApi protocol and the services stay in step: every operation is a service of the same name with
the same parameters, defaults and result type, so a client call means exactly what the in-process call means."""

from __future__ import annotations

import inspect
import typing

import pytest

from evidence_station.api.station_api import StationApi, operation_names
from evidence_station.server.operations import JOB_PARAMETERS, station_operations

OPERATIONS = station_operations()


def _parameters(function, skip: str) -> list[inspect.Parameter]:
    return [p for p in inspect.signature(function).parameters.values() if p.name != skip]


def test_every_operation_of_the_protocol_has_a_service():
    assert sorted(OPERATIONS) == sorted(operation_names())


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_parameters_and_defaults_match_the_service(name: str):
    protocol = _parameters(getattr(StationApi, name), "self")
    service = _parameters(OPERATIONS[name].function, "ctx")
    wire = [p for p in protocol if p.name not in JOB_PARAMETERS]
    service_wire = [p for p in service if p.name not in JOB_PARAMETERS]
    assert [p.name for p in wire] == [p.name for p in service_wire if p.default is inspect.Parameter.empty
                                      or p.name in {q.name for q in wire}]
    by_name = {p.name: p for p in service}
    for p in wire:
        assert p.default == by_name[p.name].default, f"{name}({p.name}): default differs"
        if p.kind is inspect.Parameter.KEYWORD_ONLY:
            assert by_name[p.name].kind is inspect.Parameter.KEYWORD_ONLY, f"{name}({p.name}) is keyword-only"
    assert {p.name for p in protocol} & JOB_PARAMETERS == {p.name for p in service} & JOB_PARAMETERS


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_result_type_is_the_services_own(name: str):
    protocol = typing.get_type_hints(getattr(StationApi, name))["return"]
    service = typing.get_type_hints(OPERATIONS[name].function)["return"]
    assert protocol == service
