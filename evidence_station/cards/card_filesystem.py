"""What file system a card is on, and how its file times relate to the camera's wall-clock time.

FAT and exFAT store file times as local wall-clock time (exFAT may add a UTC offset, which cameras rarely set).
What a Linux desk then shows as a file's mtime depends on who reads the card (measured on exfat-fuse 1.3.0,
Debian 12, with a timestamp written without a UTC offset, as cameras write them; the kernel's rules are those of
``fs/fat/misc.c`` and ``fs/exfat/misc.c``):

* the kernel's ``vfat``/``exfat`` drivers read the wall-clock time as UTC (the kernel's time zone, normally 0)
  unless the card was mounted with ``time_offset=``: a camera in Asia/Shanghai that wrote 09:30 shows an mtime of
  09:30 UTC, eight hours late (:attr:`CardTimes.WALL_CLOCK_AS_UTC`);
* ``exfat-fuse`` (a ``fuseblk`` mount, how UOS/Kylin desktops on 4.19 kernels mount exFAT cards) reads it in the
  local time zone of the process that mounted the card — the desk's own zone (TZ, else ``/etc/localtime``): the
  same 09:30 shows as 01:30 UTC on a desk set to Asia/Shanghai, and as 09:30 UTC on a desk set to UTC
  (:attr:`CardTimes.WALL_CLOCK_IN_DESK_ZONE`). A timestamp that carries its UTC offset is read right by both;
* on ext4, NTFS, a kernel mount with ``time_offset=``, Windows and macOS the mtime is taken as a true instant
  (:attr:`CardTimes.TRUE_TIME`).

The desk tells the station which (``file_times_local`` on ``begin_import``) and sends each mtime as the camera's
wall-clock time written as if it were UTC (:func:`wall_clock_mtime`); the importer uses the mtime only when neither
the file name nor the container names a time, and then reads it in the station's zone (the camera's zone).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Protocol

MOUNTINFO = Path("/proc/self/mountinfo")
#: File systems whose file times are local wall-clock time on the medium (kernel drivers).
LOCAL_TIME_FILESYSTEMS = frozenset({"vfat", "msdos", "exfat"})
#: File systems a block-device FUSE mount (``fuseblk``) may hold whose times are not wall-clock times.
_TRUE_TIME_SIGNATURES = frozenset({"ntfs"})


class CardTimes(StrEnum):
    """How the mtimes of the files on a card relate to the camera's wall-clock time."""

    TRUE_TIME = "true_time"
    WALL_CLOCK_AS_UTC = "wall_clock_as_utc"
    WALL_CLOCK_IN_DESK_ZONE = "wall_clock_in_desk_zone"


@dataclass(frozen=True)
class Mount:
    """One line of ``/proc/self/mountinfo``: where, which file system, and its options (both sets)."""

    mount_point: str
    fstype: str
    options: frozenset[str]
    source: str = ""


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
        mounts.append(Mount(_unescape(fields[4]), fields[dash + 1], frozenset(options), _unescape(fields[dash + 2])))
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


class BootSectorReader(Protocol):
    """Reads the first sector of a block device (None when it cannot be read, e.g. without permission)."""

    def __call__(self, device: str) -> bytes | None: ...


def read_boot_sector(device: str) -> bytes | None:
    """The first 512 bytes of ``device``, or None when it cannot be read (a desk user usually may not)."""
    if not device.startswith("/dev/"):
        return None
    try:
        with open(device, "rb") as stream:
            return stream.read(512)
    except OSError:
        return None


def boot_sector_filesystem(sector: bytes | None) -> str | None:
    """``exfat``, ``ntfs`` or ``vfat`` from a volume's boot sector; None when it says none of them."""
    if not sector or len(sector) < 90:
        return None
    if sector[3:11] == b"EXFAT   ":
        return "exfat"
    if sector[3:11] == b"NTFS    ":
        return "ntfs"
    if sector[54:59] == b"FAT12" or sector[54:59] == b"FAT16" or sector[82:87] == b"FAT32":
        return "vfat"
    return None


def card_times(card: Path, mountinfo: str | None = None, *,
               boot_sector: BootSectorReader = read_boot_sector) -> CardTimes:
    """How the file times of ``card`` relate to the camera's wall clock, from the mount that holds it.

    A ``fuseblk`` mount is taken for exfat-fuse unless its device's boot sector says NTFS (a desk user often cannot
    read the device: cameras write only FAT and exFAT, and for a disk whose times are true instants the desk-zone
    rule changes nothing as long as the desk and the station share a time zone). No ``/proc``: true times."""
    if mountinfo is None:
        try:
            mountinfo = MOUNTINFO.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return CardTimes.TRUE_TIME
    mount = mount_of(card, parse_mountinfo(mountinfo))
    if mount is None:
        return CardTimes.TRUE_TIME
    if mount.fstype in LOCAL_TIME_FILESYSTEMS:
        if any(option.startswith("time_offset=") for option in mount.options):
            return CardTimes.TRUE_TIME  # the kernel converted with the offset it was given
        return CardTimes.WALL_CLOCK_AS_UTC
    if mount.fstype == "fuseblk" or mount.fstype.startswith("fuseblk."):
        if boot_sector_filesystem(boot_sector(mount.source)) in _TRUE_TIME_SIGNATURES:
            return CardTimes.TRUE_TIME
        return CardTimes.WALL_CLOCK_IN_DESK_ZONE
    return CardTimes.TRUE_TIME


def file_times_are_local(card: Path, mountinfo: str | None = None) -> bool:
    """True when the card's file times are the camera's local wall-clock time (see :func:`card_times`)."""
    return card_times(card, mountinfo) is not CardTimes.TRUE_TIME


def wall_clock_mtime(mtime: float, rule: CardTimes) -> float:
    """A card file's mtime as the station wants it when the card's times are local: the camera's wall-clock time
    written as if it were UTC. exfat-fuse converted that wall clock with this desk's zone: convert it back."""
    if rule is CardTimes.WALL_CLOCK_IN_DESK_ZONE:
        try:
            shown = datetime.fromtimestamp(mtime)  # naive, in this process's zone — the zone the card was read in
        except (OverflowError, OSError, ValueError):
            return mtime
        return shown.replace(tzinfo=UTC).timestamp()
    return mtime
