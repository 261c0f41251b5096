"""VERIFY.html in real browsers (the system Chromium; Firefox ESR too for the good and the tampered discs): a good disc
passes; one flipped byte in an original, an edited MANIFEST.json, a foreign certificate, a missing file, an extra
file and a replaced VERIFY.html each fail with exactly the problems — kinds and English and Chinese sentences — that
verify-disc names on the same folder; its SHA-256 and SM3 of every file equal verify-disc's; the page touches no
network."""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from cryptography.hazmat.primitives import serialization
from selenium.webdriver.common.by import By

from evidence_station.disc.digests import digest_file
from evidence_station.disc.layout import NOT_IN_SUMS
from evidence_station.disc.verify_disc import verify_disc
from evidence_station.export.manifest import format_sums
from evidence_station.export.verifier_page import VERIFY_HTML_PATH
from tests.browser.firefox import Firefox
from tests.browser.support import (
    LOCAL_SCHEMES,
    copy_disc,
    drop_folder,
    element_attribute,
    element_text,
    first_original,
    flip_byte,
    open_page,
    problem_rows,
    rel,
    requests_made,
    self_test,
    verify_folder,
)
from tests.helpers.discs import station_identity


def _assert_stayed_local(driver: Any) -> None:
    if isinstance(driver, Firefox):  # no DevTools log there: the resources the page itself loaded
        urls = driver.execute_script(
            "return performance.getEntriesByType('resource').map((entry) => entry.name)")
    else:
        urls = requests_made(driver)
        assert urls, "the performance log saw no request at all (not even the page itself)"
    assert [url for url in urls if not url.startswith(LOCAL_SCHEMES)] == []


def _files(disc: Path) -> dict[str, Path]:
    return {rel(p, disc): p for p in disc.rglob("*") if p.is_file()}


def test_good_disc_passes_with_the_digests_verify_disc_computes(any_browser: Any, good_disc: Path) -> None:
    """The page as the export wrote it onto the disc, opened from the disc, checking that disc (Chromium and
    Firefox)."""
    browser = any_browser
    page = good_disc / "VERIFY.html"
    assert page.read_bytes() == VERIFY_HTML_PATH.read_bytes()  # the exact build the station ships
    found = verify_folder(browser, good_disc, page=page)
    expected = verify_disc(good_disc)
    assert expected.ok and found["state"] == "done"
    result = found["result"]
    assert result["ok"] is True and result["problems"] == [] and result["files"] == expected.files == 3
    assert result["certificate_sha256"] == expected.station_cert_sha256
    assert result["manifest_sha256"] == expected.manifest_sha256
    assert (result["manifest_signature"], result["sheet_signature"], result["checkpoint"]) == ("ok", "ok", "ok")
    assert result["hash_mode"] == "worker"
    # Every file the sums files cover was hashed, and each SHA-256 and SM3 equals the station's own reading.
    files = _files(good_disc)
    assert set(result["digests"]) == {path for path in files if path not in NOT_IN_SUMS}
    for path, digests in result["digests"].items():
        ours = digest_file(files[path])
        assert (digests["size"], digests["sha256"], digests["sm3"]) == (ours.size, ours.sha256, ours.sm3), path
    assert element_attribute(browser, "verdict", "data-ok") == "true"
    assert "核验通过" in element_text(browser, "verdict")
    report = browser.execute_script("return document.querySelector('.report').innerText")
    assert result["certificate_sha256"][:4] in report
    _assert_stayed_local(browser)


