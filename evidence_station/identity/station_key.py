"""The station key pair and self-signed X.509 certificate, stored under ``<home>/identity``."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from evidence_station.domain.errors import IntegrityProblemError, InvalidInputError

KEY_FILE = "station-key.pem"
CERT_FILE = "station-cert.pem"
CERT_VALID_YEARS = 30


@dataclass(frozen=True)
class NewIdentity:
    """A freshly made identity: the key, its certificate and the data key that encrypts it at rest."""

    private_key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    data_key: bytes


def make_self_signed_certificate(
    key: ec.EllipticCurvePrivateKey, station_name: str, station_uid: str, organisation: str = ""
) -> x509.Certificate:
    """A self-signed signing certificate naming the station (CN) and its id (serialNumber attribute)."""
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, station_name)]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, station_uid))
    name = x509.Name(attributes)
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
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
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def create_identity(identity_dir: Path, station_name: str, station_uid: str) -> NewIdentity:
    """Make the station key and certificate; the key is written only encrypted (PKCS#8, AES-256)."""
    identity_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = make_self_signed_certificate(key, station_name, station_uid)
    data_key = base64.b64encode(os.urandom(32))
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(data_key),
    )
    key_path = identity_dir / KEY_FILE
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key_pem)
        handle.flush()
        os.fsync(handle.fileno())
    (identity_dir / CERT_FILE).write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return NewIdentity(private_key=key, certificate=cert, data_key=data_key)


def load_certificate(identity_dir: Path) -> x509.Certificate:
    """The station certificate."""
    return x509.load_pem_x509_certificate((identity_dir / CERT_FILE).read_bytes())


def unlock_private_key(identity_dir: Path, data_key: bytes) -> ec.EllipticCurvePrivateKey:
    """Decrypt the station key with its data key (obtained from a user's key slot)."""
    try:
        key = serialization.load_pem_private_key((identity_dir / KEY_FILE).read_bytes(), password=data_key)
    except (ValueError, TypeError) as exc:
        raise IntegrityProblemError(
            f"The station key in {identity_dir} cannot be decrypted with this user's key slot: {exc}",
            message_zh=f"无法用该用户的密钥槽解密 {identity_dir} 中的工作站密钥：{exc}",
        ) from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise InvalidInputError("The station key is not an EC key.", message_zh="工作站密钥不是椭圆曲线（EC）密钥。")
    return key


def certificate_sha256(cert: x509.Certificate) -> str:
    """SHA-256 of the certificate's DER bytes (hex) — the station's public fingerprint."""
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def sign_bytes(key: ec.EllipticCurvePrivateKey, data: bytes) -> bytes:
    """ECDSA-SHA256 signature (DER)."""
    return key.sign(data, ec.ECDSA(hashes.SHA256()))


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
