"""Crash consistency of the import: the real CLI ``import`` killed with SIGKILL again and again.

Each cycle writes a new small card and kills imports of it, restarting after every kill; before every
restart the card gets two more files (a camera that kept recording), so every killed run has new originals
to store. Half of the kills freeze the run at a chosen progress report — while the first or the second new
file is being copied into the vault, or read back — so they land inside the copy on a fast or a slow
machine alike; the others come at random moments (uniform over the length of a full import measured
first), which also reach the steps between reports (cataloguing, findings, the receipt) — or fall after
a fast import ended, which is fine: nothing here counts how many kills landed. Then one run is allowed to
finish.

After every kill: no catalogued recording without its verified blob, no half-written blob, no temporary
file after restart, ``verify`` (apart from not-yet-catalogued blobs of the card) and ``audit verify``
clean; a run frozen while copying has its half-copied file in the vault's temporary folder (so the
restart's cleanup is really tried). After every finishing run: the whole card is catalogued, ``verify``
is clean, and no original is lost.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.reliability.conftest import RecordCases
from tests.reliability.crash_support import (
    StopAt,
    Zygote,
    catalogued,
    fully_clean,
    make_home,
    originals_lost,
    problems_after_crash,
    write_card,
)

CYCLES = 6
#: Frozen while copying or reading back the first or the second of the two files added before the run.
STEPS = [StopAt("copying", 1), StopAt("verifying", 1), StopAt("copying", 2), StopAt("verifying", 2)]
RANDOM_KILLS_PER_CYCLE = 5
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
    # where the kills left the run's new files: none, some or all of them catalogued (for the report only)
    phases = {"before_any_recording": 0, "part_of_card": 0, "whole_card": 0, "mid_copy": 0}
    try:
        calibration = write_card(tmp_path / "card0", seed=0)
        first = zygote.run(["custodian", "--json", "import", str(tmp_path / "card0"), "--no-thumbnails"],
                           tmp_path / "out0.json")
        assert first.code == 0, (tmp_path / "out0.json").read_text()
        reported = {e["message"] for e in first.events}
        assert {s.message for s in STEPS} <= reported, f"the import no longer reports these steps: {reported}"
        full_length = first.seconds
        lost += originals_lost(home, calibration)
        for cycle in range(1, CYCLES + 1):
            card = tmp_path / f"card{cycle}"
            digests = write_card(card, seed=cycle)
            command = ["custodian", "--json", "import", str(card), "--no-thumbnails"]
            points: list[StopAt | float] = [*STEPS, *(rng.uniform(0.0, full_length)
                                                      for _ in range(RANDOM_KILLS_PER_CYCLE))]
            rng.shuffle(points)
            for attempt, point in enumerate(points):
                fresh = write_card(card, seed=cycle, files=2, first=len(digests))
                digests |= fresh
                if isinstance(point, StopAt):
                    where = f"report {point.nth} of {point.message!r}"
                    outcome = zygote.run(command, tmp_path / "out.json", stop_at=point)
                else:
                    outcome = zygote.run(command, tmp_path / "out.json", kill_after=point)
                    where = f"{point:.2f}s (last step: {outcome.last_step!r})"
                kills += outcome.killed
                half_copied = any((home / "vault" / "tmp").iterdir())  # looked at before the restart
                phases["mid_copy"] += half_copied
                label = f"cycle {cycle} kill {attempt} at {where}"
                if isinstance(point, StopAt) and outcome.stopped_at is None:
                    violations.append(f"{label}: the import ended (exit {outcome.code}) without reaching it")
                elif isinstance(point, StopAt) and point.message == "copying" and not half_copied:
                    violations.append(f"{label}: frozen while copying, but no temporary file was in the vault")
                violations += [f"{label}: {p}" for p in problems_after_crash(home, digests)]
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
