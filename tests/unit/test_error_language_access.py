"""The person-facing errors of log-in, roles, viewing control (Art. 18–20), classification, bookmarks and the
catalogue also speak Chinese: each carries a Chinese sentence with the same facts as the English one."""

from __future__ import annotations

import re
import sqlite3
from datetime import timedelta

import pytest

from evidence_station.catalogue.database import CatalogueBusyError, write_transaction
from evidence_station.catalogue.schema import SchemaVersion
from evidence_station.domain.clock import FrozenClock
from evidence_station.domain.errors import (
    AccountLockedError,
    AuthenticationError,
    EvidenceStationError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    SchemaTooNewError,
)
from evidence_station.services import bookmark_service as bs
from evidence_station.services import viewing_service as vs
from evidence_station.services.classification_service import set_classification
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from evidence_station.services.users import add_user, login
from tests.conftest import PASSWORD
from tests.helpers.people import add_person
from tests.helpers.recordings import add_recording

_CJK = re.compile(r"[\u4e00-\u9fff]")


def chinese(error: EvidenceStationError, *facts: object) -> str:
    """The error's own Chinese sentence, asserted to be Chinese and to name every fact."""
    text = error.message_zh
    assert text and _CJK.search(text), f"no Chinese sentence for: {error.message}"
    assert error.text_zh() == text
    for fact in facts:
        assert str(fact) in text, f"{fact!r} missing from {text!r}"
    return text


# ----------------------------------------------------------------------------------------- log-in
def test_wrong_password_names_the_user_and_the_lockout_rule(station: Station, admin: ServiceContext) -> None:
    add_user(admin, name="carol", roles=["investigator"], password=PASSWORD)
    limit = station.settings.lockout_attempts
    with pytest.raises(AuthenticationError) as caught:
        login(station, "carol", "wrong-password")
    assert "carol" in caught.value.message  # the English sentence is kept
    assert "锁定" in chinese(caught.value, "carol", limit, "登录被拒绝")


def test_unknown_user_and_locked_account(station: Station, admin: ServiceContext) -> None:
    with pytest.raises(AuthenticationError) as caught:
        login(station, "nobody", PASSWORD)
    chinese(caught.value, "nobody", "登录被拒绝")
    add_user(admin, name="dave", roles=["clerk"], password=PASSWORD)
    limit = station.settings.lockout_attempts
    for _ in range(limit):
        with pytest.raises(AuthenticationError) as caught:
            login(station, "dave", "wrong-password")
    chinese(caught.value, "dave", limit, "登录被拒绝")  # the locking failure does not reveal the lock
    with pytest.raises(AccountLockedError) as caught:
        login(station, "dave", PASSWORD)
    chinese(caught.value, "dave", "已被锁定", "evidence-station user unlock dave")


def test_weak_password_and_duplicate_user(admin: ServiceContext) -> None:
    with pytest.raises(InvalidInputError) as caught:
        add_user(admin, name="erin", roles=["clerk"], password="short")
    chinese(caught.value, "8", "密码")
    with pytest.raises(InvalidInputError) as caught:
        add_user(admin, name="erin", roles=["chief"], password=PASSWORD)
    chinese(caught.value, "chief", "主管局长")
    add_user(admin, name="erin", roles=["clerk"], password=PASSWORD)
    with pytest.raises(InvalidInputError) as caught:
        add_user(admin, name="erin", roles=["clerk"], password=PASSWORD)
    chinese(caught.value, "erin", "已存在")


# ----------------------------------------------------------------------------------------- roles
def test_missing_role_names_the_user_their_roles_and_who_may(people: dict[str, ServiceContext]) -> None:
    with pytest.raises(PermissionDeniedError) as caught:
        add_user(people["clerk"], name="frank", roles=["clerk"], password=PASSWORD)
    chinese(caught.value, "clerk", "文书", "管理用户", "系统管理员")
    rec = add_recording(people["custodian"]).id
    with pytest.raises(PermissionDeniedError) as caught:
        vs.request_viewing(people["auditor"], recording_ids=[rec], reason="核查")
    chinese(caught.value, "auditor", "审计人员", "提交调阅申请")


