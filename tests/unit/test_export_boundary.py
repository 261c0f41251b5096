"""Cases and exports through the station service, in-process and over HTTP: the station builds and verifies the
discs and keeps the images; the desk downloads them (only the clerk who made the export may), writes them by the
output rules and refuses any byte that differs from what the station reported; nothing crossing the boundary
names a path inside the station's home."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from evidence_station.api import codec
from evidence_station.api.exports import BurnReport, DiscProblem
from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.cases import Export
from evidence_station.client.disc_export import export_to_desk
from evidence_station.client.station_client import StationClient
from evidence_station.client.transport import InProcessTransport, Transport
from evidence_station.disc.checkpoint import read_disc_checkpoint
from evidence_station.disc.disc_reader import open_disc, read_small
from evidence_station.disc.verify_disc import verify_disc
from evidence_station.domain.errors import (
    IntegrityProblemError,
    InvalidInputError,
    PermissionDeniedError,
    StationUnreachableError,
)
from evidence_station.domain.progress import Progress, Stage
from evidence_station.domain.roles import Role
from evidence_station.export import disc_image
from evidence_station.server.dispatch import Dispatcher
from evidence_station.services import export_discs
from evidence_station.services.station import Station
from evidence_station.services.users import add_user
from tests.conftest import PASSWORD
from tests.helpers.recordings import make_recordings

EXTRACTOR = "李四 (执法证 33010001)"


@pytest.fixture
def dispatcher(station: Station, people: dict) -> Dispatcher:
    add_user(people["admin"], name="clerk2", roles=[Role.CLERK], password=PASSWORD, display_name="Clerk Two",
             badge_number="B-CL2", clearance=0)
    return Dispatcher(station)


@pytest.fixture
def clerk(transport: Transport) -> StationClient:
    return StationClient.login(transport, "clerk", PASSWORD)


@pytest.fixture
def case_id(people: dict, clerk: StationClient) -> int:
    recordings = make_recordings(people["custodian"])
    case = clerk.add_case(title="某建筑公司拖欠工资案", number="明人社监〔2026〕12号")
    assert clerk.attach_recordings(case.case_id, recordings).attached == tuple(recordings)
    return case.case_id


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    folder = tmp_path / "desk"
    folder.mkdir()
    return folder


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action == action).order_by(AuditEvent.seq))


def test_the_desk_writes_the_image_the_station_built_and_burns_it(clerk: StationClient, case_id: int,
                                                                  station: Station, desk: Path) -> None:
    seen: list[Progress] = []
    result = export_to_desk(clerk, case_id, producer="clerk", extractor=EXTRACTOR, out=desk / "case.iso",
                            burn_drive=f"stdio:{desk / 'medium.iso'}", progress=seen.append)
    assert result.verified and result.status == "completed"
    image = Path(result.image)
    assert image == desk / "case.iso" and _sha256(image) == result.image_sha256
    [kept] = station.home.exports_dir.glob("export-*-disc-1.iso")
    assert kept.read_bytes() == image.read_bytes() and kept.stat().st_mode & 0o777 == 0o600
    assert verify_disc(desk / "medium.iso").ok and result.images[0].burned
    assert sorted(p.name for p in desk.iterdir()) == ["case.iso", "medium.iso"]
    # Each step says what it is doing (the station's steps, then the desk's).
    stages = list(dict.fromkeys(p.stage for p in seen))
    assert stages == [Stage.STAGING, Stage.SIGNING, Stage.WRITING_IMAGE, Stage.CHECKING_IMAGE, Stage.DOWNLOADING,
                      Stage.BURNING, Stage.VERIFYING_DISC]
    # Nothing that crossed the boundary names the station's home.
    crossed = b"".join(codec.encode(x) for x in (result, clerk.list_exports(), clerk.get_case(case_id),
                                                 clerk.list_cases()))
    assert str(station.home.root).encode() not in crossed and b"exports/" not in crossed
    assert not any(str(station.home.root) in p.item for p in seen)
    download = _events("export.download")[0]
    assert download.actor == "clerk" and download.details["session"] == clerk.session.session_id
    assert _events("export.burn")[0].details["session"] == clerk.session.session_id
    [view] = clerk.list_exports(case_id=case_id)
    assert view.images[0]["image"] is None and view.images[0]["burned"] and view.verified
    sheet = clerk.export_sheet(result.export_id, 1)
    with open_disc(image) as disc:
        assert sheet.content == read_small(disc, "PROVENANCE.pdf") and sheet.media_type == "application/pdf"
    check = clerk.check_disc_checkpoint(read_disc_checkpoint(image))
    assert check.ok and check.checkpoint_id == result.checkpoint["checkpoint_id"], check.problems
    assert _events("audit.check_disc")[-1].details["session"] == clerk.session.session_id


class _Tampered:
    """The image as it arrives at the desk with one byte flipped, or cut short."""

    def __init__(self, stream: Any, how: str) -> None:
        self.stream, self.how, self.size, self.done = stream, how, stream.size, 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        if self.how == "flipped" and self.done <= 70_000 < self.done + len(chunk):
            at = 70_000 - self.done
            chunk = chunk[:at] + bytes([chunk[at] ^ 1]) + chunk[at + 1:]
        if self.how == "cut" and self.done + len(chunk) > self.size - 4096:
            chunk = chunk[: max(0, self.size - 4096 - self.done)]
        self.done += len(chunk)
        return chunk


@pytest.mark.parametrize("how", ["flipped", "cut"])
def test_a_download_that_differs_from_the_stations_image_is_refused(
    clerk: StationClient, transport: Transport, case_id: int, desk: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    real = type(transport).download

    @contextmanager
    def tampered(self: Transport, token: str, export_id: int, disc: int) -> Iterator[Any]:
        with real(self, token, export_id, disc) as stream:
            yield _Tampered(stream, how)

    monkeypatch.setattr(type(transport), "download", tampered)
    with pytest.raises(IntegrityProblemError, match="altered on its way") as refused:
        export_to_desk(clerk, case_id, producer="clerk", extractor=EXTRACTOR, out=desk / "case.iso",
                       burn_drive=f"stdio:{desk / 'medium.iso'}")
    assert refused.value.exit_code == 1 and "被改动" in refused.value.text_zh()
    assert list(desk.iterdir()) == []  # neither the image nor its temporary file, and nothing burned


def test_a_download_that_breaks_off_keeps_nothing(
    clerk: StationClient, transport: Transport, case_id: int, desk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = export_discs.OpenedImage.read

    def failing(self: export_discs.OpenedImage, size: int = -1) -> bytes:
        if self.stream.tell() > 0:
            raise OSError(5, "Input/output error")
        return real(self, min(size, 65_536))

    monkeypatch.setattr(export_discs.OpenedImage, "read", failing)
    expected = OSError if isinstance(transport, InProcessTransport) else StationUnreachableError
    with pytest.raises(expected):
        export_to_desk(clerk, case_id, producer="clerk", extractor=EXTRACTOR, out=desk / "case.iso")
    assert list(desk.iterdir()) == []


def test_only_the_clerk_who_made_an_export_gets_its_images(
    clerk: StationClient, transport: Transport, case_id: int, desk: Path
) -> None:
    result = export_to_desk(clerk, case_id, producer="clerk", extractor=EXTRACTOR, out=desk / "case.iso")
    other = StationClient.login(transport, "clerk2", PASSWORD)
    before = AuditEvent.select().count()
    with pytest.raises(PermissionDeniedError, match="only the clerk who made"), \
            other.download_export_image(result.export_id, 1):
        pass
    with pytest.raises(PermissionDeniedError, match="only the clerk who made"):
        other.record_burn(result.export_id, 1, BurnReport(drive="stdio:/tmp/x.iso", verified=True))
    refused = list(AuditEvent.select().where(AuditEvent.seq > before).order_by(AuditEvent.seq))
    assert [(e.action, e.actor, e.outcome) for e in refused] == [
        ("refused.export_download", "clerk2", "refused"), ("refused.export_burn", "clerk2", "refused")]
    investigator = StationClient.login(transport, "investigator", PASSWORD)
    with pytest.raises(PermissionDeniedError, match="may not export evidence"), \
            investigator.download_export_image(result.export_id, 1):
        pass
    with pytest.raises(PermissionDeniedError, match="may not export evidence"):
        investigator.export_evidence(case_id, producer="clerk", extractor=EXTRACTOR)
    assert Export.select().count() == 1


def test_ids_and_numbers_out_of_range_are_refused_before_any_service_runs(clerk: StationClient) -> None:
    before = AuditEvent.select().count()
    for call in (lambda: clerk.download_export_image(2**64, 1), lambda: clerk.download_export_image(1, 0),
                 lambda: clerk.count_export_discs(2**64), lambda: clerk.export_sheet(1, 10**6),
                 lambda: clerk.record_burn(0, 1, BurnReport(drive="/dev/sr0", verified=True)),
                 lambda: clerk.attach_recordings(1, [2**63]), lambda: clerk.get_case(0),
                 lambda: clerk.export_evidence(1, producer="clerk", extractor=EXTRACTOR, media_bytes=0)):
        with pytest.raises(InvalidInputError):
            call()
    assert AuditEvent.select().count() == before


def test_an_export_that_did_not_verify_hands_nothing_to_the_desk(
    clerk: StationClient, case_id: int, station: Station, desk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = disc_image.verify_disc

    def finds_a_problem(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        found.problems.append(DiscProblem("SHA256SUMS", "sums_mismatch", "SHA256SUMS and MANIFEST.json disagree."))
        return found

    monkeypatch.setattr(disc_image, "verify_disc", finds_a_problem)
    result = export_to_desk(clerk, case_id, producer="clerk", extractor=EXTRACTOR, out=desk / "case.iso",
                            burn_drive=f"stdio:{desk / 'medium.iso'}")
    assert not result.verified and result.status == "failed" and result.image == ""
    assert list(desk.iterdir()) == []
    assert [p.name for p in station.home.exports_dir.glob("*.iso")] == [f"export-{result.export_id}-disc-1.iso"]
    with pytest.raises(IntegrityProblemError, match="kept there for examination"), \
            clerk.download_export_image(result.export_id, 1):
        pass


def test_cases_through_the_client(clerk: StationClient, transport: Transport, people: dict) -> None:
    recordings = make_recordings(people["custodian"])
    case = clerk.add_case(title="乙案", parties="某公司")
    assert case.number.startswith("CASE-") and case.status == "open"
    assert clerk.attach_recordings(case.case_id, recordings[:2]).attached == tuple(recordings[:2])
    assert clerk.attach_recordings(case.case_id, recordings[:1]).already_attached == (recordings[0],)
    assert clerk.detach_recordings(case.case_id, [recordings[1]]).recording_ids == (recordings[0],)
    shown = clerk.get_case(case.case_id)
    assert [r.id for r in shown.recordings] == [recordings[0]]
    assert [c.case_id for c in clerk.list_cases(status="open")] == [case.case_id]
    closed = clerk.close_case(case.case_id, retention="30y")
    assert closed.status == "closed" and closed.retention_until is not None
    auditor = StationClient.login(transport, "auditor", PASSWORD)
    with pytest.raises(PermissionDeniedError, match="may not manage cases"):
        auditor.add_case(title="丙案")
    assert [c.case_id for c in auditor.list_cases()] == [case.case_id]


def test_how_a_person_is_printed_is_asked_of_the_station(clerk: StationClient, transport: Transport) -> None:
    """person_on_disc (the export wizard's preview): a user's login name becomes their name and badge, a typed
    name needs an ID number, only a producer or an extractor is named, and only a clerk may ask."""
    assert clerk.person_on_disc("clerk", "producer") == "Clerk（执法证 B-CLE）"
    assert clerk.person_on_disc(EXTRACTOR, "extractor") == EXTRACTOR
    with pytest.raises(InvalidInputError, match="not a station user"):
        clerk.person_on_disc("李四", "extractor")
    with pytest.raises(InvalidInputError):
        clerk.person_on_disc("clerk", "witness")  # type: ignore[arg-type]
    investigator = StationClient.login(transport, "investigator", PASSWORD)
    with pytest.raises(PermissionDeniedError, match="may not export evidence"):
        investigator.person_on_disc("clerk", "producer")
