"""Reading a choice (an enum value typed by a person) with an error that names the valid values in both
languages, and the ValueError the domain rules raise when they can say it in Chinese too."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from evidence_station.domain.messages import Msg
from evidence_station.domain.messages import label as label_of


class RuleError(ValueError):
    """A ValueError of a domain rule that also says it in Chinese: ``str(error)`` is English, ``message_zh``
    the same sentence in Chinese (services pass both on to the error they raise)."""

    def __init__(self, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.message_zh = message_zh


def message_zh_of(error: BaseException) -> str | None:
    """The Chinese sentence a :class:`RuleError` carries (None for any other error)."""
    return getattr(error, "message_zh", None)


def parse_choice(
    enum: type[StrEnum], text: str, what: str, what_zh: str | None = None,
    labels: Mapping[Any, Msg] | None = None,
) -> StrEnum:
    """``text`` as a member of ``enum``; a :class:`RuleError` names the valid values of ``what`` otherwise.

    The Chinese sentence calls the choice ``what_zh`` and shows each value with its label in Chinese, from
    ``labels`` or else the member's own ``label_zh``.
    """
    try:
        return enum(text.strip().lower())
    except ValueError:
        table = labels or {}

        def shown(member: StrEnum) -> str:
            label = label_of(table, member, "zh_CN") if member in table else getattr(member, "label_zh", None)
            return f"{member.value}（{label}）" if label else member.value

        valid = ", ".join(member.value for member in enum)
        valid_zh = "、".join(shown(member) for member in enum)
        raise RuleError(f"Unknown {what} {text!r}; use one of: {valid}.",
                        f"无法识别的{what_zh or what}“{text}”；可选值：{valid_zh}。") from None
