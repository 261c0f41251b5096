"""Custody of the card through the station service: the hand-over recorded at the start of an import and printed as a
two-party record; the verified wipe (exactly the stored files, each checked against the vault first; never a file
whose bytes differ, never one that is not stored); a card that comes back still holding stored files."""

from __future__ import annotations

import hashlib
import subprocess
from datetime import date
from pathlib import Path

import pytest

from evidence_station.api.custody import HandoverRequest
from evidence_station.api.errors import error_payload
from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.people import User
from evidence_station.catalogue.recordings import Finding, ImportSession
from evidence_station.client.card_import import import_card
from evidence_station.client.card_wipe import wipe_card
from evidence_station.client.station_client import StationClient
from evidence_station.client.transport import InProcessTransport, Transport
from evidence_station.domain.errors import AuthenticationError, InvalidInputError, PermissionDeniedError
from evidence_station.domain.messages import Msg
from evidence_station.media.demo_card import write_demo_card
from evidence_station.server.dispatch import Dispatcher
from evidence_station.services.station import Station
from evidence_station.services.verify_service import verify_store
from tests.conftest import PASSWORD

OFFICER = HandoverRequest(officer="investigator", officer_password=PASSWORD)


@pytest.fixture
def client(dispatcher: Dispatcher) -> StationClient:
    return StationClient.login(InProcessTransport(dispatcher), "custodian", PASSWORD)


@pytest.fixture
def card(tmp_path: Path) -> Path:
    folder = tmp_path / "card"
    write_demo_card(folder, seed=6, day=date(2026, 11, 24))
    return folder


def _files(card: Path) -> dict[str, bytes]:
    return {p.relative_to(card).as_posix(): p.read_bytes() for p in card.rglob("*") if p.is_file()}


def _pdf_text(content: bytes, tmp_path: Path) -> str:
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(content)
    return subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


# -- hand-over -----------------------------------------------------------------------------------------------------
def test_an_officer_confirms_the_hand_over_with_their_password_and_the_receipt_is_a_two_party_record(
    transport: Transport, card: Path, tmp_path: Path
) -> None:
    client = StationClient.login(transport, "custodian", PASSWORD)
    result = import_card(client, card, handover=OFFICER)
    handover = result.handover
    assert handover is not None and handover.confirmation == "password" and handover.officer_user == "investigator"
    assert handover.officer_name == "Investigator" and handover.officer_badge == "B-INV"
    assert handover.received_by == "custodian" and "Z8A0001" in handover.device  # the cameras named on the card
    assert client.get_card_handover(result.import_id) == handover
    document = client.import_receipt(result.import_id)
    text = _pdf_text(document.content, tmp_path)
    assert "存储卡交接记录" in text and "导入回执" not in text
    assert "移交人" in text and "Investigator" in text and "本人账户口令确认" in text and "接收人（保管人）" in text
    assert "Z8A0001" in text
    for f in result.files:
        if f.sha256:
            assert f.sha256 in text
    assert "移交人 Investigator（签名）" in text and "接收人（保管人） Custodian（签名）" in text
    sig = subprocess.run(["pdfsig", str(tmp_path / "receipt.pdf")], capture_output=True, text=True).stdout
    assert "Signature is Valid" in sig
    event = AuditEvent.select().where(AuditEvent.action == "card.handover").get()
    assert event.details["officer_user"] == "investigator" and event.details["confirmation"] == "password"
    assert not [e.seq for e in AuditEvent.select() if PASSWORD in str(e.details)]  # the password is never kept


def test_a_person_without_an_account_is_named_and_signs_the_printed_record(client: StationClient, card: Path,
                                                                          tmp_path: Path) -> None:
    request = HandoverRequest(officer_name="张三", officer_badge="33010001", device="Z8A0001", note="外勤返回")
    result = import_card(client, card, handover=request)
    assert result.handover is not None
    assert (result.handover.confirmation, result.handover.officer_user) == ("signature", None)
    text = _pdf_text(client.import_receipt(result.import_id).content, tmp_path)
    assert "张三" in text and "33010001" in text and "无工作站账户，签名确认" in text and "外勤返回" in text
    assert "移交人 张三（签名）" in text


def test_an_import_without_a_hand_over_keeps_the_one_party_receipt(client: StationClient, card: Path,
                                                                  tmp_path: Path) -> None:
    result = import_card(client, card)
    assert result.handover is None and client.get_card_handover(result.import_id) is None
    text = _pdf_text(client.import_receipt(result.import_id).content, tmp_path)
    assert "导入回执" in text and "移交人" not in text


