"""Use case: import a camera card into the write-once vault (the custodian's daily job).

Every file on the card ends in the result exactly once — stored, already stored, or skipped with a
reason. Files are copied two at a time (SM3 is the bottleneck at ~0.2 GB/s per core), each in one pass
(hash while copying, fsync, read back, publish). The catalogue row and its audit event are committed
together only after the blob is safely in the vault, so a pulled card or a killed process leaves no
half file and no dangling row. Media are probed in a separate process on the vault copy (the card is read
exactly once). Findings follow: damaged, empty, duplicate, late import, gaps and overlaps.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath

from evidence_station.api.findings import FindingView
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.recordings import (
    Device,
    Finding,
    FindingRecording,
    ImportFile,
    ImportSession,
    Recording,
)
from evidence_station.catalogue.schema import refresh_statistics
from evidence_station.domain.errors import EvidenceStationError, InvalidInputError, NotFoundError
from evidence_station.domain.filenames import recording_channel
from evidence_station.domain.findings import (
    FindingKind,
    Segment,
    continuity_findings,
    describe_duration,
    describe_duration_zh,
    import_delay,
    is_late,
)
from evidence_station.domain.progress import CancelToken, ConcurrentByteProgress, ProgressCallback
from evidence_station.domain.roles import Operation
from evidence_station.importing.card_filesystem import file_times_are_local
from evidence_station.importing.copy_file import copy_card_file
from evidence_station.importing.errors import ImportFailedError
from evidence_station.importing.names import display_name
from evidence_station.importing.publish_journal import ImportJournal
from evidence_station.importing.scan import CardEntry, scan_card
from evidence_station.media.info import MediaInfo
from evidence_station.media.kinds import MediaKind
from evidence_station.media.probe_session import ProbePool
from evidence_station.services.context import ServiceContext
from evidence_station.services.import_recovery import settle_import_journal
from evidence_station.services.import_space import require_room_for_card
from evidence_station.services.recording_times import recording_times
from evidence_station.vault.blob_store import IngestResult
from evidence_station.vault.errors import VaultError
from evidence_station.vault.hashing import hashing_workers

MEDIA_KINDS = {MediaKind.VIDEO.value, MediaKind.AUDIO.value, MediaKind.PHOTO.value}


@dataclass(frozen=True)
class ImportedFile:
    """One card file in the import result (the ``files[]`` entries of the CLI contract)."""

    card_path: str
    status: str  # stored | already_stored | skipped
    reason: str | None = None
    error: bool = False
    recording_id: int | None = None
    kind: str | None = None
    size: int | None = None
    sha256: str | None = None
    sm3: str | None = None
    device: str | None = None
    officer: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    playable: bool | None = None
    time_source: str | None = None
    reason_zh: str | None = None  # the reason of a failed or stopped file in Chinese (None: see ``reason``)


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    import_id: int
    status: str  # completed | cancelled | stopped
    card: Path
    files: list[ImportedFile]
    findings: list[FindingView]
    bytes_stored: int
    message: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    message_zh: str = ""  # ``message`` in Chinese

    @property
    def text_zh(self) -> str:
        """The Chinese sentence when there is one, else the English message."""
        return self.message_zh or self.message


@dataclass
class _Copied:
    entry: CardEntry
    ingest: IngestResult
    info: MediaInfo


def import_card(
    ctx: ServiceContext,
    card: Path,
    *,
    activity_id: int | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    workers: int | None = None,
    probe_timeout: float = 60.0,
) -> ImportResult:
    """Import every recording on ``card`` (a mounted card or a dump folder).

    ``workers`` files are read and hashed at once (default: one per CPU core, at most four — SM3 runs at
    ~0.2 GB/s per core and cannot be split within a file).
    """
    workers = max(1, workers if workers is not None else default_import_workers())
    card = Path(card).absolute()
    shown = display_name(str(card))  # the mount point's name may not be UTF-8 either
    ctx.require(Operation.IMPORT_CARD, "card", shown)
    if not card.exists():
        raise NotFoundError(f"The card folder {shown} does not exist (is the card mounted?).",
                            message_zh=f"存储卡文件夹 {shown} 不存在（存储卡是否已挂载？）。")
    if not card.is_dir():
        raise InvalidInputError(f"{shown} is not a folder; give the card's mount point or a dump folder.",
                                message_zh=f"{shown} 不是文件夹，请给出存储卡的挂载点或转储文件夹。")
    from evidence_station.services import compliance_hooks  # compliance builds on this module's views

    compliance_hooks.check_activity(activity_id)
    entries = scan_card(card)
    mtime_is_local = file_times_are_local(card)  # FAT/exFAT: the camera's local time, read by Linux as UTC
    vault = ctx.station.vault
    require_room_for_card(vault, [e for e in entries if e.is_candidate])
    # The journal exists (as "pending") before the import's row, so a station opened meanwhile never takes this
    # import for a dead one; it names the import once the row exists, before any blob is published.
    journal = ImportJournal.start(vault.root, ctx.station.station_uid)
    try:
        with write_transaction():
            session = ImportSession.create(
                custodian=ctx.actor.user_id, station_uid=ctx.station.station_uid, card_root=shown,
                card_label=display_name(card.name), started_at=ctx.now(), files_total=len(entries),
                activity_id=activity_id,
            )
            ctx.audit("import.start", "import", session.id,
                      {"card": shown, "files": len(entries), "file_times_local": mtime_is_local})
    except BaseException:
        journal.remove()
        raise
    run = _Run(ctx, session, journal, card, entries, activity_id, mtime_is_local)
    try:
        journal.claim(session.id)
        run.copy_all(progress, cancel, workers, probe_timeout)
        run.settled = settle_import_journal(ctx, session.id, journal)
        findings = _raise_findings(ctx, session, run.new_recordings, run.duplicate_pairs)
        findings += compliance_hooks.after_import(ctx, session, run.new_recordings)
    except BaseException as exc:
        run.end_failed(exc)
        if isinstance(exc, Exception) and not isinstance(exc, EvidenceStationError):
            raise ImportFailedError(
                f"The import stopped on an unexpected error ({_describe(exc)}). The files listed as stored are "
                "safe in the vault and nothing half-copied was kept; import the card again.",
                message_zh=f"导入因意外错误而中止（{_describe(exc)}）。列为已入库的文件已安全保存在存储库中，"
                           "未保留任何复制不完整的文件；请重新导入该存储卡。",
            ) from exc
        raise
    return run.finish(findings)


class _Run:
    """One import in progress: its rows, the files done so far and how it ends."""

    def __init__(self, ctx: ServiceContext, session: ImportSession, journal: ImportJournal, card: Path,
                 entries: list[CardEntry], activity_id: int | None, mtime_is_local: bool) -> None:
        self.ctx, self.session, self.journal, self.card = ctx, session, journal, card
        self.entries, self.activity_id, self.mtime_is_local = entries, activity_id, mtime_is_local
        self.results: dict[str, ImportedFile] = {}
        self.new_recordings: list[Recording] = []
        self.duplicate_pairs: list[tuple[Recording, Recording]] = []
        self.stop = CancelToken()
        self.stop_reason = ""
        self.stop_reason_zh = ""
        self.devices: dict[str, Device] = {}  # serial → row, looked up once per import
        self.settled = False  # every blob the journal noted is catalogued or removed: the journal may go

    def copy_all(self, progress: ProgressCallback | None, cancel: CancelToken | None, workers: int,
                 probe_timeout: float) -> None:
        """Copy, probe and catalogue every candidate; every card file ends in :attr:`results` exactly once."""
        session, vault = self.session, self.ctx.station.vault
        for entry in self.entries:
            if not entry.is_candidate:
                self.results[entry.card_path] = _record_skip(session, entry, entry.reason or "skipped")
        candidates = [e for e in self.entries if e.is_candidate]
        stop = self.stop = CancelToken(parent=cancel)
        # The read-back ("verifying") re-reads the vault copy: the total counts card bytes, so it does not move.
        meter = ConcurrentByteProgress(sum(e.size for e in candidates), progress, ignore=frozenset({"verifying"}))
        # Persistent probe workers (starting one costs ~0.5 s of CPU), as many as files hashed at once: a card of
        # photos spends more time decoding than hashing.
        prober = ProbePool(workers, probe_timeout)

        def copy_one(entry: CardEntry) -> _Copied:
            stop.raise_if_cancelled()
            ingest = copy_card_file(vault, entry, meter.for_item(entry.card_path), stop, copy_slot=hashing_slots,
                                    journal=self.journal)
            return _Copied(entry, ingest, _probe(prober, vault.blob_path(ingest.sha256), entry))

        # ``workers`` files are read and hashed at once (one SM3 core each); twice as many more may wait for
        # the disk (fsync, read-back) or the prober meanwhile, so the cores never idle while a file is flushed.
        hashing_slots = threading.BoundedSemaphore(workers)
        in_flight = 3 * workers
        pending: dict[Future[_Copied], CardEntry] = {}
        # Largest files first: SM3 cannot be split within a file, so a big file started last would leave
        # every other core idle while it finishes (longest-processing-time-first scheduling).
        queue = sorted(candidates, key=lambda e: e.size, reverse=True)
        try:
            with ThreadPoolExecutor(max_workers=in_flight, thread_name_prefix="import") as pool:
                try:
                    while queue or pending:
                        while queue and len(pending) < in_flight and not stop.cancelled:
                            entry = queue.pop(0)
                            pending[pool.submit(copy_one, entry)] = entry
                        if not pending:
                            break
                        done, _ = wait(pending, return_when=FIRST_COMPLETED)
                        ready: list[_Copied] = []
                        for future in done:
                            entry = pending.pop(future)
                            meter.item_done(entry.card_path, entry.size)
                            copied = self._outcome(future, entry)
                            if copied is not None:
                                ready.append(copied)
                        self._catalogue_batch(ready)
                        if stop.cancelled:
                            for entry in queue:
                                self.results[entry.card_path] = _record_skip(session, entry,
                                                                             *self._stopped_reason())
                            queue.clear()
                except BaseException:
                    stop.cancel()  # the files still copying give up at once; the pool then waits for them
                    raise
        finally:
            prober.close()

    def _outcome(self, future: Future[_Copied], entry: CardEntry) -> _Copied | None:
        """A finished copy, or None when it failed (then recorded as failed or stopped)."""
        session, stop = self.session, self.stop
        try:
            return future.result()
        except VaultError as exc:
            self.results[entry.card_path] = _record_failure(session, entry, exc)
            if not stop.cancelled and _is_fatal_for_import(exc):
                self.stop_reason, self.stop_reason_zh = exc.message, exc.text_zh()
                stop.cancel()
        except EvidenceStationError as exc:
            if stop.cancelled:
                self.results[entry.card_path] = _record_skip(session, entry, *self._stopped_reason())
            else:
                self.results[entry.card_path] = _record_failure(session, entry, exc)
        except Exception as exc:  # a bug or an unforeseen OS condition: this file fails, the card goes on
            self.results[entry.card_path] = _record_failure(session, entry, _unexpected(exc))
        return None

    def _catalogue_batch(self, ready: list[_Copied]) -> None:
        """Catalogue the files copied meanwhile in one transaction (one commit, one fsync, for all); when that
        fails, each file on its own, so that only a file that cannot be catalogued fails."""
        try:
            rows = _catalogue(self.ctx, self.session, ready, self.activity_id, self.devices, self.mtime_is_local)
        except EvidenceStationError:
            raise  # the catalogue itself refuses (busy, …): the import cannot go on
        except Exception:
            self.devices.clear()  # rows created in the rolled-back transaction are gone
            rows = []
            for copied in ready:
                try:
                    rows += _catalogue(self.ctx, self.session, [copied], self.activity_id, self.devices,
                                       self.mtime_is_local)
                except EvidenceStationError:
                    raise
                except Exception as exc:
                    self.devices.clear()
                    self.results[copied.entry.card_path] = _record_failure(self.session, copied.entry,
                                                                           _unexpected(exc))
        for entry, imported, recording, original in rows:
            self.results[entry.card_path] = imported
            if recording is not None:
                self.new_recordings.append(recording)
                if original is not None:
                    self.duplicate_pairs.append((recording, original))

    def _stopped_reason(self) -> tuple[str, str]:
        return _stopped_reason(self.stop_reason, self.stop_reason_zh)

    def _files(self) -> list[ImportedFile]:
        """Every card file's outcome so far, in card order; a file never reached counts as skipped."""
        files = []
        for entry in self.entries:
            done = self.results.get(entry.card_path)
            files.append(done or ImportedFile(entry.card_path_display, "skipped", reason="not imported: the import "
                                              "failed", size=entry.size, reason_zh="未导入：导入失败"))
        return files

    def finish(self, findings: list[FindingView]) -> ImportResult:
        """Record the import's final status and return its result."""
        ctx, session, stop = self.ctx, self.session, self.stop
        status = "completed" if not stop.cancelled else ("stopped" if self.stop_reason else "cancelled")
        files = self._files()
        counts = _count(files)
        bytes_stored = sum(f.size or 0 for f in files if f.status == "stored")
        self._write_end(status, counts, bytes_stored, self.stop_reason, {
            "findings": {k: sum(1 for f in findings if f.kind == k) for k in {f.kind for f in findings}}})
        self._drop_journal()
        ctx.maybe_checkpoint()
        refresh_statistics(ctx.station.db)  # ANALYZE only when the catalogue has doubled since the last time
        message, message_zh = {
            "completed": ("Import completed.", "导入完成。"),
            "cancelled": ("Import cancelled; files not yet copied are listed as skipped, nothing half-copied was "
                          "kept.", "导入已取消：尚未复制的文件列为跳过，未保留任何复制不完整的文件。"),
            "stopped": (f"Import stopped: {self.stop_reason}", f"导入已中止：{self.stop_reason_zh}"),
        }[status]
        return ImportResult(session.id, status, self.card, files, findings, bytes_stored, message, counts, message_zh)

    def _write_end(self, status: str, counts: dict[str, int], bytes_stored: int, note: str, extra: dict) -> None:
        with write_transaction():
            ImportSession.update(
                finished_at=self.ctx.now(), status=status, files_stored=counts["stored"],
                files_already_stored=counts["already_stored"], files_skipped=counts["skipped"],
                files_failed=counts["failed"], bytes_stored=bytes_stored, note=note,
            ).where(ImportSession.id == self.session.id).execute()
            self.ctx.audit("import.finish", "import", self.session.id,
                           {"status": status, **counts, "bytes_stored": bytes_stored, **extra})

    def _drop_journal(self) -> None:
        """The final status is written: the journal (the import's marker) goes, unless a blob is unsettled."""
        if self.settled:
            self.journal.remove()

    def end_failed(self, error: BaseException) -> None:
        """The import cannot go on: settle its journal and record it ``failed`` (best effort — what cannot be
        written now, the next start of the station records: the import ``interrupted``, its journal settled)."""
        try:
            self.settled = settle_import_journal(self.ctx, self.session.id, self.journal)
        except Exception:
            self.settled = False
            self.journal.close()  # left in the vault for the next start
        try:
            files = self._files()
            counts = _count(files)
            bytes_stored = sum(f.size or 0 for f in files if f.status == "stored")
            note = _describe(error)
            self._write_end("failed", counts, bytes_stored, note, {"error": note})
        except Exception:
            return  # the import stays "running" with its journal: the next start records it interrupted
        self._drop_journal()


