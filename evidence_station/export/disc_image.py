"""Build the disc image from a staging tree with pycdlib: ISO 9660 + Joliet + Rock Ridge + UDF 2.60.

ISO 9660 gets generated unique 8.3 names (``F0001.MP4;1``, interchange level 3 so files over 4 GiB
work); the real names, Chinese included, live in Joliet, Rock Ridge and UDF.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.progress import CancelToken, ProgressCallback, check_cancel, report
from evidence_station.export.digests import CHUNK_SIZE
from evidence_station.export.layout import MAX_NAME_UNITS

#: Joliet stores the volume name in UTF-16 in 32 bytes: at most 16 characters.
MAX_VOLUME_LABEL = 16


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
    if len(name.encode("utf-16-le")) // 2 > MAX_NAME_UNITS:
        raise InvalidInputError(f"The name {name} ({path}) is too long for Joliet (at most 64 characters).")


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
                raise InvalidInputError(f"The staging folder holds a link ({path}); stage the disc again.")
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
                raise InvalidInputError(f"The staging folder holds a non-regular file ({path}).")
            _check_name(filename, path)
            iso_name = f"{iso_dirs[here]}/{names.name(iso_dirs[here], filename, False)};1"
            real = f"{real_dirs[here]}/{filename}"
            iso.add_file(  # type: ignore[attr-defined]
                str(path), iso_name, joliet_path=real, rr_name=filename, udf_path=real
            )


def _hash_image(path: Path, progress: ProgressCallback | None, cancel: CancelToken | None) -> str:
    size = path.stat().st_size
    digest = hashlib.sha256()
    done = 0
    with open(path, "rb+") as stream:
        os.fsync(stream.fileno())
        while chunk := stream.read(CHUNK_SIZE):
            check_cancel(cancel)
            digest.update(chunk)
            done += len(chunk)
            report(progress, size + done, size * 2, "bytes", path.name, "校验光盘映像 / hashing disc image")
    return digest.hexdigest()


def build_disc_image(
    staging_dir: Path,
    out_iso: Path,
    volume_label: str,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> str:
    """Write the image of ``staging_dir`` to ``out_iso`` and return the image's SHA-256 (hex).

    The label is sanitised with :func:`sanitise_volume_label`. The image is written under a temporary
    name and renamed at the end, so a failure or cancellation leaves no partial image.
    """
    import pycdlib

    if not staging_dir.is_dir():
        raise InvalidInputError(f"The staging folder {staging_dir} does not exist; stage the disc first.")
    label = sanitise_volume_label(volume_label)
    partial = out_iso.with_name(out_iso.name + ".part")
    iso = pycdlib.PyCdlib()
    iso.new(
        interchange_level=3,
        joliet=3,
        rock_ridge="1.09",
        udf="2.60",
        vol_ident=label,
        app_ident_str="EVIDENCE STATION",
    )

    def on_write(done: int, total: int, _opaque: object) -> None:
        check_cancel(cancel)
        report(progress, done, total * 2, "bytes", out_iso.name, "写入光盘映像 / writing disc image")

    try:
        try:
            _populate(iso, staging_dir, cancel)
            iso.write(str(partial), progress_cb=on_write)
        finally:
            iso.close()
        image_sha256 = _hash_image(partial, progress, cancel)
        os.replace(partial, out_iso)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return image_sha256
