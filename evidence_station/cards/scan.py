"""Listing a mounted camera card: every file once, as an import candidate or skipped with a reason.

The scan only calls ``lstat`` and ``scandir``: it never follows a link (file or folder), never opens a
file (so a FIFO or device cannot block it), never leaves the card (links are not followed and folders
on another filesystem are not entered) and never enters the same folder twice (bind-mount loops).
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from evidence_station.api.imports import CardFileInfo
from evidence_station.cards.errors import CardNotFoundError, CardUnreadableError
from evidence_station.cards.names import display_name, parse_text, stored_raw
from evidence_station.domain.messages import Msg, render

EntryStatus = Literal["candidate", "skipped"]

REASON_JUNK = "system junk"
REASON_LINK = "link (not followed)"
REASON_NOT_REGULAR = "not a regular file"
REASON_OTHER_FILESYSTEM = "other filesystem"
REASON_LOOP = "folder already scanned (loop)"
REASON_UNREADABLE = "unreadable folder"
#: The skip reasons (stored as these English codes) as documents say them (the GUI translates them through Qt).
SKIP_REASON_LABELS: dict[str, Msg] = {
    REASON_JUNK: Msg("system junk file"), REASON_LINK: Msg("link (not followed)"),
    REASON_NOT_REGULAR: Msg("not a regular file"), REASON_OTHER_FILESYSTEM: Msg("on another file system"),
    REASON_LOOP: Msg("folder seen twice (a loop)"), REASON_UNREADABLE: Msg("unreadable folder"),
}


def skip_reason(reason: str) -> Msg | str:
    """A stored skip reason as a sentence (``unreadable folder: …`` keeps its detail); an unknown reason as it is."""
    head, _, detail = reason.partition(": ")
    if reason in SKIP_REASON_LABELS:
        return SKIP_REASON_LABELS[reason]
    if head in SKIP_REASON_LABELS:
        return Msg("{reason}: {detail}", reason=SKIP_REASON_LABELS[head], detail=detail)
    return reason


def skip_reason_zh(reason: str) -> str:
    """:func:`skip_reason` in Chinese, for documents."""
    return render(skip_reason(reason), "zh_CN")

_JUNK_FOLDERS = frozenset(
    name.casefold()
    for name in (
        "System Volume Information",
        "$RECYCLE.BIN",
        "RECYCLER",
        ".Trashes",
        ".Trash",
        ".Spotlight-V100",
        ".fseventsd",
        ".TemporaryItems",
        ".DocumentRevisions-V100",
    )
)
_JUNK_FILES = frozenset(
    name.casefold()
    for name in ("Thumbs.db", "ehthumbs.db", "desktop.ini", ".DS_Store", ".apdisk", "Icon\r")
)
# Not junk: chkdsk's FOUND.000/FILE0000.CHK are recovered fragments of lost files, possibly the only copy of
# a recording's bytes, so they are imported like any other file.
_JUNK_FOLDER_PATTERN = re.compile(r"\.trash-.*", re.IGNORECASE)


def is_system_junk(name: str, *, is_dir: bool) -> bool:
    """True for names operating systems leave on removable media (recycle bins, indexes, AppleDouble)."""
    folded = name.casefold()
    if name.startswith("._"):
        return True
    if is_dir:
        return folded in _JUNK_FOLDERS or _JUNK_FOLDER_PATTERN.fullmatch(name) is not None
    return folded in _JUNK_FILES


@dataclass(frozen=True)
class CardEntry:
    """One thing found on the card.

    ``card_path`` is the POSIX path relative to the card root as the OS gave it (undecodable bytes kept
    as surrogate escapes, so it round-trips to the file); show :attr:`card_path_display` to people and
    store it with :attr:`card_path_raw` (see :mod:`evidence_station.cards.names`).
    ``reason`` is ``None`` for candidates and a short English phrase for skipped entries.
    """

    card_path: str
    path: Path
    size: int
    mtime: float
    status: EntryStatus
    reason: str | None = None

    @property
    def card_path_display(self) -> str:
        """``card_path`` as valid UTF-8 text without control characters, escaped where it is not plain text
        (``\\xd5`` for a byte that is not UTF-8, ``\\n`` …); unique per card file."""
        return display_name(self.card_path)

    @property
    def card_path_raw(self) -> bytes | None:
        """The exact bytes of ``card_path`` when :attr:`card_path_display` does not spell them out (else None)."""
        return stored_raw(self.card_path)

    @property
    def card_path_text(self) -> str:
        """``card_path`` for reading camera names and date folders (undecodable bytes as U+FFFD); never shown."""
        return parse_text(self.card_path)

    @property
    def is_candidate(self) -> bool:
        """True when the entry should be imported."""
        return self.status == "candidate"


def _is_link(st: os.stat_result) -> bool:
    # Windows junctions and other name-surrogate reparse points are links too.
    return stat.S_ISLNK(st.st_mode) or bool(getattr(st, "st_reparse_tag", 0))


def scan_card(root: Path | str) -> list[CardEntry]:
    """List every file under ``root`` exactly once, sorted by path.

    Regular files are candidates unless they are system junk; links, FIFOs, sockets, devices, files in
    junk folders, folders on other filesystems and unreadable folders are listed as skipped.
    Raises :class:`CardNotFoundError` or :class:`CardUnreadableError` when the root itself is unusable.
    """
    root_path = Path(os.path.abspath(root))
    shown = display_name(str(root_path))
    try:
        root_stat = os.stat(root_path)
        if not stat.S_ISDIR(root_stat.st_mode):
            raise CardNotFoundError(Msg("{shown} is not a folder; choose the card's top folder.", shown=shown))
        children = _list_dir(root_path)
    except FileNotFoundError:
        raise CardNotFoundError(Msg(
            "The card folder {shown} does not exist. Is the card mounted?",
            shown=shown,
        )) from None
    except OSError as exc:
        reason = exc.strerror or exc
        raise CardUnreadableError(
            Msg("The card folder {shown} cannot be read: {reason}.", shown=shown, reason=reason)
        ) from exc
    return _Scanner(root_path, root_stat).run(children)


def _list_dir(path: Path) -> list[str]:
    with os.scandir(path) as iterator:
        return sorted(entry.name for entry in iterator)


class _Scanner:
    """Iterative depth-first walk (no recursion limit) collecting :class:`CardEntry` values."""

    def __init__(self, root: Path, root_stat: os.stat_result) -> None:
        self.root = root
        self.device = root_stat.st_dev
        self.seen_folders = {(root_stat.st_dev, root_stat.st_ino)}
        self.entries: list[CardEntry] = []

    def run(self, root_children: list[str]) -> list[CardEntry]:
        stack: list[tuple[tuple[str, ...], list[str], bool]] = [((), root_children, False)]
        while stack:
            parts, names, in_junk = stack.pop()
            for name in reversed(names):
                child = self._visit((*parts, name), in_junk)
                if child is not None:
                    stack.append(child)
        self.entries.sort(key=lambda entry: entry.card_path.split("/"))
        return self.entries

    def _add(self, parts: tuple[str, ...], st: os.stat_result | None, status: EntryStatus,
             reason: str | None) -> None:
        size = st.st_size if st is not None and stat.S_ISREG(st.st_mode) else 0
        mtime = st.st_mtime if st is not None else 0.0
        self.entries.append(
            CardEntry("/".join(parts), self.root.joinpath(*parts), size, mtime, status, reason)
        )

    def _visit(
        self, parts: tuple[str, ...], in_junk: bool
    ) -> tuple[tuple[str, ...], list[str], bool] | None:
        """Record one directory entry; return a folder to descend into, or None."""
        path = self.root.joinpath(*parts)
        name = parts[-1]
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return None  # vanished while scanning: nothing to list
        except OSError as exc:
            self._add(parts, None, "skipped", f"cannot be read: {exc.strerror or exc}")
            return None
        if _is_link(st):
            self._add(parts, st, "skipped", REASON_JUNK if in_junk else REASON_LINK)
            return None
        if st.st_dev != self.device:
            self._add(parts, st, "skipped", REASON_OTHER_FILESYSTEM)
            return None
        if stat.S_ISDIR(st.st_mode):
            return self._enter_folder(parts, st, in_junk or is_system_junk(name, is_dir=True))
        if not stat.S_ISREG(st.st_mode):
            self._add(parts, st, "skipped", REASON_JUNK if in_junk else REASON_NOT_REGULAR)
        elif in_junk or is_system_junk(name, is_dir=False):
            self._add(parts, st, "skipped", REASON_JUNK)
        else:
            self._add(parts, st, "candidate", None)
        return None

    def _enter_folder(
        self, parts: tuple[str, ...], st: os.stat_result, in_junk: bool
    ) -> tuple[tuple[str, ...], list[str], bool] | None:
        key = (st.st_dev, st.st_ino)
        if key in self.seen_folders:
            self._add(parts, st, "skipped", REASON_LOOP)
            return None
        self.seen_folders.add(key)
        try:
            names = _list_dir(self.root.joinpath(*parts))
        except FileNotFoundError:
            return None
        except OSError as exc:
            self._add(parts, st, "skipped", f"{REASON_UNREADABLE}: {exc.strerror or exc}")
            return None
        return parts, names, in_junk


def card_entry(info: CardFileInfo) -> CardEntry:
    """The scan entry a :class:`~evidence_station.api.imports.CardFileInfo` describes (its exact name restored
    from the raw bytes when it is not valid UTF-8)."""
    name = os.fsdecode(info.card_path_raw) if info.card_path_raw is not None else info.card_path
    return CardEntry(card_path=name, path=Path(name), size=info.size, mtime=info.mtime,
                     status="candidate" if info.status == "candidate" else "skipped", reason=info.reason)
