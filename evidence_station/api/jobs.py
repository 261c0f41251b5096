"""Long work across the boundary: the events a job sends while it runs (progress), and how it ends."""

from __future__ import annotations

import msgspec

from evidence_station.api.errors import ErrorPayload
from evidence_station.domain.progress import Progress, Stage


class StartedEvent(msgspec.Struct, frozen=True, tag="started"):
    """The first event of a job: its id (to cancel it)."""

    job_id: str


class ProgressEvent(msgspec.Struct, frozen=True, tag="progress"):
    """One :class:`~evidence_station.domain.progress.Progress` report."""

    done: int
    total: int
    unit: str = "bytes"
    item: str = ""
    message: str = ""
    stage: Stage = Stage.WORKING

    @classmethod
    def of(cls, progress: Progress) -> ProgressEvent:
        """The event of a progress report."""
        return cls(progress.done, progress.total, progress.unit, progress.item, progress.message, progress.stage)

    def progress(self) -> Progress:
        """The progress report this event carries."""
        return Progress(self.done, self.total, self.unit, self.item, self.message, self.stage)


class ResultEvent(msgspec.Struct, frozen=True, tag="result"):
    """The last event of a job that succeeded: the operation's result."""

    result: msgspec.Raw


class ErrorEvent(msgspec.Struct, frozen=True, tag="error"):
    """The last event of a job that failed (or was cancelled: code ``cancelled``)."""

    error: ErrorPayload


JobEvent = StartedEvent | ProgressEvent | ResultEvent | ErrorEvent
