"""Specific failures of the vault and of reading a source file into it.

:class:`VaultError` (the station's own storage failed: full, write error, fsync, read-back); a source that
misbehaves while it is read raises the errors of :mod:`evidence_station.cards.errors`. Every
message is a plain sentence naming the file and what to do next.
"""

from __future__ import annotations

from evidence_station.domain.errors import (
    EvidenceStationError,
    IntegrityProblemError,
    NotFoundError,
)


class VaultError(EvidenceStationError):
    """The vault could not store a file safely; nothing half-written was kept."""

    exit_code = 1
    code = "vault_error"
    headline_zh = "存储库未能安全保存文件"


class VaultFullError(VaultError):
    """Not enough free space on the vault disk."""

    code = "vault_full"
    headline_zh = "存储库磁盘空间不足"


class VaultWriteError(VaultError):
    """Writing, reading back or publishing a blob failed with an operating-system error."""

    code = "vault_write_failed"
    headline_zh = "写入存储库失败"


class FsyncFailedError(VaultError):
    """The disk refused to confirm the data was stored (fsync failed). Never retried for that file."""

    code = "fsync_failed"
    headline_zh = "磁盘未能确认数据已写入（fsync 失败）"


class ReadBackMismatchError(VaultError, IntegrityProblemError):
    """The bytes read back from the disk differ from the bytes that were written."""

    exit_code = 1
    code = "read_back_mismatch"
    headline_zh = "回读校验不一致：磁盘上的数据与写入的数据不同"


class ExistingBlobMismatchError(VaultError, IntegrityProblemError):
    """A blob with the same SHA-256 is already stored but has another size: the vault is damaged."""

    exit_code = 1
    code = "existing_blob_mismatch"
    headline_zh = "存储库中已有相同哈希值但大小不同的文件，存储库已损坏"


class BlobReadError(VaultError, IntegrityProblemError):
    """A stored blob could not be read (disk error): the vault copy may be damaged."""

    exit_code = 1
    code = "blob_read_failed"
    headline_zh = "无法读取存储库中保存的文件"


class BlobNotFoundError(NotFoundError):
    """No blob with this SHA-256 is stored in the vault."""

    code = "blob_not_found"
    headline_zh = "存储库中没有该文件"
