"""A real exFAT card mounted with exfat-fuse (``fuseblk``): a file whose only time is its mtime gets the camera's
time, whatever time zone the desk that mounted the card is set to.

The camera wrote 09:30 Shanghai time without a UTC offset. exfat-fuse shows it in the zone of the process that
mounted the card (01:30 UTC on a desk set to Shanghai, 09:30 UTC on a desk set to UTC — measured); the recording
ended at 01:30 UTC either way.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from evidence_station.cards.card_filesystem import CardTimes, card_times
from tests.fixtures.exfat_card import clear_utc_offsets, exfat_unavailable, make_image, mounted

pytestmark = [pytest.mark.card_image,
              pytest.mark.skipif(exfat_unavailable() is not None, reason=f"no real exFAT card: {exfat_unavailable()}")]

CAMERA_WALL_CLOCK = datetime(2026, 11, 24, 9, 30)  # what the camera wrote (Asia/Shanghai, no UTC offset)
ENDED = datetime(2026, 11, 24, 1, 30, tzinfo=UTC)


def _write_card(image: Path, mount_point: Path) -> None:
    """REC001.WAV (not decodable: no duration, no container time, no time in its name) ending at the camera's
    09:30, its timestamp stored without a UTC offset, as a camera writes it."""
    with mounted(image, mount_point, tz="Asia/Shanghai"):
        wav = mount_point / "REC001.WAV"
        wav.write_bytes(b"RIFF" + b"\0" * 40)
        at = CAMERA_WALL_CLOCK.replace(tzinfo=UTC).timestamp() - 8 * 3600  # 09:30 in Shanghai
        os.utime(wav, (at, at))
    assert clear_utc_offsets(image, {"REC001.WAV"}) == {"REC001.WAV"}


@pytest.mark.parametrize(("zone", "shown"), [
    ("Asia/Shanghai", datetime(2026, 11, 24, 1, 30, tzinfo=UTC)),
    ("UTC", datetime(2026, 11, 24, 9, 30, tzinfo=UTC)),
])
def test_exfat_fuse_shows_an_offsetless_time_in_the_desk_zone_and_the_import_gets_the_camera_time(
    people: dict, tmp_path: Path, desk_zone, zone: str, shown: datetime
) -> None:
    from evidence_station.services import import_service

    image = make_image(tmp_path / "card.img")
    _write_card(image, tmp_path / "mnt")
    desk_zone(zone)  # the desk (this process) and the process that mounts the card share the desk's zone
    with mounted(image, tmp_path / "mnt", tz=zone) as card:
        assert datetime.fromtimestamp((card / "REC001.WAV").stat().st_mtime, UTC) == shown  # what exfat-fuse shows
        assert card_times(card) is CardTimes.WALL_CLOCK_IN_DESK_ZONE
        result = import_service.import_card(people["custodian"], card)
    [stored] = [f for f in result.files if f.card_path == "REC001.WAV"]
    assert stored.time_source == "mtime"
    assert stored.end == ENDED
