"""Errors on the wire: what the service sends when a call fails, and the error a client raises from it.

A client never imports the service's own error classes (they live beside the catalogue and the vault). It gets
the error's ``code``, CLI exit code and sentences in English and Chinese, and raises the domain class with that
code when there is one (so ``except AuthenticationError`` works on both sides), else a :class:`RemoteError`
subclass of the domain class for its exit code.
"""

from __future__ import annotations

from typing import Any

import msgspec

from evidence_station.domain import errors as domain_errors
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.domain.messages import Msg, Said

#: The code the service uses for a failure that is not an :class:`EvidenceStationError` (a defect).
INTERNAL_ERROR = "internal_error"


class ErrorPayload(msgspec.Struct, frozen=True):
    """The ``error`` object of a failed call (also the CLI's ``--json`` error object, minus ``exit_code``)."""

    code: str
    message: str
    message_zh: str
    exit_code: int = 2


def error_payload(exc: EvidenceStationError) -> ErrorPayload:
    """The wire form of ``exc``: its sentence rendered in English and in Chinese."""
    return ErrorPayload(exc.code, exc.message, exc.text_zh(), exc.exit_code)


def internal_error_payload() -> ErrorPayload:
    """The wire form of an unexpected failure inside the service (details stay in the service's log)."""
    said = Msg("The station service failed unexpectedly; nothing half-done was kept. The details are in the "
               "service's log; tell the administrator.")
    return ErrorPayload(INTERNAL_ERROR, str(said), said.render("zh_CN"), exit_code=1)


def _domain_classes() -> dict[str, type[EvidenceStationError]]:
    found: dict[str, type[EvidenceStationError]] = {}
    for value in vars(domain_errors).values():
        if isinstance(value, type) and issubclass(value, EvidenceStationError) and value is not EvidenceStationError:
            found[value.code] = value
    return found


_BY_CODE = _domain_classes()
_BY_EXIT_CODE: dict[int, type[EvidenceStationError]] = {
    1: domain_errors.IntegrityProblemError,
    2: domain_errors.InvalidInputError,
    3: domain_errors.PermissionDeniedError,
    4: domain_errors.NotFoundError,
    5: domain_errors.StationUnreachableError,
}
_remote_classes: dict[tuple[str, int], type[EvidenceStationError]] = {}


class RemoteError(EvidenceStationError):
    """Marker base of the errors made from a service error code the client has no class for."""


def _remote_class(code: str, exit_code: int) -> type[EvidenceStationError]:
    key = (code, exit_code)
    if key not in _remote_classes:
        base = _BY_EXIT_CODE.get(exit_code, EvidenceStationError)
        _remote_classes[key] = type(
            f"Remote_{code}", (RemoteError, base),
            {"code": code, "exit_code": exit_code, "headline_zh": base.headline_zh, "__module__": __name__},
        )  # the headline of its kind (by exit code): the station's own sentence follows it
    return _remote_classes[key]


def error_from_payload(payload: ErrorPayload | dict[str, Any]) -> EvidenceStationError:
    """The error a client raises for a failed call."""
    if isinstance(payload, dict):
        payload = msgspec.convert(payload, ErrorPayload)
    kind = _BY_CODE.get(payload.code)
    if kind is None or kind.exit_code != payload.exit_code:
        kind = _remote_class(payload.code, payload.exit_code)
    return kind(Said(payload.message, zh_CN=payload.message_zh))  # rendered by the service, in both languages
