"""Errors of reading a camera card: the card folder itself (missing, unreadable) and one file on it (read error,
changed since the scan, vanished). Raised where the card is read — by the client at the desk, or by the station
when it imports a folder it can read itself — and reported per file."""

from __future__ import annotations

from evidence_station.domain.errors import InvalidInputError, NotFoundError


class CardNotFoundError(NotFoundError):
    """The card folder does not exist or is not a folder."""

    code = "card_not_found"
    headline_zh = "找不到存储卡文件夹"


class CardUnreadableError(InvalidInputError):
    """The card folder exists but cannot be listed."""

    code = "card_unreadable"
    headline_zh = "无法读取存储卡文件夹"


class SourceError(InvalidInputError):
    """The source (usually a file on a camera card) could not be read as it was scanned."""

    code = "source_error"
    headline_zh = "无法按扫描时的状态读取存储卡上的文件"


class SourceReadError(SourceError):
    """Reading the source failed part-way (card pulled out, bad sector, I/O error)."""

    code = "source_read_failed"
    headline_zh = "读取存储卡上的文件时出错"


class SourceChangedError(SourceError):
    """The source is no longer what was scanned: other size, other file type, or became a link."""

    code = "source_changed"
    headline_zh = "存储卡上的文件在扫描后发生了变化"


class SourceVanishedError(SourceError):
    """The source file was there when the card was scanned and is gone now."""

    exit_code = 4
    code = "source_vanished"
    headline_zh = "存储卡上的文件在扫描后已不见"


class TransferCorruptedError(SourceError):
    """The bytes the station received differ from the bytes the desk read (their checksums differ)."""

    code = "transfer_corrupted"
    headline_zh = "工作站收到的数据与读取的数据不一致"


class TransferInterruptedError(SourceError):
    """The desk's transfer of a file broke off before all of its bytes (and their checksum) arrived."""

    code = "transfer_interrupted"
    headline_zh = "前端传输文件时中断"
