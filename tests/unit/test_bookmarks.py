"""Bookmarks through the services: grants, roles, offsets, author-only edits, history, withdrawal,
visibility of secret recordings, export and the activity checklist.

Every refused action must leave exactly one refused audit event and change no bookmark.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from evidence_station.audit.log import event_count
from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.bookmarks import MODELS as BOOKMARK_MODELS
from evidence_station.catalogue.recordings import Recording
from evidence_station.client.disc_export import export_to_desk
from evidence_station.disc.disc_reader import open_disc, read_small
from evidence_station.domain.bookmarks import BookmarkCategory
from evidence_station.domain.clock import FrozenClock
from evidence_station.domain.errors import (
    EvidenceStationError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from evidence_station.export.plan import DiscBookmark
from evidence_station.services import bookmark_service as bs
from evidence_station.services import viewing_service as vs
from evidence_station.services.case_service import add_case, attach_recordings
from evidence_station.services.context import ServiceContext
from evidence_station.services.export_discs import ContextExports
from evidence_station.services.station import Station
from evidence_station.services.users import login
from tests.conftest import PASSWORD, add_user_confirmed
from tests.helpers.recordings import make_recordings

REC_START = datetime(2026, 11, 24, 1, 30, tzinfo=UTC)  # first recording of the fixture; 30 s long


def state() -> tuple:
    """Every bookmark row and revision (to prove refusals change nothing)."""
    return tuple(tuple(tuple(row.values()) for row in model.select().dicts()) for model in BOOKMARK_MODELS)


def last_event() -> AuditEvent:
    return AuditEvent.select().order_by(AuditEvent.seq.desc()).first()


def refused_cleanly(action: Callable[[], object], error: type[EvidenceStationError] = PermissionDeniedError,
                    audit_action: str | None = None) -> AuditEvent:
    """Run ``action``, expect ``error``, exactly one new refused audit event, and no bookmark change."""
    before, events = state(), event_count()
    with pytest.raises(error):
        action()
    assert event_count() == events + 1, "a refusal must leave exactly one audit event"
    event = last_event()
    assert event.outcome == "refused"
    if audit_action:
        assert event.action == audit_action
    assert state() == before, "a refusal must change nothing else"
    return event


def grant(people: dict[str, ServiceContext], who: str, rec_ids: list[int], approver: str = "director") -> None:
    """A live viewing grant for ``who``, through the real request/approve use cases."""
    req = vs.request_viewing(people[who], recording_ids=rec_ids, reason="案件办理需要")
    vs.approve_request(people[approver], req.request_id)


@pytest.fixture
def recordings(people: dict[str, ServiceContext]) -> list[int]:
    """Three catalogued 30 s recordings (the first starts at :data:`REC_START`)."""
    return make_recordings(people["custodian"])


@pytest.fixture
def rec(people: dict[str, ServiceContext], recordings: list[int]) -> int:
    """The first fixture recording, with a live grant for ``investigator``."""
    grant(people, "investigator", [recordings[0]])
    return recordings[0]


@pytest.fixture
def mark(people: dict[str, ServiceContext], rec: int) -> bs.BookmarkView:
    """A bookmark by ``investigator`` 12.5 s into ``rec``."""
    return bs.add_bookmark(people["investigator"], rec, offset_ms=12_500, category="questioning", note="询问工资发放")


# ----------------------------------------------------------------------------------------- adding
def test_adding_without_a_grant_is_refused_audited_and_stores_nothing(
    people: dict[str, ServiceContext], recordings: list[int]
) -> None:
    event = refused_cleanly(lambda: bs.add_bookmark(people["investigator"], recordings[0], offset_ms=1000,
                                                    category="questioning"), audit_action="refused.open_recording")
    assert event.actor == "investigator" and event.object_id == str(recordings[0])
    assert bs.list_bookmarks(people["investigator"], include_withdrawn=True) == []


def test_roles_without_add_bookmark_are_refused(people: dict[str, ServiceContext], rec: int) -> None:
    grant(people, "custodian", [rec])  # even with a grant to watch, they do not mark
    grant(people, "clerk", [rec])
    for role in ("custodian", "clerk", "auditor", "admin"):
        refused_cleanly(lambda ctx=people[role]: bs.add_bookmark(ctx, rec, offset_ms=0, category="other"),
                        audit_action="refused.add_bookmark")


def test_adding_with_a_grant_records_everything(people: dict[str, ServiceContext], rec: int) -> None:
    view = bs.add_bookmark(people["investigator"], rec, offset_ms=12_500, category="告知执法记录",
                           note=" 已告知当事人全程录音录像 ")
    assert (view.recording_id, view.offset_ms, view.category, view.status, view.revision) == (
        rec, 12_500, "notification_given", "active", 1)
    assert view.category_label == "告知执法记录" and view.colour == BookmarkCategory.NOTIFICATION_GIVEN.colour
    assert (view.note, view.author, view.author_label) == ("已告知当事人全程录音录像", "investigator",
                                                           "Investigator（执法证 B-INV）")
    assert view.created_at == people["investigator"].now() and view.at == REC_START + timedelta(seconds=12.5)
    event = last_event()
    assert (event.action, event.actor, event.object_id) == ("bookmark.create", "investigator", str(view.bookmark_id))
    assert event.details["category"] == "notification_given" and event.details["recording_id"] == rec
    [revision] = bs.bookmark_history(people["auditor"], view.bookmark_id)
    assert (revision.number, revision.action, revision.old_values) == (1, "create", None)
    assert revision.new_values["note"] == "已告知当事人全程录音录像"


@pytest.mark.parametrize("offset_ms", [30_001, 3_600_000, -1])
def test_offset_outside_the_recording_is_refused(people: dict[str, ServiceContext], rec: int, offset_ms: int) -> None:
    before = state()
    with pytest.raises(InvalidInputError, match="recording"):
        bs.add_bookmark(people["investigator"], rec, offset_ms=offset_ms, category="questioning")
    assert state() == before
    assert bs.add_bookmark(people["investigator"], rec, offset_ms=30_000, category="questioning").offset_ms == 30_000


def test_probed_duration_wins_over_start_and_end(people: dict[str, ServiceContext], rec: int) -> None:
    Recording.update(media={"duration_s": 10.0}).where(Recording.id == rec).execute()
    with pytest.raises(InvalidInputError, match=r"10\.0 s long"):
        bs.add_bookmark(people["investigator"], rec, offset_ms=12_000, category="sampling")


def test_bad_category_unknown_recording_and_expired_grant(
    people: dict[str, ServiceContext], rec: int, clock: FrozenClock
) -> None:
    inv = people["investigator"]
    with pytest.raises(InvalidInputError, match="Unknown bookmark category"):
        bs.add_bookmark(inv, rec, offset_ms=0, category="gossip")
    with pytest.raises(NotFoundError):
        bs.add_bookmark(inv, 9999, offset_ms=0, category="other")
    clock.advance(timedelta(days=4))  # past any grant window
    refused_cleanly(lambda: bs.add_bookmark(inv, rec, offset_ms=0, category="other"))


# ----------------------------------------------------------------------------------------- editing
def test_edit_keeps_the_old_version_in_history(people: dict[str, ServiceContext], mark: bs.BookmarkView,
                                               clock: FrozenClock) -> None:
    clock.advance(timedelta(minutes=5))
    edited = bs.edit_bookmark(people["investigator"], mark.bookmark_id, category="signing_documents",
                              note="当事人签字", reason="看错了环节")
    assert (edited.category, edited.note, edited.offset_ms, edited.revision) == (
        "signing_documents", "当事人签字", 12_500, 2)
    assert edited.created_at == mark.created_at and edited.updated_at == mark.created_at + timedelta(minutes=5)
    history = bs.bookmark_history(people["investigator"], mark.bookmark_id)
    assert [(r.number, r.action, r.changed_by) for r in history] == [(1, "create", "investigator"),
                                                                       (2, "edit", "investigator")]
    assert history[1].old_values == {"category": "questioning", "note": "询问工资发放"}
    assert history[1].new_values == {"category": "signing_documents", "note": "当事人签字"}
    assert history[1].reason == "看错了环节" and history[1].changed_at == clock.now()
    event = last_event()
    assert event.action == "bookmark.edit" and event.details["old"] == history[1].old_values
    moved = bs.edit_bookmark(people["investigator"], mark.bookmark_id, offset_ms=20_000, reason="对准签字时刻")
    assert moved.offset_ms == 20_000 and moved.revision == 3
    assert bs.bookmark_history(people["investigator"], mark.bookmark_id)[2].old_values == {"offset_ms": 12_500}


def test_edit_needs_a_reason_a_change_and_a_valid_offset(people: dict[str, ServiceContext],
                                                         mark: bs.BookmarkView) -> None:
    inv = people["investigator"]
    before = state()
    with pytest.raises(InvalidInputError, match="reason"):
        bs.edit_bookmark(inv, mark.bookmark_id, note="x", reason="  ")
    with pytest.raises(InvalidInputError, match="Nothing to change"):
        bs.edit_bookmark(inv, mark.bookmark_id, category="questioning", note="询问工资发放", reason="same")
    with pytest.raises(InvalidInputError, match="after the end"):
        bs.edit_bookmark(inv, mark.bookmark_id, offset_ms=31_000, reason="move")
    with pytest.raises(NotFoundError):
        bs.edit_bookmark(inv, 9999, note="x", reason="y")
    assert state() == before


def test_another_investigator_may_not_edit_or_withdraw(people: dict[str, ServiceContext], rec: int,
                                                       mark: bs.BookmarkView) -> None:
    grant(people, "investigator2", [rec])
    other = people["investigator2"]
    event = refused_cleanly(lambda: bs.edit_bookmark(other, mark.bookmark_id, note="mine now", reason="r"),
                            audit_action="refused.edit_bookmark")
    assert "only its author or a director" in event.details["reason"]
    refused_cleanly(lambda: bs.withdraw_bookmark(other, mark.bookmark_id, reason="r"),
                    audit_action="refused.withdraw_bookmark")


def test_a_director_edits_under_a_grant(people: dict[str, ServiceContext], rec: int, mark: bs.BookmarkView) -> None:
    director = people["director"]
    refused_cleanly(lambda: bs.edit_bookmark(director, mark.bookmark_id, note="复核", reason="复核"),
                    audit_action="refused.open_recording")
    grant(people, "director", [rec], approver="director2")
    edited = bs.edit_bookmark(director, mark.bookmark_id, note="复核：询问工资", reason="复核补充")
    assert edited.author == "investigator"  # the author stays; the editor is in the history
    assert bs.bookmark_history(director, mark.bookmark_id)[-1].changed_by == "director"


# ----------------------------------------------------------------------------------------- withdrawing
def test_withdrawn_bookmarks_are_kept_and_listed_on_request(people: dict[str, ServiceContext], rec: int,
                                                            mark: bs.BookmarkView) -> None:
    inv = people["investigator"]
    other = bs.add_bookmark(inv, rec, offset_ms=2_000, category="party_name_sign")
    gone = bs.withdraw_bookmark(inv, mark.bookmark_id, reason="重复标记")
    assert (gone.status, gone.revision, gone.note) == ("withdrawn", 2, "询问工资发放")
    assert [b.bookmark_id for b in bs.list_bookmarks(inv)] == [other.bookmark_id]
    listed = bs.list_bookmarks(inv, include_withdrawn=True)
    assert [(b.bookmark_id, b.status) for b in listed] == [(other.bookmark_id, "active"),
                                                           (mark.bookmark_id, "withdrawn")]
    history = bs.bookmark_history(inv, mark.bookmark_id)
    assert (history[-1].action, history[-1].reason, history[-1].old_values, history[-1].new_values) == (
        "withdraw", "重复标记", {"status": "active"}, {"status": "withdrawn"})
    assert last_event().action == "bookmark.withdraw"
    before = state()
    with pytest.raises(InvalidInputError, match="withdrawn"):
        bs.withdraw_bookmark(inv, mark.bookmark_id, reason="again")
    with pytest.raises(InvalidInputError, match="withdrawn"):
        bs.edit_bookmark(inv, mark.bookmark_id, note="revive", reason="r")
    with pytest.raises(InvalidInputError, match="reason"):
        bs.withdraw_bookmark(inv, other.bookmark_id, reason="")
    assert state() == before


def test_a_director_withdraws_without_watching(people: dict[str, ServiceContext], mark: bs.BookmarkView) -> None:
    assert bs.withdraw_bookmark(people["director"], mark.bookmark_id, reason="与案件无关").status == "withdrawn"


# ----------------------------------------------------------------------------------------- listing
def test_listing_filters_by_recording_and_orders_by_time(people: dict[str, ServiceContext],
                                                         recordings: list[int]) -> None:
    grant(people, "investigator", recordings[:2])
    inv = people["investigator"]
    late = bs.add_bookmark(inv, recordings[0], offset_ms=20_000, category="sampling")
    early = bs.add_bookmark(inv, recordings[0], offset_ms=1_000, category="party_name_sign")
    second = bs.add_bookmark(inv, recordings[1], offset_ms=0, category="notification_given")
    everyone = [b.bookmark_id for b in bs.list_bookmarks(people["auditor"])]
    assert everyone == [early.bookmark_id, late.bookmark_id, second.bookmark_id]
    only = bs.list_bookmarks(people["clerk"], recording_ids=[recordings[1]])
    assert [b.bookmark_id for b in only] == [second.bookmark_id]


def test_bookmarks_of_secret_recordings_are_as_hidden_as_the_recordings(
    people: dict[str, ServiceContext], station: Station, admin: ServiceContext, mark: bs.BookmarkView, rec: int
) -> None:
    Recording.update(classification="commercial_secret").where(Recording.id == rec).execute()
    inv = people["investigator"]
    assert bs.list_bookmarks(inv, include_withdrawn=True) == []
    event = refused_cleanly(lambda: bs.bookmark_history(inv, mark.bookmark_id), NotFoundError,
                            audit_action="recording.hidden_access")
    assert event.object_id == str(rec)
    with pytest.raises(NotFoundError, match=f"No bookmark with id {mark.bookmark_id}"):
        bs.get_bookmark(inv, mark.bookmark_id)
    add_user_confirmed(admin, name="cleared", roles=["auditor"], password=PASSWORD, display_name="Cleared",
             badge_number="B-CLR", clearance=2)
    cleared = login(station, "cleared", PASSWORD)
    assert [b.bookmark_id for b in bs.list_bookmarks(cleared)] == [mark.bookmark_id]


# ----------------------------------------------------------------------------------------- other features
def test_export_gets_active_bookmarks_with_chinese_labels(people: dict[str, ServiceContext], rec: int,
                                                          mark: bs.BookmarkView) -> None:
    inv = people["investigator"]
    gone = bs.add_bookmark(inv, rec, offset_ms=3_000, category="other", note="误标")
    bs.withdraw_bookmark(inv, gone.bookmark_id, reason="误标")
    assert bs.bookmarks_for_export(rec) == [DiscBookmark(
        offset_seconds=12.5, category="询问有关人员", note="询问工资发放", author="Investigator（执法证 B-INV）",
        at=REC_START + timedelta(seconds=12.5))]
    Recording.update(start_at=None).where(Recording.id == rec).execute()
    assert bs.bookmarks_for_export(rec)[0].at is None


def test_activity_checklist_shows_what_was_marked(people: dict[str, ServiceContext],
                                                  recordings: list[int]) -> None:
    grant(people, "investigator", recordings)
    inv = people["investigator"]
    marks = bs.activity_checklist_marks(recordings)
    assert set(marks) == set(BookmarkCategory) and not any(marks.values())
    bs.add_bookmark(inv, recordings[1], offset_ms=0, category="notification_given")
    wrong = bs.add_bookmark(inv, recordings[2], offset_ms=0, category="sampling")
    bs.withdraw_bookmark(inv, wrong.bookmark_id, reason="没有抽样")
    marks = bs.activity_checklist_marks(recordings)
    assert [c for c, marked in marks.items() if marked] == [BookmarkCategory.NOTIFICATION_GIVEN]
    assert not bs.activity_checklist_marks([recordings[0]])[BookmarkCategory.NOTIFICATION_GIVEN]


def test_the_provenance_sheet_on_the_disc_lists_the_bookmarks(
    people: dict[str, ServiceContext], rec: int, mark: bs.BookmarkView, tmp_path: Path
) -> None:
    clerk = people["clerk"]
    case = add_case(clerk, title="某公司拖欠工资案", number="明人社监〔2026〕31号")
    attach_recordings(clerk, case.case_id, [rec])
    result = export_to_desk(ContextExports(clerk), case.case_id, producer="clerk",
                            extractor="李四 (执法证 33010001)", out=tmp_path / "case.iso")
    with open_disc(Path(result.image)) as disc:
        (tmp_path / "PROVENANCE.pdf").write_bytes(read_small(disc, "PROVENANCE.pdf"))
        manifest = json.loads(read_small(disc, "MANIFEST.json"))
    done = subprocess.run(["pdftotext", str(tmp_path / "PROVENANCE.pdf"), "-"], capture_output=True, text=True,
                          check=True)
    text = re.sub(r"\s+", "", done.stdout)  # pdftotext drops the spaces between CJK characters
    assert "询问有关人员：询问工资发放" in text and "标记人：Investigator" in text
    assert "09:30:12" in text  # camera time of the mark, station-local
    [item] = manifest["files"]
    assert json.dumps(item, ensure_ascii=False).count("询问工资发放") == 1
