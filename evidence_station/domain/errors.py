"""Domain errors. Each carries the CLI exit code of ``../shared/docs/CLI.md``.

Exit codes: 1 a problem was found (verification failed, tamper), 2 bad usage or bad input,
3 permission refused (no role, no approval, wrong password), 4 not found, 5 the station service cannot be
reached.

Every error also speaks Chinese (the interface's default language): a raise site passes a
:class:`~evidence_station.domain.messages.Msg`, whose Chinese comes from the message catalogue (the older
form, an English string with ``message_zh``, still works while raise sites move over); otherwise
:meth:`EvidenceStationError.text_zh` puts the class's Chinese headline (``headline_zh``) before the English
detail, so a person always learns what kind of problem it is in Chinese.
"""

from __future__ import annotations

from evidence_station.domain.messages import Msg, Said


class EvidenceStationError(Exception):
    """Base class of every error the station reports to a person."""

    exit_code: int = 2
    code: str = "error"
    headline_zh: str = "操作未能完成"

    def __init__(self, message: str | Msg, *, message_zh: str | None = None) -> None:
        self.msg: Msg | None = message if isinstance(message, Msg) else None
        english = str(message)
        super().__init__(english)
        self.message = english
        if isinstance(message, Msg) and message_zh is None and message.translated("zh_CN"):
            message_zh = message.render("zh_CN")
        self.message_zh = message_zh

    @property
    def said(self) -> Msg:
        """The error's sentence as a :class:`Msg`, for another sentence or error that passes it on (rendered in
        the reader's language with it): the raise site's own, else its English with :meth:`text_zh`."""
        if self.msg is not None and self.msg.translated("zh_CN"):
            return self.msg
        return Said(self.message, zh_CN=self.text_zh())

    def text_zh(self) -> str:
        """The sentence in Chinese: the raise site's own, else the class headline with the English detail."""
        if self.message_zh:
            return self.message_zh
        return f"{self.headline_zh}。详情：{self.message}"


class InvalidInputError(EvidenceStationError):
    """The caller gave something that cannot be used (bad option, bad file, bad value)."""

    exit_code = 2
    code = "invalid_input"
    headline_zh = "输入有误，无法使用"


class PermissionDeniedError(EvidenceStationError):
    """The acting user may not do this (no role, no approval, no clearance)."""

    exit_code = 3
    code = "permission_denied"
    headline_zh = "没有权限执行此操作"


class AuthenticationError(PermissionDeniedError):
    """Wrong user name or password, or a locked account."""

    code = "authentication_failed"
    headline_zh = "用户名或密码错误，或账户不可用"


class AccountLockedError(AuthenticationError):
    """Too many failed log-ins: the account is locked until an administrator unlocks it."""

    code = "account_locked"
    headline_zh = "账户已被锁定"


class NotFoundError(EvidenceStationError):
    """The named thing (user, recording, request, case, file) does not exist."""

    exit_code = 4
    code = "not_found"
    headline_zh = "找不到所指定的对象"


class IntegrityProblemError(EvidenceStationError):
    """A check ran and found a problem (hash mismatch, broken audit chain)."""

    exit_code = 1
    code = "integrity_problem"
    headline_zh = "完整性检查发现问题"


class CatalogueAlteredError(IntegrityProblemError):
    """A decision was about to rely on catalogue rows that disagree with the audit log: refused, nothing done."""

    code = "catalogue_altered"
    headline_zh = "目录数据库与审计日志不符（已被篡改），操作被拒绝"


class OperationCancelledError(EvidenceStationError):
    """A long operation was cancelled by the user; nothing half-done was left behind."""

    exit_code = 1
    code = "cancelled"
    headline_zh = "操作已取消，未留下任何半成品"


class SchemaTooNewError(EvidenceStationError):
    """The catalogue was written by a newer version of the station than this one."""

    exit_code = 2
    code = "schema_too_new"
    headline_zh = "目录数据库由更新版本的程序创建"


class StationNotInitialisedError(EvidenceStationError):
    """The data folder holds no station yet (run ``init``)."""

    exit_code = 4
    code = "not_initialised"
    headline_zh = "数据目录尚未初始化工作站"


class SessionExpiredError(AuthenticationError):
    """The session token is unknown, expired, closed or revoked: log in again."""

    code = "session_expired"
    headline_zh = "会话已过期或已被注销，请重新登录"


class StationUnreachableError(EvidenceStationError):
    """The station service cannot be reached or refused the connection."""

    exit_code = 5
    code = "station_unreachable"
    headline_zh = "无法连接工作站服务"


class Sentence(str):
    """An English sentence (the string itself) that also carries the same sentence in Chinese (``zh``),
    for functions that return a reason rather than raise it."""

    zh: str

    def __new__(cls, english: str, zh: str) -> Sentence:
        text = super().__new__(cls, english)
        text.zh = zh
        return text


def chinese_of(text: str) -> str:
    """The Chinese of a :class:`Sentence`, else ``text`` itself."""
    return text.zh if isinstance(text, Sentence) else text
