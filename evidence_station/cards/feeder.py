"""Feeding a card to an import: scan it, read each file once, hand the bytes to the station, largest first.

The same feeder serves a desk client streaming a card to the station service and the station importing a folder
it can read itself: each gives an :class:`ImportSink` (the four steps of an import). Files are read several at a
time (the station hashes ``workers`` of them at once — SM3 keeps one core busy per file — and a few more wait on
the disk meanwhile); a file the feeder cannot read is reported to the sink, never skipped silently; a sink that says
``stop_import`` (vault full) or a set cancel token stops the feeding, and the import is always finished, so every
file on the card ends in the result exactly once.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Protocol

from evidence_station.api.imports import CardFileInfo, ImportPlan, ImportResult, StoredFile
from evidence_station.cards.card_filesystem import CardTimes, card_times, wall_clock_mtime
from evidence_station.cards.errors import SourceError
from evidence_station.cards.names import display_name
from evidence_station.cards.open_file import open_card_file
from evidence_station.cards.scan import CardEntry, scan_card
from evidence_station.cards.source import ChecksummedReader
from evidence_station.domain.errors import EvidenceStationError, OperationCancelledError
from evidence_station.domain.progress import CancelToken, Progress, ProgressCallback, Stage


class ImportSink(Protocol):
    """Where a card's files go: the station service (through a client) or the station's own import."""

    def begin(self, card_label: str, card_root: str, entries: list[CardFileInfo], activity_id: int | None,
              file_times_local: bool) -> ImportPlan:
        """Start the import; returns what to send."""
        ...

    def store(self, import_id: int, index: int, reader: ChecksummedReader,
              progress: ProgressCallback | None) -> StoredFile:
        """Send one file's bytes (read from ``reader`` to its end, then its checksum)."""
        ...

    def fail(self, import_id: int, index: int, error: EvidenceStationError) -> StoredFile:
        """Report a file the feeder could not read."""
        ...

    def finish(self, import_id: int, cancelled: bool) -> ImportResult:
        """End the import."""
        ...


def card_identity(card: Path) -> tuple[str, str]:
    """How the station is told which card this is: its label (the top folder's name) and its root, as shown."""
    card = Path(os.path.abspath(card))
    return display_name(card.name) or display_name(str(card)), display_name(str(card))


def card_file_info(entry: CardEntry, times: CardTimes = CardTimes.TRUE_TIME) -> CardFileInfo:
    """What the station is told of one scanned card entry (its mtime as :func:`wall_clock_mtime` says for the
    card's ``times``)."""
    return CardFileInfo(card_path=entry.card_path_display, size=entry.size, mtime=wall_clock_mtime(entry.mtime, times),
                        status=entry.status, reason=entry.reason, card_path_raw=entry.card_path_raw)


class _ByteMeter:
    """Adds up the bytes read from every file in flight into one progress report."""

    def __init__(self, total: int, progress: ProgressCallback | None) -> None:
        self.total, self.progress, self.done = total, progress, 0
        self._lock = threading.Lock()

    def reader_callback(self, item: str) -> Callable[[int], None]:
        def count(n: int) -> None:
            with self._lock:  # reported under the lock: the total never goes backwards
                self.done += n
                if self.progress is not None:
                    self.progress(Progress(self.done, self.total, "bytes", item, "copying", Stage.COPYING))
        return count

    def passthrough(self, report: Progress) -> None:
        """A report from the station about one file (its read-back): the total does not move."""
        if self.progress is not None and report.stage is not Stage.COPYING:
            with self._lock:
                self.progress(Progress(self.done, self.total, "bytes", report.item, report.message, report.stage))


def feed_card(
    card: Path,
    sink: ImportSink,
    *,
    activity_id: int | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> ImportResult:
    """Import every file on ``card`` through ``sink``; returns the import's result."""
    card = Path(os.path.abspath(card))
    if progress is not None:
        progress(Progress(0, 0, "files", display_name(str(card)), "scanning", Stage.SCANNING))
    entries = scan_card(card)
    times = card_times(card)
    label, root = card_identity(card)
    plan = sink.begin(label, root, [card_file_info(e, times) for e in entries], activity_id,
                      times is not CardTimes.TRUE_TIME)
    stop = CancelToken(parent=cancel)
    try:
        _send_files(plan, entries, sink, stop, progress)
    except BaseException:
        with contextlib.suppress(Exception):  # the original failure matters more than a failed ending
            sink.finish(plan.import_id, cancelled=True)
        raise
    return sink.finish(plan.import_id, cancelled=bool(cancel is not None and cancel.cancelled))


def _send_files(plan: ImportPlan, entries: list[CardEntry], sink: ImportSink, stop: CancelToken,
                progress: ProgressCallback | None) -> None:
    """Send the planned files, ``plan.parallel`` at a time; stop on ``stop`` or when the sink says so."""
    meter = _ByteMeter(sum(entries[i].size for i in plan.send), progress)

    def send_one(index: int) -> StoredFile:
        entry = entries[index]
        try:
            stop.raise_if_cancelled()
            stream = open_card_file(entry)
        except OperationCancelledError:
            raise
        except EvidenceStationError as exc:
            return sink.fail(plan.import_id, index, exc)
        reader = ChecksummedReader(stream, entry.size, on_read=meter.reader_callback(entry.card_path_display),
                                   cancel=stop, item=entry.card_path_display)
        try:
            return sink.store(plan.import_id, index, reader, meter.passthrough)
        except SourceError as exc:  # this desk could not read the file to its end while sending it
            return sink.fail(plan.import_id, index, exc)
        finally:
            reader.close()

    queue = list(plan.send)
    pending: set[Future[StoredFile]] = set()
    with ThreadPoolExecutor(max_workers=max(1, plan.parallel), thread_name_prefix="card-feed") as pool:
        try:
            while queue or pending:
                while queue and len(pending) < max(1, plan.parallel) and not stop.cancelled:
                    pending.add(pool.submit(send_one, queue.pop(0)))
                if not pending:
                    break
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    try:
                        outcome = future.result()
                    except OperationCancelledError:
                        continue  # the station records what was not sent when the import finishes
                    if outcome.stop_import:
                        stop.cancel()
        except BaseException:
            stop.cancel()  # files still being read give up at once; the pool then waits for them
            raise
