"""The errors a clerk, custodian or director meets while exporting, keeping and disposing also speak Chinese:
each carries a whole Chinese sentence with the same facts (names, ids, sizes) as the English one."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from evidence_station.catalogue.recordings import Recording
from evidence_station.client.disc_export import export_to_desk
from evidence_station.disc import burn
from evidence_station.disc.errors import BurnFailedError, MissingToolError
from evidence_station.domain.clock import FrozenClock
from evidence_station.domain.errors import EvidenceStationError, InvalidInputError
from evidence_station.domain.findings import FindingKind
from evidence_station.export.errors import FileTooLargeForMediumError, SigningError, VaultCopyMismatchError
from evidence_station.export.pdf_signing import sign_pdf
from evidence_station.export.staging import DEFAULT_DISC_OVERHEAD
from evidence_station.identity.signer import KeyFileSigner
from evidence_station.services.case_service import add_case, attach_recordings, close_case
from evidence_station.services.context import ServiceContext
from evidence_station.services.export_discs import ContextExports
from evidence_station.services.finding_service import explain_gap, resolve_finding
from evidence_station.services.retention_service import (
    DisposalBlockedError,
    approve_disposal,
    place_hold,
    propose_disposal,
)
from tests.helpers.discs import station_identity
from tests.helpers.findings import add_finding
from tests.helpers.recordings import NAMES, add_recording, make_recordings, utc

_CJK = re.compile(r"[\u4e00-\u9fff]")
EXTRACTOR = "李四 (执法证 33010001)"
CASE_NUMBER = "明人社监〔2026〕12号"


def _chinese(error: EvidenceStationError) -> str:
    """The raise site's own Chinese sentence (not the class headline before the English detail)."""
    assert error.message_zh, f"no Chinese sentence for: {error.message}"
    assert _CJK.search(error.message_zh)
    assert error.text_zh() == error.message_zh
    return error.message_zh


@pytest.fixture
def recordings(people: dict[str, ServiceContext]) -> list[int]:
    return make_recordings(people["custodian"])


@pytest.fixture
def case_id(people: dict[str, ServiceContext], recordings: list[int]) -> int:
    clerk = people["clerk"]
    case = add_case(clerk, title="某建筑公司拖欠工资案", number=CASE_NUMBER)
    attach_recordings(clerk, case.case_id, recordings)
    return case.case_id


def _export(ctx: ServiceContext, case_id: int, out: Path, **kwargs: object) -> object:
    return export_to_desk(ContextExports(ctx), case_id, producer="clerk", extractor=EXTRACTOR, out=out,
                          **kwargs)  # type: ignore[arg-type]


# -- export ----------------------------------------------------------------------------------------------


def test_file_too_large_for_the_medium(people: dict[str, ServiceContext], case_id: int, tmp_path: Path) -> None:
    with pytest.raises(FileTooLargeForMediumError) as raised:
        _export(people["clerk"], case_id, tmp_path / "case.iso", media_bytes=DEFAULT_DISC_OVERHEAD + 100_000)
    text = _chinese(raised.value)
    size = Recording.get(Recording.file_name == NAMES[0]).size
    assert NAMES[0] in text and f"{size:,} 字节" in text
    assert "超出所选光盘介质的容量" in text and "蓝光" in text and "可用 " in text


def test_tampered_vault_copy_stops_the_export(
    people: dict[str, ServiceContext], case_id: int, recordings: list[int], tmp_path: Path
) -> None:
    clerk = people["clerk"]
    rec = Recording.get_by_id(recordings[1])
    blob = clerk.station.vault.blob_path(rec.sha256)
    blob.chmod(0o644)
    data = bytearray(blob.read_bytes())
    data[500] ^= 0x01
    blob.write_bytes(bytes(data))
    with pytest.raises(VaultCopyMismatchError, match="vault is corrupt") as raised:
        _export(clerk, case_id, tmp_path / "case.iso")
    text = _chinese(raised.value)
    assert rec.file_name in text and rec.sha256 in text and "存储库已损坏" in text and "不要导出此文件" in text


