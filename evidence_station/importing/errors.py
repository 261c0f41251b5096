"""Errors of an import as a whole (the card's own errors are in :mod:`evidence_station.cards.errors`)."""

from __future__ import annotations

from evidence_station.domain.errors import EvidenceStationError


class ImportFailedError(EvidenceStationError):
    """An import stopped on an unexpected error (not one file's problem); it was recorded ``failed``."""

    exit_code = 1
    code = "import_failed"
    headline_zh = "导入因意外错误而中止"
