"""Use case: verify the store — every original re-hashed against the catalogue, plus the audit chain."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import islice

from evidence_station.api.audit import StoreProblem, StoreVerification, VerificationNote
from evidence_station.audit.catalogue_check import (
    Alteration,
    case_alterations,
    hold_alterations,
    recording_alterations,
    request_alterations,
    rule_alterations,
    unchecked_notes,
    user_alterations,
)
from evidence_station.audit.replay import SecurityState, replay_audit_log
from evidence_station.catalogue.compliance import GapReport
from evidence_station.catalogue.recordings import Recording
from evidence_station.catalogue.viewing import Snapshot
from evidence_station.domain.errors import EvidenceStationError, OperationCancelledError
from evidence_station.domain.messages import Msg
from evidence_station.domain.progress import (
    CancelToken,
    ConcurrentByteProgress,
    Progress,
    ProgressCallback,
    check_cancel,
)
from evidence_station.domain.roles import Operation
from evidence_station.domain.settings import shown_value
from evidence_station.services.audit_service import verify_audit
from evidence_station.services.context import ServiceContext
from evidence_station.services.settings_service import settings_alterations
from evidence_station.services.station import Station
from evidence_station.vault.blob_store import Vault
from evidence_station.vault.hashing import hashing_workers


def verify_store(
    station: Station,
    ctx: ServiceContext | None = None,
    *,
    quick: bool = False,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> StoreVerification:
    """Re-hash every stored original (SHA-256 and SM3; sizes only with ``quick``) and check the audit chain.

    Also reports blobs in the vault that no catalogue entry accounts for (disposed recordings, tombstones, are
    expected to have no blob), and replays the audit log (streamed) to name every catalogue row that grants a right
    or sets a date and says something else than the log (``catalogue_altered``: table, row, fields); what older logs
    did not record is listed in ``notes``.
    """
    if ctx is not None:
        ctx.require(Operation.VERIFY_STORE)
    vault = station.vault
    problems: list[StoreProblem] = []
    live_count = Recording.select(Recording.id).where(Recording.disposed_at.is_null()).count()  # progress total
    state = replay_audit_log(cancel=cancel)
    altered = {a.recording_id: a for a in recording_alterations(state)}
    to_hash: list[Recording] = []
    checked = 0
    for number, rec in enumerate(_live_recordings(), start=1):
        checked = number
        check_cancel(cancel)
        label = _label(rec)
        if rec.id in altered:
            problems.append(altered_problem(altered.pop(rec.id)))
        found = _blob_problem(vault, rec, label)
        if found is not None:
            problems.append(found)
            if found.kind != "writable_blob":
                continue
        if quick:
            if progress:
                progress(Progress(number, live_count, "files", rec.card_path))
        else:
            to_hash.append(rec)
    hashed = _hash_blobs(vault, to_hash, progress, cancel)
    for rec in to_hash:
        problems.extend(_digest_problems(rec, _label(rec), hashed[rec.sha256]))
    problems.extend(altered_problem(a) for a in altered.values())  # disposed or deleted recordings
    problems.extend(altered_problem(a) for a in all_alterations_but_recordings(state))
    for digest in _unaccounted_blobs(vault):
        problems.append(StoreProblem.of(None, "extra_blob", Msg(
            "The vault holds a blob {digest} that no catalogue entry accounts for.", digest=digest)))
    audit = verify_audit(station, None, cancel=cancel)
    problems.extend(StoreProblem.of(None, "audit", p.said) for p in audit.problems)
    problems.extend(_settings_problems(station))
    result_ok = not problems
    if ctx is not None:
        ctx.audit("store.verify", "vault", "", {"ok": result_ok, "checked": checked, "quick": quick,
                                                 "problems": len(problems)})
    notes = [VerificationNote(note.render("en"), note.render("zh_CN")) for note in unchecked_notes(state)]
    return StoreVerification(result_ok, checked, quick, problems, notes)


#: Rows (recordings, blob names) handled per query when the store is walked: memory stays the same for a city's
#: ten million recordings as for a hundred.
_PAGE = 2000
#: The recording columns the check reads.
_CHECKED_COLUMNS = (Recording.id, Recording.card_path, Recording.sha256, Recording.sm3, Recording.size)


def _live_recordings() -> Iterator[Recording]:
    """Every recording not disposed of, in id order, read in keyset pages of :data:`_PAGE` (checked columns only)."""
    last = 0
    while True:
        page = list(Recording.select(*_CHECKED_COLUMNS)
                    .where(Recording.disposed_at.is_null() & (Recording.id > last))
                    .order_by(Recording.id).limit(_PAGE))
        yield from page
        if len(page) < _PAGE:
            return
        last = page[-1].id


def _unaccounted_blobs(vault: Vault) -> Iterator[str]:
    """The vault's blobs (sorted) that no recording (disposed ones too), still taken while viewing (snapshot) or
    Art. 11 written statement (gap report) accounts for, looked up :data:`_PAGE` names at a time."""
    names = vault.iter_blob_hashes()
    while batch := list(islice(names, _PAGE)):
        known = {r.sha256 for r in Recording.select(Recording.sha256).where(Recording.sha256.in_(batch))}
        known |= {s.sha256 for s in Snapshot.select(Snapshot.sha256).where(Snapshot.sha256.in_(batch))}
        known |= {g.statement_sha256 for g in GapReport.select(GapReport.statement_sha256)
                  .where(GapReport.statement_sha256.in_(batch))}
        yield from (digest for digest in batch if digest not in known)


def _label(rec: Recording) -> Msg:
    return Msg("recording {id} ({path})", id=rec.id, path=rec.card_path)


def _blob_problem(vault: Vault, rec: Recording, label: Msg) -> StoreProblem | None:
    """Missing blob, wrong size, or a blob that is writable (originals are kept read-only, Art. 19)."""
    try:
        st = vault.blob_path(rec.sha256).stat()
    except FileNotFoundError:
        return StoreProblem.of(rec.id, "missing_blob", Msg("The vault copy of {recording} is missing.",
                                                            recording=label))
    if st.st_size != rec.size:
        return StoreProblem.of(rec.id, "size_mismatch", Msg(
            "The vault copy of {recording} has {size} bytes, the catalogue says {expected}.", recording=label,
            size=st.st_size, expected=rec.size))
    if st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return StoreProblem.of(rec.id, "writable_blob", Msg(
            "The vault copy of {recording} is writable (mode {mode}); originals are kept read-only. Someone "
            "changed its permissions: check who, and make it read-only again.", recording=label,
            mode=format(stat.S_IMODE(st.st_mode), "o")))
    return None


def _hash_blobs(
    vault: Vault, recordings: list[Recording], progress: ProgressCallback | None, cancel: CancelToken | None
) -> dict[str, tuple[str, str, int] | EvidenceStationError]:
    """Re-hash each distinct blob once, several at a time (SM3 runs ~0.2 GB/s per core)."""
    sizes = {rec.sha256: rec.size for rec in recordings}
    names = {rec.sha256: rec.card_path for rec in reversed(recordings)}
    meter = ConcurrentByteProgress(sum(sizes.values()), progress)

    def one(sha256: str) -> tuple[str, str, int] | EvidenceStationError:
        report_item = meter.for_item(sha256)

        def step(p: Progress) -> None:
            report_item(Progress(p.done, p.total, "bytes", names[sha256]))
        try:
            return vault.hash_blob(sha256, progress=step, cancel=cancel)
        except OperationCancelledError:
            raise
        except EvidenceStationError as exc:
            return exc
        finally:
            meter.item_done(sha256, sizes[sha256])

    with ThreadPoolExecutor(max_workers=hashing_workers(), thread_name_prefix="verify") as pool:
        # Largest first, so one big blob does not run alone at the end.
        ordered = sorted(sizes, key=sizes.__getitem__, reverse=True)
        return dict(zip(ordered, pool.map(one, ordered), strict=True))


def _digest_problems(
    rec: Recording, label: Msg, result: tuple[str, str, int] | EvidenceStationError
) -> list[StoreProblem]:
    if isinstance(result, EvidenceStationError):
        return [StoreProblem.of(rec.id, "unreadable", Msg("The vault copy of {recording} cannot be read: {problem}",
                                                           recording=label, problem=result.said))]
    sha256, sm3, _ = result
    found = []
    if sha256 != rec.sha256:
        found.append(StoreProblem.of(rec.id, "sha256_mismatch", Msg(
            "The vault copy of {recording} no longer has its SHA-256 {expected}: it was altered (now {actual}).",
            recording=label, expected=rec.sha256, actual=sha256)))
    if sm3 != rec.sm3:
        found.append(StoreProblem.of(rec.id, "sm3_mismatch", Msg(
            "The vault copy of {recording} no longer has its SM3 {expected}: it was altered (now {actual}).",
            recording=label, expected=rec.sm3, actual=sm3)))
    return found


def altered_problem(alteration: Alteration) -> StoreProblem:
    """A ``catalogue_altered`` problem naming the row's table, id and fields."""
    return StoreProblem.of(alteration.recording_id, "catalogue_altered", alteration.said,
                           table=alteration.table, row_id=alteration.row_id, fields=alteration.fields)


