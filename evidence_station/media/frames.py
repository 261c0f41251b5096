"""One picture of a video at a given time, decoded in a child process (a hostile file may crash the decoder)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from evidence_station.media.isolation import run_worker
from evidence_station.media.thumbnails import PNG_SIGNATURE


@dataclass(frozen=True)
class Frame:
    """A decoded picture: its PNG bytes and size."""

    png: bytes
    width: int
    height: int


def decode_frame(video: Path, offset_ms: int, work_dir: Path, timeout: float = 30.0) -> Frame | str:
    """The picture shown ``offset_ms`` into ``video``, at the video's own size, as PNG.

    The decoding runs in a separate process killed after ``timeout`` seconds; its PNG passes through a file of
    its own in ``work_dir`` (a private folder: the picture is footage), removed before this returns. Returns a
    sentence saying why when no picture could be decoded (no picture at that time, damaged file, crash,
    timeout).
    """
    work_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = work_dir / f".frame-{uuid.uuid4().hex}.png"
    try:
        outcome = run_worker(["frame", str(video.absolute()), str(target.absolute()), str(int(offset_ms))], timeout)
        payload = outcome.payload
        if payload is None or payload.get("ok") is not True:
            return (payload or {}).get("error") or outcome.error or "the decoder gave no picture"
        png = target.read_bytes()
        if not png.startswith(PNG_SIGNATURE):
            return "the decoder wrote no PNG picture"
        return Frame(png, int(payload["width"]), int(payload["height"]))
    except (OSError, KeyError, TypeError, ValueError) as exc:
        return f"the picture could not be read back: {exc}"
    finally:
        target.unlink(missing_ok=True)