def _probe(prober: ProbePool, blob: Path, entry: CardEntry) -> MediaInfo:
    """Probe a stored blob; the original is kept whatever happens here (a probe that fails says so)."""
    try:
        return prober.probe(blob, name=entry.card_path_display)
    except Exception as exc:  # the prober never raises for a bad file; this is for a bug or a broken system
        return MediaInfo(MediaKind.OTHER, False, error=f"The file could not be probed ({_describe(exc)}).")


def _describe(exc: BaseException) -> str:
    """``Type: text`` of an unforeseen error, as valid UTF-8 text (a name in it may not be)."""
    return f"{type(exc).__name__}: {exc}".encode("utf-8", "backslashreplace").decode("utf-8")


def _unexpected(exc: Exception) -> EvidenceStationError:
    """An unforeseen error of one file, as the reason its file was not imported."""
    return EvidenceStationError(f"an unexpected error occurred ({_describe(exc)})",
                                message_zh=f"发生意外错误（{_describe(exc)}）")


def default_import_workers() -> int:
    """Files hashed at once by default: one per CPU core, between one and four."""
    return hashing_workers()


def _stopped_reason(stop_reason: str, stop_reason_zh: str) -> tuple[str, str]:
    """Why a file was not imported after the import stopped: (English, Chinese)."""
    if stop_reason:
        return f"not imported: {stop_reason}", f"未导入：{stop_reason_zh or stop_reason}"
    return "not imported: the import was cancelled", "未导入：导入已取消"


