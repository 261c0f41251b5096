"""FAT/exFAT cards: their file times are the camera's local wall-clock time, which the kernel reads as UTC and
exfat-fuse in the desk's zone; a file whose only time is its mtime still gets the camera's time."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from evidence_station.cards import card_filesystem
from evidence_station.cards.card_filesystem import (
    CardTimes,
    boot_sector_filesystem,
    card_times,
    file_times_are_local,
    mount_of,
    parse_mountinfo,
    wall_clock_mtime,
)
from evidence_station.services.recording_times import recording_times

MOUNTINFO = """\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 22 8:17 / /media/custodian/CARD rw,nosuid,nodev,relatime shared:40 - vfat /dev/sdb1 rw,shortname=mixed,flush
41 22 8:33 / /media/custodian/EXFAT\\040CARD rw,nosuid,nodev,relatime shared:41 - exfat /dev/sdc1 rw,iocharset=utf8
42 22 8:49 / /media/custodian/SHIFTED rw,relatime shared:42 - vfat /dev/sdd1 rw,time_offset=480,utf8
43 22 8:65 / /media/custodian/NTFS rw,relatime shared:43 - fuseblk /dev/sde1 rw,user_id=0,group_id=0
44 22 7:0 / /media/custodian/FUSE\\040CARD rw,nosuid,nodev,relatime - fuseblk /dev/loop0 rw,user_id=0,group_id=0,\
default_permissions,allow_other,blksize=4096
45 22 8:81 / /media/custodian/LOCKED rw,nosuid,nodev - fuseblk /dev/sdf1 rw,user_id=1000,group_id=1000
garbage line
"""
_SECTORS = {"/dev/sde1": b"\xebR\x90NTFS    " + bytes(501), "/dev/loop0": b"\xeb\x76\x90EXFAT   " + bytes(501)}


@pytest.mark.parametrize(("card", "local"), [
    ("/media/custodian/CARD", True),
    ("/media/custodian/CARD/DCIM/100DSJ", True),
    ("/media/custodian/EXFAT CARD", True),  # the space is \\040 in mountinfo
    ("/media/custodian/SHIFTED", False),  # mounted with time_offset=: the kernel already converted
    ("/media/custodian/NTFS", False),  # a fuseblk mount whose device says NTFS (ntfs-3g)
    ("/media/custodian/FUSE CARD", True),  # exfat-fuse
    ("/media/custodian/LOCKED", True),  # fuseblk, device unreadable by the desk user: a camera card is FAT/exFAT
    ("/media/custodian/CARDS", False),  # not under /media/custodian/CARD: a prefix of the name is not a parent
    ("/home/custodian/dump", False),  # a dump folder on ext4
])
def test_fat_and_exfat_cards_have_local_file_times(card: str, local: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(card_filesystem.os.path, "realpath", lambda path: os.fspath(path))
    assert (card_times(Path(card), MOUNTINFO, boot_sector=_SECTORS.get) is not CardTimes.TRUE_TIME) is local


def test_the_kernel_and_exfat_fuse_read_card_times_differently(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(card_filesystem.os.path, "realpath", lambda path: os.fspath(path))
    assert card_times(Path("/media/custodian/CARD"), MOUNTINFO) is CardTimes.WALL_CLOCK_AS_UTC
    assert card_times(Path("/media/custodian/EXFAT CARD"), MOUNTINFO) is CardTimes.WALL_CLOCK_AS_UTC
    assert card_times(Path("/media/custodian/FUSE CARD"), MOUNTINFO,
                      boot_sector=_SECTORS.get) is CardTimes.WALL_CLOCK_IN_DESK_ZONE
    assert boot_sector_filesystem(_SECTORS["/dev/loop0"]) == "exfat"
    assert boot_sector_filesystem(bytes(82) + b"FAT32   " + bytes(422)) == "vfat"
    assert boot_sector_filesystem(None) is None


def test_a_desk_zone_mtime_is_sent_as_the_wall_clock(desk_zone) -> None:
    """exfat-fuse on a desk in Shanghai shows a camera's 09:30 as 01:30 UTC; the desk sends 09:30 'as UTC'."""
    desk_zone("Asia/Shanghai")
    shown = datetime(2026, 11, 24, 1, 30, tzinfo=UTC).timestamp()
    sent = wall_clock_mtime(shown, CardTimes.WALL_CLOCK_IN_DESK_ZONE)
    assert datetime.fromtimestamp(sent, UTC) == datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
    assert wall_clock_mtime(shown, CardTimes.WALL_CLOCK_AS_UTC) == shown
    assert wall_clock_mtime(shown, CardTimes.TRUE_TIME) == shown


