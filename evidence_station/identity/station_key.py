"""The station certificate (``<home>/identity/station-cert.pem``) and what it says about the station.

Every station certificate says how its key is kept, in two places a verifier can read without this program:

* a **certificate policy** (X.509 ``certificatePolicies``, OIDs under the arc :data:`STATION_POLICY_ARC`, a
  UUID arc ``2.25.…`` of ITU-T X.667 that needs no registration): :data:`PROTECTED_STATION_POLICY` — the key is
  opened by the station service alone (a key file readable only by the service account, or a PKCS#11
  token) — or :data:`EMBEDDED_STATION_POLICY` — an embedded station, whose key file the desktop account that
  runs it can read (unprotected);
* the subject's **organizationalUnitName**: :data:`PROTECTED_UNIT` or :data:`EMBEDDED_UNIT`, for people.

A certificate with neither (made by a version before the station service) is :attr:`StationProtection.UNKNOWN`:
its key was unlocked by every user's password, so verifiers treat it as unprotected.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from evidence_station.domain.errors import IntegrityProblemError, InvalidInputError
from evidence_station.domain.messages import Msg

KEY_FILE = "station-key.pem"
CERT_FILE = "station-cert.pem"
#: Retired station certificates (``<sha256>.pem``) and their retirement records (``<sha256>.json``).
RETIRED_DIR = "retired"
CERT_VALID_YEARS = 30

#: The station's certificate-policy arc (2.25 = UUID-based OID, ITU-T X.667).
STATION_POLICY_ARC = "2.25.28192519471191406304783800028223767300"
#: Policy of a station whose key only the station service opens.
PROTECTED_STATION_POLICY = x509.ObjectIdentifier(f"{STATION_POLICY_ARC}.2")
#: Policy of an embedded station (its key file is readable by the desktop account running it).
EMBEDDED_STATION_POLICY = x509.ObjectIdentifier(f"{STATION_POLICY_ARC}.1")
PROTECTED_UNIT = "工作站服务（受保护）Station service (protected key)"
EMBEDDED_UNIT = "嵌入式工作站（未受保护）Embedded station (unprotected key)"
_POLICY_NOTICE = {
    True: "Signing key opened only by the station service (protected). 签名密钥仅由工作站服务打开（受保护）。",
    False: "Embedded station: the signing key is readable by the desktop account (unprotected). "
           "嵌入式工作站：签名密钥可被桌面账户读取（未受保护）。",
}


class StationProtection(enum.Enum):
    """How a certificate says its station keeps the key."""

    PROTECTED = "protected"
    EMBEDDED = "embedded"
    UNKNOWN = "unknown"  # an older certificate that says nothing: treated as unprotected


def certificate_protection(cert: x509.Certificate) -> StationProtection:
    """What ``cert`` says about its key (by its certificate policy)."""
    try:
        policies = cert.extensions.get_extension_for_class(x509.CertificatePolicies).value
    except x509.ExtensionNotFound:
        return StationProtection.UNKNOWN
    oids = {policy.policy_identifier for policy in policies}
    if PROTECTED_STATION_POLICY in oids:
        return StationProtection.PROTECTED
    if EMBEDDED_STATION_POLICY in oids:
        return StationProtection.EMBEDDED
    return StationProtection.UNKNOWN


def build_station_certificate(
    public_key: ec.EllipticCurvePublicKey,
    sign: Callable[[bytes], bytes],
    *,
    station_name: str,
    station_uid: str,
    protected: bool,
    organisation: str = "",
) -> x509.Certificate:
    """A self-signed signing certificate naming the station (CN), how its key is kept (OU and policy) and its id
    (serialNumber), signed by ``sign`` (ECDSA-P256-SHA256 over the DER bytes given, DER signature).

    ``sign`` may live anywhere (a key in memory, a PKCS#11 token): the certificate is drafted with a throw-away
    key, then its to-be-signed part is signed by ``sign`` and checked against ``public_key``.
    """
    from asn1crypto import x509 as asn1_x509

    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, station_name)]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    attributes.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME,
                                         PROTECTED_UNIT if protected else EMBEDDED_UNIT))
    attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, station_uid))
    name = x509.Name(attributes)
    now = dt.datetime.now(dt.UTC)
    policy = x509.PolicyInformation(
        PROTECTED_STATION_POLICY if protected else EMBEDDED_STATION_POLICY,
        [x509.UserNotice(None, _POLICY_NOTICE[protected])],
    )
    draft = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * CERT_VALID_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION, ExtendedKeyUsageOID.CODE_SIGNING]),
            critical=False,
        )
        .add_extension(x509.CertificatePolicies([policy]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .sign(ec.generate_private_key(ec.SECP256R1()), hashes.SHA256())
    )
    parsed = asn1_x509.Certificate.load(draft.public_bytes(serialization.Encoding.DER))
    tbs = parsed["tbs_certificate"]
    signed = asn1_x509.Certificate({
        "tbs_certificate": tbs,
        "signature_algorithm": parsed["signature_algorithm"],
        "signature_value": sign(tbs.dump()),
    })
    cert = x509.load_der_x509_certificate(signed.dump())
    try:
        public_key.verify(cert.signature, cert.tbs_certificate_bytes, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as exc:
        raise IntegrityProblemError(
            Msg(
                "The new station certificate does not verify with the station's public key: the signing key "
                "and the public key do not belong together.",
            ),
        ) from exc
    return cert


def write_private_file(path: Path, data: bytes) -> None:
    """Create ``path`` (never overwriting) readable by its owner only (0600), written and flushed to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def load_certificate(identity_dir: Path) -> x509.Certificate:
    """The station certificate."""
    return x509.load_pem_x509_certificate((identity_dir / CERT_FILE).read_bytes())


def key_file_is_encrypted(identity_dir: Path) -> bool:
    """True when the station key file is the encrypted PKCS#8 of a version before the station service (its
    passphrase was wrapped in per-user key slots): such a home must be migrated before it signs again."""
    path = identity_dir / KEY_FILE
    try:
        with open(path, "rb") as handle:
            head = handle.read(64)
    except OSError:
        return False
    return b"ENCRYPTED PRIVATE KEY" in head


def unlock_legacy_key(identity_dir: Path, data_key: bytes) -> ec.EllipticCurvePrivateKey:
    """Decrypt the encrypted station key of an older home with its data key (from an administrator's key slot):
    used once, by the key migration, to sign the old key's last checkpoint."""
    try:
        key = serialization.load_pem_private_key((identity_dir / KEY_FILE).read_bytes(), password=data_key)
    except (ValueError, TypeError) as exc:
        raise IntegrityProblemError(
            Msg(
                "The old station key in {identity_dir} cannot be decrypted with this administrator's key slot: {exc}",
                identity_dir=identity_dir,
                exc=exc,
            ),
        ) from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise InvalidInputError(Msg("The station key is not an EC key."))
    return key


def certificate_sha256(cert: x509.Certificate) -> str:
    """SHA-256 of the certificate's DER bytes (hex) — the station's public fingerprint."""
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def verify_bytes(cert: x509.Certificate, data: bytes, signature: bytes) -> bool:
    """True when ``signature`` over ``data`` was made by the certificate's key."""
    public_key = cert.public_key()
    if not isinstance(public_key, ec.EllipticCurvePublicKey):
        return False
    try:
        public_key.verify(bytes(signature), data, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True
