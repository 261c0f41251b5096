"""The trust boundary with real OS accounts: the station service runs under its own account and alone can read the
catalogue, the vault and the station key; a desk user in the station's group reaches the evidence only through the
service (issue #17, DESIGN.md 1b). Runs as root (CI is root): it creates the accounts."""

from __future__ import annotations

import grp
import hashlib
import json
import os
import shutil
import signal
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ossep import accounts
from tests.ossep.accounts import DESK_GROUP, DESK_USER, OUTSIDER, SERVICE_USER, popen_as, run_as

pytestmark = pytest.mark.skipif(accounts.available() is not None, reason=f"OS separation: {accounts.available()}")

PASSWORD = "Ossep-pass-1"


class Station:
    """A station home owned by the service account, served on a Unix socket for the desk group."""

    def __init__(self, venv: Path, root: Path) -> None:
        self.program = str(venv / "bin" / "evidence-station")
        self.home = root / "home"
        self.run_dir = root / "run"
        self.socket = self.run_dir / "station.sock"
        self.log = root / "serve.log"
        self.process = None

    @property
    def url(self) -> str:
        return f"unix:{self.socket}"

    def as_service(self, *args: str) -> accounts.Done:
        return run_as(SERVICE_USER, [self.program, "--home", str(self.home), *args],
                      env={"EVIDENCE_STATION_PASSWORD": PASSWORD})

    def as_desk(self, user: str, *args: str, who: str = DESK_USER) -> accounts.Done:
        return run_as(who, [self.program, "--station", self.url, "--user", user, "--json", *args],
                      env={"EVIDENCE_STATION_PASSWORD": PASSWORD})


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Station]:
    venv = accounts.shared_venv()
    accounts.ensure_accounts()
    root = Path("/var/tmp") / f"es-ossep-{os.getpid()}"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(mode=0o755)
    served = Station(venv, root)
    served.home.mkdir(mode=0o700)
    served.run_dir.mkdir(mode=0o755)
    for folder in (served.home, served.run_dir):
        shutil.chown(folder, SERVICE_USER, SERVICE_USER)
    done = served.as_service("--json", "init", "--service", "--admin", "admin")
    assert done.returncode == 0, done.stderr
    password_file = root / "pw"
    password_file.write_text(PASSWORD)
    password_file.chmod(0o644)
    for name, role in (("custodian", "custodian"), ("investigator", "investigator"), ("director", "director"),
                       ("clerk", "clerk")):
        added = run_as(SERVICE_USER, [served.program, "--home", str(served.home), "--user", "admin", "user", "add",
                                      name, "--role", role, "--password-file", str(password_file)],
                       env={"EVIDENCE_STATION_PASSWORD": PASSWORD})
        assert added.returncode == 0, added.stderr
    served.process = popen_as(SERVICE_USER, [served.program, "--home", str(served.home), "serve", "--listen",
                                             served.url, "--socket-group", DESK_GROUP], log=served.log)
    deadline = time.monotonic() + 60
    while not served.socket.exists():
        assert served.process.poll() is None, served.log.read_text()
        assert time.monotonic() < deadline, "serve did not start"
        time.sleep(0.1)
    yield served
    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(60) == 0, served.log.read_text()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def card(station: Station) -> Path:
    """A camera card only the desk user can read."""
    folder = Path("/home") / DESK_USER / "card"
    shutil.rmtree(folder, ignore_errors=True)
    made = run_as(DESK_USER, [station.program, "demo-card", str(folder), "--seed", "4"])
    assert made.returncode == 0, made.stderr
    os.chmod(folder.parent, 0o700)
    return folder


def test_the_home_is_the_service_accounts_alone(station: Station):
    info = station.home.stat()
    assert stat.S_IMODE(info.st_mode) == 0o700 and info.st_uid == _uid(SERVICE_USER)
    for path in (station.home, station.home / "catalogue.sqlite3", station.home / "identity",
                 station.home / "vault" / "objects"):
        assert run_as(DESK_USER, ["ls", str(path)]).returncode != 0, path
    peek = run_as(DESK_USER, ["/usr/bin/python3", "-c",
                              f"import sqlite3; sqlite3.connect('file:{station.home}/catalogue.sqlite3?mode=ro', "
                              "uri=True).execute('select 1 from user').fetchall()"])
    assert peek.returncode != 0