def _is_fatal_for_import(exc: VaultError) -> bool:
    """A full or unwritable vault stops the whole import; a single file's problem does not."""
    from evidence_station.vault.errors import VaultFullError, VaultWriteError

    return isinstance(exc, (VaultFullError, VaultWriteError))


def _count(files: list[ImportedFile]) -> dict[str, int]:
    counts = {"stored": 0, "already_stored": 0, "skipped": 0, "failed": 0}
    for f in files:
        counts["failed" if f.error else f.status] += 1
    return counts


def _record_skip(session: ImportSession, entry: CardEntry, reason: str, reason_zh: str | None = None) -> ImportedFile:
    ImportFile.create(import_session=session, card_path=entry.card_path_display, card_path_raw=entry.card_path_raw,
                      status="skipped", reason=reason, size=entry.size)
    return ImportedFile(entry.card_path_display, "skipped", reason=reason, size=entry.size, reason_zh=reason_zh)


def _record_failure(session: ImportSession, entry: CardEntry, error: EvidenceStationError) -> ImportedFile:
    reason = f"not imported: {error.message}"
    ImportFile.create(import_session=session, card_path=entry.card_path_display, card_path_raw=entry.card_path_raw,
                      status="failed", reason=reason, size=entry.size)
    return ImportedFile(entry.card_path_display, "skipped", reason=reason, error=True, size=entry.size,
                        reason_zh=f"未导入：{error.text_zh()}")


