"""Probe a media file safely: the decoding runs in a separate process with a time limit.

:func:`probe_media` is what the station calls (import, re-check). :func:`probe_media_inprocess` does the
same work in the calling process; the worker and tests use it.
"""

from __future__ import annotations

from pathlib import Path

from evidence_station.media.info import EMPTY_FILE_ERROR, MediaInfo, triage
from evidence_station.media.isolation import run_worker, unreadable_answer

__all__ = ["DEFAULT_TIMEOUT_S", "EMPTY_FILE_ERROR", "MediaInfo", "probe_media", "probe_media_inprocess"]

DEFAULT_TIMEOUT_S = 30.0


def probe_media_inprocess(path: Path, name: str | None = None) -> MediaInfo:
    """Probe ``path`` in this process (imports OpenCV). Never raises for a bad file."""
    from evidence_station.media.decoding import probe_media_inprocess as probe

    return probe(path, name)


def probe_media(path: Path, timeout: float = DEFAULT_TIMEOUT_S, name: str | None = None) -> MediaInfo:
    """Probe ``path`` in a child process that is killed after ``timeout`` seconds.

    Never raises for a bad, hostile or unreadable file: the result then has ``playable=False`` and a
    sentence in ``error`` (a crash or timeout of the decoder is reported the same way). The kind is worked
    out here from the extension and the first bytes, so it is known even when the decoder fails.
    ``name`` is the original file name (its extension matters) when ``path`` is a vault blob.
    """
    kind, _head, verdict = triage(path, name)
    if verdict is not None:
        return verdict
    outcome = run_worker(["probe", str(path.absolute()), name or path.name], timeout)
    if outcome.payload is not None:
        try:
            return MediaInfo.from_dict(outcome.payload)
        except (KeyError, TypeError, ValueError):
            return MediaInfo(kind, False).failed(*unreadable_answer())
    return MediaInfo(kind, False, error=outcome.error, error_zh=outcome.error_zh)
