"""Qt user interface of Evidence Station.

This is the only package that imports PySide6 (an import-linter contract in ``pyproject.toml`` keeps it
so). Widgets call the use cases in :mod:`evidence_station.services` and nothing below them; long calls go
through :func:`evidence_station.gui.operations.run_operation` so the window never freezes. Every
user-visible string is English source text wrapped in ``tr()``; Chinese comes from
``resources/translations/evidence_station_zh_CN.ts`` (see :mod:`evidence_station.gui.i18n`).
"""
