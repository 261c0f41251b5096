"""Crash consistency of the import: the real CLI ``import`` killed with SIGKILL at 50+ random moments.

Each cycle writes a new small card and kills imports of it at random moments (uniform over the length
of a full import measured first), restarting after every kill; before every restart the card gets two
more files (a camera that kept recording), so every killed run has new originals to store. Then one run
is allowed to finish. After
every kill: no catalogued recording without its verified blob, no half-written blob, no temporary file
after restart, ``verify`` (apart from not-yet-catalogued blobs of the card) and ``audit verify`` clean.
After every finishing run: the whole card is catalogued, ``verify`` is clean, and no original is lost.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.reliability.conftest import RecordCases
from tests.reliability.crash_support import (
    Zygote,
    catalogued,
    fully_clean,
    make_home,
    originals_lost,
    problems_after_crash,
    write_card,
)

CYCLES = 6
KILLS_PER_CYCLE = 9
SEED = 20261124


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_import_survives_kill_9_at_random_moments(tmp_path: Path, record_cases: RecordCases) -> None:
    home = tmp_path / "home"
    make_home(home)
    rng = random.Random(SEED)
    zygote = Zygote(home)
    violations: list[str] = []
    lost: list[str] = []
    kills = 0
    # where the kill left the run's new files: none, some or all of them catalogued
    phases = {"before_any_recording": 0, "part_of_card": 0, "whole_card": 0, "mid_copy": 0}
    try:
        calibration = write_card(tmp_path / "card0", seed=0)
        first = zygote.run(["custodian", "--json", "import", str(tmp_path / "card0"), "--no-thumbnails"],
                           tmp_path / "out0.json")
        assert first.code == 0, (tmp_path / "out0.json").read_text()
        full_length = first.seconds
        lost += originals_lost(home, calibration)
        for cycle in range(1, CYCLES + 1):
            card = tmp_path / f"card{cycle}"
            digests = write_card(card, seed=cycle)
            command = ["custodian", "--json", "import", str(card), "--no-thumbnails"]
            for attempt in range(KILLS_PER_CYCLE):
                fresh = write_card(card, seed=cycle, files=2, first=len(digests))
                digests |= fresh
                delay = rng.uniform(0.0, full_length)
                outcome = zygote.run(command, tmp_path / "out.json", kill_after=delay)
                kills += outcome.killed
                phases["mid_copy"] += any((home / "vault" / "tmp").iterdir())  # a half-copied file was left
                found = problems_after_crash(home, digests)
                violations += [f"cycle {cycle} kill {attempt} after {delay:.2f}s: {p}" for p in found]
                have = {path for _, path, _, _ in catalogued(home)} & set(fresh)
                phase = ("before_any_recording" if not have else
                         "whole_card" if have == set(fresh) else "part_of_card")
                phases[phase] += 1
            finished = zygote.run(command, tmp_path / "final.json")
            assert finished.code == 0, (tmp_path / "final.json").read_text()
            result = json.loads((tmp_path / "final.json").read_text())
            statuses = {f["card_path"]: f["status"] for f in result["files"]}
            assert all(statuses[path] in {"stored", "already_stored"} for path in digests), statuses
            lost += originals_lost(home, digests)
            violations += [f"cycle {cycle} after the finishing import: {p}" for p in fully_clean(home)]
        lingering = zygote.lingering_helpers()
        violations += [f"helper processes outlived the killed imports: {lingering}"] if lingering else []
    finally:
        zygote.close()
        record_cases("crash: import (kill -9)", kills, failures=len(violations), originals_lost=len(lost),
                     phases=phases)
    assert violations == []
    assert lost == []
    assert kills >= 50
    # The random moments really fell inside the work, not only before or after it.
    assert phases["before_any_recording"] > 0 and phases["mid_copy"] > 0, phases
