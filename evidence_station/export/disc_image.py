"""Build the disc image from a staging tree with pycdlib: ISO 9660 + Joliet + Rock Ridge + UDF.

The UDF part is what pycdlib writes for its ``udf="2.60"`` option: UDF 1.02 structures (``NSR02``, domain
revision 1.02, as 7-Zip and ``udfinfo`` report), which Windows, macOS and Linux read.

ISO 9660 gets generated unique 8.3 names (``F0001.MP4;1``, interchange level 3 so files over 4 GiB
work); the real names, Chinese included, live in Joliet, Rock Ridge and UDF.

Both builders write through :class:`~evidence_station.export.image_writer.ImageWriter` (1 MiB copies,
the image's SHA-256 computed on the way in a second thread, write-back to the disk started as it goes).
:func:`build_verified_disc_image` is what an export runs: after the write, one thread fsyncs the image
while the others read every file back out of it and verify it
(:func:`~evidence_station.disc.verify_disc.verify_disc`, SHA-256 of the originals; their SM3 was proven
while staging). :func:`build_disc_image` only writes, fsyncs and returns the SHA-256.

An image is an output file like any other (:mod:`evidence_station.safe_output`): never inside a station home,
an existing file only replaced when forced, written under a temporary name with mode 0600 — it holds copies of
the originals — and made readable as a normal document only once it is complete (and, for an export,
verified).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from evidence_station.disc.digests import CHUNK_SIZE
from evidence_station.disc.layout import MAX_NAME_BYTES, MAX_NAME_UNITS, name_fits
from evidence_station.disc.verify_disc import DiscVerification, verify_disc
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg
from evidence_station.domain.progress import CancelToken, ProgressCallback, Stage, check_cancel, report
from evidence_station.export.image_writer import ImageWriter
from evidence_station.export.plan import StagedDisc
from evidence_station.safe_output import open_output, open_station_file

#: Joliet stores the volume name in UTF-16 in 32 bytes: at most 16 characters.
MAX_VOLUME_LABEL = 16
#: Bytes pycdlib copies per step (its default, 32 KiB, costs a Python round trip per 32 KiB).
COPY_BLOCK = CHUNK_SIZE


@dataclass(frozen=True)
class BuiltImage:
    """A disc image written, made durable, hashed and verified by reading every file back out of it."""

    path: Path
    sha256: str
    size: int
    verification: DiscVerification


def sanitise_volume_label(label: str) -> str:
    """Upper-case ISO 9660 d-characters (``A-Z 0-9 _``), at most 16, never empty."""
    cleaned = re.sub(r"[^A-Z0-9_]+", "_", label.upper()).strip("_")
    return cleaned[:MAX_VOLUME_LABEL].rstrip("_") or "EVIDENCE"


class _IsoNames:
    """Generates unique ISO 9660 8.3 names per directory."""

    def __init__(self) -> None:
        self._used: dict[str, set[str]] = {}

    def name(self, parent: str, real: str, is_dir: bool) -> str:
        used = self._used.setdefault(parent, set())
        stem, dot, suffix = real.rpartition(".")
        if is_dir or not dot:
            stem, suffix = real, ""
        base = re.sub(r"[^A-Z0-9_]", "_", stem.upper())[:8] or ("D" if is_dir else "F")
        ext = re.sub(r"[^A-Z0-9_]", "_", suffix.upper())[:3]
        candidate = base
        number = 0
        while candidate in used or base.strip("_") == "":
            number += 1
            candidate = f"{'D' if is_dir else 'F'}{number:07d}"
            base = candidate
        used.add(candidate)
        return candidate if is_dir or not ext else f"{candidate}.{ext}"


def _check_name(name: str, path: Path) -> None:
    """Refuse, in plain words, a name the image cannot hold (rather than pycdlib's raw error)."""
    if not name_fits(name):
        raise InvalidInputError(
            Msg(
                "The name {name!r} ({path}) is too long for the disc: a name may have at most "
                "{MAX_NAME_UNITS} characters and {MAX_NAME_BYTES} bytes in UTF-8 (21 Chinese characters). "
                "Stage the disc again; the station shortens names itself.",
                name=name,
                path=path,
                MAX_NAME_UNITS=MAX_NAME_UNITS,
                MAX_NAME_BYTES=MAX_NAME_BYTES,
            ),
        )


def _populate(iso: object, staging_dir: Path, cancel: CancelToken | None) -> None:
    names = _IsoNames()
    iso_dirs = {staging_dir: ""}
    real_dirs = {staging_dir: ""}
    for current, dirs, files in os.walk(staging_dir):
        here = Path(current)
        dirs.sort()
        for dirname in dirs:
            check_cancel(cancel)
            path = here / dirname
            if path.is_symlink():
                raise InvalidInputError(Msg(
                    "The staging folder holds a link ({path}); stage the disc again.",
                    path=path,
                ))
            _check_name(dirname, path)
            iso_dirs[path] = f"{iso_dirs[here]}/{names.name(iso_dirs[here], dirname, True)}"
            real_dirs[path] = f"{real_dirs[here]}/{dirname}"
            iso.add_directory(  # type: ignore[attr-defined]
                iso_dirs[path], joliet_path=real_dirs[path], rr_name=dirname, udf_path=real_dirs[path]
            )
        for filename in sorted(files):
            check_cancel(cancel)
            path = here / filename
            if path.is_symlink() or not path.is_file():
                raise InvalidInputError(Msg("The staging folder holds a non-regular file ({path}).", path=path))
            _check_name(filename, path)
            iso_name = f"{iso_dirs[here]}/{names.name(iso_dirs[here], filename, False)};1"
            real = f"{real_dirs[here]}/{filename}"
            iso.add_file(  # type: ignore[attr-defined]
                str(path), iso_name, joliet_path=real, rr_name=filename, udf_path=real
            )


def _sync_and_hash(
    path: Path, written_sha256: str | None, progress: ProgressCallback | None, cancel: CancelToken | None
) -> str:
    """fsync the image and return its SHA-256: ``written_sha256`` (hashed while writing) if known, else
    hashed by reading the file (progress: the second half of the build's bytes)."""
    size = path.stat().st_size
    digest = hashlib.sha256()
    done = 0
    with open(path, "rb+", buffering=0) as stream:
        os.fsync(stream.fileno())
        if written_sha256 is not None:
            report(progress, size * 2, size * 2, "bytes", path.name, "写入光盘映像 / writing disc image",
                   Stage.WRITING_IMAGE)
            return written_sha256
        buffer = bytearray(CHUNK_SIZE)
        view = memoryview(buffer)
        while count := stream.readinto(buffer):
            check_cancel(cancel)
            digest.update(view[:count])
            done += count
            report(progress, size + done, size * 2, "bytes", path.name, "校验光盘映像 / hashing disc image",
                   Stage.CHECKING_IMAGE)
    return digest.hexdigest()


def _write_image(
    staging_dir: Path,
    partial: Path,
    volume_label: str,
    progress: ProgressCallback | None,
    cancel: CancelToken | None,
) -> str | None:
    """Write the image of ``staging_dir`` to ``partial`` (progress: the first half of the build's bytes).

    Returns the image's SHA-256 as written, or None when the writes could not be hashed in file order.
    """
    import pycdlib

    if not staging_dir.is_dir():
        raise InvalidInputError(Msg(
            "The staging folder {staging_dir} does not exist; stage the disc first.",
            staging_dir=staging_dir,
        ))
    iso = pycdlib.PyCdlib()
    iso.new(
        interchange_level=3,
        joliet=3,
        rock_ridge="1.09",
        udf="2.60",
        vol_ident=sanitise_volume_label(volume_label),
        app_ident_str="EVIDENCE STATION",
    )

    def on_write(done: int, total: int, _opaque: object) -> None:
        check_cancel(cancel)
        report(progress, done, total * 2, "bytes", partial.name, "写入光盘映像 / writing disc image",
               Stage.WRITING_IMAGE)

    try:
        _populate(iso, staging_dir, cancel)
        with open(partial, "wb") as stream:
            writer = ImageWriter(stream)
            try:
                iso.write_fp(writer, blocksize=COPY_BLOCK, progress_cb=on_write)
            except BaseException:
                writer.close()
                raise
            return writer.finish()
    finally:
        iso.close()


def build_disc_image(
    staging_dir: Path,
    out_iso: Path,
    volume_label: str,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    *,
    force: bool = False,
    protect: Iterable[Path] = (),
) -> str:
    """Write the image of ``staging_dir`` to ``out_iso`` and return the image's SHA-256 (hex).

    The label is sanitised with :func:`sanitise_volume_label`. The image is written under a temporary
    name (mode 0600), fsynced, hashed and put in place at the end, so a failure or cancellation leaves no
    partial image; ``out_iso`` follows the rules of :mod:`evidence_station.safe_output` (``force``, ``protect``).
    """
    with open_output(out_iso, force=force, protect=protect, private=True) as output:
        written_sha256 = _write_image(staging_dir, output.temp_path, volume_label, progress, cancel)
        image_sha256 = _sync_and_hash(output.temp_path, written_sha256, progress, cancel)
        output.commit(publish=True)
    return image_sha256


def build_verified_disc_image(
    staged: StagedDisc,
    out_iso: Path,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    *,
    force: bool = False,
    protect: Iterable[Path] = (),
    temp_tag: str = "",
    station_file: bool = False,
) -> BuiltImage:
    """Write the image of ``staged`` to ``out_iso``, make it durable, hash it and verify it read back.

    The verification reads every file out of the written image through its file system and checks it
    against the image's own manifest (:func:`verify_disc` with ``originals_sm3=False``: signatures,
    sums files, missing/extra files, every file's size and SHA-256, SM3 of every file but the
    originals). That is sound because the caller compares ``verification.manifest_sha256`` with
    ``staged.manifest_sha256``: the originals' SM3 in that manifest were computed from the very bytes
    copied out of the vault and checked against the catalogue, and equal SHA-256 means equal bytes.
    The image's SHA-256 is that of the bytes written (computed while writing; if pycdlib's write order
    does not allow that, by reading the file); the fsync runs in a second thread during the verification.

    The image is written under a temporary name (with ``temp_tag`` in it, mode 0600) and put in place at
    ``out_iso`` by the rules of :mod:`evidence_station.safe_output` (``force``, ``protect``); it becomes
    readable as a normal document only if it verified. A failure or cancellation leaves no image; a
    verification that finds problems does (the result says what is wrong). Raises
    :class:`InvalidInputError` if the written image cannot be read at all.

    ``station_file``: the image is one the station keeps in its own home (an export's image in ``exports/``,
    :func:`~evidence_station.safe_output.open_station_file`): written the same way, and it stays 0600.
    """
    if station_file:
        opened = open_station_file(out_iso, tag=temp_tag)
    else:
        opened = open_output(out_iso, force=force, protect=protect, private=True, tag=temp_tag)
    with opened as output:
        partial = output.temp_path
        written_sha256 = _write_image(staged.root, partial, staged.volume_label, progress, cancel)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="image-sync") as pool:
            image_hash = pool.submit(_sync_and_hash, partial, written_sha256, None, cancel)
            try:
                verification = verify_disc(partial, progress, cancel, originals_sm3=False,
                                           stage=Stage.CHECKING_IMAGE)
            finally:
                image_sha256 = image_hash.result()
        size = partial.stat().st_size
        output.commit(publish=verification.ok and not station_file)
    return BuiltImage(path=out_iso, sha256=image_sha256, size=size, verification=verification)
