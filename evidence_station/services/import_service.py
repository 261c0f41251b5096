"""Use case: import a camera card into the write-once vault (the custodian's daily job).

Every file on the card ends in the result exactly once — stored, already stored, or skipped with a reason. An
import is four steps, so that a desk can stream a card it has mounted to the station service
(:mod:`evidence_station.api.imports`): :func:`begin_import` (what is on the card), :func:`store_import_file` per
file (its bytes, read once: hashed with SHA-256 and SM3 while copying, fsynced, read back, published; the
catalogue row and its audit event are committed only after the blob is safely in the vault, so a pulled card, a
broken transfer or a killed process leaves no half file and no dangling row), :func:`fail_import_file` for a file
the desk could not read, and :func:`finish_import` (findings: damaged, empty, duplicate, late import, gaps and
overlaps; the final status). :func:`import_card` runs the same steps for a folder the station reads itself.

Media are probed in separate processes on the vault copy. Files are hashed ``workers`` at a time (SM3 is the
bottleneck at ~0.2–0.4 GB/s per core) while a few more wait for the disk (fsync, read-back).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, BinaryIO

from evidence_station.api.custody import HandoverRequest, HandoverView
from evidence_station.api.errors import ErrorPayload, error_payload
from evidence_station.api.findings import FindingView
from evidence_station.api.imports import CardFileInfo, ImportedFile, ImportPlan, ImportResult, StoredFile
from evidence_station.cards.errors import TransferInterruptedError
from evidence_station.cards.feeder import feed_card
from evidence_station.cards.names import display_name
from evidence_station.cards.scan import CardEntry, card_entry
from evidence_station.cards.source import require_same_checksum
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.recordings import Device, ImportSession, Recording
from evidence_station.catalogue.schema import refresh_statistics
from evidence_station.domain.errors import (
    EvidenceStationError,
    InvalidInputError,
    NotFoundError,
    OperationCancelledError,
)
from evidence_station.domain.messages import Msg, Said
from evidence_station.domain.progress import CancelToken, ProgressCallback
from evidence_station.domain.roles import Operation
from evidence_station.importing.copy_file import copy_card_file
from evidence_station.importing.errors import ImportFailedError
from evidence_station.importing.publish_journal import ImportJournal
from evidence_station.media.info import MediaInfo
from evidence_station.media.kinds import MediaKind
from evidence_station.media.probe_session import ProbePool
from evidence_station.services.card_handover import check_handover, record_handover
from evidence_station.services.card_return import raise_kept_on_card
from evidence_station.services.context import ServiceContext
from evidence_station.services.import_catalogue import CopiedFile, catalogue_files, record_failure, record_skip
from evidence_station.services.import_findings import raise_import_findings as _raise_findings
from evidence_station.services.import_recovery import settle_import_journal
from evidence_station.services.import_space import require_room_for_card
from evidence_station.vault.errors import VaultError, VaultFullError, VaultWriteError
from evidence_station.vault.hashing import hashing_workers

if TYPE_CHECKING:
    from evidence_station.cards.source import ChecksummedReader

#: How long an import may wait for its desk before the station ends it as ``interrupted``.
IMPORT_IDLE_LIMIT_S = 15 * 60.0

_RUNS: dict[int, _Run] = {}
_RUNS_LOCK = threading.Lock()


def default_import_workers() -> int:
    """Files hashed at once by default: one per CPU core, between one and four."""
    return hashing_workers()


# -- the four steps ---------------------------------------------------------------------------------------------
def begin_import(
    ctx: ServiceContext,
    card_label: str,
    card_root: str,
    entries: list[CardFileInfo],
    *,
    activity_id: int | None = None,
    file_times_local: bool = False,
    handover: HandoverRequest | None = None,
    workers: int | None = None,
    probe_timeout: float = 60.0,
) -> ImportPlan:
    """Start an import of a card whose files are ``entries`` (every file on the card once, as scanned).

    Refuses before anything is copied a card whose new files cannot fit on the vault disk. ``file_times_local``
    says the card's file times are the camera's local wall-clock time (FAT/exFAT), sent as if UTC. ``handover``:
    who handed the card over (checked first: the officer's password and role; recorded with the import). Returns
    the files to send, largest first (SM3 cannot be split within a file: a big file started last would keep one
    core busy alone).
    """
    ctx.require(Operation.IMPORT_CARD, "card", card_root)
    from evidence_station.services import compliance_hooks  # compliance builds on the import's views

    compliance_hooks.check_activity(activity_id)
    checked_entries = _checked_entries(entries)
    checked_handover = check_handover(ctx, handover, checked_entries) if handover is not None else None
    card_entries = [card_entry(info) for info in checked_entries]
    vault = ctx.station.vault
    require_room_for_card(vault, [e for e in card_entries if e.is_candidate])
    workers = max(1, workers if workers is not None else default_import_workers())
    # The journal exists (as "pending") before the import's row, so a station opened meanwhile never takes this
    # import for a dead one; it names the import once the row exists, before any blob is published.
    journal = ImportJournal.start(vault.root, ctx.station.station_uid)
    try:
        with write_transaction():
            session = ImportSession.create(
                custodian=ctx.actor.user_id, station_uid=ctx.station.station_uid, card_root=card_root,
                card_label=card_label, started_at=ctx.now(), files_total=len(card_entries), activity_id=activity_id,
            )
            ctx.audit("import.start", "import", session.id,
                      {"card": card_root, "files": len(card_entries), "file_times_local": file_times_local})
            handed_over = record_handover(ctx, session, checked_handover) if checked_handover is not None else None
        journal.claim(session.id)
    except BaseException:
        journal.remove()
        raise
    run = _Run(ctx, session, journal, Path(card_root), card_entries, activity_id, file_times_local, workers,
               probe_timeout)
    run.handover = handed_over
    with _RUNS_LOCK:
        _RUNS[session.id] = run
    try:
        for entry in card_entries:
            if not entry.is_candidate:
                run.results[entry.card_path] = record_skip(session, entry, entry.reason or "skipped")
    except BaseException as exc:
        run.end_failed(exc)
        raise
    send = sorted((i for i, e in enumerate(card_entries) if e.is_candidate), key=lambda i: -card_entries[i].size)
    return ImportPlan(import_id=session.id, send=send, parallel=3 * workers)


def store_import_file(
    ctx: ServiceContext,
    import_id: int,
    index: int,
    source: BinaryIO,
    *,
    sent_checksum: Callable[[], bytes] | None = None,
    progress: ProgressCallback | None = None,
) -> StoredFile:
    """Store card file ``index`` of the import from ``source`` (read to its end exactly once).

    ``sent_checksum`` gives the desk's XXH3-128 of the bytes it sent, once they are all read: a file whose bytes
    arrived different is not stored (:class:`~evidence_station.cards.errors.TransferCorruptedError`, listed as
    failed). A file that cannot be
    stored is listed as skipped with its reason; a full or unwritable vault also stops the import
    (``stop_import``).
    """
    run = _run_of(ctx, import_id)
    entry = run.candidate(index)
    try:
        return _store(ctx, run, entry, source, sent_checksum, progress)
    finally:
        run.done_with(index)


def _store(ctx: ServiceContext, run: _Run, entry: CardEntry, source: BinaryIO,
           sent_checksum: Callable[[], bytes] | None, progress: ProgressCallback | None) -> StoredFile:
    run.touch()
    if run.stop.cancelled:
        return StoredFile(run.record(entry, skip=run.stopped_reason()), stop_import=True)
    item = entry.card_path_display

    def verify(received: bytes) -> None:
        if sent_checksum is not None:
            require_same_checksum(received, sent_checksum(), item)

    try:
        ingest = copy_card_file(ctx.station.vault, entry, progress, run.stop, copy_slot=run.hashing_slots,
                                journal=run.journal, source=source, verify_source=verify)
    except VaultError as exc:
        run.record(entry, failure=exc)
        if _is_fatal_for_import(exc):
            run.stop_with(exc)
        return StoredFile(run.results[entry.card_path], stop_import=run.stop.cancelled)
    except OperationCancelledError:
        return StoredFile(run.record(entry, skip=run.stopped_reason()), stop_import=run.stop.cancelled)
    except TransferInterruptedError as exc:
        # Not recorded yet: the desk may say why (fail_import_file) or send the file again; if it does neither,
        # the import's end lists the file as skipped for this reason.
        reason = (f"not imported: {exc.message}", f"未导入：{exc.text_zh()}")
        run.interrupted[entry.card_path] = reason
        return StoredFile(ImportedFile(item, "skipped", reason=reason[0], size=entry.size, reason_zh=reason[1]),
                          stop_import=run.stop.cancelled)
    except EvidenceStationError as exc:
        if run.stop.cancelled:
            return StoredFile(run.record(entry, skip=run.stopped_reason()), stop_import=True)
        return StoredFile(run.record(entry, failure=exc))
    except Exception as exc:  # a bug or an unforeseen OS condition: this file fails, the card goes on
        return StoredFile(run.record(entry, failure=_unexpected(exc)))
    finally:
        run.touch()
    info = _probe(run.prober, ctx.station.vault.blob_path(ingest.sha256), entry)
    run.catalogue(CopiedFile(entry, ingest, info))
    return StoredFile(run.results[entry.card_path], stop_import=run.stop.cancelled)


def fail_import_file(
    ctx: ServiceContext, import_id: int, index: int, *, code: str = "", message: str = "", message_zh: str = "",
    error: ErrorPayload | None = None,
) -> StoredFile:
    """Record that the desk could not read card file ``index`` (``error``: its kind and sentence as the desk
    rendered it; an older desk sends ``code``, ``message`` and ``message_zh``); the import goes on."""
    sent = error or ErrorPayload(code, message, message_zh)
    run = _run_of(ctx, import_id)
    entry = run.candidate(index, wait_s=30.0)
    try:
        run.touch()
        failure = EvidenceStationError(Said(sent.message[:2000], zh_CN=sent.message_zh[:2000]))  # rendered at the desk
        failure.code = sent.code[:64]
        return StoredFile(run.record(entry, failure=failure), stop_import=run.stop.cancelled)
    finally:
        run.done_with(index)


def finish_import(ctx: ServiceContext, import_id: int, *, cancelled: bool = False) -> ImportResult:
    """End the import: raise its findings, record its final status (completed, cancelled or stopped) and return
    every card file's outcome; files never sent are listed as skipped."""
    run = _run_of(ctx, import_id)
    if cancelled:
        run.stop.cancel()
    run.wait_for_files_in_flight()
    try:
        run.prober.close()
        run.settled = settle_import_journal(ctx, run.session.id, run.journal)
        findings = _raise_findings(ctx, run.session, run.new_recordings, run.duplicate_pairs)
        findings += raise_kept_on_card(ctx, run.session)
        from evidence_station.services import compliance_hooks

        findings += compliance_hooks.after_import(ctx, run.session, run.new_recordings)
    except BaseException as exc:
        run.end_failed(exc)
        if isinstance(exc, Exception) and not isinstance(exc, EvidenceStationError):
            raise ImportFailedError(
                Msg(
                    "The import stopped on an unexpected error ({exc}). The files listed as stored are safe "
                    "in the vault and nothing half-copied was kept; import the card again.",
                    exc=_describe(exc),
                ),
            ) from exc
        raise
    return run.finish(findings)


def import_card(
    ctx: ServiceContext,
    card: Path,
    *,
    activity_id: int | None = None,
    handover: HandoverRequest | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    workers: int | None = None,
    probe_timeout: float = 60.0,
) -> ImportResult:
    """Import every recording on ``card``, a folder the station reads itself (a mounted card, a dump folder).

    ``workers`` files are read and hashed at once (default: one per CPU core, at most four); ``handover``: who
    handed the card over (see :func:`begin_import`).
    """
    card = Path(card).absolute()
    shown = display_name(str(card))  # the mount point's name may not be UTF-8 either
    ctx.require(Operation.IMPORT_CARD, "card", shown)
    if not card.exists():
        raise NotFoundError(Msg("The card folder {shown} does not exist (is the card mounted?).", shown=shown))
    if not card.is_dir():
        raise InvalidInputError(Msg(
            "{shown} is not a folder; give the card's mount point or a dump folder.",
            shown=shown,
        ))
    sink = _LocalSink(ctx, workers, probe_timeout, handover)
    result = feed_card(card, sink, activity_id=activity_id, progress=progress, cancel=cancel)
    return replace(result, card=card)


class _LocalSink:
    """The four steps of an import run right here (the station reads the card itself)."""

    def __init__(self, ctx: ServiceContext, workers: int | None, probe_timeout: float,
                 handover: HandoverRequest | None = None) -> None:
        self.ctx, self.workers, self.probe_timeout, self.handover = ctx, workers, probe_timeout, handover

    def begin(self, card_label: str, card_root: str, entries: list[CardFileInfo], activity_id: int | None,
              file_times_local: bool) -> ImportPlan:
        return begin_import(self.ctx, card_label, card_root, entries, activity_id=activity_id,
                            file_times_local=file_times_local, handover=self.handover, workers=self.workers,
                            probe_timeout=self.probe_timeout)

    def store(self, import_id: int, index: int, reader: ChecksummedReader,
              progress: ProgressCallback | None) -> StoredFile:
        return store_import_file(self.ctx, import_id, index, reader, progress=progress)  # type: ignore[arg-type]

    def fail(self, import_id: int, index: int, error: EvidenceStationError) -> StoredFile:
        return fail_import_file(self.ctx, import_id, index, error=error_payload(error))

    def finish(self, import_id: int, cancelled: bool) -> ImportResult:
        return finish_import(self.ctx, import_id, cancelled=cancelled)


# -- imports whose desk went away -------------------------------------------------------------------------------
def end_abandoned_imports(*, idle_limit_s: float = IMPORT_IDLE_LIMIT_S, session_id: str | None = None) -> list[int]:
    """End as ``interrupted`` the imports whose desk sent nothing for ``idle_limit_s`` seconds, or (with
    ``session_id``) every import of a session that ended; returns their ids. Files not sent are listed skipped."""
    now = time.monotonic()
    with _RUNS_LOCK:
        runs = [run for run in _RUNS.values()
                if (session_id is not None and run.ctx.session_id == session_id)
                or (session_id is None and now - run.last_activity > idle_limit_s)]
    for run in runs:
        run.end_interrupted()
    return [run.session.id for run in runs]


# -- one import in progress -------------------------------------------------------------------------------------
class _Run:
    """One import in progress: its rows, the files done so far and how it ends."""

    def __init__(self, ctx: ServiceContext, session: ImportSession, journal: ImportJournal, card: Path,
                 entries: list[CardEntry], activity_id: int | None, mtime_is_local: bool, workers: int,
                 probe_timeout: float) -> None:
        self.ctx, self.session, self.journal, self.card = ctx, session, journal, card
        self.entries, self.activity_id, self.mtime_is_local = entries, activity_id, mtime_is_local
        self.results: dict[str, ImportedFile] = {}
        self.new_recordings: list[Recording] = []
        self.duplicate_pairs: list[tuple[Recording, Recording]] = []
        self.stop = CancelToken()
        self.stop_reason = ""
        self.stop_reason_zh = ""
        self.devices: dict[str, Device] = {}  # serial → row, looked up once per import
        self.interrupted: dict[str, tuple[str, str]] = {}  # card path → why its transfer broke off (unrecorded)
        self.settled = False  # every blob the journal noted is catalogued or removed: the journal may go
        self.handover: HandoverView | None = None  # who handed the card over, when recorded
        # ``workers`` files are read and hashed at once (one SM3 core each); more may wait for the disk meanwhile.
        self.hashing_slots = threading.BoundedSemaphore(workers)
        # Persistent probe workers (starting one costs ~0.5 s of CPU), as many as files hashed at once: a card of
        # photos spends more time decoding than hashing.
        self.prober = ProbePool(workers, probe_timeout)
        self.last_activity = time.monotonic()
        self._lock = threading.Lock()  # results, recordings and the device cache; cataloguing one file at a time
        self._in_flight: set[int] = set()
        self._idle = threading.Condition(self._lock)  # notified when a file in flight is done
        self._ended = False

    def touch(self) -> None:
        """The desk is still at work."""
        self.last_activity = time.monotonic()

    def candidate(self, index: int, *, wait_s: float = 0.0) -> CardEntry:
        """The card file ``index``, which must be a candidate not yet sent. ``wait_s``: how long to wait for an
        upload of it that is still in flight to end (a desk reporting a file whose transfer it broke off may be
        faster than the station noticing the break)."""
        if not 0 <= index < len(self.entries) or not self.entries[index].is_candidate:
            raise InvalidInputError(Msg(
                "File {index} of import {id} is not a file to send.",
                index=index,
                id=self.session.id,
            ))
        entry = self.entries[index]
        deadline = time.monotonic() + wait_s
        with self._lock:
            while index in self._in_flight and time.monotonic() < deadline:
                self._idle.wait(max(0.0, min(0.5, deadline - time.monotonic())))
            if entry.card_path in self.results or index in self._in_flight:
                raise InvalidInputError(Msg(
                    "{card_path_display} was sent already in import {id}.",
                    card_path_display=entry.card_path_display,
                    id=self.session.id,
                ))
            self._in_flight.add(index)
        return entry

    def done_with(self, index: int) -> None:
        """File ``index`` is no longer in flight."""
        with self._lock:
            self._in_flight.discard(index)
            self._idle.notify_all()

    def wait_for_files_in_flight(self, timeout: float = 600.0) -> None:
        """Wait until no file is being stored any more (the import is about to end)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._in_flight and time.monotonic() < deadline:
                self._idle.wait(max(0.0, min(1.0, deadline - time.monotonic())))

    def record(self, entry: CardEntry, *, skip: tuple[str, str] | None = None,
               failure: EvidenceStationError | None = None) -> ImportedFile:
        """Record a file that was not stored (skipped for ``skip``'s reason, or failed with ``failure``)."""
        with self._lock:
            if failure is not None:
                outcome = record_failure(self.session, entry, failure)
            else:
                reason, reason_zh = skip or ("skipped", "已跳过")
                outcome = record_skip(self.session, entry, reason, reason_zh)
            self.results[entry.card_path] = outcome
        return outcome

    def catalogue(self, copied: CopiedFile) -> None:
        """Catalogue one stored file (its row and audit event in one transaction); a file that cannot be
        catalogued fails alone (its blob is removed when the import ends unless another row names it)."""
        entry = copied.entry
        with self._lock:
            try:
                rows = catalogue_files(self.ctx, self.session, [copied], self.activity_id, self.devices,
                                       self.mtime_is_local)
            except EvidenceStationError:
                self.devices.clear()
                raise  # the catalogue itself refuses (busy, …)
            except Exception as exc:
                self.devices.clear()  # rows created in the rolled-back transaction are gone
                self.results[entry.card_path] = record_failure(self.session, entry, _unexpected(exc))
                return
            for done_entry, imported, recording, original in rows:
                self.results[done_entry.card_path] = imported
                if recording is not None:
                    self.new_recordings.append(recording)
                    if original is not None:
                        self.duplicate_pairs.append((recording, original))

    def stop_with(self, error: EvidenceStationError) -> None:
        """A full or unwritable vault: nothing more can be stored."""
        if not self.stop.cancelled:
            self.stop_reason, self.stop_reason_zh = error.message, error.text_zh()
            self.stop.cancel()

    def stopped_reason(self) -> tuple[str, str]:
        """Why a file was not imported after the import stopped: (English, Chinese)."""
        if self.stop_reason:
            return f"not imported: {self.stop_reason}", f"未导入：{self.stop_reason_zh or self.stop_reason}"
        return "not imported: the import was cancelled", "未导入：导入已取消"

    def _files(self, unsent: tuple[str, str]) -> list[ImportedFile]:
        """Every card file's outcome, in card order; a file never sent is recorded skipped (``unsent``, or why its
        transfer broke off)."""
        for entry in self.entries:
            if entry.card_path not in self.results:
                self.record(entry, skip=self.interrupted.get(entry.card_path, unsent))
        return [self.results[entry.card_path] for entry in self.entries]

    def finish(self, findings: list[FindingView]) -> ImportResult:
        """Record the import's final status and return its result."""
        ctx, session, stop = self.ctx, self.session, self.stop
        status = "completed" if not stop.cancelled else ("stopped" if self.stop_reason else "cancelled")
        files = self._files(self.stopped_reason())
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
        return ImportResult(session.id, status, self.card, files, findings, bytes_stored, message, counts, message_zh,
                            handover=self.handover)

    def _write_end(
        self, status: str, counts: dict[str, int], bytes_stored: int, note: str, extra: dict[str, Any]
    ) -> None:
        with write_transaction():
            ImportSession.update(
                finished_at=self.ctx.now(), status=status, files_stored=counts["stored"],
                files_already_stored=counts["already_stored"], files_skipped=counts["skipped"],
                files_failed=counts["failed"], bytes_stored=bytes_stored, note=note,
            ).where(ImportSession.id == self.session.id).execute()
            self.ctx.audit("import.finish", "import", self.session.id,
                           {"status": status, **counts, "bytes_stored": bytes_stored, **extra})
        self._forget()

    def _forget(self) -> None:
        with _RUNS_LOCK:
            _RUNS.pop(self.session.id, None)
        self._ended = True

    def _drop_journal(self) -> None:
        """The final status is written: the journal (the import's marker) goes, unless a blob is unsettled."""
        if self.settled:
            self.journal.remove()

    def end_interrupted(self) -> None:
        """The desk went away (its session ended, or it sent nothing for too long): end the import as
        ``interrupted``; what it stored stays catalogued, the rest is listed as skipped."""
        self.stop.cancel()
        self.wait_for_files_in_flight()
        self.prober.close()
        try:
            self.settled = settle_import_journal(self.ctx, self.session.id, self.journal)
            unsent = ("not imported: the desk stopped sending the card", "未导入：前端已停止发送存储卡")
            files = self._files(unsent)
            counts = _count(files)
            bytes_stored = sum(f.size or 0 for f in files if f.status == "stored")
            self._write_end("interrupted", counts, bytes_stored, "the desk stopped sending the card", {})
        except Exception:
            self._forget()
            self.journal.close()  # left in the vault: the next start of the station settles it
            return
        self._drop_journal()

    def end_failed(self, error: BaseException) -> None:
        """The import cannot go on: settle its journal and record it ``failed`` (best effort — what cannot be
        written now, the next start of the station records: the import ``interrupted``, its journal settled)."""
        self.prober.close()
        try:
            self.settled = settle_import_journal(self.ctx, self.session.id, self.journal)
        except Exception:
            self.settled = False
            self.journal.close()  # left in the vault for the next start
        try:
            files = self._files(("not imported: the import failed", "未导入：导入失败"))
            counts = _count(files)
            bytes_stored = sum(f.size or 0 for f in files if f.status == "stored")
            note = _describe(error)
            self._write_end("failed", counts, bytes_stored, note, {"error": note})
        except Exception:
            self._forget()
            return  # the import stays "running" with its journal: the next start records it interrupted
        self._drop_journal()


def _run_of(ctx: ServiceContext, import_id: int) -> _Run:
    """The running import ``import_id``, which must be this session's."""
    with _RUNS_LOCK:
        run = _RUNS.get(import_id)
    if run is None:
        raise NotFoundError(Msg(
            "Import {import_id} is not running (it ended, or the station restarted).",
            import_id=import_id,
        ))
    if run.ctx.actor.user_id != ctx.actor.user_id or run.ctx.session_id != ctx.session_id:
        raise ctx.refuse(Msg("Import {import_id} belongs to another session.", import_id=import_id),
                         "refused.import_card", "import", import_id)
    return run


def _checked_entries(entries: list[CardFileInfo]) -> list[CardFileInfo]:
    """The desk's list of card files, refused when it cannot describe a card (bad paths, duplicates)."""
    seen: set[str] = set()
    for info in entries:
        parts = PurePosixPath(info.card_path).parts
        bad = (not info.card_path or info.card_path.startswith("/") or "\x00" in info.card_path
               or any(p in {"..", "."} for p in parts) or info.status not in {"candidate", "skipped"})
        if bad or info.card_path in seen:
            raise InvalidInputError(Msg(
                "The card's file list is not valid at {card_path!r}.",
                card_path=info.card_path,
            ))
        seen.add(info.card_path)
    return entries


def _probe(prober: ProbePool, blob: Path, entry: CardEntry) -> MediaInfo:
    """Probe a stored blob; the original is kept whatever happens here (a probe that fails says so)."""
    try:
        return prober.probe(blob, name=entry.card_path_display)
    except Exception as exc:  # the prober never raises for a bad file; this is for a bug or a broken system
        why = _describe(exc)
        return MediaInfo(MediaKind.OTHER, False).failed(f"The file could not be probed ({why}).",
                                                        f"无法检测该文件（{why}）。")


def _describe(exc: BaseException) -> str:
    """``Type: text`` of an unforeseen error, as valid UTF-8 text (a name in it may not be)."""
    return f"{type(exc).__name__}: {exc}".encode("utf-8", "backslashreplace").decode("utf-8")


def _unexpected(exc: Exception) -> EvidenceStationError:
    """An unforeseen error of one file, as the reason its file was not imported."""
    return EvidenceStationError(Msg("an unexpected error occurred ({exc})", exc=_describe(exc)))


def _is_fatal_for_import(exc: VaultError) -> bool:
    """A full or unwritable vault stops the whole import; a single file's problem does not."""
    return isinstance(exc, (VaultFullError, VaultWriteError))


def _count(files: list[ImportedFile]) -> dict[str, int]:
    counts = {"stored": 0, "already_stored": 0, "skipped": 0, "failed": 0}
    for f in files:
        counts["failed" if f.error else f.status] += 1
    return counts

