"""A disc holding a classified recording is a classified carrier (涉密载体, Art. 20): its signed MANIFEST.json and
its PROVENANCE.pdf carry 密级 and 保密期限, and ``verify-disc`` reports them; a disc holding none carries neither."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from evidence_station.cli.main import main
from evidence_station.disc.verify_disc import verify_disc
from evidence_station.export.plan import CarrierSecrecy
from evidence_station.export.staging import stage_disc
from evidence_station.identity.signer import KeyFileSigner
from tests.helpers.discs import sample_plan, station_identity

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is missing")


def _stage(tmp_path: Path, secrecy: CarrierSecrecy | None) -> tuple[dict, str]:
    """Stage a disc with ``secrecy``; its manifest and sheet text (the disc still verifies)."""
    key, cert = station_identity()
    plan = replace(sample_plan(tmp_path / "vault"), secrecy=secrecy)
    staged = stage_disc(plan, tmp_path / "staging", KeyFileSigner(key, cert))
    verification = verify_disc(staged.root)
    assert verification.ok
    manifest = json.loads((staged.root / "MANIFEST.json").read_bytes())
    assert verification.classified_carrier == manifest["classified_carrier"]  # verify-disc reports what it says
    text = subprocess.run(["pdftotext", "-raw", str(staged.root / "PROVENANCE.pdf"), "-"], capture_output=True,
                          text=True, check=True, timeout=60).stdout
    return manifest, text


def test_a_classified_disc_carries_class_and_secrecy_period_on_manifest_and_sheet(tmp_path: Path) -> None:
    manifest, text = _stage(tmp_path, CarrierSecrecy("commercial_secret", "商业秘密", "10年"))
    assert manifest["classified_carrier"] == {"classification": "commercial_secret", "classification_zh": "商业秘密",
                                              "secrecy_period": "10年"}
    assert manifest["disc"] == {"index": 1, "count": 1}  # the existing keys stay
    assert "密级 商业秘密（涉密载体）" in text and "保密期限 10年" in text


def test_an_unclassified_disc_carries_no_secrecy_period(tmp_path: Path) -> None:
    manifest, text = _stage(tmp_path, None)
    assert manifest["classified_carrier"] is None
    assert "保密期限" not in text and "涉密载体" not in text


def test_verify_disc_reports_a_classified_carrier_in_json_and_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key, cert = station_identity()
    secrecy = CarrierSecrecy("state_secret", "国家秘密", "至2036-12-31")
    secret = replace(sample_plan(tmp_path / "vault"), secrecy=secrecy)
    root = stage_disc(secret, tmp_path / "secret", KeyFileSigner(key, cert)).root
    plain = stage_disc(sample_plan(tmp_path / "vault2"), tmp_path / "plain", KeyFileSigner(key, cert)).root
    capsys.readouterr()
    assert main(["--json", "verify-disc", str(root)]) == 0
    assert json.loads(capsys.readouterr().out)["classified_carrier"] == {
        "classification": "state_secret", "classification_zh": "国家秘密", "secrecy_period": "至2036-12-31"}
    assert main(["verify-disc", str(root)]) == 0
    text = capsys.readouterr().out
    assert "CLASSIFIED CARRIER (涉密载体)" in text and "密级 国家秘密" in text and "保密期限) 至2036-12-31" in text
    assert main(["--json", "verify-disc", str(plain)]) == 0
    assert json.loads(capsys.readouterr().out)["classified_carrier"] is None
    assert main(["verify-disc", str(plain)]) == 0
    assert "涉密载体" not in capsys.readouterr().out
