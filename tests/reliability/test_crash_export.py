"""Crash consistency of the evidence export: the real CLI ``export`` killed with SIGKILL at random moments.

After every kill: no disc image under the requested name unless it is complete and verifies on its own,
no staging copy of the originals left in the home after a restart, the store and the audit chain still
verify; finally an export run to its end gives a disc that verifies.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from evidence_station.export.verify_disc import verify_disc
from evidence_station.services.case_service import add_case, attach_recordings
from evidence_station.services.import_service import import_card
from evidence_station.services.station import Station
from evidence_station.services.users import login
from tests.reliability.conftest import RecordCases
from tests.reliability.crash_support import (
    PASSWORD,
    Zygote,
    fully_clean,
    make_home,
    problems_after_crash,
    write_card,
)

KILLS = 8
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

    rng = random.Random(SEED)
    zygote = Zygote(home)
    violations: list[str] = []
    kills = 0
    try:
        first = zygote.run(export("first.iso"), tmp_path / "first.json")
        assert first.code == 0, (tmp_path / "first.json").read_text()
        assert verify_disc(discs / "first.iso").ok
        for attempt in range(KILLS):
            delay = rng.uniform(0.0, first.seconds)
            image = discs / f"killed-{attempt}.iso"
            outcome = zygote.run(export(image.name), tmp_path / "out.json", kill_after=delay)
            kills += outcome.killed
            found = problems_after_crash(home, {})
            if image.exists() and not verify_disc(image).ok:
                found.append(f"{image.name} exists under its final name but does not verify")
            staging = sorted(p.name for p in (home / "exports").glob(".staging-*"))
            if staging:
                found.append(f"staging copies of originals left in the home after restart: {staging}")
            violations += [f"kill {attempt} after {delay:.2f}s: {p}" for p in found]
        final = zygote.run(export("final.iso"), tmp_path / "final.json")
        assert final.code == 0, (tmp_path / "final.json").read_text()
        assert verify_disc(discs / "final.iso").ok
        violations += [f"after the final export: {p}" for p in fully_clean(home)]
        lingering = zygote.lingering_helpers()
        violations += [f"helper processes outlived the killed exports: {lingering}"] if lingering else []
    finally:
        zygote.close()
        record_cases("crash: export (kill -9)", kills, failures=len(violations), originals_lost=0)
    assert violations == []
    assert kills >= KILLS - 2  # a few random moments may fall after a fast export ended
