"""Opening one scanned card file safely: no link followed on the way, still the regular file of the scanned size.

Used wherever a card file is read — by a desk client streaming it to the station service, or by the station when
it imports a folder it can read itself.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import BinaryIO

from evidence_station.cards.errors import SourceChangedError, SourceReadError, SourceVanishedError
from evidence_station.cards.scan import CardEntry
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_FILE_FLAGS = os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC | _BINARY
_LINK_ERRNOS = {errno.ELOOP, errno.EMLINK, errno.ENOTDIR}


def open_card_file(entry: CardEntry) -> BinaryIO:
    """The card file ``entry`` opened for one sequential read (unbuffered).

    The file is opened without following links (neither the file nor any folder on the way) and must still be a
    regular file of the scanned size, else :class:`SourceChangedError`; a file that is gone raises
    :class:`SourceVanishedError`, another failure :class:`SourceReadError`.
    """
    if not entry.is_candidate:
        raise InvalidInputError(Msg(
            "{card_path_display} was skipped by the scan ({reason}); it cannot be imported.",
            card_path_display=entry.card_path_display,
            reason=entry.reason,
        ))
    fd = _open_source(entry)
    try:
        _check_unchanged(fd, entry)
        if hasattr(os, "posix_fadvise"):
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_SEQUENTIAL)
    except BaseException:
        os.close(fd)
        raise
    return open(fd, "rb", buffering=0, closefd=True)


def _open_source(entry: CardEntry) -> int:
    name = entry.card_path_display
    try:
        return _open_without_links(entry)
    except FileNotFoundError:
        raise SourceVanishedError(
            Msg(
                "{name} was on the card when it was scanned but is gone now. Check the card and scan it again.",
                name=name,
            ),
        ) from None
    except OSError as exc:
        if exc.errno in _LINK_ERRNOS:
            raise SourceChangedError(
                Msg(
                    "{name} (or a folder above it) became a link since the card was scanned; links are never "
                    "followed. Scan the card again.",
                    name=name,
                ),
            ) from exc
        reason = exc.strerror or exc
        raise SourceReadError(Msg("{name} cannot be opened: {reason}.", name=name, reason=reason)) from exc


def _open_without_links(entry: CardEntry) -> int:
    """Open the file walking from the card root with ``O_NOFOLLOW`` at every step where the OS allows."""
    if not walks_without_links():
        return os.open(entry.path, _FILE_FLAGS)
    dir_fd = open_parent_without_links(entry)
    try:
        return os.open(entry.card_path.split("/")[-1], _FILE_FLAGS, dir_fd=dir_fd)
    finally:
        os.close(dir_fd)


def walks_without_links() -> bool:
    """True when this OS lets a card path be walked folder by folder without following a link."""
    return bool(_NOFOLLOW and _DIRECTORY and os.open in os.supports_dir_fd)


def open_parent_without_links(entry: CardEntry) -> int:
    """A descriptor of the folder holding ``entry``, reached from the card root with ``O_NOFOLLOW`` at every step
    (see :func:`walks_without_links`); the caller closes it."""
    parts = entry.card_path.split("/")
    root = entry.path.parents[len(parts) - 1]
    dir_fd = os.open(root, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    try:
        for part in parts[:-1]:
            next_fd = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=dir_fd)
            os.close(dir_fd)
            dir_fd = next_fd
    except BaseException:
        os.close(dir_fd)
        raise
    return dir_fd


def _check_unchanged(fd: int, entry: CardEntry) -> None:
    st = os.fstat(fd)
    name = entry.card_path_display
    if not stat.S_ISREG(st.st_mode):
        raise SourceChangedError(
            Msg(
                "{name} is no longer a regular file (it was replaced since the card was scanned). Scan the "
                "card again.",
                name=name,
            ),
        )
    if st.st_size != entry.size:
        raise SourceChangedError(
            Msg(
                "{name} was {size} bytes long when the card was scanned and is {st_size} bytes now. Scan the "
                "card again.",
                name=name,
                size=entry.size,
                st_size=st.st_size,
            ),
        )
    if _NONBLOCK:
        os.set_blocking(fd, True)
