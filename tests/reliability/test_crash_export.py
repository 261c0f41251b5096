"""Crash consistency of the evidence export: the real CLI ``export`` killed with SIGKILL at every step.

A first export runs to its end and says, by its progress reports, which steps an export goes through
(copying the originals, writing the manifest and description, writing the disc image, verifying the
disc). Then exports are killed while frozen at the first and at the middle report of each step — the
same moments on a fast or a slow machine — and at a few random moments (which may fall between reports,
or after a fast export already ended: those are not counted as anything).

After every kill: no disc image under the requested name unless it is complete and verifies on its own;
after a restart no staging copy of the originals and no marker of the dead export left in the home, the
export recorded ``interrupted`` (never ``running``, never ``completed`` without its verified image in the
station's exports folder — a kill while the desk downloads it finds it completed there); the store and the
audit chain still verify. Finally an export run to its end gives a disc that verifies.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from evidence_station.disc.verify_disc import verify_disc
from evidence_station.services.case_service import add_case, attach_recordings
from evidence_station.services.export_recovery import markers_dir
from evidence_station.services.import_service import import_card
from evidence_station.services.station import Station
from evidence_station.services.users import login
from tests.reliability.conftest import RecordCases
from tests.reliability.crash_support import (
    PASSWORD,
    StopAt,
    Zygote,
    fully_clean,
    make_home,
    problems_after_crash,
    progress_steps,
    sha256_of,
    write_card,
)

RANDOM_KILLS = 4
SEED = 17


def _case_with_recordings(home: Path, card: Path) -> int:
    station = Station.open(home)
    try:
        imported = import_card(login(station, "custodian", PASSWORD), card)
        clerk = login(station, "clerk", PASSWORD)
        case = add_case(clerk, title="Crash test case")
        attach_recordings(clerk, case.case_id, [f.recording_id for f in imported.files if f.recording_id])
        return case.case_id
    finally:
        station.close()


def _kill_points(steps: dict[str, int], rng: random.Random, full_length: float) -> list[StopAt | float]:
    """The first and the middle progress report of every step, then a few random moments."""
    points: list[StopAt | float] = []
    for message, count in steps.items():
        points += [StopAt(message, nth) for nth in sorted({1, (count + 1) // 2})]
    return points + [rng.uniform(0.0, full_length) for _ in range(RANDOM_KILLS)]


def export_problems_after_crash(home: Path, image: Path) -> list[str]:
    """What a killed export may never leave behind (on top of :func:`problems_after_crash`)."""
    from evidence_station.catalogue.cases import Export, ExportDisc

    found = problems_after_crash(home, {})  # opens the station once: the restart
    if image.exists() and not verify_disc(image).ok:
        found.append(f"{image.name} exists under its final name but does not verify")
    exports_dir = home / "exports"
    staging = sorted(p.name for p in exports_dir.glob(".staging-*"))
    if staging:
        found.append(f"staging copies of originals left in the home after restart: {staging}")
    markers = sorted(p.name for p in markers_dir(exports_dir).glob("*")) if markers_dir(exports_dir).is_dir() else []
    temporary = sorted(p.name for p in exports_dir.glob("*.part")) if exports_dir.is_dir() else []
    if temporary:
        found.append(f"temporary images of dead exports left in the home after restart: {temporary}")
    if markers:
        found.append(f"markers of dead exports left after restart: {markers}")
    station = Station.open(home)
    try:
        for disc in ExportDisc.select().join(Export).where(Export.status == "completed"):
            path = exports_dir / disc.image_path  # the station keeps every image it built
            if not path.is_file() or sha256_of(path) != disc.image_sha256:
                found.append(f"export {disc.export_id} is recorded completed but its image {path.name} is not there")
        for export in Export.select().where(Export.status != "completed"):
            kept = sorted(p.name for p in exports_dir.glob(f"export-{export.id}-disc-*.iso"))
            if export.status != "failed" and kept:
                found.append(f"export {export.id} is {export.status} but the station still keeps {kept}")
    finally:
        station.close()
    return found


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_export_survives_kill_9_at_random_moments(tmp_path: Path, record_cases: RecordCases) -> None:
    home = tmp_path / "home"
    make_home(home)
    write_card(tmp_path / "card", seed=SEED, files=4)
    case_id = _case_with_recordings(home, tmp_path / "card")
    discs = tmp_path / "discs"
    discs.mkdir()

    def export(name: str) -> list[str]:
        return ["clerk", "--json", "export", str(case_id), "--producer", "clerk", "--extractor", "clerk",
                "--out", str(discs / name)]

    zygote = Zygote(home)
    violations: list[str] = []
    kills = 0
    steps_hit: set[str] = set()
    try:
        first = zygote.run(export("first.iso"), tmp_path / "first.json")
        assert first.code == 0, (tmp_path / "first.json").read_text()
        assert verify_disc(discs / "first.iso").ok
        steps = progress_steps(first.events)
        # the kill points below are only as varied as the steps the export reports
        assert len(steps) >= 3, f"the export reports too few steps to kill it inside each: {steps}"
        for attempt, point in enumerate(_kill_points(steps, random.Random(SEED), first.seconds)):
            image = discs / f"killed-{attempt}.iso"
            if isinstance(point, StopAt):
                where = f"report {point.nth} of {point.message!r}"
                outcome = zygote.run(export(image.name), tmp_path / "out.json", stop_at=point)
                if outcome.stopped_at is None:
                    violations.append(f"kill {attempt}: the export ended (exit {outcome.code}) before {where}")
                steps_hit.add(point.message)
            else:
                outcome = zygote.run(export(image.name), tmp_path / "out.json", kill_after=point)
                where = f"{point:.2f}s (last step: {outcome.last_step!r})"
            kills += outcome.killed
            violations += [f"kill {attempt} at {where}: {p}" for p in export_problems_after_crash(home, image)]
        final = zygote.run(export("final.iso"), tmp_path / "final.json")
        assert final.code == 0, (tmp_path / "final.json").read_text()
        assert verify_disc(discs / "final.iso").ok
        violations += [f"after the final export: {p}" for p in fully_clean(home)]
        lingering = zygote.lingering_helpers()
        violations += [f"helper processes outlived the killed exports: {lingering}"] if lingering else []
    finally:
        zygote.close()
        record_cases("crash: export (kill -9)", kills, failures=len(violations), originals_lost=0,
                     steps=sorted(steps_hit))
    assert violations == []
