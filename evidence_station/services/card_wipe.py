"""Use case: wipe a card after its import, so that no officer keeps footage (Art. 15) — and never lose a recording.

The card is in the desk's machine, so the desk deletes; the station decides. Only after an import that ended
``completed`` with every file stored (no failed file, none left unsent) may its card be wiped, and only the files
that import stored are candidates (:func:`begin_card_wipe`). For each, the desk reads the card file and sends its
SHA-256 and size; the station re-hashes the stored original in the vault and answers ``delete`` only when both
equal the catalogue's (:func:`check_card_file`); the desk deletes that one file and reports it
(:func:`report_card_file_deleted`). :func:`finish_card_wipe` takes what the desk finds left on the card: junk and
skipped files are reported as kept, files the import never saw (recorded since?) as not imported, and the wipe ends
``completed`` only when every stored file is gone. Every refusal, deletion and the end are audited; the import's
receipt prints the wipe.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import cast

from evidence_station.api.custody import CardLeftFile, CardWipeResult, WipeCandidate, WipedFile, WipePlan, WipeVerdict
from evidence_station.api.errors import ErrorPayload
from evidence_station.cards.scan import skip_reason_zh
from evidence_station.catalogue.custody import CardWipe, CardWipeFile
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.recordings import ImportFile, ImportSession, Recording
from evidence_station.domain.errors import EvidenceStationError, InvalidInputError, NotFoundError
from evidence_station.domain.messages import Msg, wire_texts
from evidence_station.domain.roles import Operation
from evidence_station.services.context import ServiceContext
from evidence_station.vault.hashing import iter_chunks

#: Import-file statuses whose bytes are in the vault under their recording.
STORED_STATUSES = ("stored", "already_stored")
#: How a skipped file's reason starts when the file was meant to be imported but was not.
_NOT_IMPORTED_PREFIX = "not imported"
#: Outcomes that leave a stored file on the card (the wipe is then incomplete).
_LEFT_STORED = frozenset({"mismatch", "vault_damaged", "delete_failed", "unchecked"})

#: What became of a file on the card (``CardWipeFile.outcome``).
OUTCOME_LABELS: dict[str, Msg] = {
    "deleted": Msg("deleted"), "delete_failed": Msg("deletion failed"),
    "mismatch": Msg("differs from the original; not deleted"),
    "vault_damaged": Msg("the original in the vault failed its check; not deleted"),
    "missing": Msg("no longer on the card"), "kept": Msg("not imported (kept)"),
    "not_imported": Msg("not part of this import; not deleted"), "unchecked": Msg("not checked; not deleted"),
    "confirmed": Msg("checked; to be deleted"),
}
#: Where a wipe stands (``CardWipe.status``).
STATUS_LABELS: dict[str, Msg] = {
    "completed": Msg("wiped"), "incomplete": Msg("not wiped completely"), "running": Msg("in progress"),
    "interrupted": Msg("interrupted"),
}


# -- the steps ---------------------------------------------------------------------------------------------------
def begin_card_wipe(ctx: ServiceContext, import_id: int, card_root: str) -> WipePlan:
    """Start wiping the card of import ``import_id`` (mounted at the desk at ``card_root``); returns the files the
    import stored, to be checked one by one. Refused unless the import completed with every file stored."""
    ctx.require(Operation.IMPORT_CARD, "import", import_id)
    session = _import(import_id)
    _require_every_file_stored(session)
    candidates = list(_stored_files(session))
    with write_transaction():
        CardWipe.update(status="interrupted", finished_at=ctx.now()).where(
            (CardWipe.import_session == session) & (CardWipe.status == "running")).execute()
        wipe = CardWipe.create(import_session=session, custodian=ctx.actor.user_id, session_id=ctx.session_id or "",
                               card_root=card_root, started_at=ctx.now())
        ctx.audit("card_wipe.start", "card_wipe", wipe.id,
                  {"import_id": session.id, "card": card_root, "files": len(candidates)})
    return WipePlan(wipe.id, session.id, [WipeCandidate(f.id, f.card_path, f.size or 0, _raw(f.card_path_raw))
                                          for f in candidates])


def check_card_file(ctx: ServiceContext, wipe_id: int, file_id: int, *, sha256: str, size: int) -> WipeVerdict:
    """Whether the card file ``file_id`` — its SHA-256 and size as the desk read it — equals its stored original;
    the original is re-hashed in the vault first. ``delete`` only then; anything else is kept (audited)."""
    ctx.require(Operation.IMPORT_CARD, "card_wipe", wipe_id)
    wipe = _running_wipe(ctx, wipe_id)
    item = _candidate(wipe, file_id)
    recording = cast(Recording, item.recording)  # _candidate keeps files with a recording
    vault_ok = _original_verifies(ctx, recording)
    if not vault_ok:
        outcome = "vault_damaged"
        reason = (f"the stored original of {item.card_path} (recording {recording.id}) does not verify; the card "
                  "file is kept: report it and run evidence-station verify")
        reason_zh = f"{item.card_path}（记录 {recording.id}）的库内原件校验失败，存储卡上的文件保留：请报告并运行校验"
    elif sha256 != recording.sha256 or size != recording.size:
        outcome = "mismatch"
        reason = (f"{item.card_path} on the card ({size} bytes, SHA-256 {sha256}) differs from the stored original "
                  f"({recording.size} bytes, SHA-256 {recording.sha256}); it is kept on the card")
        reason_zh = (f"存储卡上的 {item.card_path}（{size} 字节，SHA-256 {sha256}）与库内原件（{recording.size} 字节，"
                     f"SHA-256 {recording.sha256}）不一致，保留在存储卡上")
    else:
        outcome, reason, reason_zh = "confirmed", "", ""
    with write_transaction():
        CardWipeFile.create(wipe=wipe, import_file=item, card_path=item.card_path, card_path_raw=item.card_path_raw,
                            outcome=outcome, size=size, sha256=sha256, reason=reason, reason_zh=reason_zh,
                            checked_at=ctx.now())
        if outcome != "confirmed":
            ctx.audit("card_wipe.refused", "card_wipe", wipe.id,
                      {"card_path": item.card_path, "recording_id": recording.id, "why": outcome, "sha256": sha256,
                       "size": size}, outcome="refused")
    return WipeVerdict(item.id, item.card_path, outcome == "confirmed", outcome, reason, reason_zh)


def report_card_file_deleted(ctx: ServiceContext, wipe_id: int, file_id: int, *, deleted: bool, message: str = "",
                             message_zh: str = "", error: ErrorPayload | None = None) -> WipedFile:
    """Record that the desk deleted a card file the station confirmed (or could not: ``error`` says why, as the
    desk rendered it; an older desk sends ``message`` and ``message_zh``)."""
    if error is not None:
        message, message_zh = error.message, error.message_zh
    ctx.require(Operation.IMPORT_CARD, "card_wipe", wipe_id)
    wipe = _running_wipe(ctx, wipe_id)
    row = CardWipeFile.get_or_none((CardWipeFile.wipe == wipe) & (CardWipeFile.import_file == file_id))
    if row is None or row.outcome != "confirmed":
        raise InvalidInputError(Msg(
            "File {file_id} was not confirmed for deletion in wipe {wipe_id}.",
            file_id=file_id,
            wipe_id=wipe_id,
        ))
    outcome = "deleted" if deleted else "delete_failed"
    with write_transaction():
        CardWipeFile.update(outcome=outcome, reason="" if deleted else message[:2000],
                            reason_zh="" if deleted else (message_zh or message)[:2000]).where(
            CardWipeFile.id == row.id).execute()
        recording_id = cast(ImportFile, row.import_file).recording_id  # the row was found by its file
        ctx.audit(f"card_wipe.{outcome}", "card_wipe", wipe.id,
                  {"card_path": row.card_path, "recording_id": recording_id, "sha256": row.sha256, "size": row.size,
                   **({} if deleted else {"error": message[:500]})})
    return _wiped(CardWipeFile.get_by_id(row.id))


def finish_card_wipe(ctx: ServiceContext, wipe_id: int, *, left_on_card: list[CardLeftFile]) -> CardWipeResult:
    """End the wipe with ``left_on_card`` (every file the desk found on the card afterwards): stored files not
    checked, junk and skipped files, and files the import never saw are recorded; returns the whole wipe."""
    ctx.require(Operation.IMPORT_CARD, "card_wipe", wipe_id)
    wipe = _running_wipe(ctx, wipe_id)
    session: ImportSession = wipe.import_session
    left = {f.card_path: f for f in left_on_card}
    done = {row.import_file_id: row for row in CardWipeFile.select().where(CardWipeFile.wipe == wipe)}
    known = {f.card_path: f for f in ImportFile.select().where(ImportFile.import_session == session)}
    now = ctx.now()
    with write_transaction():
        for item in _stored_files(session):
            row = done.get(item.id)
            if row is None:
                outcome = "unchecked" if item.card_path in left else "missing"
                why = ("the desk did not check it; it is still on the card", "前端未核对该文件，仍在存储卡上") \
                    if outcome == "unchecked" else ("no longer on the card", "存储卡上已无此文件")
                _record(wipe, item.card_path, item.card_path_raw, outcome, item.size, *why, item, now)
            elif row.outcome == "confirmed":  # confirmed, its deletion never reported
                gone = item.card_path not in left
                CardWipeFile.update(
                    outcome="deleted" if gone else "delete_failed",
                    reason="" if gone else "confirmed but not deleted; it is still on the card",
                    reason_zh="" if gone else "已核对但未删除，仍在存储卡上").where(CardWipeFile.id == row.id).execute()
        for path, found in left.items():
            imported = known.get(path)
            if imported is not None and imported.status in STORED_STATUSES:
                continue  # recorded above (refused, failed or unchecked)
            if imported is not None:
                _record(wipe, path, _raw(found.card_path_raw), "kept", found.size,
                        f"not imported: {imported.reason}", f"未导入：{skip_reason_zh(imported.reason)}", imported, now)
            else:
                _record(wipe, path, _raw(found.card_path_raw), "not_imported", found.size,
                        f"not part of import {session.id} (written to the card since?): it is not in the vault; "
                        "import the card again", f"不属于导入 {session.id}（之后写入存储卡？），存储库中没有该文件："
                        "请重新导入该存储卡", None, now)
        files = [_wiped(row) for row in _wipe_files(wipe)]
        counts = _counts(files)
        status = "incomplete" if any(f.outcome in _LEFT_STORED for f in files) else "completed"
        CardWipe.update(status=status, finished_at=now, files_deleted=counts["deleted"],
                        files_refused=counts["mismatch"] + counts["vault_damaged"],
                        files_failed=counts["delete_failed"] + counts["unchecked"],
                        files_kept=counts["kept"] + counts["not_imported"]).where(CardWipe.id == wipe.id).execute()
        ctx.audit("card_wipe.finish", "card_wipe", wipe.id, {"import_id": session.id, "status": status, **counts})
    return wipe_result(CardWipe.get_by_id(wipe.id))


def list_card_wipes(ctx: ServiceContext, import_id: int) -> list[CardWipeResult]:
    """The wipes of import ``import_id``, oldest first."""
    ctx.require(Operation.IMPORT_CARD, "import", import_id)
    session = _import(import_id)
    return [wipe_result(w) for w in CardWipe.select().where(CardWipe.import_session == session).order_by(CardWipe.id)]


# -- views -------------------------------------------------------------------------------------------------------
def wipe_result(wipe: CardWipe) -> CardWipeResult:
    """A wipe with every file's outcome."""
    files = [_wiped(row) for row in _wipe_files(wipe)]
    counts = _counts(files)
    said = _wipe_message(wipe.status, counts)
    custodian = wipe.custodian
    return CardWipeResult(
        wipe_id=wipe.id, import_id=wipe.import_session_id, status=wipe.status, custodian=custodian.name,
        card_root=wipe.card_root, started_at=wipe.started_at, finished_at=wipe.finished_at, files=files,
        counts=counts, **wire_texts(said),
    )


