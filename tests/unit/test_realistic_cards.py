"""Importing realistic camera cards: every file once, the right times and where they came from, device and
officer, kind, and exactly the findings a custodian expects (no gap between touching segments, none between
the parallel _A/_B streams of a dual-lens camera, a gap where recording really stopped)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from evidence_station.api.imports import ImportResult
from evidence_station.catalogue.recordings import Recording
from evidence_station.domain.clock import local_to_utc
from evidence_station.services.context import ServiceContext
from evidence_station.services.import_service import import_card
from tests.fixtures.cards import (
    ZONE,
    CardTruth,
    write_body_camera_card,
    write_consumer_card,
    write_damaged_card,
    write_many_photos,
)

LAYOUTS: dict[str, Callable[[Path], CardTruth]] = {
    "body_camera": write_body_camera_card,
    "consumer": write_consumer_card,
    "damaged": write_damaged_card,
}


def _card_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.is_symlink()}


def _check_files(result: ImportResult, truth: CardTruth) -> None:
    paths = [f.card_path for f in result.files]
    assert len(paths) == len(set(paths)), "a file appears twice"
    assert set(paths) == _card_files(truth.root), "a file is missing from the result"
    by_path = {f.card_path: f for f in result.files}
    problems = []
    for path, expected in truth.files.items():
        got = by_path[path]
        if expected.skipped:
            if got.status != "skipped" or expected.reason_contains not in (got.reason or ""):
                problems.append(f"{path}: expected skipped ({expected.reason_contains}), got {got.status} {got.reason}")
            continue
        if got.status == "skipped":
            problems.append(f"{path}: skipped ({got.reason}) but it must be stored")
            continue
        checks = {
            "kind": (expected.kind, got.kind),
            "time_source": (expected.source, got.time_source),
            "device": (expected.device, got.device),
            "officer": (expected.officer, got.officer),
        }
        if expected.start_local is not None:
            checks["start"] = (local_to_utc(expected.start_local, ZONE), got.start)
            if expected.seconds is not None and got.start is not None:
                checks["end"] = (got.start + timedelta(seconds=expected.seconds), got.end)
        for field, (want, have) in checks.items():
            if field in ("device", "officer") and want is None and expected.kind != "other":
                continue
            if want is not None and want != have:
                problems.append(f"{path}: {field} is {have!r}, expected {want!r}")
    assert not problems, "\n".join(problems)


def _check_findings(result: ImportResult, truth: CardTruth) -> None:
    path_of = {r.id: r.card_path for r in Recording.select(Recording.id, Recording.card_path)}
    continuity = {(f.kind, frozenset(path_of[i] for i in f.recording_ids))
                  for f in result.findings if f.kind in ("gap", "time_overlap")}
    assert continuity == truth.continuity
    others: dict[str, set[str]] = {}
    for f in result.findings:
        if f.kind in ("damaged", "empty", "duplicate"):
            for rid in f.recording_ids:
                others.setdefault(path_of[rid], set()).add(f.kind)
    assert others == truth.findings


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_realistic_card_imports_right(
    layout: str, people: dict[str, ServiceContext], tmp_path: Path
) -> None:
    truth = LAYOUTS[layout](tmp_path / "card")
    result = import_card(people["custodian"], truth.root)
    assert result.status == "completed"
    _check_files(result, truth)
    _check_findings(result, truth)


def test_sidecars_and_fragments_are_stored_as_other_never_dropped(
    people: dict[str, ServiceContext], tmp_path: Path
) -> None:
    truth = write_body_camera_card(tmp_path / "card")
    result = import_card(people["custodian"], truth.root)
    by_path = {f.card_path: f for f in result.files}
    for suffix in (".GPS", ".THM", ".LRV"):
        (sidecar,) = [f for p, f in by_path.items() if p.endswith(suffix)]
        assert sidecar.status == "stored" and sidecar.kind == "other"
    for name in ("VERSION.TXT", "DSJ_INFO.XML", "DEVICE.INFO", "2026-11-27/DSJ.LOG"):
        assert by_path[name].status == "stored" and by_path[name].kind == "other"


def test_chkdsk_fragments_are_imported(people: dict[str, ServiceContext], tmp_path: Path) -> None:
    truth = write_damaged_card(tmp_path / "card")
    result = import_card(people["custodian"], truth.root)
    by_path = {f.card_path: f for f in result.files}
    assert by_path["FOUND.000/FILE0000.CHK"].kind == "video"
    assert by_path["FOUND.000/FILE0001.CHK"].status == "stored"


def test_reimporting_a_realistic_card_adds_nothing(people: dict[str, ServiceContext], tmp_path: Path) -> None:
    truth = write_consumer_card(tmp_path / "card")
    first = import_card(people["custodian"], truth.root)
    rows = Recording.select().count()
    second = import_card(people["custodian"], truth.root)
    assert Recording.select().count() == rows
    assert not second.findings or {f.kind for f in second.findings} <= {"unassigned"}
    assert [f.recording_id for f in first.files] == [f.recording_id for f in second.files]


def test_many_small_photos_every_one_catalogued(people: dict[str, ServiceContext], tmp_path: Path) -> None:
    truth = write_many_photos(tmp_path / "card", 120)
    result = import_card(people["custodian"], truth.root)
    assert result.counts["stored"] == 120
    assert len({f.sha256 for f in result.files}) == 120
    assert {f.time_source for f in result.files} == {"file_name"}
    assert not [f for f in result.findings if f.kind in ("gap", "time_overlap", "duplicate")]


def test_a_gap_is_found_even_when_the_camera_file_is_catalogued_as_the_duplicate(
    people: dict[str, ServiceContext], tmp_path: Path
) -> None:
    """A renamed backup copy imported earlier makes the camera's own file the "duplicate"; the camera's
    time line must still include it, so the gap after it is reported."""
    truth = write_body_camera_card(tmp_path / "card")
    (gap,) = [pair for kind, pair in truth.continuity if kind == "gap"]
    camera_file = min(gap)  # the segment before the gap
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "copy from the office PC.mp4").write_bytes((truth.root / camera_file).read_bytes())
    import_card(people["custodian"], backup)
    result = import_card(people["custodian"], truth.root)
    by_path = {f.card_path: f for f in result.files}
    assert Recording.get_by_id(by_path[camera_file].recording_id).duplicate_of is not None
    path_of = {r.id: r.card_path for r in Recording.select(Recording.id, Recording.card_path)}
    gaps = {frozenset(path_of[i] for i in f.recording_ids) for f in result.findings if f.kind == "gap"}
    assert gap in gaps
