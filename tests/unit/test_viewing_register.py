"""The Art. 18 viewing register: entries, the printable PDF (text extraction) and the CSV."""

from __future__ import annotations

import csv
import re
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.disc.signatures import validate_pdf_signature
from evidence_station.domain.clock import FrozenClock
from evidence_station.domain.errors import PermissionDeniedError
from evidence_station.services import viewing_service as vs
from evidence_station.services.classification_service import set_classification
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from evidence_station.services.viewing_pictures import take_snapshot
from evidence_station.services.viewing_register import viewing_register, viewing_register_csv, viewing_register_pdf
from tests.helpers.people import add_person
from tests.helpers.recordings import add_recording, clip_bytes

REASON_A = "投诉核查"
REASON_B = "复议案卷审查"


@pytest.fixture
def two_sessions(people: dict[str, ServiceContext], clock: FrozenClock) -> list[int]:
    """Two viewing sessions by two viewers with different approvers, one with a range and a snapshot."""
    rec1 = add_recording(people["custodian"], data=clip_bytes()).id
    rec2 = add_recording(people["custodian"]).id
    req = vs.request_viewing(people["investigator"], recording_ids=[rec1], reason=REASON_A,
                             purpose="complaint_petition")
    vs.approve_request(people["director"], req.request_id)
    clock.advance(timedelta(minutes=10))
    s1 = vs.open_viewing_session(people["investigator"], rec1)
    vs.record_watched_range(people["investigator"], s1.session_id, 0, 65_000)
    take_snapshot(people["investigator"], s1.session_id, 3_000)
    clock.advance(timedelta(minutes=5))
    vs.close_viewing_session(people["investigator"], s1.session_id)
    req2 = vs.request_viewing(people["clerk"], recording_ids=[rec2], reason=REASON_B, purpose="review_litigation")
    vs.approve_request(people["director2"], req2.request_id)
    clock.advance(timedelta(hours=1))
    s2 = vs.open_viewing_session(people["clerk"], rec2)  # left open
    return [s1.session_id, s2.session_id]


def test_register_entries(people: dict[str, ServiceContext], two_sessions: list[int]) -> None:
    entries = viewing_register(people["auditor"])
    assert [e.session_id for e in entries] == two_sessions
    first, second = entries
    assert (first.viewer, first.badge_number, first.reason, first.purpose_label, first.approver) == (
        "investigator", "B-INV", REASON_A, "投诉信访", "director")
    assert first.approved_at == datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
    assert first.opened_at == first.approved_at + timedelta(minutes=10)
    assert first.closed_at == first.opened_at + timedelta(minutes=5)
    assert first.watched == [(0, 65_000)] and first.snapshots[0].offset_ms == 3_000
    assert (second.viewer, second.approver, second.closed_at) == ("clerk", "director2", None)
    assert [e.viewer for e in viewing_register(people["custodian"], viewer="clerk")] == ["clerk"]
    since = first.opened_at + timedelta(minutes=1)
    assert [e.session_id for e in viewing_register(people["director"], since=since)] == two_sessions[1:]
    with pytest.raises(PermissionDeniedError):
        viewing_register(people["investigator"])


def _pdf_text(path: Path, *extra: str) -> str:
    return subprocess.run(["pdftotext", *extra, str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_register_pdf_has_each_session(people: dict[str, ServiceContext], two_sessions: list[int],
                                       tmp_path: Path, station: Station) -> None:
    pdf = tmp_path / "register.pdf"
    pdf.write_bytes(viewing_register_pdf(people["custodian"]).content)
    flat = re.sub(r"\s+", "", _pdf_text(pdf, "-raw"))  # content-stream order keeps each cell together
    for heading in ("执法音像记录查阅登记簿", "序号", "查阅人", "查阅事由", "批准人", "批准时间", "开始时间",
                    "结束时间", "查阅内容", "截图", "备注"):
        assert heading in flat, heading
    # Viewer, reason, approver and the times of each session (station time, Asia/Shanghai).
    for needle in ("Investigator（investigator）", "B-INV", REASON_A, "Director（director）", "2026-11-2410:00:00",
                   "2026-11-2410:10:00", "2026-11-2410:15:00", "Clerk（clerk）", REASON_B,
                   "Director2（director2）", "2026-11-2411:15:00", "未关闭", "00:00:00–00:01:05", "1张"):
        assert needle in flat, needle
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert all(" yes " in line for line in fonts.splitlines()[2:]), fonts  # every font embedded
    ok, message = validate_pdf_signature(pdf, station.certificate)
    assert ok, message
    assert AuditEvent.select().order_by(AuditEvent.seq.desc()).first().action == "viewing.register_pdf"


def test_register_pdf_is_landscape(people: dict[str, ServiceContext], tmp_path: Path) -> None:
    pdf = tmp_path / "empty.pdf"
    pdf.write_bytes(viewing_register_pdf(people["auditor"], sign=False).content)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert width > height
    assert "本期间无查阅记录" in _pdf_text(pdf)


def test_register_csv(people: dict[str, ServiceContext], two_sessions: list[int], tmp_path: Path) -> None:
    document = viewing_register_csv(people["auditor"])
    assert document.media_type == "text/csv" and document.file_name.endswith(".csv")
    path = tmp_path / "register.csv"
    path.write_bytes(document.content)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    assert [r["viewer"] for r in rows] == ["investigator", "clerk"]
    assert rows[0]["reason"] == REASON_A and rows[0]["approver"] == "director"
    assert rows[0]["opened_at"] == "2026-11-24 10:10:00" and rows[0]["watched"] == "0-65000"


def test_secret_sessions_left_out_for_readers_without_clearance(people: dict[str, ServiceContext],
                                                                station: Station, two_sessions: list[int]) -> None:
    admin = people["admin"]
    boss = add_person(station, admin, "boss", "director", clearance=3)
    agent = add_person(station, admin, "agent", "investigator", clearance=3)
    keeper = add_person(station, admin, "keeper", "custodian", clearance=3)
    rec = add_recording(people["custodian"]).id
    set_classification(boss, rec, "state_secret", reason="涉密")
    req = vs.request_viewing(agent, recording_ids=[rec], reason="专案")
    vs.approve_request(boss, req.request_id)
    vs.open_viewing_session(agent, rec)
    assert len(viewing_register(people["custodian"])) == 2
    assert len(viewing_register(keeper)) == 3