def _wipe_message(status: str, counts: dict[str, int]) -> Msg:
    """What a wipe with ``status`` and ``counts`` did, in one sentence (or two)."""
    if status == "completed":
        said = Msg("The card was wiped: {deleted} stored files deleted after checking them against the vault.",
                   deleted=counts["deleted"])
    elif status == "incomplete":
        said = Msg("The card was not wiped completely: {left} stored files are still on it ({deleted} deleted); see "
                   "each file's reason.", left=sum(counts[k] for k in _LEFT_STORED), deleted=counts["deleted"])
    else:
        said = Msg("The wipe is {status}.", status=STATUS_LABELS.get(status, status))
    if counts["not_imported"]:
        said = Msg("{said} {count} files on the card were not part of the import: import the card again.",
                   said=said, count=counts["not_imported"])
    return said


def wipes_of(import_id: int) -> list[CardWipe]:
    """The finished wipes of an import, oldest first (the receipt prints them)."""
    return list(CardWipe.select().where((CardWipe.import_session == import_id)
                                        & CardWipe.status.in_(["completed", "incomplete"])).order_by(CardWipe.id))


def _wiped(row: CardWipeFile) -> WipedFile:
    item = row.import_file
    return WipedFile(card_path=row.card_path, outcome=row.outcome, size=row.size, sha256=row.sha256 or None,
                     recording_id=item.recording_id if item is not None else None, reason=row.reason,
                     reason_zh=row.reason_zh)


