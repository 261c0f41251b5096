"""Reading what ``verify-disc --against-station`` sends the station: the disc's signed audit checkpoint, its station
certificate and the extraction time its manifest states (the station checks them against its own chain)."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

from evidence_station.api.exports import DiscCheckpointEvidence
from evidence_station.disc.disc_reader import DiscReader, open_disc, read_small
from evidence_station.disc.layout import AUDIT_CHECKPOINT_NAME, MANIFEST_NAME, STATION_CERT_NAME
from evidence_station.domain.clock import ensure_utc
from evidence_station.domain.errors import InvalidInputError


def _extraction_time(disc: DiscReader) -> datetime | None:
    """The extraction time the disc's MANIFEST.json states (None when it cannot be read)."""
    try:
        manifest = json.loads(read_small(disc, MANIFEST_NAME).decode("utf-8"))
        return ensure_utc(datetime.fromisoformat(str(manifest["extraction_time"])))
    except (OSError, ValueError, KeyError, TypeError, InvalidInputError):
        return None


def read_disc_checkpoint(path: str | os.PathLike[str]) -> DiscCheckpointEvidence:
    """What the disc at ``path`` (image, mounted disc or copied folder) says for a check against the station.

    Raises like :func:`~evidence_station.disc.disc_reader.open_disc` when ``path`` is no disc at all.
    """
    shown = os.fspath(path)
    with open_disc(Path(path)) as disc:
        names = disc.files()
        certificate = None
        if STATION_CERT_NAME in names:
            try:
                certificate = read_small(disc, STATION_CERT_NAME).decode("ascii")
            except (OSError, ValueError, InvalidInputError):
                certificate = None
        extracted = _extraction_time(disc) if MANIFEST_NAME in names else None
        if AUDIT_CHECKPOINT_NAME not in names:
            return DiscCheckpointEvidence(shown, None, certificate, extracted)
        try:
            text = read_small(disc, AUDIT_CHECKPOINT_NAME).decode("utf-8")
        except (OSError, ValueError, InvalidInputError) as exc:
            reason = str(exc) or type(exc).__name__
            return DiscCheckpointEvidence(shown, None, certificate, extracted, read_error=reason)
    return DiscCheckpointEvidence(shown, text, certificate, extracted)
