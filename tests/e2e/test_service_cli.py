"""The CLI through a real station service process: same JSON, same exit codes, and exit code 5 when the
service cannot be reached."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import USER_PASSWORD, Cli, StationService


def test_recordings_through_the_service_equal_the_embedded_answer(cli: Cli, service_cli: Cli, tmp_path: Path):
    card = tmp_path / "card"
    assert cli.run("--json", "demo-card", str(card), "--seed", "2").returncode == 0
    assert cli.as_("custodian", "--json", "import", str(card)).returncode in (0, 1)
    served = service_cli.as_("custodian", "--json", "recordings")
    assert served.returncode == 0, served.stderr
    assert served.json["recordings"], "the imported recordings are listed"
    embedded = Cli(cli.home).as_("custodian", "--json", "recordings")
    assert served.json == embedded.json


def test_a_wrong_password_through_the_service_is_exit_code_3(service_cli: Cli):
    done = service_cli.run("--json", "recordings", user="custodian", password="not-the-password-1")
    assert done.returncode == 3
    assert done.json["error"]["code"] == "authentication_failed"


def test_station_and_home_together_are_a_usage_error(service_cli: Cli):
    assert service_cli.service is not None
    done = service_cli.run("--json", "--home", str(service_cli.home), "recordings", user="custodian",
                           password=USER_PASSWORD)
    assert done.returncode == 2


def test_an_unreachable_service_is_exit_code_5(cli: Cli, tmp_path: Path):
    gone = StationService(cli.home)  # never started: nobody listens on its socket
    done = Cli(cli.home, gone).as_("custodian", "--json", "recordings")
    assert done.returncode == 5
    assert done.json["error"]["code"] == "station_unreachable"
    assert str(gone.socket) in done.json["error"]["message"]
    gone.stop()


def test_login_keeps_a_session_for_later_commands_until_logout(service_cli: Cli, tmp_path: Path):
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = {"XDG_RUNTIME_DIR": str(runtime)}
    login = service_cli.as_("custodian", "--json", "login", env=env)
    assert login.returncode == 0, login.stderr
    token_files = list((runtime / "evidence-station").iterdir())
    assert len(token_files) == 1 and token_files[0].stat().st_mode & 0o777 == 0o600
    # no password now: the kept session is used
    listed = service_cli.run("--json", "recordings", env=env)
    assert listed.returncode == 0, listed.stderr
    assert service_cli.run("--json", "logout", env=env).json == {"logged_out": True}
    assert service_cli.run("--json", "recordings", env=env).returncode != 0


def test_a_card_imported_through_the_service_and_its_receipt(cli: Cli, service_cli: Cli, tmp_path: Path):
    card = tmp_path / "card"
    assert cli.run("--json", "demo-card", str(card), "--seed", "3").returncode == 0
    done = service_cli.as_("custodian", "--json", "import", str(card))
    assert done.returncode in (0, 1), done.stderr
    result = done.json
    assert result["status"] == "completed" and result["receipt_id"] == result["import_id"]
    assert "receipt" not in result  # nothing written at the desk unless asked; no path inside the home
    stored = [f for f in result["files"] if f["status"] == "stored"]
    assert stored and all(len(f["sha256"]) == 64 for f in stored)
    receipt = tmp_path / "receipt.pdf"
    fetched = service_cli.as_("custodian", "--json", "import", "receipt", str(result["import_id"]), "--out",
                              str(receipt))
    assert fetched.returncode == 0, fetched.stderr
    assert receipt.read_bytes().startswith(b"%PDF")
    again = service_cli.as_("custodian", "--json", "import", "receipt", str(result["import_id"]), "--out",
                            str(receipt))
    assert again.returncode == 2  # never overwritten without --force
    assert Cli(cli.home).run("--json", "verify").json["ok"]
