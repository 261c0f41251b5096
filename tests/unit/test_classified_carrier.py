"""A disc holding a classified recording is a classified carrier (涉密载体, Art. 20): its signed MANIFEST.json and
its PROVENANCE.pdf carry 密级 and 保密期限; a disc holding none carries neither."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

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
    assert verify_disc(staged.root).ok
    manifest = json.loads((staged.root / "MANIFEST.json").read_bytes())
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
