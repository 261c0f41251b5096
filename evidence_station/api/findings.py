"""Findings as the service reports them (gaps, late imports, damaged files, …)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Protocol

from evidence_station.api.types import Limit, RowId
from evidence_station.domain.messages import Msg, Said


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

    @classmethod
    def of(cls, id: int, kind: str, recording_ids: list[int], seconds: float | None, message: Msg,
           status: str = "open") -> FindingView:
        """A finding whose sentence is a :class:`Msg`, rendered in English and Chinese for the wire."""
        return cls(id, kind, recording_ids, seconds, str(message), status, message.render("zh_CN"))

    @property
    def text_zh(self) -> str:
        """The Chinese sentence when there is one, else the English message."""
        return self.message_zh or self.message

    @property
    def said(self) -> Msg:
        """The sentence for the reader's language (as it was rendered when the finding was raised)."""
        return Said(self.message, zh_CN=self.message_zh)


@dataclass(frozen=True)
class GapExplanationView:
    """The Art. 11 explanation recorded for a ``gap`` finding (why the recording was interrupted)."""

    finding_id: int
    recording_ids: list[int]  # the recordings before and after the gap
    reason: str  # a ``domain.compliance.GapReason`` value
    text: str
    spoken_explanation: bool  # the officer explained it on camera when recording resumed
    explained_by: str
    explained_at: datetime


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

    def gap_explanations(self, recording_ids: Sequence[RowId]) -> list[GapExplanationView]:
        """The explanations of the gaps between these recordings (explained gaps only), oldest finding first."""
        ...
