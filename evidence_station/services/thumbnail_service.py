"""Use case: make thumbnail strips for videos (derived data in the cache, never evidence)."""

from __future__ import annotations

from pathlib import Path

from evidence_station.catalogue.recordings import Recording
from evidence_station.domain.progress import CancelToken, ProgressCallback, Stage, check_cancel, report
from evidence_station.domain.roles import Operation
from evidence_station.media.thumbnails import make_thumbnail_strip
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station


def thumbnail_path(station: Station, sha256: str) -> Path:
    """Where the strip for the blob ``sha256`` lives (it may not exist yet)."""
    return station.home.cache_dir / "thumbnails" / sha256[:2] / f"{sha256}.png"


def make_thumbnails(
    ctx: ServiceContext,
    recording_ids: list[int],
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> int:
    """Make missing strips for the given recordings; failures leave no file (the GUI shows a placeholder).

    Returns how many strips were made. Runs after an import, never during it (custodians, administrators).
    """
    ctx.require(Operation.IMPORT_CARD, "recording", ",".join(str(i) for i in recording_ids[:20]))
    made = 0
    recs = list(Recording.select().where(Recording.id.in_(recording_ids) & (Recording.kind == "video")
                                         & (Recording.playable == True)))  # noqa: E712
    for index, rec in enumerate(recs, 1):
        check_cancel(cancel)
        target = thumbnail_path(ctx.station, rec.sha256)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            if make_thumbnail_strip(ctx.station.vault.blob_path(rec.sha256), target):
                made += 1
        report(progress, index, len(recs), "files", rec.card_path, "thumbnails", Stage.THUMBNAILS)
    return made