# ----------------------------------------------------------------------------------------- viewing (Art. 18)
def test_viewing_without_approval_says_whom_to_ask(people: dict[str, ServiceContext]) -> None:
    rec = add_recording(people["custodian"]).id
    with pytest.raises(PermissionDeniedError) as caught:
        vs.open_viewing_session(people["investigator"], rec)
    text = chinese(caught.value, "investigator", rec, "主管局长", f"view request {rec}")
    assert "有效批准" in text
    req = vs.request_viewing(people["investigator"], recording_ids=[rec], reason="核查投诉 2026-001")
    with pytest.raises(PermissionDeniedError) as caught:
        vs.open_viewing_session(people["investigator"], rec)
    chinese(caught.value, req.request_id, "等待主管局长审批")


def test_deciding_ones_own_request_is_refused_in_chinese(people: dict[str, ServiceContext]) -> None:
    rec = add_recording(people["custodian"]).id
    req = vs.request_viewing(people["director"], recording_ids=[rec], reason="复核")
    with pytest.raises(PermissionDeniedError) as caught:
        vs.approve_request(people["director"], req.request_id)
    chinese(caught.value, "自己", "另一位主管局长")
    other = vs.request_viewing(people["custodian"], recording_ids=[rec], reason="代为申请",
                               on_behalf_of="director")
    with pytest.raises(PermissionDeniedError) as caught:
        vs.refuse_request(people["director"], other.request_id, reason="不行")
    chinese(caught.value, "为自己", "另一位主管局长")


def test_expired_and_revoked_approvals(people: dict[str, ServiceContext], clock: FrozenClock) -> None:
    rec = add_recording(people["custodian"]).id
    req = vs.request_viewing(people["investigator"], recording_ids=[rec], reason="核查投诉 2026-001")
    vs.approve_request(people["director"], req.request_id, hours=2)
    clock.advance(timedelta(hours=3))
    with pytest.raises(PermissionDeniedError) as caught:
        vs.open_viewing_session(people["investigator"], rec)
    chinese(caught.value, req.request_id, rec, "已过期", f"view request {rec}")

    second = vs.request_viewing(people["investigator"], recording_ids=[rec], reason="再次核查")
    vs.approve_request(people["director"], second.request_id, hours=2)
    vs.revoke_request(people["director2"], second.request_id, reason="案件已结")
    with pytest.raises(PermissionDeniedError) as caught:
        vs.open_viewing_session(people["investigator"], rec)
    chinese(caught.value, second.request_id, "已撤销")
    with pytest.raises(InvalidInputError) as caught:
        vs.revoke_request(people["director"], second.request_id, reason="再撤一次")
    chinese(caught.value, second.request_id, "已撤销", "只能撤销已批准的申请")
    with pytest.raises(InvalidInputError) as caught:
        vs.approve_request(people["director"], second.request_id)
    chinese(caught.value, second.request_id, "只能审批待审批的申请")


def test_too_long_approval_and_missing_request(people: dict[str, ServiceContext]) -> None:
    rec = add_recording(people["custodian"]).id
    req = vs.request_viewing(people["investigator"], recording_ids=[rec], reason="核查")
    with pytest.raises(InvalidInputError) as caught:
        vs.approve_request(people["director"], req.request_id, hours=500)
    chinese(caught.value, "72", "小时")
    with pytest.raises(NotFoundError) as caught:
        vs.approve_request(people["director"], 9999)
    chinese(caught.value, 9999, "调阅申请")


# ----------------------------------------------------------------------------------------- secrets (Art. 20)
def test_secret_recordings_need_clearance(station: Station, people: dict[str, ServiceContext]) -> None:
    admin = people["admin"]
    rec = add_recording(people["custodian"], classification="restricted").id
    with pytest.raises(PermissionDeniedError) as caught:
        vs.request_viewing(people["investigator"], recording_ids=[rec], reason="核查")
    chinese(caught.value, "investigator", rec, "受限", "密级许可 1", "系统管理员")
    assert "restricted (personal privacy)" in caught.value.message and "受限" not in caught.value.message

    add_person(station, admin, "grace", "investigator", clearance=2)
    keeper = add_person(station, admin, "ivan", "custodian", clearance=3)
    secret = add_recording(people["custodian"], classification="state_secret").id
    with pytest.raises(PermissionDeniedError) as caught:  # asked on behalf of a viewer without the clearance
        vs.request_viewing(keeper, recording_ids=[secret], reason="核查", on_behalf_of="grace")
    chinese(caught.value, "grace", secret, "国家秘密", "密级许可 3")

    hidden = add_recording(people["custodian"], classification="commercial_secret").id
    with pytest.raises(NotFoundError) as caught:  # hidden exactly like a missing recording
        vs.request_viewing(people["investigator"], recording_ids=[hidden], reason="核查")
    assert chinese(caught.value, hidden) == f"找不到编号为 {hidden} 的录像。"

    boss = add_person(station, admin, "henry", "director", clearance=1)
    with pytest.raises(PermissionDeniedError) as caught:
        set_classification(boss, rec, "commercial_secret", reason="涉及商业秘密")
    chinese(caught.value, rec, "henry", "商业秘密", "密级许可 2")


