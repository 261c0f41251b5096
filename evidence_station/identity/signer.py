"""The station's signer: the one thing that signs, owned by the station — never by a user.

A :class:`StationSigner` holds the station certificate and makes ECDSA-P256-SHA256 signatures of bytes; on that
one primitive it builds the detached CMS signature of ``MANIFEST.json`` (what ``openssl cms -verify -binary
-inform DER … -CAfile STATION-CERT.pem -purpose any`` checks) and the pyHanko signer of the PAdES PDFs. Two kinds:

* :class:`KeyFileSigner` — an unencrypted PKCS#8 key in ``identity/station-key.pem``, created ``0600`` in the
  ``0700`` home. The protection is the OS account: in an installed station only the service account can read
  it; in an embedded station (a laptop, the demo) the desktop account can, and the certificate says so.
* :class:`Pkcs11Signer` — a key on a PKCS#11 token (an HSM, a smart card; SoftHSM2 in the tests), named by the
  settings ``pkcs11_module``, ``pkcs11_token``, ``pkcs11_key_label`` and ``pkcs11_pin_file`` (a file readable
  only by the service account). The key never leaves the token.

No password of any user opens either: a user's password opens a session and nothing else.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from evidence_station.domain.errors import InvalidInputError, PermissionDeniedError
from evidence_station.domain.messages import Msg
from evidence_station.identity.pyhanko_imports import quiet_pyhanko_imports
from evidence_station.identity.station_key import (
    CERT_FILE,
    KEY_FILE,
    StationProtection,
    build_station_certificate,
    certificate_protection,
    key_file_is_encrypted,
    load_certificate,
    write_private_file,
)

#: The largest DER ECDSA P-256 signature (what a dry run reserves room for).
_MAX_SIGNATURE_BYTES = 72


class StationKeyMigrationNeededError(InvalidInputError):
    """The home still has the encrypted key of a version before the station service (exit 2)."""


def migration_needed_error(identity_dir: Path) -> StationKeyMigrationNeededError:
    """The refusal of anything that signs in a home whose key was not migrated yet."""
    return StationKeyMigrationNeededError(
        Msg(
            "The station key in {identity_dir} is still the old per-user-unlocked key of an earlier version, "
            "and it signs nothing any more. An administrator must migrate it once: evidence-station --home "
            "HOME --user ADMIN station migrate (add --service for a home the station service will run).",
            identity_dir=identity_dir,
        ),
    )


class StationSigner(ABC):
    """The station's signing key and certificate (see the module docstring)."""

    #: ``key_file`` or ``pkcs11`` (the ``signer`` setting).
    kind: str = ""

    @property
    @abstractmethod
    def certificate(self) -> x509.Certificate:
        """The station certificate of this key."""

    @abstractmethod
    def sign_bytes(self, data: bytes) -> bytes:
        """ECDSA-P256-SHA256 signature of ``data`` (DER)."""

    @property
    def protection(self) -> StationProtection:
        """What the certificate says about how the key is kept."""
        return certificate_protection(self.certificate)

    def sign_cms_detached(self, data: bytes) -> bytes:
        """DER CMS SignedData over ``data`` (detached, SHA-256, the certificate embedded)."""
        content_info = asyncio.run(self.pdf_signer().async_sign_general_data(data, "sha256", detached=True))
        return bytes(content_info.dump())

    def pdf_signer(self) -> Any:
        """A pyHanko ``Signer`` that signs with this key (for PAdES signatures of the station's PDFs)."""
        return _pyhanko_signer_class()(self)


@cache
def _pyhanko_signer_class() -> type:
    """The pyHanko ``Signer`` delegating every raw signature to a :class:`StationSigner` (imported lazily)."""
    with quiet_pyhanko_imports():
        from asn1crypto import algos
        from asn1crypto import x509 as asn1_x509
        from pyhanko.sign import signers
        from pyhanko_certvalidator.registry import SimpleCertificateStore

    class DelegatingSigner(signers.Signer):  # type: ignore[misc]
        def __init__(self, station_signer: StationSigner) -> None:
            cert = asn1_x509.Certificate.load(station_signer.certificate.public_bytes(serialization.Encoding.DER))
            super().__init__(
                signing_cert=cert,
                cert_registry=SimpleCertificateStore.from_certs([cert]),
                signature_mechanism=algos.SignedDigestAlgorithm({"algorithm": "sha256_ecdsa"}),
            )
            self._station_signer = station_signer

        async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
            if digest_algorithm.lower() != "sha256":
                raise ValueError(f"the station signs with SHA-256 only, not {digest_algorithm}")
            if dry_run:
                return bytes(_MAX_SIGNATURE_BYTES)
            return self._station_signer.sign_bytes(data)

    return DelegatingSigner


