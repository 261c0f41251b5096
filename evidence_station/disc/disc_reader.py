"""Read the files of a disc without mounting it: a folder (mounted disc, copy), an ISO image or a
block device (read with pycdlib through Rock Ridge, Joliet or UDF names)."""

from __future__ import annotations

import contextlib
import io
import os
import stat
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from evidence_station.domain.errors import InvalidInputError, NotFoundError
from evidence_station.domain.messages import Msg


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

    def view_mismatches(self) -> list[tuple[str, str, str]]:
        """``(path, sentence, Chinese sentence)`` for every file the disc's other name spaces show differently
        (images only)."""
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

    def view_mismatches(self) -> list[tuple[str, str, str]]:
        """A folder has one name space only."""
        return []


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
                Msg(
                    "{source} is neither a folder nor a readable ISO 9660 disc image ({exc}).",
                    source=source,
                    exc=exc,
                ),
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

    def view_mismatches(self) -> list[tuple[str, str, str]]:
        """Files the Joliet (Windows) or UDF view shows differently from the name space that was checked.

        Each file must appear in every view under the same path, pointing at the same bytes (extent and
        length); otherwise a reader on another system would see other data than the one verified. Where
        pycdlib cannot decode a view's names, the view's files are compared by extent and length alone.
        """
        from pycdlib.pycdlibexception import PyCdlibException

        if self._key != "rr_path":
            return []
        primary = self._layout("rr_path")
        found: list[tuple[str, str, str]] = []
        views = (("joliet_path", "Joliet (Windows)", "Joliet（Windows）"), ("udf_path", "UDF", "UDF"))
        for key, view, view_zh in views:
            if not getattr(self._iso, f"has_{key.split('_')[0]}")():
                continue
            try:
                other = self._layout(key)
            except (UnicodeDecodeError, ValueError, PyCdlibException):
                if Counter(self._raw_extents(key)) != Counter(primary.values()):
                    found.append(("(image)", f"The {view} view of the image holds other data than the verified "
                                             "one: the image was altered.",
                                  f"镜像的 {view_zh} 视图中的数据与已核验的不同：镜像已被改动。"))
                continue
            for path, where in sorted(primary.items()):
                if path not in other:
                    found.append((path, f"{path} is missing from the {view} view of the image: readers using "
                                        "that view cannot see it.",
                                  f"镜像的 {view_zh} 视图中缺少 {path}：使用该视图读取光盘的系统看不到此文件。"))
                elif other[path] != where:
                    found.append((path, f"The {view} view of {path} points at other data than the verified one "
                                        f"(extent/length {other[path]} instead of {where}): the image was altered.",
                                  f"{path} 在 {view_zh} 视图中指向的数据与已核验的不同（区段/长度为 {other[path]}，"
                                  f"应为 {where}）：镜像已被改动。"))
            for path in sorted(other.keys() - primary.keys()):
                found.append((path, f"{path} is visible only in the {view} view of the image, not in the verified "
                                    "one: the image was altered.",
                              f"{path} 只出现在镜像的 {view_zh} 视图中，不在已核验的视图中：镜像已被改动。"))
        return found

    def _layout(self, key: str) -> dict[str, tuple[int, int]]:
        """Path → (first block of its data, length) in one name space."""
        layout: dict[str, tuple[int, int]] = {}
        for current, _dirs, names in self._iso.walk(**{key: "/"}):
            for name in names:
                full = f"{current.rstrip('/')}/{name}"
                layout[full.lstrip("/")] = _where(self._iso.get_record(**{key: full}))
        return layout

    def _raw_extents(self, key: str) -> list[tuple[int, int]]:
        """(first block, length) of every file of one name space, walking its records without their names."""
        found: list[tuple[int, int]] = []
        if key == "udf_path":
            pending = [self._iso.udf_root]
            while pending:
                for ident in pending.pop().fi_descs.values():
                    entry = None if ident.is_parent() else ident.file_entry
                    if entry is not None and entry.is_dir():
                        pending.append(entry)
                    elif entry is not None:
                        found.append(_where(entry))
            return found
        folders = [self._iso.joliet_vd.root_directory_record()]
        while folders:
            for record in folders.pop().children:
                if record.is_dot() or record.is_dotdot():
                    continue
                if record.is_dir():
                    folders.append(record)
                else:
                    found.append(_where(record))
        return found

    def close(self) -> None:
        """Release the image file."""
        with contextlib.suppress(Exception):
            self._iso.close()


def _where(record: object) -> tuple[int, int]:
    """(first block of a file's data, its length) from a pycdlib ISO/Joliet/UDF record (0 for empty files)."""
    length = record.get_data_length()  # type: ignore[attr-defined]
    inode = getattr(record, "inode", None)
    if not length:
        return (0, 0)
    return (inode.extent_location() if inode is not None else -1, length)


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
        raise NotFoundError(Msg(
            "{path} does not exist; give a disc folder, an ISO image or a drive device.",
            path=path,
        ))
    mode = path.stat().st_mode
    if not (stat.S_ISREG(mode) or stat.S_ISBLK(mode)):
        raise InvalidInputError(Msg("{path} is not a folder, an image file or a block device.", path=path))
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
                raise InvalidInputError(Msg(
                    "{path} on the disc is larger than {limit:,} bytes; it is not ours.",
                    path=path,
                    limit=limit,
                ))
    return buffer.getvalue()
