"""The evidence disc made by the real CLI, checked with independent tools (xorriso, sha256sum, openssl,
pdfsig, pdffonts, pdftotext) and by tampering with an extracted copy."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from evidence_station.domain.clock import to_local

PASSWORD = "correct-horse-1"
CASE_NUMBER = "明人社监〔2026〕12号"
EXTRACTOR = "李四 (执法证 33010001)"
pytestmark = pytest.mark.timeout(300)


def _tool(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, timeout=120)


class Cli:
    """Runs ``python -m evidence_station --home H --json …`` in a subprocess."""

    def __init__(self, home: Path, password_file: Path) -> None:
        self.home = home
        self.password_file = password_file
        self.env = {**os.environ, "EVIDENCE_STATION_PASSWORD": PASSWORD}

    def run(self, *args: str, user: str | None = None, expect: int = 0) -> dict:
        command = [sys.executable, "-m", "evidence_station", "--home", str(self.home), "--json"]
        if user:
            command += ["--user", user]
        done = subprocess.run([*command, *args], capture_output=True, text=True, env=self.env, timeout=240,
                              check=False)
        assert done.returncode == expect, f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
        return json.loads(done.stdout) if done.stdout.strip() else {}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One station, one imported demo card, one case, one export burned to stdio:, extracted with osirrox."""
    base = tmp_path_factory.mktemp("export-cli")
    password_file = base / "password"
    password_file.write_text(PASSWORD, encoding="utf-8")
    cli = Cli(base / "home", password_file)
    cli.run("init", "--admin", "admin", "--password-file", str(password_file))
    cli.run("user", "add", "custodian", "--role", "custodian", "--password-file", str(password_file), user="admin")
    cli.run("user", "add", "wang", "--role", "clerk", "--display-name", "王文书", "--badge", "33010099",
            "--password-file", str(password_file), user="admin")
    cli.run("demo-card", str(base / "card"), "--seed", "1", "--day", "2026-11-24")
    imported = cli.run("import", str(base / "card"), "--no-thumbnails", user="custodian")
    ids = sorted({f["recording_id"] for f in imported["files"] if f.get("recording_id")})
    assert ids
    case = cli.run("case", "add", "某建筑公司拖欠工资案", "--number", CASE_NUMBER, "--parties", "某建筑公司",
                   user="wang")
    assert cli.run("case", "attach", str(case["case_id"]), *map(str, ids), user="wang")["case_id"] == case["case_id"]
    medium = base / "burned.iso"
    result = cli.run("export", str(case["case_id"]), "--producer", "wang", "--extractor", EXTRACTOR,
                     "--out", str(base / "case.iso"), "--burn", f"stdio:{medium}", user="wang")
    extracted = base / "extracted"
    done = _tool("xorriso", "-osirrox", "on", "-indev", str(medium), "-extract", "/", str(extracted))
    assert done.returncode == 0, done.stderr
    for path in [extracted, *extracted.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return {"base": base, "cli": cli, "result": result, "extracted": extracted, "medium": medium, "ids": ids}


def _copy(exported: dict, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(exported["extracted"], copy)
    return copy


def test_export_json_follows_the_contract(exported: dict) -> None:
    result = exported["result"]
    assert result["verified"] is True and result["status"] == "completed"
    assert isinstance(result["export_id"], int) and Path(result["image"]).is_file()
    assert len(result["files"]) == len(exported["ids"])
    assert {f["recording_id"] for f in result["files"]} == set(exported["ids"])
    assert result["images"][0]["burned"] and result["images"][0]["medium_volume_id"] == "2026_12"


def test_sha256sum_check_passes(exported: dict) -> None:
    done = _tool("sha256sum", "-c", "SHA256SUMS", cwd=exported["extracted"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(": OK") >= len(exported["ids"]) + 4


def test_openssl_verifies_the_manifest_signature(exported: dict) -> None:
    done = _tool("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "MANIFEST.json.p7s",
                 "-content", "MANIFEST.json", "-CAfile", "STATION-CERT.pem", "-purpose", "any", "-out", os.devnull,
                 cwd=exported["extracted"])
    assert done.returncode == 0 and "Verification successful" in done.stderr, done.stderr


def test_pdf_is_signed_embeds_a_cjk_font_and_states_the_facts(exported: dict) -> None:
    pdf = str(exported["extracted"] / "PROVENANCE.pdf")
    assert "Signature is Valid" in _tool("pdfsig", pdf).stdout
    fonts = _tool("pdffonts", pdf).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    assert any(re.search(r"WenQuanYi|CJK|Hei|Ming|Song", line) for line in fonts), fonts
    text = _tool("pdftotext", pdf, "-").stdout
    squashed = re.sub(r"\s+", "", text)
    result = exported["result"]
    assert result["producer"] == "王文书（执法证 33010099）"
    assert re.sub(r"\s+", "", result["producer"]) in squashed and re.sub(r"\s+", "", EXTRACTOR) in squashed
    extraction = to_local(datetime.fromisoformat(result["extraction_time"])).strftime("%Y-%m-%d%H:%M:%S")
    assert extraction in squashed
    assert CASE_NUMBER in squashed
    for item in result["files"]:
        assert item["sha256"] in text


def test_audit_checkpoint_is_on_the_disc_and_checks_against_the_station(exported: dict) -> None:
    checkpoint = json.loads((exported["extracted"] / "AUDIT-CHECKPOINT.json").read_text(encoding="utf-8"))
    assert checkpoint["checkpoint_id"] == exported["result"]["checkpoint"]["checkpoint_id"]
    checked = exported["cli"].run("verify-disc", str(exported["medium"]), "--against-station")
    assert checked["ok"] and checked["station_check"]["ok"], checked


def test_verify_disc_needs_no_station_and_names_an_altered_file(exported: dict, tmp_path: Path) -> None:
    cli = Cli(tmp_path / "no-such-home", exported["cli"].password_file)
    untouched = cli.run("verify-disc", str(exported["result"]["image"]))
    assert untouched["ok"] and untouched["files"] == len(exported["ids"]) and untouched["problems"] == []
    copy = _copy(exported, tmp_path)
    victim = exported["result"]["files"][0]["path"]
    data = bytearray((copy / victim).read_bytes())
    data[len(data) // 2] ^= 0x01
    (copy / victim).write_bytes(bytes(data))
    report = cli.run("verify-disc", str(copy), expect=1)
    assert not report["ok"]
    assert {p["path"] for p in report["problems"]} == {victim}
    assert any(p["kind"] == "sha256_mismatch" and victim in p["message"] for p in report["problems"])
    assert not (tmp_path / "no-such-home").exists()


def test_altered_manifest_breaks_its_signature(exported: dict, tmp_path: Path) -> None:
    copy = _copy(exported, tmp_path)
    manifest = copy / "MANIFEST.json"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(EXTRACTOR, "王五 (执法证 33019999)"),
                        encoding="utf-8")
    done = _tool("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "MANIFEST.json.p7s",
                 "-content", "MANIFEST.json", "-CAfile", "STATION-CERT.pem", "-purpose", "any", "-out", os.devnull,
                 cwd=copy)
    assert done.returncode != 0 and "Verification successful" not in done.stderr
    report = exported["cli"].run("verify-disc", str(copy), expect=1)
    assert ("MANIFEST.json", "bad_signature") in {(p["path"], p["kind"]) for p in report["problems"]}


def test_clerk_only_and_show(exported: dict) -> None:
    cli = exported["cli"]
    case_id = exported["result"]["case_id"]
    cli.run("export", str(case_id), "--producer", "wang", "--extractor", EXTRACTOR,
            "--out", str(exported["base"] / "refused.iso"), user="custodian", expect=3)
    assert not (exported["base"] / "refused.iso").exists()
    shown = cli.run("case", "show", str(case_id), user="wang")
    assert shown["number"] == CASE_NUMBER and shown["exports"] == 1  # the refused attempt left no export


def test_the_disc_of_an_embedded_station_says_so(exported: dict) -> None:
    """``init`` without ``--service`` makes an embedded station: its disc verifies (``ok``), with an
    ``unprotected_station`` warning in English and Chinese, and its provenance sheet names it."""
    checked = exported["cli"].run("verify-disc", str(exported["medium"]))
    assert checked["ok"] and checked["problems"] == []
    warning = next(w for w in checked["warnings"] if w["kind"] == "unprotected_station")
    assert "unprotected station" in warning["message"] and "未受保护" in warning["message_zh"]
    text = re.sub(r"\s+", "", _tool("pdftotext", str(exported["extracted"] / "PROVENANCE.pdf"), "-").stdout)
    assert "签名工作站" in text and "嵌入式（未受保护）" in text
    from evidence_station.identity.pyhanko_imports import quiet_pyhanko_imports

    with quiet_pyhanko_imports(), open(exported["extracted"] / "PROVENANCE.pdf", "rb") as handle:
        from pyhanko.pdf_utils.reader import PdfFileReader

        reasons = [str(sig.sig_object["/Reason"]) for sig in PdfFileReader(handle).embedded_signatures]
    assert reasons and all("嵌入式（未受保护）" in r for r in reasons), reasons  # the signature panel says so too
