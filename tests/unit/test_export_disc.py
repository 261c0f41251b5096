"""End-to-end tests of the evidence disc, checked with independent tools (xorriso, sha256sum, openssl,
pdfsig, pdffonts, pdftotext) and by tampering with copies."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from evidence_station.disc import burn
from evidence_station.disc.burn import burn_image, read_back_and_verify
from evidence_station.disc.errors import MissingToolError
from evidence_station.disc.signatures import validate_pdf_signature
from evidence_station.disc.verify_disc import verify_disc
from evidence_station.domain.errors import InvalidInputError, NotFoundError, OperationCancelledError
from evidence_station.domain.progress import CancelToken
from evidence_station.export.disc_image import build_disc_image
from evidence_station.export.errors import VaultCopyMismatchError
from evidence_station.export.pdf_signing import sign_pdf
from evidence_station.export.plan import format_local_time
from evidence_station.export.staging import stage_disc
from evidence_station.identity.signer import KeyFileSigner
from tests.helpers.discs import CHECKPOINT, CHINESE_NAME, EXTRACTION, run_tool, sample_plan, station_identity

pytestmark = pytest.mark.external


def _copy_of(disc: dict, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(disc["extracted"], copy)
    return copy


def _flip_byte(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def test_image_hash_is_returned_and_tree_is_complete(disc: dict) -> None:
    assert disc["image_sha256"] == hashlib.sha256(disc["image"].read_bytes()).hexdigest()
    names = {p.relative_to(disc["extracted"]).as_posix() for p in disc["extracted"].rglob("*") if p.is_file()}
    assert names == {
        "MANIFEST.json", "MANIFEST.json.p7s", "STATION-CERT.pem", "SHA256SUMS", "SM3SUMS", "README.txt",
        "PROVENANCE.pdf", "AUDIT-CHECKPOINT.json", "VERIFY.html",
        "originals/Z8A0001/Z8A0001_010203_20261124093000_0001.MP4",
        f"originals/Z8A0001/{CHINESE_NAME}",
        "originals/Z8A0002/DSC0001.JPG",
    }  # fmt: skip
    for item, staged in zip(disc["plan"].files, disc["staged"].files, strict=True):
        assert (disc["extracted"] / staged.disc_path).read_bytes() == item.source.read_bytes()


def test_xorriso_lists_volume_id_from_case_number(disc: dict) -> None:
    result = run_tool("xorriso", "-indev", str(disc["image"]), "-pvd_info")
    assert "2026_12" in result.stdout + result.stderr


def test_sha256sum_check_passes(disc: dict) -> None:
    result = run_tool("sha256sum", "-c", "SHA256SUMS", cwd=disc["extracted"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"originals/Z8A0001/{CHINESE_NAME}: OK" in result.stdout
    assert "PROVENANCE.pdf: OK" in result.stdout and "MANIFEST.json: OK" in result.stdout


def _openssl_cms(folder: Path) -> subprocess.CompletedProcess[str]:
    return run_tool(
        "openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "MANIFEST.json.p7s",
        "-content", "MANIFEST.json", "-CAfile", "STATION-CERT.pem", "-purpose", "any", "-out", os.devnull,
        cwd=folder,
    )  # fmt: skip


def test_openssl_verifies_manifest_signature(disc: dict) -> None:
    result = _openssl_cms(disc["extracted"])
    assert result.returncode == 0 and "Verification successful" in result.stderr, result.stderr


def test_altered_manifest_breaks_signature(disc: dict, tmp_path: Path) -> None:
    copy = _copy_of(disc, tmp_path)
    manifest = copy / "MANIFEST.json"
    manifest.write_bytes(manifest.read_bytes().replace("赵提取".encode(), "钱提取".encode()))
    assert _openssl_cms(copy).returncode != 0
    verification = verify_disc(copy)
    assert not verification.ok
    assert ("MANIFEST.json", "bad_signature") in {(p.path, p.kind) for p in verification.problems}


def test_pdfsig_says_signature_is_valid(disc: dict) -> None:
    result = run_tool("pdfsig", str(disc["extracted"] / "PROVENANCE.pdf"))
    assert "Signature is Valid" in result.stdout, result.stdout


def test_pdffonts_shows_only_embedded_cjk_font(disc: dict) -> None:
    lines = run_tool("pdffonts", str(disc["extracted"] / "PROVENANCE.pdf")).stdout.splitlines()[2:]
    assert lines, "the PDF lists no fonts"
    assert all(line.split()[-5] == "yes" for line in lines), lines  # the "emb" column
    assert any("WenQuanYi" in line or "CJK" in line or "Hei" in line or "Ming" in line for line in lines)


def test_pdftotext_shows_provenance_facts_and_every_hash(disc: dict) -> None:
    text = run_tool("pdftotext", str(disc["extracted"] / "PROVENANCE.pdf"), "-").stdout
    plan = disc["plan"]
    assert "执法音像记录证据提取说明" in text
    for fact in ("王制作", "赵提取", "明人社监〔2026〕12号", "某建筑公司拖欠工资案", "WS-01", "作为证据附卷"):
        assert fact in text
    assert format_local_time(EXTRACTION) == "2026-11-27 14:30:15" and "2026-11-27 14:30:15" in text
    squashed = re.sub(r"\s+", "", text)  # pdftotext drops the spaces between CJK characters
    assert "第1张共1张" in squashed and "第1页共2页" in squashed and "第2页共2页" in squashed
    for staged in disc["staged"].files:
        assert staged.sha256 in text and staged.sm3 in text
    assert "告知执法记录" in text and "商业秘密" in text and CHINESE_NAME in text
    assert "1234" in text and CHECKPOINT["head_hash"] in text
    assert disc["staged"].manifest_sha256 in text
    assert plan.provenance.producer in text


def test_manifest_contents(disc: dict) -> None:
    manifest = json.loads((disc["extracted"] / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["extraction_time"] == "2026-11-27T14:30:15+08:00"
    assert manifest["producer"] == "王制作" and manifest["extractor"] == "赵提取"
    assert manifest["station"]["certificate_sha256"] == disc["staged"].station_cert_sha256
    assert manifest["disc"] == {"index": 1, "count": 1}
    assert manifest["audit_checkpoint"]["event_count"] == 1234
    paths = [f["path"] for f in manifest["files"]]
    assert paths == [f.disc_path for f in disc["staged"].files]
    first = manifest["files"][0]
    assert first["sha256"] == disc["plan"].files[0].sha256
    assert first["recording"]["metadata"]["imported_at"] == "2026-11-24T11:30:00+08:00"
    assert first["recording"]["bookmarks"][0]["category"] == "告知执法记录"


@pytest.mark.parametrize("where", ["image", "extracted"])
def test_verify_disc_accepts_untouched_disc(disc: dict, where: str) -> None:
    verification = verify_disc(disc[where])
    assert verification.problems == [] and verification.ok
    assert verification.files == 3
    assert verification.case_number == "明人社监〔2026〕12号"


def test_verify_disc_names_the_altered_file(disc: dict, tmp_path: Path) -> None:
    copy = _copy_of(disc, tmp_path)
    target = f"originals/Z8A0001/{CHINESE_NAME}"
    _flip_byte(copy / target, 5000)
    verification = verify_disc(copy)
    assert not verification.ok
    assert {p.path for p in verification.problems} == {target}
    assert {p.kind for p in verification.problems} == {"sha256_mismatch", "sm3_mismatch"}


def test_verify_disc_reports_missing_and_extra_files(disc: dict, tmp_path: Path) -> None:
    copy = _copy_of(disc, tmp_path)
    (copy / "originals/Z8A0002/DSC0001.JPG").unlink()
    (copy / "originals/Z8A0002/planted.MP4").write_bytes(b"x")
    kinds = {(p.path, p.kind) for p in verify_disc(copy).problems}
    assert ("originals/Z8A0002/DSC0001.JPG", "missing") in kinds
    assert ("originals/Z8A0002/planted.MP4", "extra") in kinds


def test_verify_disc_detects_altered_pdf(disc: dict, tmp_path: Path) -> None:
    copy = _copy_of(disc, tmp_path)
    pdf = copy / "PROVENANCE.pdf"
    data = pdf.read_bytes()
    pdf.write_bytes(
        data.replace("赵提取".encode("utf-16-be"), "钱提取".encode("utf-16-be"), 1)
        if "赵提取".encode("utf-16-be") in data
        else data[:2000] + b"%" + data[2001:]
    )
    problems = {(p.path, p.kind) for p in verify_disc(copy).problems}
    assert ("PROVENANCE.pdf", "bad_signature") in problems


def test_verify_disc_refuses_garbage(tmp_path: Path, disc: dict) -> None:
    noise = tmp_path / "noise.iso"
    noise.write_bytes(os.urandom(300_000))
    with pytest.raises(InvalidInputError):
        verify_disc(noise)
    with pytest.raises(NotFoundError, match="does not exist") as missing:
        verify_disc(tmp_path / "does-not-exist")
    assert missing.value.exit_code == 4
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InvalidInputError, match="does not look like an evidence disc"):
        verify_disc(empty)
    half = tmp_path / "half.iso"
    data = disc["image"].read_bytes()
    half.write_bytes(data[: len(data) * 2 // 3])
    try:
        verification = verify_disc(half)
    except InvalidInputError:
        return
    assert not verification.ok and verification.problems


def test_folder_without_manifest_is_reported(disc: dict, tmp_path: Path) -> None:
    copy = _copy_of(disc, tmp_path)
    (copy / "MANIFEST.json").unlink()
    verification = verify_disc(copy)
    assert not verification.ok
    assert ("MANIFEST.json", "missing") in {(p.path, p.kind) for p in verification.problems}


def test_burn_to_stdio_and_read_back(disc: dict, tmp_path: Path) -> None:
    drive = f"stdio:{tmp_path / 'burned.iso'}"
    seen: list[int] = []
    result = burn_image(disc["image"], drive, progress=lambda p: seen.append(p.done))
    assert result.drive == drive and seen
    check = read_back_and_verify(
        drive, disc["staged"].manifest_sha256, image=disc["image"], image_sha256=disc["image_sha256"]
    )
    assert check.ok, check.problems
    assert check.volume_id == disc["staged"].volume_label


def test_corrupted_burned_file_fails_read_back(disc: dict, tmp_path: Path) -> None:
    medium = tmp_path / "burned.iso"
    burn_image(disc["image"], f"stdio:{medium}")
    original = disc["plan"].files[1].source.read_bytes()
    data = bytearray(medium.read_bytes())
    offset = bytes(data).find(original[:4096])
    assert offset > 0
    data[offset + 100] ^= 0x01
    medium.write_bytes(bytes(data))
    check = read_back_and_verify(
        f"stdio:{medium}", disc["staged"].manifest_sha256, image=disc["image"], image_sha256=disc["image_sha256"]
    )
    assert not check.ok
    kinds = {(p.path, p.kind) for p in check.problems}
    assert (f"originals/Z8A0001/{CHINESE_NAME}", "sha256_mismatch") in kinds
    assert any(kind == "image_mismatch" for _path, kind in kinds)


def test_missing_xorriso_says_what_to_install(disc: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(burn.shutil, "which", lambda _name: None)
    with pytest.raises(MissingToolError, match=r"apt-get install xorriso"):
        burn_image(disc["image"], "stdio:/tmp/never-written.iso")


def test_corrupt_vault_blob_aborts_staging(tmp_path: Path) -> None:
    key, cert = station_identity()
    plan = sample_plan(tmp_path / "vault")
    victim = plan.files[0].source
    victim.chmod(0o644)
    _flip_byte(victim, 10)
    with pytest.raises(VaultCopyMismatchError, match="vault is corrupt"):
        stage_disc(plan, tmp_path / "staging", KeyFileSigner(key, cert))
    assert not (tmp_path / "staging").exists()


@pytest.mark.parametrize("link_refused", [False, True, "windows"])
def test_originals_are_staged_by_hard_link_or_copy_and_the_blobs_stay_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, link_refused: bool | str
) -> None:
    """Where the file system allows, a staged original is the vault blob itself (no copy, one read to hash
    it); where it does not (another disk: EXDEV), a checked copy. Either way the blob is unchanged after."""
    import errno

    from evidence_station.export import staging

    key, cert = station_identity()
    plan = sample_plan(tmp_path / "vault")
    before = {item.source: (item.source.read_bytes(), item.source.stat().st_mode) for item in plan.files}
    if link_refused == "windows":
        monkeypatch.setattr(staging, "HARD_LINK_ORIGINALS", False)  # a read-only link could not be deleted
    elif link_refused:
        def no_link(_source: object, _target: object) -> None:
            raise OSError(errno.EXDEV, "Invalid cross-device link")

        monkeypatch.setattr(staging.os, "link", no_link)
    staged = stage_disc(plan, tmp_path / "staging", KeyFileSigner(key, cert))
    for item, staged_file in zip(plan.files, staged.files, strict=True):
        target = staged.root / staged_file.disc_path
        assert (staged_file.size, staged_file.sha256, staged_file.sm3) == (item.size, item.sha256, item.sm3)
        assert target.read_bytes() == before[item.source][0]
        assert os.path.samefile(target, item.source) is (link_refused is False)
    shutil.rmtree(staged.root)  # what the export does afterwards
    assert {item.source: (item.source.read_bytes(), item.source.stat().st_mode) for item in plan.files} == before


def test_cancel_leaves_no_partial_image(disc: dict, tmp_path: Path) -> None:
    token = CancelToken()
    token.cancel()
    out = tmp_path / "cancelled.iso"
    with pytest.raises(OperationCancelledError):
        build_disc_image(disc["staged"].root, out, "X", cancel=token)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(OperationCancelledError):
        stage_disc(disc["plan"], tmp_path / "staging", KeyFileSigner(disc["key"], disc["cert"]), cancel=token)
    assert not (tmp_path / "staging").exists()


def test_pdf_signature_validation_checks_certificate_and_tampering(disc: dict, tmp_path: Path) -> None:
    signed = disc["extracted"] / "PROVENANCE.pdf"
    assert validate_pdf_signature(signed, disc["cert"])[0]
    _other_key, other_cert = station_identity("另一个工作站")
    ok, message = validate_pdf_signature(signed, other_cert)
    assert not ok and "another certificate" in message
    resigned = tmp_path / "twice.pdf"
    sign_pdf(signed, resigned, KeyFileSigner(_other_key, other_cert), reason="r", location="l", name="n")
    ok, _message = validate_pdf_signature(resigned, disc["cert"])
    assert not ok
    unsigned = tmp_path / "plain.pdf"
    unsigned.write_bytes(b"%PDF-1.4 not really")
    assert validate_pdf_signature(unsigned, disc["cert"])[0] is False


def test_verify_disc_catches_a_windows_view_that_shows_other_data(disc: dict, tmp_path: Path) -> None:
    """A forged image whose Joliet records (what Windows shows) point at other bytes than the verified
    Rock Ridge view must not pass: the court's PC would show data nobody checked."""
    import io

    import pycdlib

    iso = pycdlib.PyCdlib()
    iso.open(str(disc["image"]))
    iso.rm_hard_link(joliet_path="/README.txt")  # the Joliet entry goes; Rock Ridge still shows the real file
    forged = b"A different README, shown only to Windows readers."
    iso.add_fp(io.BytesIO(forged), len(forged), iso_path="/EVIL.TXT;1", rr_name="evil.txt",
               joliet_path="/README.txt")
    iso.rm_hard_link(iso_path="/EVIL.TXT;1")  # hide the forged bytes from the Rock Ridge view
    out = tmp_path / "forged.iso"
    iso.write(str(out))
    iso.close()
    verification = verify_disc(out)
    assert not verification.ok
    mismatched = {p.path for p in verification.problems if p.kind == "view_mismatch"}
    assert "README.txt" in mismatched
    assert any("Joliet" in p.message for p in verification.problems if p.path == "README.txt")


def test_every_view_of_a_real_image_shows_the_same_bytes(disc: dict) -> None:
    from evidence_station.disc.disc_reader import open_disc

    with open_disc(disc["image"]) as reader:
        assert reader.view_mismatches() == []
