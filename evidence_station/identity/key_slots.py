"""Key slots of homes made before the station service: read once, by the key migration, then dropped.

Those versions encrypted the station key with a random data key and wrapped that data key once per user
(AES-256-GCM under a key derived from the user's password), so every user's password unlocked the station's
signing key. Nothing creates slots any more; ``station migrate`` unwraps the administrator's slot one last time
to sign the old key's final checkpoint, retires the key and deletes the slots.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def unwrap_legacy_data_key(kek: bytes, nonce: bytes, wrapped: bytes, station_uid: str) -> bytes | None:
    """Decrypt an old key slot; None when the KEK or the slot does not match (tampered or wrong user)."""
    try:
        return AESGCM(kek).decrypt(bytes(nonce), bytes(wrapped), station_uid.encode("utf-8"))
    except InvalidTag:
        return None
