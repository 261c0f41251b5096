"""Unit tests of the small export rules: names on the disc, splitting over discs, labels, sums, fonts."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence_station.disc.errors import MissingToolError
from evidence_station.disc.layout import MAX_NAME_UNITS, original_disc_paths, safe_component
from evidence_station.disc.signatures import parse_sums
from evidence_station.export import fonts
from evidence_station.export.disc_image import _IsoNames, sanitise_volume_label
from evidence_station.export.errors import FileTooLargeForMediumError
from evidence_station.export.manifest import format_sums
from evidence_station.export.plan import DiscFile, format_duration
from evidence_station.export.staging import MEDIA_SIZES, split_into_discs, volume_label_for


def _file(name: str, size: int) -> DiscFile:
    return DiscFile(source=Path("/nonexistent"), disc_name=name, size=size, sha256="0" * 64, sm3="0" * 64)


def test_unsafe_characters_are_replaced_and_chinese_kept() -> None:
    assert safe_component("现场:询问*录音?.WAV", "x") == "现场_询问_录音_.WAV"
    assert safe_component("..", "fallback") == "fallback"
    assert "/" not in safe_component("../../etc/passwd", "x")
    assert safe_component("a/b\\c", "x") == "a_b_c"


def test_long_names_fit_joliet_and_keep_extension() -> None:
    name = "很长的文件名" * 20 + ".MP4"
    safe = safe_component(name, "x")
    assert safe.endswith(".MP4") and len(safe.encode("utf-16-le")) // 2 <= MAX_NAME_UNITS


def test_duplicate_names_get_numbers_per_device_case_insensitively() -> None:
    paths = original_disc_paths([("Z8A", "a.MP4"), ("Z8A", "A.mp4"), ("Z8B", "a.MP4"), ("", "b.MP4")])
    assert paths == [
        "originals/Z8A/a.MP4",
        "originals/Z8A/A(2).mp4",
        "originals/Z8B/a.MP4",
        "originals/unknown-device/b.MP4",
    ]


def test_split_keeps_order_and_respects_capacity() -> None:
    files = [_file("a", 600), _file("b", 300), _file("c", 500), _file("d", 100)]
    discs = split_into_discs(files, capacity_bytes=2048 * 7, overhead=0)
    assert [[f.disc_name for f in disc] for disc in discs] == [["a", "b"], ["c", "d"]]
    assert sum(len(d) for d in discs) == 4


def test_split_refuses_a_file_larger_than_the_medium() -> None:
    with pytest.raises(FileTooLargeForMediumError, match=r"big\.MP4"):
        split_into_discs([_file("big.MP4", MEDIA_SIZES["cd"] + 1)], MEDIA_SIZES["cd"])


def test_media_sizes_are_ordered() -> None:
    assert MEDIA_SIZES["cd"] < MEDIA_SIZES["dvd"] < MEDIA_SIZES["dvd-dl"] < MEDIA_SIZES["bd"]
    assert MEDIA_SIZES["dvd"] == 4_700_372_992


def test_volume_labels() -> None:
    assert volume_label_for("明人社监〔2026〕12号") == "2026_12"
    assert volume_label_for("案件") == "EVIDENCE"
    assert volume_label_for("ABC-2026-000123-XYZ-LONG", 2, 3).endswith("_2")
    assert len(volume_label_for("ABC-2026-000123-XYZ-LONG", 2, 3)) <= 16
    assert sanitise_volume_label("case 2026/12 with a long tail") == "CASE_2026_12_WIT"
    assert sanitise_volume_label("中文") == "EVIDENCE"


def test_iso_names_are_unique_8_3() -> None:
    names = _IsoNames()
    got = [
        names.name("/X", n, False) for n in ("Z8A0001_LONG.MP4", "Z8A0001_OTHER.MP4", "中文.WAV", "x.json")
    ]
    assert len(set(got)) == 4
    for name in got:
        stem, _dot, ext = name.partition(".")
        assert len(stem) <= 8 and len(ext) <= 3 and stem.replace("_", "").isalnum()


def test_sums_round_trip_and_bad_lines() -> None:
    entries = {"originals/设备/文件.MP4": "a" * 64, "MANIFEST.json": "b" * 64}
    data = format_sums(entries)
    assert data.decode().splitlines()[0] == f"{'b' * 64}  MANIFEST.json"
    parsed, bad = parse_sums(data + b"garbage line\n")
    assert parsed == entries and bad == ["garbage line"]


def test_duration_format() -> None:
    assert format_duration(3725.9) == "01:02:05" and format_duration(None) == "—"


def test_font_env_must_name_a_truetype_font(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    otf = tmp_path / "NotoSansCJK.otf"
    otf.write_bytes(b"OTTO" + bytes(100))
    monkeypatch.setenv(fonts.FONT_ENV, str(otf))
    with pytest.raises(MissingToolError, match=fonts.FONT_ENV):
        fonts.find_cjk_font()


def test_cff_fonts_are_not_truetype(tmp_path: Path) -> None:
    collection = tmp_path / "cff.ttc"
    collection.write_bytes(
        b"ttcf" + b"\x00\x01\x00\x00" + b"\x00\x00\x00\x01" + (16).to_bytes(4, "big") + b"OTTO"
    )
    assert not fonts.is_truetype(collection)


def test_installed_font_is_found_and_truetype(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fonts.FONT_ENV, raising=False)
    path = fonts.find_cjk_font()
    assert fonts.is_truetype(path)


def test_no_font_gives_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fonts.FONT_ENV, raising=False)
    monkeypatch.setattr(fonts, "candidate_fonts", lambda: iter(()))
    with pytest.raises(MissingToolError, match="fonts-wqy-zenhei"):
        fonts.find_cjk_font()
