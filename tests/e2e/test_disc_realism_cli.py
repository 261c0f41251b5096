"""``verify-disc`` as a court's technician runs it: on the image of disc k of n, on a tampered copy, on
something that is not a disc, on a path that does not exist. Checks the documented exit codes (0 ok,
1 problem found, 2 bad input, 4 not found) and that every message names the file and says what is wrong.
No station home is needed."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from tests.helpers.discs import build_disc_set, extract

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.timeout(300)


def _verify(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_STATION_")}
    return subprocess.run([sys.executable, "-m", "evidence_station", *args], capture_output=True, text=True,
                          timeout=240, cwd=REPO, env=env, stdin=subprocess.DEVNULL, check=False)  # fmt: skip


@pytest.fixture(scope="module")
def disc_set(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A three-disc set; disc 1 and disc 2 extracted."""
    if shutil.which("xorriso") is None:
        pytest.skip("xorriso not installed")
    made = build_disc_set(tmp_path_factory.mktemp("cli-set"))
    made["copies"] = [extract(made["images"][k], made["base"] / f"copy{k + 1}") for k in (0, 1)]
    return made


def test_untouched_disc_image_verifies(disc_set: dict) -> None:
    done = _verify("verify-disc", str(disc_set["images"][1]))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "disc 2 of 3, 2 original(s) listed in the manifest, case 明人社监〔2026〕12号" in done.stdout
    assert "extracted 2026-11-27T14:30:15+08:00" in done.stdout
    fingerprint = hashlib.sha256(disc_set["cert"].public_bytes(serialization.Encoding.DER)).hexdigest()
    readme = (disc_set["copies"][1] / "README.txt").read_text(encoding="utf-8-sig")
    assert fingerprint in readme  # what the clerk is told to compare
    assert f"Station certificate SHA-256 {fingerprint}" in done.stdout
    assert "OK: the disc verifies." in done.stdout
    result = json.loads(_verify("--json", "verify-disc", str(disc_set["images"][1])).stdout)
    assert result["ok"] is True and result["files"] == 2 and result["problems"] == []
    assert (result["disc_index"], result["disc_count"], result["export_id"]) == (2, 3, "17")
    assert result["extraction_time"] == "2026-11-27T14:30:15+08:00"
    assert result["station_certificate_sha256"] == fingerprint and result["digests"] == ["sha256", "sm3"]


def test_tampered_copy_exits_1_and_names_each_file(disc_set: dict, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(disc_set["copies"][0], copy)
    manifest = json.loads((copy / "MANIFEST.json").read_text(encoding="utf-8"))
    altered, removed = manifest["files"][0]["path"], manifest["files"][1]["path"]
    with open(copy / altered, "r+b") as stream:
        stream.seek(100)
        stream.write(b"\x00\x01")
    (copy / removed).unlink()
    shutil.copyfile(disc_set["copies"][1] / "MANIFEST.json.p7s", copy / "MANIFEST.json.p7s")
    done = _verify("--json", "verify-disc", str(copy))
    assert done.returncode == 1, done.stdout + done.stderr
    result = json.loads(done.stdout)
    assert result["ok"] is False and result["files"] == 2
    kinds = {(p["path"], p["kind"]) for p in result["problems"]}
    assert kinds == {(altered, "sha256_mismatch"), (altered, "sm3_mismatch"), (removed, "missing"),
                     ("MANIFEST.json", "bad_signature")}  # fmt: skip
    messages = {p["kind"]: p["message"] for p in result["problems"]}
    assert altered in messages["sha256_mismatch"] and "altered" in messages["sha256_mismatch"]
    assert "missing from the disc" in messages["missing"]
    assert "another disc" in messages["bad_signature"]
    human = _verify("verify-disc", str(copy))
    assert human.returncode == 1
    assert f"PROBLEM: {removed}" in human.stdout and "FAILED: the disc does not verify" in human.stdout
    assert f"PROBLEM: {altered}: SHA-256" in human.stdout and f"{altered}: {altered}" not in human.stdout


def test_not_a_disc_exits_2_with_a_plain_message(tmp_path: Path) -> None:
    noise = tmp_path / "photo.iso"
    noise.write_bytes(os.urandom(100_000))
    done = _verify("verify-disc", str(noise))
    assert done.returncode == 2
    assert "neither a folder nor a readable ISO 9660 disc image" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_path_that_does_not_exist_exits_4(tmp_path: Path) -> None:
    done = _verify("--json", "verify-disc", str(tmp_path / "no-such-disc.iso"))
    assert done.returncode == 4, done.stdout + done.stderr
    error = json.loads(done.stdout)["error"]
    assert error["code"] == "not_found" and "does not exist" in error["message"]
    assert "Traceback" not in done.stderr
