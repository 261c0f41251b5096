"""Every operation the station service offers: the one declaration both sides share.

Each method is a service function of the same name (``services/``) without its ``ctx`` parameter: the service
(``server/``) decodes a call's arguments with these annotations and calls the function; the client
(``client/``) is generated from this protocol, so the GUI and the CLI call ``client.list_recordings(...)``
exactly as the services are called in-process. Each area declares its operations beside its result views
(``api/recordings.py``: ``RecordingsApi``, …) and names, in ``SERVICES``, the service modules implementing them;
:class:`StationApi` joins them. Methods with
``progress``/``cancel`` parameters are long work: they run as jobs that stream typed progress and can be
cancelled. ``tests/unit/test_station_api.py`` keeps the protocol and the services in step (names, parameters,
defaults, result types).
"""

from __future__ import annotations

import inspect
import typing
from typing import Protocol

from evidence_station.api.activities import ActivitiesApi
from evidence_station.api.audit import AuditApi
from evidence_station.api.bookmarks import BookmarksApi
from evidence_station.api.cases import CasesApi
from evidence_station.api.compliance import ComplianceApi
from evidence_station.api.custody import CustodyApi
from evidence_station.api.devices import DevicesApi
from evidence_station.api.discs import DiscsApi
from evidence_station.api.exports import ExportsApi
from evidence_station.api.findings import FindingsApi
from evidence_station.api.imports import ImportsApi
from evidence_station.api.recordings import RecordingsApi
from evidence_station.api.retention import RetentionApi
from evidence_station.api.settings import SettingsApi
from evidence_station.api.stations import StationsApi
from evidence_station.api.users import UsersApi
from evidence_station.api.viewing import ViewingApi


class StationApi(RecordingsApi, FindingsApi, ImportsApi, UsersApi, SettingsApi, AuditApi, StationsApi, ViewingApi,
                 BookmarksApi, DevicesApi, ActivitiesApi, ComplianceApi, RetentionApi, CasesApi, ExportsApi,
                 CustodyApi, DiscsApi, Protocol):
    """The station service's operations: every area's protocol (see the module docstring)."""


def operation_names(api: type = StationApi) -> list[str]:
    """The operations a protocol declares, its areas' included (public methods, in declaration order)."""
    names: list[str] = []
    for cls in reversed(api.__mro__):
        if cls in (object, Protocol, typing.Generic):
            continue
        names.extend(name for name, value in vars(cls).items()
                     if inspect.isfunction(value) and not name.startswith("_") and name not in names)
    return names
