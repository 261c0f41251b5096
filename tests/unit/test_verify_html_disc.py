"""VERIFY.html on the disc: the export writes the station's exact build, the signed manifest names it, README.txt
points to it first, PROVENANCE.pdf prints the certificate fingerprint the page shows, and verify-disc checks the
page against the manifest (a replaced page is caught even with the unsigned sums files fixed)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from evidence_station.disc.digests import digest_file
from evidence_station.disc.errors import MissingToolError
from evidence_station.disc.layout import NOT_IN_SUMS
from evidence_station.disc.signatures import certificate_sha256
from evidence_station.disc.verify_disc import verify_disc
from evidence_station.export import staging, verifier_page
from evidence_station.export.manifest import format_sums
from evidence_station.export.plan import StagedDisc
from evidence_station.export.staging import stage_disc
from evidence_station.identity.signer import KeyFileSigner
from tests.helpers.discs import sample_plan, station_identity


@pytest.fixture
def staged(tmp_path: Path) -> StagedDisc:
    key, cert = station_identity()
    return stage_disc(sample_plan(tmp_path / "vault"), tmp_path / "staging", KeyFileSigner(key, cert))


def _kinds(folder: Path) -> set[tuple[str, str]]:
    return {(p.path, p.kind) for p in verify_disc(folder).problems}


def _fix_sums(folder: Path) -> None:
    files = {p.relative_to(folder).as_posix(): digest_file(p) for p in folder.rglob("*") if p.is_file()}
    files = {path: d for path, d in files.items() if path not in NOT_IN_SUMS}
    (folder / "SHA256SUMS").write_bytes(format_sums({path: d.sha256 for path, d in files.items()}))
    (folder / "SM3SUMS").write_bytes(format_sums({path: d.sm3 for path, d in files.items()}))


def test_disc_carries_the_station_build_named_in_the_signed_manifest(staged: StagedDisc) -> None:
    page = staged.root / "VERIFY.html"
    assert page.read_bytes() == verifier_page.VERIFY_HTML_PATH.read_bytes()
    digests = digest_file(page)
    manifest = json.loads((staged.root / "MANIFEST.json").read_bytes())
    assert manifest["verifier"] == {"path": "VERIFY.html", "size": digests.size, "sha256": digests.sha256,
                                    "sm3": digests.sm3}
    assert f"{digests.sha256}  VERIFY.html" in (staged.root / "SHA256SUMS").read_text()
    assert f"{digests.sm3}  VERIFY.html" in (staged.root / "SM3SUMS").read_text()
    check = verify_disc(staged.root)
    assert check.ok and check.files == 3  # the page is not counted as an original


def test_readme_points_to_the_page_before_any_command(staged: StagedDisc) -> None:
    readme = (staged.root / "README.txt").read_bytes().decode("utf-8-sig")
    first = readme.index("VERIFY.html")
    assert first < readme.index("一、内容") and first < readme.index("openssl") and first < readme.index("sha256sum")
    assert "用浏览器" in readme[:first + 200] and "To verify this disc, open VERIFY.html" in readme


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_provenance_sheet_prints_the_certificate_fingerprint_the_page_shows(staged: StagedDisc) -> None:
    text = subprocess.run(["pdftotext", str(staged.root / "PROVENANCE.pdf"), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    assert "工作站证书（STATION-CERT.pem）SHA-256 指纹" in text
    assert staged.station_cert_sha256 in text.replace("\n", "")
    assert staged.manifest_sha256 in text.replace("\n", "")


def test_a_replaced_page_is_caught_even_with_the_sums_files_fixed(staged: StagedDisc) -> None:
    (staged.root / "VERIFY.html").write_text("<p>核验通过</p>", encoding="utf-8")
    assert _kinds(staged.root) >= {("VERIFY.html", "sha256_mismatch"), ("VERIFY.html", "sm3_mismatch")}
    _fix_sums(staged.root)
    assert _kinds(staged.root) == {
        ("VERIFY.html", "size_mismatch"), ("VERIFY.html", "sha256_mismatch"), ("VERIFY.html", "sm3_mismatch"),
        ("VERIFY.html", "sums_mismatch"),
    }


def test_a_missing_page_is_named(staged: StagedDisc) -> None:
    (staged.root / "VERIFY.html").unlink()
    problems = [(p.path, p.kind, p.message_zh) for p in verify_disc(staged.root).problems]
    assert ("VERIFY.html", "missing", "VERIFY.html 列在清单中，但光盘上没有此文件。") in problems


def test_a_disc_made_before_the_page_still_verifies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(staging, "_write_verifier", lambda _root: None)
    key, cert = station_identity()
    old = stage_disc(sample_plan(tmp_path / "vault"), tmp_path / "staging", KeyFileSigner(key, cert))
    assert not (old.root / "VERIFY.html").exists()
    assert "verifier" not in json.loads((old.root / "MANIFEST.json").read_bytes())
    assert verify_disc(old.root).ok
    assert old.station_cert_sha256 == certificate_sha256(cert)


def test_an_installation_without_the_page_refuses_to_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verifier_page, "VERIFY_HTML_PATH", tmp_path / "absent" / "VERIFY.html")
    verifier_page.verifier_html.cache_clear()
    try:
        key, cert = station_identity()
        with pytest.raises(MissingToolError) as raised:
            stage_disc(sample_plan(tmp_path / "vault"), tmp_path / "staging", KeyFileSigner(key, cert))
        assert "VERIFY.html" in raised.value.message_zh
        assert not (tmp_path / "staging").exists()
    finally:
        verifier_page.verifier_html.cache_clear()
