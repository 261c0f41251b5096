"""Noticing camera cards: the removable volumes mounted now, polled every two seconds.

``QStorageInfo.mountedVolumes()`` lists every mount; cards are the ones the desktop mounts under
``/media``, ``/run/media`` or ``/mnt`` (or any FAT/exFAT/NTFS volume, which is what cameras and card
readers use). Polling is cheap (it reads the mount table) and works whether or not a desktop automounter
is running; :class:`VolumeWatcher` reports the list when it changes and each volume that newly appears.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QStorageInfo, QTimer, Signal

POLL_MS = 2000
REMOVABLE_PREFIXES = ("/media/", "/run/media/", "/mnt/")
CARD_FILESYSTEMS = frozenset({"vfat", "msdos", "fat", "fat32", "exfat", "ntfs", "ntfs3", "fuseblk"})
#: Smaller "volumes" are bind-mounted files or pseudo file systems, never a camera card.
MIN_CARD_BYTES = 16 * 1024 * 1024
_SYSTEM_ROOTS = frozenset({"/", "/boot", "/boot/efi", "/home", "/usr", "/var", "/tmp"})


@dataclass(frozen=True)
class VolumeInfo:
    """One mounted volume as the Import page lists it."""

    root: str
    name: str
    size: int
    free: int
    filesystem: str
    read_only: bool = False


def is_card_volume(volume: VolumeInfo) -> bool:
    """True for volumes that look like a removable card or USB disk (not the system's own disks)."""
    if volume.root in _SYSTEM_ROOTS or not volume.root or volume.size < MIN_CARD_BYTES:
        return False
    if volume.root.startswith(REMOVABLE_PREFIXES):
        return True
    return volume.filesystem.lower() in CARD_FILESYSTEMS


def mounted_volumes() -> list[VolumeInfo]:
    """Every ready, mounted volume, from Qt's view of the mount table."""
    volumes = []
    for storage in QStorageInfo.mountedVolumes():
        if not storage.isValid() or not storage.isReady():
            continue
        root = storage.rootPath()
        name = storage.displayName() or root.rstrip("/").rsplit("/", 1)[-1] or root
        volumes.append(VolumeInfo(
            root=root, name=name, size=storage.bytesTotal(), free=storage.bytesAvailable(),
            filesystem=bytes(storage.fileSystemType().data()).decode(errors="replace"),
            read_only=storage.isReadOnly(),
        ))
    return volumes


def card_volumes(source: Callable[[], list[VolumeInfo]] = mounted_volumes) -> list[VolumeInfo]:
    """The mounted volumes that look like cards, sorted by mount point."""
    return sorted((v for v in source() if is_card_volume(v)), key=lambda v: v.root)


class VolumeWatcher(QObject):
    """Polls the card volumes; emits ``volumes_changed(list)`` and ``volume_added(VolumeInfo)``.

    ``source`` lists the volumes (tests pass a fake). The first poll reports the list but no additions:
    cards already in the reader when the page opened are listed, not announced.
    """

    volumes_changed = Signal(list)
    volume_added = Signal(object)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        source: Callable[[], list[VolumeInfo]] = mounted_volumes,
        interval_ms: int = POLL_MS,
    ) -> None:
        super().__init__(parent)
        self._source = source
        self._volumes: list[VolumeInfo] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)

    @property
    def volumes(self) -> list[VolumeInfo]:
        """The card volumes seen at the last poll."""
        return list(self._volumes or [])

    def start(self) -> None:
        """Poll now and then every interval."""
        self.poll()
        self._timer.start()

    def stop(self) -> None:
        """Stop polling."""
        self._timer.stop()

    def poll(self) -> None:
        """Read the volumes once; report changes."""
        current = card_volumes(self._source)
        previous = self._volumes
        if previous is not None and [v.root for v in current] == [v.root for v in previous]:
            self._volumes = current  # free space changes are not news
            return
        self._volumes = current
        self.volumes_changed.emit(list(current))
        if previous is not None:
            known = {v.root for v in previous}
            for volume in current:
                if volume.root not in known:
                    self.volume_added.emit(volume)
