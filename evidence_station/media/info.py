"""The result of probing one media file, and its JSON form (stored in the catalogue, passed by workers)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from evidence_station.domain.clock import ensure_utc
from evidence_station.media.kinds import MediaKind, classify_bytes, kind_from_name, read_head

EMPTY_FILE_ERROR = "empty file: it has 0 bytes and holds no recording"
EMPTY_FILE_ERROR_ZH = "空文件：大小为 0 字节，不含任何录像。"
NOT_MEDIA_ERROR = "This file is not a video, an audio recording or a photo."
NOT_MEDIA_ERROR_ZH = "该文件不是视频、录音或照片。"


@dataclass(frozen=True)
class MediaInfo:
    """What a probe learnt about a file.

    ``playable`` means the decoder could actually read it (first and last pictures for video, all samples
    for WAV, the pixels for a photo). ``error`` is a human sentence whenever ``playable`` is False, and
    ``error_zh`` the same sentence in Chinese (None in results probed before the station wrote Chinese).
    ``creation_time`` comes from the MP4/MOV ``mvhd`` box or a photo's EXIF with its zone offset (aware UTC),
    None when absent or unset. ``taken_local`` is a photo's EXIF time without a zone: the camera's naive
    wall-clock time, which the importer reads in the station's zone.
    """

    kind: MediaKind
    playable: bool
    duration_s: float | None = None
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    codec: str | None = None
    frame_count: int | None = None
    creation_time: datetime | None = None
    error: str | None = None
    taken_local: datetime | None = None
    error_zh: str | None = None
    #: Art. 13: long black, covered or frozen stretches of a video (``{"kind", "start_s", "end_s"}`` dicts)
    picture_stretches: tuple[dict[str, Any], ...] = ()
    #: how many seconds from the start the Art. 13 check looked at (None: not checked; less than the duration: its
    #: time budget ran out)
    picture_checked_s: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``creation_time`` as ISO 8601 UTC)."""
        data = asdict(self)
        data["kind"] = self.kind.value
        data["creation_time"] = self.creation_time.isoformat() if self.creation_time else None
        data["taken_local"] = self.taken_local.isoformat() if self.taken_local else None
        data["picture_stretches"] = [dict(s) for s in self.picture_stretches]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MediaInfo:
        """The inverse of :meth:`to_dict`; raises ValueError/KeyError/TypeError on malformed input."""
        created = data.get("creation_time")
        taken = data.get("taken_local")
        return cls(
            kind=MediaKind(data["kind"]),
            playable=bool(data["playable"]),
            duration_s=_optional(float, data.get("duration_s")),
            width=_optional(int, data.get("width")),
            height=_optional(int, data.get("height")),
            fps=_optional(float, data.get("fps")),
            codec=_optional(str, data.get("codec")),
            frame_count=_optional(int, data.get("frame_count")),
            creation_time=ensure_utc(datetime.fromisoformat(created)) if created else None,
            error=_optional(str, data.get("error")),
            taken_local=datetime.fromisoformat(taken).replace(tzinfo=None) if taken else None,
            error_zh=_optional(str, data.get("error_zh")),
            picture_checked_s=_optional(float, data.get("picture_checked_s")),
            picture_stretches=tuple({"kind": str(s["kind"]), "start_s": float(s["start_s"]),
                                     "end_s": float(s["end_s"])} for s in data.get("picture_stretches") or ()),
        )

    def failed(self, error: str, error_zh: str | None) -> MediaInfo:
        """A copy marked not playable with ``error`` (and the same sentence in Chinese)."""
        return replace(self, playable=False, error=error, error_zh=error_zh)


def _optional(convert: type, value: Any) -> Any:
    return None if value is None else convert(value)


def triage(path: Path, name: str | None = None) -> tuple[MediaKind, bytes, MediaInfo | None]:
    """The cheap first look at a file, safe in any process: its kind, its first bytes, and a final verdict
    when no decoding is needed (unreadable, empty, or not media at all), else None.

    ``name`` is the file's original name when ``path`` has none worth reading (a vault blob); its extension
    is used for the kind.
    """
    name = name or path.name
    try:
        size = path.stat().st_size
        head = read_head(path)
    except OSError as exc:
        kind = kind_from_name(name) or MediaKind.OTHER
        why = exc.strerror or str(exc)
        return kind, b"", MediaInfo(kind, False).failed(f"The file cannot be read: {why}.", f"无法读取该文件：{why}。")
    kind = classify_bytes(name, head)
    if size == 0:
        return kind, head, MediaInfo(kind, False).failed(EMPTY_FILE_ERROR, EMPTY_FILE_ERROR_ZH)
    if kind is MediaKind.OTHER:
        return kind, head, MediaInfo(kind, False).failed(NOT_MEDIA_ERROR, NOT_MEDIA_ERROR_ZH)
    return kind, head, None
