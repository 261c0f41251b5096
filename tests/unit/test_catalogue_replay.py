"""``verify`` replays the audit log: every catalogue row that grants a right or sets a date and says something else
than the log is a ``catalogue_altered`` problem naming its table, its id and the fields (issue #18, item 1).

Each tamper below is what an insider with the ``sqlite3`` tool did in the issue's reproduction; before the replay,
``verify`` passed every one of them.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from evidence_station.api.audit import StoreProblem
from evidence_station.audit.log import append_event
from evidence_station.audit.replay import replay_audit_log
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.recordings import ImportSession, Recording
from evidence_station.domain.clock import FrozenClock
from evidence_station.services.case_service import add_case, attach_recordings, close_case, detach_recordings
from evidence_station.services.classification_service import set_classification
from evidence_station.services.context import ServiceContext
from evidence_station.services.retention_service import (
    approve_disposal,
    place_hold,
    propose_disposal,
    release_hold,
    set_rule,
)
from evidence_station.services.station import Station
from evidence_station.services.users import login, set_password
from evidence_station.services.verify_service import verify_store
from evidence_station.services.viewing_service import (
    approve_request,
    refuse_request,
    request_viewing,
    revoke_request,
)
from tests.conftest import PASSWORD, add_user_confirmed
from tests.helpers.recordings import make_recordings


@pytest.fixture
def worked(station: Station, people: dict[str, ServiceContext], clock: FrozenClock) -> dict[str, int]:
    """A station after a bit of everything that sets rights and dates, all through the services."""
    custodian, director, investigator = people["custodian"], people["director"], people["investigator"]
    ids = make_recordings(custodian, sizes=(4_000, 5_000, 6_000, 7_000))
    live = request_viewing(investigator, recording_ids=ids[:2], reason="案件调查")
    approve_request(director, live.request_id, hours=2)
    refused = request_viewing(investigator, recording_ids=[ids[2]], reason="再看看")
    refuse_request(director, refused.request_id, reason="理由不足")
    revoked = request_viewing(people["investigator2"], recording_ids=[ids[0]], reason="复核")
    approve_request(director, revoked.request_id, hours=1)
    revoke_request(people["director2"], revoked.request_id, reason="复核结束")
    add_user_confirmed(people["admin"], name="chief", roles=["director"], password=PASSWORD, clearance=3)
    set_classification(login(station, "chief", PASSWORD), ids[1], "restricted", reason="涉及个人信息")
    (hold,) = place_hold(custodian, [ids[0]], reason="投诉调查")
    release_hold(director, hold.hold_id, reason="已办结")
    place_hold(custodian, [ids[1]], reason="诉讼中")
    case = add_case(people["clerk"], title="某公司拖欠工资案", number="明人社监〔2026〕12号")
    attach_recordings(people["clerk"], case.case_id, [ids[1], ids[2]])
    detach_recordings(people["clerk"], case.case_id, [ids[2]])
    close_case(people["clerk"], case.case_id, retention="10y")
    set_rule(people["admin"], scope="default", period="3y", reason="本局规定")
    set_password(people["admin"], "clerk", "a-new-password-9")
    clock.advance(timedelta(days=365 * 3 + 2))
    proposal = propose_disposal(custodian, [ids[3]], reason="保存期满")
    approve_disposal(director, proposal.proposal_id)
    return {"live": live.request_id, "refused": refused.request_id, "revoked": revoked.request_id,
            "case": case.case_id, **{f"rec{n}": rid for n, rid in enumerate(ids)}}


def _sql(station: Station, *statements: str) -> None:
    """Edit the catalogue the way an insider with the ``sqlite3`` tool would."""
    station.db.close()
    con = sqlite3.connect(station.home.catalogue_file)
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()


def _altered(station: Station) -> list[StoreProblem]:
    result = verify_store(station)
    assert not result.ok
    return [p for p in result.problems if p.kind == "catalogue_altered"]


def _only(problems: list[StoreProblem], table: str, row_id: object) -> StoreProblem:
    mine = [p for p in problems if (p.table, p.row_id) == (table, str(row_id))]
    assert len(mine) == 1, problems
    return mine[0]


def test_a_station_worked_through_the_services_verifies_clean(station: Station, worked: dict[str, int]) -> None:
    result = verify_store(station)
    assert result.ok, result.problems
    assert result.notes == []  # every event of this log records what the replay needs


@pytest.mark.sqlite_only("edits the catalogue file with sqlite3")
def test_a_director_role_and_clearance_given_in_the_catalogue(station: Station, worked: dict[str, int]) -> None:
    _sql(station, "INSERT INTO user_role (user_id, role) SELECT id, 'director' FROM user WHERE name='investigator'",
         "UPDATE user SET clearance=3 WHERE name='investigator'")
    problem = _only(_altered(station), "user", "investigator")
    assert problem.fields == ["roles", "clearance"]
    assert "user investigator" in problem.message and "director, investigator" in problem.message
    assert "用户“investigator”" in problem.message_zh and problem.recording_id is None


@pytest.mark.sqlite_only("edits the catalogue file with sqlite3")
def test_an_expired_grant_moved_to_2099_and_a_revoked_grant_unrevoked(station: Station,
                                                                     worked: dict[str, int]) -> None:
    _sql(station, f"UPDATE viewing_request SET valid_until='2099-01-01 00:00:00' WHERE id={worked['live']}",
         f"UPDATE viewing_request SET status='approved', revoked_at=NULL, revoked_by_id=NULL "
         f"WHERE id={worked['revoked']}")
    problems = _altered(station)
    assert _only(problems, "viewing_request", worked["live"]).fields == ["valid_until"]
    unrevoked = _only(problems, "viewing_request", worked["revoked"])
    assert unrevoked.fields == ["status", "revoked_by", "revoked_at"]
    assert "the status approved, but the audit log recorded revoked" in unrevoked.message


@pytest.mark.sqlite_only("edits the catalogue file with sqlite3")
def test_recording_times_moved_back_to_2024(station: Station, worked: dict[str, int]) -> None:
    rec = worked["rec0"]
    _sql(station, f"UPDATE recording SET start_at='2024-01-01 00:00:00', imported_at='2024-01-01 00:10:00' "
                  f"WHERE id={rec}")
    problem = _only(_altered(station), "recording", rec)
    assert problem.recording_id == rec and problem.fields == ["start_at", "imported_at"]
    assert "2024-01-01" in problem.message and "摄录开始时间" in problem.message_zh


@pytest.mark.sqlite_only("edits the catalogue file with sqlite3")
def test_hashes_of_another_recording_given_to_a_recording(station: Station, worked: dict[str, int]) -> None:
    victim, other = Recording.get_by_id(worked["rec1"]), Recording.get_by_id(worked["rec0"])
    _sql(station, f"UPDATE recording SET sha256='{other.sha256}', sm3='{other.sm3}', size={other.size} "
                  f"WHERE id={victim.id}")
    problem = _only(_altered(station), "recording", victim.id)
    assert problem.fields == ["sha256", "sm3", "size"] and f"recorded {victim.sha256}" in problem.message


@pytest.mark.sqlite_only("edits the catalogue file with sqlite3")
def test_holds_case_links_classification_rules_and_passwords_edited(station: Station,
                                                                   worked: dict[str, int]) -> None:
    held = worked["rec1"]
    _sql(station,
         f"DELETE FROM legal_hold WHERE recording_id={held} AND released_at IS NULL",
         f"DELETE FROM case_recording WHERE recording_id={held}",
         f"UPDATE evidence_case SET status='open', retention_until=NULL WHERE id={worked['case']}",
         f"UPDATE recording SET classification='ordinary' WHERE id={held}",
         "UPDATE retention_rule SET years=1",
         f"UPDATE viewing_request_recording SET classification='state_secret' WHERE request_id={worked['live']}",
         "UPDATE user SET password_hash=(SELECT password_hash FROM user WHERE name='admin') WHERE name='director'",
         f"UPDATE recording SET disposed_at=NULL WHERE id={worked['rec3']}")
    problems = _altered(station)
    tables = {(p.table, tuple(p.fields)) for p in problems}
    assert ("legal_hold", ("row",)) in tables  # deleted: the log placed it and never released it
    assert ("case_recording", ("row",)) in tables
    assert _only(problems, "evidence_case", worked["case"]).fields == ["status", "retention_until"]
    assert _only(problems, "recording", held).fields == ["classification"]
    assert _only(problems, "recording", worked["rec3"]).fields == ["disposed_at"]
    assert ("retention_rule", ("years",)) in tables
    assert {p.table for p in problems if p.table == "viewing_request_recording"} == {"viewing_request_recording"}
    password = _only(problems, "user", "director")
    assert password.fields == ["password_hash"]
    assert "scrypt$" not in password.message + password.message_zh  # never shows a hash


@pytest.mark.sqlite_only("edits the catalogue file with sqlite3")
def test_rows_added_or_deleted_outside_the_station(station: Station, worked: dict[str, int]) -> None:
    _sql(station, "INSERT INTO user (name, display_name, badge_number, password_hash, failed_attempts, locked, "
                  "active, clearance, created_at) SELECT 'ghost', '', '', password_hash, 0, 0, 1, 3, created_at "
                  "FROM user WHERE name='admin'",
         f"DELETE FROM viewing_request_recording WHERE request_id={worked['refused']}",
         f"DELETE FROM viewing_request WHERE id={worked['refused']}")
    problems = _altered(station)
    assert _only(problems, "user", "ghost").fields == ["row"]
    deleted = _only(problems, "viewing_request", worked["refused"])
    assert deleted.fields == ["row"] and "deleted outside the station" in deleted.message


def test_an_older_log_is_checked_as_far_as_it_goes_and_says_what_it_could_not(
    station: Station, people: dict[str, ServiceContext]
) -> None:
    """Events written before 2026-12-06 lack the camera times: their rows are checked for the rest, and a note says
    which could not be checked (no false alarm, no silence)."""
    custodian = people["custodian"]
    now = custodian.now()
    (rid,) = make_recordings(custodian, sizes=(3_000,))
    stored = custodian.station.vault.store_bytes(b"an original imported by an older version" * 20)
    with write_transaction():
        session = ImportSession.create(custodian=custodian.actor.user_id, station_uid=station.station_uid,
                                       card_root="/card", started_at=now, finished_at=now, status="completed")
        old = Recording.create(import_session=session, card_path="DCIM/OLD.MP4", file_name="OLD.MP4",
                               size=stored.size, sha256=stored.sha256, sm3=stored.sm3, kind="video",
                               start_at=datetime(2026, 11, 1, tzinfo=UTC), imported_at=now)
        append_event(at=now, station_uid=station.station_uid, actor="custodian", action="recording.stored",
                     object_type="recording", object_id=old.id,  # as the import wrote it before the camera times
                     details={"card_path": "DCIM/OLD.MP4", "size": stored.size, "sha256": stored.sha256,
                              "sm3": stored.sm3, "import_id": session.id})
    result = verify_store(station)
    assert result.ok, result.problems
    assert [n.message for n in result.notes] == [
        "The camera start and end times of 1 recording(s) could not be checked against the audit log: they were "
        "imported before the log recorded them (their hashes, sizes and import times were checked)."]
    with write_transaction():  # what it could check, it still checks: the import time, roughly
        Recording.update(imported_at=datetime(2024, 1, 1, tzinfo=UTC)).where(Recording.id == old.id).execute()
    assert _only(_altered(station), "recording", old.id).fields == ["imported_at"]
    assert rid


def test_the_replay_streams_the_log_in_pages(station: Station, worked: dict[str, int]) -> None:
    whole = replay_audit_log()
    paged = replay_audit_log(page=7)  # many pages of 7 events: the same state
    assert paged.events == whole.events > 7
    assert paged.users == whole.users and paged.requests.keys() == whole.requests.keys()
    assert {k: (v.sha256, v.disposed) for k, v in paged.recordings.items()} == \
        {k: (v.sha256, v.disposed) for k, v in whole.recordings.items()}


def test_logging_in_with_a_password_set_in_the_catalogue_is_not_what_the_log_says(
    station: Station, people: dict[str, ServiceContext]
) -> None:
    from evidence_station.catalogue.people import User
    from evidence_station.identity.passwords import hash_password

    with write_transaction():
        User.update(password_hash=hash_password(PASSWORD).encoded_hash).where(User.name == "auditor").execute()
    assert _only(_altered(station), "user", "auditor").fields == ["password_hash"]


def test_every_recording_is_compared_page_by_page(station: Station, worked: dict[str, int],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The recordings are read in keyset pages (a city's catalogue does not fit one fetch): the last one, pages of
    one recording later, is still compared with the log."""
    from evidence_station.audit import catalogue_check

    ids = [r.id for r in Recording.select(Recording.id).order_by(Recording.id)]
    assert len(ids) > 2
    with write_transaction():
        Recording.update(imported_at=datetime(2024, 1, 1, tzinfo=UTC)).where(Recording.id == ids[-1]).execute()
    monkeypatch.setattr(catalogue_check, "RECORDING_PAGE", 1)
    problems = _altered(station)
    assert [(p.table, p.row_id, p.fields) for p in problems] == [("recording", str(ids[-1]), ["imported_at"])]