def all_alterations_but_recordings(state: SecurityState) -> list[Alteration]:
    """The alterations of every table but ``recording`` (those go with each recording's own problems)."""
    return [*user_alterations(state), *request_alterations(state), *hold_alterations(state),
            *case_alterations(state), *rule_alterations(state)]


def _settings_problems(station: Station) -> list[StoreProblem]:
    """A ``settings_altered`` problem for every security setting in force that is not the last audited value:
    ``settings.json`` was edited outside the station (``settings set`` audits every change)."""
    path = station.home.settings_file
    found = []
    for change in settings_alterations(station):
        key, now, was = change.key, shown_value(change.in_force), shown_value(change.audited)
        found.append(StoreProblem.of(None, "settings_altered", Msg(
            "The security setting {key} is {now} in {path}, but the last value set through the station (audited) "
            "is {was}: the file was edited outside the station. Put {was} back, or record the change with "
            "`evidence-station settings set {key} VALUE --reason TEXT`.", key=key, now=now, path=path, was=was)))
    return found


def verify_originals(
    ctx: ServiceContext,
    *,
    quick: bool = False,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> StoreVerification:
    """:func:`verify_store` by a logged-in user (audited), for clients of the station service."""
    return verify_store(ctx.station, ctx, quick=quick, progress=progress, cancel=cancel)
