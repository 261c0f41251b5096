"""Names of the files at the root of an evidence disc and the rules for the originals' paths."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MANIFEST_NAME = "MANIFEST.json"
MANIFEST_SIGNATURE_NAME = "MANIFEST.json.p7s"
STATION_CERT_NAME = "STATION-CERT.pem"
SHA256SUMS_NAME = "SHA256SUMS"
SM3SUMS_NAME = "SM3SUMS"
README_NAME = "README.txt"
PROVENANCE_NAME = "PROVENANCE.pdf"
AUDIT_CHECKPOINT_NAME = "AUDIT-CHECKPOINT.json"
ORIGINALS_DIR = "originals"
NO_DEVICE_DIR = "unknown-device"

#: Root files that mark a folder or image as an evidence disc.
MARKER_NAMES = frozenset({MANIFEST_NAME, MANIFEST_SIGNATURE_NAME, STATION_CERT_NAME, SHA256SUMS_NAME})
#: Files the sums files do not cover (themselves and the manifest signature).
NOT_IN_SUMS = frozenset({SHA256SUMS_NAME, SM3SUMS_NAME, MANIFEST_SIGNATURE_NAME})
#: Payload files at the root besides the originals (the audit checkpoint is optional).
ROOT_PAYLOAD_NAMES = frozenset(
    {
        MANIFEST_NAME,
        MANIFEST_SIGNATURE_NAME,
        STATION_CERT_NAME,
        SHA256SUMS_NAME,
        SM3SUMS_NAME,
        README_NAME,
        PROVENANCE_NAME,
        AUDIT_CHECKPOINT_NAME,
    }
)

#: Joliet stores at most 64 UTF-16 code units per name; every name on the disc stays within it.
MAX_NAME_UNITS = 64
_FORBIDDEN = re.compile(r'[\\/:*?"<>|;\x00-\x1f\x7f]')


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def safe_component(name: str, fallback: str) -> str:
    """A single path component that is legal in Joliet, Rock Ridge, UDF, Windows and ``sha256sum`` files.

    Characters Windows or Joliet refuse become ``_``; the result keeps at most 64 UTF-16 units (the
    stem is shortened, the extension kept). An empty or dot-only name becomes ``fallback``.
    """
    cleaned = _FORBIDDEN.sub("_", unicodedata.normalize("NFC", name)).strip().rstrip(".")
    if not cleaned.strip("."):
        cleaned = fallback
    if _utf16_units(cleaned) <= MAX_NAME_UNITS:
        return cleaned
    stem, dot, suffix = cleaned.rpartition(".")
    if not dot or _utf16_units(suffix) > 10:
        stem, suffix, dot = cleaned, "", ""
    while stem and _utf16_units(stem + dot + suffix) > MAX_NAME_UNITS:
        stem = stem[:-1]
    return stem + dot + suffix


def _numbered(name: str, number: int) -> str:
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    tag = f"({number})"
    while stem and _utf16_units(stem + tag + dot + suffix) > MAX_NAME_UNITS:
        stem = stem[:-1]
    return f"{stem}{tag}{dot}{suffix}"


def original_disc_paths(entries: Iterable[tuple[str, str]]) -> list[str]:
    """Disc paths (``originals/<device>/<name>``) for ``(device, file name)`` pairs, unique, in order.

    Names are made safe with :func:`safe_component`; two originals that end up with the same name
    (case-insensitively, as Windows and Joliet compare) get `` (2)``-style numbers.
    """
    taken: set[str] = set()
    paths: list[str] = []
    for device, name in entries:
        folder = safe_component(device, NO_DEVICE_DIR)
        base = safe_component(name, "recording")
        candidate, number = base, 1
        while f"{folder}/{candidate}".casefold() in taken:
            number += 1
            candidate = _numbered(base, number)
        taken.add(f"{folder}/{candidate}".casefold())
        paths.append(f"{ORIGINALS_DIR}/{folder}/{candidate}")
    return paths
