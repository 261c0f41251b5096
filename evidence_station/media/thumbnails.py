"""Thumbnail strips: a few pictures spread over a video, side by side in one PNG, made in a child process."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from evidence_station.media.isolation import run_worker

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def make_thumbnail_strip(
    video: Path, out_png: Path, count: int = 6, height: int = 72, timeout: float = 30.0
) -> bool:
    """Write a strip of ``count`` pictures of ``video`` (each ``height`` pixels high) to ``out_png``.

    The decoding runs in a separate process killed after ``timeout`` seconds. Returns True when the strip
    was written; False (and nothing is written) when the video cannot be decoded, the worker crashed or
    timed out, or ``out_png``'s folder does not exist.
    """
    if count < 1 or height < 1:
        raise ValueError("A thumbnail strip needs at least one picture of at least one pixel height.")
    partial = out_png.with_name(f".{out_png.name}.{uuid.uuid4().hex}.partial")
    try:
        outcome = run_worker(
            ["thumbnails", str(video.absolute()), str(partial.absolute()), str(count), str(height)], timeout
        )
        if outcome.payload is None or outcome.payload.get("ok") is not True:
            return False
        with partial.open("rb") as handle:
            if handle.read(len(PNG_SIGNATURE)) != PNG_SIGNATURE:
                return False
        os.replace(partial, out_png)
        return True
    except OSError:
        return False
    finally:
        partial.unlink(missing_ok=True)
