"""What a disc can hold: the split planner's estimate against images really built (thousands of small
files fill a disc with metadata, not data), and names the image cannot hold refused in plain words."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from evidence_station.domain.errors import InvalidInputError
from evidence_station.export.disc_image import build_disc_image
from evidence_station.export.plan import DiscBookmark, DiscFile, DiscPlan
from evidence_station.export.staging import split_into_discs, stage_disc
from evidence_station.identity.signer import KeyFileSigner
from tests.helpers.discs import CHECKPOINT, disc_original, disc_provenance, station_identity

pytestmark = pytest.mark.timeout(300)

#: What the import stores for a video (the manifest carries it for every original).
MEDIA = {"kind": "video", "playable": True, "duration_s": 30.0, "width": 1920, "height": 1080, "fps": 25.0,
         "codec": "h264", "frame_count": 750, "creation_time": "2026-11-24T01:30:00+00:00", "error": None,
         "taken_local": None}  # fmt: skip


def _small_file(vault: Path, number: int) -> DiscFile:
    """A small photo-sized original with the metadata and (every third one) a bookmark a station writes."""
    item = disc_original(vault, os.urandom(1 + 37 * number % 3000), f"现场执法记录仪录像第{number:04d}号.MP4",
                     f"Z8A000{number % 3 + 1}", number)  # fmt: skip
    metadata = {"recording_id": number, "card_path": f"DCIM/100DSJ/{item.disc_name}", "kind": "video",
                "import_id": 3, "imported_at": datetime(2026, 11, 25, tzinfo=UTC), "time_source": "file_name",
                "clock_offset_seconds": 2.5, "duplicate_of": None, "media": MEDIA}  # fmt: skip
    marks = (DiscBookmark(12.5, "询问", "当事人陈述欠薪情况", "张三", datetime(2026, 11, 25, tzinfo=UTC)),)
    return replace(item, metadata=metadata, bookmarks=marks if number % 3 == 0 else ())


def _image_size(plan: DiscPlan, base: Path, name: str) -> int:
    key, cert = station_identity()
    staged = stage_disc(plan, base / f"staging-{name}", KeyFileSigner(key, cert))
    image = base / f"{name}.iso"
    build_disc_image(staged.root, image, staged.volume_label)
    return image.stat().st_size


def test_many_small_files_never_overflow_the_medium(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    files = [_small_file(vault, n) for n in range(110)]
    # What does not grow with the files, measured: a disc holding the first file alone.
    fixed = _image_size(DiscPlan(disc_provenance(), (files[0],), 1, 1, CHECKPOINT), tmp_path, "alone")
    room = 320 * 1024  # a tiny fake medium: ~40 small files beyond the fixed part
    capacity = fixed + room
    groups = split_into_discs(files, capacity, overhead=fixed)
    assert len(groups) >= 3 and sum(len(g) for g in groups) == len(files)
    for index, group in enumerate(groups, 1):
        plan = DiscPlan(disc_provenance(), tuple(group), index, len(groups), CHECKPOINT)
        size = _image_size(plan, tmp_path, f"disc{index}")
        assert size <= capacity, f"disc {index} of {len(groups)}: image {size:,} > medium {capacity:,}"
        if index < len(groups):  # honest, not absurdly cautious: a full disc is mostly used
            assert size - fixed > room * 0.7, (index, size - fixed, room)


def test_a_name_too_long_for_the_image_is_refused_in_plain_words(tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    (staging / "originals").mkdir(parents=True)
    name = "录" * 22 + ".MP4"  # 22 characters, but 70 bytes in UTF-8: more than pycdlib writes
    (staging / "originals" / name).write_bytes(b"x")
    out = tmp_path / "disc.iso"
    with pytest.raises(InvalidInputError) as raised:
        build_disc_image(staging, out, "CASE")
    assert name in raised.value.message and "too long for the disc" in raised.value.message
    assert "64 bytes" in raised.value.message
    assert not out.exists() and not out.with_name("disc.iso.part").exists()
