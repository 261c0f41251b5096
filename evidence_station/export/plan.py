"""Plain dataclasses describing one evidence disc: what to copy and the Art. 17 provenance facts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from evidence_station.domain.clock import DEFAULT_ZONE, to_local


@dataclass(frozen=True)
class DiscBookmark:
    """An Art. 10 bookmark shown in the provenance sheet: offset into the recording, category, note."""

    offset_seconds: float
    category: str
    note: str = ""
    author: str = ""
    at: datetime | None = None


@dataclass(frozen=True)
class DiscFile:
    """One original to put on the disc.

    ``source`` is the vault blob; ``disc_name`` the original file name from the camera card (Chinese
    allowed); ``size``/``sha256``/``sm3`` are the values the catalogue recorded at import and are
    checked while copying. ``metadata`` is copied into the manifest as it is (JSON-serialisable values,
    datetimes allowed).
    """

    source: Path
    disc_name: str
    size: int
    sha256: str
    sm3: str
    device: str = ""
    officer: str = ""
    start: datetime | None = None
    end: datetime | None = None
    classification: str = ""  # the manifest's text, "<Chinese label> <value>"
    classification_zh: str = ""  # the Chinese label alone, for the provenance sheet (a Chinese document)
    metadata: Mapping[str, Any] = field(default_factory=dict)
    bookmarks: tuple[DiscBookmark, ...] = ()

    @property
    def duration_seconds(self) -> float | None:
        """Recording length from start to end, or None when either is unknown."""
        if self.start is None or self.end is None:
            return None
        return (self.end - self.start).total_seconds()


@dataclass(frozen=True)
class DiscProvenance:
    """The Art. 17 facts: who made and who extracted the copy, when, from where, for what."""

    case_number: str
    case_title: str
    producer: str
    extractor: str
    extraction_time: datetime
    station_name: str
    station_id: str
    source_storage: str
    purpose: str
    zone_name: str = DEFAULT_ZONE
    export_id: str = ""


@dataclass(frozen=True)
class CarrierSecrecy:
    """What makes a disc a classified carrier (涉密载体, Art. 20): the highest 密级 on it and its 保密期限."""

    classification: str  # the Classification value, e.g. "commercial_secret"
    classification_zh: str  # its Chinese name, e.g. "商业秘密"
    secrecy_period: str  # e.g. "10年" or "至2036-12-31"; "" when the export gave none


@dataclass(frozen=True)
class DiscPlan:
    """Everything needed to stage disc ``disc_index`` of ``disc_count``.

    ``audit_checkpoint`` is the latest signed audit checkpoint as a JSON-ready dict; the keys
    ``event_count``, ``head_hash`` and ``signed_at`` are shown in the provenance sheet (the aliases
    ``events``/``chain_head``/``created_at`` are accepted too), the whole dict is written to
    ``AUDIT-CHECKPOINT.json`` and into the manifest. ``secrecy`` (a disc holding a classified recording) puts
    密级 and 保密期限 into ``MANIFEST.json`` (``"classified_carrier"``) and onto PROVENANCE.pdf.
    """

    provenance: DiscProvenance
    files: tuple[DiscFile, ...]
    disc_index: int = 1
    disc_count: int = 1
    audit_checkpoint: Mapping[str, Any] | None = None
    secrecy: CarrierSecrecy | None = None  # set when the disc holds a classified recording


@dataclass(frozen=True)
class StagedFile:
    """One original as staged: its path relative to the disc root and what was verified while copying."""

    disc_path: str
    size: int
    sha256: str
    sm3: str


@dataclass(frozen=True)
class StagedDisc:
    """A finished staging tree, ready for :func:`~evidence_station.export.disc_image.build_disc_image`."""

    root: Path
    files: tuple[StagedFile, ...]
    manifest_sha256: str
    station_cert_sha256: str
    volume_label: str
    total_bytes: int


CHECKPOINT_KEYS = {
    "event_count": ("event_count", "events", "count"),
    "head_hash": ("head_hash", "chain_head", "head"),
    "signed_at": ("signed_at", "created_at", "at"),
}


def checkpoint_field(checkpoint: Mapping[str, Any], name: str) -> Any:
    """Read ``event_count``, ``head_hash`` or ``signed_at`` from a checkpoint dict (aliases allowed)."""
    for key in CHECKPOINT_KEYS[name]:
        if key in checkpoint:
            return checkpoint[key]
    return None


def format_local_time(value: datetime | None, zone_name: str = DEFAULT_ZONE) -> str:
    """``2026-11-24 09:30:00`` in the station zone, or ``—`` when unknown."""
    if value is None:
        return "—"
    return to_local(value, zone_name).strftime("%Y-%m-%d %H:%M:%S")


def format_duration(seconds: float | None) -> str:
    """``HH:MM:SS`` (tenths are dropped), or ``—`` when unknown."""
    if seconds is None:
        return "—"
    whole = max(0, int(seconds))
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
