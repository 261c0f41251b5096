"""Stage one evidence disc: copy the originals byte-identically, then write every payload file.

Also splits a large selection over several discs (:func:`split_into_discs`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from cryptography.hazmat.primitives import serialization

from evidence_station.disc.digests import FileDigests, copy_with_digests, digest_file, digest_stream
from evidence_station.disc.layout import (
    AUDIT_CHECKPOINT_NAME,
    MANIFEST_NAME,
    MANIFEST_SIGNATURE_NAME,
    NOT_IN_SUMS,
    PROVENANCE_NAME,
    README_NAME,
    SHA256SUMS_NAME,
    SM3SUMS_NAME,
    STATION_CERT_NAME,
    VERIFIER_NAME,
    original_disc_paths,
)
from evidence_station.disc.signatures import certificate_sha256, sha256_hex
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg
from evidence_station.domain.progress import (
    CancelToken,
    ConcurrentByteProgress,
    Progress,
    ProgressCallback,
    Stage,
    check_cancel,
    report,
)
from evidence_station.export.errors import FileTooLargeForMediumError, VaultCopyMismatchError
from evidence_station.export.manifest import build_manifest, format_sums, sign_manifest
from evidence_station.export.plan import DiscFile, DiscPlan, StagedDisc, StagedFile
from evidence_station.export.provenance_pdf import write_signed_provenance_pdf
from evidence_station.export.readme import readme_text
from evidence_station.export.verifier_page import verifier_html
from evidence_station.identity.signer import StationSigner
from evidence_station.vault.hashing import hashing_workers

SECTOR = 2048
#: Usable capacity in bytes of single-session discs (sectors x 2048).
MEDIA_SIZES: dict[str, int] = {
    "cd": 360_000 * SECTOR,  # CD-R 700 MB / 80 min
    "dvd": 2_295_104 * SECTOR,  # DVD±R 4.7 GB
    "dvd-dl": 4_171_712 * SECTOR,  # DVD±R DL 8.5 GB
    "bd": 12_219_392 * SECTOR,  # BD-R 25 GB
}
#: Room kept on every disc for what does not grow with the files: the file-system structures (ISO 9660,
#: Joliet, Rock Ridge and UDF descriptors, path tables, folders), README, certificate, signatures, the
#: PDF's fonts and VERIFY.html (about 0.9 MB in practice).
DEFAULT_DISC_OVERHEAD = 16 * 1024 * 1024
#: File-system cost of one file on top of its data rounded up to whole sectors: a UDF file entry (one
#: sector) and its ISO 9660, Joliet, Rock Ridge and UDF directory records (measured: 1.2 sectors).
PER_FILE_OVERHEAD = 3 * SECTOR // 2
#: What one file adds to MANIFEST.json, PROVENANCE.pdf, SHA256SUMS and SM3SUMS besides its names,
#: metadata and bookmarks (hashes, keys, a table row; measured: ~1.3 kB).
PER_FILE_METADATA = 1536

_F = TypeVar("_F", bound=DiscFile)
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def _variable_metadata(item: DiscFile) -> int:
    """UTF-8 bytes of the free-form text of ``item`` (names, metadata, bookmarks): each lands in the
    manifest (indented) and on the sheet, so a file's metadata cost counts them twice."""
    bookmarks = [[b.category, b.note, b.author, str(b.at), b.offset_seconds] for b in item.bookmarks]
    text = json.dumps(
        [item.disc_name, item.device, item.officer, item.classification, item.metadata, bookmarks],
        ensure_ascii=False,
        default=str,
    )
    return len(text.encode("utf-8"))


