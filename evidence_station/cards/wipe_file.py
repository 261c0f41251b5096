"""Wiping one card file at the desk: read it once for its SHA-256, then — only after the station confirmed that the
bytes equal the stored original — delete exactly that file (never a link, never a file replaced meanwhile)."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass

from evidence_station.cards.errors import SourceChangedError, SourceReadError, SourceVanishedError
from evidence_station.cards.open_file import open_card_file, open_parent_without_links, walks_without_links
from evidence_station.cards.scan import CardEntry
from evidence_station.domain.messages import Msg
from evidence_station.domain.progress import CancelToken, check_cancel

_CHUNK = 1 << 20


@dataclass(frozen=True)
class ReadCardFile:
    """A card file as the desk read it: its SHA-256, size and identity (device, inode, mtime) when read."""

    sha256: str
    size: int
    identity: tuple[int, int, int, int]


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def read_card_file(entry: CardEntry, cancel: CancelToken | None = None) -> ReadCardFile:
    """Read ``entry`` once (safely: no link followed, still the scanned regular file) and return its SHA-256.

    The file is closed again before the station is asked (a FUSE card keeps a file unlinked while open as a hidden
    ``.fuse_hidden…`` file)."""
    digest = hashlib.sha256()
    with open_card_file(entry) as stream:
        st = os.fstat(stream.fileno())
        buffer = bytearray(_CHUNK)
        view = memoryview(buffer)
        try:
            while count := stream.readinto(buffer):  # type: ignore[attr-defined]
                check_cancel(cancel)
                digest.update(view[:count])
        except OSError as exc:
            raise SourceReadError(Msg(
                "{card_path_display} could not be read: {reason}.",
                card_path_display=entry.card_path_display,
                reason=exc.strerror or exc,
            )
                                  ) from exc
    return ReadCardFile(digest.hexdigest(), st.st_size, _identity(st))


def delete_card_file(entry: CardEntry, read: ReadCardFile) -> None:
    """Delete ``entry`` from the card — only if it is still the very file that was read (same device, inode, size
    and mtime), reached without following a link; the folder is synced where the file system allows."""
    name = entry.card_path_display
    parts = entry.card_path.split("/")
    dir_fd = open_parent_without_links(entry) if walks_without_links() else \
        os.open(entry.path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            st = os.stat(parts[-1], dir_fd=dir_fd, follow_symlinks=False)
        except FileNotFoundError:
            raise SourceVanishedError(Msg("{name} is no longer on the card.", name=name)) from None
        if not stat.S_ISREG(st.st_mode) or _identity(st) != read.identity:
            raise SourceChangedError(Msg("{name} changed since it was checked; it was not deleted.", name=name))
        try:
            os.unlink(parts[-1], dir_fd=dir_fd)
        except OSError as exc:
            raise SourceReadError(Msg(
                "{name} could not be deleted: {reason}.",
                name=name,
                reason=exc.strerror or exc,
            )) from exc
        try:
            os.fsync(dir_fd)
        except OSError:
            pass  # a FUSE card may not sync folders; the desk asks the user to eject the card safely
    finally:
        os.close(dir_fd)
