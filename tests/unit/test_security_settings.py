"""Security settings (issue #16): settings.json is checked against bounds when read, changed only by the audited
``settings set`` use case, and ``verify`` names a security setting edited by hand."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

import pytest
from peewee import OperationalError

from evidence_station.audit.log import event_count
from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.people import User
from evidence_station.domain.choices import RuleError
from evidence_station.domain.errors import InvalidInputError, PermissionDeniedError
from evidence_station.domain.settings import SECURITY_SETTINGS, SETTING_RULES, Settings
from evidence_station.services import settings_service
from evidence_station.services.context import ServiceContext
from evidence_station.services.settings_service import audited_settings, set_setting, show_settings
from evidence_station.services.station import Station
from evidence_station.services.users import login
from evidence_station.services.verify_service import verify_store
from tests.conftest import PASSWORD
from tests.helpers.recordings import add_recording
from tests.unit.auth_support import assert_intact

#: What the issue names (lock-out, approval length, checkpoints, Art. 7/11/15 thresholds) must be among them.
EXPECTED_SECURITY = {"lockout_attempts", "viewing_default_hours", "checkpoint_every_events", "late_import_hours",
                     "gap_threshold_s", "clock_offset_threshold_s", "desk_idle_lock_minutes"}


@pytest.fixture
def stocked(people: dict[str, ServiceContext]) -> dict[str, ServiceContext]:
    """Users per role and one original in the vault (so 'intact' re-hashes a real blob)."""
    add_recording(people["custodian"])
    people["admin"].checkpoint("test set-up")
    return people


def _file(station: Station) -> dict[str, Any]:
    return json.loads(station.home.settings_file.read_text(encoding="utf-8"))


def _edit_by_hand(station: Station, **values: Any) -> None:
    data = _file(station)
    data.update(values)
    station.home.settings_file.write_text(json.dumps(data), encoding="utf-8")


def _reopen(station: Station) -> Station:
    station.close()
    return Station.open(station.home.root, clock=station.clock)


# -- the rules ------------------------------------------------------------------------------------------------
def test_every_setting_has_a_rule_its_default_passes_and_the_security_ones_are_listed() -> None:
    assert set(SETTING_RULES) == {f.name for f in fields(Settings)}
    for key, value in asdict(Settings(station_uid="ES-X")).items():
        assert SETTING_RULES[key].check(value) == value, key
    assert set(SECURITY_SETTINGS) >= EXPECTED_SECURITY
    assert str(SETTING_RULES["lockout_attempts"].allowed) == "a whole number from 3 to 10 attempts"
    assert SETTING_RULES["lockout_attempts"].allowed.render("zh_CN") == "3 至 10 次之间的整数"


def test_a_refused_setting_is_one_msg_in_the_reader_language() -> None:
    with pytest.raises(RuleError) as raised:
        SETTING_RULES["signer"].check("hsm")
    said = raised.value.msg
    assert said.msgid == "{what} must be {allowed}."
    assert str(said) == "signer (where the station key is kept) must be one of key_file, pkcs11."
    assert said.render("zh_CN") == "signer（工作站密钥的存放方式）须为 key_file、pkcs11 之一。"


@pytest.mark.parametrize(("key", "value", "allowed"), [
    ("lockout_attempts", 1_000_000, "3 to 10"),
    ("lockout_attempts", 2, "3 to 10"),
    ("lockout_attempts", "5", "3 to 10"),
    ("lockout_attempts", True, "3 to 10"),
    ("lockout_attempts", 5.5, "3 to 10"),
    ("late_import_hours", 24 * 365, "1 to 24"),
    ("late_import_hours", math.nan, "1 to 24"),
    ("gap_threshold_s", -1, "1 to 60"),
    ("viewing_default_hours", 1000, "0.25 to 72"),
    ("checkpoint_every_events", 10**9, "1 to 1000"),
    ("desk_idle_lock_minutes", 0, "1 to 240"),
    ("desk_idle_lock_minutes", 241, "1 to 240"),
    ("zone", "Mars/Olympus_Mons", "IANA"),
    ("organisation", "", "1 to 200"),
    ("organisation", "某局\n（伪造）", "1 to 200"),
])
def test_a_value_out_of_bounds_refuses_to_open_the_station(
        station: Station, key: str, value: Any, allowed: str) -> None:
    good = station.home.settings_file.read_bytes()
    events = event_count()
    _edit_by_hand(station, **{key: value})
    with pytest.raises(InvalidInputError) as caught:
        _reopen(station)
    error = caught.value
    assert error.exit_code == 2
    for fact in (str(station.home.settings_file), key, json.dumps(value, ensure_ascii=False), allowed):
        assert fact in error.message, (fact, error.message)
        assert fact.replace(" to ", " 至 ") in error.text_zh() or fact in error.text_zh()
    station.home.settings_file.write_bytes(good)
    reopened = Station.open(station.home.root, clock=station.clock)
    assert event_count() == events  # refusing to open changed nothing
    reopened.close()


def test_a_settings_file_that_is_not_json_refuses_with_exit_2(station: Station) -> None:
    station.home.settings_file.write_text("{lockout_attempts: 1000000", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="not valid JSON") as caught:
        _reopen(station)
    assert str(station.home.settings_file) in caught.value.message and caught.value.exit_code == 2


# -- audited values -----------------------------------------------------------------------------------------
def test_init_records_the_initial_security_settings(station: Station) -> None:
    init = AuditEvent.get(AuditEvent.action == "station.init")
    assert init.details["settings"] == Settings().security_values()
    assert audited_settings(station.station_uid) == Settings().security_values()


def test_a_station_without_audited_values_is_compared_with_the_defaults(station: Station) -> None:
    """A station joined to a shared catalogue, or made before settings were audited, started from the defaults."""
    assert audited_settings("ES-JOINED-ELSEWHERE") == Settings().security_values()


def test_in_bounds_hand_edit_is_named_by_verify(station: Station, stocked: dict[str, ServiceContext]) -> None:
    _edit_by_hand(station, lockout_attempts=10)
    station = _reopen(station)
    for quick in (False, True):
        result = verify_store(station, quick=quick)
        assert not result.ok
        [problem] = result.problems
        assert problem.kind == "settings_altered" and problem.recording_id is None
        assert "lockout_attempts" in problem.message and "10" in problem.message and "5" in problem.message
        assert "lockout_attempts" in problem.message_zh and "工作站之外" in problem.message_zh
    assert [v.matches_audit for v in show_settings(login(station, "auditor", PASSWORD))
            if v.key == "lockout_attempts"] == [False]
    assert_intact(station, "settings_altered")
    station.close()


def test_deleting_a_security_setting_from_the_file_is_named_too(station: Station) -> None:
    admin = login(station, "admin", PASSWORD)
    set_setting(admin, "late_import_hours", "12", "bureau rule 2026-3")
    data = _file(station)
    del data["late_import_hours"]  # back to the default 24 h, silently
    station.home.settings_file.write_text(json.dumps(data), encoding="utf-8")
    station = _reopen(station)
    assert [p.kind for p in verify_store(station, quick=True).problems] == ["settings_altered"]
    station.close()


# -- settings set -------------------------------------------------------------------------------------------
def test_admin_sets_a_security_setting_audited_in_the_same_transaction(
        station: Station, stocked: dict[str, ServiceContext]) -> None:
    admin = stocked["admin"]
    before = event_count()
    change = set_setting(admin, "lockout_attempts", "3", "bureau security policy 2026-4")
    assert (change.old, change.new, change.changed) == (5, 3, True)
    assert _file(station)["lockout_attempts"] == 3 and station.settings.lockout_attempts == 3
    event = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
    assert event_count() == before + 1
    assert (event.action, event.actor, event.outcome, event.object_id) == ("settings.set", "admin", "ok",
                                                                           "lockout_attempts")
    assert event.details == {"key": "lockout_attempts", "old": 5, "new": 3, "reason": "bureau security policy 2026-4"}
    assert_intact(station)  # no settings_altered: the file and the audit agree
    station = _reopen(station)
    assert station.settings.lockout_attempts == 3
    assert_intact(station)
    station.close()


def test_the_new_value_is_in_force_at_once(station: Station, stocked: dict[str, ServiceContext]) -> None:
    set_setting(stocked["admin"], "lockout_attempts", 3, "policy")
    for _ in range(3):
        with pytest.raises(PermissionDeniedError):
            login(station, "clerk", "wrong-password-1")
    assert User.get(User.name == "clerk").locked


def test_non_admin_is_refused_audited_and_nothing_changes(
        station: Station, stocked: dict[str, ServiceContext]) -> None:
    before_file, before = station.home.settings_file.read_bytes(), event_count()
    with pytest.raises(PermissionDeniedError) as caught:
        set_setting(stocked["custodian"], "lockout_attempts", "10", "I want more tries")
    assert caught.value.exit_code == 3
    assert station.home.settings_file.read_bytes() == before_file and station.settings.lockout_attempts == 5
    assert event_count() == before + 1
    event = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
    assert (event.action, event.outcome, event.actor) == ("refused.manage_settings", "refused", "custodian")
    assert_intact(station)


@pytest.mark.parametrize(("key", "value", "reason", "fact"), [
    ("lockout_attempts", "1000000", "x", "3 to 10"),
    ("lockout_attempts", "five", "x", "whole number"),
    ("zone", "Nowhere/City", "x", "IANA"),
    ("station_uid", "ES-OTHER", "x", "fixed when the station is made"),
    ("catalogue_url", "sqlite:////tmp/other.sqlite3", "x", "fixed when the station is made"),
    ("no_such_key", "1", "x", "not a setting"),
    ("lockout_attempts", "7", "  ", "reason"),
])
def test_bad_changes_are_refused_with_exit_2_and_change_nothing(
        station: Station, stocked: dict[str, ServiceContext], key: str, value: str, reason: str, fact: str) -> None:
    before_file, before = station.home.settings_file.read_bytes(), event_count()
    with pytest.raises(InvalidInputError) as caught:
        set_setting(stocked["admin"], key, value, reason)
    assert caught.value.exit_code == 2 and fact in caught.value.message and caught.value.message_zh
    assert station.home.settings_file.read_bytes() == before_file and event_count() == before
    assert_intact(station)


def test_setting_the_hand_edited_value_records_it_and_clears_the_problem(
        station: Station, stocked: dict[str, ServiceContext]) -> None:
    _edit_by_hand(station, lockout_attempts=10)
    station = _reopen(station)
    admin = login(station, "admin", PASSWORD)
    change = set_setting(admin, "lockout_attempts", "10", "reviewed the edit: bureau wants 10")
    assert change.changed and (change.old, change.new) == (10, 10)
    event = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
    assert event.details["audited_before"] == 5
    assert_intact(station)
    assert not set_setting(admin, "lockout_attempts", "10", "again").changed  # nothing left to record
    station.close()


def test_a_change_whose_audit_event_is_not_committed_leaves_the_file_as_it_was(
        station: Station, stocked: dict[str, ServiceContext], monkeypatch: pytest.MonkeyPatch) -> None:
    before_file, before = station.home.settings_file.read_bytes(), event_count()

    @contextmanager
    def commit_fails() -> Iterator[None]:
        with write_transaction():
            yield
            raise OperationalError("disk I/O error")  # after the body: the transaction rolls back

    monkeypatch.setattr(settings_service, "write_transaction", commit_fails)
    with pytest.raises(OperationalError):
        set_setting(stocked["admin"], "lockout_attempts", "7", "policy")
    assert station.home.settings_file.read_bytes() == before_file and event_count() == before
    assert station.settings.lockout_attempts == 5
    assert_intact(station)


def test_changes_keep_what_another_process_wrote(station: Station, stocked: dict[str, ServiceContext]) -> None:
    """Each change re-reads the file under the catalogue's write lock, so a value set by another process (whose
    change this process's settings in memory do not know) survives."""
    admin = stocked["admin"]
    set_setting(admin, "late_import_hours", "12", "bureau rule")
    station.settings.late_import_hours = 24.0  # as a window opened before that change still has it
    set_setting(admin, "language", "en")  # not a security setting: no reason needed
    assert _file(station)["late_import_hours"] == 12.0 and _file(station)["language"] == "en"
    assert AuditEvent.select().order_by(AuditEvent.seq.desc()).first().details["key"] == "language"
    station = _reopen(station)
    assert_intact(station)
    station.close()


def test_show_settings_masks_the_catalogue_password(station: Station, stocked: dict[str, ServiceContext]) -> None:
    station.settings.catalogue_url = "postgresql://es:s3cret@db.local/es"
    views = {v.key: v for v in show_settings(stocked["clerk"])}
    assert views["catalogue_url"].value == "postgresql://es:***@db.local/es"
    assert views["lockout_attempts"].security and views["lockout_attempts"].matches_audit
    assert not views["language"].security and views["language"].matches_audit is None
    assert not views["station_uid"].settable


def test_saving_is_atomic_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    Settings(station_uid="ES-1", lockout_attempts=7).save(path)
    assert Settings.load(path).lockout_attempts == 7
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.json"]