def disc_footprint(item: DiscFile) -> int:
    """The bytes ``item`` takes on a disc: its data in whole sectors, its file-system records, and what it
    adds to the manifest, the sheet and the sums files (an honest upper estimate: with thousands of small
    files the metadata, not the data, fills the disc)."""
    data = -(-item.size // SECTOR) * SECTOR
    return data + PER_FILE_OVERHEAD + PER_FILE_METADATA + 2 * _variable_metadata(item)


def split_into_discs(
    files: Sequence[_F], capacity_bytes: int, overhead: int = DEFAULT_DISC_OVERHEAD
) -> list[list[_F]]:
    """Share ``files`` over as few discs as first-fit allows, keeping their order on each disc.

    Each file is put on the first disc with room (its :func:`disc_footprint`: data rounded up to
    2048-byte sectors, file-system records and its share of manifest, sheet and sums files; ``overhead``
    is kept free per disc for what does not grow with the files). A file that alone does not fit raises
    :class:`FileTooLargeForMediumError`.
    """
    room = capacity_bytes - overhead
    discs: list[list[_F]] = []
    free: list[int] = []
    for item in files:
        need = disc_footprint(item)
        if need > room:
            raise FileTooLargeForMediumError(
                Msg(
                    "{disc_name} ({size:,} bytes) is larger than the chosen disc medium can hold ({room:,} "
                    "bytes usable); choose a larger medium (e.g. BD 25 GB).",
                    disc_name=item.disc_name,
                    size=item.size,
                    room=room,
                ),
            )
        for index, left in enumerate(free):
            if need <= left:
                discs[index].append(item)
                free[index] -= need
                break
        else:
            discs.append([item])
            free.append(room - need)
    return discs


def volume_label_for(case_number: str, disc_index: int = 1, disc_count: int = 1) -> str:
    """A volume label from the case number: ASCII letters/digits only, ``_`` between runs, ≤ 16 chars.

    ``明人社监〔2026〕12号`` becomes ``2026_12``; several discs get ``_1``, ``_2`` … at the end.
    """
    runs = re.findall(r"[A-Za-z0-9]+", case_number)
    suffix = f"_{disc_index}" if disc_count > 1 else ""
    base = "_".join(runs).upper() or "EVIDENCE"
    return base[: 16 - len(suffix)].rstrip("_") + suffix


def _check_plan(plan: DiscPlan) -> None:
    if not plan.files:
        raise InvalidInputError(Msg("The disc plan names no recordings; choose at least one recording to export."))
    if not 1 <= plan.disc_index <= plan.disc_count:
        raise InvalidInputError(Msg(
            "Disc {disc_index} of {disc_count} is not a valid disc number.",
            disc_index=plan.disc_index,
            disc_count=plan.disc_count,
        ))
    for item in plan.files:
        if not _HEX64.match(item.sha256) or not _HEX64.match(item.sm3):
            raise InvalidInputError(
                Msg(
                    "{disc_name}: the recorded SHA-256/SM3 are not 64 lower-case hex digits.",
                    disc_name=item.disc_name,
                ),
            )
        if not item.source.is_file():
            raise VaultCopyMismatchError(
                Msg(
                    "The vault blob for {disc_name} ({source}) is missing; run the store verification.",
                    disc_name=item.disc_name,
                    source=item.source,
                ),
            )


def _write(path: Path, data: bytes) -> None:
    with open(path, "xb") as target:
        target.write(data)
        target.flush()
        os.fsync(target.fileno())


_STAGING_MESSAGE = "复制原始文件 / copying originals"
#: Stage originals as hard links to their vault blobs. Not on Windows: a read-only file there cannot be
#: deleted without clearing its read-only attribute, which a hard link shares with the vault blob.
HARD_LINK_ORIGINALS = os.name != "nt"


def _stage_original(
    item: DiscFile, target: Path, on_chunk: Callable[[int], None], cancel: CancelToken | None
) -> FileDigests:
    """Put one original into the staging tree and return the digests of the bytes now there.

    Where the file system allows, ``target`` becomes a hard link to the read-only vault blob: no copy and no
    write, only one read to hash it (the blob's bytes cannot change through the link, which is read-only
    like the blob, and the staging folder is deleted after the export). Elsewhere (another disk, a file
    system without hard links, Windows: see :data:`HARD_LINK_ORIGINALS`) the blob is copied and fsynced
    while hashing.
    """
    if HARD_LINK_ORIGINALS:
        try:
            os.link(item.source, target)
        except OSError:
            pass  # another disk, or no hard links on this file system: copy
        else:
            with open(target, "rb", buffering=0) as stream:
                return digest_stream(stream, on_chunk=on_chunk, cancel=cancel)
    return copy_with_digests(item.source, target, on_chunk=on_chunk, cancel=cancel)


def _copy_originals(
    plan: DiscPlan, root: Path, progress: ProgressCallback | None, cancel: CancelToken | None
) -> list[StagedFile]:
    """Stage every original (largest first, :func:`~evidence_station.vault.hashing.hashing_workers` at once)
    and check each against the size, SHA-256 and SM3 recorded at import."""
    total = sum(item.size for item in plan.files)
    paths = original_disc_paths((item.device, item.disc_name) for item in plan.files)
    meter = ConcurrentByteProgress(total, progress)

    def stage(item: DiscFile, disc_path: str) -> StagedFile:
        check_cancel(cancel)
        target = root / disc_path
        target.parent.mkdir(parents=True, exist_ok=True)
        report_item = meter.for_item(disc_path)
        done = 0

        def on_chunk(length: int) -> None:
            nonlocal done
            done += length
            report_item(Progress(done, item.size, "bytes", disc_path, _STAGING_MESSAGE, Stage.STAGING))

        digests = _stage_original(item, target, on_chunk, cancel)
        meter.item_done(disc_path, digests.size)
        if (digests.size, digests.sha256, digests.sm3) != (item.size, item.sha256, item.sm3):
            raise VaultCopyMismatchError(
                Msg(
                    "The vault copy of {disc_name} ({source}) does not match the values recorded at import "
                    "(size {size:,} vs {expected_size:,}, SHA-256 {sha256} vs {expected_sha256}, "
                    "SM3 {sm3} vs {expected_sm3}). The vault is corrupt: run the store verification and do not "
                    "export this file.",
                    disc_name=item.disc_name,
                    source=item.source,
                    size=digests.size,
                    expected_size=item.size,
                    sha256=digests.sha256,
                    expected_sha256=item.sha256,
                    sm3=digests.sm3,
                    expected_sm3=item.sm3,
                ),
            )
        return StagedFile(disc_path, digests.size, digests.sha256, digests.sm3)

    pairs = list(zip(plan.files, paths, strict=True))
    order = sorted(range(len(pairs)), key=lambda index: -pairs[index][0].size)
    results: dict[int, StagedFile] = {}
    with ThreadPoolExecutor(max_workers=hashing_workers(), thread_name_prefix="stage-original") as pool:
        futures = {index: pool.submit(stage, *pairs[index]) for index in order}
        try:
            for index in order:
                results[index] = futures[index].result()
        except BaseException:
            for future in futures.values():
                future.cancel()
            raise
    return [results[index] for index in range(len(pairs))]


def _write_verifier(root: Path) -> StagedFile:
    """Put the station's built VERIFY.html at the disc root; its digests (of the bytes written) go into the
    signed manifest."""
    page = verifier_html()
    _write(root / VERIFIER_NAME, page)
    digests = digest_file(root / VERIFIER_NAME)
    return StagedFile(VERIFIER_NAME, digests.size, digests.sha256, digests.sm3)


def _write_sums(root: Path, staged: Sequence[StagedFile]) -> None:
    sha256: dict[str, str] = {f.disc_path: f.sha256 for f in staged}
    sm3: dict[str, str] = {f.disc_path: f.sm3 for f in staged}
    for entry in sorted(root.iterdir()):
        if entry.is_file() and entry.name not in NOT_IN_SUMS:
            digests = digest_file(entry)
            sha256[entry.name] = digests.sha256
            sm3[entry.name] = digests.sm3
    _write(root / SHA256SUMS_NAME, format_sums(sha256))
    _write(root / SM3SUMS_NAME, format_sums(sm3))


def stage_disc(
    plan: DiscPlan,
    staging_dir: Path,
    signer: StationSigner,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> StagedDisc:
    """Build the staging tree of one disc in ``staging_dir`` (which must not exist or be empty).

    Originals are copied to ``originals/<device>/<name>`` while hashing and compared with the recorded
    size, SHA-256 and SM3; a mismatch raises :class:`VaultCopyMismatchError`. Then VERIFY.html (the
    in-browser verifier, named in the manifest), MANIFEST.json (+ .p7s), STATION-CERT.pem, README.txt,
    PROVENANCE.pdf (signed), AUDIT-CHECKPOINT.json (if a checkpoint is given), SHA256SUMS and SM3SUMS are
    written. On any failure or cancellation the staging folder is removed again.
    """
    _check_plan(plan)
    cert = signer.certificate
    if staging_dir.exists() and any(staging_dir.iterdir()):
        raise InvalidInputError(
            Msg(
                "The staging folder {staging_dir} is not empty; choose a new or empty folder.",
                staging_dir=staging_dir,
            ),
        )
    staging_dir.mkdir(parents=True, exist_ok=True)
    try:
        staged = _copy_originals(plan, staging_dir, progress, cancel)
        check_cancel(cancel)
        report(progress, 0, 0, "files", PROVENANCE_NAME, "写入清单与说明 / writing manifest and description",
               Stage.SIGNING)
        verifier = _write_verifier(staging_dir)
        manifest = build_manifest(plan, staged, cert, verifier)
        _write(staging_dir / MANIFEST_NAME, manifest)
        _write(staging_dir / MANIFEST_SIGNATURE_NAME, sign_manifest(manifest, signer))
        _write(staging_dir / STATION_CERT_NAME, cert.public_bytes(serialization.Encoding.PEM))
        cert_sha256 = certificate_sha256(cert)
        _write(staging_dir / README_NAME, readme_text(plan, cert_sha256))
        if plan.audit_checkpoint:
            checkpoint = json.loads(manifest)["audit_checkpoint"]
            text = json.dumps(checkpoint, ensure_ascii=False, indent=2) + "\n"
            _write(staging_dir / AUDIT_CHECKPOINT_NAME, text.encode("utf-8"))
        manifest_sha256 = sha256_hex(manifest)
        write_signed_provenance_pdf(plan, staged, manifest_sha256, staging_dir / PROVENANCE_NAME, signer)
        check_cancel(cancel)
        _write_sums(staging_dir, staged)
    except BaseException:
        shutil.rmtree(staging_dir, ignore_errors=True)
        raise
    facts = plan.provenance
    total = sum(p.stat().st_size for p in staging_dir.rglob("*") if p.is_file())
    return StagedDisc(
        root=staging_dir,
        files=tuple(staged),
        manifest_sha256=manifest_sha256,
        station_cert_sha256=cert_sha256,
        volume_label=volume_label_for(facts.case_number, plan.disc_index, plan.disc_count),
        total_bytes=total,
    )
