"""Specific failures of the vault and of reading a source file into it.

Two families: :class:`SourceError` (the card or source file misbehaved: read error, changed, vanished)
and :class:`VaultError` (the station's own storage failed: full, write error, fsync, read-back). Every
message is a plain sentence naming the file and what to do next.
"""

from __future__ import annotations

from evidence_station.domain.errors import (
    EvidenceStationError,
    IntegrityProblemError,
    InvalidInputError,
    NotFoundError,
)


class SourceError(InvalidInputError):
    """The source (usually a file on a camera card) could not be read as it was scanned."""

    code = "source_error"


class SourceReadError(SourceError):
    """Reading the source failed part-way (card pulled out, bad sector, I/O error)."""

    code = "source_read_failed"


class SourceChangedError(SourceError):
    """The source is no longer what was scanned: other size, other file type, or became a link."""

    code = "source_changed"


class SourceVanishedError(SourceError):
    """The source file was there when the card was scanned and is gone now."""

    exit_code = 4
    code = "source_vanished"


class VaultError(EvidenceStationError):
    """The vault could not store a file safely; nothing half-written was kept."""

    exit_code = 1
    code = "vault_error"


class VaultFullError(VaultError):
    """Not enough free space on the vault disk."""

    code = "vault_full"


class VaultWriteError(VaultError):
    """Writing, reading back or publishing a blob failed with an operating-system error."""

    code = "vault_write_failed"


class FsyncFailedError(VaultError):
    """The disk refused to confirm the data was stored (fsync failed). Never retried for that file."""

    code = "fsync_failed"


class ReadBackMismatchError(VaultError, IntegrityProblemError):
    """The bytes read back from the disk differ from the bytes that were written."""

    exit_code = 1
    code = "read_back_mismatch"


class ExistingBlobMismatchError(VaultError, IntegrityProblemError):
    """A blob with the same SHA-256 is already stored but has another size: the vault is damaged."""

    exit_code = 1
    code = "existing_blob_mismatch"


class BlobReadError(VaultError, IntegrityProblemError):
    """A stored blob could not be read (disk error): the vault copy may be damaged."""

    exit_code = 1
    code = "blob_read_failed"


class BlobNotFoundError(NotFoundError):
    """No blob with this SHA-256 is stored in the vault."""

    code = "blob_not_found"
