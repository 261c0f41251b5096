"""Domain errors. Each carries the CLI exit code of ``../shared/docs/CLI.md``.

Exit codes: 1 a problem was found (verification failed, tamper), 2 bad usage or bad input,
3 permission refused (no role, no approval, wrong password), 4 not found.
"""

from __future__ import annotations


class EvidenceStationError(Exception):
    """Base class of every error the station reports to a person."""

    exit_code: int = 2
    code: str = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInputError(EvidenceStationError):
    """The caller gave something that cannot be used (bad option, bad file, bad value)."""

    exit_code = 2
    code = "invalid_input"


class PermissionDeniedError(EvidenceStationError):
    """The acting user may not do this (no role, no approval, no clearance)."""

    exit_code = 3
    code = "permission_denied"


class AuthenticationError(PermissionDeniedError):
    """Wrong user name or password, or a locked account."""

    code = "authentication_failed"


class AccountLockedError(AuthenticationError):
    """Too many failed log-ins: the account is locked until an administrator unlocks it."""

    code = "account_locked"


class NotFoundError(EvidenceStationError):
    """The named thing (user, recording, request, case, file) does not exist."""

    exit_code = 4
    code = "not_found"


class IntegrityProblemError(EvidenceStationError):
    """A check ran and found a problem (hash mismatch, broken audit chain)."""

    exit_code = 1
    code = "integrity_problem"


class OperationCancelledError(EvidenceStationError):
    """A long operation was cancelled by the user; nothing half-done was left behind."""

    exit_code = 1
    code = "cancelled"


class SchemaTooNewError(EvidenceStationError):
    """The catalogue was written by a newer version of the station than this one."""

    exit_code = 2
    code = "schema_too_new"


class StationNotInitialisedError(EvidenceStationError):
    """The data folder holds no station yet (run ``init``)."""

    exit_code = 4
    code = "not_initialised"
