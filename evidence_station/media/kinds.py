"""Classify a file as video, audio, photo or other, by its extension and by its first bytes.

Magic bytes win when they are specific (a JPEG named ``.MP4`` is a photo), except for the previews and
thumbnails cameras write beside a recording (:data:`SIDECAR_EXTENSIONS`, always "other"); for containers that can hold
either sound or pictures (MP4/ISO BMFF, Matroska, Ogg, ASF) the extension decides between video and audio.
A file whose bytes say nothing (empty, garbage) falls back to its extension.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path, PurePath

HEAD_SIZE = 512


class MediaKind(StrEnum):
    """The four kinds the catalogue knows."""

    VIDEO = "video"
    AUDIO = "audio"
    PHOTO = "photo"
    OTHER = "other"


_EXTENSIONS: dict[MediaKind, frozenset[str]] = {
    MediaKind.VIDEO: frozenset(
        {"mp4", "m4v", "mov", "3gp", "3g2", "avi", "mkv", "webm", "mts", "m2ts", "ts", "mpg", "mpeg", "vob"}
        | {"wmv", "asf", "flv", "h264", "h265", "264", "265", "dav"}
    ),
    MediaKind.AUDIO: frozenset(
        {"wav", "mp3", "aac", "amr", "awb", "m4a", "ogg", "oga", "opus", "wma", "flac"}
    ),
    MediaKind.PHOTO: frozenset({"jpg", "jpeg", "png", "bmp", "gif", "tif", "tiff", "webp", "heic", "heif"}),
}

#: Files cameras write next to a recording: low-resolution previews (``.LRV``, ``.LRF``) and thumbnails
#: (``.THM``) hold media bytes but are copies of the recording beside them, so they are "other", whatever
#: their bytes say (GPS tracks, logs and notes are "other" by their bytes anyway).
SIDECAR_EXTENSIONS = frozenset({"lrv", "lrf", "thm"})

_ISO_BMFF_TYPES = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot")
_AUDIO_BRANDS = (b"M4A ", b"M4B ", b"M4P ")
_PHOTO_BRANDS = (b"heic", b"heix", b"mif1", b"msf1", b"avif")


def kind_from_name(name: str | PurePath) -> MediaKind | None:
    """The kind the file's extension suggests (case-insensitive), or None for an unknown extension."""
    suffix = PurePath(name).suffix.lower().lstrip(".")
    for kind, extensions in _EXTENSIONS.items():
        if suffix in extensions:
            return kind
    return None


def is_iso_bmff(head: bytes) -> bool:
    """True when ``head`` starts like an MP4/MOV/3GP file (a box header with a known type)."""
    return len(head) >= 8 and head[4:8] in _ISO_BMFF_TYPES


def sniff_kind(head: bytes) -> tuple[MediaKind | None, bool]:
    """Kind from the first bytes of a file: ``(kind, ambiguous)``.

    ``ambiguous`` is True for containers that may hold audio or video; ``kind`` is None when the bytes
    are not recognised.
    """
    if is_iso_bmff(head):
        brand = head[8:12] if head[4:8] == b"ftyp" else b""
        if brand in _AUDIO_BRANDS:
            return MediaKind.AUDIO, False
        if brand in _PHOTO_BRANDS:
            return MediaKind.PHOTO, False
        return MediaKind.VIDEO, True
    if head[:4] == b"RIFF" and len(head) >= 12:
        if head[8:12] == b"WAVE":
            return MediaKind.AUDIO, False
        if head[8:12] == b"AVI ":
            return MediaKind.VIDEO, False
        if head[8:12] == b"WEBP":
            return MediaKind.PHOTO, False
        return None, False
    if head[:3] == b"\xff\xd8\xff" or head[:8] == b"\x89PNG\r\n\x1a\n" or head[:4] in (b"GIF8",):
        return MediaKind.PHOTO, False
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return MediaKind.PHOTO, False
    if head[:3] == b"ID3" or head[:6] == b"#!AMR\n" or head[:9] == b"#!AMR-WB\n" or head[:4] == b"fLaC":
        return MediaKind.AUDIO, False
    if len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0 and (head[1] & 0x18) != 0x08:
        # MPEG audio frame sync (MP3) or AAC ADTS (layer bits 00); 0x08 is the reserved version.
        return MediaKind.AUDIO, False
    if head[:4] == b"\x1aE\xdf\xa3" or head[:4] == b"OggS" or head[:8] == b"0&\xb2u\x8ef\xcf\x11":
        return (MediaKind.AUDIO if head[:4] == b"OggS" else MediaKind.VIDEO), True
    if head[:3] == b"FLV" or head[:4] in (b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3"):
        return MediaKind.VIDEO, False
    if len(head) > 188 and head[0] == 0x47 and head[188] == 0x47:
        return MediaKind.VIDEO, False
    return None, False


def classify_bytes(name: str | PurePath, head: bytes) -> MediaKind:
    """Combine the extension of ``name`` with the magic bytes ``head`` into one kind."""
    if PurePath(name).suffix.lower().lstrip(".") in SIDECAR_EXTENSIONS:
        return MediaKind.OTHER
    by_name = kind_from_name(name)
    by_bytes, ambiguous = sniff_kind(head)
    if by_bytes is None:
        return by_name or MediaKind.OTHER
    if ambiguous and by_name in (MediaKind.VIDEO, MediaKind.AUDIO):
        return by_name
    return by_bytes


def read_head(path: Path, size: int = HEAD_SIZE) -> bytes:
    """The first ``size`` bytes of ``path`` (fewer for a short file)."""
    with path.open("rb") as handle:
        return handle.read(size)


def classify_kind(path: Path) -> MediaKind:
    """The kind of the file at ``path``, from its extension and first bytes. Raises OSError if unreadable."""
    return classify_bytes(path.name, read_head(path))
