"""The problems verifications report (audit chain, evidence disc) carry a Chinese sentence with the same facts,
and the JSON of ``audit verify`` and ``verify-disc`` carries it as ``message_zh``."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from evidence_station.api.exports import DiscProblem
from evidence_station.cli.main import main
from evidence_station.disc.verify_disc import DiscVerification, verify_disc
from evidence_station.export.staging import stage_disc
from evidence_station.identity.signer import KeyFileSigner
from evidence_station.services.audit_service import verify_audit
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from tests.helpers.discs import CHINESE_NAME, sample_plan, station_identity

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _chinese(text: str) -> bool:
    return bool(_CJK.search(text))


def _add_events(ctx: ServiceContext, n: int) -> None:
    for i in range(n):
        ctx.audit("test.event", "thing", i, {"n": i})


def _tamper(station: Station, *statements: str) -> Station:
    """Run SQL on the catalogue with the append-only triggers dropped; the station reopened."""
    station.db.close()
    con = sqlite3.connect(station.home.catalogue_file)
    con.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    con.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    for sql in statements:
        con.execute(sql)
    con.commit()
    con.close()
    return Station.open(station.home.root, clock=station.clock)


# --- audit chain -------------------------------------------------------------------------------------------


@pytest.mark.sqlite_only("works on the SQLite catalogue file directly")
def test_altered_and_deleted_events_are_named_in_chinese(station: Station, admin: ServiceContext) -> None:
    _add_events(admin, 6)
    reopened = _tamper(station, """UPDATE audit_event SET details='{"n":99}' WHERE seq=5""",
                       "DELETE FROM audit_event WHERE seq=3")
    result = verify_audit(reopened)
    assert not result.ok
    altered = next(p for p in result.problems if p.kind == "altered")
    assert altered.seq == 5
    assert "audit event #5" in altered.message  # the English sentence is unchanged
    assert _chinese(altered.message_zh) and "审计事件 #5" in altered.message_zh and "哈希值" in altered.message_zh
    assert "test.event" in altered.message_zh and "admin" in altered.message_zh
    missing = next(p for p in result.problems if p.kind == "missing")
    assert missing.message == "Audit event #3 is missing: it was deleted."
    assert missing.message_zh == "审计事件 #3 缺失：已被删除。"
    assert missing.text_zh == missing.message_zh
    assert missing.to_dict() == {"kind": "missing", "seq": 3, "message": missing.message,
                                 "message_zh": missing.message_zh}
    for problem in result.problems:
        assert _chinese(problem.message_zh), problem


def test_swapped_certificate_is_reported_in_chinese(station: Station, admin: ServiceContext, tmp_path: Path) -> None:
    from evidence_station.identity.signer import KeyFileSigner

    KeyFileSigner.create(tmp_path / "other", station_name="Rogue", station_uid="ES-ROGUE", protected=False)
    shutil.copy(tmp_path / "other" / "station-cert.pem", station.home.identity_dir / "station-cert.pem")
    station.db.close()
    result = verify_audit(Station.open(station.home.root, clock=station.clock))
    swapped = next(p for p in result.problems if p.kind == "certificate_swapped")
    assert "工作站证书" in swapped.message_zh and "已被替换" in swapped.message_zh
    fingerprints = re.findall(r"[0-9a-f]{16}…", swapped.message)
    assert fingerprints and all(f in swapped.message_zh for f in fingerprints)
    bad = next(p for p in result.problems if p.kind == "bad_signature")
    assert bad.message_zh.startswith("检查点 #") and "本工作站证书" in bad.message_zh
    assert all(_chinese(p.message_zh) for p in result.problems)


@pytest.mark.sqlite_only("works on the SQLite catalogue file directly")
def test_audit_verify_json_carries_message_zh(
    station: Station, admin: ServiceContext, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_events(admin, 4)
    reopened = _tamper(station, """UPDATE audit_event SET details='{"n":42}' WHERE seq=4""")
    reopened.close()
    capsys.readouterr()
    assert main(["--home", str(station.home.root), "--json", "audit", "verify"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert not data["ok"]
    altered = next(p for p in data["problems"] if p["kind"] == "altered")
    assert set(altered) == {"kind", "seq", "message", "message_zh"}
    assert altered["seq"] == 4 and "audit event #4" in altered["message"]
    assert "审计事件 #4" in altered["message_zh"]


# --- evidence disc ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def staged_disc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One staged (unburned) evidence disc: a folder verify-disc accepts like a copied disc."""
    base = tmp_path_factory.mktemp("zh-disc")
    key, cert = station_identity()
    staged = stage_disc(sample_plan(base / "vault"), base / "staging", KeyFileSigner(key, cert))
    return staged.root


