"""Qt user interface of Evidence Station.

This is the only package that imports PySide6 (an import-linter contract in ``pyproject.toml`` keeps it
so). It is a client of the station: widgets call the station's operations through
:class:`~evidence_station.client.station_client.StationClient` (the embedded service, or a station service over
HTTP) and import no service, store or server module (contracts in ``pyproject.toml``); long calls go through
:func:`evidence_station.gui.operations.run_operation` so the window never freezes. Every
user-visible string is English source text wrapped in ``tr()``; Chinese comes from
``resources/translations/evidence_station_zh_CN.ts`` (see :mod:`evidence_station.gui.i18n`).
"""
