"""Deciding rows are checked at the moment of use (issue #18, items 2 and 6): each reproduction of the issue — an
insider editing the catalogue with ``sqlite3`` — used to go through; now the decision is refused with
``catalogue_altered`` (exit 1, English and Chinese), audited, and nothing is done.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.cases import Export
from evidence_station.catalogue.recordings import Recording
from evidence_station.catalogue.viewing import ViewingRequest, ViewingSession
from evidence_station.client.disc_export import export_to_desk
from evidence_station.domain.clock import FrozenClock
from evidence_station.domain.errors import CatalogueAlteredError
from evidence_station.services.case_service import add_case, attach_recordings
from evidence_station.services.context import ServiceContext
from evidence_station.services.export_discs import ContextExports
from evidence_station.services.retention_service import approve_disposal, propose_disposal
from evidence_station.services.station import Station
from evidence_station.services.users import login
from evidence_station.services.viewing_service import (
    approve_request,
    open_viewing_session,
    request_viewing,
    revoke_request,
)
from tests.conftest import PASSWORD
from tests.helpers.recordings import make_recordings

pytestmark = pytest.mark.sqlite_only("edits the catalogue file with sqlite3, as the insider did")


def _sql(station: Station, *statements: str) -> None:
    station.db.close()
    con = sqlite3.connect(station.home.catalogue_file)
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()


def _refusals() -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action == "refused.catalogue_altered").order_by(AuditEvent.seq))


@pytest.fixture
def recordings(people: dict[str, ServiceContext]) -> list[int]:
    return make_recordings(people["custodian"], sizes=(4_000, 5_000, 6_000, 7_000))


def test_an_investigator_made_director_in_the_catalogue_cannot_approve(
    station: Station, people: dict[str, ServiceContext], recordings: list[int]
) -> None:
    asked = request_viewing(people["investigator2"], recording_ids=recordings[:1], reason="案件调查")
    _sql(station, "INSERT INTO user_role (user_id, role) SELECT id, 'director' FROM user WHERE name='investigator'",
         "UPDATE user SET clearance=3 WHERE name='investigator'")
    impostor = login(station, "investigator", PASSWORD)  # the session believes the rows
    with pytest.raises(CatalogueAlteredError) as caught:
        approve_request(impostor, asked.request_id)
    error = caught.value
    assert error.exit_code == 1 and error.code == "catalogue_altered"
    assert "approving viewing request" in error.message and "user investigator" in error.message
    assert "批准调阅申请" in error.message_zh and "用户“investigator”" in error.message_zh
    assert ViewingRequest.get_by_id(asked.request_id).status == "pending"
    (refusal,) = _refusals()
    assert (refusal.actor, refusal.outcome, refusal.object_type) == ("investigator", "refused", "user")
    assert refusal.details["alterations"][0]["fields"] == ["roles", "clearance"]


def test_rows_put_back_after_log_in_do_not_hide_the_session(
    station: Station, people: dict[str, ServiceContext], recordings: list[int]
) -> None:
    asked = request_viewing(people["investigator2"], recording_ids=recordings[:1], reason="案件调查")
    _sql(station, "INSERT INTO user_role (user_id, role) SELECT id, 'director' FROM user WHERE name='investigator'")
    impostor = login(station, "investigator", PASSWORD)
    _sql(station, "DELETE FROM user_role WHERE role='director' AND user_id=(SELECT id FROM user "
                  "WHERE name='investigator')")
    with pytest.raises(CatalogueAlteredError, match="session of user investigator"):
        approve_request(impostor, asked.request_id)


def test_a_real_director_still_approves(people: dict[str, ServiceContext], recordings: list[int]) -> None:
    asked = request_viewing(people["investigator"], recording_ids=recordings[:2], reason="案件调查")
    assert approve_request(people["director"], asked.request_id).status == "approved"
    assert _refusals() == []


def test_a_grant_moved_to_2099_or_unrevoked_does_not_open(
    station: Station, people: dict[str, ServiceContext], recordings: list[int], clock: FrozenClock
) -> None:
    investigator, director = people["investigator"], people["director"]
    expired = request_viewing(investigator, recording_ids=[recordings[0]], reason="查看")
    approve_request(director, expired.request_id, hours=1)
    clock.advance(timedelta(hours=2))
    revoked = request_viewing(investigator, recording_ids=[recordings[1]], reason="复看")
    approve_request(director, revoked.request_id, hours=4)
    revoke_request(director, revoked.request_id, reason="案件已结")
    _sql(station, f"UPDATE viewing_request SET valid_until='2099-01-01 00:00:00' WHERE id={expired.request_id}",
         f"UPDATE viewing_request SET status='approved', revoked_at=NULL, revoked_by_id=NULL "
         f"WHERE id={revoked.request_id}")
    with pytest.raises(CatalogueAlteredError, match=f"grant {expired.request_id}.*end of validity"):
        open_viewing_session(investigator, recordings[0], client="cli")
    with pytest.raises(CatalogueAlteredError, match=r"the status approved, but the audit log recorded revoked"):
        open_viewing_session(investigator, recordings[1], client="cli")
    assert ViewingSession.select().count() == 0
    assert [e.object_id for e in _refusals()] == [str(expired.request_id), str(revoked.request_id)]


def test_a_live_grant_still_opens(people: dict[str, ServiceContext], recordings: list[int]) -> None:
    asked = request_viewing(people["investigator"], recording_ids=[recordings[0]], reason="查看")
    approve_request(people["director"], asked.request_id)
    assert open_viewing_session(people["investigator"], recordings[0], client="cli").grant.request_id == \
        asked.request_id


def test_times_moved_to_2024_do_not_dispose_of_a_same_day_original(
    station: Station, people: dict[str, ServiceContext], recordings: list[int]
) -> None:
    victim = Recording.get_by_id(recordings[0])
    _sql(station, f"UPDATE recording SET start_at='2024-01-01 00:00:00', imported_at='2024-01-01 00:10:00' "
                  f"WHERE id={victim.id}")
    proposal = propose_disposal(people["custodian"], [victim.id], reason="保存期满")  # the catalogue says it is due
    with pytest.raises(CatalogueAlteredError, match=r"disposal proposal .*camera start time.*import time"):
        approve_disposal(people["director"], proposal.proposal_id)
    assert Recording.get_by_id(victim.id).disposed_at is None
    assert station.vault.has_blob(victim.sha256)


@pytest.mark.parametrize("protection", ["hold", "case", "rule"])
def test_a_hold_a_case_or_a_rule_removed_behind_the_station_does_not_dispose(
    station: Station, people: dict[str, ServiceContext], recordings: list[int], clock: FrozenClock, protection: str
) -> None:
    from evidence_station.services.retention_service import place_hold, set_rule

    rid = recordings[0]
    if protection == "hold":
        place_hold(people["custodian"], [rid], reason="诉讼中")
        tamper, names = f"DELETE FROM legal_hold WHERE recording_id={rid}", "legal hold"
    elif protection == "case":
        case = add_case(people["clerk"], title="某案")
        attach_recordings(people["clerk"], case.case_id, [rid])
        tamper, names = f"DELETE FROM case_recording WHERE recording_id={rid}", f"recording {rid} to case"
    else:
        set_rule(people["admin"], scope="default", period="10y", reason="本局规定")
        tamper, names = "UPDATE retention_rule SET years=1", "the period in years 1"
    clock.advance(timedelta(days=367))
    _sql(station, tamper)
    proposal = propose_disposal(people["custodian"], [rid], reason="保存期满")  # the catalogue says it is due
    with pytest.raises(CatalogueAlteredError, match=names):
        approve_disposal(people["director"], proposal.proposal_id)
    assert Recording.get_by_id(rid).disposed_at is None


def test_an_original_given_another_ones_hashes_is_not_exported(
    station: Station, people: dict[str, ServiceContext], recordings: list[int], tmp_path: Path
) -> None:
    clerk = people["clerk"]
    case = add_case(clerk, title="某建筑公司拖欠工资案")
    attach_recordings(clerk, case.case_id, recordings[:2])
    victim, other = Recording.get_by_id(recordings[1]), Recording.get_by_id(recordings[3])
    _sql(station, f"UPDATE recording SET sha256='{other.sha256}', sm3='{other.sm3}', size={other.size} "
                  f"WHERE id={victim.id}")
    with pytest.raises(CatalogueAlteredError) as caught:
        export_to_desk(ContextExports(clerk), case.case_id, producer="clerk", extractor="李四 (执法证 33010001)",
                       out=tmp_path / "case.iso")
    assert f"recorded {victim.sha256}" in caught.value.message and "导出记录" in caught.value.message_zh
    assert Export.select().count() == 0 and not (tmp_path / "case.iso").exists()
    assert not list(station.home.exports_dir.glob("*.iso"))  # nothing built at the station either


def test_the_check_reads_the_rows_events_through_the_index(station: Station, recordings: list[int]) -> None:
    """One look-up on ``audit_event(object_type, object_id, action)`` — never a walk of the whole log."""
    from evidence_station.audit.replay import USER_ACTIONS, Subject, subjects_query

    query = subjects_query([Subject("user", ["director"], USER_ACTIONS), Subject("recording", ["1", "2"]),
                            Subject("case"), Subject("viewing_request", ["3"])], with_init=True)
    sql, params = query.sql()
    plan = " ".join(str(row[-1]) for row in station.db.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
    assert "audit_event_object_type_object_id_action" in plan and "SCAN" not in plan.replace("SCAN CONSTANT", ""), plan


# ----------------------------------------------------------------------------------------- pictures and the stream
def _tampered_grants(station: Station, people: dict[str, ServiceContext], clock: FrozenClock, rec: int
                     ) -> tuple[int, int]:
    """An expired grant moved to 2099 and a revoked grant un-revoked in the catalogue, both for ``rec``."""
    investigator, director = people["investigator"], people["director"]
    expired = request_viewing(investigator, recording_ids=[rec], reason="查看")
    approve_request(director, expired.request_id, hours=1)
    clock.advance(timedelta(hours=2))
    revoked = request_viewing(investigator, recording_ids=[rec], reason="复看")
    approve_request(director, revoked.request_id, hours=4)
    revoke_request(director, revoked.request_id, reason="案件已结")
    return expired.request_id, revoked.request_id


def _edit_expired(station: Station, request_id: int) -> None:
    _sql(station, f"UPDATE viewing_request SET valid_until='2099-01-01 00:00:00' WHERE id={request_id}")


def _edit_revoked(station: Station, request_id: int) -> None:
    _sql(station, f"UPDATE viewing_request SET status='approved', revoked_at=NULL, revoked_by_id=NULL "
                  f"WHERE id={request_id}")


@pytest.fixture
def clip(people: dict[str, ServiceContext]) -> int:
    """A real video recording (its bytes in the vault), its preview strip made."""
    from evidence_station.services.thumbnail_service import make_thumbnails
    from tests.helpers.recordings import add_recording, clip_bytes

    rid = add_recording(people["custodian"], data=clip_bytes()).id
    assert make_thumbnails(people["custodian"], [rid]) == 1
    return rid


@pytest.mark.parametrize("edit", ["valid_until", "revoked"])
def test_an_edited_grant_shows_no_preview_and_takes_no_bookmark(
    station: Station, people: dict[str, ServiceContext], clip: int, clock: FrozenClock, edit: str
) -> None:
    from evidence_station.catalogue.bookmarks import Bookmark
    from evidence_station.services.bookmark_service import add_bookmark
    from evidence_station.services.viewing_pictures import open_preview

    expired, revoked = _tampered_grants(station, people, clock, clip)
    if edit == "valid_until":
        _edit_expired(station, expired)
    else:
        _edit_revoked(station, revoked)
    investigator = people["investigator"]
    with pytest.raises(CatalogueAlteredError, match="opening footage under grant"):
        open_preview(investigator, clip)
    with pytest.raises(CatalogueAlteredError):
        add_bookmark(investigator, clip, offset_ms=1_000, category="other", note="某处")
    assert Bookmark.select().count() == 0
    assert not AuditEvent.select().where(AuditEvent.action == "viewing.preview").exists()
    assert len(_refusals()) == 2


def test_a_live_grant_still_shows_the_preview(people: dict[str, ServiceContext], clip: int) -> None:
    from evidence_station.services.viewing_pictures import open_preview

    asked = request_viewing(people["investigator"], recording_ids=[clip], reason="查看")
    approve_request(people["director"], asked.request_id)
    strip = open_preview(people["investigator"], clip)
    assert strip is not None and strip.startswith(b"\x89PNG") and _refusals() == []


def test_an_unrevoked_grant_takes_and_shows_no_snapshot(
    station: Station, people: dict[str, ServiceContext], clip: int
) -> None:
    from evidence_station.catalogue.viewing import Snapshot
    from evidence_station.services.viewing_pictures import snapshot_image, take_snapshot

    investigator, director = people["investigator"], people["director"]
    asked = request_viewing(investigator, recording_ids=[clip], reason="查看")
    approve_request(director, asked.request_id, hours=4)
    session = open_viewing_session(investigator, clip, client="cli")
    snap = take_snapshot(investigator, session.session_id, 1_000)  # allowed while the grant is true
    revoke_request(director, asked.request_id, reason="案件已结")
    _edit_revoked(station, asked.request_id)
    with pytest.raises(CatalogueAlteredError, match="revoked"):
        take_snapshot(investigator, session.session_id, 2_000)
    with pytest.raises(CatalogueAlteredError, match="revoked"):
        snapshot_image(investigator, snap.snapshot_id)
    assert Snapshot.select().count() == 1
    assert not AuditEvent.select().where(AuditEvent.action == "viewing.snapshot_image").exists()
    assert len(_refusals()) == 2


@pytest.mark.parametrize("edit", ["valid_until", "revoked"])
def test_the_stream_ends_when_its_grant_is_edited_in_the_catalogue(
    station: Station, people: dict[str, ServiceContext], clock: FrozenClock, monkeypatch: pytest.MonkeyPatch,
    edit: str
) -> None:
    """The stream port's cached liveness, when it refreshes, compares the grant with the log (audited once)."""
    import httpx

    from evidence_station.client.station_client import StationClient
    from evidence_station.client.transport import InProcessTransport
    from evidence_station.server import streams
    from evidence_station.server.dispatch import Dispatcher
    from tests.helpers.recordings import add_recording

    monkeypatch.setattr(streams, "LIVENESS_TTL_S", 0.0)
    rec = add_recording(people["custodian"]).id
    investigator, director = people["investigator"], people["director"]
    asked = request_viewing(investigator, recording_ids=[rec], reason="查看")
    approve_request(director, asked.request_id, hours=1)
    dispatcher = Dispatcher(station)
    try:
        client = StationClient.login(InProcessTransport(dispatcher), "investigator", PASSWORD)
        view = client.open_viewing_session(rec, client="cli")
        assert httpx.get(view.stream_url, headers={"Range": "bytes=0-9"}).status_code == 206
        if edit == "valid_until":
            clock.advance(timedelta(hours=2))
            _edit_expired(station, asked.request_id)
        else:
            revoke_request(director, asked.request_id, reason="案件已结")
            _edit_revoked(station, asked.request_id)
        assert httpx.get(view.stream_url, headers={"Range": "bytes=0-9"}).status_code == 403
        assert httpx.get(view.stream_url).status_code == 403  # for good, refused once
    finally:
        dispatcher.streams.stop()
    (refusal,) = _refusals()
    assert (refusal.actor, refusal.object_type, refusal.object_id) == ("investigator", "viewing_request",
                                                                       str(asked.request_id))


def test_a_stream_opened_on_an_edited_grant_serves_nothing(
    station: Station, people: dict[str, ServiceContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edited after the session opened but before the first read: the stream's first liveness answer refuses."""
    import httpx

    from evidence_station.client.station_client import StationClient
    from evidence_station.client.transport import InProcessTransport
    from evidence_station.server.dispatch import Dispatcher
    from tests.helpers.recordings import add_recording

    rec = add_recording(people["custodian"]).id
    asked = request_viewing(people["investigator"], recording_ids=[rec], reason="查看")
    approve_request(people["director"], asked.request_id, hours=1)
    dispatcher = Dispatcher(station)
    try:
        client = StationClient.login(InProcessTransport(dispatcher), "investigator", PASSWORD)
        view = client.open_viewing_session(rec, client="cli")
        _sql(station, f"UPDATE viewing_request SET on_site_only=1 - on_site_only WHERE id={asked.request_id}")
        assert httpx.get(view.stream_url).status_code == 403
    finally:
        dispatcher.streams.stop()
    assert len(_refusals()) == 1
