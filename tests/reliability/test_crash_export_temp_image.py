"""An export killed while the station writes its disc image: the image (in the station's ``exports/`` folder) is a
0600 temporary file until complete, and the next start of the station removes exactly that file (not a look-alike,
not another export's) and audits it; the desk, which had not begun to download it, has nothing.

The real CLI ``export`` runs in a subprocess (an embedded station); it is SIGKILLed the moment the temporary
image holds data.
"""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.cases import Export
from evidence_station.services.audit_service import verify_audit
from evidence_station.services.case_service import add_case, attach_recordings
from evidence_station.services.import_service import import_card
from evidence_station.services.station import Station
from evidence_station.services.users import login
from evidence_station.services.verify_service import verify_store
from tests.reliability.crash_support import PASSWORD, REPO, make_home

FILES, FILE_BYTES = 4, 12 * 1024 * 1024  # big enough that the image is being written for a while


def _case_with_large_recordings(home: Path, card: Path) -> int:
    folder = card / "DCIM" / "100DSJ"
    folder.mkdir(parents=True)
    rng = random.Random(16)
    for i in range(FILES):
        (folder / f"Z8A0016_010203_2026112409{i:02d}00_{i + 1:04d}.MP4").write_bytes(rng.randbytes(FILE_BYTES))
    station = Station.open(home)
    try:
        imported = import_card(login(station, "custodian", PASSWORD), card)
        clerk = login(station, "clerk", PASSWORD)
        case = add_case(clerk, title="Killed export")
        attach_recordings(clerk, case.case_id, [f.recording_id for f in imported.files if f.recording_id])
        return case.case_id
    finally:
        station.close()


def _temp_images(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith("export-") and ".iso.export" in p.name
            and p.name.endswith(".part") and "export999" not in p.name]


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_a_killed_exports_temporary_image_is_private_and_removed_at_the_next_start(tmp_path: Path) -> None:
    home = tmp_path / "home"
    make_home(home)
    case_id = _case_with_large_recordings(home, tmp_path / "card")
    discs = tmp_path / "discs"
    discs.mkdir()
    exports = home / "exports"
    exports.mkdir(exist_ok=True)
    lookalike = exports / "export-1-disc-1.iso.export999-0123abcd.part"  # another export's: not this one's to remove
    lookalike.write_bytes(b"not ours")
    users_file = exports / "notes.part"
    users_file.write_bytes(b"someone's own file")

    env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_STATION_")}
    env["EVIDENCE_STATION_PASSWORD"] = PASSWORD
    process = subprocess.Popen(
        [sys.executable, "-m", "evidence_station", "--home", str(home), "--user", "clerk", "--json", "export",
         str(case_id), "--producer", "clerk", "--extractor", "clerk", "--out", str(discs / "case.iso")],
        cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    temp: Path | None = None
    mode = None
    deadline = time.monotonic() + 120
    try:
        while process.poll() is None and time.monotonic() < deadline:
            found = _temp_images(exports)
            if found and found[0].stat().st_size > 1024 * 1024:
                temp = found[0]
                mode = stat.S_IMODE(temp.stat().st_mode)
                os.kill(process.pid, signal.SIGKILL)
                break
            time.sleep(0.002)
    finally:
        if process.poll() is None:
            process.kill()
        _, errors = process.communicate(timeout=60)
    assert temp is not None, f"the export ended before its image was seen being written: {errors!r}"
    assert process.returncode == -signal.SIGKILL
    assert mode == 0o600, oct(mode or 0)  # copies of originals: readable by the station's user only
    assert temp.exists() and not (exports / "export-1-disc-1.iso").exists()  # what the crash left
    assert list(discs.iterdir()) == []  # the desk had not begun to download the image

    station = Station.open(home)  # the next start
    try:
        assert not temp.exists() and _temp_images(exports) == []
        assert lookalike.read_bytes() == b"not ours" and users_file.read_bytes() == b"someone's own file"
        export = Export.get()
        assert export.status == "interrupted"
        removed = list(AuditEvent.select().where(AuditEvent.action == "export.temp_removed"))
        assert len(removed) == 1 and removed[0].actor == "station" and removed[0].object_id == str(export.id)
        assert removed[0].details["files"] == [str(temp.resolve())]
        assert verify_audit(station).ok and verify_store(station).ok
    finally:
        station.close()
    again = Station.open(home)  # nothing more to do, nothing audited twice
    try:
        assert AuditEvent.select().where(AuditEvent.action == "export.temp_removed").count() == 1
    finally:
        again.close()
