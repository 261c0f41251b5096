"""Password hashing with scrypt (memory-hard). A password opens a session and nothing else; the second half of
the scrypt output (the "KEK") only ever unwrapped the per-user key slots of homes made before the station service,
which ``station migrate`` reads one last time."""

from __future__ import annotations

import base64
import hmac
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from evidence_station.domain.messages import Msg

DEFAULT_N = 2**15
DEFAULT_R = 8
DEFAULT_P = 1
MIN_PASSWORD_LENGTH = 8


@dataclass(frozen=True)
class PasswordSecrets:
    """What one scrypt run yields: the stored verifier and the second half (``kek``, used by no current feature)."""

    encoded_hash: str
    kek: bytes


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=64, n=n, r=r, p=p).derive(password.encode("utf-8"))


def hash_password(password: str, *, n: int | None = None, r: int = DEFAULT_R, p: int = DEFAULT_P) -> PasswordSecrets:
    """Hash a new password. The first half of the scrypt output is the verifier, the second the KEK."""
    n = n or DEFAULT_N
    salt = os.urandom(16)
    out = _derive(password, salt, n, r, p)
    encoded = f"scrypt${n}${r}${p}${_b64(salt)}${_b64(out[:32])}"
    return PasswordSecrets(encoded_hash=encoded, kek=out[32:])


def check_password(encoded_hash: str, password: str) -> bytes | None:
    """The second half of the scrypt output when ``password`` is right (truthy), else None. Only the key migration
    uses its value (to unwrap an old key slot)."""
    try:
        scheme, n, r, p, salt_b64, verifier_b64 = encoded_hash.split("$")
    except ValueError:
        return None
    if scheme != "scrypt":
        return None
    out = _derive(password, base64.b64decode(salt_b64), int(n), int(r), int(p))
    if hmac.compare_digest(out[:32], base64.b64decode(verifier_b64)):
        return out[32:]
    return None


def spend_password_check(password: str) -> None:
    """Spend the time of one :func:`check_password` at the current cost, checking nothing.

    Log-in runs it for a user name that does not exist, so an unknown name is answered as slowly as a
    wrong password (the answer's timing does not tell which names exist).
    """
    _derive(password, os.urandom(16), DEFAULT_N, DEFAULT_R, DEFAULT_P)


def password_problem(password: str) -> Msg | None:
    """A human sentence when a new password is too weak, else None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return Msg("The password must have at least {count} characters.", count=MIN_PASSWORD_LENGTH)
    return None