def test_mountinfo_parsing_keeps_both_option_sets_and_skips_bad_lines() -> None:
    mounts = parse_mountinfo(MOUNTINFO)
    assert [m.fstype for m in mounts] == ["ext4", "vfat", "exfat", "vfat", "fuseblk", "fuseblk", "fuseblk"]
    assert mounts[5].source == "/dev/loop0" and "allow_other" in mounts[5].options
    assert "flush" in mounts[1].options and "nosuid" in mounts[1].options
    assert mount_of(Path("/"), mounts).fstype == "ext4"


def test_no_proc_means_no_conversion(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(card_filesystem, "MOUNTINFO", tmp_path / "missing")
    assert file_times_are_local(tmp_path) is False


def test_a_local_mtime_is_read_in_the_station_zone() -> None:
    """A camera in Shanghai wrote 09:30; Linux shows 09:30 UTC; the recording ended at 01:30 UTC."""
    shown = datetime(2026, 11, 24, 9, 30, tzinfo=UTC).timestamp()
    as_utc = recording_times("DCIM/REC001.WAV", None, shown, "Asia/Shanghai")
    as_local = recording_times("DCIM/REC001.WAV", None, shown, "Asia/Shanghai", mtime_is_local=True)
    assert as_utc.source == as_local.source == "mtime"
    assert as_utc.end == datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
    assert as_local.end == datetime(2026, 11, 24, 1, 30, tzinfo=UTC)
    named = recording_times("REC_20261124_093000.WAV", None, shown, "Asia/Shanghai", mtime_is_local=True)
    assert named.source == "file_name" and named.start == datetime(2026, 11, 24, 1, 30, tzinfo=UTC)


@pytest.mark.parametrize("fstype", ["vfat", "exfat"])
def test_an_import_from_a_kernel_mounted_card_reads_name_less_times_as_local(
    people: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fstype: str
) -> None:
    """A voice recorder's REC001.WAV (no time in its name or container) on a card the kernel mounted (FAT or
    exFAT, no ``time_offset=``; the kernel shows the camera's 09:30 as 09:30 UTC): its end is the mtime read as
    Shanghai time; the audit record of the import says the card's times were taken as local."""
    from evidence_station.catalogue.audit_tables import AuditEvent
    from evidence_station.services import import_service

    card = tmp_path / "card"
    (card / "VOICE").mkdir(parents=True)
    wav = card / "VOICE" / "REC001.WAV"
    wav.write_bytes(b"RIFF" + b"\0" * 40)  # not decodable: no duration, no container time
    shown = datetime(2026, 11, 24, 9, 30, tzinfo=UTC).timestamp()
    os.utime(wav, (shown, shown))
    mountinfo = tmp_path / "mountinfo"
    mountinfo.write_text(f"22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
                         f"40 22 8:17 / {card} rw,nosuid,nodev - {fstype} /dev/sdb1 rw,iocharset=utf8\n")
    monkeypatch.setattr(card_filesystem, "MOUNTINFO", mountinfo)
    result = import_service.import_card(people["custodian"], card)
    stored = next(f for f in result.files if f.card_path == "VOICE/REC001.WAV")
    assert stored.time_source == "mtime"
    assert stored.end == datetime(2026, 11, 24, 1, 30, tzinfo=UTC)
    start = AuditEvent.select().where(AuditEvent.action == "import.start").order_by(AuditEvent.seq.desc()).get()
    assert start.details["file_times_local"] is True
