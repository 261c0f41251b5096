"""The disc register (Art. 17 附卷) and classified carriers (Art. 20): an entry for every disc of an export, where
each copy went, the label text for the disc face, and a classified disc's 密级, 保密期限 and numbered copies held by
people."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.cases import Export, ExportDisc, ExportFile
from evidence_station.catalogue.people import User
from evidence_station.catalogue.recordings import Recording
from evidence_station.client.station_client import StationClient
from evidence_station.client.transport import InProcessTransport
from evidence_station.domain.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from evidence_station.export.plan import CarrierSecrecy
from evidence_station.server.dispatch import Dispatcher
from evidence_station.services.case_service import add_case, attach_recordings
from evidence_station.services.context import ServiceContext
from evidence_station.services.disc_register import (
    disc_label_sheet,
    disc_labels,
    list_discs,
    record_disc_transfer,
    register_discs,
)
from evidence_station.services.station import Station
from evidence_station.services.users import login
from tests.conftest import PASSWORD
from tests.helpers.recordings import make_recordings

CASE_NUMBER = "明人社监〔2026〕12号"


@pytest.fixture
def case_id(people: dict[str, ServiceContext]) -> int:
    clerk = people["clerk"]
    case = add_case(clerk, title="某建筑公司拖欠工资案", number=CASE_NUMBER)
    attach_recordings(clerk, case.case_id, make_recordings(people["custodian"]))
    return case.case_id


def _recorded_export(ctx: ServiceContext, case_id: int, discs: list[list[int]]) -> int:
    """An export's rows as a completed export leaves them (one disc per list of recordings)."""
    now = ctx.now()
    export = Export.create(case=case_id, station_uid=ctx.station.station_uid, created_by=ctx.actor.user_id,
                           started_at=now, finished_at=now, status="completed", producer="陈文书",
                           extractor="李四（执法证 33010001）", extraction_time=now, purpose="作为证据附卷",
                           media="dvd", media_bytes=4_700_000_000, disc_count=len(discs), verified=True)
    for index, recordings in enumerate(discs, 1):
        disc = ExportDisc.create(export=export, index=index, image_path=f"/x/{index}.iso",
                                 image_sha256=f"{index:x}" * 64, image_size=1000 * index, volume_id=f"2026_12_{index}",
                                 manifest_sha256="0" * 64, verified=True)
        for rid in recordings:
            rec = Recording.get_by_id(rid)
            ExportFile.create(disc=disc, recording=rec, disc_path=f"originals/{rec.file_name}", size=rec.size,
                              sha256=rec.sha256, sm3=rec.sm3)
    return export.id


def test_a_completed_export_enters_every_disc_and_the_clerk_confirms_the_copies(
    people: dict[str, ServiceContext], case_id: int, tmp_path: Path
) -> None:
    from evidence_station.export.staging import DEFAULT_DISC_OVERHEAD
    from evidence_station.services.export_service import export_evidence

    clerk = people["clerk"]
    result = export_evidence(clerk, case_id, producer="clerk", extractor="李四（执法证 33010001）",
                             media_bytes=DEFAULT_DISC_OVERHEAD + 158_000)
    assert result.verified and len(result.images) == 3
    # The export entered each of its discs itself: export id, disc number, volume id, image SHA-256, one copy.
    entered = list_discs(clerk, export_id=result.export_id)
    assert [(e.export_id, e.disc_index, e.disc_count) for e in entered] == [(result.export_id, k, 3) for k in (1, 2, 3)]
    assert [e.image_sha256 for e in entered] == [d.image_sha256 for d in result.images]
    assert [e.volume_id for e in entered] == [d.volume_id for d in result.images]
    assert all(e.entered_by_export and e.confirmed_by is None and e.copies == 1 and e.registered_by == "clerk"
               for e in entered)
    events = AuditEvent.select().where(AuditEvent.action == "disc.register").order_by(AuditEvent.seq)
    assert [e.details["entered_by_export"] for e in events] == [True] * 3
    # Copy 1 may go into the case file before the clerk says how many copies were burned; it stays recorded.
    record_disc_transfer(clerk, entered[0].disc_id, 1, destination_kind="case_file", destination=CASE_NUMBER,
                         received_by="档案员 王五")
    entries = register_discs(clerk, result.export_id, copies=2)
    assert [e.disc_id for e in entries] == [e.disc_id for e in entered]  # the same entries, confirmed
    assert [(e.disc_index, e.disc_count) for e in entries] == [(1, 3), (2, 3), (3, 3)]
    assert all(e.copies == 2 and [c.number for c in e.copy_records] == [1, 2] for e in entries)
    assert all(e.confirmed_by == "clerk" and e.confirmed_at is not None and e.entered_by_export for e in entries)
    assert entries[0].copy_records[0].transfers[0].destination == CASE_NUMBER
    assert all(e.case_number == CASE_NUMBER and not e.classified for e in entries)
    assert list_discs(people["investigator"], case_id=case_id) == entries
    with pytest.raises(InvalidInputError):  # once per export
        register_discs(clerk, result.export_id)
    confirmations = AuditEvent.select().where((AuditEvent.action == "disc.register")
                                              & (AuditEvent.seq > events[-1].seq))
    assert [e.details.get("confirms_export_entry") for e in confirmations] == [True] * 3


