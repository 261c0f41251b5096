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
#: The file a signed document carries its chain head in (the signed audit checkpoint it was issued at, as
#: ``AUDIT-CHECKPOINT.json`` on a disc), attached to the PDF before it is signed (``export/pdf_signing.py``).
CHAIN_HEAD_ATTACHMENT = AUDIT_CHECKPOINT_NAME
#: The in-browser verifier (see :mod:`evidence_station.export.verifier_page`).
VERIFIER_NAME = "VERIFY.html"
ORIGINALS_DIR = "originals"
NO_DEVICE_DIR = "unknown-device"

#: Root files that mark a folder or image as an evidence disc.
MARKER_NAMES = frozenset({MANIFEST_NAME, MANIFEST_SIGNATURE_NAME, STATION_CERT_NAME, SHA256SUMS_NAME})
#: Files the sums files do not cover (themselves and the manifest signature).
NOT_IN_SUMS = frozenset({SHA256SUMS_NAME, SM3SUMS_NAME, MANIFEST_SIGNATURE_NAME})
#: Payload files at the root besides the originals (the audit checkpoint is optional; discs made before the
#: in-browser verifier have no VERIFY.html).
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
        VERIFIER_NAME,
    }
)

#: Joliet stores at most 64 UTF-16 code units per name.
MAX_NAME_UNITS = 64
#: pycdlib (which writes the image) counts a Joliet name in UTF-8 bytes, not UTF-16 units, and refuses
#: more than 64: a Chinese name may have at most 21 characters. Every name on the disc stays within both.
MAX_NAME_BYTES = 64
#: An extension longer than this is treated as part of the stem when a name must be shortened.
_MAX_SUFFIX_UNITS = 10
_FORBIDDEN = re.compile(r'[\\/:*?"<>|;\x00-\x1f\x7f]')
#: Names Windows reserves for devices, with or without an extension (``CON.MP4`` cannot be copied).
_WINDOWS_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?$", re.IGNORECASE)


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def name_fits(name: str) -> bool:
    """True when ``name`` fits one Joliet name as pycdlib writes it (≤ 64 UTF-16 units and ≤ 64 UTF-8 bytes)."""
    return _utf16_units(name) <= MAX_NAME_UNITS and len(name.encode("utf-8")) <= MAX_NAME_BYTES


def _tidy_end(text: str) -> str:
    """Windows drops trailing spaces and dots when it copies a file: never end a name with them."""
    return text.rstrip(" .")


def _shorten(stem: str, tail: str) -> str:
    """``stem + tail`` with the stem cut (whole code points) until the name fits; never ends in space or dot."""
    while stem and not name_fits(_tidy_end(stem) + tail):
        stem = stem[:-1]
    return _tidy_end(stem) + tail


def _split_suffix(name: str) -> tuple[str, str]:
    """``("stem", ".ext")``; a name without a usable extension is all stem."""
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem or _utf16_units(suffix) > _MAX_SUFFIX_UNITS:
        return name, ""
    return stem, dot + suffix


def safe_component(name: str, fallback: str) -> str:
    """A single path component that is legal in Joliet, Rock Ridge, UDF, Windows and ``sha256sum`` files.

    Characters Windows or Joliet refuse become ``_``; a Windows device name (``CON``, ``NUL.MP4`` …)
    gets a leading ``_``; no name ends in a space or a dot (Windows would drop them when copying). The
    result fits :func:`name_fits` (the stem is shortened, the extension kept). An empty or dot-only
    name becomes ``fallback``.
    """
    cleaned = _tidy_end(_FORBIDDEN.sub("_", unicodedata.normalize("NFC", name)).strip())
    if not cleaned.strip("."):
        cleaned = fallback
    if _WINDOWS_RESERVED.match(cleaned):
        cleaned = "_" + cleaned
    if name_fits(cleaned):
        return cleaned
    stem, suffix = _split_suffix(cleaned)
    return _shorten(stem, suffix) or _shorten(cleaned, "") or fallback


def _numbered(name: str, number: int) -> str:
    stem, suffix = _split_suffix(name)
    return _shorten(stem, f"({number}){suffix}")


def original_disc_paths(entries: Iterable[tuple[str, str]]) -> list[str]:
    """Disc paths (``originals/<device>/<name>``) for ``(device, file name)`` pairs, unique, in order.

    Names are made safe with :func:`safe_component`; two originals that end up with the same name
    (case-insensitively, as Windows and Joliet compare, also after shortening) get ``(2)``-style numbers.
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