def _device_for(ctx: ServiceContext, serial: str | None, devices: dict[str, Device]) -> Device | None:
    if not serial:
        return None
    device = devices.get(serial) or Device.get_or_none(Device.serial == serial)
    if device is None:
        device = Device.create(serial=serial, created_at=ctx.now(), needs_completion=True)
        ctx.audit("device.auto_created", "device", device.id, {"serial": serial})
    devices[serial] = device
    return device


def _catalogue(
    ctx: ServiceContext, session: ImportSession, batch: list[_Copied], activity_id: int | None,
    devices: dict[str, Device], mtime_is_local: bool,
) -> list[tuple[CardEntry, ImportedFile, Recording | None, Recording | None]]:
    """Commit stored files: per file a recording row + import-file row + audit event, all in one transaction
    (each blob is already safe in the vault; one commit instead of one per file keeps cards of thousands
    of small files fast)."""
    if not batch:
        return []
    with write_transaction():
        return [(copied.entry, *_catalogue_one(ctx, session, copied, activity_id, devices, mtime_is_local))
                for copied in batch]


def _catalogue_one(
    ctx: ServiceContext, session: ImportSession, copied: _Copied, activity_id: int | None,
    devices: dict[str, Device], mtime_is_local: bool,
) -> tuple[ImportedFile, Recording | None, Recording | None]:
    """One stored file's rows and audit event (inside the caller's transaction)."""
    entry, ingest, info = copied.entry, copied.ingest, copied.info
    card_path, card_path_raw = entry.card_path_display, entry.card_path_raw
    times = recording_times(entry.card_path_text, info, entry.mtime, ctx.station.settings.zone,
                            mtime_is_local=mtime_is_local)
    imported_at = ctx.now()
    same_bytes = list(Recording.select().where((Recording.sha256 == ingest.sha256) & Recording.disposed_at.is_null())
                      .order_by(Recording.id))
    same = next((r for r in same_bytes if r.card_path == card_path), None)
    if same is not None:
        # The very same original, imported before (e.g. an import resumed after a crash).
        ImportFile.create(import_session=session, card_path=card_path, card_path_raw=card_path_raw,
                          status="already_stored", reason="this original is already catalogued", size=entry.size,
                          recording=same)
        ctx.audit("import.already_catalogued", "recording", same.id,
                  {"card_path": card_path, "sha256": ingest.sha256})
        return _view(same, "already_stored", "this original is already catalogued"), None, None
    original = same_bytes[0] if same_bytes else None
    delay = import_delay(times.end, imported_at)
    recording = Recording.create(
        import_session=session, card_path=card_path, card_path_raw=card_path_raw,
        file_name=PurePosixPath(card_path).name,
        size=ingest.size, sha256=ingest.sha256, sm3=ingest.sm3, kind=info.kind.value,
        playable=info.playable, media=info.to_dict(), device=_device_for(ctx, times.device, devices),
        officer=times.officer or "", start_at=times.start, end_at=times.end, time_source=times.source,
        activity_id=activity_id, duplicate_of=original, imported_at=imported_at,
        import_delay_s=delay.total_seconds() if delay is not None else None,
    )
    status = "already_stored" if (original is not None or not ingest.newly_stored) else "stored"
    reason = (f"same bytes as recording {original.id} ({original.card_path})" if original is not None
              else None)
    ImportFile.create(import_session=session, card_path=card_path, card_path_raw=card_path_raw, status=status,
                      reason=reason or "", size=ingest.size, recording=recording)
    raw_name = {"card_path_bytes": card_path_raw.hex()} if card_path_raw is not None else {}
    ctx.audit("recording.stored", "recording", recording.id, {
        "card_path": card_path, **raw_name, "size": ingest.size, "sha256": ingest.sha256, "sm3": ingest.sm3,
        "import_id": session.id, "newly_stored": ingest.newly_stored,
        "duplicate_of": original.id if original is not None else None,
    })
    return _view(recording, status, reason), recording, original


