"""Thumbnail strips: a few pictures spread over a video, side by side in one PNG, made in a child process."""

from __future__ import annotations

import io
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


#: The list icon of a recording: the start of its strip at this height, at most ``LIST_ICON_ASPECT`` times as wide.
LIST_ICON_HEIGHT = 32
LIST_ICON_ASPECT = 4


def list_icon(strip: Path, height: int = LIST_ICON_HEIGHT, aspect: int = LIST_ICON_ASPECT) -> bytes | None:
    """The small list icon cut from a thumbnail strip the station made: the strip scaled to ``height`` pixels and
    cropped to at most ``aspect`` × ``height`` wide, as PNG — too small to show the footage. None when the strip
    is missing or unreadable."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(strip) as image:
            if image.format != "PNG" or image.height < 1:
                return None
            width = max(1, round(image.width * height / image.height))
            scaled = image.convert("RGB").resize((width, height), Image.Resampling.LANCZOS)
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return None
    out = io.BytesIO()
    scaled.crop((0, 0, min(width, aspect * height), height)).save(out, format="PNG")
    return out.getvalue()
