"""Findings as the service reports them (gaps, late imports, damaged files, …)."""

from __future__ import annotations

from dataclasses import dataclass


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
