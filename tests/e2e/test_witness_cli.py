"""``audit verify --witness PATH…`` (CLI.md "Witnesses"): the import receipt a custodian took home catches a rollback
— an older catalogue and an older checkpoint file put back — that ``audit verify`` alone no longer sees; the witness
is read at the desk, also through a real station service.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from evidence_station.audit.checkpoints import CHECKPOINT_FILE
from tests.e2e.conftest import Cli, StationService


def _import_with_receipt(cli: Cli, tmp_path: Path, seed: int) -> Path:
    card = tmp_path / f"card{seed}"
    assert cli.run("--json", "demo-card", str(card), "--seed", str(seed)).returncode == 0
    receipt = tmp_path / f"receipt{seed}.pdf"
    done = cli.as_("custodian", "--json", "import", str(card), "--receipt", str(receipt))
    assert done.returncode in (0, 1), done.stderr
    assert receipt.read_bytes().startswith(b"%PDF")
    return receipt


def _save(home: Path, saved: Path) -> None:
    saved.mkdir()
    shutil.copy(home / "catalogue.sqlite3", saved)
    shutil.copy(home / "checkpoints" / CHECKPOINT_FILE, saved)


def _put_back(saved: Path, home: Path) -> None:
    """The insider's rollback: the older catalogue and the older checkpoint file, both."""
    shutil.copy(saved / "catalogue.sqlite3", home / "catalogue.sqlite3")
    for suffix in ("-wal", "-shm"):
        (home / f"catalogue.sqlite3{suffix}").unlink(missing_ok=True)
    shutil.copy(saved / CHECKPOINT_FILE, home / "checkpoints" / CHECKPOINT_FILE)


def test_a_receipt_catches_a_rollback_the_station_no_longer_shows(cli: Cli, tmp_path: Path) -> None:
    first = _import_with_receipt(cli, tmp_path, 1)
    _save(cli.home, tmp_path / "saved")
    later = _import_with_receipt(cli, tmp_path, 2)
    both = cli.run("--json", "audit", "verify", "--witness", str(first), str(later))
    assert both.returncode == 0, both.stdout
    assert [w["document"] for w in both.json["witnesses"]] == ["import_receipt", "import_receipt"]
    _put_back(tmp_path / "saved", cli.home)
    alone = cli.run("--json", "audit", "verify")
    assert alone.returncode == 0 and alone.json["ok"], alone.stdout  # the station's own files agree with each other
    caught = cli.run("--json", "audit", "verify", "--witness", str(first), "--witness", str(later))
    assert caught.returncode == 1
    assert [p["kind"] for p in caught.json["problems"]] == ["rolled_back"]
    assert str(later) in caught.json["problems"][0]["message"]
    assert "见证文件" in caught.json["problems"][0]["message_zh"]
    assert [w["ok"] for w in caught.json["witnesses"]] == [True, False]
    human = cli.run("audit", "verify", "--witness", str(later))
    assert human.returncode == 1 and "DISAGREES" in human.stdout and "rolled back" in human.stdout


def test_the_witness_is_read_at_the_desk_and_checked_by_the_service(cli: Cli, tmp_path: Path) -> None:
    assert cli.as_admin("--json", "station", "migrate", "--service").returncode == 0
    _save(cli.home, tmp_path / "saved")
    service = StationService(cli.home).start()
    try:
        receipt = _import_with_receipt(Cli(cli.home, service), tmp_path, 3)
        served = Cli(cli.home, service).as_("custodian", "--json", "audit", "verify", "--witness", str(receipt))
        assert served.returncode == 0, served.stdout
        assert served.json["witnesses"][0]["ok"] and served.json["witnesses"][0]["document"] == "import_receipt"
    finally:
        assert service.stop() == 0
    _put_back(tmp_path / "saved", cli.home)
    service = StationService(cli.home).start()
    try:
        caught = Cli(cli.home, service).as_("custodian", "--json", "audit", "verify", "--witness", str(receipt))
        assert caught.returncode == 1
        assert [p["kind"] for p in caught.json["problems"]] == ["rolled_back"]
    finally:
        assert service.stop() == 0


def test_what_is_not_a_witness(cli: Cli, tmp_path: Path) -> None:
    missing = cli.run("--json", "audit", "verify", "--witness", str(tmp_path / "nothing.pdf"))
    assert missing.returncode == 4 and missing.json["error"]["code"] == "not_found"
    text = tmp_path / "notes.txt"
    text.write_text("not a document")
    refused = cli.run("--json", "audit", "verify", "--witness", str(text))
    assert refused.returncode == 2 and "chain head" in refused.json["error"]["message"]