def _copy(staged_disc: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(staged_disc, copy)
    for path in [copy, *copy.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return copy


def _by(result: DiscVerification, path: str, kind: str) -> DiscProblem:
    found = [p for p in result.problems if p.path == path and p.kind == kind]
    assert found, [(p.path, p.kind) for p in result.problems]
    return found[0]


def test_altered_original_is_named_in_chinese(staged_disc: Path, tmp_path: Path) -> None:
    copy = _copy(staged_disc, tmp_path)
    victim = f"originals/Z8A0001/{CHINESE_NAME}"
    data = bytearray((copy / victim).read_bytes())
    data[5000] ^= 0xFF
    (copy / victim).write_bytes(bytes(data))
    result = verify_disc(copy)
    assert not result.ok
    sha = _by(result, victim, "sha256_mismatch")
    assert sha.message.startswith(f"{victim}: SHA-256 ") and sha.message.endswith("differs from the manifest; altered.")
    assert victim in sha.message_zh and "SHA-256" in sha.message_zh and "已被改动" in sha.message_zh
    actual = sha.message.split()[2]
    assert actual in sha.message_zh  # the same hash
    assert "SM3" in _by(result, victim, "sm3_mismatch").message_zh
    assert all(_chinese(p.message_zh) for p in result.problems), result.problems


def test_altered_manifest_missing_and_extra_files_in_chinese(staged_disc: Path, tmp_path: Path) -> None:
    copy = _copy(staged_disc, tmp_path)
    manifest = copy / "MANIFEST.json"
    manifest.write_bytes(manifest.read_bytes().replace("赵提取".encode(), "钱提取".encode()))
    (copy / "originals/Z8A0002/DSC0001.JPG").unlink()
    (copy / "originals/Z8A0002/planted.MP4").write_bytes(b"not evidence")
    result = verify_disc(copy)
    assert not result.ok
    signature = _by(result, "MANIFEST.json", "bad_signature")
    assert signature.message.startswith("MANIFEST.json: the signature does not match MANIFEST.json")
    assert signature.message_zh == ("MANIFEST.json：签名与 MANIFEST.json 不符（清单已被改动，或 MANIFEST.json.p7s "
                                    "来自另一张光盘）。")
    missing = _by(result, "originals/Z8A0002/DSC0001.JPG", "missing")
    assert missing.message_zh == "originals/Z8A0002/DSC0001.JPG 列在清单中，但光盘上没有此文件。"
    extra = _by(result, "originals/Z8A0002/planted.MP4", "extra")
    assert extra.message_zh == "originals/Z8A0002/planted.MP4 在光盘上，但不在清单中。"
    sheet = _by(result, "PROVENANCE.pdf", "wrong_sheet")  # the sheet is bound to the original manifest
    assert "另一张光盘" in sheet.message_zh and result.manifest_sha256 in sheet.message_zh
    assert all(_chinese(p.message_zh) and p.text_zh == p.message_zh for p in result.problems), result.problems


def test_signature_reasons_carry_their_chinese_and_problems_fall_back_to_english() -> None:
    from evidence_station.disc.signatures import validate_pdf_signature
    from evidence_station.domain.errors import chinese_of

    ok, reason = validate_pdf_signature(b"not a pdf at all", station_identity()[1])
    assert not ok and reason.startswith("the PDF could not be read")
    assert chinese_of(reason).startswith("无法读取该 PDF 文件")
    assert chinese_of("something new") == "something new"
    assert DiscProblem("a", "extra", "English only").text_zh == "English only"


def test_verify_disc_json_carries_message_zh(
    staged_disc: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = _copy(staged_disc, tmp_path)
    (copy / "originals/Z8A0002/DSC0001.JPG").unlink()
    capsys.readouterr()
    assert main(["--json", "verify-disc", str(copy)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert not data["ok"]
    missing = next(p for p in data["problems"] if p["kind"] == "missing")
    assert set(missing) == {"path", "kind", "message", "message_zh"}
    assert missing["message"] == "originals/Z8A0002/DSC0001.JPG is listed in the manifest but missing from the disc."
    assert missing["message_zh"] == "originals/Z8A0002/DSC0001.JPG 列在清单中，但光盘上没有此文件。"
    assert all(_chinese(p["message_zh"]) for p in data["problems"])
