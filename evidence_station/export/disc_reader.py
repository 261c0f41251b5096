"""Read the files of a disc without mounting it: a folder (mounted disc, copy), an ISO image or a
block device (read with pycdlib through Rock Ridge, Joliet or UDF names)."""

from __future__ import annotations

import contextlib
import io
import os
import stat
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from evidence_station.domain.errors import InvalidInputError, NotFoundError


class DiscReader(Protocol):
    """Uniform read access to the files of a disc, by paths relative to its root (``/``-separated)."""

    description: str
    volume_id: str
    #: Files hidden by another real name that reads the same (``(shown, hidden)`` pairs); filled by
    #: :meth:`files`. Only a folder can have them (see :class:`FolderReader`).
    name_clashes: list[tuple[str, str]]

    def files(self) -> dict[str, int]:
        """Every regular file on the disc with its size."""
        ...

    def open(self, path: str) -> contextlib.AbstractContextManager[BinaryIO]:
        """Open one file for reading."""
        ...


def _nfc(path: str) -> str:
    return unicodedata.normalize("NFC", path)


class FolderReader:
    """A mounted disc or a copied folder.

    Paths are listed NFC-normalised (as the disc's manifest writes them): a copy made through macOS
    HFS+, which stores names decomposed (NFD), still matches. The real name is opened.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.description = f"folder {root}"
        self.volume_id = root.name
        self.name_clashes: list[tuple[str, str]] = []
        self._real: dict[str, str] = {}

    def files(self) -> dict[str, int]:
        """Every regular file below the root (links are not followed and not listed), by NFC path.

        Two real names that normalise to the same path (possible on Linux, never on a disc this station
        wrote) are not merged silently: the exactly-NFC one (else the first in sorted order) is listed,
        the other recorded in :attr:`name_clashes` as ``(listed path, hidden real path)``.
        """
        found: dict[str, int] = {}
        real: dict[str, str] = {}
        clashes: list[tuple[str, str]] = []
        for current, dirs, names in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if not (Path(current) / d).is_symlink())
            for name in sorted(names):
                path = Path(current) / name
                info = path.lstat()
                if not stat.S_ISREG(info.st_mode):
                    continue
                relative = path.relative_to(self.root).as_posix()
                key = _nfc(relative)
                if key in real:
                    if relative == key:  # the exact name wins; the decomposed twin is the hidden one
                        clashes.append((key, real[key]))
                    else:
                        clashes.append((key, relative))
                        continue
                real[key] = relative
                found[key] = info.st_size
        self._real = real
        self.name_clashes = clashes
        return found

    def open(self, path: str) -> contextlib.AbstractContextManager[BinaryIO]:
        """Open ``path`` (relative to the root, as :meth:`files` lists it) for reading."""
        if not self._real:
            self.files()
        return open(self.root / self._real.get(path, path), "rb")


class IsoReader:
    """An ISO 9660 image file or an optical drive's block device, read with pycdlib."""

    def __init__(self, source: Path) -> None:
        import pycdlib

        self.description = f"image {source}"
        self.name_clashes: list[tuple[str, str]] = []
        self._iso = pycdlib.PyCdlib()
        try:
            self._iso.open(str(source))
        except Exception as exc:
            with contextlib.suppress(Exception):
                self._iso.close()
            raise InvalidInputError(
                f"{source} is neither a folder nor a readable ISO 9660 disc image ({exc})."
            ) from exc
        self.volume_id = self._iso.pvd.volume_identifier.decode("ascii", errors="replace").strip()
        if self._iso.has_rock_ridge():
            self._key = "rr_path"
        elif self._iso.has_joliet():
            self._key = "joliet_path"
        elif self._iso.has_udf():
            self._key = "udf_path"
        else:
            self._key = "iso_path"

    def files(self) -> dict[str, int]:
        """Every file in the chosen name space with the length recorded in its directory entry."""
        found: dict[str, int] = {}
        for current, _dirs, names in self._iso.walk(**{self._key: "/"}):
            for name in names:
                full = f"{current.rstrip('/')}/{name}"
                record = self._iso.get_record(**{self._key: full})
                relative = full.lstrip("/")
                if self._key == "iso_path":
                    relative = relative.rsplit(";", 1)[0]
                found[relative] = record.get_data_length()
        return found

    @contextlib.contextmanager
    def open(self, path: str) -> Iterator[BinaryIO]:
        """Open ``path`` for reading (a short read means a truncated image)."""
        name = "/" + path if self._key != "iso_path" else f"/{path};1"
        with self._iso.open_file_from_iso(**{self._key: name}) as stream:
            yield stream  # type: ignore[misc]

    def close(self) -> None:
        """Release the image file."""
        with contextlib.suppress(Exception):
            self._iso.close()


@contextlib.contextmanager
def open_disc(path: Path) -> Iterator[DiscReader]:
    """Open a folder, an image file or a block device as a :class:`DiscReader`.

    Raises :class:`NotFoundError` for a missing path, :class:`InvalidInputError` for anything that is
    not a disc.
    """
    if path.is_dir():
        yield FolderReader(path)
        return
    if not path.exists():
        raise NotFoundError(f"{path} does not exist; give a disc folder, an ISO image or a drive device.")
    mode = path.stat().st_mode
    if not (stat.S_ISREG(mode) or stat.S_ISBLK(mode)):
        raise InvalidInputError(f"{path} is not a folder, an image file or a block device.")
    reader = IsoReader(path)
    try:
        yield reader
    finally:
        reader.close()


def read_small(disc: DiscReader, path: str, limit: int = 64 * 1024 * 1024) -> bytes:
    """Read a whole (small) file from the disc, at most ``limit`` bytes."""
    buffer = io.BytesIO()
    with disc.open(path) as stream:
        while chunk := stream.read(1024 * 1024):
            buffer.write(chunk)
            if buffer.tell() > limit:
                raise InvalidInputError(f"{path} on the disc is larger than {limit:,} bytes; it is not ours.")
    return buffer.getvalue()
