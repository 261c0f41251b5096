"""The monthly report over more open findings than it lists (#22): the PDF lists the oldest up to the bound, says
how many there are, and carries every open finding in the signed, attached CSV."""

from __future__ import annotations

import csv
import io
import subprocess
from itertools import pairwise
from pathlib import Path

import pytest

from evidence_station.disc.signatures import validate_pdf_signature
from evidence_station.disc.witness import attached_file
from evidence_station.domain.findings import FindingKind
from evidence_station.services import compliance_report
from evidence_station.services.compliance_report import monthly_report, open_findings_file_name
from evidence_station.services.context import ServiceContext
from evidence_station.services.device_service import add_device
from tests.helpers.findings import add_finding
from tests.helpers.recordings import add_recording, utc


def test_report_lists_the_bound_and_attaches_every_open_finding(people: dict[str, ServiceContext],
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    custodian = people["custodian"]
    monkeypatch.setattr(compliance_report, "OPEN_FINDINGS_LISTED", 3)
    add_device(custodian, serial="Z1", model="m", group="一组")
    recs = [add_recording(custodian, "Z1", utc(1, i * 5), seconds=60, in_vault=False) for i in range(6)]
    for a, b in pairwise(recs):
        add_finding(custodian, FindingKind.GAP, [a, b], 240.0)
    result = monthly_report(custodian, month="2026-11")
    open_ids = [f.id for f in result.figures.open_findings]
    assert len(open_ids) > 3  # five gaps and the fixture's single-person grant

    out = tmp_path / "report.pdf"
    out.write_bytes(result.document.content)
    ok, message = validate_pdf_signature(out, custodian.station.certificate)
    assert ok, message  # the attachment is under the signature
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert f"最早的 3 项，共 {len(open_ids)} 项" in text
    assert open_findings_file_name("2026-11") in text
    section = text.split("五、未处理的问题清单")[1].split("六、")[0]
    assert "test gap" in section and section.count("test gap") <= 3

    data = attached_file(result.document.content, open_findings_file_name("2026-11"))
    assert data is not None and data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [int(r["id"]) for r in rows] == open_ids
    assert {r["kind"] for r in rows} == {"gap", "single_person_admin"}
