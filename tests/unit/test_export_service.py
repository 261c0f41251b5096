"""The evidence-export use case: records and audit, permissions, approvals, several discs, cancel, vault
corruption, a medium that fails read-back, and the disc's checkpoint catching a later history rewrite."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from evidence_station.api.exports import ExportResult
from evidence_station.audit.chain import GENESIS_HASH, event_hash
from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.bookmarks import Bookmark
from evidence_station.catalogue.cases import Export, ExportDisc, ExportFile
from evidence_station.catalogue.recordings import Recording
from evidence_station.catalogue.viewing import ViewingRequest
from evidence_station.client import disc_export
from evidence_station.client.disc_export import export_to_desk
from evidence_station.disc.disc_reader import open_disc, read_small
from evidence_station.disc.verify_disc import verify_disc
from evidence_station.domain.errors import (
    InvalidInputError,
    NotFoundError,
    OperationCancelledError,
    PermissionDeniedError,
)
from evidence_station.domain.progress import CancelToken, Progress
from evidence_station.export.errors import VaultCopyMismatchError
from evidence_station.export.staging import DEFAULT_DISC_OVERHEAD
from evidence_station.services.audit_checkpoint_check import check_disc_at
from evidence_station.services.case_service import add_case, attach_recordings
from evidence_station.services.classification_service import set_classification
from evidence_station.services.context import ServiceContext
from evidence_station.services.export_discs import ContextExports, export_sheet
from evidence_station.services.export_service import export_evidence, list_exports, people_for_disc
from evidence_station.services.station import Station
from evidence_station.services.viewing_service import approve_request, request_viewing
from tests.helpers.people import add_person
from tests.helpers.recordings import make_recordings

EXTRACTOR = "李四 (执法证 33010001)"


@pytest.fixture
def recordings(people: dict[str, ServiceContext]) -> list[int]:
    """Three catalogued recordings (one with a Chinese name) imported by the custodian."""
    return make_recordings(people["custodian"])


@pytest.fixture
def case_id(people: dict[str, ServiceContext], recordings: list[int]) -> int:
    clerk = people["clerk"]
    case = add_case(clerk, title="某建筑公司拖欠工资案", number="明人社监〔2026〕12号")
    attach_recordings(clerk, case.case_id, recordings)
    return case.case_id




def _export(ctx: ServiceContext, case_id: int, out: Path, **kwargs: object) -> ExportResult:
    """The export as a desk runs it: built and verified at the station, written (and burned) at ``out``."""
    return export_to_desk(ContextExports(ctx), case_id, producer="clerk", extractor=EXTRACTOR, out=out,
                          **kwargs)  # type: ignore[arg-type]


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action == action).order_by(AuditEvent.seq))


def _manifest(image: Path | str) -> dict:
    with open_disc(Path(image)) as disc:
        return json.loads(read_small(disc, "MANIFEST.json"))


def _leftovers(station: Station) -> list[Path]:
    folder = station.home.exports_dir
    return list(folder.iterdir()) if folder.exists() else []


def test_export_records_everything_and_leaves_no_staging(
    people: dict[str, ServiceContext], case_id: int, recordings: list[int], tmp_path: Path
) -> None:
    clerk = people["clerk"]
    now = clerk.now()
    Bookmark.create(recording=recordings[0], offset_ms=12_500, category="notification_given", note="已告知全程录音录像",
                    author=people["investigator"].actor.user_id, created_at=now, updated_at=now)
    result = _export(clerk, case_id, tmp_path / "case.iso", burn_drive=f"stdio:{tmp_path / 'medium.iso'}")
    assert result.verified and result.status == "completed"
    assert result.producer == "Clerk（执法证 B-CLE）" and result.extractor == EXTRACTOR
    assert [f.recording_id for f in result.files] == recordings
    disc = result.images[0]
    assert disc.burned and disc.medium_volume_id == disc.volume_id == "2026_12"
    manifest = _manifest(result.image)
    assert manifest["extraction_time"] == "2026-11-24T10:00:00+08:00"  # the station clock, local time
    assert (manifest["producer"], manifest["extractor"], manifest["export_id"]) == (
        result.producer, EXTRACTOR, str(result.export_id))
    assert [f["recording"]["metadata"]["recording_id"] for f in manifest["files"]] == recordings
    mark = manifest["files"][0]["recording"]["bookmarks"][0]
    assert (mark["offset_seconds"], mark["note"]) == (12.5, "已告知全程录音录像")
    assert mark["author"] == "Investigator（执法证 B-INV）"
    # The checkpoint on the disc covers the export's own start event.
    start = _events("export.start")[0]
    assert manifest["audit_checkpoint"]["event_count"] >= start.seq
    row = Export.get_by_id(result.export_id)
    assert (row.status, row.verified, row.extractor, row.disc_count) == ("completed", True, EXTRACTOR, 1)
    running = clerk.station.home.exports_dir / ".running"
    assert not running.exists() or not list(running.iterdir()), "the running-export marker was left behind"
    disc_row = ExportDisc.get(ExportDisc.export == row)
    assert (disc_row.image_sha256, disc_row.medium_volume_id, disc_row.burned) == (disc.image_sha256, "2026_12", True)
    assert {f.sha256 for f in ExportFile.select()} == {r.sha256 for r in Recording.select()}
    created = _events("export.create")[0]
    assert created.outcome == "ok" and created.details["producer"] == result.producer
    assert created.details["discs"][0]["image_sha256"] == disc.image_sha256
    # The station checked its image with SHA-256; the medium burned at the desk was read back with both digests.
    assert created.details["discs"][0]["verified_digests"] == ["sha256"]
    burned = _events("export.burn")[0]
    assert burned.outcome == "ok" and burned.details["verified_digests"] == ["sha256", "sm3"]
    assert disc.verified_digests == ("sha256", "sm3")
    assert {f["sha256"] for f in created.details["discs"][0]["files"]} == {f.sha256 for f in result.files}
    # The station keeps its image (0600, named by export and disc), byte for byte what the desk wrote.
    [kept] = _leftovers(clerk.station)
    assert kept.name == f"export-{result.export_id}-disc-1.iso" and kept.stat().st_mode & 0o777 == 0o600
    assert kept.read_bytes() == (tmp_path / "case.iso").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.iso", "home", "medium.iso"]


@pytest.mark.parametrize("who", ["investigator", "custodian", "director", "auditor", "admin"])
def test_only_clerks_export(people: dict[str, ServiceContext], case_id: int, tmp_path: Path, who: str) -> None:
    with pytest.raises(PermissionDeniedError, match="may not export evidence"):
        _export(people[who], case_id, tmp_path / "case.iso")
    refused = _events("refused.export_evidence")
    assert [(e.actor, e.outcome, e.object_id) for e in refused] == [(who, "refused", str(case_id))]
    assert Export.select().count() == 0 and not (tmp_path / "case.iso").exists()


def test_secret_recordings_need_an_approval_that_the_export_spends(
    people: dict[str, ServiceContext], case_id: int, recordings: list[int], tmp_path: Path
) -> None:
    chief = add_person(people["admin"].station, people["admin"], "chief", "director", clearance=3)
    set_classification(chief, recordings[1], "commercial_secret", reason="涉及商业秘密")
    clerk, director = add_person(people["admin"].station, people["admin"], "clerk2", "clerk", clearance=2), chief
    with pytest.raises(PermissionDeniedError, match=r"classified.*secret export"):
        _export(clerk, case_id, tmp_path / "case.iso")
    assert _events("refused.export_evidence")[0].details["recordings"] == [recordings[1]]
    assert Export.select().count() == 0
    # Leaving it out is fine; with the director's approval it goes too, once.
    assert _export(clerk, case_id, tmp_path / "a.iso", recording_ids=[recordings[0]]).verified
    asked = request_viewing(clerk, recording_ids=[recordings[1]], reason="作为证据附卷", kind="secret_export")
    approve_request(director, asked.request_id)
    result = _export(clerk, case_id, tmp_path / "b.iso")
    assert result.verified and result.images[0].verified_digests == ("sha256",)  # not burned: the image's check
    assert _manifest(result.image)["files"][1]["recording"]["classification"] == "商业秘密 commercial_secret"
    assert ViewingRequest.get_by_id(asked.request_id).used_at is not None
    assert _events("export.create")[-1].details["approvals"] == [asked.request_id]
    with pytest.raises(PermissionDeniedError, match="secret export"):
        _export(clerk, case_id, tmp_path / "c.iso")


def test_a_clerk_without_clearance_exports_only_what_they_may_know_of(
    people: dict[str, ServiceContext], case_id: int, recordings: list[int], tmp_path: Path
) -> None:
    """Art. 20: a secret above the clerk's clearance is not in the case as the clerk sees it — the export leaves it
    out, naming it answers as for a recording that does not exist (audited), and the export list and sheet of an
    export holding it are hidden from the clerk."""
    chief = add_person(people["admin"].station, people["admin"], "chief", "director", clearance=3)
    cleared = add_person(people["admin"].station, people["admin"], "clerk3", "clerk", clearance=3)
    set_classification(chief, recordings[1], "state_secret", reason="涉及国家秘密")
    clerk = people["clerk"]
    with pytest.raises(NotFoundError, match=f"No recording with id {recordings[1]}"):
        _export(clerk, case_id, tmp_path / "named.iso", recording_ids=[recordings[1]])
    assert _events("recording.hidden_access")[-1].details["attempted"] == "export_evidence"
    result = _export(clerk, case_id, tmp_path / "case.iso")
    assert result.verified and [f.recording_id for f in result.files] == [recordings[0], recordings[2]]
    assert "涉及国家秘密" not in json.dumps(_manifest(result.image), ensure_ascii=False)
    asked = request_viewing(cleared, recording_ids=[recordings[1]], reason="作为证据附卷", kind="secret_export")
    approve_request(chief, asked.request_id)
    secret = _export(cleared, case_id, tmp_path / "secret.iso")
    assert [f.recording_id for f in secret.files] == recordings
    assert [e.export_id for e in list_exports(clerk)] == [result.export_id]
    assert [e.export_id for e in list_exports(cleared)] == [secret.export_id, result.export_id]
    with pytest.raises(NotFoundError):
        export_sheet(clerk, secret.export_id)
    assert export_sheet(cleared, secret.export_id).content.startswith(b"%PDF")


def test_external_provision_needs_an_approval(people: dict[str, ServiceContext], case_id: int, tmp_path: Path) -> None:
    with pytest.raises(PermissionDeniedError, match="other than evidence"):
        _export(people["clerk"], case_id, tmp_path / "case.iso", for_evidence=False)
    with pytest.raises(PermissionDeniedError, match="other than evidence"):  # the choice alone decides (Art. 19)
        _export(people["clerk"], case_id, tmp_path / "case.iso", purpose="external_provision")
    with pytest.raises(InvalidInputError, match="Unknown export purpose") as free_text:  # free text decides nothing
        _export(people["clerk"], case_id, tmp_path / "case.iso", purpose="提供给保险公司")
    assert "经批准对外提供" in free_text.value.text_zh()
    assert Export.select().count() == 0


def test_refuses_disposed_unattached_and_bad_input(
    people: dict[str, ServiceContext], case_id: int, recordings: list[int], tmp_path: Path
) -> None:
    clerk = people["clerk"]
    other = add_case(clerk, title="乙")
    with pytest.raises(InvalidInputError, match="no recordings"):
        _export(clerk, other.case_id, tmp_path / "x.iso")
    with pytest.raises(InvalidInputError, match="not attached"):
        attach_recordings(clerk, other.case_id, recordings[:1])
        _export(clerk, other.case_id, tmp_path / "x.iso", recording_ids=recordings[1:2])
    with pytest.raises(InvalidInputError, match="ID number"):
        export_evidence(clerk, case_id, producer="王五", extractor=EXTRACTOR)
    with pytest.raises(InvalidInputError, match="Unknown medium"):
        _export(clerk, case_id, tmp_path / "x.iso", media="floppy")
    (tmp_path / "taken.iso").write_bytes(b"old")
    with pytest.raises(InvalidInputError, match="never overwrites"):
        _export(clerk, case_id, tmp_path / "taken.iso")
    Recording.update(disposed_at=datetime(2026, 1, 1, tzinfo=UTC)).where(Recording.id == recordings[0]).execute()
    with pytest.raises(InvalidInputError, match="disposed"):
        _export(clerk, case_id, tmp_path / "x.iso")
    assert Export.select().count() == 0 and not (tmp_path / "x.iso").exists()


def test_selection_too_big_for_one_medium_is_split_into_self_contained_discs(
    people: dict[str, ServiceContext], case_id: int, recordings: list[int], tmp_path: Path
) -> None:
    # Room for one original per disc: 150 kB alone fits, 60 kB + 90 kB (+ file-system cost) do not.
    result = _export(people["clerk"], case_id, tmp_path / "case.iso", media_bytes=DEFAULT_DISC_OVERHEAD + 158_000,
                     burn_drive=f"stdio:{tmp_path / 'medium.iso'}")
    assert result.verified and len(result.images) == 3
    assert [Path(d.image).name for d in result.images] == ["case-1of3.iso", "case-2of3.iso", "case-3of3.iso"]
    assert [d.drive for d in result.images] == [f"stdio:{tmp_path / f'medium-{k}of3.iso'}" for k in (1, 2, 3)]
    assert sorted(f.recording_id for f in result.files) == sorted(recordings)
    for index, disc in enumerate(result.images, 1):
        check = verify_disc(Path(disc.image))  # each disc verifies on its own
        assert check.ok and check.files == 1, check.problems
        manifest = _manifest(disc.image)
        assert manifest["disc"] == {"index": index, "count": 3}
        assert disc.volume_id == f"2026_12_{index}"
    assert ExportDisc.select().count() == 3


def test_cancel_leaves_no_files_and_is_recorded(
    people: dict[str, ServiceContext], case_id: int, tmp_path: Path
) -> None:
    token = CancelToken()

    def cancel_when_copying(p: Progress) -> None:
        if p.done > 0:
            token.cancel()

    with pytest.raises(OperationCancelledError):
        _export(people["clerk"], case_id, tmp_path / "case.iso", progress=cancel_when_copying, cancel=token)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]
    assert _leftovers(people["clerk"].station) == []
    assert Export.get().status == "cancelled"
    assert _events("export.cancelled")[0].outcome == "cancelled"


def test_corrupt_vault_copy_fails_the_export(
    people: dict[str, ServiceContext], case_id: int, recordings: list[int], tmp_path: Path
) -> None:
    clerk = people["clerk"]
    blob = clerk.station.vault.blob_path(Recording.get_by_id(recordings[1]).sha256)
    blob.chmod(0o644)
    data = bytearray(blob.read_bytes())
    data[500] ^= 0x01
    blob.write_bytes(bytes(data))
    with pytest.raises(VaultCopyMismatchError, match="vault is corrupt"):
        _export(clerk, case_id, tmp_path / "case.iso")
    assert Export.get().status == "failed" and "现场询问录音_李四.WAV" in Export.get().message
    assert _events("export.failed")[0].outcome == "failed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"] and _leftovers(clerk.station) == []


def test_medium_that_fails_read_back_fails_the_export_loudly(
    people: dict[str, ServiceContext], case_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_burn = disc_export.burn_image

    def burn_badly(image: Path, drive: str, *args: object, **kwargs: object) -> object:
        done = real_burn(image, drive, *args, **kwargs)  # type: ignore[arg-type]
        medium = Path(drive.removeprefix("stdio:"))
        data = bytearray(medium.read_bytes())
        data[data.find(b"%PDF") + 2000] ^= 0x01  # a bad sector inside PROVENANCE.pdf
        medium.write_bytes(bytes(data))
        return done

    monkeypatch.setattr(disc_export, "burn_image", burn_badly)
    result = _export(people["clerk"], case_id, tmp_path / "case.iso", burn_drive=f"stdio:{tmp_path / 'm.iso'}")
    assert not result.verified and result.status == "failed"
    assert {p.kind for p in result.problems} >= {"image_mismatch"}
    assert Export.get().status == "failed" and not ExportDisc.get().verified
    failed = _events("export.verification_failed")
    assert failed and failed[0].outcome == "failed" and _events("export.burn")[0].outcome == "failed"
    assert _events("export.create")[0].outcome == "ok"  # the station's image verified; the medium did not


def _rewrite_event(station: Station, seq: int) -> None:
    """What a forger with database access does: change one event and recompute every hash after it."""
    station.db.close()
    con = sqlite3.connect(station.home.catalogue_file)
    con.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    rows = con.execute("SELECT seq, at, station_uid, actor, action, object_type, object_id, outcome, details "
                       "FROM audit_event ORDER BY seq").fetchall()
    prev = GENESIS_HASH
    for number, at, uid, actor, action, otype, oid, outcome, details in rows:
        details = json.loads(details)
        if number == seq:
            details = {"note": "rewritten"}
        digest = event_hash(seq=number, at=datetime.fromisoformat(at).replace(tzinfo=UTC), station_uid=uid,
                            actor=actor, action=action, object_type=otype, object_id=oid, outcome=outcome,
                            details=details, prev_hash=prev)
        con.execute("UPDATE audit_event SET details=?, prev_hash=?, hash=? WHERE seq=?",
                    (json.dumps(details), prev, digest, number))
        prev = digest
    con.commit()
    con.close()


@pytest.mark.sqlite_only("works on the SQLite catalogue file directly")
def test_disc_checkpoint_proves_a_later_history_rewrite(
    people: dict[str, ServiceContext], case_id: int, tmp_path: Path
) -> None:
    clerk = people["clerk"]
    image = Path(_export(clerk, case_id, tmp_path / "case.iso").image)
    clerk.audit("later.event", "thing", 1)
    check = check_disc_at(clerk.station, image)
    assert check.ok and check.event_count, check.problems
    _rewrite_event(clerk.station, _events("case.add")[0].seq)
    station = Station.open(clerk.station.home.root, clock=clerk.station.clock)
    try:
        check = check_disc_at(station, image)
    finally:
        station.close()
    assert not check.ok
    assert [p.kind for p in check.problems] == ["rewritten"]


def test_people_for_disc_lists_the_station_users_with_the_cases_viewers_first(
    people: dict[str, ServiceContext], case_id: int, recordings: list[int]
) -> None:
    asked = request_viewing(people["investigator2"], recording_ids=[recordings[0]], reason="办案查看")
    approve_request(people["director"], asked.request_id)
    listed = people_for_disc(people["clerk"], case_id=case_id)  # a clerk may not list users, but may name them
    assert listed[0].user == "investigator2" and listed[0].viewed_case
    assert listed[0].printed == "Investigator2（执法证 B-INV）"
    assert {"clerk", "custodian", "director"} <= {p.user for p in listed[1:]}
    assert not any(p.viewed_case for p in listed[1:])
    assert people_for_disc(people["clerk"])[0].user == "admin"  # no case: by login name
    with pytest.raises(PermissionDeniedError):
        people_for_disc(people["auditor"], case_id=case_id)
