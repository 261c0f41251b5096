"""Wrapping the station key's passphrase for one user (AES-256-GCM under the user's password-derived KEK)."""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def wrap_data_key(kek: bytes, data_key: bytes, station_uid: str) -> tuple[bytes, bytes]:
    """Encrypt ``data_key`` for a user; returns ``(nonce, ciphertext)``. The station id is bound as AAD."""
    nonce = os.urandom(12)
    return nonce, AESGCM(kek).encrypt(nonce, data_key, station_uid.encode("utf-8"))


def unwrap_data_key(kek: bytes, nonce: bytes, wrapped: bytes, station_uid: str) -> bytes | None:
    """Decrypt a user's slot; None when the KEK or the slot does not match (tampered or wrong user)."""
    try:
        return AESGCM(kek).decrypt(bytes(nonce), bytes(wrapped), station_uid.encode("utf-8"))
    except InvalidTag:
        return None