def _wipe_files(wipe: CardWipe) -> Iterable[CardWipeFile]:
    return CardWipeFile.select().where(CardWipeFile.wipe == wipe).order_by(CardWipeFile.card_path, CardWipeFile.id)


def _counts(files: list[WipedFile]) -> dict[str, int]:
    counts = dict.fromkeys(("deleted", "delete_failed", "mismatch", "vault_damaged", "missing", "unchecked", "kept",
                            "not_imported"), 0)
    for f in files:
        counts[f.outcome] = counts.get(f.outcome, 0) + 1
    return counts


# -- checks ------------------------------------------------------------------------------------------------------
def _import(import_id: int) -> ImportSession:
    session = ImportSession.get_or_none(ImportSession.id == import_id)
    if session is None:
        raise NotFoundError(Msg("No import with id {import_id}.", import_id=import_id))
    return session


def _require_every_file_stored(session: ImportSession) -> None:
    """Only the card of an import that completed with every file stored is wiped."""
    if session.status != "completed":
        raise InvalidInputError(
            Msg(
                "Import {id} ended {status}: only the card of a completed import is wiped. Import the card "
                "again, then wipe it.",
                id=session.id,
                status=session.status,
            ),
        )
    not_stored = ImportFile.select().where(
        (ImportFile.import_session == session)
        & ((ImportFile.status == "failed")
           | ((ImportFile.status == "skipped") & ImportFile.reason.startswith(_NOT_IMPORTED_PREFIX)))).count()
    if not_stored:
        raise InvalidInputError(
            Msg(
                "Import {id} left {not_stored} files of the card unstored: import the card again before it is "
                "wiped (nothing is deleted from a card until every file on it is stored).",
                id=session.id,
                not_stored=not_stored,
            ),
        )