def test_a_wrong_officer_password_starts_no_import_and_counts_toward_the_lock_out(client: StationClient,
                                                                                  card: Path) -> None:
    with pytest.raises(AuthenticationError) as refused:
        import_card(client, card, handover=HandoverRequest(officer="investigator", officer_password="wrong-one"))
    assert refused.value.exit_code == 3 and "交接未确认" in refused.value.text_zh()
    assert ImportSession.select().count() == 0
    assert User.get(User.name == "investigator").failed_attempts == 1


@pytest.mark.parametrize(("request_", "error"), [
    (HandoverRequest(officer="clerk", officer_password=PASSWORD), PermissionDeniedError),  # no role to hand over
    (HandoverRequest(officer="custodian", officer_password=PASSWORD), InvalidInputError),  # two people, not one
    (HandoverRequest(officer="investigator"), InvalidInputError),  # no password
    (HandoverRequest(), InvalidInputError),  # nobody named
    (HandoverRequest(officer="investigator", officer_password=PASSWORD, officer_name="张三"), InvalidInputError),
])
def test_a_hand_over_that_is_not_right_starts_no_import(client: StationClient, card: Path, request_: HandoverRequest,
                                                        error: type[Exception]) -> None:
    with pytest.raises(error):
        import_card(client, card, handover=request_)
    assert ImportSession.select().count() == 0
    if error is PermissionDeniedError:
        assert AuditEvent.select().where((AuditEvent.action == "refused.hand_over_card")
                                         & (AuditEvent.outcome == "refused")).exists()


# -- wipe ----------------------------------------------------------------------------------------------------------
def test_the_wipe_deletes_exactly_the_stored_files_and_reports_the_rest(transport: Transport, station: Station,
                                                                        card: Path, tmp_path: Path) -> None:
    client = StationClient.login(transport, "custodian", PASSWORD)
    result = import_card(client, card, handover=OFFICER)
    stored = {f.card_path for f in result.files if f.recording_id is not None}
    skipped = {f.card_path for f in result.files if f.recording_id is None}
    assert stored and skipped  # the demo card's junk is skipped
    before = client.import_receipt(result.import_id).content
    wipe = wipe_card(client, card, result.import_id)
    assert wipe.status == "completed", wipe
    assert wipe.message_zh.startswith("存储卡已清除：") and wipe.message.startswith("The card was wiped: ")
    assert {f.card_path for f in wipe.files if f.outcome == "deleted"} == stored
    assert {f.card_path for f in wipe.files if f.outcome == "kept"} == skipped
    assert set(_files(card)) == skipped  # nothing else deleted, nothing stored left
    assert verify_store(station).ok  # the originals are untouched
    deleted = AuditEvent.select().where(AuditEvent.action == "card_wipe.deleted").count()
    assert deleted == len(stored)
    after = client.import_receipt(result.import_id).content
    assert after != before
    text = _pdf_text(after, tmp_path)
    assert "存储卡清除记录" in text and "已删除" in text and "未导入（保留）" in text
    assert client.list_card_wipes(result.import_id)[-1].wipe_id == wipe.wipe_id


def test_a_card_file_whose_bytes_differ_from_the_vault_is_never_deleted(client: StationClient, card: Path) -> None:
    result = import_card(client, card)
    victim_path = next(f.card_path for f in result.files if f.kind == "video" and (f.size or 0) > 100)
    victim = card / victim_path
    data = bytearray(victim.read_bytes())
    data[50] ^= 0xFF  # same size, one byte different
    victim.write_bytes(bytes(data))
    wipe = wipe_card(client, card, result.import_id)
    assert wipe.status == "incomplete"
    [refused] = [f for f in wipe.files if f.outcome == "mismatch"]
    assert refused.card_path == victim_path and refused.sha256 == hashlib.sha256(data).hexdigest()
    assert victim.read_bytes() == bytes(data)  # kept on the card
    assert all(f.outcome in {"deleted", "kept", "mismatch"} for f in wipe.files)
    assert AuditEvent.select().where((AuditEvent.action == "card_wipe.refused")
                                     & (AuditEvent.outcome == "refused")).count() == 1


def test_a_file_written_to_the_card_after_the_import_is_not_deleted(client: StationClient, card: Path) -> None:
    result = import_card(client, card)
    late = card / "DCIM" / "100DSJ" / "Z8A0001_010203_20261124180000_0099.MP4"
    late.write_bytes(b"recorded after the import")
    wipe = wipe_card(client, card, result.import_id)
    [new] = [f for f in wipe.files if f.outcome == "not_imported"]
    assert new.card_path == "DCIM/100DSJ/Z8A0001_010203_20261124180000_0099.MP4" and late.exists()
    assert "import the card again" in wipe.message
    assert wipe.message_zh.endswith("请重新导入该存储卡。") and "个文件不属于本次导入" in wipe.message_zh