def test_a_failed_export_enters_no_disc(people: dict[str, ServiceContext], case_id: int, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from evidence_station.services import export_service

    real = export_service._Job.make_disc  # every disc made, but one that did not verify
    monkeypatch.setattr(export_service._Job, "make_disc", lambda job, *a: replace(real(job, *a), verified=False))
    result = export_service.export_evidence(people["clerk"], case_id, producer="clerk",
                                            extractor="李四（执法证 33010001）")
    assert result.status == "failed"
    assert list_discs(people["clerk"], export_id=result.export_id) == []
    assert not AuditEvent.select().where(AuditEvent.action == "disc.register").exists()


def test_the_label_names_case_disc_producer_extractor_time_and_digest(people: dict[str, ServiceContext],
                                                                       case_id: int, tmp_path: Path) -> None:
    clerk = people["clerk"]
    ids = [r.id for r in Recording.select()]
    export_id = _recorded_export(clerk, case_id, [ids[:2], ids[2:]])
    second = register_discs(clerk, export_id)[1]
    [label] = disc_labels(clerk, second.disc_id)
    assert label.lines[:5] == [f"案号：{CASE_NUMBER}", "第 2 张，共 2 张", "制作人：陈文书",
                               "提取人：李四（执法证 33010001）", "提取时间：2026-11-24 10:00"]
    assert label.lines[5] == "SHA-256：2222222222222222…" and "密级" not in "".join(label.lines)
    sheet = tmp_path / "labels.pdf"
    sheet.write_bytes(disc_label_sheet(clerk, second.disc_id).content)
    text = subprocess.run(["pdftotext", "-raw", str(sheet), "-"], capture_output=True, text=True, check=True).stdout
    assert "第 2 张，共 2 张" in text and "2222222222222222" in text


def test_where_each_copy_went_is_recorded_and_kept(people: dict[str, ServiceContext], case_id: int) -> None:
    clerk = people["clerk"]
    export_id = _recorded_export(clerk, case_id, [[r.id for r in Recording.select()]])
    [disc] = register_discs(clerk, export_id, copies=2)
    copy = record_disc_transfer(clerk, disc.disc_id, 1, destination_kind="case_file", destination=CASE_NUMBER,
                                received_by="档案员 王五")
    assert [(t.destination_kind, t.destination, t.received_by) for t in copy.transfers] == [
        ("case_file", CASE_NUMBER, "档案员 王五")]
    record_disc_transfer(clerk, disc.disc_id, 2, destination_kind="court", destination="明山区人民法院",
                         received_by="书记员 赵六", note="随起诉材料移送")
    [listed] = list_discs(clerk, case_id=case_id)
    assert [c.transfers[-1].destination_kind for c in listed.copy_records] == ["case_file", "court"]
    with pytest.raises(NotFoundError):
        record_disc_transfer(clerk, disc.disc_id, 3, destination_kind="court", destination="x", received_by="y")
    with pytest.raises(InvalidInputError):
        record_disc_transfer(clerk, disc.disc_id, 1, destination_kind="drawer", destination="x", received_by="y")
    with pytest.raises(PermissionDeniedError):
        record_disc_transfer(people["investigator"], disc.disc_id, 1, destination_kind="court", destination="x",
                             received_by="y")
    assert AuditEvent.select().where(AuditEvent.action == "disc.transfer").count() == 2


def test_a_classified_disc_carries_its_class_period_and_numbered_copies_held_by_people(
    station: Station, people: dict[str, ServiceContext], case_id: int
) -> None:
    clerk = people["clerk"]
    ids = [r.id for r in Recording.select().order_by(Recording.id)]
    Recording.update(classification="commercial_secret").where(Recording.id == ids[0]).execute()
    export_id = _recorded_export(clerk, case_id, [ids[:1], ids[1:]])
    with pytest.raises(InvalidInputError):  # no secrecy period
        register_discs(clerk, export_id, copies=2, holders=["director", "director2"])
    with pytest.raises(InvalidInputError):  # copies not registered to people
        register_discs(clerk, export_id, copies=2, secrecy_period="10年")
    with pytest.raises(InvalidInputError):  # the holders' clearance is too low
        register_discs(clerk, export_id, copies=2, holders=["director", "director2"], secrecy_period="10年")
    User.update(clearance=2).where(User.name.in_(["director", "director2", "clerk"])).execute()
    clerk = login(station, "clerk", PASSWORD)
    secret, ordinary = register_discs(clerk, export_id, copies=2, holders=["director", "director2"],
                                      secrecy_period="10年")
    assert (secret.classified, secret.classification, secret.secrecy_period) == (True, "commercial_secret", "10年")
    assert [c.holder for c in secret.copy_records] == ["director", "director2"]
    assert (ordinary.classified, ordinary.secrecy_period) == (False, "")
    first, second = disc_labels(clerk, secret.disc_id)
    assert "密级：商业秘密" in first.lines and "保密期限：10年" in first.lines
    assert first.lines[-1] == "第 1 份，共 2 份，责任人：Director" and second.lines[-1].startswith("第 2 份，共 2 份")
    assert [d.disc_id for d in list_discs(people["investigator"], case_id=case_id)] == [ordinary.disc_id]
    with pytest.raises(NotFoundError):  # a class the user may not know of answers as missing (audited)
        disc_labels(people["clerk"], secret.disc_id)  # logged in before the clearance was raised


def test_the_register_through_the_client(station: Station, people: dict[str, ServiceContext], case_id: int) -> None:
    clerk = StationClient.login(InProcessTransport(Dispatcher(station)), "clerk", PASSWORD)
    export_id = _recorded_export(people["clerk"], case_id, [[r.id for r in Recording.select()]])
    [disc] = clerk.register_discs(export_id, copies=1)
    assert clerk.list_discs(export_id=export_id) == [disc]
    assert clerk.disc_labels(disc.disc_id)[0].lines[1] == "第 1 张，共 1 张"
    assert clerk.disc_label_sheet(disc.disc_id).content.startswith(b"%PDF")


# -- 密级 and 保密期限 from the export -----------------------------------------------------------------------------
def test_a_classified_export_enters_its_class_and_secrecy_period_and_the_label_carries_them(
    people: dict[str, ServiceContext], case_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evidence_station.services import export_service
    from evidence_station.services.classification_service import set_classification
    from evidence_station.services.export_service import export_evidence

    plans = []  # what each disc was staged from: its manifest and sheet carry plan.secrecy
    real_stage = export_service.stage_disc
    monkeypatch.setattr(export_service, "stage_disc", lambda plan, *a: (plans.append(plan), real_stage(plan, *a))[1])
    from evidence_station.services.viewing_service import approve_request, request_viewing
    from tests.helpers.people import add_person

    secret = Recording.select().order_by(Recording.id)[1].id
    chief = add_person(people["admin"].station, people["admin"], "chief", "director", clearance=3)
    set_classification(chief, secret, "commercial_secret", reason="涉及商业秘密")
    clerk = add_person(people["admin"].station, people["admin"], "clerk2", "clerk", clearance=2)
    approve_request(chief, request_viewing(clerk, recording_ids=[secret], reason="作为证据附卷",
                                           kind="secret_export").request_id)
    result = export_evidence(clerk, case_id, producer="clerk2", extractor="李四（执法证 33010001）",
                             secrecy_period=" 10年 ")
    assert result.verified
    assert AuditEvent.get(AuditEvent.action == "export.start").details["secrecy_period"] == "10年"
    assert [p.secrecy for p in plans] == [CarrierSecrecy("commercial_secret", "商业秘密", "10年")]
    [entry] = list_discs(clerk, export_id=result.export_id)
    assert (entry.classified, entry.classification, entry.secrecy_period) == (True, "commercial_secret", "10年")
    assert entry.entered_by_export and entry.confirmed_by is None
    [label] = disc_labels(clerk, entry.disc_id)  # printable at once: the export gave the period
    assert "密级：商业秘密" in label.lines and "保密期限：10年" in label.lines
    assert list_discs(people["investigator"], export_id=result.export_id) == []  # a class they may not know of
    # The clerk confirms: the copy is registered to a person; the export's period stays unless another is given.
    [confirmed] = register_discs(clerk, result.export_id, holders=["chief"])
    assert (confirmed.secrecy_period, confirmed.copy_records[0].holder) == ("10年", "chief")


def test_a_classified_disc_whose_export_gave_no_period_is_labelled_only_once_registered(
    station: Station, people: dict[str, ServiceContext], case_id: int
) -> None:
    from evidence_station.catalogue.database import write_transaction
    from evidence_station.services.disc_register import enter_export_discs

    ids = [r.id for r in Recording.select().order_by(Recording.id)]
    Recording.update(classification="state_secret").where(Recording.id == ids[0]).execute()
    User.update(clearance=3).where(User.name.in_(["clerk", "director"])).execute()
    clerk = login(station, "clerk", PASSWORD)
    export_id = _recorded_export(clerk, case_id, [ids])
    with write_transaction():
        enter_export_discs(clerk, Export.get_by_id(export_id), list(ExportDisc.select()))
    [entry] = list_discs(clerk, export_id=export_id)
    assert (entry.classification, entry.secrecy_period) == ("state_secret", "")
    with pytest.raises(InvalidInputError, match="no secrecy period") as refused:
        disc_labels(clerk, entry.disc_id)
    assert f"disc register {export_id}" in refused.value.message_zh
    with pytest.raises(InvalidInputError):
        disc_label_sheet(clerk, entry.disc_id)
    with pytest.raises(InvalidInputError):  # still no period
        register_discs(clerk, export_id, holders=["director"])
    register_discs(clerk, export_id, holders=["director"], secrecy_period="至2036-12-31")
    [label] = disc_labels(clerk, entry.disc_id)
    assert "密级：国家秘密" in label.lines and "保密期限：至2036-12-31" in label.lines
    assert label.lines[-1] == "第 1 份，共 1 份，责任人：Director"


def test_a_secrecy_period_for_an_export_without_classified_footage_is_refused(
    people: dict[str, ServiceContext], case_id: int, tmp_path: Path
) -> None:
    from evidence_station.services.export_service import export_evidence

    with pytest.raises(InvalidInputError, match="no classified recording") as refused:
        export_evidence(people["clerk"], case_id, producer="clerk", extractor="李四（执法证 33010001）",
                        secrecy_period="10年")
    assert refused.value.exit_code == 2 and "保密期限" in refused.value.message_zh
    assert Export.select().count() == 0 and not (tmp_path / "case.iso").exists()