def test_missing_xorriso_says_what_to_install(
    people: dict[str, ServiceContext], case_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(burn.shutil, "which", lambda _name: None)
    with pytest.raises(MissingToolError, match="apt-get install xorriso") as raised:
        _export(people["clerk"], case_id, tmp_path / "case.iso", burn_drive=f"stdio:{tmp_path / 'medium.iso'}")
    text = _chinese(raised.value)
    assert "未安装" in text and "apt-get install xorriso" in text


def test_burn_failure_names_drive_and_exit_code(
    people: dict[str, ServiceContext], case_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "xorriso"
    fake.write_text("#!/bin/sh\necho 'libburn : FAILURE : medium not writable'\nexit 5\n")
    fake.chmod(0o755)
    monkeypatch.setattr(burn, "xorriso_path", lambda: str(fake))
    drive = f"stdio:{tmp_path / 'medium.iso'}"
    with pytest.raises(BurnFailedError) as raised:
        _export(people["clerk"], case_id, tmp_path / "case.iso", burn_drive=drive)
    text = _chinese(raised.value)
    assert "case.iso" in text and drive in text and "退出码 5" in text and "medium not writable" in text


def test_signing_failure_names_the_document(tmp_path: Path) -> None:
    key, cert = station_identity()
    draft = tmp_path / "PROVENANCE-draft.pdf"
    draft.write_bytes(b"not a PDF at all")
    with pytest.raises(SigningError) as raised:
        sign_pdf(draft, tmp_path / "PROVENANCE.pdf", KeyFileSigner(key, cert), reason="证据制作说明",
                 location="明山区", name="WS-01")
    text = _chinese(raised.value)
    assert "无法用工作站密钥签署" in text and "PROVENANCE-draft.pdf" in text
    assert not (tmp_path / "PROVENANCE.pdf").exists()


def test_an_empty_case_has_nothing_to_export(people: dict[str, ServiceContext], tmp_path: Path) -> None:
    clerk = people["clerk"]
    case = add_case(clerk, title="空案件", number="明人社监〔2026〕13号")
    with pytest.raises(InvalidInputError, match="no recordings to export") as raised:
        _export(clerk, case.case_id, tmp_path / "case.iso")
    text = _chinese(raised.value)
    assert "明人社监〔2026〕13号" in text and "没有可导出的记录" in text


# -- cases -----------------------------------------------------------------------------------------------


def test_a_closed_case_takes_no_more_recordings(people: dict[str, ServiceContext], case_id: int) -> None:
    clerk = people["clerk"]
    extra = make_recordings(people["custodian"], sizes=(1_000,))
    close_case(clerk, case_id, retention="30y")
    with pytest.raises(InvalidInputError, match="closed") as raised:
        attach_recordings(clerk, case_id, extra)
    text = _chinese(raised.value)
    assert CASE_NUMBER in text and "已结案" in text
    with pytest.raises(InvalidInputError, match="already closed") as again:
        close_case(clerk, case_id, retention="10y")
    assert CASE_NUMBER in _chinese(again.value) and "2026-11-24" in _chinese(again.value)


def test_a_retention_below_one_year_is_refused(people: dict[str, ServiceContext]) -> None:
    clerk = people["clerk"]
    case = add_case(clerk, title="甲", number="甲-1")
    with pytest.raises(InvalidInputError, match="at least 1 year") as raised:
        close_case(clerk, case.case_id, retention="0y")
    assert "至少保存一年" in _chinese(raised.value) and "第十六条" in _chinese(raised.value)


# -- retention -------------------------------------------------------------------------------------------


def test_a_legal_hold_blocks_the_disposal(
    people: dict[str, ServiceContext], recordings: list[int], clock: FrozenClock
) -> None:
    clock.advance(timedelta(days=366))
    proposal = propose_disposal(people["custodian"], recordings, reason="保存期满")
    (hold,) = place_hold(people["director2"], [recordings[1]], reason="投诉调查，暂停销毁")
    with pytest.raises(DisposalBlockedError, match="Legal hold") as raised:
        approve_disposal(people["director"], proposal.proposal_id)
    text = _chinese(raised.value)
    assert f"销毁申请 {proposal.proposal_id} 未执行" in text
    assert f"记录 {recordings[1]}" in text and NAMES[1] in text and "暂停销毁" in text
    assert f"保全 #{hold.hold_id}：投诉调查，暂停销毁" in text and "--exclude-blocked" in text


def test_an_open_case_blocks_the_proposal(
    people: dict[str, ServiceContext], recordings: list[int], case_id: int, clock: FrozenClock
) -> None:
    clock.advance(timedelta(days=366 * 3))
    with pytest.raises(DisposalBlockedError, match="open") as raised:
        propose_disposal(people["custodian"], [recordings[0]], reason="过期")
    text = _chinese(raised.value)
    assert text.startswith("未提出任何销毁申请") and f"已关联到未结案件 {CASE_NUMBER}，保存至结案。" in text
    assert "。。" not in text


def test_nobody_approves_their_own_disposal(
    people: dict[str, ServiceContext], recordings: list[int], clock: FrozenClock
) -> None:
    from evidence_station.domain.roles import Role
    from evidence_station.services.users import login
    from tests.conftest import PASSWORD, add_user_confirmed

    add_user_confirmed(people["admin"], name="both", roles=[Role.CUSTODIAN, Role.DIRECTOR], password=PASSWORD,
                       clearance=0)
    both = login(people["admin"].station, "both", PASSWORD)
    clock.advance(timedelta(days=366))
    proposal = propose_disposal(both, recordings, reason="保存期满")
    with pytest.raises(EvidenceStationError, match="their own") as raised:
        approve_disposal(both, proposal.proposal_id)
    assert "自己提出的销毁申请" in _chinese(raised.value) and "主管局长" in _chinese(raised.value)


# -- findings --------------------------------------------------------------------------------------------


def test_resolving_a_finding_needs_a_note(people: dict[str, ServiceContext]) -> None:
    custodian = people["custodian"]
    rec = add_recording(custodian, "Z1", utc(1, 0), 60, in_vault=False)
    finding = add_finding(custodian, FindingKind.DAMAGED, [rec])
    with pytest.raises(InvalidInputError, match="may not be empty") as raised:
        resolve_finding(custodian, finding_id=finding.id, resolution="  ")
    assert "处理意见不能为空" in _chinese(raised.value)


def test_a_gap_is_explained_not_closed_with_a_note(people: dict[str, ServiceContext]) -> None:
    custodian = people["custodian"]
    a = add_recording(custodian, "Z1", utc(1, 0), 60, in_vault=False)
    b = add_recording(custodian, "Z1", utc(1, 5), 60, in_vault=False)
    gap = add_finding(custodian, FindingKind.GAP, [a, b], 240.0)
    with pytest.raises(InvalidInputError, match="explain the gap") as raised:
        resolve_finding(custodian, finding_id=gap.id, resolution="ok")
    text = _chinese(raised.value)
    assert f"问题 {gap.id}" in text and "录像中断" in text and "语音说明" in text
    with pytest.raises(InvalidInputError, match="describe") as other:
        explain_gap(custodian, finding_id=gap.id, reason="other")
    assert "请在说明中描述中断情况" in _chinese(other.value)
    with pytest.raises(InvalidInputError, match="Unknown gap reason") as unknown:
        explain_gap(custodian, finding_id=gap.id, reason="sunspots")
    assert "“sunspots”" in _chinese(unknown.value) and "battery（电量不足）" in _chinese(unknown.value)
