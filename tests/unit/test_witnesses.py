"""Witnesses (issue #18, item 4; CLI.md "Witnesses"): every signed document carries the chain head it was issued at,
and ``audit verify --witness`` checks the catalogue against it — catching a rollback the station's own files (an
older catalogue *and* an older checkpoint file put back) no longer show.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from evidence_station.api.audit import Witness
from evidence_station.audit.checkpoints import SignedCheckpoint
from evidence_station.client.disc_export import export_to_desk
from evidence_station.disc.signatures import validate_pdf_signature
from evidence_station.disc.witness import read_witness
from evidence_station.domain.clock import FrozenClock
from evidence_station.domain.errors import InvalidInputError
from evidence_station.services.audit_service import verify_audit
from evidence_station.services.case_service import add_case, attach_recordings
from evidence_station.services.compliance_report import monthly_report
from evidence_station.services.context import ServiceContext
from evidence_station.services.export_discs import ContextExports
from evidence_station.services.retention_service import approve_disposal, disposal_certificate, propose_disposal
from evidence_station.services.station import Station
from evidence_station.services.users import add_user, login
from evidence_station.services.viewing_register import viewing_register_pdf
from tests.conftest import PASSWORD
from tests.helpers.documents import receipt_pdf
from tests.helpers.recordings import make_recordings
from tests.helpers.witnesses import roll_back_after_a_receipt


def test_every_signed_document_carries_the_chain_head_it_was_issued_at(
    station: Station, people: dict[str, ServiceContext], clock: FrozenClock, tmp_path: Path
) -> None:
    custodian = people["custodian"]
    receipt = receipt_pdf(custodian, tmp_path)
    register = tmp_path / "register.pdf"
    register.write_bytes(viewing_register_pdf(people["auditor"]).content)
    report = tmp_path / "report.pdf"
    report.write_bytes(monthly_report(custodian, month="2026-11").document.content)
    ids = make_recordings(custodian, sizes=(3_000, 4_000))
    case = add_case(people["clerk"], title="某案")
    attach_recordings(people["clerk"], case.case_id, ids[:1])
    disc = Path(export_to_desk(ContextExports(people["clerk"]), case.case_id, producer="clerk",
                               extractor="李四 (执法证 33010001)", out=tmp_path / "case.iso").image)
    clock.advance(timedelta(days=367))
    proposal = propose_disposal(custodian, ids[1:], reason="保存期满")
    approve_disposal(people["director"], proposal.proposal_id)
    certificate = tmp_path / "certificate.pdf"
    certificate.write_bytes(disposal_certificate(people["director"], proposal.proposal_id).content)
    heads = {}
    for path in (receipt, register, report, disc, certificate):
        witness = read_witness(path)
        heads[witness.document] = SignedCheckpoint.from_dict(
            {"payload_text": witness.payload_text, "signature_b64": witness.signature_b64})
        assert heads[witness.document].verify(station.certificate)
        if path.suffix == ".pdf":
            assert validate_pdf_signature(path, station.certificate)[0]  # the attachment is under the signature
    assert list(heads) == ["import_receipt", "viewing_register", "monthly_report", "evidence_disc",
                           "disposal_certificate"]
    counts = [int(c.payload["event_count"]) for c in heads.values()]
    assert counts == sorted(counts) and counts[0] > 1  # each the head when it was issued
    result = verify_audit(station, witnesses=[read_witness(p) for p in (receipt, register, report, disc,
                                                                          certificate)])
    assert result.ok, result.problems
    assert [w.ok for w in result.witnesses] == [True] * 5


@pytest.mark.sqlite_only("the rollback restores the SQLite catalogue file")
def test_a_rollback_the_station_no_longer_shows_is_caught_by_a_witness(
    station: Station, people: dict[str, ServiceContext], tmp_path: Path
) -> None:
    older, receipt = roll_back_after_a_receipt(station, people["custodian"], tmp_path)
    assert verify_audit(older).ok  # the station's own files no longer show it
    result = verify_audit(older, witnesses=[read_witness(receipt)])
    assert [p.kind for p in result.problems] == ["rolled_back"]
    assert str(receipt) in result.problems[0].message and "import receipt" in result.problems[0].message
    assert "见证文件" in result.problems[0].message_zh and "导入回执" in result.problems[0].message_zh
    assert result.witnesses[0].ok is False
    # Work goes on over the rolled-back catalogue: the chain grows past the witness, but not through its event.
    admin = login(older, "admin", PASSWORD)
    for n in range(30):
        add_user(admin, name=f"later{n}", roles=["clerk"], password=PASSWORD)
    assert verify_audit(older).ok
    assert [p.kind for p in verify_audit(older, witnesses=[read_witness(receipt)]).problems] == ["rewritten"]
    older.close()


def test_what_is_not_a_witness_is_refused_plainly(tmp_path: Path, station: Station) -> None:
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(b"%PDF-1.4\n%%EOF\n")
    with pytest.raises(InvalidInputError, match="carries no readable audit chain head"):
        read_witness(plain)
    forged = Witness("forged.json", "import_receipt", '{"checkpoint_id": 1}', "AAAA")
    result = verify_audit(station, witnesses=[forged])
    assert [p.kind for p in result.problems] == ["unreadable_checkpoint"]
