"""Findings raised for tests."""

from __future__ import annotations

from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.recordings import Recording
from evidence_station.domain.findings import FindingKind
from evidence_station.services.context import ServiceContext
from evidence_station.services.finding_service import raise_finding


def add_finding(ctx: ServiceContext, kind: FindingKind, recordings: list[Recording], seconds: float | None = None):
    """An open finding of ``kind`` over ``recordings``."""
    with write_transaction():
        return raise_finding(ctx, kind, f"test {kind.value}", recording_ids=[r.id for r in recordings],
                             seconds=seconds)
