"""FAT/exFAT cards: their file times are the camera's local time, which Linux reads as UTC."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from evidence_station.cards import card_filesystem
from evidence_station.cards.card_filesystem import file_times_are_local, mount_of, parse_mountinfo
from evidence_station.services.recording_times import recording_times

MOUNTINFO = """\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 22 8:17 / /media/custodian/CARD rw,nosuid,nodev,relatime shared:40 - vfat /dev/sdb1 rw,shortname=mixed,flush
41 22 8:33 / /media/custodian/EXFAT\\040CARD rw,nosuid,nodev,relatime shared:41 - exfat /dev/sdc1 rw,iocharset=utf8
42 22 8:49 / /media/custodian/SHIFTED rw,relatime shared:42 - vfat /dev/sdd1 rw,time_offset=480,utf8
43 22 8:65 / /media/custodian/NTFS rw,relatime shared:43 - fuseblk /dev/sde1 rw,user_id=0,group_id=0
garbage line
"""


@pytest.mark.parametrize(("card", "local"), [
    ("/media/custodian/CARD", True),
    ("/media/custodian/CARD/DCIM/100DSJ", True),
    ("/media/custodian/EXFAT CARD", True),  # the space is \\040 in mountinfo
    ("/media/custodian/SHIFTED", False),  # mounted with time_offset=: the kernel already converted
    ("/media/custodian/NTFS", False),
    ("/media/custodian/CARDS", False),  # not under /media/custodian/CARD: a prefix of the name is not a parent
    ("/home/custodian/dump", False),  # a dump folder on ext4
])
def test_fat_and_exfat_cards_have_local_file_times(card: str, local: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(card_filesystem.os.path, "realpath", lambda path: os.fspath(path))
    assert file_times_are_local(Path(card), MOUNTINFO) is local


def test_mountinfo_parsing_keeps_both_option_sets_and_skips_bad_lines() -> None:
    mounts = parse_mountinfo(MOUNTINFO)
    assert [m.fstype for m in mounts] == ["ext4", "vfat", "exfat", "vfat", "fuseblk"]
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


def test_an_import_from_a_fat_card_reads_name_less_times_as_local(
    people: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A voice recorder's REC001.WAV (no time in its name or container) on a FAT card: its end is the mtime
    read as Shanghai time; the audit record of the import says the card's times were taken as local."""
    from evidence_station.cards import feeder
    from evidence_station.catalogue.audit_tables import AuditEvent
    from evidence_station.services import import_service

    card = tmp_path / "card"
    (card / "VOICE").mkdir(parents=True)
    wav = card / "VOICE" / "REC001.WAV"
    wav.write_bytes(b"RIFF" + b"\0" * 40)  # not decodable: no duration, no container time
    shown = datetime(2026, 11, 24, 9, 30, tzinfo=UTC).timestamp()
    os.utime(wav, (shown, shown))
    monkeypatch.setattr(feeder, "file_times_are_local", lambda _card: True)
    result = import_service.import_card(people["custodian"], card)
    stored = next(f for f in result.files if f.card_path == "VOICE/REC001.WAV")
    assert stored.time_source == "mtime"
    assert stored.end == datetime(2026, 11, 24, 1, 30, tzinfo=UTC)
    start = AuditEvent.select().where(AuditEvent.action == "import.start").order_by(AuditEvent.seq.desc()).get()
    assert start.details["file_times_local"] is True