def _stored_files(session: ImportSession) -> Iterable[ImportFile]:
    return (ImportFile.select().where((ImportFile.import_session == session)
                                      & ImportFile.status.in_(STORED_STATUSES) & ImportFile.recording.is_null(False))
            .order_by(ImportFile.id))


def _running_wipe(ctx: ServiceContext, wipe_id: int) -> CardWipe:
    """The running wipe ``wipe_id``, which must be this session's."""
    wipe = CardWipe.get_or_none(CardWipe.id == wipe_id)
    if wipe is None:
        raise NotFoundError(Msg("No card wipe with id {wipe_id}.", wipe_id=wipe_id))
    if wipe.custodian_id != ctx.actor.user_id or wipe.session_id != (ctx.session_id or ""):
        raise ctx.refuse(Msg("Card wipe {wipe_id} belongs to another session.", wipe_id=wipe_id),
                         "refused.card_wipe", "card_wipe", wipe_id)
    if wipe.status != "running":
        raise InvalidInputError(Msg("Card wipe {wipe_id} has ended ({status}); start a new one.", wipe_id=wipe_id,
                                    status=STATUS_LABELS.get(wipe.status, wipe.status)))
    return wipe


def _candidate(wipe: CardWipe, file_id: int) -> ImportFile:
    item = ImportFile.get_or_none((ImportFile.id == file_id) & (ImportFile.import_session == wipe.import_session_id)
                                  & ImportFile.status.in_(STORED_STATUSES) & ImportFile.recording.is_null(False))
    if item is None:
        raise InvalidInputError(Msg(
            "File {file_id} is not a stored file of import {import_session_id}.",
            file_id=file_id,
            import_session_id=wipe.import_session_id,
        ))
    if CardWipeFile.select().where((CardWipeFile.wipe == wipe) & (CardWipeFile.import_file == item)).exists():
        raise InvalidInputError(Msg(
            "{card_path} was checked already in wipe {id}.",
            card_path=item.card_path,
            id=wipe.id,
        ))
    return item


def _original_verifies(ctx: ServiceContext, recording: Recording) -> bool:
    """True when the vault still holds the recording's original with its catalogued SHA-256 and size."""
    if recording.disposed_at is not None:
        return False
    digest, size = hashlib.sha256(), 0
    try:
        with ctx.station.vault.open_blob(recording.sha256) as stream:
            for chunk in iter_chunks(stream):
                digest.update(chunk)
                size += len(chunk)
    except (EvidenceStationError, OSError):
        return False
    return digest.hexdigest() == recording.sha256 and size == recording.size


def _record(wipe: CardWipe, path: str, raw: bytes | None, outcome: str, size: int | None, reason: str,
            reason_zh: str, item: ImportFile | None, at: datetime) -> None:
    CardWipeFile.create(wipe=wipe, import_file=item, card_path=path, card_path_raw=raw, outcome=outcome, size=size,
                        reason=reason, reason_zh=reason_zh, checked_at=at)


def _raw(value: bytes | memoryview | None) -> bytes | None:
    return bytes(value) if value is not None else None

