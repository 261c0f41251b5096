"""Log-in and security settings through the real command line (issue #16): parallel log-ins in separate
processes against one home, one answer for unknown users and wrong passwords, settings.json out of bounds or
edited by hand, and ``settings set`` by an administrator and by anyone else."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from typing import Any

import pytest

from evidence_station.audit.checkpoints import CHECKPOINT_FILE
from evidence_station.domain.settings import Settings
from evidence_station.services.station import Station
from evidence_station.services.users import login
from tests.e2e.conftest import ADMIN_PASSWORD, REPO, USER_PASSWORD, Cli
from tests.helpers.recordings import add_recording
from tests.unit.auth_support import assert_audit_replays_to_state

WRONG = "wrong-password-9"


@pytest.fixture
def stocked(cli: Cli) -> Cli:
    """The CLI home with one original in its vault (catalogued and audited as an import records it)."""
    station = Station.open(cli.home)
    try:
        ctx = login(station, "custodian", USER_PASSWORD)
        add_recording(ctx)
        ctx.end_session()
    finally:
        station.close()
    return cli


def _assert_intact(cli: Cli, *allowed_kinds: str) -> None:
    """``verify`` (every original re-hashed) and ``audit verify`` (chain and checkpoints) find nothing else, and
    the checkpoint file outside the catalogue is there."""
    store = cli.run("--json", "verify")
    assert store.json["checked"] >= 1, store.stdout
    assert [p["kind"] for p in store.json["problems"] if p["kind"] not in allowed_kinds] == [], store.stdout
    assert store.returncode == (1 if store.json["problems"] else 0)
    audit = cli.run("--json", "audit", "verify")
    assert audit.returncode == 0 and audit.json["ok"], audit.stdout
    assert (cli.home / "checkpoints" / CHECKPOINT_FILE).read_text(encoding="utf-8").strip()


def _events(cli: Cli, where: str) -> list[tuple[Any, ...]]:
    db = sqlite3.connect(cli.home / "catalogue.sqlite3")
    try:
        return list(db.execute(f"SELECT actor, action, outcome, details FROM audit_event WHERE {where} ORDER BY seq"))
    finally:
        db.close()


def _start(cli: Cli, user: str, password: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_STATION_")}
    env["EVIDENCE_STATION_PASSWORD"] = password
    return subprocess.Popen([sys.executable, "-m", "evidence_station", "--home", str(cli.home), "--user", user,
                             "--json", "recordings"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=REPO, stdin=subprocess.DEVNULL)


def test_nine_wrong_passwords_in_parallel_and_the_right_one_never_leave_locked_and_logged_in(stocked: Cli) -> None:
    """What the insider ran: nine processes with a wrong password, the right one 0.3 s later."""
    wrong = [_start(stocked, "custodian", WRONG) for _ in range(9)]
    time.sleep(0.3)
    right = _start(stocked, "custodian", USER_PASSWORD)
    answers = [(p.wait(300), *p.communicate()) for p in wrong]
    right_code, right_out, _ = (right.wait(300), *right.communicate())
    station = Station.open(stocked.home)
    try:
        actions = assert_audit_replays_to_state("custodian", station.settings.lockout_attempts)
    finally:
        station.close()
    assert [code for code, _, _ in answers] == [3] * 9
    assert len({json.loads(out)["error"]["message"] for _, out, _ in answers}) == 1  # one answer for all
    assert actions.count("auth.failed") == 9 and actions.count("auth.locked") <= 1
    if right_code == 0:  # decided before the fifth failure: logged in, and the count started again
        assert "auth.login" in actions and "recordings" in json.loads(right_out)
    else:  # decided after the lock: refused as locked, never logged in
        assert right_code == 3 and "auth.login" not in actions[actions.index("auth.locked"):]
    _assert_intact(stocked)


def test_unknown_user_and_wrong_password_get_the_same_answer_and_both_are_audited(stocked: Cli) -> None:
    unknown = stocked.run("--json", "recordings", user="nobody", password=WRONG)
    wrong = stocked.run("--json", "recordings", user="custodian", password=WRONG)
    assert unknown.returncode == wrong.returncode == 3
    first, second = unknown.json["error"], wrong.json["error"]
    assert first["code"] == second["code"] == "authentication_failed"
    assert first["message"].replace("nobody", "X") == second["message"].replace("custodian", "X")
    assert first["message_zh"].replace("nobody", "X") == second["message_zh"].replace("custodian", "X")
    refused = _events(stocked, "action = 'auth.failed'")
    assert [(actor, outcome, json.loads(details)["reason"]) for actor, _, outcome, details in refused] == [
        ("nobody", "refused", "unknown user"), ("custodian", "refused", "wrong password")]
    _assert_intact(stocked)


def test_locked_account_refuses_the_right_password(stocked: Cli) -> None:
    for _ in range(5):
        assert stocked.run("recordings", user="custodian", password=WRONG).returncode == 3
    locked = stocked.run("--json", "recordings", user="custodian", password=USER_PASSWORD)
    assert locked.returncode == 3 and locked.json["error"]["code"] == "account_locked"
    assert [a for _, a, _, _ in _events(stocked, "actor = 'custodian' AND action LIKE 'auth.%'")][-2:] == [
        "auth.locked", "auth.refused_locked"]
    _assert_intact(stocked)


def test_lockout_attempts_1000000_written_by_hand_refuses_to_open(stocked: Cli) -> None:
    settings_file = stocked.home / "settings.json"
    good = settings_file.read_bytes()
    events = len(_events(stocked, "1 = 1"))
    data = json.loads(good)
    data["lockout_attempts"] = 1_000_000
    settings_file.write_text(json.dumps(data), encoding="utf-8")
    for args, user in ((("verify",), None), (("recordings",), "custodian"), (("settings", "show"), "admin")):
        done = stocked.run(*args, user=user, password=ADMIN_PASSWORD if user == "admin" else USER_PASSWORD)
        assert done.returncode == 2, done.stderr
        for fact in (str(settings_file), "lockout_attempts", "1000000", "3 to 10"):
            assert fact in done.stderr
    assert len(_events(stocked, "1 = 1")) == events  # nothing happened
    settings_file.write_bytes(good)
    _assert_intact(stocked)


def test_in_bounds_hand_edit_is_named_by_verify_until_recorded_by_an_admin(stocked: Cli) -> None:
    settings_file = stocked.home / "settings.json"
    data = json.loads(settings_file.read_text(encoding="utf-8"))
    data["lockout_attempts"] = 10  # the audited value is 5
    settings_file.write_text(json.dumps(data), encoding="utf-8")
    for quick in ((), ("--quick",)):
        done = stocked.run("--json", "verify", *quick)
        assert done.returncode == 1
        [problem] = done.json["problems"]
        assert problem["kind"] == "settings_altered" and problem["recording_id"] is None
        assert "lockout_attempts" in problem["message"] and "lockout_attempts" in problem["message_zh"]
    human = stocked.run("verify")
    assert human.returncode == 1 and "lockout_attempts" in human.stdout
    _assert_intact(stocked, "settings_altered")
    accepted = stocked.as_admin("--json", "settings", "set", "lockout_attempts", "10", "--reason", "reviewed")
    assert accepted.returncode == 0 and accepted.json["changed"], accepted.stderr
    _assert_intact(stocked)


def test_settings_set_by_an_admin_is_audited_and_by_anyone_else_refused(stocked: Cli) -> None:
    settings_file = stocked.home / "settings.json"
    done = stocked.as_admin("--json", "settings", "set", "late_import_hours", "12", "--reason", "bureau rule 3")
    assert done.returncode == 0, done.stderr
    assert done.json == {"key": "late_import_hours", "old": 24.0, "new": 12.0, "changed": True,
                         "reason": "bureau rule 3"}
    assert Settings.load(settings_file).late_import_hours == 12.0
    [(actor, _, outcome, details)] = _events(stocked, "action = 'settings.set'")
    assert (actor, outcome) == ("admin", "ok")
    recorded = json.loads(details)
    assert recorded.pop("session").startswith("S-")  # every event through the service names its session
    assert recorded == {"key": "late_import_hours", "old": 24.0, "new": 12.0, "reason": "bureau rule 3"}
    shown = stocked.as_admin("--json", "settings", "show")
    [row] = [s for s in shown.json["settings"] if s["key"] == "late_import_hours"]
    assert (row["value"], row["audited_value"], row["matches_audit"], row["security"]) == (12.0, 12.0, True, True)

    before = settings_file.read_bytes()
    refused = stocked.as_("custodian", "--json", "settings", "set", "late_import_hours", "24", "--reason", "mine")
    assert refused.returncode == 3 and refused.json["error"]["code"] == "permission_denied"
    assert _events(stocked, "action = 'refused.manage_settings'")[0][:3] == (
        "custodian", "refused.manage_settings", "refused")
    out_of_bounds = stocked.as_admin("settings", "set", "lockout_attempts", "1000000", "--reason", "x")
    assert out_of_bounds.returncode == 2 and "3 to 10" in out_of_bounds.stderr
    no_reason = stocked.as_admin("settings", "set", "lockout_attempts", "4")
    assert no_reason.returncode == 2
    assert settings_file.read_bytes() == before
    _assert_intact(stocked)


def test_init_records_the_initial_settings(cli: Cli) -> None:
    [(_, _, _, details)] = _events(cli, "action = 'station.init'")
    assert json.loads(details)["settings"] == Settings().security_values()
