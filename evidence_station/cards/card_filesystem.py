"""What file system a card is on, and whether its file times are the camera's local wall-clock time.

FAT and exFAT store file times as local wall-clock time (exFAT may add a UTC offset, which cameras rarely
set). Linux reads such times in the kernel's time zone, usually UTC, unless the card was mounted with
``time_offset=``; so a camera in Asia/Shanghai that wrote 09:30 shows an mtime of 09:30 UTC, eight hours
late. The importer uses the mtime only when neither the file name nor the container names a time; with a
FAT or exFAT card it then reads the mtime as local time in the station's zone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

MOUNTINFO = Path("/proc/self/mountinfo")
#: File systems whose file times are local wall-clock time on the medium.
LOCAL_TIME_FILESYSTEMS = frozenset({"vfat", "msdos", "exfat"})


@dataclass(frozen=True)
class Mount:
    """One line of ``/proc/self/mountinfo``: where, which file system, and its options (both sets)."""

    mount_point: str
    fstype: str
    options: frozenset[str]


def _unescape(field: str) -> str:
    """mountinfo writes space, tab, newline and backslash in paths as octal escapes (``\\040``)."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def parse_mountinfo(text: str) -> list[Mount]:
    """The mounts listed in ``text`` (the format of ``/proc/self/mountinfo``); bad lines are skipped."""
    mounts = []
    for line in text.splitlines():
        fields = line.split(" ")
        if "-" not in fields[6:] or len(fields) < 10:
            continue
        dash = fields.index("-", 6)
        if len(fields) < dash + 4:
            continue
        options = set(fields[5].split(",")) | set(fields[dash + 3].split(","))
        mounts.append(Mount(_unescape(fields[4]), fields[dash + 1], frozenset(options)))
    return mounts


def mount_of(path: Path, mounts: list[Mount]) -> Mount | None:
    """The mount that holds ``path`` (the longest mount point it lies under)."""
    target = os.path.realpath(path)
    best: Mount | None = None
    for mount in mounts:
        point = mount.mount_point.rstrip("/") or "/"
        inside = target == point or target.startswith(point + "/") or point == "/"
        if inside and (best is None or len(point) > len(best.mount_point.rstrip("/") or "/")):
            best = mount
    return best


def file_times_are_local(card: Path, mountinfo: str | None = None) -> bool:
    """True when the card's file times are the camera's local time read as UTC: a FAT or exFAT card on Linux
    mounted without ``time_offset=``. False elsewhere (other file systems; Windows and macOS convert FAT
    times themselves; no ``/proc``)."""
    if mountinfo is None:
        try:
            mountinfo = MOUNTINFO.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
    mount = mount_of(card, parse_mountinfo(mountinfo))
    if mount is None or mount.fstype not in LOCAL_TIME_FILESYSTEMS:
        return False
    return not any(option.startswith("time_offset=") for option in mount.options)
