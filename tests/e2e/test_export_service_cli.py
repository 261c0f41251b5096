"""Cases and evidence exports through a real station service process: the station builds and verifies the disc,
the desk writes the image where ``--out`` says (owned by the desk's user, byte for byte the station's image) and
burns it at the desk; nothing any command prints names a path inside the station's home; a killed or cancelled
export leaves no file at the desk; only a clerk exports, and only the clerk who made an export gets its image."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evidence_station.client.station_client import StationClient
from evidence_station.client.transport import HttpTransport
from evidence_station.domain.errors import PermissionDeniedError
from tests.e2e.conftest import REPO, USER_PASSWORD, Cli, CliRun, StationService, _clean_env

pytestmark = pytest.mark.timeout(300)
EXTRACTOR = "李四 (执法证 33010001)"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _names_nothing_in_the_home(run: CliRun, home: Path) -> None:
    assert str(home) not in run.stdout and str(home.resolve()) not in run.stdout, run.stdout
    assert "exports/" not in run.stdout and "export-" not in run.stdout.replace('"export_id"', "")


def _case_with_recordings(cli: Cli, tmp_path: Path, card: Path) -> int:
    imported = cli.as_("custodian", "--json", "import", str(card), "--no-thumbnails")
    assert imported.returncode in (0, 1), imported.stderr
    ids = [str(f["recording_id"]) for f in imported.json["files"] if f.get("recording_id")]
    case = cli.as_("clerk", "--json", "case", "add", "某建筑公司拖欠工资案", "--number", "明人社监〔2026〕12号")
    assert case.returncode == 0, case.stderr
    case_id = case.json["case_id"]
    attached = cli.as_("clerk", "--json", "case", "attach", str(case_id), *ids)
    assert attached.returncode == 0 and attached.json["attached"] == [int(i) for i in ids], attached.stderr
    return case_id


@pytest.fixture
def served(cli: Cli, service_cli: Cli, tmp_path: Path) -> tuple[Cli, int]:
    """The station service with a clerk and a case of the demo card's recordings (attached through the service)."""
    cli.add_user("clerk", "clerk", tmp_path)
    card = tmp_path / "card"
    assert cli.run("--json", "demo-card", str(card), "--seed", "4").returncode == 0
    return service_cli, _case_with_recordings(service_cli, tmp_path, card)


def test_the_desk_writes_and_burns_the_image_the_station_built(served: tuple[Cli, int], tmp_path: Path) -> None:
    service_cli, case_id = served
    home = service_cli.home
    desk = tmp_path / "desk"
    desk.mkdir()
    image, medium = desk / "X.iso", desk / "Y.iso"
    done = service_cli.as_("clerk", "--json", "export", str(case_id), "--producer", "clerk", "--extractor",
                           EXTRACTOR, "--out", str(image), "--burn", f"stdio:{medium}")
    assert done.returncode == 0, done.stdout + done.stderr
    result = done.json
    assert result["verified"] is True and result["status"] == "completed"
    assert result["image"] == str(image) and result["images"][0]["image"] == str(image)
    assert result["images"][0]["burned"] and result["images"][0]["drive"] == f"stdio:{medium}"
    # Written by the client: the caller's file, readable once verified, byte for byte the station's image.
    info = image.stat()
    assert info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o400 and info.st_nlink == 1
    assert _sha256(image) == result["image_sha256"] == result["images"][0]["image_sha256"]
    [kept] = (home / "exports").glob("export-*-disc-1.iso")
    assert _sha256(kept) == result["image_sha256"] and stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert medium.read_bytes()[: image.stat().st_size] == image.read_bytes()
    assert sorted(p.name for p in desk.iterdir()) == ["X.iso", "Y.iso"]  # no temporary file left
    _names_nothing_in_the_home(done, home)
    for disc in (image, medium):
        checked = service_cli.run("--json", "verify-disc", str(disc))
        assert checked.returncode == 0 and checked.json["ok"], checked.stdout
    against = service_cli.as_("clerk", "--json", "verify-disc", str(image), "--against-station")
    assert against.returncode == 0 and against.json["station_check"]["ok"], against.stdout + against.stderr
    _names_nothing_in_the_home(against, home)
    for command in (("exports",), ("case", "show", str(case_id)), ("case", "list")):
        shown = service_cli.as_("clerk", "--json", *command)
        assert shown.returncode == 0, shown.stderr
        _names_nothing_in_the_home(shown, home)
    [export] = service_cli.as_("clerk", "--json", "exports").json["exports"]
    assert export["export_id"] == result["export_id"] and export["verified"] and export["status"] == "completed"
    assert export["images"][0]["burned"] and export["images"][0]["image_sha256"] == result["image_sha256"]


