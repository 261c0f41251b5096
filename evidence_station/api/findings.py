"""Findings as the service reports them (gaps, late imports, damaged files, …)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol

from evidence_station.api.types import Limit, RowId


@dataclass(frozen=True)
class FindingView:
    """One finding (the ``findings[]`` entries of the CLI contract)."""

    id: int
    kind: str
    recording_ids: list[int]
    seconds: float | None
    message: str
    status: str = "open"
    message_zh: str = ""  # the same sentence in Chinese (documents, the Chinese interface); "" for old findings

    @property
    def text_zh(self) -> str:
        """The Chinese sentence when there is one, else the English message."""
        return self.message_zh or self.message


class FindingsApi(Protocol):
    """Reading findings (``services/recordings_service.py``, ``services/recording_findings.py``)."""

    SERVICES: ClassVar[tuple[str, ...]] = ("recordings_service", "recording_findings")

    def list_findings(
        self, *, status: str | None = "open", kind: str | None = None, import_id: RowId | None = None,
        limit: Limit | None = None,
    ) -> list[FindingView]:
        """Findings, newest first; at most ``limit`` of them."""
        ...

    def count_findings(
        self, *, status: str | None = "open", kind: str | None = None, import_id: RowId | None = None
    ) -> int:
        """How many findings ``list_findings`` would return without a limit."""
        ...

    def findings_by_recording(
        self, recording_ids: Sequence[RowId], *, status: str | None = "open"
    ) -> dict[int, list[FindingView]]:
        """Recording id → the findings that concern it, oldest first."""
        ...