def _view(recording: Recording, status: str, reason: str | None) -> ImportedFile:
    return ImportedFile(
        card_path=recording.card_path, status=status, reason=reason, recording_id=recording.id,
        kind=recording.kind, size=recording.size, sha256=recording.sha256, sm3=recording.sm3,
        device=recording.device.serial if recording.device_id else None, officer=recording.officer or None,
        start=recording.start_at, end=recording.end_at, playable=recording.playable,
        time_source=recording.time_source,
    )


def _new_finding(
    ctx: ServiceContext, session: ImportSession, kind: FindingKind, recordings: list[int], message: str,
    message_zh: str, seconds: float | None = None, details: dict | None = None,
) -> FindingView:
    finding = Finding.create(kind=kind.value, message=message, seconds=seconds, import_session=session,
                             details={**(details or {}), "message_zh": message_zh}, created_at=ctx.now())
    for rid in recordings:
        FindingRecording.create(finding=finding, recording=rid)
    return FindingView(finding.id, kind.value, recordings, seconds, message, message_zh=message_zh)


def _existing_pair(kind: FindingKind, a: int, b: int) -> bool:
    linked = (FindingRecording.select(FindingRecording.finding)
              .join(Finding).where((Finding.kind == kind.value) & (FindingRecording.recording == a)))
    return (FindingRecording.select().where((FindingRecording.finding.in_(linked))
                                            & (FindingRecording.recording == b)).exists())


