"""Reading a choice (an enum value typed by a person) with an error that names the valid values in both
languages, and the ValueError the domain rules raise when they can say it in Chinese too."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Items, Msg, Said, value_and_label


class RuleError(ValueError):
    """A ValueError of a domain rule that says it in the reader's language: ``str(error)`` is English, ``msg``
    the sentence (a :class:`Msg`; a rule that still words it twice by hand gives English and Chinese)."""

    def __init__(self, message: str | Msg, message_zh: str | None = None) -> None:
        super().__init__(str(message))
        self.msg: Msg = message if isinstance(message, Msg) else Said(message, zh_CN=message_zh or "")

    @property
    def message_zh(self) -> str:
        """The sentence in Chinese (English when the rule has no Chinese for it)."""
        return self.msg.render("zh_CN")


def said_by(error: ValueError) -> Msg:
    """What ``error`` says, for the error raised in its place: a :class:`RuleError`'s sentence, else the English
    of any other ValueError."""
    return error.msg if isinstance(error, RuleError) else Said(str(error))


def input_error(error: ValueError) -> InvalidInputError:
    """The :class:`InvalidInputError` (exit 2) that says what a rule's ``error`` says, in every language."""
    return InvalidInputError(said_by(error))


def parse_choice(
    enum: type[StrEnum], text: str, what: Msg, labels: Mapping[Any, Msg] | None = None,
) -> StrEnum:
    """``text`` as a member of ``enum``; a :class:`RuleError` names the valid values of ``what`` otherwise.

    ``what`` names the choice in the reader's language; each valid value is shown with its label, from
    ``labels`` or else the member's own ``label`` (a :class:`Msg`).
    """
    try:
        return enum(text.strip().lower())
    except ValueError:
        table = labels or {}

        def shown(member: StrEnum) -> Msg | str:
            label = table.get(member) or getattr(member, "label", None)
            return value_and_label(member.value, label) if isinstance(label, Msg) else member.value

        valid = Items(shown(member) for member in enum)
        raise RuleError(Msg("Unknown {what} {text!r}; use one of: {valid}.", what=what, text=text,
                            valid=valid)) from None