def test_the_socket_lets_in_the_stations_group_only(station: Station):
    info = station.socket.stat()
    assert stat.S_IMODE(info.st_mode) == 0o660 and grp.getgrgid(info.st_gid).gr_name == DESK_GROUP
    outsider = station.as_desk("custodian", "recordings", who=OUTSIDER)
    assert outsider.returncode == 5, outsider.stderr
    assert json.loads(outsider.stdout)["error"]["code"] == "station_unreachable"


def test_a_card_only_the_desk_can_read_is_imported_through_the_service(station: Station, card: Path):
    a_file = next(p for p in card.rglob("*.MP4") if p.is_file() and not p.is_symlink())
    assert run_as(SERVICE_USER, ["cat", str(a_file)]).returncode != 0  # the service cannot read the card itself
    done = station.as_desk("custodian", "import", str(card))
    assert done.returncode in (0, 1), done.stderr
    result = json.loads(done.stdout)
    assert result["status"] == "completed" and result["counts"]["stored"] > 0
    listed = station.as_desk("investigator", "recordings")
    assert listed.returncode == 0 and json.loads(listed.stdout)["recordings"]
    verified = station.as_service("--json", "verify")
    assert verified.returncode == 0 and json.loads(verified.stdout)["ok"]


def test_only_the_service_holds_the_station_key_and_signs(station: Station):
    key = station.home / "identity" / "station-key.pem"
    info = key.stat()
    assert stat.S_IMODE(info.st_mode) == 0o600 and info.st_uid == _uid(SERVICE_USER)
    assert run_as(DESK_USER, ["cat", str(key)]).returncode != 0
    # a user's password opens a session and nothing else: signing happens at the service
    signed = station.as_desk("custodian", "audit", "checkpoint")
    assert signed.returncode == 0, signed.stderr
    checkpoint = json.loads(signed.stdout)["checkpoint"]
    assert checkpoint is None or checkpoint["algorithm"] == "ECDSA-P256-SHA256"
    verified = station.as_desk("custodian", "audit", "verify")
    assert verified.returncode == 0 and json.loads(verified.stdout)["ok"]


def test_a_wrong_password_through_the_service_is_refused(station: Station):
    done = run_as(DESK_USER, [station.program, "--station", station.url, "--user", "custodian", "--json",
                              "recordings"], env={"EVIDENCE_STATION_PASSWORD": "not-the-password-1"})
    assert done.returncode == 3


def test_an_export_is_built_by_the_service_and_written_by_the_desk(station: Station, card: Path):
    imported = station.as_desk("custodian", "import", str(card), "--no-thumbnails")
    assert imported.returncode in (0, 1), imported.stderr
    ids = sorted({str(f["recording_id"]) for f in json.loads(imported.stdout)["files"] if f.get("recording_id")})
    case = station.as_desk("clerk", "case", "add", "某建筑公司拖欠工资案")
    assert case.returncode == 0, case.stderr
    case_id = str(json.loads(case.stdout)["case_id"])
    assert station.as_desk("clerk", "case", "attach", case_id, *ids).returncode == 0
    desk = Path("/home") / DESK_USER / "export"
    shutil.rmtree(desk, ignore_errors=True)  # a fresh folder: an earlier run's images would be refused (no --force)
    assert run_as(DESK_USER, ["mkdir", str(desk)]).returncode == 0
    image, medium = desk / "case.iso", desk / "medium.iso"
    done = station.as_desk("clerk", "export", case_id, "--producer", "clerk", "--extractor", "李四 (执法证 33010001)",
                           "--out", str(image), "--burn", f"stdio:{medium}")
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout)
    assert result["verified"] and result["image"] == str(image) and str(station.home) not in done.stdout
    for written in (image, medium):  # the desk user's own files, which the service account cannot even read
        assert written.stat().st_uid == _uid(DESK_USER)
        assert run_as(SERVICE_USER, ["cat", str(written)]).returncode != 0
    assert hashlib.sha256(image.read_bytes()).hexdigest() == result["image_sha256"]
    kept = next((station.home / "exports").glob("export-*-disc-1.iso"))
    info = kept.stat()  # the station's copy: the service account's, 0600, out of the desk's reach
    assert info.st_uid == _uid(SERVICE_USER) and stat.S_IMODE(info.st_mode) == 0o600
    assert run_as(DESK_USER, ["ls", str(station.home / "exports")]).returncode != 0
    checked = run_as(DESK_USER, [station.program, "--json", "verify-disc", str(medium)])
    assert checked.returncode == 0 and json.loads(checked.stdout)["ok"], checked.stdout