def _raise_findings(
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
                found.append(_new_finding(ctx, session, FindingKind.EMPTY, [rec.id],
                                          f"{rec.card_path} is an empty (zero-byte) file; it is kept as evidence.",
                                          f"{rec.card_path} 是空文件（0 字节），仍作为证据保存。"))
            elif rec.kind in MEDIA_KINDS and not rec.playable:
                error = (rec.media or {}).get("error") or "it cannot be decoded"
                found.append(_new_finding(ctx, session, FindingKind.DAMAGED, [rec.id],
                                          f"{rec.card_path} is damaged: {error} It is stored as evidence anyway.",
                                          f"{rec.card_path} 已损坏，无法正常解码（{error}），仍作为证据保存。"))
            delay = timedelta(seconds=rec.import_delay_s) if rec.import_delay_s is not None else None
            if is_late(delay, settings.late_import_hours) and delay is not None:
                found.append(_new_finding(
                    ctx, session, FindingKind.LATE_IMPORT, [rec.id],
                    f"{rec.card_path} was imported {describe_duration(delay.total_seconds())} after the recording "
                    f"ended (Art. 15 allows {settings.late_import_hours:g} h); record the reason.",
                    f"{rec.card_path} 在录制结束 {describe_duration_zh(delay.total_seconds())}后才导入"
                    f"（第十五条要求 {settings.late_import_hours:g} 小时内），请记录原因。",
                    delay.total_seconds()))
        for rec, original in duplicates:
            found.append(_new_finding(ctx, session, FindingKind.DUPLICATE, [original.id, rec.id],
                                      f"{rec.card_path} has the same bytes as recording {original.id} "
                                      f"({original.card_path}); stored once, catalogued twice.",
                                      f"{rec.card_path} 与记录 {original.id}（{original.card_path}）内容完全相同；"
                                      "只存储一份，编目两次。"))
        found.extend(_continuity(ctx, session, recordings))
    return found


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
            if item.kind is FindingKind.GAP:
                text = (f"Device {serial}: recording stopped for {describe_duration(item.seconds)} between "
                        f"{a.file_name} and {b.file_name} (Art. 9/11); the interruption needs an explanation.")
                text_zh = (f"记录仪 {serial}：{a.file_name} 与 {b.file_name} 之间中断录制 "
                           f"{describe_duration_zh(item.seconds)}（第九条、第十一条），需说明中断原因。")
            else:
                text = (f"Device {serial}: {b.file_name} starts {describe_duration(item.seconds)} before "
                        f"{a.file_name} ends (Art. 11: possible inserted or re-recorded footage).")
                text_zh = (f"记录仪 {serial}：{b.file_name} 在 {a.file_name} 结束前 "
                           f"{describe_duration_zh(item.seconds)}就已开始（第十一条：可能存在插入或重录的画面）。")
            found.append(_new_finding(ctx, session, item.kind, [a.id, b.id], text, text_zh, item.seconds,
                                      {"device": serial}))
    return found
