"""Errors of reading a camera card (the card folder itself is missing or unreadable).

Per-file source failures (read error, changed, vanished) live in :mod:`evidence_station.vault.errors`
because the vault raises most of them too.
"""

from __future__ import annotations

from evidence_station.domain.errors import EvidenceStationError, InvalidInputError, NotFoundError


class CardNotFoundError(NotFoundError):
    """The card folder does not exist or is not a folder."""

    code = "card_not_found"
    headline_zh = "找不到存储卡文件夹"


class CardUnreadableError(InvalidInputError):
    """The card folder exists but cannot be listed."""

    code = "card_unreadable"
    headline_zh = "无法读取存储卡文件夹"


class ImportFailedError(EvidenceStationError):
    """An import stopped on an unexpected error (not one file's problem); it was recorded ``failed``."""

    exit_code = 1
    code = "import_failed"
    headline_zh = "导入因意外错误而中止"