def test_a_card_is_wiped_only_after_a_completed_import_with_every_file_stored(client: StationClient,
                                                                              card: Path) -> None:
    from evidence_station.domain.progress import CancelToken

    cancel = CancelToken()
    cancel.cancel()
    result = import_card(client, card, cancel=cancel)
    assert result.status == "cancelled"
    with pytest.raises(InvalidInputError):
        wipe_card(client, card, result.import_id)
    assert len(_files(card)) > 0 and all(p.exists() for p in card.rglob("*"))


def test_only_the_session_that_began_a_wipe_may_delete_with_it(dispatcher: Dispatcher, client: StationClient,
                                                                card: Path) -> None:
    result = import_card(client, card)
    plan = client.begin_card_wipe(result.import_id, str(card))
    other = StationClient.login(InProcessTransport(dispatcher), "custodian", PASSWORD)  # another session
    file = plan.files[0]
    digest = hashlib.sha256((card / file.card_path).read_bytes()).hexdigest()
    with pytest.raises(PermissionDeniedError):
        other.check_card_file(plan.wipe_id, file.file_id, sha256=digest, size=file.size)
    verdict = client.check_card_file(plan.wipe_id, file.file_id, sha256=digest, size=file.size)
    assert verdict.delete and verdict.outcome == "confirmed"
    with pytest.raises(InvalidInputError):  # a file is checked once per wipe
        client.check_card_file(plan.wipe_id, file.file_id, sha256=digest, size=file.size)
    with pytest.raises(InvalidInputError):  # no deletion without the station's confirmation
        client.report_card_file_deleted(plan.wipe_id, plan.files[1].file_id, deleted=True)


def test_the_station_refuses_to_confirm_a_file_whose_stored_original_no_longer_verifies(
    client: StationClient, station: Station, card: Path
) -> None:
    result = import_card(client, card)
    plan = client.begin_card_wipe(result.import_id, str(card))
    file = max(plan.files, key=lambda f: f.size)
    body = (card / file.card_path).read_bytes()
    blob = station.vault.blob_path(hashlib.sha256(body).hexdigest())
    blob.chmod(0o600)
    blob.write_bytes(body[:-1] + bytes([body[-1] ^ 1]))  # the vault copy rots
    verdict = client.check_card_file(plan.wipe_id, file.file_id, sha256=hashlib.sha256(body).hexdigest(),
                                     size=file.size)
    assert not verdict.delete and verdict.outcome == "vault_damaged"


# -- a card that comes back ----------------------------------------------------------------------------------------
def test_a_card_that_comes_back_still_holding_stored_files_raises_a_finding(client: StationClient, card: Path) -> None:
    first = import_card(client, card, handover=OFFICER)
    again = import_card(client, card)  # the same card imported again at once: it never left the desk
    assert not [f for f in again.findings if f.kind == "kept_on_card"]
    (card / "DCIM" / "100DSJ" / "Z8A0001_010203_20261125093000_0001.MP4").write_bytes(b"the next day's footage")
    back = import_card(client, card, handover=OFFICER)
    [kept] = [f for f in back.findings if f.kind == "kept_on_card"]
    stored_first = {f.recording_id for f in first.files if f.status == "stored"}
    assert set(kept.recording_ids) == stored_first
    assert "Investigator" in kept.message and "第十五条" in kept.message_zh
    row = Finding.get_by_id(kept.id)
    assert row.details["officer"] == "Investigator" and row.details["earlier_imports"] == [first.import_id]


def test_a_failed_deletion_comes_as_one_error_payload_and_an_older_desk_still_sends_two_strings(
        client: StationClient, card: Path) -> None:
    result = import_card(client, card)
    plan = client.begin_card_wipe(result.import_id, str(card))
    reported = []
    for number, file in enumerate(plan.files[:2]):
        digest = hashlib.sha256((card / file.card_path).read_bytes()).hexdigest()
        assert client.check_card_file(plan.wipe_id, file.file_id, sha256=digest, size=file.size).delete
        if number == 0:  # a desk of this version: the error as the wire carries errors
            said = InvalidInputError(Msg("OpenCV cannot encode JPEG pictures; the demo card cannot be written."))
            reported.append(client.report_card_file_deleted(plan.wipe_id, file.file_id, deleted=False,
                                                            error=error_payload(said)))
        else:  # an older desk
            reported.append(client.report_card_file_deleted(plan.wipe_id, file.file_id, deleted=False,
                                                            message="Locked.", message_zh="已锁定。"))
    new, old = reported
    assert new.outcome == "delete_failed" and new.reason.startswith("OpenCV cannot encode")
    assert new.reason_zh == said.text_zh() != new.reason
    assert (old.outcome, old.reason, old.reason_zh) == ("delete_failed", "Locked.", "已锁定。")
