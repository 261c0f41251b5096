"""Imports whose process died, and blobs an import published but never catalogued.

Every import notes in its journal (:mod:`evidence_station.importing.publish_journal`) each blob before it
publishes it; the journal's name says which import, station, process and machine it belongs to. Two places settle
the journal's blobs:

* the import itself, when it ends (completed, cancelled, stopped or failed): :func:`settle_import_journal`
  removes any blob it noted that no catalogue row names (a file whose cataloguing failed after its blob was
  published), audited by the importing user; the journal is deleted once the import's final status is written;
* the next start of the station (:meth:`Station.open <evidence_station.services.station.Station.open>`), for an
  import whose process was killed: :func:`recover_interrupted_imports` marks every ``running`` import of this
  station whose process no longer runs ``interrupted`` (audit ``import.interrupted``, actor ``station``, like
  ``export.interrupted``), and settles the dead journals the same way (actor ``station``).

A blob is removed only when no catalogue row names it — recordings (disposed ones too), their thumbnails,
snapshots: the same bytes may belong to another recording — and no live journal lists it (another import may be
adopting it as "already stored" right now); the check and the removal hold the journals' exclusive lock. Each
removal is audited with its SHA-256 and size (``import.blob_removed``), in the transaction that removes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from evidence_station.audit.log import append_event
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.recordings import ImportFile, ImportSession, Recording
from evidence_station.catalogue.viewing import Snapshot
from evidence_station.domain.messages import Msg
from evidence_station.importing.publish_journal import ImportJournal, exclusive_lock, journal_files
from evidence_station.services.export_recovery import STATION_ACTOR
from evidence_station.vault.errors import VaultError

if TYPE_CHECKING:
    from evidence_station.services.context import ServiceContext
    from evidence_station.vault.blob_store import Vault

INTERRUPTED = Msg("The import was interrupted: the program stopped before it finished (closed, killed or the "
                  "computer lost power). The files listed as stored are safe in the vault; import the card again for "
                  "the rest.")
INTERRUPTED_MESSAGE = str(INTERRUPTED)
REMOVAL_REASON = "published by the import but never catalogued"
_BATCH = 500

#: Appends one audit event (action, object type, object id, details) in the current transaction.
Auditor = Callable[[str, str, "str | int", dict[str, Any]], object]


@dataclass(frozen=True)
class RemovedBlob:
    """A blob removed because its import published it but never catalogued it."""

    sha256: str
    size: int
    import_id: int | None


def referenced_blobs(digests: Iterable[str]) -> set[str]:
    """Those of ``digests`` that some catalogue row names (a recording — disposed ones too —, a recording's
    thumbnail, a snapshot)."""
    wanted = sorted(set(digests))
    found: set[str] = set()
    for start in range(0, len(wanted), _BATCH):
        batch = wanted[start:start + _BATCH]
        found.update(r.sha256 for r in Recording.select(Recording.sha256).where(Recording.sha256.in_(batch)))
        found.update(cast(str, r.thumbnail_sha256) for r in Recording.select(Recording.thumbnail_sha256)  # in batch
                     .where(Recording.thumbnail_sha256.in_(batch)))
        found.update(s.sha256 for s in Snapshot.select(Snapshot.sha256).where(Snapshot.sha256.in_(batch)))
    return found


def _remove_uncatalogued(vault: Vault, digests: set[str], import_id: int | None, settled: set[Path],
                         audit: Auditor) -> tuple[list[RemovedBlob], bool]:
    """Remove the blobs of ``digests`` that nothing names; the caller holds the journals' exclusive lock.

    ``settled`` are the journals being settled (they protect nothing). Returns the removed blobs and whether
    every candidate was settled (False when a removal failed: keep the journal for a later try).
    """
    protected: set[str] = set()
    for journal in journal_files(vault.root):
        if journal.path not in settled and journal.alive:
            protected |= journal.noted()
    candidates = digests - protected - referenced_blobs(digests - protected)
    removed: list[RemovedBlob] = []
    complete = True
    for digest in sorted(candidates):
        try:
            size = vault.blob_path(digest).lstat().st_size
        except FileNotFoundError:
            continue  # never published (the file failed first), or already removed
        try:
            with write_transaction():
                audit("import.blob_removed", "import", import_id if import_id is not None else "",
                      {"sha256": digest, "size": size, "reason": REMOVAL_REASON})
                vault.remove_blob(digest)
        except (VaultError, OSError):
            complete = False
            continue
        removed.append(RemovedBlob(digest, size, import_id))
    return removed, complete


def settle_import_journal(ctx: ServiceContext, import_id: int, journal: ImportJournal) -> bool:
    """At the end of an import: remove the blobs it noted but never catalogued; True when every noted blob is
    settled. The journal stays (closed) as the import's marker until its final status is written: then delete it
    with :meth:`ImportJournal.remove` — unless this returned False, when the next start of the station settles it.
    """
    journal.close()
    vault = ctx.station.vault

    def audit(action: str, object_type: str, object_id: str | int, details: dict[str, Any]) -> object:
        return ctx.audit(action, object_type, object_id, details)

    with exclusive_lock(vault.root):
        _removed, complete = _remove_uncatalogued(vault, journal.noted, import_id, {journal.path}, audit)
    return complete


def recover_interrupted_imports(station_uid: str, vault: Vault, now: datetime) -> list[int]:
    """Mark this station's dead ``running`` imports ``interrupted`` and settle the journals of dead imports;
    return the ids of the imports marked."""
    journals = [j for j in journal_files(vault.root) if j.belongs_to(station_uid)]
    live = [j for j in journals if j.alive]
    dead = [j for j in journals if not j.alive]
    marked: list[int] = []
    if not any(j.import_id is None for j in live):  # else an import is being recorded: look again next time
        running = {j.import_id for j in live}
        stale = [s.id for s in ImportSession.select(ImportSession.id).where(
            (ImportSession.status == "running") & (ImportSession.station_uid == station_uid))
            if s.id not in running]
        marked = [session_id for session_id in stale if _mark_interrupted(session_id, station_uid, now)]
    if dead:

        def audit(action: str, object_type: str, object_id: str | int, details: dict[str, Any]) -> object:
            return append_event(at=now, station_uid=station_uid, actor=STATION_ACTOR, action=action,
                                object_type=object_type, object_id=object_id, details=details)

        settled = {j.path for j in dead}
        with exclusive_lock(vault.root):
            for journal in dead:
                _, complete = _remove_uncatalogued(vault, journal.noted(), journal.import_id, settled, audit)
                if complete:
                    journal.path.unlink(missing_ok=True)
    return marked


def _mark_interrupted(session_id: int, station_uid: str, now: datetime) -> bool:
    """Record one dead import as ``interrupted`` with what it had done (its files' rows); False if it was not
    ``running`` any more."""
    counts = {"stored": 0, "already_stored": 0, "skipped": 0, "failed": 0}
    bytes_stored = 0
    with write_transaction():
        for row in ImportFile.select(ImportFile.status, ImportFile.size).where(ImportFile.import_session == session_id):
            counts[row.status] = counts.get(row.status, 0) + 1
            bytes_stored += (row.size or 0) if row.status == "stored" else 0
        updated = ImportSession.update(
            status="interrupted", finished_at=now, note=INTERRUPTED_MESSAGE, files_stored=counts["stored"],
            files_already_stored=counts["already_stored"], files_skipped=counts["skipped"],
            files_failed=counts["failed"], bytes_stored=bytes_stored,
        ).where((ImportSession.id == session_id) & (ImportSession.status == "running")).execute()
        if updated:
            append_event(at=now, station_uid=station_uid, actor=STATION_ACTOR, action="import.interrupted",
                         object_type="import", object_id=session_id,
                         details={"message": INTERRUPTED_MESSAGE, "message_zh": INTERRUPTED.render("zh_CN"), **counts,
                                  "bytes_stored": bytes_stored}, outcome="interrupted")
    return bool(updated)
