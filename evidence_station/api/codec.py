"""JSON on the wire (msgspec): strict, typed decoding into the very dataclasses the services return."""

from __future__ import annotations

from pathlib import Path, PurePath, PurePosixPath
from typing import Any, TypeVar

import msgspec

from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg

T = TypeVar("T")

_PATH_TYPES: tuple[type, ...] = (Path, PurePath, PurePosixPath)


def _enc_hook(value: Any) -> Any:
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise NotImplementedError(f"cannot send a {type(value).__name__} over the wire")


def _dec_hook(kind: type, value: Any) -> Any:
    if kind in _PATH_TYPES and isinstance(value, str):
        return kind(value)
    raise NotImplementedError(f"cannot read a {kind!r} from the wire")


_encoder = msgspec.json.Encoder(enc_hook=_enc_hook)


def encode(value: Any) -> bytes:
    """``value`` (dataclasses, structs, named tuples, enums, datetimes, paths, …) as JSON bytes."""
    return _encoder.encode(value)


def decode(data: bytes | str, kind: type[T] | Any = Any) -> T:
    """JSON bytes as a value of ``kind``; a value of the wrong shape is :class:`InvalidInputError` (exit 2)."""
    try:
        return msgspec.json.decode(data, type=kind, dec_hook=_dec_hook)
    except msgspec.ValidationError as exc:
        raise InvalidInputError(Msg("Invalid request: {exc}.", exc=exc)) from None
    except msgspec.DecodeError as exc:
        raise InvalidInputError(Msg("Malformed request: {exc}.", exc=exc)) from None


def convert(value: Any, kind: type[T] | Any) -> T:
    """An already-decoded JSON value (dicts, lists, strings) as a value of ``kind``."""
    try:
        return msgspec.convert(value, type=kind, dec_hook=_dec_hook, strict=False)
    except msgspec.ValidationError as exc:
        raise InvalidInputError(Msg("Invalid value: {exc}.", exc=exc)) from None


def to_builtins(value: Any) -> Any:
    """``value`` as plain JSON-compatible Python objects (dicts, lists, strings, numbers)."""
    return msgspec.to_builtins(value, enc_hook=_enc_hook)
