"""Errors specific to building, burning and verifying evidence discs."""

from __future__ import annotations

from evidence_station.domain.errors import (
    EvidenceStationError,
    IntegrityProblemError,
    InvalidInputError,
)


class VaultCopyMismatchError(IntegrityProblemError):
    """A vault blob did not hash to the value the catalogue recorded: the vault copy is corrupt."""

    code = "vault_copy_mismatch"
    headline_zh = "存储库中的原始文件与导入时记录的哈希值不符"


class FileTooLargeForMediumError(InvalidInputError):
    """One original is larger than the chosen disc medium can hold."""

    code = "file_too_large_for_medium"
    headline_zh = "文件超出所选光盘介质的容量"


class SigningError(EvidenceStationError):
    """A signature (CMS or PDF) could not be made with the station key."""

    exit_code = 1
    code = "signing_failed"
    headline_zh = "无法用工作站密钥签名"