class KeyFileSigner(StationSigner):
    """The station key in an unencrypted PKCS#8 file readable only by the account that runs the station."""

    kind = "key_file"

    def __init__(self, key: ec.EllipticCurvePrivateKey, cert: x509.Certificate) -> None:
        self._key = key
        self._cert = cert

    @property
    def certificate(self) -> x509.Certificate:
        """The station certificate."""
        return self._cert

    def sign_bytes(self, data: bytes) -> bytes:
        """ECDSA-P256-SHA256 signature (DER)."""
        return self._key.sign(data, ec.ECDSA(hashes.SHA256()))

    @classmethod
    def load(cls, identity_dir: Path) -> KeyFileSigner:
        """The key file and certificate of a home (refusing an old encrypted key: it must be migrated)."""
        if key_file_is_encrypted(identity_dir):
            raise migration_needed_error(identity_dir)
        path = identity_dir / KEY_FILE
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except PermissionError as exc:
            raise PermissionDeniedError(
                Msg(
                    "The station key {path} can be read only by the station's own account: run this as that "
                    "account, or act through the station service (--station).",
                    path=path,
                ),
            ) from exc
        except (OSError, ValueError, TypeError) as exc:
            raise InvalidInputError(Msg("The station key {path} cannot be read: {exc}", path=path, exc=exc)) from exc
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise InvalidInputError(Msg("The station key is not an EC key."))
        return cls(key, load_certificate(identity_dir))

    @classmethod
    def create(cls, identity_dir: Path, *, station_name: str, station_uid: str, protected: bool,
               organisation: str = "", key_name: str = KEY_FILE, cert_name: str = CERT_FILE) -> KeyFileSigner:
        """Make a new key (0600) and its certificate in ``identity_dir`` (0700), under the names given."""
        identity_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = ec.generate_private_key(ec.SECP256R1())
        cert = build_station_certificate(
            key.public_key(), lambda tbs: key.sign(tbs, ec.ECDSA(hashes.SHA256())),
            station_name=station_name, station_uid=station_uid, protected=protected, organisation=organisation,
        )
        write_private_file(identity_dir / key_name, key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        (identity_dir / cert_name).write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return cls(key, cert)


@dataclass(frozen=True)
class Pkcs11Config:
    """Where the station key lives on a PKCS#11 token (the ``pkcs11_*`` settings)."""

    module: str
    token_label: str
    key_label: str
    pin_file: str

    def pin(self) -> str:
        """The user PIN, from a file only the service account may read (refused when others can)."""
        path = Path(self.pin_file)
        try:
            mode = path.stat().st_mode
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InvalidInputError(Msg(
                "The PKCS#11 PIN file {path} cannot be read: {exc}",
                path=path,
                exc=exc,
            )) from exc
        if os.name == "posix" and mode & 0o077:
            raise InvalidInputError(
                Msg(
                    "The PKCS#11 PIN file {path} may be read by other accounts (mode {mode:o}); make it "
                    "readable by the station service's account only (chmod 600).",
                    path=path,
                    mode=mode & 0o777,
                ),
            )
        return text.strip("\r\n")


class Pkcs11Signer(StationSigner):
    """The station key on a PKCS#11 token: each signature opens a session, signs the SHA-256 digest with
    CKM_ECDSA and closes it (one at a time)."""

    kind = "pkcs11"

    def __init__(self, config: Pkcs11Config, cert: x509.Certificate | None = None) -> None:
        self.config = config
        self._cert = cert
        self._lock = threading.Lock()

    @property
    def certificate(self) -> x509.Certificate:
        """The station certificate of the token's key."""
        if self._cert is None:
            raise InvalidInputError(Msg("The PKCS#11 signer has no certificate yet."))
        return self._cert

    def _open(self, rw: bool = False) -> Any:
        import pkcs11

        try:
            token = pkcs11.lib(self.config.module).get_token(token_label=self.config.token_label)
            return token.open(rw=rw, user_pin=self.config.pin())
        except (pkcs11.PKCS11Error, RuntimeError, OSError) as exc:
            raise InvalidInputError(
                Msg(
                    "The PKCS#11 token {token_label!r} (module {module}) cannot be opened: {error_type} {exc}",
                    token_label=self.config.token_label,
                    module=self.config.module,
                    error_type=type(exc).__error_type,
                    exc=exc,
                ),
            ) from exc

    def _key(self, session: Any, object_class: Any) -> Any:
        import pkcs11
        from pkcs11 import KeyType

        try:
            return session.get_key(object_class=object_class, key_type=KeyType.EC, label=self.config.key_label)
        except (pkcs11.NoSuchKey, pkcs11.MultipleObjectsReturned) as exc:
            raise InvalidInputError(
                Msg(
                    "The PKCS#11 token {token_label!r} holds no single EC key labelled {key_label!r} ({error_type}).",
                    token_label=self.config.token_label,
                    key_label=self.config.key_label,
                    error_type=type(exc).__error_type,
                ),
            ) from exc

    def sign_bytes(self, data: bytes) -> bytes:
        """ECDSA-P256-SHA256 signature (DER) made on the token."""
        from pkcs11 import Mechanism, ObjectClass
        from pkcs11.util.ec import encode_ecdsa_signature

        digest = hashlib.sha256(data).digest()
        with self._lock, self._open() as session:
            raw = self._key(session, ObjectClass.PRIVATE_KEY).sign(digest, mechanism=Mechanism.ECDSA)
        return bytes(encode_ecdsa_signature(raw))

    def public_key(self) -> ec.EllipticCurvePublicKey:
        """The public key of the token's key pair."""
        from pkcs11 import ObjectClass
        from pkcs11.util.ec import encode_ec_public_key

        with self._lock, self._open() as session:
            der = encode_ec_public_key(self._key(session, ObjectClass.PUBLIC_KEY))
        key = serialization.load_der_public_key(der)
        if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(key.curve, ec.SECP256R1):
            raise InvalidInputError(Msg("The PKCS#11 key is not an EC P-256 key."))
        return key

    def ensure_key(self) -> None:
        """Generate a P-256 key pair on the token under the key label unless one is there (never extractable)."""
        import pkcs11
        from pkcs11 import Attribute, KeyType, ObjectClass
        from pkcs11.util.ec import encode_named_curve_parameters

        with self._lock, self._open(rw=True) as session:
            try:
                session.get_key(object_class=ObjectClass.PRIVATE_KEY, key_type=KeyType.EC,
                                label=self.config.key_label)
                return
            except pkcs11.NoSuchKey:
                pass
            params = session.create_domain_parameters(
                KeyType.EC, {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")}, local=True)
            params.generate_keypair(
                store=True, label=self.config.key_label,
                private_template={Attribute.SENSITIVE: True, Attribute.EXTRACTABLE: False},
            )

    @classmethod
    def create(cls, identity_dir: Path, config: Pkcs11Config, *, station_name: str, station_uid: str,
               organisation: str = "", cert_name: str = CERT_FILE) -> Pkcs11Signer:
        """Use (or generate) the token's key and write its new certificate (protected) to ``identity_dir``."""
        identity_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        signer = cls(config)
        signer.ensure_key()
        cert = build_station_certificate(signer.public_key(), signer.sign_bytes, station_name=station_name,
                                         station_uid=station_uid, protected=True, organisation=organisation)
        (identity_dir / cert_name).write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        signer._cert = cert
        return signer


def load_station_signer(identity_dir: Path, pkcs11: Pkcs11Config | None = None) -> StationSigner:
    """The signer of a home: the token named by ``pkcs11``, else the key file (an old encrypted key is refused
    with :class:`StationKeyMigrationNeededError`). The token's key must be the certificate's."""
    if pkcs11 is None:
        return KeyFileSigner.load(identity_dir)
    cert = load_certificate(identity_dir)
    signer = Pkcs11Signer(pkcs11, cert)
    if signer.public_key().public_numbers() != cert.public_key().public_numbers():
        raise InvalidInputError(
            Msg(
                "The key {key_label!r} on the PKCS#11 token {token_label!r} is not the key of the station "
                "certificate in {identity_dir}: check the pkcs11_* settings.",
                key_label=pkcs11.key_label,
                token_label=pkcs11.token_label,
                identity_dir=identity_dir,
            ),
        )
    return signer
