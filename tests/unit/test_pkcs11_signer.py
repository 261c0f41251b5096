"""The station key on a PKCS#11 token (SoftHSM2): ``init --service`` with a token makes a protected station whose
checkpoints, PDFs and manifest signatures are made on the token and verify with openssl, pdfsig and the station's
own verifiers. Skipped, saying why, only where SoftHSM2 is not installed (CI installs it:
``tools/system-packages.txt``)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidence_station.disc.signatures import validate_pdf_signature, verify_manifest_signature
from evidence_station.domain.clock import FrozenClock
from evidence_station.domain.errors import InvalidInputError
from evidence_station.export.manifest import sign_manifest
from evidence_station.export.pdf_signing import sign_pdf
from evidence_station.export.pdf_styles import build_chinese_pdf, chinese_styles
from evidence_station.identity.signer import Pkcs11Config, Pkcs11Signer
from evidence_station.identity.station_key import KEY_FILE, StationProtection
from evidence_station.services.audit_service import verify_audit
from evidence_station.services.station import Station
from evidence_station.services.users import init_station, login
from tests.conftest import PASSWORD

SOFTHSM_MODULES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
                   "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so")
MODULE = next((m for m in SOFTHSM_MODULES if Path(m).exists()), None)

pytestmark = pytest.mark.skipif(
    MODULE is None or shutil.which("softhsm2-util") is None,
    reason="SoftHSM2 is not installed (Debian package softhsm2, listed in tools/system-packages.txt)",
)


@pytest.fixture(scope="module")
def token(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pkcs11Config]:
    """One SoftHSM2 token for the module (SoftHSM reads its configuration once per process)."""
    base = tmp_path_factory.mktemp("softhsm")
    (base / "tokens").mkdir()
    conf = base / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {base / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    done = subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "es-test", "--pin", "4711-4711",
                           "--so-pin", "5678-5678"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    pin = base / "pin"
    pin.write_text("4711-4711\n")
    pin.chmod(0o600)
    assert MODULE is not None
    yield Pkcs11Config(module=MODULE, token_label="es-test", key_label="evidence-station", pin_file=str(pin))
    if previous is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = previous


def test_a_token_station_signs_checkpoints_pdfs_and_manifests(token: Pkcs11Config, tmp_path: Path,
                                                              clock: FrozenClock) -> None:
    home = tmp_path / "home"
    init_station(home, admin_name="admin", admin_password=PASSWORD, clock=clock, service=True, pkcs11=token)
    assert not (home / "identity" / KEY_FILE).exists()  # the key never leaves the token
    station = Station.open(home, clock=clock)
    try:
        assert isinstance(station.signer, Pkcs11Signer) and station.is_service_home()
        assert station.protection is StationProtection.PROTECTED
        signed = login(station, "admin", PASSWORD).checkpoint("on the token")
        assert signed is not None and signed.verify(station.certificate)
        assert verify_audit(station).ok

        draft, pdf = tmp_path / "draft.pdf", tmp_path / "signed.pdf"
        styles = chinese_styles()
        from reportlab.platypus import Paragraph

        build_chinese_pdf(draft, [Paragraph("令牌签名测试", styles.body)], title="t", author="a", subject="s",
                          footer_text="f")
        sign_pdf(draft, pdf, station.signer, reason="测试", location="明山区", name="WS")
        ok, message = validate_pdf_signature(pdf, station.certificate)
        assert ok, message
        if shutil.which("pdfsig"):
            assert "Signature is Valid" in subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True).stdout

        manifest = b'{"format": "evidence-station-disc", "files": []}\n'
        signature = sign_manifest(manifest, station.signer)
        assert verify_manifest_signature(manifest, signature, station.certificate)[0]
        (tmp_path / "MANIFEST.json").write_bytes(manifest)
        (tmp_path / "MANIFEST.json.p7s").write_bytes(signature)
        (tmp_path / "STATION-CERT.pem").write_bytes(home.joinpath("identity", "station-cert.pem").read_bytes())
        done = subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "MANIFEST.json.p7s",
                               "-content", "MANIFEST.json", "-CAfile", "STATION-CERT.pem", "-purpose", "any",
                               "-out", os.devnull], cwd=tmp_path, capture_output=True, text=True)
        assert done.returncode == 0 and "Verification successful" in done.stderr, done.stderr
    finally:
        station.close()


def test_a_pin_file_others_can_read_is_refused(token: Pkcs11Config, tmp_path: Path) -> None:
    loose = tmp_path / "pin"
    loose.write_text(Path(token.pin_file).read_text())
    loose.chmod(0o644)
    signer = Pkcs11Signer(Pkcs11Config(token.module, token.token_label, token.key_label, str(loose)))
    with pytest.raises(InvalidInputError, match="chmod 600"):
        signer.sign_bytes(b"x")