#: Run by the desk user with the shared venv's Python: GET ``URL`` once per ``RANGE`` argument (``bytes=RANGE``);
#: prints one JSON list of ``{"status", "body"}`` (hex); status 0 when the connection is refused or fails.
_FETCH = """
import json, sys, urllib.error, urllib.request
answers = []
for part in sys.argv[2:]:
    request = urllib.request.Request(sys.argv[1], headers={"Range": "bytes=" + part})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            answers.append({"status": response.status, "body": response.read().hex()})
    except urllib.error.HTTPError as error:
        answers.append({"status": error.code, "body": error.read().hex()})
    except (urllib.error.URLError, OSError) as error:
        answers.append({"status": 0, "body": "", "error": str(error)})
print(json.dumps(answers))
"""


def _fetch_as_desk(station: Station, url: str, *parts: str) -> list[tuple[int, bytes]]:
    """The desk user's HTTP GETs of ``url`` with ``Range: bytes=PART`` each: (status, body) per part."""
    python = str(Path(station.program).parent / "python")
    done = run_as(DESK_USER, [python, "-I", "-c", _FETCH, url, *parts], timeout=120)
    assert done.returncode == 0, done.stderr
    return [(answer["status"], bytes.fromhex(answer["body"])) for answer in json.loads(done.stdout)]


def test_the_desk_sees_footage_only_through_a_live_grants_stream(station: Station, card: Path):
    imported = station.as_desk("custodian", "import", str(card), "--no-thumbnails")
    assert imported.returncode in (0, 1), imported.stderr
    video = next(f for f in json.loads(imported.stdout)["files"] if f.get("kind") == "video" and f.get("playable")
                 and f.get("recording_id") and f["size"] > 2000)
    original = (card / video["card_path"]).read_bytes()  # the desk user's own card file (root reads it here)
    assert hashlib.sha256(original).hexdigest() == video["sha256"]
    rec = str(video["recording_id"])
    # no grant: refused (exit 3), and the vault file itself is out of the desk user's reach
    refused = station.as_desk("investigator", "view", "open", rec)
    assert refused.returncode == 3, refused.stdout + refused.stderr
    assert json.loads(refused.stdout)["error"]["code"]
    blob = station.home / "vault" / "objects" / video["sha256"][:2] / video["sha256"]
    assert blob.is_file() and blob.read_bytes() == original
    direct = run_as(DESK_USER, ["cat", str(blob)])
    assert direct.returncode != 0 and "Permission denied" in direct.stderr and not direct.stdout
    # a director approves the investigator's request; the session's stream serves the original's bytes
    asked = station.as_desk("investigator", "view", "request", rec, "--reason", "劳动监察案件 2026-118 证据审查")
    assert asked.returncode == 0, asked.stderr
    request_id = str(json.loads(asked.stdout)["request_id"])
    approved = station.as_desk("director", "view", "approve", request_id, "--hours", "1")
    assert approved.returncode == 0 and json.loads(approved.stdout)["status"] == "approved", approved.stderr
    revoked = False
    try:
        opened = station.as_desk("investigator", "view", "open", rec)
        assert opened.returncode == 0, opened.stderr
        view = json.loads(opened.stdout)
        url = view["stream_url"]
        assert str(view["grant"]) == request_id and "path" not in view and str(station.home) not in opened.stdout
        assert url.startswith("http://127.0.0.1:") and "/stream/" in url
        split = len(original) // 3
        answers = _fetch_as_desk(station, url, f"0-{split - 1}", f"{split}-")
        assert [status for status, _ in answers] == [206, 206]
        assert answers[0][1] + answers[1][1] == original  # byte for byte the original, read by the desk account
        # the director revokes the grant: the same URL gives no bytes (within the stream's liveness check)
        done = station.as_desk("director", "view", "revoke", request_id, "--reason", "案件办结")
        assert done.returncode == 0, done.stderr
        revoked = True
        deadline = time.monotonic() + 20
        while True:
            [(status, body)] = _fetch_as_desk(station, url, "0-")
            if status not in (200, 206) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert status in (0, 403, 404, 410), status
        assert len(body) < 64 or body not in original  # an error text at most, never footage
        again = station.as_desk("investigator", "view", "open", rec)
        assert again.returncode == 3, again.stdout + again.stderr  # and no new session under a revoked grant
    finally:
        if not revoked:  # leave no live grant behind for the other tests of this station
            station.as_desk("director", "view", "revoke", request_id, "--reason", "测试结束")


def _uid(user: str) -> int:
    import pwd

    return pwd.getpwnam(user).pw_uid
