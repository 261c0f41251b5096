"""The disc register as JSON and as lines for people (``disc …`` and ``case show``)."""

from __future__ import annotations

from typing import Any

from evidence_station.api.discs import DiscCopyView, DiscRecordView


def copy_json(copy: DiscCopyView) -> dict[str, Any]:
    """One copy as JSON: its holder and where it went (``location``: the last transfer)."""
    transfers = [{"transfer_id": t.transfer_id, "destination_kind": t.destination_kind, "destination": t.destination,
                  "received_by": t.received_by, "received_at": t.received_at, "recorded_by": t.recorded_by,
                  "recorded_at": t.recorded_at, "note": t.note} for t in copy.transfers]
    return {"number": copy.number, "holder": copy.holder, "transfers": transfers,
            "location": transfers[-1] if transfers else None}


def disc_json(disc: DiscRecordView) -> dict[str, Any]:
    """A register entry as JSON (``case show`` lists them too)."""
    return {"disc_id": disc.disc_id, "export_id": disc.export_id, "case_id": disc.case_id,
            "case_number": disc.case_number, "disc_index": disc.disc_index, "disc_count": disc.disc_count,
            "volume_id": disc.volume_id, "image_sha256": disc.image_sha256, "image_size": disc.image_size,
            "copies": disc.copies, "classification": disc.classification, "classified": disc.classified,
            "secrecy_period": disc.secrecy_period or None, "producer": disc.producer, "extractor": disc.extractor,
            "extraction_time": disc.extraction_time, "registered_by": disc.registered_by,
            "registered_at": disc.registered_at, "copy_records": [copy_json(c) for c in disc.copy_records],
            "entered_by_export": disc.entered_by_export, "confirmed_by": disc.confirmed_by,
            "confirmed_at": disc.confirmed_at}


def disc_line(disc: DiscRecordView) -> str:
    """One line for people."""
    secret = f" [{disc.classification_zh}，保密期限 {disc.secrecy_period}]" if disc.classified else ""
    where = "; ".join(f"copy {c.number}: {c.transfers[-1].destination_kind} {c.transfers[-1].destination}"
                      for c in disc.copy_records if c.transfers)
    waiting = " (entered by the export; to confirm: disc register)" if disc.confirmed_by is None else ""
    return (f"#{disc.disc_id} {disc.case_number} disc {disc.disc_index}/{disc.disc_count} {disc.volume_id} "
            f"SHA-256 {disc.image_sha256[:16]}… ×{disc.copies}{secret}{waiting}" + (f" — {where}" if where else ""))
