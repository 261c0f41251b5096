"""The findings an import raises: empty and damaged files, late imports, duplicates, gaps and overlaps."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import timedelta
from typing import Any

from evidence_station.api.findings import FindingView
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.recordings import Finding, FindingRecording, ImportSession, Recording
from evidence_station.domain.clock import to_local
from evidence_station.domain.compliance import DEVICE_STATUS_LABELS, DeviceStatus
from evidence_station.domain.filenames import names_after_the_fact, recording_channel
from evidence_station.domain.findings import (
    FindingKind,
    Segment,
    continuity_findings,
    duration,
    is_late,
)
from evidence_station.domain.messages import Items, Msg, Said
from evidence_station.media.kinds import MediaKind
from evidence_station.services.context import ServiceContext

MEDIA_KINDS = {MediaKind.VIDEO.value, MediaKind.AUDIO.value, MediaKind.PHOTO.value}
#: Device statuses whose footage is a finding (Art. 6/12): the device should not have been in use.
OUT_OF_SERVICE = {DeviceStatus.RETIRED.value, DeviceStatus.UNDER_REPAIR.value}


def new_import_finding(
    ctx: ServiceContext, session: ImportSession, kind: FindingKind, recordings: list[int], message: Msg,
    seconds: float | None = None, details: dict[str, Any] | None = None,
) -> FindingView:
    """Store a finding of ``session`` about ``recordings`` (inside the caller's transaction) and return its view.

    ``message`` is stored in English with its Chinese from the catalogue (``details["message_zh"]``)."""
    view = FindingView.of(0, kind.value, recordings, seconds, message)
    finding = Finding.create(kind=kind.value, message=view.message, seconds=seconds, import_session=session,
                             details={**(details or {}), "message_zh": view.message_zh}, created_at=ctx.now())
    for rid in recordings:
        FindingRecording.create(finding=finding, recording=rid)
    return replace(view, id=finding.id)


def _existing_pair(kind: FindingKind, a: int, b: int) -> bool:
    linked = (FindingRecording.select(FindingRecording.finding)
              .join(Finding).where((Finding.kind == kind.value) & (FindingRecording.recording == a)))
    return (FindingRecording.select().where((FindingRecording.finding.in_(linked))
                                            & (FindingRecording.recording == b)).exists())


def raise_import_findings(
    ctx: ServiceContext,
    session: ImportSession,
    recordings: list[Recording],
    duplicates: list[tuple[Recording, Recording]],
) -> list[FindingView]:
    settings = ctx.station.settings
    found: list[FindingView] = []
    with write_transaction():
        for rec in recordings:
            if rec.size == 0:
                found.append(new_import_finding(ctx, session, FindingKind.EMPTY, [rec.id],
                                          Msg("{path} is an empty (zero-byte) file; it is kept as evidence.",
                                              path=rec.card_path)))
            elif rec.kind in MEDIA_KINDS and not rec.playable:
                media = rec.media or {}
                error = (Said(media["error"], zh_CN=(media.get("error_zh") or "").rstrip("。")) if media.get("error")
                         else Msg("it cannot be decoded"))  # the decoder's own words, as the probe stored them
                damaged = Msg("{path} is damaged: {error} It is stored as evidence anyway.", path=rec.card_path,
                              error=error)
                found.append(new_import_finding(ctx, session, FindingKind.DAMAGED, [rec.id], damaged))
            delay = timedelta(seconds=rec.import_delay_s) if rec.import_delay_s is not None else None
            if is_late(delay, settings.late_import_hours) and delay is not None:
                found.append(new_import_finding(
                    ctx, session, FindingKind.LATE_IMPORT, [rec.id],
                    Msg("{path} was imported {delay} after the recording ended (Art. 15 allows {hours:g} h); record "
                        "the reason.", path=rec.card_path, delay=duration(delay.total_seconds()),
                        hours=settings.late_import_hours),
                    delay.total_seconds()))
            found.extend(_provenance_findings(ctx, session, rec))
            found.extend(_picture_findings(ctx, session, rec))
        for rec, original in duplicates:
            found.append(new_import_finding(ctx, session, FindingKind.DUPLICATE, [original.id, rec.id],
                                      Msg("{path} has the same bytes as recording {id} ({original}); stored once, "
                                          "catalogued twice.", path=rec.card_path, id=original.id,
                                          original=original.card_path)))
        found.extend(_continuity(ctx, session, recordings))
    return found


def _provenance_findings(ctx: ServiceContext, session: ImportSession, rec: Recording) -> list[FindingView]:
    """Art. 11: a file named as recorded afterwards (补录) and a recording that names no camera (which device made
    it, and whether its clock was checked, cannot be known) — each is stored as evidence and flagged."""
    if rec.kind not in MEDIA_KINDS or rec.size == 0 or rec.duplicate_of_id is not None:
        return []
    found = []
    word = names_after_the_fact(rec.file_name)
    if word is not None:
        found.append(new_import_finding(
            ctx, session, FindingKind.AFTER_THE_FACT, [rec.id],
            Msg("{path} is named as recorded after the fact ({word}); Art. 11 forbids after-the-fact recording: "
                "find out when and by whom it was recorded.", path=rec.card_path, word=word),
            details={"word": word}))
    if rec.device is None:
        found.append(new_import_finding(
            ctx, session, FindingKind.NO_DEVICE, [rec.id],
            Msg("{path} names no camera: the device that recorded it (and whether its clock was checked, Art. 7) is "
                "unknown, so its times and completeness cannot be checked (Art. 11).", path=rec.card_path)))
    elif rec.device.status in OUT_OF_SERVICE:
        status = DeviceStatus(rec.device.status)
        found.append(new_import_finding(
            ctx, session, FindingKind.DEVICE_NOT_IN_SERVICE, [rec.id],
            Msg("{path} comes from device {serial}, which the registry lists as {status}; a device out of service may "
                "not be used (Art. 6/12): find out who used it and why.", path=rec.card_path, serial=rec.device.serial,
                status=DEVICE_STATUS_LABELS[status]),
            details={"device": rec.device.serial, "device_status": status.value}))
    return found


#: How the probe names a stretch's picture (Art. 13).
_PICTURE_WORDS: dict[str, Msg] = {"black": Msg("black picture"),
                                  "covered": Msg("covered lens (flat picture)"),
                                  "frozen": Msg("frozen picture")}


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 3600:d}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def _picture_findings(ctx: ServiceContext, session: ImportSession, rec: Recording) -> list[FindingView]:
    """Art. 13: a video whose probe found long black, covered-lens or frozen stretches — one finding naming each
    stretch with its times (into the file, and the camera's wall-clock time)."""
    stretches = (rec.media or {}).get("picture_stretches") or []
    if rec.kind != MediaKind.VIDEO.value or not stretches or rec.duplicate_of_id is not None:
        return []
    zone = ctx.station.settings.zone
    parts: list[Msg] = []
    for stretch in stretches:
        words = _PICTURE_WORDS.get(stretch["kind"]) or stretch["kind"]
        start, end = float(stretch["start_s"]), float(stretch["end_s"])
        span = f"{_clock(start)}–{_clock(end)}"
        if rec.start_at is not None:
            wall = f"{to_local(rec.start_at + timedelta(seconds=start), zone):%H:%M:%S}–" \
                   f"{to_local(rec.start_at + timedelta(seconds=end), zone):%H:%M:%S}"
            span += f" ({wall})"
        parts.append(Msg("{words} {span}", words=words, span=span))
    total = sum(float(s["end_s"]) - float(s["start_s"]) for s in stretches)
    return [new_import_finding(
        ctx, session, FindingKind.PICTURE_OBSCURED, [rec.id],
        Msg("{path} records nothing of the scene for long stretches: {stretches} — Art. 13: the camera must be worn "
            "so that it records the scene; find out why.", path=rec.card_path, stretches=Items(parts, clauses=True)),
        seconds=total, details={"stretches": stretches})]


def _continuity(ctx: ServiceContext, session: ImportSession, recordings: list[Recording]) -> list[FindingView]:
    """Gaps and overlaps between consecutive recordings of one device and one channel (``_A``/``_B``
    streams of a dual-lens camera run side by side), new recordings against the catalogue's neighbours."""
    settings = ctx.station.settings
    by_device: dict[int, list[Recording]] = defaultdict(list)
    for rec in recordings:
        if rec.device_id and rec.start_at and rec.end_at and rec.kind in {"video", "audio"} and rec.size:
            by_device[rec.device_id].append(rec)
    found: list[FindingView] = []
    new_ids = {r.id for r in recordings}
    threshold = timedelta(seconds=settings.gap_threshold_s)
    for device_id, recs in by_device.items():
        low = min(r.start_at for r in recs) - timedelta(hours=3)
        high = max(r.end_at for r in recs) + timedelta(hours=3)
        # Same bytes count once per device, whichever copy was catalogued first (a card's backup copy of a
        # camera file may finish copying first and make the camera's own file the "duplicate").
        neighbours = list({r.sha256: r for r in reversed(Recording.select().where(
            (Recording.device == device_id) & (Recording.start_at >= low) & (Recording.start_at <= high)
            & Recording.kind.in_(["video", "audio"]) & (Recording.size > 0)
            & Recording.disposed_at.is_null() & Recording.end_at.is_null(False)).order_by(Recording.id))}.values())
        by_id = {r.id: r for r in neighbours}
        channels: dict[str, list[Segment]] = defaultdict(list)
        for r in neighbours:
            channels[recording_channel(r.file_name)].append(Segment(r.id, r.start_at, r.end_at))
        items = [item for segments in channels.values() for item in continuity_findings(segments, threshold)]
        for item in items:
            if not ({item.earlier, item.later} & new_ids) or _existing_pair(item.kind, item.earlier, item.later):
                continue
            a, b = by_id[item.earlier], by_id[item.later]
            serial = a.device.serial
            names = {"serial": serial, "earlier": a.file_name, "later": b.file_name, "span": duration(item.seconds)}
            if item.kind is FindingKind.GAP:
                text = Msg("Device {serial}: recording stopped for {span} between {earlier} and {later} (Art. 9/11); "
                           "the interruption needs an explanation.", **names)
            else:
                text = Msg("Device {serial}: {later} starts {span} before {earlier} ends (Art. 11: possible inserted "
                           "or re-recorded footage).", **names)
            found.append(new_import_finding(ctx, session, item.kind, [a.id, b.id], text, item.seconds,
                                      {"device": serial}))
    return found