def test_only_a_clerk_exports_and_only_the_maker_downloads(served: tuple[Cli, int], cli: Cli,
                                                           tmp_path: Path) -> None:
    service_cli, case_id = served
    refused = service_cli.as_("custodian", "--json", "export", str(case_id), "--producer", "clerk",
                              "--extractor", EXTRACTOR, "--out", str(tmp_path / "refused.iso"))
    assert refused.returncode == 3 and refused.json["error"]["code"] == "permission_denied", refused.stdout
    assert not (tmp_path / "refused.iso").exists()
    made = service_cli.as_("clerk", "--json", "export", str(case_id), "--producer", "clerk", "--extractor",
                           EXTRACTOR, "--out", str(tmp_path / "mine.iso"))
    assert made.returncode == 0, made.stderr
    too_big = service_cli.as_("clerk", "--json", "case", "show", str(2**64))
    assert too_big.returncode == 2
    cli.add_user("clerk2", "clerk", tmp_path)
    assert service_cli.service is not None
    transport = HttpTransport(service_cli.service.url)
    try:
        other = StationClient.login(transport, "clerk2", USER_PASSWORD)
        with pytest.raises(PermissionDeniedError, match="only the clerk who made"), \
                other.download_export_image(made.json["export_id"], 1):
            pass
        other.logout()
        maker = StationClient.login(transport, "clerk", USER_PASSWORD)
        with maker.download_export_image(made.json["export_id"], 1) as stream:
            assert stream.size == made.json["images"][0]["image_size"]
        maker.logout()
    finally:
        transport.close()
    audit = service_cli.as_admin("--json", "audit", "list", "--action", "export_download")
    assert audit.returncode == 0, audit.stderr
    assert [(e["actor"], e["outcome"]) for e in audit.json["events"]] == [("clerk2", "refused")], audit.stdout
    downloads = service_cli.as_admin("--json", "audit", "list", "--action", "export.download").json["events"]
    assert [e["actor"] for e in downloads] == ["clerk", "clerk"]  # the export's own download, then the maker's
    assert all(e["details"]["session"] for e in downloads)


def _big_card(card: Path) -> None:
    """Four 12 MB camera files: a disc image big enough to catch its download in the act."""
    folder = card / "DCIM" / "100DSJ"
    folder.mkdir(parents=True)
    rng = random.Random(16)
    for i in range(4):
        (folder / f"Z8A0016_010203_2026112409{i:02d}00_{i + 1:04d}.MP4").write_bytes(rng.randbytes(12 * 1024 * 1024))


def _export_process(service: StationService, case_id: int, out: Path) -> subprocess.Popen[str]:
    env = _clean_env({"EVIDENCE_STATION_PASSWORD": USER_PASSWORD})
    return subprocess.Popen(
        [sys.executable, "-m", "evidence_station", "--station", service.url, "--user", "clerk", "--json", "export",
         str(case_id), "--producer", "clerk", "--extractor", EXTRACTOR, "--out", str(out)],
        cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_temp_image(folder: Path, process: subprocess.Popen[str], timeout: float = 120) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        found = [p for p in folder.iterdir() if p.name.endswith(".part")]
        if found:
            return found[0]
        time.sleep(0.001)
    raise AssertionError(f"no temporary image appeared (exit {process.poll()}): {process.communicate()}")


@pytest.mark.slow
def test_an_export_killed_mid_way_leaves_no_file_at_the_desk(cli: Cli, tmp_path: Path) -> None:
    cli.add_user("clerk", "clerk", tmp_path)
    card = tmp_path / "card"
    _big_card(card)
    case_id = _case_with_recordings(cli, tmp_path, card)
    assert cli.as_admin("--json", "station", "migrate", "--service").returncode == 0
    desk = tmp_path / "desk"
    desk.mkdir()
    service = StationService(cli.home).start()
    try:
        # The desk's command is stopped (SIGTERM) while it writes the image: it removes what it wrote.
        process = _export_process(service, case_id, desk / "first.iso")
        temp = _wait_for_temp_image(desk, process)
        assert stat.S_IMODE(temp.stat().st_mode) == 0o600  # copies of originals: private while written
        process.send_signal(signal.SIGTERM)
        stdout, _ = process.communicate(timeout=120)
        assert process.returncode == 1, stdout
        assert list(desk.iterdir()) == []
        # The station dies while the desk downloads: the desk says it cannot reach it (5) and keeps nothing.
        process = _export_process(service, case_id, desk / "second.iso")
        _wait_for_temp_image(desk, process)
        assert service.process is not None
        service.process.send_signal(signal.SIGKILL)
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 5, stdout + stderr
        assert list(desk.iterdir()) == []
    finally:
        service.stop()
    listed = Cli(cli.home).as_("clerk", "--json", "exports")  # the station (embedded now) after the crash
    assert listed.returncode == 0, listed.stderr
    assert {e["status"] for e in listed.json["exports"]} <= {"completed", "interrupted", "cancelled"}
