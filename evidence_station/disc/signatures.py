"""Checking what an evidence disc carries: the detached CMS signature over ``MANIFEST.json``, the PAdES signature
of ``PROVENANCE.pdf`` and the manifest digest the sheet names, the ``SHA256SUMS``/``SM3SUMS`` lines, fingerprints.

Everything here reads and verifies; making signatures is the station's business (``export/``, with the station's
signer). A desk verifies discs with this module (``verify-disc``, the read-back of a burned medium).
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import re
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from evidence_station.domain.errors import Sentence
from evidence_station.identity.pyhanko_imports import quiet_pyhanko_imports
from evidence_station.identity.station_key import certificate_sha256

with quiet_pyhanko_imports():
    from asn1crypto import x509 as asn1_x509

__all__ = [
    "MANIFEST_SUBJECT_TAG",
    "asn1_certificate",
    "certificate_sha256",
    "parse_sums",
    "pdf_manifest_sha256",
    "sha256_hex",
    "validate_pdf_signature",
    "verify_manifest_signature",
]

#: The provenance sheet's /Subject ends with this tag and the SHA-256 of the disc's MANIFEST.json, so a verifier
#: tells a validly signed sheet of another disc or export from this disc's own.
MANIFEST_SUBJECT_TAG = "MANIFEST.json SHA-256"
_SUBJECT_DIGEST = re.compile(re.escape(MANIFEST_SUBJECT_TAG) + r" ([0-9a-f]{64})\s*$")
_SUMS_LINE = re.compile(r"^([0-9a-fA-F]{64}) [ *](.+)$")


def sha256_hex(data: bytes) -> str:
    """Lower-case hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def asn1_certificate(cert: x509.Certificate) -> asn1_x509.Certificate:
    """The asn1crypto form of a ``cryptography`` certificate (what pyHanko expects)."""
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def parse_sums(data: bytes) -> tuple[dict[str, str], list[str]]:
    """Parse a sums file into ``{path: lower-case hex}`` and the list of lines that could not be parsed."""
    entries: dict[str, str] = {}
    bad: list[str] = []
    for line in data.decode("utf-8", errors="replace").splitlines():
        if not line.strip():
            continue
        match = _SUMS_LINE.match(line)
        if match is None:
            bad.append(line)
        else:
            entries[match.group(2)] = match.group(1).lower()
    return entries, bad


def verify_manifest_signature(
    manifest: bytes, signature: bytes, trusted_cert: x509.Certificate
) -> tuple[bool, str]:
    """Check a detached CMS signature over ``manifest`` against ``trusted_cert`` (what ``openssl cms
    -verify -CAfile`` does). Never raises on garbage input."""
    with quiet_pyhanko_imports():
        from asn1crypto import cms
        from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
        from pyhanko.sign.validation.settings import KeyUsageConstraints
        from pyhanko_certvalidator import ValidationContext

    trusted = asn1_certificate(trusted_cert)
    try:
        content = cms.ContentInfo.load(signature)
        signed_data = content["content"]
        if content["content_type"].native != "signed_data":
            return False, Sentence("the signature file is not a CMS SignedData structure",
                                   "签名文件不是 CMS SignedData 结构")
        context = ValidationContext(trust_roots=[trusted], allow_fetching=False)
        status = asyncio.run(
            async_validate_detached_cms(
                manifest,
                signed_data,
                signer_validation_context=context,
                key_usage_settings=KeyUsageConstraints(key_usage=set()),
            )
        )
    except Exception as exc:
        return False, Sentence(f"the signature could not be read or checked: {exc}", f"无法读取或校验签名：{exc}")
    if status.signing_cert.dump() != trusted.dump():
        return False, Sentence("the signature was made with another certificate than STATION-CERT.pem",
                               "签名所用的证书不是 STATION-CERT.pem")
    if not (status.intact and status.valid):
        return False, Sentence(
            "the signature does not match MANIFEST.json (the manifest was altered, or "
            "MANIFEST.json.p7s comes from another disc)",
            "签名与 MANIFEST.json 不符（清单已被改动，或 MANIFEST.json.p7s 来自另一张光盘）",
        )
    if not status.trusted:
        return False, Sentence("the signing certificate does not chain to STATION-CERT.pem",
                               "签名证书无法追溯到 STATION-CERT.pem")
    return True, "MANIFEST.json signature is valid"


def validate_pdf_signature(path: Path | bytes, trusted_cert: x509.Certificate) -> tuple[bool, str]:
    """Check every signature in the PDF against ``trusted_cert`` (offline, no revocation fetching).

    Returns ``(True, message)`` only if the PDF has at least one signature, each is intact, made by
    ``trusted_cert``, covers the whole file, and chains to it. Never raises on a damaged PDF.
    """
    with quiet_pyhanko_imports():
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import KeyUsageConstraints
        from pyhanko.sign.validation import validate_pdf_signature as pyhanko_validate
        from pyhanko.sign.validation.status import SignatureCoverageLevel
        from pyhanko_certvalidator import ValidationContext

    try:
        data = path if isinstance(path, bytes) else Path(path).read_bytes()
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as exc:
        return False, Sentence(f"the PDF could not be read: {exc}", f"无法读取该 PDF 文件：{exc}")
    if not signatures:
        return False, Sentence("the PDF carries no signature", "该 PDF 文件没有签名")
    trusted = asn1_certificate(trusted_cert)
    messages = []
    for embedded in signatures:
        name = embedded.field_name
        try:
            context = ValidationContext(trust_roots=[trusted], allow_fetching=False)
            status = pyhanko_validate(
                embedded,
                signer_validation_context=context,
                key_usage_settings=KeyUsageConstraints(key_usage=set()),
            )
        except Exception as exc:
            return False, Sentence(f"signature {name} could not be validated: {exc}", f"无法校验签名 {name}：{exc}")
        if status.signing_cert.dump() != trusted.dump():
            return False, Sentence(f"signature {name} was made with another certificate", f"签名 {name} 由其他证书签署")
        if not (status.intact and status.valid):
            return False, Sentence(f"signature {name} does not match the document (altered or damaged)",
                                   f"签名 {name} 与文档不符（文档已被改动或损坏）")
        if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
            return False, Sentence(f"signature {name} does not cover the whole file (changed after signing)",
                                   f"签名 {name} 未覆盖整个文件（签名后文件被改动）")
        if not status.trusted:
            return False, Sentence(f"signature {name} does not chain to the station certificate",
                                   f"签名 {name} 无法追溯到工作站证书")
        when = status.signer_reported_dt.isoformat() if status.signer_reported_dt else "unknown time"
        messages.append(f"signature {embedded.field_name} is valid (signed {when})")
    return True, "; ".join(messages)


def pdf_manifest_sha256(data: bytes) -> str | None:
    """The MANIFEST.json SHA-256 a provenance sheet names in its /Subject, or None (older sheet, not a PDF).

    A verifier compares it with the SHA-256 of the disc's MANIFEST.json: a validly signed sheet copied
    from another disc or export then shows up as not belonging to this disc. Never raises.
    """
    with quiet_pyhanko_imports():
        from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        info = PdfFileReader(io.BytesIO(data), strict=False).trailer_view["/Info"]
        match = _SUBJECT_DIGEST.search(str(info.get("/Subject", "")))
    except Exception:
        return None
    return match.group(1) if match else None
