"""Writing ``MANIFEST.json``, its detached CMS signature and the ``SHA256SUMS``/``SM3SUMS`` files (checking them is
:mod:`evidence_station.disc.signatures`)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from cryptography import x509

from evidence_station.disc.signatures import certificate_sha256
from evidence_station.domain.clock import iso
from evidence_station.domain.messages import Msg
from evidence_station.export.errors import SigningError
from evidence_station.export.plan import CarrierSecrecy, DiscFile, DiscPlan, StagedFile
from evidence_station.identity.signer import StationSigner

FORMAT_NAME = "evidence-station-disc"
FORMAT_VERSION = 1


def _json_ready(value: Any, zone_name: str) -> Any:
    if isinstance(value, datetime):
        return iso(value, zone_name)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, Mapping):
        return {
            str(k): _json_ready(v, zone_name) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))
        }
    if isinstance(value, list | tuple | set | frozenset):
        items = [_json_ready(v, zone_name) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    return value


def _recording_entry(item: DiscFile, zone_name: str) -> dict[str, Any]:
    return {
        "device": item.device,
        "officer": item.officer,
        "start": iso(item.start, zone_name),
        "end": iso(item.end, zone_name),
        "duration_seconds": item.duration_seconds,
        "classification": item.classification,
        "original_name": item.disc_name,
        "metadata": _json_ready(item.metadata, zone_name),
        "bookmarks": [
            {
                "offset_seconds": mark.offset_seconds,
                "at": iso(mark.at, zone_name),
                "category": mark.category,
                "note": mark.note,
                "author": mark.author,
            }
            for mark in item.bookmarks
        ],
    }


def _carrier_entry(secrecy: CarrierSecrecy | None) -> dict[str, str] | None:
    """The ``"classified_carrier"`` value: 密级 and 保密期限 of a classified carrier, None for any other disc."""
    if secrecy is None:
        return None
    return {"classification": secrecy.classification, "classification_zh": secrecy.classification_zh,
            "secrecy_period": secrecy.secrecy_period}


def build_manifest(
    plan: DiscPlan, staged: Iterable[StagedFile], cert: x509.Certificate, verifier: StagedFile | None = None
) -> bytes:
    """The UTF-8 bytes of ``MANIFEST.json`` (fixed key order, indent 2, trailing newline).

    ``staged`` must be in the same order as ``plan.files``. ``verifier`` is the disc's ``VERIFY.html``: its
    path, size and digests go under ``"verifier"``, so the signature also covers the page a clerk runs.
    """
    facts = plan.provenance
    zone_name = facts.zone_name
    files = []
    for item, done in zip(plan.files, staged, strict=True):
        files.append(
            {
                "path": done.disc_path,
                "size": done.size,
                "sha256": done.sha256,
                "sm3": done.sm3,
                "recording": _recording_entry(item, zone_name),
            }
        )
    document = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "station": {
            "name": facts.station_name,
            "id": facts.station_id,
            "certificate_sha256": certificate_sha256(cert),
        },
        "case": {"number": facts.case_number, "title": facts.case_title},
        "export_id": facts.export_id,
        "producer": facts.producer,
        "extractor": facts.extractor,
        "extraction_time": iso(facts.extraction_time, zone_name),
        "time_zone": zone_name,
        "purpose": facts.purpose,
        "source_storage": facts.source_storage,
        "disc": {"index": plan.disc_index, "count": plan.disc_count},
        "classified_carrier": _carrier_entry(plan.secrecy),
        "audit_checkpoint": _json_ready(plan.audit_checkpoint, zone_name) if plan.audit_checkpoint else None,
        "files": files,
    }
    if verifier is not None:
        document["verifier"] = {
            "path": verifier.disc_path,
            "size": verifier.size,
            "sha256": verifier.sha256,
            "sm3": verifier.sm3,
        }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def sign_manifest(manifest: bytes, signer: StationSigner) -> bytes:
    """DER CMS detached signature (SHA-256, certificate embedded) over the exact manifest bytes, by the station's
    signer."""
    try:
        return signer.sign_cms_detached(manifest)
    except Exception as exc:
        raise SigningError(Msg("MANIFEST.json could not be signed with the station key: {exc}", exc=exc)) from exc


def format_sums(entries: Mapping[str, str]) -> bytes:
    """A ``sha256sum -c`` compatible file: ``<hex>  <path>`` per line, sorted by path, UTF-8."""
    return "".join(f"{digest}  {path}\n" for path, digest in sorted(entries.items())).encode("utf-8")