def _flip_original(disc: Path) -> None:
    original = first_original(disc)
    flip_byte(original, original.stat().st_size // 2)


def _edit_manifest(disc: Path) -> None:
    manifest = disc / "MANIFEST.json"
    edited = manifest.read_bytes().replace(b"33010001", b"33010009")  # the extractor's badge number
    assert edited != manifest.read_bytes()
    manifest.write_bytes(edited)


def _foreign_certificate(disc: Path) -> None:
    """Another station's certificate in place of the right one (and the unsigned sums files fixed to match,
    as a forger would): only the signatures can tell."""
    _key, cert = station_identity("冒充的工作站")
    (disc / "STATION-CERT.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    _rewrite_sums(disc)


def _rewrite_sums(disc: Path) -> None:
    files = {path: digest_file(p) for path, p in _files(disc).items() if path not in NOT_IN_SUMS}
    (disc / "SHA256SUMS").write_bytes(format_sums({path: d.sha256 for path, d in files.items()}))
    (disc / "SM3SUMS").write_bytes(format_sums({path: d.sm3 for path, d in files.items()}))


def _missing_original(disc: Path) -> None:
    first_original(disc).unlink()


def _extra_file(disc: Path) -> None:
    (disc / "originals" / "补充录像.MP4").write_bytes(b"not from the station")


def _replaced_verifier(disc: Path) -> None:
    """A VERIFY.html that would always say "passed", with the sums files fixed: the signed manifest names the
    real page's digests."""
    (disc / "VERIFY.html").write_text("<!DOCTYPE html><p>核验通过</p>", encoding="utf-8")
    _rewrite_sums(disc)


def _original_kinds(disc: Path) -> set[tuple[str, str]]:
    path = rel(first_original(disc), disc)
    return {(path, "sha256_mismatch"), (path, "sm3_mismatch")}


TAMPERING: dict[str, tuple[Callable[[Path], None], Callable[[Path], set[tuple[str, str]]]]] = {
    "flipped byte in an original": (_flip_original, _original_kinds),
    "edited MANIFEST.json": (_edit_manifest, lambda _disc: {
        ("MANIFEST.json", "bad_signature"), ("MANIFEST.json", "sha256_mismatch"), ("MANIFEST.json", "sm3_mismatch"),
        ("PROVENANCE.pdf", "wrong_sheet")}),
    "foreign certificate": (_foreign_certificate, lambda _disc: {
        ("MANIFEST.json", "bad_signature"), ("STATION-CERT.pem", "cert_mismatch"),
        ("PROVENANCE.pdf", "bad_signature")}),
    "missing original": (_missing_original, lambda disc: {(rel(first_original(disc), disc), "missing")}),
    "extra file": (_extra_file, lambda _disc: {
        ("originals/补充录像.MP4", "extra"), ("originals/补充录像.MP4", "not_in_sums")}),
    "replaced VERIFY.html": (_replaced_verifier, lambda _disc: {
        ("VERIFY.html", "size_mismatch"), ("VERIFY.html", "sha256_mismatch"), ("VERIFY.html", "sm3_mismatch"),
        ("VERIFY.html", "sums_mismatch")}),
}


@pytest.mark.parametrize("case", list(TAMPERING))
def test_tampered_disc_fails_with_verify_disc_s_problems(any_browser: Any, good_disc: Path, tmp_path: Path,
                                                         case: str) -> None:
    """Chromium and Firefox each name exactly verify-disc's problems."""
    browser = any_browser
    disc = copy_disc(good_disc, tmp_path / "disc")
    tamper, expected_kinds = TAMPERING[case]
    kinds = expected_kinds(good_disc)  # paths as on the untouched disc (a missing file is gone afterwards)
    tamper(disc)
    found = verify_folder(browser, disc)
    expected = verify_disc(disc)
    assert found["state"] == "done" and found["result"]["ok"] is False and not expected.ok
    assert {(p.path, p.kind) for p in expected.problems} == kinds  # what this tampering must be called
    assert problem_rows(found["result"]["problems"]) == problem_rows(expected.problems)
    assert element_attribute(browser, "verdict", "data-ok") == "false"
    assert "核验未通过" in element_text(browser, "verdict")
    shown = element_text(browser, "problems")
    for problem in expected.problems:
        assert problem.message_zh in shown
    _assert_stayed_local(browser)


def test_a_dropped_disc_folder_is_verified_like_a_picked_one(browser: Any, good_disc: Path, tmp_path: Path) -> None:
    """The disc's root folder dropped on the page (Chromium walks it through the File System Access API; its
    Entries API cannot read folders on a file:// page). Covered: Chromium's own trusted drop events carrying the
    real folder, the page's walk of it and the verification. Not covered: a real mouse drag from a file manager
    (DevTools stands in for it, see ``drop_folder``), and a drop in Firefox (there the page walks the folder with
    the Entries API; Marionette cannot start a drag that carries a folder, so that path is untested; Firefox's
    folder picker is tested, see tests/browser/firefox.py)."""
    found = drop_folder(browser, good_disc)
    assert found["state"] == "done" and found["result"]["ok"] is True
    picked = verify_folder(browser, good_disc)["result"]
    assert found["result"]["digests"] == picked["digests"] and found["result"]["files"] == 3
    disc = copy_disc(good_disc, tmp_path / "disc")
    _flip_original(disc)
    found = drop_folder(browser, disc)
    assert found["state"] == "done" and found["result"]["ok"] is False
    assert problem_rows(found["result"]["problems"]) == problem_rows(verify_disc(disc).problems)
    assert "核验未通过" in element_text(browser, "verdict")
    _assert_stayed_local(browser)


def test_report_in_english_names_problems_in_english(browser: Any, good_disc: Path, tmp_path: Path) -> None:
    disc = copy_disc(good_disc, tmp_path / "disc")
    _missing_original(disc)
    found = verify_folder(browser, disc, fragment="lang=en")
    assert found["state"] == "done"
    assert "Verification FAILED" in browser.find_element(By.ID, "verdict").text
    shown = browser.find_element(By.ID, "problems").text
    for problem in verify_disc(disc).problems:
        assert problem.message in shown
    browser.find_element(By.ID, "lang").click()  # and back to Chinese without verifying again
    assert "核验未通过" in browser.find_element(By.ID, "verdict").text


# SM3 vectors from OpenSSL's test suite (test/recipes/30-test_evp_data/evpmd_sm3.txt, from GB/T 32905-2016) and
# SHA-256 vectors from FIPS 180-2, each also checked against OpenSSL through hashlib below.
VECTORS = {
    "abc.bin": (b"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
    "abcd16.bin": (b"abcd" * 16, None, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"),
    "empty.bin": (b"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                  "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"),
    "million-a.bin": (b"a" * 1_000_000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", None),
}


@pytest.mark.parametrize("fragment", ["chunk=65537", "chunk=65537&worker=0"], ids=["worker", "page"])
def test_sha256_and_sm3_equal_openssl_across_chunk_boundaries(browser: Any, tmp_path: Path, fragment: str) -> None:
    """Odd-sized chunks (65,537 bytes) so every file of more than one chunk is fed in unaligned pieces, in the
    worker and in the page's own fallback."""
    folder = tmp_path / "vectors"
    folder.mkdir()
    contents = {name: data for name, (data, _sha, _sm3) in VECTORS.items()}
    contents["random.bin"] = hashlib.sha256(b"seed").digest() * 40_000  # 1.28 MB
    for name, data in contents.items():
        (folder / name).write_bytes(data)
    (folder / "SHA256SUMS").write_bytes(format_sums({n: hashlib.sha256(d).hexdigest() for n, d in contents.items()}))
    found = verify_folder(browser, folder, fragment=fragment)
    result = found["result"]
    assert result["hash_mode"] == ("page" if "worker=0" in fragment else "worker")
    for name, data in contents.items():
        digests = result["digests"][name]
        openssl_sm3 = hashlib.new("sm3", data).hexdigest()
        assert (digests["size"], digests["sha256"], digests["sm3"]) == (
            len(data), hashlib.sha256(data).hexdigest(), openssl_sm3), name
        _data, sha256, sm3 = VECTORS.get(name, (data, None, None))
        assert sha256 in (None, digests["sha256"]) and sm3 in (None, digests["sm3"]), name
    assert not any(p["kind"].endswith("_mismatch") for p in result["problems"])
    # The progress bar moved with the bytes read (the last file's name and the byte count stay shown).
    assert int(browser.find_element(By.ID, "bar").get_attribute("value")) > 50
    assert "已读取" in browser.find_element(By.ID, "progress-bytes").get_attribute("textContent")


def test_a_folder_that_is_no_disc_is_refused(browser: Any, tmp_path: Path) -> None:
    folder = tmp_path / "holiday"
    folder.mkdir()
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    found = verify_folder(browser, folder)
    assert found["state"] == "error" and found["error"] == "not_disc"
    assert "看起来不是证据光盘" in browser.find_element(By.ID, "error").text


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[str]:
    """A local HTTP server that records every request it gets; its base URL."""
    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_page_cannot_reach_the_network(browser: Any, good_disc: Path, listener: str) -> None:
    """Its Content-Security-Policy lets nothing be fetched: a script on the page that tries (fetch, an image,
    a style sheet) reaches nobody, and the verification itself asks for nothing but the page."""
    verify_folder(browser, good_disc)
    _assert_stayed_local(browser)
    csp = browser.find_element(By.CSS_SELECTOR, 'meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "default-src 'none'" in csp and "connect-src" not in csp
    outcome = browser.execute_async_script(
        """
        const [base, done] = arguments;
        const image = new Image();
        image.src = base + "/image.png";
        const link = document.createElement("link");
        link.rel = "stylesheet";
        link.href = base + "/style.css";
        document.head.append(link);
        fetch(base + "/fetch").then(() => done("fetched"), (error) => done("refused: " + error.name));
        """,
        listener,
    )
    assert outcome.startswith("refused")
    tried: list[str] = []
    blocked: list[str] = []
    for _ in range(50):  # the image and the style sheet are refused a moment later
        urls, refused = requests_made(browser, with_blocked=True)
        tried += [url for url in urls if url.startswith(listener)]
        blocked += [url for url in refused if url.startswith(listener)]
        if len(blocked) >= 2:
            break
        time.sleep(0.1)
    assert {f"{listener}/image.png", f"{listener}/style.css"} <= set(blocked)  # refused by the policy
    assert set(tried) <= set(blocked)  # nothing the page tried got through
    assert _Recorder.hits == []  # and the server never heard of any


def test_report_is_the_page_state_scripts_can_read(browser: Any, good_disc: Path) -> None:
    """``window.evidenceVerify`` names the source build the page came from (its <meta> says the same)."""
    verify_folder(browser, good_disc)
    state = browser.execute_script("return window.evidenceVerify")
    meta = browser.find_element(By.CSS_SELECTOR, 'meta[name="evidence-station-verifier-source"]')
    meta = meta.get_attribute("content")
    assert state["version"] == meta and len(meta) == 64
    assert json.loads(json.dumps(state["result"]))["ok"] is True


def test_the_page_checks_the_browser_when_it_opens(browser: Any) -> None:
    """Before any disc is picked: WebCrypto SHA-256 and ECDSA, and the worker's SHA-256 and SM3 of known
    answers; the page says the browser can verify."""
    open_page(browser)
    assert self_test(browser) == {"ok": True, "mode": "worker", "reason": ""}
    assert "浏览器自检通过" in browser.find_element(By.ID, "selftest").text


def test_a_browser_without_webcrypto_is_told_before_it_verifies(browser: Any) -> None:
    added = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {
        "source": "Object.defineProperty(Crypto.prototype, 'subtle', {get() { return undefined; }});"})
    try:
        open_page(browser)
        outcome = self_test(browser)
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": added["identifier"]})
    assert outcome["ok"] is False and "crypto.subtle" in outcome["reason"]
    assert browser.execute_script("return document.body.dataset.state") == "unsupported"
    assert browser.find_element(By.ID, "folder").get_attribute("disabled") is not None
    assert "此浏览器无法完成核验" in browser.find_element(By.ID, "selftest").text