def test_provision_without_approval_names_the_recordings(people: dict[str, ServiceContext]) -> None:
    rec = add_recording(people["custodian"]).id
    with pytest.raises(PermissionDeniedError) as caught:
        vs.require_provision_approval(people["clerk"], [rec], "secret_export")
    chinese(caught.value, "clerk", rec, "涉密记录导出", "--kind secret_export")


# ----------------------------------------------------------------------------------------- bookmarks
def test_bookmark_errors(people: dict[str, ServiceContext]) -> None:
    rec = add_recording(people["custodian"]).id
    with pytest.raises(PermissionDeniedError) as caught:
        bs.add_bookmark(people["investigator"], rec, offset_ms=1000, category="questioning")
    chinese(caught.value, rec, "有效批准")
    req = vs.request_viewing(people["investigator"], recording_ids=[rec], reason="标注")
    vs.approve_request(people["director"], req.request_id)
    with pytest.raises(InvalidInputError) as caught:
        bs.add_bookmark(people["investigator"], rec, offset_ms=60_000, category="questioning")
    chinese(caught.value, rec, "60.0", "20.0", "结束之后")
    with pytest.raises(InvalidInputError) as caught:
        bs.add_bookmark(people["investigator"], rec, offset_ms=1000, category="lunch")
    chinese(caught.value, "lunch", "询问有关人员")
    mark = bs.add_bookmark(people["investigator"], rec, offset_ms=1000, category="questioning")
    with pytest.raises(PermissionDeniedError) as caught:
        bs.withdraw_bookmark(people["investigator2"], mark.bookmark_id, reason="错误")
    chinese(caught.value, mark.bookmark_id, "investigator", "主管局长", "撤销")
    with pytest.raises(NotFoundError) as caught:
        bs.get_bookmark(people["investigator"], 4242)
    chinese(caught.value, 4242, "书签")


# ----------------------------------------------------------------------------------------- the catalogue
def test_catalogue_too_new(station: Station) -> None:
    from evidence_station.catalogue.schema import CURRENT_VERSION

    SchemaVersion.update(version=CURRENT_VERSION + 5).execute()
    station.db.close()
    with pytest.raises(SchemaTooNewError) as caught:
        Station.open(station.home.root)
    assert "newer" in caught.value.message
    chinese(caught.value, CURRENT_VERSION + 5, CURRENT_VERSION, "更新版本", "降级")


@pytest.mark.sqlite_only("locks the SQLite catalogue file from a second connection")
def test_catalogue_busy(station: Station) -> None:
    station.db.execute_sql("PRAGMA busy_timeout = 200")
    other = sqlite3.connect(station.home.catalogue_file, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(CatalogueBusyError) as caught, write_transaction(station.db):
            pass
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert caught.value.message.startswith("The catalogue is busy")
    chinese(caught.value, "目录数据库正忙", "15", "未做任何更改")
    assert _CJK.search(CatalogueBusyError.headline_zh)


def test_missing_station(tmp_path) -> None:
    with pytest.raises(EvidenceStationError) as caught:
        Station.open(tmp_path / "nowhere")
    chinese(caught.value, str(tmp_path / "nowhere"), "init --admin")


# ----------------------------------------------------------------------------------------- playback
def test_missing_libvlc_says_what_to_install_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    from evidence_station.playback import availability, libvlc, vlc_backend

    monkeypatch.setattr(libvlc, "probe_libvlc", lambda: (False, "libvlc could not be loaded (test)"))
    monkeypatch.setattr(availability.sys, "platform", "linux")
    availability.vlc_status.cache_clear()
    try:
        with pytest.raises(vlc_backend.PlaybackUnavailableError) as caught:
            vlc_backend.VlcPlayer(headless=True)
    finally:
        availability.vlc_status.cache_clear()
    assert "libvlc could not be loaded" in caught.value.message
    chinese(caught.value, "无法加载 libvlc（test）", "apt-get install libvlc5", "重新启动")
